// SecurityTetraplet: where a value came from (peer, service, function, lens), air.md §5.5.
#pragma once

#include <string>

namespace fluence::air {

struct SecurityTetraplet {
  std::string peer_pk;
  std::string service_id;
  std::string function_name;
  std::string lens;
  bool operator==(const SecurityTetraplet&) const = default;
};

}  // namespace fluence::air
