#include "validator.h"

#include <algorithm>
#include <optional>
#include <string>

namespace fluence::air {
namespace {

bool span_contains(Span outer, Span inner) {
  return outer.left < inner.left && inner.right < outer.right;
}

}  // namespace

// Makes v[id] valid, filling new entries with `fill`.
template <typename T>
void ensure_index(std::vector<T>& v, uint32_t id, const T& fill) {
  if (id < v.size()) return;
  size_t size = v.size() * 2;
  if (size <= id) size = size_t{id} + 16;
  v.resize(size, fill);
}

bool AirValidator::is_defined(NameId name, Span span) const {
  if (name < first_definition_.size() && first_definition_[name] < span.left) return true;
  if (fold_names_.empty() || name >= folds_.size()) return false;
  for (Span s : folds_[name]) {
    if (s.left < span.left) return true;
  }
  return false;
}

void AirValidator::use_name_slow(NameId name, Span span) {
  if (is_defined(name, span)) return;
  ensure_index(unresolved_, name, uint8_t{0});
  if (unresolved_[name]) return;
  unresolved_[name] = 1;
  first_unresolved_uses_.emplace_back(name, span);
}

void AirValidator::use_lens_keys(const Lens* lens, Span span) {
  if (lens == nullptr) return;
  for (const auto& a : lens->accessors) {
    if (a.kind == LensAccessorKind::kScalarKey) use_name(a.name_id, span);
  }
}

// Uses of a value operand: variables (and the scalars named in their lenses). Error values and
// constants are not checked, not even the scalars in their lenses (as in the reference).
void AirValidator::use_value(const Value& v, Span span) {
  if (v.kind != ValueKind::kVariable) return;
  use_name(v.var.id, span);
  use_lens_keys(v.var.lens, span);
}

void AirValidator::grow_definitions(NameId name) {
  ensure_index(first_definition_, name, kUndefined);
}

void AirValidator::add_fold(NameId iterator, Span span) {
  ensure_index(folds_, iterator, std::vector<Span>{});
  if (folds_[iterator].empty()) fold_names_.push_back(iterator);
  folds_[iterator].push_back(span);
}

void AirValidator::met_other(const Instruction& instr) {
  const Span span = instr.span;
  switch (instr.kind()) {
    case InstrKind::kCall: {
      const auto& c = instr.as<Call>();
      use_value(c.triplet.peer_id, span);
      use_value(c.triplet.service_id, span);
      use_value(c.triplet.function_name, span);
      for (const auto& a : c.args) use_value(a, span);
      machine(CheckKind::kSimple, kNoName, span);
      if (c.has_output) define(c.output.id, span);
      break;
    }
    case InstrKind::kCanon:
      // The source stream and the peer are not checked: an undefined stream is empty.
      define(instr.as<Canon>().canon_stream.id, span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    case InstrKind::kCanonMap:
      define(instr.as<CanonMap>().canon_stream_map.id, span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    case InstrKind::kCanonMapToScalar:
      define(instr.as<CanonMapToScalar>().scalar.id, span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    case InstrKind::kAp: {
      const auto& ap = instr.as<Ap>();
      use_value(ap.argument, span);
      define(ap.result.id, span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    }
    case InstrKind::kApMap: {
      // Only the key is checked; the value is not (as in the reference).
      const auto& ap = instr.as<ApMap>();
      use_value(ap.key, span);
      define(ap.map.id, span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    }
    case InstrKind::kSeq:
    case InstrKind::kPar:
      machine(CheckKind::kMerging, kNoName, span);
      break;
    case InstrKind::kXor:
      machine(CheckKind::kXoring, kNoName, span);
      break;
    case InstrKind::kMatch: {
      const auto& m = instr.as<Match>();
      use_value(m.left, span);
      use_value(m.right, span);
      machine(CheckKind::kReplacing, kNoName, span);
      break;
    }
    case InstrKind::kMismatch: {
      const auto& m = instr.as<Mismatch>();
      use_value(m.left, span);
      use_value(m.right, span);
      machine(CheckKind::kReplacing, kNoName, span);
      break;
    }
    case InstrKind::kFail: {
      const auto& f = instr.as<Fail>();
      if (f.kind == FailKind::kLiteral && f.code == 0) zero_fail_codes_.push_back(span);
      machine(CheckKind::kSimple, kNoName, span);
      break;
    }
    case InstrKind::kFoldScalar: {
      const auto& f = instr.as<FoldScalar>();
      use_value(f.iterable, span);
      add_fold(f.iterator.id, span);
      machine(f.last ? CheckKind::kPopStack2 : CheckKind::kPopStack1, kNoName, span);
      break;
    }
    case InstrKind::kFoldStream: {
      const auto& f = instr.as<FoldStream>();
      use_name(f.iterable.id, span);
      add_fold(f.iterator.id, span);
      machine(f.last ? CheckKind::kPopStack1ReplacingWithCheck : CheckKind::kReplacingWithCheck,
              f.iterator.id, span);
      break;
    }
    case InstrKind::kFoldStreamMap: {
      const auto& f = instr.as<FoldStreamMap>();
      use_name(f.iterable.id, span);
      add_fold(f.iterator.id, span);
      machine(f.last ? CheckKind::kPopStack1ReplacingWithCheck : CheckKind::kReplacingWithCheck,
              f.iterator.id, span);
      break;
    }
    case InstrKind::kNext: {
      const NameId name = instr.as<Next>().iterator.id;
      nexts_.emplace_back(name, span);
      machine(CheckKind::kPivotalNext, name, span);
      break;
    }
    case InstrKind::kNew: {
      const NameId name = instr.as<New>().argument.id;
      news_.emplace_back(name, span);
      define(name, span);
      machine(CheckKind::kReplacing, kNoName, span);
      break;
    }
    case InstrKind::kNull:
    case InstrKind::kNever:
      machine(CheckKind::kSimple, kNoName, span);
      break;
  }
}

// ---- after-next machine ------------------------------------------------------------------------
// The reference's stack holds (kind, iterator name, span) entries; here an entry is just the
// iterator of a pivotal next, or kNoName for any other entry (see pivots_).

void AirValidator::machine(CheckKind kind, NameId name, Span span) {
  if (!machine_enabled_) return;
  auto disable = [&]() {
    depth_ = 0;
    pivots_.clear();
    machine_enabled_ = false;
  };
  switch (kind) {
    case CheckKind::kSimple:
      push_entry(kNoName);
      return;
    case CheckKind::kPivotalNext:
      push_entry(name);
      return;
    case CheckKind::kMerging: {
      if (depth_ < 2) return disable();
      const NameId right = pop_entry();
      const NameId left = pop_entry();
      if (left == kNoName || left == right) {
        push_entry(right);  // the right child's next, or both the same next, or no next at all
      } else {
        // Something follows a next: an error if the fold it belongs to is over a stream.
        push_entry(kNoName);
        bool known = false;
        for (const auto& [n, s] : potentially_malformed_) known = known || n == left;
        if (!known) potentially_malformed_.emplace_back(left, span);
      }
      return;
    }
    case CheckKind::kXoring: {
      if (depth_ < 2) return disable();
      const NameId right = pop_entry();
      const NameId left = pop_entry();
      if (left != kNoName && right != kNoName) return disable();  // next in both: give up
      push_entry(left != kNoName ? left : right);
      return;
    }
    case CheckKind::kReplacing:
      // The child's entry is replaced by one of the same pivotality and iterator.
      if (depth_ == 0) return disable();
      return;
    case CheckKind::kReplacingWithCheck:
      return machine_replacing_with_check(name);
    case CheckKind::kPopStack1ReplacingWithCheck:
      if (depth_ > 0) pop_entry();
      return machine_replacing_with_check(name);
    case CheckKind::kPopStack1:
      if (depth_ > 0) pop_entry();
      push_entry(kNoName);
      return;
    case CheckKind::kPopStack2:
      if (depth_ > 0) pop_entry();
      if (depth_ > 0) pop_entry();
      push_entry(kNoName);
      return;
  }
}

void AirValidator::after_next_check(NameId iterator) {
  for (const auto& [n, s] : potentially_malformed_) {
    if (n == iterator) {
      malformed_.push_back(s);
      return;
    }
  }
}

void AirValidator::machine_replacing_with_check(NameId name) {
  if (depth_ == 0) {
    // The reference only stops the machine here (without clearing its stack).
    machine_enabled_ = false;
    return;
  }
  const NameId child = pop_entry();
  after_next_check(name);
  if (child == name) {
    std::erase_if(potentially_malformed_, [&](const auto& p) { return p.first == name; });
    push_entry(kNoName);
  } else {
    push_entry(child);  // a next of another iterator stays pivotal; no next stays none
  }
}

// ---- final checks --------------------------------------------------------------------------

void AirValidator::finish(const std::vector<std::string_view>& names,
                          std::vector<ParseDiagnostic>& out) {
  for (NameId name : fold_names_) {
    std::stable_sort(folds_[name].begin(), folds_[name].end(),
                     [](Span a, Span b) { return a.left < b.left; });
  }
  // The innermost fold over `name` that strictly contains `span`.
  auto closest_fold = [&](NameId name, Span span) -> std::optional<Span> {
    if (name >= folds_.size()) return std::nullopt;
    std::optional<Span> found;
    for (Span s : folds_[name]) {
      if (span_contains(s, span)) found = s;
    }
    return found;
  };
  auto text = [&](NameId name) { return std::string(names[name]); };

  // 1. Defined before use (a definition or a fold iterator starting earlier in the text).
  for (const auto& [name, span] : first_unresolved_uses_) {
    if (!is_defined(name, span)) {
      out.push_back({span.left, span.right, "variable '" + text(name) + "' wasn't defined"});
    }
  }
  // 2. next inside a fold over its iterator (only the first next per name is checked).
  std::vector<uint8_t> next_checked(names.size(), 0);
  for (const auto& [name, span] : nexts_) {
    if (next_checked[name]) continue;
    next_checked[name] = 1;
    if (!closest_fold(name, span)) {
      out.push_back({span.left, span.right, "iterable '" + text(name) + "' wasn't defined"});
    }
  }
  // 3. At most one next per fold.
  {
    std::vector<std::pair<NameId, Pos>> seen;  // (iterator, fold left)
    for (const auto& [name, span] : nexts_) {
      auto fold = closest_fold(name, span);
      if (!fold) continue;
      bool dup = false;
      for (const auto& [n, l] : seen) dup = dup || (n == name && l == fold->left);
      if (dup) {
        out.push_back({span.left, span.right,
                       "multiple next instructions for iterator '" + text(name) +
                           "' found for one fold, that is prohibited"});
      } else {
        seen.emplace_back(name, fold->left);
      }
    }
  }
  // 4. new must not restrict an iterator of an enclosing fold.
  for (const auto& [name, span] : news_) {
    if (closest_fold(name, span)) {
      out.push_back({span.left, span.right,
                     "new can't be applied to a '" + text(name) + "' because it's an iterator"});
    }
  }
  // 5. Nested folds must not reuse an iterator name.
  {
    std::vector<NameId> by_first_fold = fold_names_;
    std::sort(by_first_fold.begin(), by_first_fold.end(), [&](NameId a, NameId b) {
      return folds_[a].front().left < folds_[b].front().left;
    });
    for (NameId name : by_first_fold) {
      const auto& spans = folds_[name];
      Span prev = spans.front();
      for (size_t i = 1; i < spans.size(); ++i) {
        if (span_contains(prev, spans[i])) {
          out.push_back({spans[i].left, spans[i].right,
                         "multiple iterable values found for iterator name '" + text(name) +
                             "'"});
        } else {
          prev = spans[i];
        }
      }
    }
  }
  // 6. fail with code 0.
  for (Span span : zero_fail_codes_) {
    out.push_back({span.left, span.right, "error code 0 with fail is unsupported"});
  }
  // 7. Instructions after next in folds over streams / stream maps.
  for (Span span : malformed_) {
    out.push_back({span.left, span.right, "fold can not have instructions after next"});
  }
}

}  // namespace fluence::air
