#include "fluence/marine/service.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fluence/core/error.h"
#include "fluence/marine/json_ivalue.h"

namespace fluence::marine {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::vector<uint8_t> read_wasm(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorKind::kNotFound, "cannot read module file '" + path + "'");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), {});
}

std::string str_field(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

}  // namespace

Service::Service(const ServiceConfig& config, RuntimeOptions options) {
  if (config.modules.empty()) throw Error(ErrorKind::kInvalidInput, "a service needs at least one module");
  options.total_memory_limit = config.total_memory_limit;
  marine_ = std::make_unique<Marine>(std::move(options));
  for (const auto& m : config.modules) {
    for (const auto& [alias, host] : m.config.mapped_dirs) {
      std::error_code ec;
      fs::create_directories(host, ec);
    }
    marine_->load_module(m.name, read_wasm(m.path), m.config);
  }
  facade_ = config.modules.back().name;
}

std::unique_ptr<Service> Service::from_module_file(const std::string& wasm_path, RuntimeOptions options) {
  ServiceConfig cfg;
  ModuleDescriptor d;
  d.name = fs::path(wasm_path).stem().string();
  d.path = wasm_path;
  cfg.modules.push_back(d);
  return std::make_unique<Service>(cfg, std::move(options));
}

json::value Service::call(const std::string& function, const json::value& args, const CallParameters& params) {
  return call_module(facade_, function, args, params);
}

json::value Service::call_module(const std::string& module, const std::string& function, const json::value& args,
                                 const CallParameters& params) {
  const auto& sig = marine_->function_signature(module, function);
  auto iface = marine_->module_interface(module);
  auto values = json_to_arguments(args, sig, iface);
  auto results = marine_->call(module, function, values, params);
  return results_to_json(results, sig, iface);
}

CallParameters call_parameters_from_json(const json::value& v) {
  CallParameters p;
  if (!v.is_object()) return p;
  const auto& o = v.get_object();
  p.service_id = str_field(o, "service_id");
  p.service_creator_peer_id = str_field(o, "service_creator_peer_id");
  p.host_id = str_field(o, "host_id");
  p.worker_id = str_field(o, "worker_id");
  if (auto it = o.find("particle"); it != o.end() && it->value().is_object()) {
    const auto& pp = it->value().get_object();
    p.particle.id = str_field(pp, "id");
    p.particle.init_peer_id = str_field(pp, "init_peer_id");
    p.particle.script = str_field(pp, "script");
    p.particle.token = str_field(pp, "token");
    if (auto t = pp.find("timestamp"); t != pp.end() && t->value().is_number()) p.particle.timestamp = t->value().to_number<uint64_t>();
    if (auto t = pp.find("ttl"); t != pp.end() && t->value().is_number()) p.particle.ttl = t->value().to_number<uint32_t>();
    if (auto s = pp.find("signature"); s != pp.end() && s->value().is_array())
      for (const auto& b : s->value().get_array()) p.particle.signature.push_back(static_cast<uint8_t>(b.to_number<uint64_t>()));
  }
  if (auto it = o.find("tetraplets"); it != o.end() && it->value().is_array()) {
    for (const auto& arg : it->value().get_array()) {
      std::vector<SecurityTetraplet> list;
      if (arg.is_array())
        for (const auto& t : arg.get_array())
          if (t.is_object())
            list.push_back({str_field(t.get_object(), "peer_pk"), str_field(t.get_object(), "service_id"),
                            str_field(t.get_object(), "function_name"), str_field(t.get_object(), "lens")});
      p.tetraplets.push_back(std::move(list));
    }
  }
  return p;
}

}  // namespace fluence::marine
