// `peer`: who this node is and what time it is (node.md §6.2).
#include <chrono>

#include "fluence/node/builtins.h"

namespace fluence::node {

void add_peer_builtins(ServiceDispatch& d, PeerFacts facts) {
  if (!facts.now_ms) {
    facts.now_ms = [] {
      return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
    };
  }
  auto now_ms = facts.now_ms;
  d.add_function("peer", "timestamp_ms", [now_ms](const CallContext&) -> net::Task<air::CallServiceResult> {
    co_return call_ok(boost::json::value(now_ms()));
  });
  d.add_function("peer", "timestamp_sec", [now_ms](const CallContext&) -> net::Task<air::CallServiceResult> {
    co_return call_ok(boost::json::value(now_ms() / 1000));
  });
  d.add_function("peer", "identify", [facts](const CallContext&) -> net::Task<air::CallServiceResult> {
    boost::json::array addresses;
    for (const auto& a : facts.external_addresses()) addresses.push_back(boost::json::value(a));
    co_return call_ok(boost::json::object{{"external_addresses", addresses},
                                          {"node_version", facts.node_version},
                                          {"air_version", facts.air_version},
                                          {"spell_version", facts.spell_version},
                                          {"allowed_binaries", boost::json::array{}},
                                          {"vm_info", nullptr}});
  });
}

}  // namespace fluence::node
