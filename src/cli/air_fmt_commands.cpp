// `fluence air fmt` (pretty-print AIR) and `fluence air ast` (the AST as the reference's `ast`
// export prints it). Both read a file or standard input ("-").
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "commands.h"
#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/formatter.h"
#include "fluence/air/syntax/parser.h"

namespace fluence::cli {
namespace {

bool read_source(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "fluence air: cannot read " << path << "\n";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Parses `path`; on failure prints "FILE:LINE:COL: message" lines and the rendered diagnostic.
std::optional<air::Script> parse_or_report(const std::string& path, const std::string& text) {
  air::ParseResult r = air::parse_air(text);
  if (r.ok()) return std::move(r.script);
  std::string shown = path == "-" ? "<stdin>" : path;
  for (const auto& d : r.diagnostics) {
    air::LineCol lc = air::line_col_of(text, d.left);
    std::cerr << shown << ":" << lc.line << ":" << lc.column << ": " << d.message << "\n";
  }
  std::cerr << r.error_text;
  return std::nullopt;
}

CLI::App* air_command(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == "air") return sub;
  }
  CLI::App* air = app.add_subcommand("air", "AIR scripts: run, format and inspect them");
  air->require_subcommand(1);
  return air;
}

void add_air_fmt_commands(CLI::App& app) {
  CLI::App* air = air_command(app);

  auto* fmt = air->add_subcommand(
      "fmt", "Pretty-print AIR: one instruction per line, indented by nesting (comments are dropped)");
  static std::string fmt_path;
  static int indent = 2;
  static bool check = false;
  fmt->add_option("FILE", fmt_path, "the AIR script, or - for standard input")->required();
  fmt->add_option("--indent", indent, "spaces per nesting level (default 2)");
  fmt->add_flag("--check", check, "only validate; exit 1 with diagnostics if the script is invalid");
  fmt->callback([] {
    std::string text;
    if (!read_source(fmt_path, text)) std::exit(2);
    auto script = parse_or_report(fmt_path, text);
    if (!script) std::exit(1);
    if (!check) std::cout << air::format_air(script->root(), {indent});
    std::cout.flush();
    std::exit(0);
  });

  auto* ast = air->add_subcommand(
      "ast", "Print the AST as compact JSON in the shape of AquaVM's `ast` export");
  static std::string ast_path;
  ast->add_option("FILE", ast_path, "the AIR script, or - for standard input")->required();
  ast->callback([] {
    std::string text;
    if (!read_source(ast_path, text)) std::exit(2);
    auto script = parse_or_report(ast_path, text);
    if (!script) std::exit(1);
    std::cout << air::ast_to_json(script->root()) << "\n";
    std::cout.flush();
    std::exit(0);
  });
}

const CommandRegistration kRegistration{31, add_air_fmt_commands};

}  // namespace
}  // namespace fluence::cli
