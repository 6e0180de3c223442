// Hosted Marine services as handlers of ServiceDispatch (node.md §4.1 step 3, §5.4): a call
// (service_id, function, args) becomes a JSON call of the service's facade function, with the
// particle and the argument tetraplets as its call parameters.
#pragma once

#include <memory>
#include <string>

#include "fluence/marine/service.h"
#include "fluence/node/service_dispatch.h"

namespace fluence::node {

// Loads a service from a module file (.wasm) or a service config (.toml).
std::shared_ptr<marine::Service> load_marine_service(const std::string& path);

// The handler for `service_id` on the node `host_id`. Errors of the call (unknown function,
// bad arguments, traps, limits) become error results with the runtime's message.
CallHandler marine_service_handler(std::shared_ptr<marine::Service> service, std::string service_id,
                                   std::string host_id);

}  // namespace fluence::node
