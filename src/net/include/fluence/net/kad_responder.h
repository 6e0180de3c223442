// The responder side of Kademlia RPCs (network.md §9.3) as a pure function of the routing
// table and in-memory record/provider stores: request in, optional answer out.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "fluence/net/kad_message.h"
#include "fluence/net/kad_lookup.h"
#include "fluence/net/kad_routing_table.h"

namespace fluence::net {

struct KadStoreLimits {
  std::size_t max_records = 4096;
  std::size_t max_value_size = 64 * 1024;
  std::size_t max_providers_per_key = 20;
  std::size_t max_provider_keys = 4096;
};

class KadResponder {
 public:
  KadResponder(KadRoutingTable& table, KadStoreLimits limits = {}) : table_(table), limits_(limits) {}

  // nullopt means "send nothing" (ADD_PROVIDER). `local_addrs` lists our own addresses for
  // answers that mention us (none do today; kept for provider records).
  std::optional<KadMessage> answer(const PeerId& from, const KadMessage& request);

  std::size_t record_count() const { return records_.size(); }
  std::size_t provider_count(const Bytes& key) const;

 private:
  std::vector<KadPeer> closer_peers(const Bytes& key, const PeerId& exclude) const;

  KadRoutingTable& table_;
  KadStoreLimits limits_;
  std::map<Bytes, KadRecord> records_;
  std::map<Bytes, std::vector<KadPeer>> providers_;
};

// KadPeer entries converted to lookup hints, skipping malformed ids and addresses.
std::vector<KadPeerHint> kad_hints(const std::vector<KadPeer>& peers);

}  // namespace fluence::net
