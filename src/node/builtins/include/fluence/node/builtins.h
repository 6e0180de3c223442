// The built-in services of aqua-lib's builtin.aqua that need nothing but the node itself
// (node.md §6): `op` (values) and `peer` (identity and clocks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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

}  // namespace fluence::node
