// Kademlia interop with @libp2p/kad-dht (server mode, /ipfs/kad/1.0.0): a js peer finds a third
// peer through ours, and ours finds a third peer through a js peer.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "fluence/net/kad_service.h"
#include "node_peer.h"
#include "test_util.h"

namespace fluence::net {
namespace {

using testing::NodePeer;
using testing::run_task;
using testing::settle;

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

struct OurKadPeer {
  HostPtr host;
  KadServicePtr kad;
  Multiaddr addr;
  OurKadPeer(asio::io_context& io, std::vector<Multiaddr> bootstrap = {}) {
    host = Host::create(io.get_executor(), {});
    addr = host->listen(Multiaddr::parse("/ip4/127.0.0.1/tcp/0")).with_peer_id(host->peer_id());
    KadConfig cfg;
    cfg.query_timeout = std::chrono::milliseconds(3000);
    cfg.bootstrap = std::move(bootstrap);
    kad = KadService::create(host, cfg);
  }
};

Multiaddr tcp_addr(const boost::json::object& info) {
  for (const auto& a : info.at("addrs").as_array()) {
    auto m = Multiaddr::parse(str(a));
    if (!m.is_websocket()) return m;
  }
  throw std::runtime_error("no tcp address");
}

TEST(KadInterop, JsFindsThirdPeerThroughOurs) {
  if (testing::interop_unavailable()) GTEST_SKIP() << "tests/interop/net/node_modules missing";
  asio::io_context io;
  OurKadPeer relay(io);
  OurKadPeer third(io, {relay.addr});
  run_task(io, third.kad->bootstrap());
  settle(io, std::chrono::milliseconds(300));
  ASSERT_NE(relay.kad->table().find(third.host->peer_id()), nullptr);

  NodePeer js(io, {"--dht"});
  run_task(io, js.read_json());
  auto dial = run_task(io, js.request("dial " + relay.addr.to_string()));
  ASSERT_TRUE(dial.at("ok").as_bool()) << boost::json::serialize(dial);
  settle(io, std::chrono::milliseconds(1500));  // identify → js routing table
  auto r = run_task(io, js.request("findpeer " + third.host->peer_id().to_base58()), std::chrono::seconds(30));
  ASSERT_TRUE(r.at("ok").as_bool()) << boost::json::serialize(r);
  EXPECT_EQ(str(r.at("id")), third.host->peer_id().to_base58());
  bool has_addr = false;
  for (const auto& a : r.at("addrs").as_array())
    if (Multiaddr::parse(str(a)).without_peer_id() == third.addr.without_peer_id()) has_addr = true;
  EXPECT_TRUE(has_addr) << boost::json::serialize(r);
  js.send("quit");
  relay.host->shutdown();
  third.host->shutdown();
}

TEST(KadInterop, OursFindsThirdPeerThroughJs) {
  if (testing::interop_unavailable()) GTEST_SKIP() << "tests/interop/net/node_modules missing";
  asio::io_context io;
  NodePeer js1(io, {"--dht"});
  auto info1 = run_task(io, js1.read_json());
  NodePeer js2(io, {"--dht"});
  auto info2 = run_task(io, js2.read_json());
  auto d = run_task(io, js2.request("dial " + tcp_addr(info1).to_string()));
  ASSERT_TRUE(d.at("ok").as_bool()) << boost::json::serialize(d);
  settle(io, std::chrono::milliseconds(1500));

  OurKadPeer ours(io, {tcp_addr(info1)});
  run_task(io, ours.kad->bootstrap(), std::chrono::seconds(30));
  auto target = PeerId::parse(str(info2.at("peerId")));
  auto addrs = run_task(io, ours.kad->find_peer(target), std::chrono::seconds(30));
  ASSERT_FALSE(addrs.empty());
  bool match = false;
  for (const auto& a : addrs)
    if (a.without_peer_id() == tcp_addr(info2).without_peer_id()) match = true;
  EXPECT_TRUE(match);
  // and the address found really reaches that peer
  auto conn = run_task(io, ours.host->dial(tcp_addr(info2)));
  EXPECT_EQ(conn->remote_peer(), target);
  js1.send("quit");
  js2.send("quit");
  ours.host->shutdown();
}

}  // namespace
}  // namespace fluence::net
