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
  // Inline for the common instructions (seq, par, ap without lenses); the rest in met_other().
  [[gnu::always_inline]] void met(const Instruction& instr) {
    switch (instr.kind()) {
      case InstrKind::kSeq:
      case InstrKind::kPar:
        return merge(instr.span);
      case InstrKind::kNull:
      case InstrKind::kNever:
        if (machine_enabled_) ++depth_;  // machine(kSimple)
        return;
      case InstrKind::kAp: {
        const Ap& ap = instr.as<Ap>();
        if (ap.argument.kind == ValueKind::kVariable) {
          if (ap.argument.var.lens != nullptr) break;
          use_name(ap.argument.var.id, instr.span);
        }
        define(ap.result.id, instr.span);
        if (machine_enabled_) ++depth_;  // machine(kSimple)
        return;
      }
      case InstrKind::kCall: {
        const Call& c = instr.as<Call>();
        if (has_lens(c.triplet.peer_id) || has_lens(c.triplet.service_id) ||
            has_lens(c.triplet.function_name)) {
          break;
        }
        for (const Value& a : c.args) {
          if (has_lens(a)) return met_other(instr);
        }
        use_plain_value(c.triplet.peer_id, instr.span);
        use_plain_value(c.triplet.service_id, instr.span);
        use_plain_value(c.triplet.function_name, instr.span);
        for (const Value& a : c.args) use_plain_value(a, instr.span);
        if (machine_enabled_) ++depth_;  // machine(kSimple)
        if (c.has_output) define(c.output.id, instr.span);
        return;
      }
      default:
        break;
    }
    met_other(instr);
  }
  // met() of an ap whose argument is a literal (`argument` is kNoName) or a variable without
  // lens: for the parser's direct reading, which knows that much without reading the node.
  static constexpr uint32_t kNoName = UINT32_MAX;
  [[gnu::always_inline]] void met_plain_ap(uint32_t argument, uint32_t result, Span span) {
    if (argument != kNoName) use_name(argument, span);
    define(result, span);
    if (machine_enabled_) ++depth_;  // machine(kSimple)
  }
  // met() of a call none of whose operands has a lens (the parser's direct reading knows).
  [[gnu::always_inline]] void met_plain_call(const Call& c, Span span) {
    use_plain_value(c.triplet.peer_id, span);
    use_plain_value(c.triplet.service_id, span);
    use_plain_value(c.triplet.function_name, span);
    for (const Value& a : c.args) use_plain_value(a, span);
    if (machine_enabled_) ++depth_;  // machine(kSimple)
    if (c.has_output) define(c.output.id, span);
  }
  // Appends the diagnostics, grouped by check in the reference's order. `names` maps the name
  // ids of the instructions met to their text.
  void finish(const std::vector<std::string_view>& names, std::vector<ParseDiagnostic>& out);

 private:
  using NameId = uint32_t;
  static constexpr Pos kUndefined = UINT32_MAX;

  void met_other(const Instruction& instr);
  // A variable with a lens (whose scalar keys are uses too).
  static bool has_lens(const Value& v) {
    return v.kind == ValueKind::kVariable && v.var.lens != nullptr;
  }
  // use_value() of a value without lens.
  [[gnu::always_inline]] void use_plain_value(const Value& v, Span span) {
    if (v.kind == ValueKind::kVariable) use_name(v.var.id, span);
  }

  // ---- defined-before-use ----
  [[gnu::always_inline]] void use_name(NameId name, Span span) {
    if (name < first_definition_.size() && first_definition_[name] < span.left) return;
    use_name_slow(name, span);
  }
  void use_name_slow(NameId name, Span span);
  bool is_defined(NameId name, Span span) const;
  void use_value(const Value& v, Span span);
  void use_lens_keys(const Lens* lens, Span span);
  [[gnu::always_inline]] void define(NameId name, Span span) {
    if (name >= first_definition_.size()) grow_definitions(name);
    Pos& left = first_definition_[name];
    if (span.left < left) left = span.left;
  }
  void grow_definitions(NameId name);
  void add_fold(NameId iterator, Span span);

  // ---- the "no instruction after next in a stream fold" machine ----
  enum class CheckKind : uint8_t {
    kPivotalNext, kMerging, kPopStack1, kPopStack2, kReplacing, kReplacingWithCheck, kXoring,
    kPopStack1ReplacingWithCheck, kSimple,
  };
  void machine(CheckKind kind, NameId name, Span span);
  // machine(kMerging, ...) for the common case: no next below either child.
  void merge(Span span) {
    if (machine_enabled_ && depth_ >= 2 && (pivots_.empty() || pivots_.back().first + 2 < depth_)) {
      --depth_;  // two entries without a next become one
      return;
    }
    machine(CheckKind::kMerging, kNoName, span);
  }
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

  // The machine's stack. Of a popped entry only "is it a pivotal next, and of which iterator"
  // is ever looked at, and most entries are not: so the stack is its depth plus the pivotal
  // entries as (index, iterator), in index order.
  size_t depth_ = 0;
  std::vector<std::pair<size_t, NameId>> pivots_;
  void push_entry(NameId name) {
    if (name != kNoName) pivots_.emplace_back(depth_, name);
    ++depth_;
  }
  // The top entry's iterator (kNoName if it is not a pivotal next); the stack is not empty.
  NameId pop_entry() {
    --depth_;
    if (pivots_.empty() || pivots_.back().first != depth_) return kNoName;
    const NameId name = pivots_.back().second;
    pivots_.pop_back();
    return name;
  }
  std::vector<std::pair<NameId, Span>> potentially_malformed_;  // first per iterator
  std::vector<Span> malformed_;
  bool machine_enabled_ = true;
};

}  // namespace fluence::air
