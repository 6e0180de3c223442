#include "fluence/node/service_dispatch.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "fluence/core/error.h"

namespace fluence::node {

air::CallServiceResult call_ok(const boost::json::value& value) { return {0, boost::json::serialize(value)}; }

air::CallServiceResult call_unit() { return {0, "\"\""}; }

air::CallServiceResult call_error(const std::string& message) {
  return {1, boost::json::serialize(boost::json::value(boost::json::string(message)))};
}

void ServiceDispatch::add_function(const std::string& service_id, const std::string& function_name,
                                   CallHandler handler) {
  functions_[{service_id, function_name}] = std::move(handler);
}

void ServiceDispatch::add_service(const std::string& service_id, CallHandler handler) {
  services_[service_id] = std::move(handler);
}

net::Task<air::CallServiceResult> ServiceDispatch::execute(const CallContext& call) const {
  const CallHandler* handler = nullptr;
  if (auto f = functions_.find({call.request.service_id, call.request.function_name}); f != functions_.end()) {
    handler = &f->second;
  } else if (auto s = services_.find(call.request.service_id); s != services_.end()) {
    handler = &s->second;
  }
  if (!handler) {
    co_return call_error("Service with id '" + call.request.service_id + "' not found (function " +
                         call.request.function_name + ")");
  }
  try {
    co_return co_await (*handler)(call);
  } catch (const Error& e) {
    co_return call_error(e.what());
  }
}

}  // namespace fluence::node
