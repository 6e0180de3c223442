// `fluence aqua compile`: Aqua source to AIR, printed like the reference oracle's aqua-compile
// (";; func NAME" then the AIR of each exported function), or as JSON, or one .air per function.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/aqua/compiler.h"

namespace fluence::cli {
namespace {

struct AquaCompileArgs {
  std::string file;
  std::string func;
  std::vector<std::string> imports;
  std::vector<std::string> constants;
  std::string out_dir;
  bool no_xor = false;
  bool no_relay = false;
  bool empty_response = false;
  bool tracing = false;
  bool json = false;
  bool quiet_warnings = false;
};

boost::json::object function_json(const aqua::FunctionOutput& f) {
  boost::json::object def;
  def["functionName"] = f.name;
  boost::json::array args;
  for (const auto& a : f.args) args.push_back(boost::json::object{{"name", a.name}, {"type", a.type}, {"kind", a.kind}});
  def["args"] = std::move(args);
  boost::json::array results;
  for (const auto& r : f.results) results.push_back(boost::json::value(r));
  def["results"] = std::move(results);
  if (!f.arrow_json.empty()) def["arrow"] = boost::json::parse(f.arrow_json);
  def["names"] = boost::json::object{{"relay", "-relay-"},
                                     {"getDataSrv", "getDataSrv"},
                                     {"callbackSrv", "callbackSrv"},
                                     {"responseSrv", "callbackSrv"},
                                     {"responseFnName", "response"},
                                     {"errorHandlingSrv", "errorHandlingSrv"},
                                     {"errorFnName", "error"}};
  return boost::json::object{{"script", f.air}, {"funcDef", std::move(def)}};
}

int run_compile(const AquaCompileArgs& a) {
  aqua::CompileOptions opts;
  opts.no_xor = a.no_xor;
  opts.no_relay = a.no_relay;
  opts.no_empty_response = !a.empty_response;
  opts.tracing = a.tracing;
  opts.constants = a.constants;
  opts.import_dirs = a.imports;
  aqua::CompileResult res = aqua::compile_file(a.file, opts);
  std::vector<const aqua::FunctionOutput*> funcs;
  for (const auto& f : res.functions) {
    if (a.func.empty() || f.name == a.func) funcs.push_back(&f);
  }
  std::sort(funcs.begin(), funcs.end(), [](auto* x, auto* y) { return x->name < y->name; });
  bool ok = res.ok();
  if (ok && !a.func.empty() && funcs.empty()) {
    std::cerr << "error: no exported function named `" << a.func << "` in " << a.file << "\n";
    return 1;
  }
  if (a.json) {
    boost::json::object out;
    boost::json::object fo;
    for (auto* f : funcs) fo[f->name] = function_json(*f);
    out["functions"] = std::move(fo);
    boost::json::object so;
    for (const auto& s : res.services) {
      boost::json::object svc;
      if (!s.functions_json.empty()) svc["functions"] = boost::json::parse(s.functions_json);
      if (!s.default_id.empty()) svc["defaultServiceId"] = s.default_id;
      so[s.name] = std::move(svc);
    }
    out["services"] = std::move(so);
    boost::json::array errs, warns;
    for (const auto& d : res.diagnostics) (d.severity == aqua::Severity::kError ? errs : warns).push_back(boost::json::value(d.render()));
    out["errors"] = std::move(errs);
    out["warnings"] = std::move(warns);
    std::cout << boost::json::serialize(out) << "\n";
    return ok ? 0 : 1;
  }
  for (const auto& d : res.diagnostics) {
    if (d.severity == aqua::Severity::kWarning && a.quiet_warnings) continue;
    std::cerr << d.render();
  }
  if (!ok) return 1;
  if (!a.out_dir.empty()) {
    std::filesystem::create_directories(a.out_dir);
    for (auto* f : funcs) {
      std::ofstream o(std::filesystem::path(a.out_dir) / (f->name + ".air"), std::ios::binary);
      o << f->air;
      if (!o) {
        std::cerr << "error: cannot write " << (std::filesystem::path(a.out_dir) / (f->name + ".air")).string() << "\n";
        return 1;
      }
    }
    return 0;
  }
  std::string out;
  for (auto* f : funcs) {
    out += ";; func " + f->name + "\n";
    out += f->air;
    out += "\n";
  }
  if (!out.empty()) out.pop_back();  // the same layout as aqua-compile.mjs
  std::cout << out;
  return 0;
}

void add_aqua_commands(CLI::App& app) {
  auto* aqua = app.add_subcommand("aqua", "The Aqua compiler (Aqua 0.14.6 to AIR)");
  aqua->require_subcommand(1);
  static AquaCompileArgs args;
  auto* c = aqua->add_subcommand("compile", "Compile an .aqua file; print the AIR of each exported function");
  c->add_option("FILE", args.file, "the .aqua file")->required();
  c->add_option("--func", args.func, "print only this exported function");
  c->add_option("-I,--import", args.imports, "an import folder (repeatable); node_modules folders and the built-in aqua-lib are searched too");
  c->add_option("--const", args.constants, "override a `const X ?= ...`: 'NAME = VALUE' (repeatable)");
  c->add_flag("--no-xor", args.no_xor, "no error-propagation xor around on/if");
  c->add_flag("--no-relay", args.no_relay, "no -relay- argument and no relay hops");
  c->add_flag("--empty-response,!--no-empty-response", args.empty_response,
             "call callbackSrv.response even when a function returns nothing (default: --no-empty-response, as the JS wrapper)");
  c->add_flag("--tracing", args.tracing, "tracing mode: tracingSrv events around every call (aqua.md §9.11)");
  c->add_flag("--json", args.json, "print functions (AIR + signature), services, errors and warnings as JSON");
  c->add_option("-o,--output", args.out_dir, "write one NAME.air file per function into this folder");
  c->add_flag("--quiet-warnings", args.quiet_warnings, "do not print warnings");
  c->callback([] {
    int rc = run_compile(args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

const CommandRegistration kRegistration{30, add_aqua_commands};

}  // namespace
}  // namespace fluence::cli
