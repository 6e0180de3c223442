// The built-in services of aqua-lib's builtin.aqua that need nothing but the node itself
// (node.md §6): `op` (values) and `peer` (identity and clocks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fluence/core/ed25519.h"
#include "fluence/net/host.h"
#include "fluence/net/kad_service.h"
#include "fluence/node/service_dispatch.h"

namespace fluence::node {

struct PeerFacts {
  std::function<std::vector<std::string>()> external_addresses = [] { return std::vector<std::string>{}; };
  std::string node_version = "fluence-cpp/0.1.0";
  std::string air_version = "0.62.0";  // the AquaVM version our interpreter matches
  std::string spell_version = "";
  std::function<std::uint64_t()> now_ms;  // Unix ms; the system clock when empty
};

void add_op_builtins(ServiceDispatch& dispatch);
void add_peer_builtins(ServiceDispatch& dispatch, PeerFacts facts);

// `peer.is_connected`, `peer.get_contact`, `peer.timeout`, `kad.neighborhood`, `kad.merge`
// (§6.2, §6.3): what the node knows of the network. `kad` may be null (no Kademlia).
void add_network_builtins(ServiceDispatch& dispatch, std::weak_ptr<net::Host> host,
                          std::weak_ptr<net::KadService> kad);

// `debug.stringify` (§6.8), `math` (§6.9), `sig.get_peer_id` and `sig.verify` (§6.6) with the
// node's key.
void add_utility_builtins(ServiceDispatch& dispatch, const Ed25519KeyPair& key);

}  // namespace fluence::node
