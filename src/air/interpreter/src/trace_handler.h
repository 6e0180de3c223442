// TraceHandler: the two read cursors over the prev and current traces, the result trace and
// the merge rules of air.md §6.1 and §7 (calls, aps, canons, par windows, fold lore).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fluence/air/data/executed_state.h"

namespace fluence::air {

// Uncatchable trace errors (20000); the message says what went wrong.
struct TraceError {
  int code = 20000;
  std::string message;
};

// A window over one input trace (§6.1).
class TraceSlider {
 public:
  explicit TraceSlider(const Trace* trace) : trace_(trace), len_(trace->size()) {}

  const ExecutedState* next_state() {
    if (seen_ >= len_ || pos_ >= trace_->size()) return nullptr;
    const ExecutedState* s = &(*trace_)[pos_];
    ++pos_;
    ++seen_;
    return s;
  }
  // An empty window may point anywhere.
  bool set_position_and_len(std::size_t pos, std::size_t len) {
    if (len != 0 && pos + len > trace_->size()) return false;
    pos_ = pos;
    len_ = len;
    seen_ = 0;
    return true;
  }
  bool set_subtrace_len(std::size_t len) {
    if (pos_ > trace_->size() || trace_->size() - pos_ < len) return false;
    seen_ = 0;
    len_ = len;
    return true;
  }
  std::size_t position() const { return pos_; }
  std::size_t subtrace_len() const { return len_ - seen_; }
  const Trace& trace() const { return *trace_; }

 private:
  const Trace* trace_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
  std::size_t seen_ = 0;
};

// Which input(s) a merged state came from (§7.1).
enum class MergeSource : std::uint8_t { kPrevious, kCurrent, kBoth };

struct MergedCall {
  const CallResult* state = nullptr;  // nullptr: neither trace has it
  MergeSource source = MergeSource::kPrevious;
};

struct MergedAp {
  bool met = false;
  std::uint32_t generation = 0;
  MergeSource source = MergeSource::kPrevious;
};

struct MergedCanon {
  const CanonResult* state = nullptr;
};

struct ResolvedSubTrace {
  std::uint32_t before_pos = 0, before_len = 0, after_pos = 0, after_len = 0;
};

struct ResolvedFold {
  std::unordered_map<std::uint32_t, ResolvedSubTrace> lore;
  std::size_t states_count = 0;
};

struct SliderState {
  std::size_t pos = 0;
  std::size_t len = 0;
};

class TraceHandler;

// Keeps the par slot and the slider states to restore after each branch (§7.5).
struct ParFsm {
  std::size_t slot = 0;
  ParResult prev_par, current_par;
  SliderState prev_after_left, current_after_left, prev_after_right, current_after_right;
  std::size_t left_end = 0;
};

// The lore of one iteration being recorded (result-trace coordinates).
struct LoreCtor {
  std::uint32_t value_pos = 0;
  std::size_t before_begin = 0, before_end = 0, after_begin = 0, after_end = 0;
  int state = 0;  // 0 before started, 1 before completed, 2 after started, 3 after completed
  std::optional<ResolvedSubTrace> prev, current;
};

// One fold over a stream in progress (§7.6).
struct FoldFsm {
  std::size_t slot = 0;
  ResolvedFold prev_fold, current_fold;
  SliderState prev_final, current_final;
  std::vector<LoreCtor> queue;
  std::size_t back_pos = 0;
  bool back_traversal = false;
  std::vector<FoldSubTraceLore> result_lore;
};

class TraceHandler {
 public:
  TraceHandler(const Trace& prev, const Trace& current);

  std::size_t trace_pos() const { return result_.size(); }
  Trace& result() { return result_; }
  // Room for `states` more states than the inputs hold (a fresh run of a long script).
  void reserve_new_states(std::size_t states) {
    result_.reserve(std::max(prev_trace_.size(), current_trace_.size()) + states);
  }
  Trace take_result() { return std::move(result_); }

  // Call: takes one state from each slider and merges them (§7.2).
  std::optional<TraceError> meet_call_start(MergedCall& out);
  void meet_call_end(CallResult state) { result_.emplace_back(std::move(state)); }

  std::optional<TraceError> meet_ap_start(MergedAp& out);
  void meet_ap_end(std::uint32_t generation) {
    result_.emplace_back(ApResult{{generation}});
  }

  std::optional<TraceError> meet_canon_start(MergedCanon& out);
  void meet_canon_end(CanonResult state) { result_.emplace_back(std::move(state)); }

  std::optional<TraceError> meet_par_start(ParFsm& fsm);
  void meet_par_left_end(ParFsm& fsm);
  void meet_par_right_end(ParFsm& fsm);

  std::optional<TraceError> meet_fold_start(FoldFsm& fsm);
  std::optional<TraceError> meet_iteration_start(FoldFsm& fsm, std::uint32_t value_pos);
  void meet_iteration_end(FoldFsm& fsm);
  std::optional<TraceError> meet_back_iterator(FoldFsm& fsm);
  void meet_generation_end(FoldFsm& fsm);
  void meet_fold_end(FoldFsm& fsm);

  // Compaction (§7.9): writes the final generation into an Ap or Call Executed Stream state.
  bool update_generation(std::size_t pos, std::uint32_t generation);

 private:
  // Where a state of the result came from; kNone where it has no source there.
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Positions {
    std::uint32_t prev = kNone, current = kNone;
  };
  void map_positions(MergeSource source);
  std::optional<TraceError> resolve_fold(const FoldResult& fold, const Trace& trace,
                                         ResolvedFold& out);
  bool apply_lore(TraceSlider& slider, const std::optional<ResolvedSubTrace>& lore, bool before);

  const Trace& prev_trace_;
  const Trace& current_trace_;
  TraceSlider prev_;
  TraceSlider current_;
  Trace result_;
  // By position in result_ (dense: most states are merged from an input).
  std::vector<Positions> new_to_old_;
};

// Rust Debug rendering of a state, as the reference's trace error messages show it.
std::string debug_state(const ExecutedState& state);
std::string debug_value(const ValueRef& value);
// Human-readable name of a state kind, for error messages.
const char* state_kind_name(const ExecutedState* state);

}  // namespace fluence::air
