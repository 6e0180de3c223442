// `fluence marine`: call, repl, info, it, aqua and build for Marine modules and services.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/it_text.h"
#include "fluence/marine/json_ivalue.h"
#include "fluence/marine/marine.h"
#include "fluence/marine/service.h"
#include "fluence/marine/wasm_sections.h"
#include "fluence/sdk/declarations.h"

namespace fluence::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace fluence::marine;

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorKind::kNotFound, "cannot read '" + path + "'");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), {});
}

json::value parse_json_arg(const std::string& text, const char* what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw Error(ErrorKind::kInvalidInput, std::string(what) + " is not valid JSON: " + ec.message());
  return v;
}

std::unique_ptr<Service> open_service(const std::string& target) {
  if (fs::path(target).extension() == ".toml") return std::make_unique<Service>(load_service_config(target));
  return Service::from_module_file(target);
}

std::string print_interface(Marine& marine) {
  std::string out;
  for (const auto& name : marine.module_names()) {
    auto iface = marine.module_interface(name);
    out += name + ":\n";
    auto rec_name = [&iface](uint64_t id) { return iface.record_name(id); };
    for (const auto& [id, r] : iface.records) {
      out += "  data " + r.name + ":\n";
      for (const auto& f : r.fields) out += "    " + f.name + ": " + aqua_text(f.type, rec_name) + "\n";
    }
    for (const auto& f : iface.functions) {
      out += "  func " + f.name + "(";
      for (size_t i = 0; i < f.arguments.size(); ++i)
        out += (i ? ", " : "") + f.arguments[i].name + ": " + aqua_text(f.arguments[i].type, rec_name);
      out += ")";
      if (!f.outputs.empty()) out += " -> " + aqua_text(f.outputs[0], rec_name);
      out += "\n";
    }
  }
  return out;
}

// ---- repl ----

std::vector<std::string> split_words(const std::string& line, size_t max_words) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size() && out.size() + 1 < max_words) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t j = line.find(' ', i);
    if (j == std::string::npos) j = line.size();
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  while (i < line.size() && line[i] == ' ') ++i;
  if (i < line.size()) out.push_back(line.substr(i));
  return out;
}

const char* kReplHelp =
    "Commands:\n"
    "  n/new [config.toml]              replace the service with a new one (empty or from a config)\n"
    "  l/load <name> <path.wasm>        load a module (logger on, no WASI config)\n"
    "  u/unload <name>                  unload a module\n"
    "  c/call <module> <func> [-nr] [json args] [json call params]\n"
    "  i/interface                      records and function signatures of every module\n"
    "  e/envs <module>                  WASI environment of a module\n"
    "  f/fs <module>                    mapped directories of a module\n"
    "  s/stats                          memory of every module\n"
    "  history                          commands typed so far\n"
    "  h/help, q/quit\n";

void run_repl(const std::string& config_path, bool quiet) {
  std::unique_ptr<Service> service;
  auto fresh = [&](const std::string& path) {
    if (path.empty()) {
      auto m = std::make_unique<Marine>();
      service.reset();
      ServiceConfig empty;
      (void)empty;
      return std::unique_ptr<Marine>(std::move(m));
    }
    service = std::make_unique<Service>(load_service_config(path));
    return std::unique_ptr<Marine>();
  };
  std::unique_ptr<Marine> bare = fresh(config_path);
  auto marine = [&]() -> Marine& { return service ? service->marine() : *bare; };
  if (!quiet) std::cout << "fluence marine repl; 'help' lists the commands\n";
  std::vector<std::string> history;
  std::string line;
  while (true) {
    if (!quiet) std::cout << "1> " << std::flush;
    if (!std::getline(std::cin, line)) break;
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    history.push_back(line);
    auto w = split_words(line, 3);
    const std::string& cmd = w[0];
    try {
      if (cmd == "q" || cmd == "quit") break;
      if (cmd == "h" || cmd == "help") {
        std::cout << kReplHelp;
      } else if (cmd == "history") {
        for (size_t i = 0; i < history.size(); ++i) std::cout << i + 1 << "  " << history[i] << "\n";
      } else if (cmd == "n" || cmd == "new") {
        std::string path = w.size() > 1 ? w[1] : "";
        service.reset();
        bare = fresh(path);
        std::cout << "created a new service\n";
      } else if (cmd == "l" || cmd == "load") {
        auto a = split_words(line, 3);
        if (a.size() < 3) throw Error(ErrorKind::kInvalidInput, "usage: load <name> <path>");
        auto start = std::chrono::steady_clock::now();
        ModuleConfig cfg;
        cfg.logging_mask = 0;
        marine().load_module(a[1], read_bytes(a[2]), cfg);
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::cout << "module '" << a[1] << "' loaded in " << ms << " ms\n";
      } else if (cmd == "u" || cmd == "unload") {
        if (w.size() < 2) throw Error(ErrorKind::kInvalidInput, "usage: unload <name>");
        marine().unload_module(w[1]);
        std::cout << "module '" << w[1] << "' unloaded\n";
      } else if (cmd == "c" || cmd == "call") {
        auto a = split_words(line, 4);
        if (a.size() < 3) throw Error(ErrorKind::kInvalidInput, "usage: call <module> <func> [-nr] [json args] [json call params]");
        std::string rest = a.size() > 3 ? a[3] : "";
        bool show = true;
        if (rest.rfind("-nr", 0) == 0) { show = false; rest = rest.substr(3); }
        // The rest is one or two JSON values.
        json::stream_parser p;
        std::vector<json::value> values;
        size_t pos = 0;
        while (pos < rest.size()) {
          while (pos < rest.size() && rest[pos] == ' ') ++pos;
          if (pos >= rest.size()) break;
          boost::system::error_code ec;
          p.reset();
          size_t used = p.write_some(rest.data() + pos, rest.size() - pos, ec);
          if (!ec) p.finish(ec);
          if (ec && !p.done()) throw Error(ErrorKind::kInvalidInput, "arguments are not valid JSON: " + ec.message());
          values.push_back(p.release());
          pos += used;
        }
        json::value args = values.empty() ? json::value(json::array{}) : values[0];
        CallParameters cp = values.size() > 1 ? call_parameters_from_json(values[1]) : CallParameters{};
        auto start = std::chrono::steady_clock::now();
        const auto& sig = marine().function_signature(a[1], a[2]);
        auto iface = marine().module_interface(a[1]);
        auto result = marine().call(a[1], a[2], json_to_arguments(args, sig, iface), cp);
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (show) std::cout << "result: " << json::serialize(results_to_json(result, sig, iface)) << "\n";
        std::cout << " elapsed time: " << ms << " ms\n";
      } else if (cmd == "i" || cmd == "interface") {
        std::cout << print_interface(marine());
      } else if (cmd == "s" || cmd == "stats") {
        auto st = marine().memory_stats();
        for (const auto& m : st.modules)
          std::cout << m.name << ": " << m.memory_bytes << " bytes of linear memory (" << m.engine << ")\n";
        std::cout << "memory limit reached: " << (st.allocation_rejects ? "yes" : "no") << "\n";
      } else if (cmd == "e" || cmd == "envs") {
        if (w.size() < 2) throw Error(ErrorKind::kInvalidInput, "usage: envs <module>");
        for (const auto& [k, v] : marine().module_config(w[1]).envs) std::cout << k << "=" << v << "\n";
      } else if (cmd == "f" || cmd == "fs") {
        if (w.size() < 2) throw Error(ErrorKind::kInvalidInput, "usage: fs <module>");
        const auto& cfg = marine().module_config(w[1]);
        if (cfg.mapped_dirs.empty()) std::cout << "no mapped directories\n";
        for (const auto& [alias, host] : cfg.mapped_dirs) std::cout << alias << " -> " << host << "\n";
      } else {
        std::cout << "unknown command '" << cmd << "'; 'help' lists the commands\n";
      }
    } catch (const std::exception& e) {
      std::cout << "error: " << e.what() << "\n";
    }
  }
}

void add_marine_commands(CLI::App& app) {
  auto* marine = app.add_subcommand("marine", "Marine Wasm modules: call, repl, info, it, aqua, build");
  marine->require_subcommand(1);

  auto* call = marine->add_subcommand("call", "Call a function of a module or service; prints the JSON result");
  static std::string target, function, args = "[]", call_params;
  call->add_option("TARGET", target, "MODULE.wasm, or a service Config.toml (its facade is called)")->required();
  call->add_option("FUNCTION", function, "exported function")->required();
  call->add_option("ARGS", args, "JSON arguments: array (positional), object (by name) or one value");
  call->add_option("--call-params", call_params, "JSON CallParameters (missing fields default)");
  call->callback([] {
    auto service = open_service(target);
    CallParameters cp = call_params.empty() ? CallParameters{} : call_parameters_from_json(parse_json_arg(call_params, "--call-params"));
    std::cout << json::serialize(service->call(function, parse_json_arg(args, "ARGS"), cp)) << "\n";
  });

  auto* repl = marine->add_subcommand("repl", "Interactive shell to load and call modules (mrepl)");
  static std::string repl_config;
  static bool quiet = false;
  repl->add_option("CONFIG", repl_config, "service Config.toml to load at start");
  repl->add_flag("-q,--quiet", quiet, "no banner or prompts");
  repl->callback([] { run_repl(repl_config, quiet); });

  auto* info = marine->add_subcommand("info", "Print the SDK and IT versions, manifest and interface of a module as JSON");
  static std::string info_path;
  info->add_option("MODULE", info_path, "module .wasm")->required();
  info->callback([] {
    auto bytes = read_bytes(info_path);
    ModuleInfo mi = read_module_info(bytes);
    json::object o{{"sdk_version", mi.sdk_version}, {"it_version", mi.it_version}};
    if (!mi.manifest_text.empty()) o["manifest"] = mi.manifest_text;
    Marine m;
    m.load_module("module", bytes, ModuleConfig{});
    o["interface"] = json::parse(m.module_interface("module").to_json());
    std::cout << json::serialize(o) << "\n";
  });

  auto* it = marine->add_subcommand("it", "Print the interface-types section of a module in text form");
  static std::string it_path;
  it->add_option("MODULE", it_path, "module .wasm")->required();
  it->callback([] {
    auto sections = custom_sections(read_bytes(it_path), "interface-types");
    if (sections.empty()) throw Error(ErrorKind::kInvalidInput, it_path + " has no interface-types section");
    std::cout << it_section_to_text(decode_it_section(sections[0].data(), sections[0].size()));
  });

  auto* aqua = marine->add_subcommand("aqua", "Print the Aqua service declaration of a module");
  static std::string aqua_path, aqua_name, aqua_id;
  aqua->add_option("MODULE", aqua_path, "module .wasm")->required();
  aqua->add_option("-s,--service", aqua_name, "service name (default: file stem, capitalised)");
  aqua->add_option("-i,--id", aqua_id, "service id (default: the file stem)");
  aqua->callback([] {
    std::string stem = fs::path(aqua_path).stem().string();
    std::string name = aqua_name;
    if (name.empty()) {
      bool up = true;
      for (char c : stem) {
        if (c == '_' || c == '-') { up = true; continue; }
        name += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
      }
    }
    Marine m;
    m.load_module(stem, read_bytes(aqua_path), ModuleConfig{});
    std::cout << aqua_declarations(m.module_interface(stem), name, aqua_id.empty() ? stem : aqua_id);
  });

  auto* build = marine->add_subcommand("build", "Build a C/C++ Marine module with the SDK (clang, wasm32-wasi)");
  static std::vector<std::string> sources;
  static std::string output = "module.wasm", sdk_dir;
  build->add_option("SOURCES", sources, "C/C++ source files")->required();
  build->add_option("-o,--output", output, "output .wasm");
  build->add_option("--sdk", sdk_dir, "SDK directory (default: $FLUENCE_MARINE_SDK or the installed sdk/)");
  build->callback([] {
    std::string sdk = sdk_dir;
    if (sdk.empty() && std::getenv("FLUENCE_MARINE_SDK")) sdk = std::getenv("FLUENCE_MARINE_SDK");
    if (sdk.empty()) sdk = FLUENCE_MARINE_SDK_DIR;
    std::string raw = output + ".raw";
    std::string cmd = "clang --target=wasm32-wasi -O2 -mexec-model=reactor -Wl,--strip-debug -I'" + sdk + "/include'";
    bool cxx = false;
    for (const auto& s : sources) {
      cmd += " '" + s + "'";
      auto ext = fs::path(s).extension().string();
      cxx = cxx || ext == ".cpp" || ext == ".cc" || ext == ".cxx";
    }
    if (cxx) cmd = "clang++" + cmd.substr(5) + " -fno-exceptions";
    cmd += " '" + sdk + "/src/marine_sdk.c' -o '" + raw + "'";
    if (std::system(cmd.c_str()) != 0) throw Error(ErrorKind::kInvalidInput, "compilation failed: " + cmd);
    auto out = fluence::sdk::embed_interface(read_bytes(raw));
    fs::remove(raw);
    std::ofstream o(output, std::ios::binary);
    o.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    std::cout << json::serialize(json::object{{"module", output}, {"bytes", out.size()}}) << "\n";
  });
}

const CommandRegistration kRegistration{40, add_marine_commands};

}  // namespace
}  // namespace fluence::cli
