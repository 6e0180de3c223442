// AirValidator: the static checks AquaVM 0.62 runs after parsing (spec air.md §4.4). It is fed
// every instruction in the order the reference's LR parser reduces them (post-order: children
// left to right, then the parent), because the "instruction after next" check is a stack
// machine over that order and its quirks depend on it. Internal to fluence_air_syntax.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "fluence/air/syntax/ast.h"
#include "fluence/air/syntax/parser.h"

namespace fluence::air {

class AirValidator {
 public:
  void met(const Instruction& instr);
  // Appends the diagnostics, grouped by check in the reference's order. `names` maps the name
  // ids of the instructions met to their text.
  void finish(const std::vector<std::string_view>& names, std::vector<ParseDiagnostic>& out);

 private:
  using NameId = uint32_t;
  static constexpr NameId kNoName = UINT32_MAX;
  static constexpr Pos kUndefined = UINT32_MAX;

  // ---- defined-before-use ----
  void use_name(NameId name, Span span);
  bool is_defined(NameId name, Span span) const;
  void use_value(const Value& v, Span span);
  void use_lens_keys(const Lens* lens, Span span);
  void define(NameId name, Span span);
  void add_fold(NameId iterator, Span span);

  // ---- the "no instruction after next in a stream fold" machine ----
  enum class CheckKind : uint8_t {
    kPivotalNext, kMerging, kPopStack1, kPopStack2, kReplacing, kReplacingWithCheck, kXoring,
    kPopStack1ReplacingWithCheck, kSimple,
  };
  void machine(CheckKind kind, NameId name, Span span);
  void machine_replacing_with_check(NameId name);
  void after_next_check(NameId iterator);

  // Per name id (grown on demand): the smallest left of a definition (kUndefined if none), and
  // whether a use of the name is already waiting in first_unresolved_uses_.
  std::vector<Pos> first_definition_;
  std::vector<uint8_t> unresolved_;
  // Fold spans per iterator, in met order; fold_names_ lists the iterators in first-met order.
  std::vector<std::vector<Span>> folds_;
  std::vector<NameId> fold_names_;
  // The reference keeps unresolved uses in a multimap and rechecks only the first one per name
  // (in met order); likewise for `next`. Later uses of the same name are never reported.
  std::vector<std::pair<NameId, Span>> first_unresolved_uses_;
  std::vector<std::pair<NameId, Span>> nexts_;
  std::vector<std::pair<NameId, Span>> news_;
  std::vector<Span> zero_fail_codes_;

  std::vector<NameId> stack_;  // per entry: the iterator of a pivotal next, else kNoName
  std::vector<std::pair<NameId, Span>> potentially_malformed_;  // first per iterator
  std::vector<Span> malformed_;
  bool machine_enabled_ = true;
};

}  // namespace fluence::air
