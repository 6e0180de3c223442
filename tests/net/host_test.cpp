// Two of our hosts on loopback: TCP and WebSocket, ping, identify, stream lifecycle.
#include "fluence/net/host.h"

#include <gtest/gtest.h>

#include "fluence/net/interface_addresses.h"
#include "fluence/net/stream_io.h"
#include "fluence/net/timeout.h"
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

namespace fluence::net {
namespace {

using testing::run_task;
using testing::settle;

TEST(ConnectionManager, NewProtocolIsAnnouncedByIdentifyPush) {
  asio::io_context io;
  auto a = Host::create(io.get_executor(), {});
  auto b = Host::create(io.get_executor(), {});
  auto addr = b->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0"));
  run_task(io, a->dial(addr));
  settle(io);
  b->set_handler("/late/1.0.0", [](StreamPtr) -> Task<void> { co_return; });
  settle(io);
  const auto* info = a->peer_info(b->peer_id());
  ASSERT_NE(info, nullptr);
  EXPECT_NE(std::find(info->protocols.begin(), info->protocols.end(), "/late/1.0.0"), info->protocols.end());
  a->shutdown();
  b->shutdown();
}

TEST(ConnectionManager, WildcardListenerAdvertisesInterfaceAddressesInIdentify) {
  asio::io_context io;
  HostPtr a = Host::create(io.get_executor(), {});
  HostPtr b = Host::create(io.get_executor(), {});
  auto bound = b->listen(Multiaddr::parse("/ip4/0.0.0.0/tcp/0"));
  EXPECT_EQ(bound.host(), "127.0.0.1");
  auto conn = run_task(io, a->dial(bound));
  auto msg = run_task(io, a->identify(conn));
  std::vector<std::string> advertised;
  for (const auto& bytes : msg.listen_addrs) advertised.push_back(*Multiaddr::from_bytes(bytes).host());
  std::vector<std::string> expected;
  for (const auto& ip : interface_addresses())
    if (ip.is_v4() && std::find(expected.begin(), expected.end(), ip.to_string()) == expected.end())
      expected.push_back(ip.to_string());
  std::sort(advertised.begin(), advertised.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(advertised, expected);
  EXPECT_EQ(std::count(advertised.begin(), advertised.end(), "0.0.0.0"), 0);
  a->shutdown();
  b->shutdown();
  settle(io, std::chrono::milliseconds(50));
}

TEST(ConnectionManager, IdleConnectionIsClosedAfterTimeout) {
  asio::io_context io;
  HostConfig cfg;
  cfg.idle_timeout = std::chrono::milliseconds(300);
  auto server = Host::create(io.get_executor(), cfg);
  auto addr = server->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0"));
  auto client = Host::create(io.get_executor(), {});
  run_task(io, client->dial(addr));
  settle(io, std::chrono::milliseconds(200));
  EXPECT_EQ(server->connection_count(), 1u);
  settle(io, std::chrono::milliseconds(2000));
  EXPECT_EQ(server->connection_count(), 0u);
  EXPECT_EQ(client->connection_count(), 0u);
  server->shutdown();
  client->shutdown();
}

TEST(ConnectionManager, FailedDialBacksOff) {
  asio::io_context io;
  // A port that was bound and released: nothing listens there.
  asio::ip::tcp::acceptor probe(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto port = probe.local_endpoint().port();
  probe.close();
  auto client = Host::create(io.get_executor(), {});
  auto addr = tcp_multiaddr("127.0.0.1", port);
  try {
    run_task(io, client->dial(addr));
    FAIL() << "dial to a closed port succeeded";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()).find("backing off"), std::string::npos);
  }
  try {
    run_task(io, client->dial(addr));
    FAIL() << "second dial succeeded";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("backing off"), std::string::npos) << e.what();
  }
  client->shutdown();
}

TEST(ConnectionManager, PerPeerLimitClosesExtraConnections) {
  asio::io_context io;
  HostConfig cfg;
  cfg.max_connections_per_peer = 2;
  auto server = Host::create(io.get_executor(), cfg);
  auto addr = server->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0"));
  auto key = Ed25519KeyPair::generate();
  run_task(io, [&]() -> Task<void> {
    for (int i = 0; i < 4; ++i) {
      auto bs = co_await dial_byte_stream(addr);
      auto conn = co_await upgrade_outbound(std::move(bs), key, std::nullopt);
      conn->start(nullptr, nullptr);
    }
  }());
  settle(io, std::chrono::milliseconds(300));
  EXPECT_EQ(server->connection_count(), 2u);
  server->shutdown();
}

}  // namespace
}  // namespace fluence::net

namespace fluence::net {
namespace {

TEST(ConnectionManager, TimeoutAbortsAWaitForAnAnswerThatNeverComes) {
  asio::io_context io;
  auto server = Host::create(io.get_executor(), {});
  auto addr = server->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0"));
  server->set_handler("/silent/1.0.0", [](StreamPtr s) -> Task<void> {
    Bytes buf(16);
    while (co_await s->read_some(buf) > 0) {
    }
  });
  auto client = Host::create(io.get_executor(), {});
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(testing::run_task(io, with_timeout(
                                         [&]() -> Task<int> {
                                           const std::vector<std::string> p{"/silent/1.0.0"};
                                           auto conn = co_await client->dial(addr);
                                           auto s = co_await client->new_stream(conn, p);
                                           co_await read_length_prefixed(*s, 100);
                                           co_return 1;
                                         }(),
                                         std::chrono::milliseconds(300), "silent")),
               Error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  client->shutdown();
  server->shutdown();
}

}  // namespace
}  // namespace fluence::net
