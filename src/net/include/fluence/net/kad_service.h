// KadService: Kademlia on a Host (network.md §9): serves the configured kad protocol ids,
// keeps the routing table fed from identify and successful queries, runs iterative lookups
// with alpha parallelism, bootstraps from configured peers and refreshes periodically.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "fluence/net/host.h"
#include "fluence/net/kad_discovery_ban.h"
#include "fluence/net/kad_lookup.h"
#include "fluence/net/kad_message.h"
#include "fluence/net/kad_responder.h"

namespace fluence::net {

struct KadConfig {
  // Served and advertised; the first is used for outbound queries. "/ipfs/kad/1.0.0" by
  // default; fluence_kad_protocol_id("dar") for a nox network.
  std::vector<std::string> protocols{std::string(kKadIpfsProtocolId)};
  std::size_t k = 20;
  std::size_t alpha = 3;
  std::chrono::milliseconds query_timeout{3000};  // nox's value (§9.1)
  std::chrono::milliseconds refresh_interval{std::chrono::minutes(5)};
  std::size_t refresh_buckets = 16;  // random-key lookups per refresh
  std::vector<Multiaddr> bootstrap;
};

class KadService : public std::enable_shared_from_this<KadService> {
 public:
  KadService(HostPtr host, KadConfig config);
  static std::shared_ptr<KadService> create(HostPtr host, KadConfig config);

  // Dials the bootstrap peers, looks up our own id, then refreshes the buckets.
  Task<void> bootstrap();
  // Starts the periodic refresh (and a first bootstrap when bootstrap peers are configured).
  void start();
  void stop();

  // Iterative GET_CLOSEST_PEERS: the k closest peers to SHA-256(key) that answered.
  Task<std::vector<KadCandidate>> find_closest(const Bytes& key);
  // Addresses of `peer`: from the table, else by a lookup of at most 2 × query_timeout.
  // Empty if not found; after 3 failed discoveries a peer is not looked up for 60 s (§9.3).
  Task<std::vector<Multiaddr>> find_peer(const PeerId& peer);
  // One FIND_NODE RPC to `peer` (dialing `addrs` if needed); returns its closer peers.
  Task<std::vector<KadPeerHint>> find_node_rpc(const PeerId& peer, const std::vector<Multiaddr>& addrs,
                                               const Bytes& key);

  // True while discovery of `peer` is banned after repeated failures.
  bool discovery_banned(const PeerId& peer) { return discovery_ban_.banned(peer, KadClock::now()); }
  KadRoutingTable& table() { return table_; }
  const KadConfig& config() const { return config_; }

 private:
  void install();
  Task<void> serve(StreamPtr stream);
  Task<void> refresh_loop();
  Task<KadMessage> rpc(const PeerId& peer, const std::vector<Multiaddr>& addrs, KadMessage request);

  HostPtr host_;
  KadConfig config_;
  KadRoutingTable table_;
  KadResponder responder_;
  KadDiscoveryBan discovery_ban_;
  std::unique_ptr<asio::steady_timer> refresh_timer_;
  bool stopped_ = false;
};

using KadServicePtr = std::shared_ptr<KadService>;

}  // namespace fluence::net
