// Interop with js-libp2p (versions pinned as js-client 0.9.0 uses): both directions, TCP and
// WebSocket; ping, identify, and 200 streams leaving nothing open on either side.
#include <gtest/gtest.h>

#include "fluence/net/host.h"
#include "fluence/net/stream_io.h"
#include "node_peer.h"
#include "test_util.h"

namespace fluence::net {
namespace {

using testing::NodePeer;
using testing::run_task;
using testing::settle;

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

struct JsInterop : ::testing::TestWithParam<bool> {
  asio::io_context io;
  HostPtr ours;
  std::unique_ptr<NodePeer> js;
  boost::json::object js_info;
  Multiaddr our_addr;

  void SetUp() override {
    if (testing::interop_unavailable()) GTEST_SKIP() << "tests/interop/net/node_modules missing (run scripts/install-interop.sh)";
    ours = Host::create(io.get_executor(), {});
    ours->set_handler("/echo/1.0.0", [](StreamPtr s) -> Task<void> {
      Bytes all;
      Bytes buf(4096);
      for (;;) {
        auto n = co_await s->read_some(buf);
        if (n == 0) break;
        all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
      }
      co_await s->write(all);
      s->close_write();
    });
    our_addr = ours->listen(Multiaddr::parse(websocket() ? "/ip4/127.0.0.1/tcp/0/ws" : "/ip4/127.0.0.1/tcp/0"));
    js = std::make_unique<NodePeer>(io, std::vector<std::string>{});
    js_info = run_task(io, js->read_json());
  }
  void TearDown() override {
    if (ours) ours->shutdown();
    if (js) {
      js->send("quit");
      js.reset();
    }
  }
  bool websocket() const { return GetParam(); }
  std::string our_full_addr() const { return our_addr.with_peer_id(ours->peer_id()).to_string(); }
  Multiaddr js_addr() const {
    for (const auto& a : js_info.at("addrs").as_array()) {
      auto m = Multiaddr::parse(str(a));
      if (m.is_websocket() == websocket()) return m;
    }
    throw std::runtime_error("js peer has no matching address");
  }
  boost::json::object ask(const std::string& line) {
    auto r = run_task(io, js->request(line), std::chrono::seconds(30));
    EXPECT_TRUE(r.at("ok").as_bool()) << boost::json::serialize(r);
    return r;
  }
};

TEST_P(JsInterop, JsDialsOursAndAuthenticatesIt) {
  auto r = ask("dial " + our_full_addr());
  EXPECT_EQ(str(r.at("remotePeer")), ours->peer_id().to_base58());
  settle(io);
  EXPECT_TRUE(ours->connection_to(PeerId::parse(str(js_info.at("peerId")))));
}

TEST_P(JsInterop, JsPingsOurs) {
  auto r = ask("ping " + our_full_addr());
  EXPECT_GE(r.at("rtt").to_number<double>(), 0.0);
}

TEST_P(JsInterop, JsIdentifiesOurs) {
  auto r = ask("identify " + our_full_addr());
  EXPECT_EQ(str(r.at("peerId")), ours->peer_id().to_base58());
  std::vector<std::string> protocols;
  for (const auto& p : r.at("protocols").as_array()) protocols.push_back(str(p));
  for (const char* p : {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/echo/1.0.0"})
    EXPECT_NE(std::find(protocols.begin(), protocols.end(), p), protocols.end()) << p;
  ASSERT_EQ(r.at("listenAddrs").as_array().size(), 1u);
  EXPECT_EQ(Multiaddr::parse(str(r.at("listenAddrs").as_array()[0])).without_peer_id(), our_addr);
  EXPECT_EQ(str(r.at("agentVersion")), ours->config().agent_version);
}

TEST_P(JsInterop, JsOpensAndCloses200StreamsLeavingNothingOpen) {
  auto r = ask("streams " + our_full_addr() + " 200");
  EXPECT_EQ(r.at("echoed").as_int64(), 200);
  EXPECT_EQ(r.at("openStreams").as_int64(), 0) << "streams left open on the js side";
  settle(io, std::chrono::milliseconds(300));
  auto conn = ours->connection_to(PeerId::parse(str(js_info.at("peerId"))));
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->stream_count(), 0u) << "streams left open on our side";
}

TEST_P(JsInterop, OursDialsJsAndPingsAndIdentifies) {
  auto js_peer = PeerId::parse(str(js_info.at("peerId")));
  auto conn = run_task(io, ours->dial(js_addr()));
  EXPECT_EQ(conn->remote_peer(), js_peer);
  auto rtt = run_task(io, ours->ping(js_peer));
  EXPECT_GE(rtt.count(), 0);
  auto id = run_task(io, ours->identify(conn));
  EXPECT_NE(std::find(id.protocols.begin(), id.protocols.end(), "/ipfs/ping/1.0.0"), id.protocols.end());
  EXPECT_FALSE(id.listen_addrs.empty());
}

TEST_P(JsInterop, OursOpensAndCloses200StreamsToJsLeavingNothingOpen) {
  auto js_peer = PeerId::parse(str(js_info.at("peerId")));
  auto conn = run_task(io, ours->dial(js_addr()));
  int ok = run_task(io, [&]() -> Task<int> {
    int good = 0;
    const std::vector<std::string> echo{"/echo/1.0.0"};
    for (int i = 0; i < 200; ++i) {
      auto s = co_await ours->new_stream(conn, echo);
      Bytes msg = to_bytes("hello " + std::to_string(i));
      co_await s->write(msg);
      s->close_write();
      Bytes back;
      Bytes buf(256);
      for (;;) {
        auto n = co_await s->read_some(buf);
        if (n == 0) break;
        back.insert(back.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
      }
      if (back == msg) ++good;
    }
    co_return good;
  }(), std::chrono::seconds(60));
  EXPECT_EQ(ok, 200);
  settle(io, std::chrono::milliseconds(300));
  EXPECT_EQ(conn->stream_count(), 0u);
  auto r = ask("conns");
  bool found = false;
  for (const auto& c : r.at("connections").as_array()) {
    if (str(c.at("peer")) == ours->peer_id().to_base58()) {
      found = true;
      EXPECT_EQ(c.at("streams").as_int64(), 0) << "streams left open on the js side";
    }
  }
  EXPECT_TRUE(found);
  (void)js_peer;
}

INSTANTIATE_TEST_SUITE_P(Transports, JsInterop, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? std::string("WebSocket") : std::string("Tcp"); });

}  // namespace
}  // namespace fluence::net
