// Fuzzes the AIR parser: any bytes must give a Script or diagnostics, never a crash, hang or
// stack overflow. Accepted scripts must also survive the AST consumers, and formatting must
// round-trip (the formatted text parses to the same formatted text).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/formatter.h"
#include "fluence/air/syntax/instruction_text.h"
#include "fluence/air/syntax/parser.h"
#include "fuzz_check.h"


namespace {

void visit_all(const fluence::air::Instruction& root) {
  using namespace fluence::air;
  std::vector<const Instruction*> todo{&root};
  std::string text;
  while (!todo.empty()) {
    const Instruction* i = todo.back();
    todo.pop_back();
    text.clear();
    append_instruction_text(text, *i);
    FUZZ_CHECK(!text.empty());
    FUZZ_CHECK(i->span.left < i->span.right);
    InstrPtr children[2];
    size_t n = instruction_children(*i, children);
    for (size_t k = 0; k < n; ++k) {
      FUZZ_CHECK(children[k]->span.left > i->span.left);
      FUZZ_CHECK(children[k]->span.right < i->span.right);
      todo.push_back(children[k]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fluence::air::ParseResult r = fluence::air::parse_air(text);
  if (!r.ok()) {
    FUZZ_CHECK(!r.diagnostics.empty());
    FUZZ_CHECK(r.error_text.rfind("error: \n", 0) == 0);
    return 0;
  }
  const auto& root = r.script->root();
  visit_all(root);
  FUZZ_CHECK(!fluence::air::ast_to_json(root).empty());
  const std::string formatted = fluence::air::format_air(root);
  fluence::air::ParseResult again = fluence::air::parse_air(formatted);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(fluence::air::format_air(again.script->root()) == formatted);
  return 0;
}
