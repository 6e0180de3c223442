// `fluence node`: runs a Fluence peer: libp2p (TCP and WebSocket listeners, Noise, yamux,
// identify, ping, Kademlia) carrying particles, which it executes with the AIR interpreter and
// the builtins, and forwards (node.md §2).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "commands.h"
#include "fluence/core/error.h"
#include "fluence/core/key_file.h"
#include "fluence/node/node.h"

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
  std::vector<std::string> services;  // ID=PATH
};

void run_node(const NodeOptions& o) {
  using namespace fluence::net;
  // Connection logs are part of this command's output: show them unless asked for less.
  if (spdlog::get_level() == spdlog::level::warn) spdlog::set_level(spdlog::level::info);

  node::NodeConfig config;
  if (!o.key_file.empty()) config.host.identity = load_or_create_key_file(o.key_file);
  config.host.idle_timeout = std::chrono::seconds(o.idle_timeout_s);
  config.host.max_connections = o.max_connections;
  if (!o.kad_protocol.empty()) {
    config.kad.protocols = {o.kad_protocol};
  } else if (!o.network.empty()) {
    config.kad.protocols = {fluence_kad_protocol_id(o.network)};
  }
  for (const auto& b : o.bootstrap) config.kad.bootstrap.push_back(Multiaddr::parse(b));
  for (const auto& l : o.listen) config.listen.push_back(Multiaddr::parse(l));
  for (const auto& s : o.services) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      throw Error(ErrorKind::kInvalidInput, "--service expects ID=PATH (a .wasm module or a service .toml), got '" + s + "'");
    }
    config.marine_services.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }

  asio::io_context io(1);
  auto peer = node::Node::create(io.get_executor(), config);
  boost::json::array addrs;
  for (const auto& a : peer->addresses()) addrs.emplace_back(a.to_string());
  boost::json::object info;
  info["peer_id"] = peer->peer_id().to_base58();
  info["listen"] = addrs;
  info["kad_protocols"] = boost::json::value_from(config.kad.protocols);
  std::cout << boost::json::serialize(info) << std::endl;
  peer->start();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("shutting down");
    peer->shutdown();
    // Give GoAway frames a moment to leave, then stop.
    auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(300));
    timer->async_wait([&io, timer](const boost::system::error_code&) { io.stop(); });
  });
  io.run();
}

void add_node_commands(CLI::App& app) {
  auto* node = app.add_subcommand("node", "Run a Fluence peer: libp2p (TCP/WebSocket, Noise, yamux, identify, ping, Kademlia), particles, builtins");
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
  node->add_option("-s,--service", opts.services,
                   "deploy a Marine service at start: ID=PATH, PATH a module (.wasm) or a service config (.toml)");
  node->callback([] { run_node(opts); });
}

const CommandRegistration kRegistration{40, add_node_commands};

}  // namespace
}  // namespace fluence::cli
