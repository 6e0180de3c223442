// Malformed input at every layer closes that connection (or stream) and leaves the peer
// serving others; a peer holding 1 000 idle connections stays responsive.
#include <gtest/gtest.h>

#include "fluence/net/host.h"
#include "fluence/net/multistream.h"
#include "fluence/net/noise.h"
#include "fluence/net/stream_io.h"
#include "fluence/net/yamux.h"
#include "test_util.h"

namespace fluence::net {
namespace {

using testing::run_task;
using testing::settle;
using tcp = asio::ip::tcp;

struct Robustness : ::testing::Test {
  asio::io_context io;
  HostPtr server = Host::create(io.get_executor(), {});
  Multiaddr addr;
  void SetUp() override { addr = server->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0")); }
  void TearDown() override { server->shutdown(); }

  // Sends `bytes` on a raw socket and reports whether the server closed the socket.
  Task<bool> closed_after(Bytes bytes, std::function<Task<void>(tcp::socket&)> prelude = nullptr) {
    tcp::socket s(io);
    co_await s.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), *addr.tcp_port()), use_awaitable);
    if (prelude) co_await prelude(s);
    co_await asio::async_write(s, asio::buffer(bytes), use_awaitable);
    Bytes buf(4096);
    for (;;) {
      boost::system::error_code ec;
      co_await s.async_read_some(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
      if (ec) co_return true;
    }
  }

  // A fresh, well-behaved peer can still connect and ping.
  void expect_still_serving() {
    auto client = Host::create(io.get_executor(), {});
    run_task(io, client->dial(addr));
    EXPECT_GE(run_task(io, client->ping(server->peer_id())).count(), 0);
    client->shutdown();
  }
};

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST_F(Robustness, MalformedMultistreamLineClosesConnection) {
  Bytes bad = {0x05, 'h', 'e', 'l', 'l', 'o'};  // no newline
  EXPECT_TRUE(run_task(io, closed_after(bad)));
  EXPECT_TRUE(run_task(io, closed_after(multistream_encode("/not-multistream"))));
  expect_still_serving();
}

TEST_F(Robustness, MalformedNoiseMessageClosesConnection) {
  Bytes hello = concat({multistream_encode(kMultistreamId), multistream_encode("/noise")});
  Bytes garbage = {0x00, 0x05, 1, 2, 3, 4, 5};  // message 1 shorter than 32 bytes
  EXPECT_TRUE(run_task(io, closed_after(concat({hello, garbage}))));
  expect_still_serving();
}

// Performs the real upgrade by hand so that hostile yamux bytes can follow it.
Task<void> handshake(tcp::socket& s, const Ed25519KeyPair& key, NoiseCipher& send) {
  Bytes hello = concat({multistream_encode(kMultistreamId), multistream_encode("/noise")});
  co_await asio::async_write(s, asio::buffer(hello), use_awaitable);
  MultistreamReader ms;
  int answers = 0;
  Bytes buf(4096);
  NoiseFrameReader frames;
  while (answers < 2) {
    auto n = co_await s.async_read_some(asio::buffer(buf), use_awaitable);
    ms.feed(ByteView(buf).subspan(0, n));
    while (answers < 2 && ms.next()) ++answers;
  }
  frames.feed(ms.take_rest());
  NoiseHandshake hs(true, key);
  Bytes m1;
  append_noise_frame(m1, hs.write_message());
  co_await asio::async_write(s, asio::buffer(m1), use_awaitable);
  for (;;) {
    if (auto f = frames.next()) {
      hs.read_message(*f);
      break;
    }
    auto n = co_await s.async_read_some(asio::buffer(buf), use_awaitable);
    frames.feed(ByteView(buf).subspan(0, n));
  }
  Bytes m3;
  append_noise_frame(m3, hs.write_message());
  co_await asio::async_write(s, asio::buffer(m3), use_awaitable);
  send = hs.take_send_cipher();
  Bytes ct;
  send.encrypt({}, concat({multistream_encode(kMultistreamId), multistream_encode("/yamux/1.0.0")}), ct);
  Bytes frame;
  append_noise_frame(frame, ct);
  co_await asio::async_write(s, asio::buffer(frame), use_awaitable);
}

TEST_F(Robustness, MalformedYamuxHeaderClosesConnection) {
  auto key = Ed25519KeyPair::generate();
  NoiseCipher send;
  Bytes hostile;
  EXPECT_TRUE(run_task(io, [&]() -> Task<bool> {
    tcp::socket s(io);
    co_await s.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), *addr.tcp_port()), use_awaitable);
    co_await handshake(s, key, send);
    Bytes bad_header = {0x07, 0x00, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};  // version 7
    Bytes ct;
    send.encrypt({}, bad_header, ct);
    Bytes frame;
    append_noise_frame(frame, ct);
    co_await asio::async_write(s, asio::buffer(frame), use_awaitable);
    Bytes buf(4096);
    for (;;) {
      boost::system::error_code ec;
      co_await s.async_read_some(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
      if (ec) co_return true;
    }
  }()));
  expect_still_serving();
}

TEST_F(Robustness, GarbageAfterHandshakeFailsDecryptionAndCloses) {
  auto key = Ed25519KeyPair::generate();
  NoiseCipher send;
  EXPECT_TRUE(run_task(io, closed_after(Bytes{0x00, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                              18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
                                        [&](tcp::socket& s) -> Task<void> { co_await handshake(s, key, send); })));
  expect_still_serving();
}

TEST_F(Robustness, MalformedProtobufResetsOnlyTheStream) {
  auto client = Host::create(io.get_executor(), {});
  auto conn = run_task(io, client->dial(addr));
  auto stream = run_task(io, client->new_stream(conn, {std::string(kIdentifyPushProtocolId)}));
  Bytes bad = {0x05, 0x0a, 0xff, 0x01, 0x02, 0x03};  // field 1 claims 255 bytes
  run_task(io, stream->write(bad));
  stream->close_write();
  settle(io);
  EXPECT_FALSE(conn->closed());
  EXPECT_GE(run_task(io, client->ping(server->peer_id())).count(), 0);
  client->shutdown();
}

TEST_F(Robustness, ThousandIdleConnectionsKeepPeerResponsive) {
  std::vector<HostPtr> clients;
  for (int i = 0; i < 1000; ++i) clients.push_back(Host::create(io.get_executor(), HostConfig{.identify_on_connect = false}));
  run_task(io, [&]() -> Task<void> {
    for (auto& c : clients) co_await c->dial(addr);
  }(), std::chrono::seconds(120));
  settle(io, std::chrono::milliseconds(300));
  EXPECT_EQ(server->connection_count(), 1000u);
  auto probe = Host::create(io.get_executor(), {});
  auto start = std::chrono::steady_clock::now();
  run_task(io, probe->dial(addr));
  auto rtt = run_task(io, probe->ping(server->peer_id()));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(rtt.count(), 0);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  probe->shutdown();
  for (auto& c : clients) c->shutdown();
  settle(io, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace fluence::net
