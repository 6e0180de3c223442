// `fluence run`: compiles an Aqua file with our compiler and calls one of its functions on a
// Fluence network through a relay, printing the result as JSON (like `fluence run` of the
// reference CLI, with JSON arguments instead of an Aqua call expression).
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/aqua/compiler.h"
#include "fluence/client/aqua_call.h"
#include "fluence/core/error.h"
#include "fluence/core/key_file.h"

namespace fluence::cli {
namespace {

struct RunArgs {
  std::string file;
  std::string func;
  std::string args_json = "[]";
  std::string relay;
  std::string key_file;
  std::vector<std::string> imports;
  std::vector<std::string> constants;
  std::uint32_t ttl_ms = 7000;
};

int run_function(const RunArgs& a) {
  aqua::CompileOptions options;
  options.import_dirs = a.imports;
  options.constants = a.constants;
  aqua::CompileResult compiled = aqua::compile_file(a.file, options);
  if (!compiled.ok()) {
    std::cerr << compiled.render_diagnostics();
    return 1;
  }
  const aqua::FunctionOutput* f = nullptr;
  for (const auto& candidate : compiled.functions) {
    if (candidate.name == a.func) f = &candidate;
  }
  if (!f) {
    std::string names;
    for (const auto& candidate : compiled.functions) names += (names.empty() ? "" : ", ") + candidate.name;
    std::cerr << "error: " << a.file << " exports no function '" << a.func << "' (it exports: " << names << ")\n";
    return 1;
  }
  boost::json::value args;
  try {
    args = boost::json::parse(a.args_json);
  } catch (const std::exception& e) {
    std::cerr << "error: --args is not JSON: " << e.what() << "\n";
    return 1;
  }
  if (!args.is_array()) {
    std::cerr << "error: --args must be a JSON array of the function's arguments\n";
    return 1;
  }
  client::AquaFunction function;
  function.air = f->air;
  for (const auto& arg : f->args) function.arg_names.push_back(arg.name);
  function.result_count = f->results.size();
  client::AquaCallOptions call;
  call.relay = net::Multiaddr::parse(a.relay);
  call.ttl_ms = a.ttl_ms;
  if (!a.key_file.empty()) call.key = load_or_create_key_file(a.key_file);
  try {
    std::cout << boost::json::serialize(client::call_aqua_function(function, args.as_array(), call)) << std::endl;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

void add_run_command(CLI::App& app) {
  static RunArgs args;
  auto* run = app.add_subcommand("run", "Call a function of an .aqua file on a Fluence network through a relay; print its result as JSON");
  run->add_option("FILE", args.file, "the .aqua file")->required();
  run->add_option("-f,--func", args.func, "the exported function to call")->required();
  run->add_option("-a,--args", args.args_json, "the function's arguments as a JSON array")->capture_default_str();
  run->add_option("-r,--relay", args.relay, "the relay's multiaddr, ending with /p2p/<peer id>")->required();
  run->add_option("-k,--key", args.key_file, "the client's key file (created if missing; a random key if omitted)");
  run->add_option("-I,--import", args.imports, "an import folder (repeatable)");
  run->add_option("--const", args.constants, "override a `const X ?= ...`: 'NAME = VALUE' (repeatable)");
  run->add_option("--ttl", args.ttl_ms, "the particle's time to live in ms")->capture_default_str();
  run->callback([] {
    int rc = run_function(args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

const CommandRegistration kRegistration{50, add_run_command};

}  // namespace
}  // namespace fluence::cli
