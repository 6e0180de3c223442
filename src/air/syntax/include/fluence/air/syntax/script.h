// A parsed and validated AIR script: the source text, the arena holding its AST, and the root
// instruction. Move-only; moving keeps every AST pointer and string_view valid.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "fluence/air/syntax/ast.h"

namespace fluence::air {

class AstArena;

// 1-based line and column (column counted in Unicode scalar values, as the reference's
// diagnostics do).
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

class Script {
 public:
  Script(std::unique_ptr<std::string> source, std::unique_ptr<AstArena> arena, InstrPtr root,
         size_t instruction_count, std::span<const std::string_view> names = {});
  Script(Script&&) noexcept;
  Script& operator=(Script&&) noexcept;
  ~Script();

  const Instruction& root() const { return *root_; }
  std::string_view source() const { return *source_; }
  // Number of instructions in the tree (handy for sizing per-instruction tables).
  size_t instruction_count() const { return instruction_count_; }
  // The distinct variable names, indexed by Variable::id / LensAccessor::name_id.
  std::span<const std::string_view> names() const { return names_; }
  LineCol line_col(Pos offset) const;

 private:
  std::unique_ptr<std::string> source_;
  std::unique_ptr<AstArena> arena_;
  InstrPtr root_ = nullptr;
  size_t instruction_count_ = 0;
  std::span<const std::string_view> names_;  // in the arena
};

// Line and column of a byte offset in `text` (offsets past the end clamp to the end).
LineCol line_col_of(std::string_view text, Pos offset);

}  // namespace fluence::air
