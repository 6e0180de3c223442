// `fluence node`: runs a libp2p peer (TCP and WebSocket listeners, Noise, yamux, identify,
// ping, Kademlia). Particles arrive with the node layer.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "commands.h"
#include "fluence/core/key_file.h"
#include "fluence/net/host.h"
#include "fluence/net/kad_service.h"

namespace fluence::cli {
namespace {

struct NodeOptions {
  std::vector<std::string> listen{"/ip4/0.0.0.0/tcp/7777", "/ip4/0.0.0.0/tcp/9999/ws"};
  std::vector<std::string> bootstrap;
  std::string key_file;
  std::string kad_protocol;
  std::string network;
  int idle_timeout_s = 600;
  std::size_t max_connections = 4096;
};

void run_node(const NodeOptions& o) {
  using namespace fluence::net;
  // Connection logs are part of this command's output: show them unless asked for less.
  if (spdlog::get_level() == spdlog::level::warn) spdlog::set_level(spdlog::level::info);

  HostConfig hc;
  if (!o.key_file.empty()) hc.identity = load_or_create_key_file(o.key_file);
  hc.idle_timeout = std::chrono::seconds(o.idle_timeout_s);
  hc.max_connections = o.max_connections;
  KadConfig kc;
  if (!o.kad_protocol.empty()) {
    kc.protocols = {o.kad_protocol};
  } else if (!o.network.empty()) {
    kc.protocols = {fluence_kad_protocol_id(o.network)};
  }
  for (const auto& b : o.bootstrap) kc.bootstrap.push_back(Multiaddr::parse(b));
  std::vector<Multiaddr> listen;
  for (const auto& l : o.listen) listen.push_back(Multiaddr::parse(l));

  asio::io_context io(1);
  auto host = Host::create(io.get_executor(), hc);
  auto kad = KadService::create(host, kc);
  boost::json::array addrs;
  for (const auto& l : listen) addrs.emplace_back(host->listen(l).with_peer_id(host->peer_id()).to_string());
  boost::json::object info;
  info["peer_id"] = host->peer_id().to_base58();
  info["listen"] = addrs;
  info["kad_protocols"] = boost::json::value_from(kc.protocols);
  std::cout << boost::json::serialize(info) << std::endl;
  kad->start();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("shutting down");
    kad->stop();
    host->shutdown();
    // Give GoAway frames a moment to leave, then stop.
    auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(300));
    timer->async_wait([&io, timer](const boost::system::error_code&) { io.stop(); });
  });
  io.run();
}

void add_node_commands(CLI::App& app) {
  auto* node = app.add_subcommand("node", "Run a libp2p peer: TCP/WebSocket, Noise, yamux, identify, ping, Kademlia");
  static NodeOptions opts;
  node->add_option("-l,--listen", opts.listen, "multiaddrs to listen on (/ip4|ip6/A/tcp/P[/ws]); port 0 picks one")
      ->capture_default_str();
  node->add_option("-b,--bootstrap", opts.bootstrap, "multiaddrs of bootstrap peers (/p2p/ID optional)");
  node->add_option("-k,--key", opts.key_file, "identity key file (base64 Ed25519 seed); created if missing, random key if omitted");
  node->add_option("--kad-protocol", opts.kad_protocol, "Kademlia protocol id (default /ipfs/kad/1.0.0)");
  node->add_option("--network", opts.network, "use /fluence/kad/NETWORK/1.0.0 (e.g. dar, stage, kras)");
  node->add_option("--idle-timeout", opts.idle_timeout_s, "seconds before a connection without streams is closed")
      ->capture_default_str();
  node->add_option("--max-connections", opts.max_connections, "global connection limit")->capture_default_str();
  node->callback([] { run_node(opts); });
}

const CommandRegistration kRegistration{40, add_node_commands};

}  // namespace
}  // namespace fluence::cli
