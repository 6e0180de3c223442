#include "fluence/marine/service_config.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput, source + ": " + what);
}

std::string resolve(const std::string& base, const std::string& p) {
  fs::path path(p);
  if (path.is_relative()) path = fs::path(base) / path;
  return path.lexically_normal().string();
}

std::map<std::string, std::string> string_table(const toml::node* node, const std::string& source, const std::string& what) {
  std::map<std::string, std::string> out;
  if (!node) return out;
  const auto* t = node->as_table();
  if (!t) fail(source, what + " must be a table");
  for (const auto& [k, v] : *t) {
    auto s = v.value<std::string>();
    if (!s) fail(source, what + "." + std::string(k.str()) + " must be a string");
    out[std::string(k.str())] = *s;
  }
  return out;
}

}  // namespace

uint64_t parse_memory_size(const std::string& text) {
  std::string t;
  for (char c : text) if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "infinity") return 0;
  size_t i = 0;
  uint64_t n = 0;
  if (lower.empty() || !std::isdigit(static_cast<unsigned char>(lower[0])))
    throw Error(ErrorKind::kInvalidInput, "memory size '" + text + "' must start with a number");
  while (i < lower.size() && std::isdigit(static_cast<unsigned char>(lower[i]))) {
    if (n > (1ull << 50)) throw Error(ErrorKind::kInvalidInput, "memory size '" + text + "' is too large");
    n = n * 10 + static_cast<uint64_t>(lower[i++] - '0');
  }
  std::string unit = lower.substr(i);
  uint64_t mult;
  if (unit.empty() || unit == "b") mult = 1;
  else if (unit == "k" || unit == "kb") mult = 1000;
  else if (unit == "ki" || unit == "kib") mult = 1024;
  else if (unit == "m" || unit == "mb") mult = 1000 * 1000;
  else if (unit == "mi" || unit == "mib") mult = 1024 * 1024;
  else if (unit == "g" || unit == "gb") mult = 1000ull * 1000 * 1000;
  else if (unit == "gi" || unit == "gib") mult = 1024ull * 1024 * 1024;
  else if (unit == "t" || unit == "tb") mult = 1000ull * 1000 * 1000 * 1000;
  else if (unit == "ti" || unit == "tib") mult = 1024ull * 1024 * 1024 * 1024;
  else throw Error(ErrorKind::kInvalidInput, "memory size '" + text + "' has an unknown unit '" + unit + "'");
  return n * mult;
}

ServiceConfig parse_service_config(const std::string& text, const std::string& base_dir, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw Error(ErrorKind::kInvalidInput, source + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
                                              std::string(e.description()));
  }
  ServiceConfig cfg;
  std::string modules_dir = base_dir;
  if (auto md = root["modules_dir"].value<std::string>()) {
    modules_dir = resolve(base_dir, *md);
    if (!fs::is_directory(modules_dir)) fail(source, "modules_dir '" + modules_dir + "' does not exist");
  } else if (root.contains("modules_dir")) {
    fail(source, "modules_dir must be a string");
  }
  auto limit = root["total_memory_limit"];
  if (!limit) fail(source, "total_memory_limit is required (e.g. \"64 MiB\" or \"Infinity\")");
  if (auto s = limit.value<std::string>()) {
    try {
      cfg.total_memory_limit = parse_memory_size(*s);
    } catch (const Error& e) {
      fail(source, std::string("total_memory_limit: ") + e.what());
    }
  } else if (auto n = limit.value<int64_t>()) {
    if (*n <= 0) fail(source, "total_memory_limit must be positive");
    cfg.total_memory_limit = static_cast<uint64_t>(*n);
  } else {
    fail(source, "total_memory_limit must be a string such as \"64 MiB\"");
  }
  cfg.service_working_dir = base_dir;
  if (auto wd = root["service_working_dir"].value<std::string>()) cfg.service_working_dir = resolve(base_dir, *wd);

  const toml::array* modules = root["module"].as_array();
  if (!modules || modules->empty()) fail(source, "at least one [[module]] is required");
  for (size_t i = 0; i < modules->size(); ++i) {
    const toml::table* m = (*modules)[i].as_table();
    std::string where = "module #" + std::to_string(i + 1);
    if (!m) fail(source, where + " must be a table");
    ModuleDescriptor d;
    auto name = (*m)["name"].value<std::string>();
    if (!name || name->empty()) fail(source, where + ": 'name' is required");
    d.name = *name;
    where = "module '" + d.name + "'";
    for (const auto& other : cfg.modules)
      if (other.name == d.name) fail(source, where + " is listed twice");
    std::string file_name = (*m)["file_name"].value_or(d.name + ".wasm");
    if (auto from = (*m)["load_from"].value<std::string>()) {
      std::string p = resolve(base_dir, *from);
      d.path = fs::is_directory(p) ? (fs::path(p) / file_name).string() : p;
    } else {
      d.path = (fs::path(modules_dir) / file_name).string();
    }
    if (auto v = (*m)["logger_enabled"].value<bool>()) d.config.logger_enabled = *v;
    else d.config.logger_enabled = true;
    if (auto v = (*m)["logging_mask"].value<int64_t>()) {
      if (*v < INT32_MIN || *v > INT32_MAX) fail(source, where + ": logging_mask does not fit in i32");
      d.config.logging_mask = static_cast<int32_t>(*v);
    }
    if (const auto* wasi = (*m)["wasi"].as_table()) {
      d.config.envs = string_table(wasi->get("envs"), source, where + ": wasi.envs");
      for (auto& [alias, host] : string_table(wasi->get("mapped_dirs"), source, where + ": wasi.mapped_dirs"))
        d.config.mapped_dirs[alias] = resolve(cfg.service_working_dir, host);
    }
    for (auto& [bin, host] : string_table((*m)["mounted_binaries"].node(), source, where + ": mounted_binaries"))
      d.config.mounted_binaries[bin] = resolve(base_dir, host);
    cfg.modules.push_back(std::move(d));
  }
  return cfg;
}

ServiceConfig load_service_config(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw Error(ErrorKind::kNotFound, "cannot read service config '" + path + "'");
  std::stringstream ss;
  ss << f.rdbuf();
  std::string base = fs::absolute(fs::path(path)).parent_path().string();
  return parse_service_config(ss.str(), base, path);
}

}  // namespace fluence::marine
