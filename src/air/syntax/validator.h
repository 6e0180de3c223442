// AirValidator: the static checks AquaVM 0.62 runs after parsing (spec air.md §4.4). It is fed
// every instruction in the order the reference's LR parser reduces them (post-order: children
// left to right, then the parent), because the "instruction after next" check is a stack
// machine over that order and its quirks depend on it. Internal to fluence_air_syntax.
#pragma once

#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fluence/air/syntax/ast.h"
#include "fluence/air/syntax/parser.h"

namespace fluence::air {

class AirValidator {
 public:
  void met(const Instruction& instr);
  // Appends the diagnostics, grouped by check in the reference's order.
  void finish(std::vector<ParseDiagnostic>& out);

 private:
  // ---- defined-before-use ----
  void use_name(std::string_view name, Span span) { uses_.emplace_back(name, span); }
  void use_value(const Value& v, Span span);
  void use_lens_keys(const Lens* lens, Span span);
  void define(std::string_view name, Span span);

  // ---- the "no instruction after next in a stream fold" machine ----
  enum class CheckKind : uint8_t {
    kPivotalNext, kMerging, kPopStack1, kPopStack2, kReplacing, kReplacingWithCheck, kXoring,
    kPopStack1ReplacingWithCheck, kSimple,
  };
  struct CheckEntry {
    CheckKind kind;
    std::string_view name;  // iterator of kPivotalNext / k*WithCheck
    Span span;
  };
  void machine(CheckKind kind, std::string_view name, Span span);
  void machine_replacing_with_check(CheckKind kind, std::string_view name, Span span);
  void after_next_check(std::string_view iterator);

  std::unordered_map<std::string_view, Pos> first_definition_;       // name -> smallest left
  std::unordered_map<std::string_view, std::vector<Span>> folds_;     // iterator -> fold spans
  std::vector<std::pair<std::string_view, Span>> uses_;
  std::vector<std::pair<std::string_view, Span>> nexts_;
  std::vector<std::pair<std::string_view, Span>> news_;
  std::vector<Span> zero_fail_codes_;

  std::vector<CheckEntry> stack_;
  std::vector<std::pair<std::string_view, Span>> potentially_malformed_;  // first per iterator
  std::vector<Span> malformed_;
  bool machine_enabled_ = true;
};

}  // namespace fluence::air
