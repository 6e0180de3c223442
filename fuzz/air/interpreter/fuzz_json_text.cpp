// Canonical-text values (json_text.h) and serde's error texts (serde_json_error.h) on arbitrary
// bytes: one-pass canonicalization must agree with the tree (same text, or both reject), text
// that is_canonical() claims must be canonicalize()'s own output, and reading the canonical
// text must stay inside it (also through the block scan of skip_value on long texts).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fluence/core/canonical_json.h"
#include "json_text.h"
#include "serde_json_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fluence;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string ours, tree;
  bool ours_failed = false, tree_failed = false;
  try {
    ours = air::json_text::canonicalize(text);
  } catch (const std::exception&) {
    ours_failed = true;
  }
  try {
    tree = canonical_json(parse_json(text));
  } catch (const std::exception&) {
    tree_failed = true;
  }
  if (ours_failed != tree_failed || ours != tree) __builtin_trap();
  if (air::json_text::is_canonical(text) && (ours_failed || ours != text)) __builtin_trap();
  if (!ours_failed) {
    std::size_t n = 0;
    for (std::string_view e : air::json_text::elements(ours)) {
      if (e.data() < ours.data() || e.data() + e.size() > ours.data() + ours.size()) __builtin_trap();
      n += 1;
    }
    if (n != air::json_text::array_size(ours)) __builtin_trap();
    (void)air::json_text::field(ours, "a");
    (void)air::json_text::element(ours, 1);
  }
  (void)air::serde_json_error(text);
  return 0;
}
