#include "fluence/air/syntax/script.h"

#include "fluence/air/syntax/arena.h"

namespace fluence::air {

Script::Script(std::unique_ptr<std::string> source, std::unique_ptr<AstArena> arena, InstrPtr root,
               size_t instruction_count, std::span<const std::string_view> names)
    : source_(std::move(source)),
      arena_(std::move(arena)),
      root_(root),
      instruction_count_(instruction_count),
      names_(names) {}

Script::Script(Script&&) noexcept = default;
Script& Script::operator=(Script&&) noexcept = default;
Script::~Script() = default;

LineCol Script::line_col(Pos offset) const { return line_col_of(*source_, offset); }

LineCol line_col_of(std::string_view text, Pos offset) {
  LineCol lc;
  size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++lc.column;
    }
  }
  return lc;
}

}  // namespace fluence::air
