#include "fluence/marine/module_interface.h"

#include <boost/json.hpp>

namespace fluence::marine {

std::string ModuleInterface::record_name(uint64_t id) const {
  auto it = records.find(id);
  return it == records.end() ? "record " + std::to_string(id) : it->second.name;
}

std::string ModuleInterface::to_json() const {
  namespace json = boost::json;
  auto name_of = [this](uint64_t id) { return record_name(id); };
  json::array fns;
  for (const auto& f : functions) {
    json::array args, outs;
    for (const auto& a : f.arguments) args.push_back(json::array{json::string(a.name), json::string(aqua_text(a.type, name_of))});
    for (const auto& o : f.outputs) outs.push_back(json::string(aqua_text(o, name_of)));
    fns.push_back(json::object{{"name", f.name}, {"arguments", args}, {"output_types", outs}});
  }
  json::array recs;
  for (const auto& [id, r] : records) {
    json::array fields;
    for (const auto& fd : r.fields)
      fields.push_back(json::array{json::string(fd.name), json::string(aqua_text(fd.type, name_of))});
    recs.push_back(json::object{{"name", r.name}, {"id", id}, {"fields", fields}});
  }
  return json::serialize(json::object{{"function_signatures", fns}, {"record_types", recs}});
}

std::string aqua_declarations(const ModuleInterface& iface, const std::string& service_name, const std::string& service_id) {
  auto name_of = [&iface](uint64_t id) { return iface.record_name(id); };
  std::string out = "aqua " + service_name + " declares *\n\n";
  for (const auto& [id, r] : iface.records) {
    out += "data " + r.name + ":\n";
    for (const auto& f : r.fields) out += "  " + f.name + ": " + aqua_text(f.type, name_of) + "\n";
    out += "\n";
  }
  out += "service " + service_name + "(\"" + service_id + "\"):\n";
  for (const auto& f : iface.functions) {
    out += "  " + f.name + "(";
    for (size_t i = 0; i < f.arguments.size(); ++i)
      out += (i ? ", " : "") + f.arguments[i].name + ": " + aqua_text(f.arguments[i].type, name_of);
    out += ")";
    if (!f.outputs.empty()) out += " -> " + aqua_text(f.outputs[0], name_of);
    out += "\n";
  }
  return out;
}

}  // namespace fluence::marine
