// ServiceDispatch: finds what executes a call request of a particle (node.md §4.1): exact
// (service, function) handlers first — the builtins — then whole services by id.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>

#include <boost/json/array.hpp>

#include "fluence/air/call_request_codec.h"
#include "fluence/net/asio.h"
#include "fluence/node/particle.h"

namespace fluence::node {

// What a handler sees of the call: the request and the particle it belongs to.
struct CallContext {
  const air::CallRequest& request;
  const Particle& particle;  // immutable fields; data is the latest the node saw
};

using CallHandler = std::function<net::Task<air::CallServiceResult>(const CallContext&)>;

// A successful result carrying a JSON value; "" (unit) for nothing (node.md §4.2).
air::CallServiceResult call_ok(const boost::json::value& value);
air::CallServiceResult call_unit();
// ret_code 1 and the message as a JSON string.
air::CallServiceResult call_error(const std::string& message);

class ServiceDispatch {
 public:
  void add_function(const std::string& service_id, const std::string& function_name, CallHandler handler);
  void add_service(const std::string& service_id, CallHandler handler);

  // Never throws: a handler's fluence::Error becomes an error result with its message.
  net::Task<air::CallServiceResult> execute(const CallContext& call) const;

 private:
  std::map<std::pair<std::string, std::string>, CallHandler> functions_;
  std::map<std::string, CallHandler> services_;
};

}  // namespace fluence::node
