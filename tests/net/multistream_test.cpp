#include "fluence/net/multistream.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

TEST(Multistream, MessagesAreVarintPrefixedWithNewline) {
  EXPECT_EQ(hex_encode(multistream_encode("/noise")), "072f6e6f6973650a");
  EXPECT_EQ(multistream_encode(kMultistreamId).size(), 20u);
  EXPECT_EQ(multistream_encode(kMultistreamId)[0], 19);
  EXPECT_EQ(hex_encode(multistream_encode("na")), "036e610a");
}

TEST(Multistream, DialerAndListenerAgreeOnSupportedProtocol) {
  MultistreamDialer d({"/yamux/1.0.0"});
  MultistreamListener l({"/mplex/6.7.0", "/yamux/1.0.0"});
  auto reply = l.receive(d.start());
  ASSERT_TRUE(l.done());
  EXPECT_EQ(l.protocol(), "/yamux/1.0.0");
  EXPECT_TRUE(d.receive(reply).empty());
  ASSERT_TRUE(d.done());
  EXPECT_EQ(d.protocol(), "/yamux/1.0.0");
}

TEST(Multistream, ListenerAnswersNaAndDialerTriesNext) {
  MultistreamDialer d({"/a", "/b"});
  MultistreamListener l({"/b"});
  auto r1 = l.receive(d.start());
  EXPECT_FALSE(l.done());
  auto p2 = d.receive(r1);
  EXPECT_EQ(p2, multistream_encode("/b"));
  auto r2 = l.receive(p2);
  EXPECT_TRUE(l.done());
  d.receive(r2);
  EXPECT_EQ(d.protocol(), "/b");
}

TEST(Multistream, DialerFailsWhenEverythingRefused) {
  MultistreamDialer d({"/a"});
  MultistreamListener l({"/b"});
  EXPECT_THROW(d.receive(l.receive(d.start())), Error);
}

TEST(Multistream, ListenerAnswersLsWithList) {
  MultistreamListener l({"/a", "/bc"});
  Bytes in = multistream_encode(kMultistreamId);
  auto ls = multistream_encode("ls");
  in.insert(in.end(), ls.begin(), ls.end());
  auto out = l.receive(in);
  Bytes expected = multistream_encode(kMultistreamId);
  Bytes list = {0x0a, 0x03, '/', 'a', '\n', 0x04, '/', 'b', 'c', '\n', '\n'};
  expected.insert(expected.end(), list.begin(), list.end());
  EXPECT_EQ(out, expected);
  EXPECT_FALSE(l.done());
}

TEST(Multistream, PipelinedDataAfterProposalIsKept) {
  MultistreamListener l({"/p"});
  Bytes in = MultistreamDialer({"/p"}).start();
  in.push_back(0xAB);
  in.push_back(0xCD);
  l.receive(in);
  ASSERT_TRUE(l.done());
  EXPECT_EQ(l.take_rest(), (Bytes{0xAB, 0xCD}));
}

TEST(Multistream, ByteAtATimeInputWorks) {
  MultistreamListener l({"/p"});
  Bytes in = MultistreamDialer({"/p"}).start();
  Bytes out;
  for (auto b : in) {
    auto r = l.receive(ByteView(&b, 1));
    out.insert(out.end(), r.begin(), r.end());
  }
  EXPECT_TRUE(l.done());
  MultistreamDialer d({"/p"});
  d.start();
  d.receive(out);
  EXPECT_TRUE(d.done());
}

TEST(Multistream, WrongHeaderIsProtocolError) {
  MultistreamListener l({"/p"});
  EXPECT_THROW(l.receive(multistream_encode("/multistream/2.0.0")), Error);
}

TEST(Multistream, MissingNewlineIsProtocolError) {
  MultistreamListener l({"/p"});
  Bytes bad = {0x03, 'a', 'b', 'c'};
  EXPECT_THROW(l.receive(bad), Error);
}

TEST(Multistream, OversizedMessageIsProtocolError) {
  MultistreamListener l({"/p"});
  Bytes bad = {0x81, 0x08};  // 1025
  EXPECT_THROW(l.receive(bad), Error);
  MultistreamListener l2({"/p"});
  Bytes bad2 = {0x80, 0x80, 0x80};
  EXPECT_THROW(l2.receive(bad2), Error);
}

}  // namespace
}  // namespace fluence::net
