// Host: a libp2p peer. Listens and dials over TCP and WebSocket, upgrades connections,
// dispatches inbound streams to protocol handlers, serves identify and ping, and manages
// connections (dial timeouts and backoff, keep-alive, limits, idle timeouts, shutdown).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fluence/core/ed25519.h"
#include "fluence/net/connection.h"
#include "fluence/net/identify.h"
#include "fluence/net/upgrade.h"

namespace fluence::net {

inline constexpr std::string_view kPingProtocolId = "/ipfs/ping/1.0.0";

struct HostConfig {
  Ed25519KeyPair identity = Ed25519KeyPair::generate();
  std::string agent_version = "fluence-cpp/0.1.0";
  std::string protocol_version = "ipfs/0.1.0";
  std::chrono::milliseconds dial_timeout{10000};
  std::chrono::milliseconds upgrade_timeout{10000};
  std::chrono::milliseconds stream_negotiation_timeout{10000};
  // Connections without streams are closed after this long; generous for clients (§11.2).
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds keepalive_interval{std::chrono::seconds(15)};
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{std::chrono::minutes(1)};
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_peer = 5;
  std::size_t max_inbound_streams_per_connection = 1000;
  bool identify_on_connect = true;
};

struct PeerInfo {
  std::vector<Multiaddr> addresses;
  std::vector<std::string> protocols;
  std::string agent_version;
};

class Host : public std::enable_shared_from_this<Host> {
 public:
  using StreamHandler = std::function<Task<void>(StreamPtr)>;
  using ConnectionEvent = std::function<void(const ConnectionPtr&)>;
  using IdentifyEvent = std::function<void(const PeerId&, const IdentifyMessage&)>;

  // Always held by shared_ptr (coroutines keep the host alive); use create().
  Host(asio::any_io_executor ex, HostConfig config);
  static std::shared_ptr<Host> create(asio::any_io_executor ex, HostConfig config);

  const PeerId& peer_id() const { return peer_id_; }
  const Ed25519KeyPair& identity() const { return config_.identity; }
  const HostConfig& config() const { return config_; }
  asio::any_io_executor executor() const { return ex_; }

  // Registers a handler for inbound streams of `protocol` (advertised in identify). A new
  // protocol added while connections exist is announced to them by identify push.
  void set_handler(const std::string& protocol, StreamHandler handler);
  // Sends our identify to `conn` over /ipfs/id/push/1.0.0.
  Task<void> push_identify(ConnectionPtr conn);
  std::vector<std::string> protocols() const;

  // Binds a listener (/ip4|ip6/.../tcp/P[/ws]); port 0 picks one. Returns the bound address.
  Multiaddr listen(const Multiaddr& address);
  const std::vector<Multiaddr>& listen_addresses() const { return listen_addrs_; }

  // Connects (or reuses a connection) to the address; its /p2p part, if present, must match.
  Task<ConnectionPtr> dial(const Multiaddr& address);
  // A connection to `peer`: an existing one, else dials its known addresses.
  Task<ConnectionPtr> connect(const PeerId& peer);
  // Opens a stream to `peer` and negotiates one of `protocols`.
  Task<StreamPtr> new_stream(const PeerId& peer, const std::vector<std::string>& protocols);
  Task<StreamPtr> new_stream(const ConnectionPtr& conn, const std::vector<std::string>& protocols);

  // Round trip of a 32-byte /ipfs/ping/1.0.0 exchange.
  Task<std::chrono::microseconds> ping(const PeerId& peer);
  // Requests /ipfs/id/1.0.0 on the connection.
  Task<IdentifyMessage> identify(const ConnectionPtr& conn);

  ConnectionPtr connection_to(const PeerId& peer) const;
  std::vector<ConnectionPtr> connections() const;
  std::size_t connection_count() const { return connections_.size(); }

  void add_addresses(const PeerId& peer, const std::vector<Multiaddr>& addrs);
  const PeerInfo* peer_info(const PeerId& peer) const;

  void on_connected(ConnectionEvent cb) { connected_cbs_.push_back(std::move(cb)); }
  void on_disconnected(ConnectionEvent cb) { disconnected_cbs_.push_back(std::move(cb)); }
  void on_identify(IdentifyEvent cb) { identify_cbs_.push_back(std::move(cb)); }

  // Closes listeners and connections (GoAway first).
  void shutdown();
  bool stopped() const { return stopped_; }

 private:
  void install_builtin_handlers();
  Task<void> accept_loop(std::shared_ptr<asio::ip::tcp::acceptor> acceptor, bool websocket);
  Task<void> handle_inbound_socket(asio::ip::tcp::socket socket, bool websocket);
  void adopt(const ConnectionPtr& conn);
  void handle_stream(StreamPtr stream);
  Task<void> serve_stream(StreamPtr stream);
  Task<void> run_identify(ConnectionPtr conn);
  Task<void> maintenance_loop();
  IdentifyMessage own_identify(const Connection& conn) const;
  UpgradeOptions upgrade_options() const;

  asio::any_io_executor ex_;
  HostConfig config_;
  PeerId peer_id_;
  std::shared_ptr<const NoiseStaticIdentity> noise_static_;  // shared by all our handshakes
  std::map<std::string, StreamHandler> handlers_;
  std::vector<std::shared_ptr<asio::ip::tcp::acceptor>> acceptors_;
  std::vector<Multiaddr> listen_addrs_;
  std::multimap<PeerId, ConnectionPtr> connections_;
  std::map<PeerId, PeerInfo> peers_;
  struct Backoff {
    std::chrono::steady_clock::time_point until;
    std::chrono::milliseconds delay{0};
  };
  std::map<std::string, Backoff> backoff_;
  std::vector<ConnectionEvent> connected_cbs_, disconnected_cbs_;
  std::vector<IdentifyEvent> identify_cbs_;
  std::unique_ptr<asio::steady_timer> maintenance_timer_;
  bool stopped_ = false;
  bool maintenance_started_ = false;
};

using HostPtr = std::shared_ptr<Host>;

}  // namespace fluence::net
