#include "fluence/client/aqua_call.h"

#include <optional>
#include <random>

#include <boost/json/serialize.hpp>

#include "fluence/core/error.h"
#include "fluence/node/node.h"
#include "fluence/node/particle_signature.h"

namespace fluence::client {

namespace {

// A random (version 4) UUID, the particle id form js-client uses.
std::string uuid_v4() {
  std::random_device rd;
  std::uint8_t b[16];
  for (auto& x : b) x = static_cast<std::uint8_t>(rd());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

std::uint64_t now_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

boost::json::value call_aqua_function(const AquaFunction& function, const boost::json::array& args,
                                      const AquaCallOptions& options) {
  if (args.size() != function.arg_names.size()) {
    throw Error(ErrorKind::kInvalidInput, "the function takes " + std::to_string(function.arg_names.size()) +
                                              " arguments, " + std::to_string(args.size()) + " given");
  }
  auto relay_id = options.relay.peer_id();
  if (!relay_id) throw Error(ErrorKind::kInvalidInput, "the relay address must end with /p2p/<peer id>: " + options.relay.to_string());

  std::optional<boost::json::value> result;
  std::optional<std::string> error;
  net::asio::io_context io(1);
  node::NodeConfig config;
  config.host.identity = options.key;
  config.kademlia = false;
  config.add_services = [&](node::ServiceDispatch& d) {
    d.add_service("getDataSrv", [&](const node::CallContext& c) -> net::Task<air::CallServiceResult> {
      const std::string& name = c.request.function_name;
      if (name == "-relay-") co_return node::call_ok(boost::json::value(relay_id->to_base58()));
      for (std::size_t i = 0; i < function.arg_names.size(); ++i) {
        if (function.arg_names[i] == name) co_return node::call_ok(args[i]);
      }
      co_return node::call_error("no argument named '" + name + "'");
    });
    d.add_function("callbackSrv", "response", [&](const node::CallContext& c) -> net::Task<air::CallServiceResult> {
      const auto& values = c.request.arguments;
      if (function.result_count == 1 && values.size() == 1) {
        result = values[0];
      } else if (values.empty()) {
        result = nullptr;
      } else {
        result = boost::json::value(values);
      }
      co_return node::call_unit();
    });
    d.add_function("errorHandlingSrv", "error", [&](const node::CallContext& c) -> net::Task<air::CallServiceResult> {
      const auto& values = c.request.arguments;
      if (!values.empty() && values[0].is_object() && values[0].as_object().contains("message")) {
        error = boost::json::serialize(values[0].as_object().at("message"));
      } else {
        error = boost::json::serialize(values);
      }
      co_return node::call_unit();
    });
  };
  auto peer = node::Node::create(io.get_executor(), config);

  std::optional<std::string> failure;
  net::asio::co_spawn(io, peer->host()->dial(options.relay), [&](std::exception_ptr e, net::ConnectionPtr) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        failure = std::string("cannot connect to the relay ") + options.relay.to_string() + ": " + ex.what();
      }
      return;
    }
    node::Particle p;
    p.id = uuid_v4();
    p.timestamp = now_ms();
    p.ttl = options.ttl_ms;
    p.script = function.air;
    node::sign_particle(p, options.key);
    peer->pipeline()->ingest(std::move(p));
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.ttl_ms) + std::chrono::seconds(2);
  while (!result && !error && !failure && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(std::chrono::milliseconds(20));
  }
  peer->shutdown();
  io.run_for(std::chrono::milliseconds(100));
  if (failure) throw Error(ErrorKind::kIo, *failure);
  if (error) throw Error(ErrorKind::kInvalidInput, "the function failed: " + *error);
  if (!result) throw Error(ErrorKind::kLimit, "no result within the particle's ttl of " + std::to_string(options.ttl_ms) + " ms");
  return *result;
}

}  // namespace fluence::client
