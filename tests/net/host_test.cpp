// Two of our hosts on loopback: TCP and WebSocket, ping, identify, stream lifecycle.
#include "fluence/net/host.h"

#include <gtest/gtest.h>

#include "fluence/net/stream_io.h"
#include "test_util.h"

namespace fluence::net {
namespace {

using testing::run_task;
using testing::settle;

struct TwoHosts : ::testing::TestWithParam<bool> {
  asio::io_context io;
  HostPtr a = Host::create(io.get_executor(), {});
  HostPtr b = Host::create(io.get_executor(), {});
  Multiaddr b_addr;
  void SetUp() override {
    b_addr = b->listen(Multiaddr::parse(GetParam() ? "/ip4/127.0.0.1/tcp/0/ws" : "/ip4/127.0.0.1/tcp/0"));
  }
  void TearDown() override {
    a->shutdown();
    b->shutdown();
    settle(io, std::chrono::milliseconds(50));
  }
};

TEST_P(TwoHosts, DialAuthenticatesTheListener) {
  auto conn = run_task(io, a->dial(b_addr.with_peer_id(b->peer_id())));
  EXPECT_EQ(conn->remote_peer(), b->peer_id());
  settle(io, std::chrono::milliseconds(50));
  ASSERT_TRUE(b->connection_to(a->peer_id()));
}

TEST_P(TwoHosts, DialWithWrongPeerIdFails) {
  auto other = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key());
  EXPECT_THROW(run_task(io, a->dial(b_addr.with_peer_id(other))), std::exception);
  EXPECT_FALSE(a->connection_to(b->peer_id()));
}

TEST_P(TwoHosts, PingEchoes) {
  run_task(io, a->dial(b_addr));
  auto rtt = run_task(io, a->ping(b->peer_id()));
  EXPECT_GE(rtt.count(), 0);
}

TEST_P(TwoHosts, IdentifyReportsKeyProtocolsAndListenAddrs) {
  auto conn = run_task(io, a->dial(b_addr));
  auto msg = run_task(io, a->identify(conn));
  EXPECT_NE(std::find(msg.protocols.begin(), msg.protocols.end(), "/ipfs/ping/1.0.0"), msg.protocols.end());
  ASSERT_EQ(msg.listen_addrs.size(), 1u);
  EXPECT_EQ(Multiaddr::from_bytes(msg.listen_addrs[0]), b_addr);
  EXPECT_EQ(a->peer_info(b->peer_id())->addresses.at(0), b_addr);
}

TEST_P(TwoHosts, UnsupportedProtocolIsRefused) {
  run_task(io, a->dial(b_addr));
  EXPECT_THROW(run_task(io, a->new_stream(b->peer_id(), {"/nope/1.0.0"})), std::exception);
}

TEST_P(TwoHosts, ManyStreamsOpenedAndClosedLeaveNothingOpen) {
  b->set_handler("/echo/1.0.0", [](StreamPtr s) -> Task<void> {
    auto msg = co_await read_length_prefixed(*s, 1024);
    if (msg) co_await write_length_prefixed(*s, *msg);
    s->close_write();
  });
  auto conn = run_task(io, a->dial(b_addr));
  settle(io, std::chrono::milliseconds(100));
  run_task(io, [&]() -> Task<void> {
    const std::vector<std::string> echo{"/echo/1.0.0"};
    for (int i = 0; i < 200; ++i) {
      auto s = co_await a->new_stream(conn, echo);
      Bytes body = to_bytes("msg" + std::to_string(i));
      co_await write_length_prefixed(*s, body);
      s->close_write();
      auto back = co_await read_length_prefixed(*s, 1024);
      EXPECT_EQ(*back, body);
      EXPECT_FALSE(co_await read_length_prefixed(*s, 1024));
    }
  }());
  settle(io);
  EXPECT_EQ(conn->stream_count(), 0u);
  auto back = b->connection_to(a->peer_id());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stream_count(), 0u);
}

TEST_P(TwoHosts, LargeTransferRespectsFlowControl) {
  constexpr std::size_t kSize = 3 * 1024 * 1024 + 17;
  b->set_handler("/sink/1.0.0", [](StreamPtr s) -> Task<void> {
    std::size_t total = 0;
    Bytes buf(65536);
    for (;;) {
      auto n = co_await s->read_some(buf);
      if (n == 0) break;
      total += n;
    }
    co_await write_length_prefixed(*s, to_bytes(std::to_string(total)));
    s->close_write();
  });
  run_task(io, a->dial(b_addr));
  auto reply = run_task(io, [&]() -> Task<std::string> {
    const std::vector<std::string> sink{"/sink/1.0.0"};
    auto s = co_await a->new_stream(b->peer_id(), sink);
    Bytes data(kSize, 0x5a);
    co_await s->write(data);
    s->close_write();
    auto r = co_await read_length_prefixed(*s, 64);
    co_return std::string(as_chars(*r));
  }());
  EXPECT_EQ(reply, std::to_string(kSize));
}

TEST_P(TwoHosts, ShutdownClosesConnectionsOnBothSides) {
  run_task(io, a->dial(b_addr));
  settle(io, std::chrono::milliseconds(50));
  b->shutdown();
  settle(io);
  EXPECT_EQ(a->connection_count(), 0u);
  EXPECT_EQ(b->connection_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Transports, TwoHosts, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? std::string("WebSocket") : std::string("Tcp"); });

}  // namespace
}  // namespace fluence::net
