#include "fluence/node/marine_services.h"

#include "fluence/core/error.h"
#include "fluence/marine/service_config.h"

namespace fluence::node {

std::shared_ptr<marine::Service> load_marine_service(const std::string& path) {
  if (path.size() > 5 && path.substr(path.size() - 5) == ".toml") {
    return std::make_shared<marine::Service>(marine::load_service_config(path));
  }
  return std::shared_ptr<marine::Service>(marine::Service::from_module_file(path));
}

namespace {

marine::CallParameters parameters_of(const CallContext& call, const std::string& service_id, const std::string& host_id) {
  marine::CallParameters p;
  p.particle.id = call.particle.id;
  p.particle.init_peer_id = call.particle.init_peer_id;
  p.particle.timestamp = call.particle.timestamp;
  p.particle.ttl = call.particle.ttl;
  p.particle.script = call.particle.script;
  p.particle.signature = call.particle.signature;
  p.service_id = service_id;
  p.service_creator_peer_id = host_id;
  p.host_id = host_id;
  p.worker_id = host_id;
  for (const auto& argument : call.request.tetraplets) {
    auto& out = p.tetraplets.emplace_back();
    for (const auto& t : argument) out.push_back({t.peer_pk, t.service_id, t.function_name, t.lens});
  }
  return p;
}

}  // namespace

CallHandler marine_service_handler(std::shared_ptr<marine::Service> service, std::string service_id,
                                   std::string host_id) {
  return [service, service_id, host_id](const CallContext& call) -> net::Task<air::CallServiceResult> {
    // Marine calls run on the node's thread for now: modules are short-lived per call.
    boost::json::value result =
        service->call(call.request.function_name, call.request.arguments, parameters_of(call, service_id, host_id));
    co_return result.is_null() ? call_unit() : call_ok(result);
  };
}

}  // namespace fluence::node
