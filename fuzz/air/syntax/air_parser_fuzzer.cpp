// Fuzzes the AIR parser: any bytes must give a Script or diagnostics, never a crash, hang or
// stack overflow. Accepted scripts must also survive the AST consumers, and formatting must
// round-trip (the formatted text parses to the same formatted text).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/formatter.h"
#include "fluence/air/syntax/instruction_text.h"
#include "fluence/air/syntax/parser.h"

#define AIR_FUZZ_CHECK(cond)                                                           \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

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
    AIR_FUZZ_CHECK(!text.empty());
    AIR_FUZZ_CHECK(i->span.left < i->span.right);
    InstrPtr children[2];
    size_t n = instruction_children(*i, children);
    for (size_t k = 0; k < n; ++k) {
      AIR_FUZZ_CHECK(children[k]->span.left > i->span.left);
      AIR_FUZZ_CHECK(children[k]->span.right < i->span.right);
      todo.push_back(children[k]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fluence::air::ParseResult r = fluence::air::parse_air(text);
  if (!r.ok()) {
    AIR_FUZZ_CHECK(!r.diagnostics.empty());
    AIR_FUZZ_CHECK(r.error_text.rfind("error: \n", 0) == 0);
    return 0;
  }
  const auto& root = r.script->root();
  visit_all(root);
  AIR_FUZZ_CHECK(!fluence::air::ast_to_json(root).empty());
  const std::string formatted = fluence::air::format_air(root);
  fluence::air::ParseResult again = fluence::air::parse_air(formatted);
  AIR_FUZZ_CHECK(again.ok());
  AIR_FUZZ_CHECK(fluence::air::format_air(again.script->root()) == formatted);
  return 0;
}
