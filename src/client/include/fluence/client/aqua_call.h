// Calling a compiled Aqua function on a Fluence network through a relay, as js-client does:
// the client peer serves the function's arguments (getDataSrv), takes its result
// (callbackSrv.response) or error (errorHandlingSrv.error), and starts the particle.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "fluence/core/ed25519.h"
#include "fluence/net/multiaddr.h"

namespace fluence::client {

struct AquaFunction {
  std::string air;                     // as compiled, with the client services above
  std::vector<std::string> arg_names;  // in declaration order
  std::size_t result_count = 0;
};

struct AquaCallOptions {
  net::Multiaddr relay;  // must end with /p2p/<relay peer id>
  Ed25519KeyPair key = Ed25519KeyPair::generate();
  std::uint32_t ttl_ms = 7000;  // js-client's default
};

// The function's result: the value for one result, an array for several, null for none.
// Throws fluence::Error with the script's error, or on timeout (the ttl) or connection failure.
boost::json::value call_aqua_function(const AquaFunction& function, const boost::json::array& args,
                                      const AquaCallOptions& options);

}  // namespace fluence::client
