#include <gtest/gtest.h>

#include "fluence/core/error.h"
#include "fluence/net/identify.h"
#include "fluence/net/kad_message.h"
#include "fluence/net/protobuf.h"

namespace fluence::net {
namespace {

TEST(Identify, RoundTripKeepsAllFields) {
  IdentifyMessage m;
  m.public_key = {8, 1, 18, 0};
  m.listen_addrs = {{4, 127, 0, 0, 1, 6, 0, 1}};
  m.protocols = {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"};
  m.observed_addr = {4, 1, 2, 3, 4};
  m.protocol_version = "ipfs/0.1.0";
  m.agent_version = "fluence-cpp";
  auto d = IdentifyMessage::decode(m.encode());
  EXPECT_EQ(d.public_key, m.public_key);
  EXPECT_EQ(d.listen_addrs, m.listen_addrs);
  EXPECT_EQ(d.protocols, m.protocols);
  EXPECT_EQ(d.observed_addr, m.observed_addr);
  EXPECT_EQ(d.protocol_version, m.protocol_version);
  EXPECT_EQ(d.agent_version, m.agent_version);
}

TEST(Identify, TruncatedMessageIsRejected) {
  EXPECT_THROW(IdentifyMessage::decode(hex_decode("0a05010203")), Error);
}

TEST(Kad, FindNodeRoundTrip) {
  KadMessage m;
  m.type = KadType::kFindNode;
  m.key = {0, 1, 2};
  m.closer_peers.push_back({{0, 2, 8, 1}, {{4, 1, 2, 3, 4}}, KadConnection::kConnected});
  auto d = KadMessage::decode(m.encode());
  EXPECT_EQ(d.type, KadType::kFindNode);
  EXPECT_EQ(d.key, m.key);
  ASSERT_EQ(d.closer_peers.size(), 1u);
  EXPECT_EQ(d.closer_peers[0].id, m.closer_peers[0].id);
  EXPECT_EQ(d.closer_peers[0].addrs, m.closer_peers[0].addrs);
  EXPECT_EQ(d.closer_peers[0].connection, KadConnection::kConnected);
}

TEST(Kad, RecordExtensionsRoundTrip) {
  KadMessage m;
  m.type = KadType::kPutValue;
  m.record = KadRecord{{1}, {2}, "t", {3}, 60};
  auto d = KadMessage::decode(m.encode());
  ASSERT_TRUE(d.record);
  EXPECT_EQ(d.record->publisher, Bytes{3});
  EXPECT_EQ(d.record->ttl, 60u);
}

TEST(Kad, UnknownFieldsAreIgnoredAndBadTypeRejected) {
  // type FIND_NODE, clusterLevelRaw (field 10) = 9
  EXPECT_EQ(KadMessage::decode(hex_decode("08045009")).type, KadType::kFindNode);
  EXPECT_THROW(KadMessage::decode(hex_decode("0809")), Error);
}

TEST(Protobuf, WireTypeGroupIsRejected) {
  Bytes group = hex_decode("0b");  // the reader views these bytes
  ProtoReader r(group);
  ProtoField f;
  EXPECT_THROW(r.next(f), Error);
}

}  // namespace
}  // namespace fluence::net
