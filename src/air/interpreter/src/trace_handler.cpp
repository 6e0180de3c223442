#include "trace_handler.h"

#include <string>

namespace fluence::air {
namespace {

std::string debug_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string debug_cid(const CidText& cid) { return "CID(" + debug_string(cid.view()) + ")"; }

std::string debug_value_ref(const ValueRef& v) {
  if (auto* s = std::get_if<ScalarValueRef>(&v)) return "Scalar(" + debug_cid(s->cid) + ")";
  if (auto* s = std::get_if<StreamValueRef>(&v))
    return "Stream { cid: " + debug_cid(s->cid) + ", generation: " + std::to_string(s->generation) + " }";
  return "Unused(" + debug_cid(std::get<UnusedValueRef>(v).cid) + ")";
}

std::string debug_call(const CallResult& c) {
  if (auto* r = std::get_if<CallRequestSentBy>(&c)) {
    if (auto* p = std::get_if<SenderPeerId>(&r->sender))
      return "RequestSentBy(PeerId(" + debug_string(p->peer_id.view()) + "))";
    const auto& w = std::get<SenderPeerIdWithCallId>(r->sender);
    return "RequestSentBy(PeerIdWithCallId { peer_id: " + debug_string(w.peer_id.view()) +
           ", call_id: " + std::to_string(w.call_id) + " })";
  }
  if (auto* e = std::get_if<CallExecuted>(&c)) return "Executed(" + debug_value_ref(e->value) + ")";
  return "Failed(" + debug_cid(std::get<CallFailed>(c).cid) + ")";
}

std::string debug_ap(const ApResult& a) {
  std::string gens;
  for (std::size_t i = 0; i < a.generations.size(); ++i)
    gens += (i ? ", " : "") + std::to_string(a.generations[i]);
  return "ApResult { res_generations: [" + gens + "] }";
}

std::string debug_canon(const CanonResult& c) {
  if (auto* r = std::get_if<CanonRequestSentBy>(&c)) return "RequestSentBy(" + debug_string(r->peer_id.view()) + ")";
  return "Executed(" + debug_cid(std::get<CanonExecuted>(c).cid) + ")";
}

TraceError incompatible(const char* expected, const ExecutedState* prev,
                        const ExecutedState* current) {
  if (prev && current)
    return TraceError{20000, "previous and current data have incompatible states: '" +
                                 debug_state(*prev) + "' '" + debug_state(*current) + "'"};
  const ExecutedState* s = prev ? prev : current;
  return TraceError{20000, std::string("state from ") + (prev ? "previous" : "current") + " `" +
                               debug_state(*s) + "` is incompatible with expected " + expected};
}

bool same_value_ref(const ValueRef& a, const ValueRef& b) {
  if (a.index() != b.index()) return false;
  if (auto* s = std::get_if<ScalarValueRef>(&a)) return s->cid == std::get<ScalarValueRef>(b).cid;
  if (auto* s = std::get_if<StreamValueRef>(&a)) return s->cid == std::get<StreamValueRef>(b).cid;
  return std::get<UnusedValueRef>(a).cid == std::get<UnusedValueRef>(b).cid;
}

}  // namespace

std::string debug_state(const ExecutedState& s) {
  switch (s.index()) {
    case 0: {
      const auto& p = std::get<ParResult>(s);
      return "Par(ParResult { left_size: " + std::to_string(p.left_size) +
             ", right_size: " + std::to_string(p.right_size) + " })";
    }
    case 1: return "Call(" + debug_call(std::get<CallResult>(s)) + ")";
    case 2: {
      std::string out = "Fold(FoldResult { lore: [";
      bool first = true;
      for (const auto& l : std::get<FoldResult>(s).lore) {
        out += first ? "" : ", ";
        first = false;
        out += "FoldSubTraceLore { value_pos: " + std::to_string(l.value_pos) + ", subtraces_desc: [";
        for (std::size_t i = 0; i < l.subtraces_desc.size(); ++i)
          out += (i ? ", " : "") + std::string("SubTraceDesc { begin_pos: ") +
                 std::to_string(l.subtraces_desc[i].begin_pos) +
                 ", subtrace_len: " + std::to_string(l.subtraces_desc[i].subtrace_len) + " }";
        out += "] }";
      }
      return out + "] })";
    }
    case 3: return "Ap(" + debug_ap(std::get<ApResult>(s)) + ")";
    default: return "Canon(" + debug_canon(std::get<CanonResult>(s)) + ")";
  }
}

std::string debug_value(const ValueRef& value) { return debug_value_ref(value); }

const char* state_kind_name(const ExecutedState* state) {
  if (state == nullptr) return "none";
  switch (state->index()) {
    case 0: return "par";
    case 1: return "call";
    case 2: return "fold";
    case 3: return "ap";
    default: return "canon";
  }
}

TraceHandler::TraceHandler(const Trace& prev, const Trace& current)
    : prev_trace_(prev), current_trace_(current), prev_(&prev), current_(&current) {
  result_.reserve(std::max(prev.size(), current.size()) + 8);
  new_to_old_.reserve(result_.capacity());
}

void TraceHandler::map_positions(MergeSource source) {
  Positions p;
  if (source != MergeSource::kCurrent) p.prev = static_cast<std::uint32_t>(prev_.position() - 1);
  if (source != MergeSource::kPrevious)
    p.current = static_cast<std::uint32_t>(current_.position() - 1);
  if (new_to_old_.size() <= result_.size()) new_to_old_.resize(result_.size() + 1);
  new_to_old_[result_.size()] = p;
}

std::optional<TraceError> TraceHandler::meet_call_start(MergedCall& out) {
  const ExecutedState* ps = prev_.next_state();
  const ExecutedState* cs = current_.next_state();
  const CallResult* p = ps ? std::get_if<CallResult>(ps) : nullptr;
  const CallResult* c = cs ? std::get_if<CallResult>(cs) : nullptr;
  if ((ps && !p) || (cs && !c)) return incompatible("call", ps, cs);
  out = MergedCall{};
  if (!p && !c) return std::nullopt;
  if (!p) {
    out = {c, MergeSource::kCurrent};
    map_positions(MergeSource::kCurrent);
    return std::nullopt;
  }
  if (!c) {
    out = {p, MergeSource::kPrevious};
    map_positions(MergeSource::kPrevious);
    return std::nullopt;
  }
  const bool p_sent = std::holds_alternative<CallRequestSentBy>(*p);
  const bool c_sent = std::holds_alternative<CallRequestSentBy>(*c);
  const bool p_failed = std::holds_alternative<CallFailed>(*p);
  const bool c_failed = std::holds_alternative<CallFailed>(*c);
  if (p_failed && c_failed) {
    if (!(std::get<CallFailed>(*p) == std::get<CallFailed>(*c)))
      return TraceError{20000, "previous and current call results are incompatible: '" +
                                   debug_call(*p) + "' '" + debug_call(*c) + "'"};
    out = {p, MergeSource::kPrevious};
  } else if (p_sent && (c_failed || !c_sent)) {
    out = {c, MergeSource::kCurrent};
  } else if (p_sent && c_sent) {
    out = {p, MergeSource::kPrevious};
  } else if ((p_failed || !p_sent) && c_sent) {
    out = {p, MergeSource::kPrevious};
  } else if (!p_failed && !c_failed) {
    // Executed / Executed
    if (!same_value_ref(std::get<CallExecuted>(*p).value, std::get<CallExecuted>(*c).value))
      return TraceError{20000, "values in call results are not equal: " +
                                   debug_value_ref(std::get<CallExecuted>(*p).value) + " != " +
                                   debug_value_ref(std::get<CallExecuted>(*c).value)};
    out = {p, MergeSource::kPrevious};
  } else {
    return TraceError{20000, "previous and current call results are incompatible: '" +
                                 debug_call(*p) + "' '" + debug_call(*c) + "'"};
  }
  map_positions(MergeSource::kBoth);
  return std::nullopt;
}

std::optional<TraceError> TraceHandler::meet_ap_start(MergedAp& out) {
  const ExecutedState* ps = prev_.next_state();
  const ExecutedState* cs = current_.next_state();
  const ApResult* p = ps ? std::get_if<ApResult>(ps) : nullptr;
  const ApResult* c = cs ? std::get_if<ApResult>(cs) : nullptr;
  if ((ps && !p) || (cs && !c)) return incompatible("ap", ps, cs);
  out = MergedAp{};
  auto check = [](const ApResult* a) { return a == nullptr || a->generations.size() == 1; };
  if (!check(p)) return TraceError{20000, debug_ap(*p) + " ap result contains inappropriate generation count in destination"};
  if (!check(c)) return TraceError{20000, debug_ap(*c) + " ap result contains inappropriate generation count in destination"};
  if (p && c) {
    out = {true, p->generations[0], MergeSource::kPrevious};
    map_positions(MergeSource::kBoth);
  } else if (p) {
    out = {true, p->generations[0], MergeSource::kPrevious};
    map_positions(MergeSource::kPrevious);
  } else if (c) {
    out = {true, c->generations[0], MergeSource::kCurrent};
    map_positions(MergeSource::kCurrent);
  }
  return std::nullopt;
}

std::optional<TraceError> TraceHandler::meet_canon_start(MergedCanon& out) {
  const ExecutedState* ps = prev_.next_state();
  const ExecutedState* cs = current_.next_state();
  const CanonResult* p = ps ? std::get_if<CanonResult>(ps) : nullptr;
  const CanonResult* c = cs ? std::get_if<CanonResult>(cs) : nullptr;
  if ((ps && !p) || (cs && !c)) return incompatible("canon", ps, cs);
  out = MergedCanon{};
  if (p && c) {
    const auto* pe = std::get_if<CanonExecuted>(p);
    const auto* ce = std::get_if<CanonExecuted>(c);
    if (pe && ce) {
      if (!(pe->cid == ce->cid))
        return TraceError{20000, "canon results " + debug_canon(*p) + " " + debug_canon(*c) +
                                     " points to incompatible execution states"};
      out.state = p;
    } else if (pe) {
      out.state = p;
    } else if (ce) {
      out.state = c;
    } else {
      out.state = p;
    }
  } else {
    out.state = p ? p : c;
  }
  return std::nullopt;
}

std::optional<TraceError> TraceHandler::meet_par_start(ParFsm& fsm) {
  const ExecutedState* ps = prev_.next_state();
  const ExecutedState* cs = current_.next_state();
  const ParResult* p = ps ? std::get_if<ParResult>(ps) : nullptr;
  const ParResult* c = cs ? std::get_if<ParResult>(cs) : nullptr;
  if ((ps && !p) || (cs && !c)) return incompatible("par", ps, cs);
  fsm.prev_par = p ? *p : ParResult{};
  fsm.current_par = c ? *c : ParResult{};
  fsm.slot = result_.size();
  result_.emplace_back(ParResult{});

  auto compute = [](const TraceSlider& s, const ParResult& par, SliderState& left,
                    SliderState& right) -> bool {
    const std::size_t l = par.left_size;
    const std::size_t both = std::size_t{par.left_size} + par.right_size;
    const std::size_t rem = s.subtrace_len();
    if (both > 0xffffffffu) return false;
    if (rem < l || rem < both) return false;
    left = {s.position() + l, rem - l};
    right = {s.position() + both, rem - both};
    return true;
  };
  if (!compute(prev_, fsm.prev_par, fsm.prev_after_left, fsm.prev_after_right) ||
      !compute(current_, fsm.current_par, fsm.current_after_left, fsm.current_after_right))
    return TraceError{20000, "par subtrace lengths exceed the enclosing subtrace"};
  if (!prev_.set_subtrace_len(fsm.prev_par.left_size) ||
      !current_.set_subtrace_len(fsm.current_par.left_size))
    return TraceError{20000, "par left subtrace length exceeds the trace"};
  return std::nullopt;
}

void TraceHandler::meet_par_left_end(ParFsm& fsm) {
  fsm.left_end = result_.size();
  prev_.set_position_and_len(fsm.prev_after_left.pos, fsm.prev_after_left.len);
  current_.set_position_and_len(fsm.current_after_left.pos, fsm.current_after_left.len);
  // Checked in meet_par_start.
  prev_.set_subtrace_len(fsm.prev_par.right_size);
  current_.set_subtrace_len(fsm.current_par.right_size);
}

void TraceHandler::meet_par_right_end(ParFsm& fsm) {
  const std::size_t left = fsm.left_end - fsm.slot - 1;
  const std::size_t right = result_.size() - fsm.left_end;
  result_[fsm.slot] =
      ParResult{static_cast<std::uint32_t>(left), static_cast<std::uint32_t>(right)};
  prev_.set_position_and_len(fsm.prev_after_right.pos, fsm.prev_after_right.len);
  current_.set_position_and_len(fsm.current_after_right.pos, fsm.current_after_right.len);
}

std::optional<TraceError> TraceHandler::resolve_fold(const FoldResult& fold, const Trace& trace,
                                                     ResolvedFold& out) {
  const std::size_t n = fold.lore.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lens(n);  // before, after
  std::size_t count = 0;
  std::uint32_t last_gen = 0;
  std::size_t run_start = 0;
  std::uint32_t cum_after = 0;
  auto close_run = [&](std::size_t begin, std::size_t end) {
    std::uint32_t cum_before = 0;
    const std::uint32_t after = lens[end].second;
    for (std::size_t i = end + 1; i-- > begin;) {
      cum_before += lens[i].first;
      lens[i].first = cum_before + after;
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto& l = fold.lore[i];
    if (l.subtraces_desc.size() != 2)
      return TraceError{20000, "fold lore must contain exactly two subtrace descriptors"};
    if (l.value_pos >= trace.size())
      return TraceError{20000, "fold lore value position points outside the trace"};
    const ExecutedState& s = trace[l.value_pos];
    std::uint32_t gen = 0;
    if (const auto* ap = std::get_if<ApResult>(&s)) {
      if (ap->generations.size() != 1)
        return TraceError{20000, "ap result contains not one generation"};
      gen = ap->generations[0];
    } else if (const auto* call = std::get_if<CallResult>(&s)) {
      const auto* ex = std::get_if<CallExecuted>(call);
      const auto* st = ex ? std::get_if<StreamValueRef>(&ex->value) : nullptr;
      if (!st) return TraceError{20000, "fold lore value position points to a wrong state"};
      gen = st->generation;
    } else {
      return TraceError{20000, "fold lore value position points to a wrong state"};
    }
    if (gen != last_gen) {
      if (i > 0) close_run(run_start, i - 1);
      last_gen = gen;
      run_start = i;
      cum_after = 0;
    }
    const std::uint32_t b = l.subtraces_desc[0].subtrace_len;
    const std::uint32_t a = l.subtraces_desc[1].subtrace_len;
    count += std::size_t{b} + a;
    if (count > 0xffffffffu) return TraceError{20000, "fold subtrace lengths overflow"};
    cum_after += a;
    lens[i] = {b, cum_after};
  }
  if (n > 0) close_run(run_start, n - 1);
  out.states_count = count;
  out.lore.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& l = fold.lore[i];
    ResolvedSubTrace r{l.subtraces_desc[0].begin_pos, lens[i].first, l.subtraces_desc[1].begin_pos,
                       lens[i].second};
    if (!out.lore.emplace(l.value_pos, r).second)
      return TraceError{20000, "fold lore contains several records with the same position"};
  }
  return std::nullopt;
}

std::optional<TraceError> TraceHandler::meet_fold_start(FoldFsm& fsm) {
  const ExecutedState* ps = prev_.next_state();
  const ExecutedState* cs = current_.next_state();
  const FoldResult* p = ps ? std::get_if<FoldResult>(ps) : nullptr;
  const FoldResult* c = cs ? std::get_if<FoldResult>(cs) : nullptr;
  if ((ps && !p) || (cs && !c)) return incompatible("fold", ps, cs);
  if (p) {
    if (auto e = resolve_fold(*p, prev_trace_, fsm.prev_fold)) return e;
  }
  if (c) {
    if (auto e = resolve_fold(*c, current_trace_, fsm.current_fold)) return e;
  }
  fsm.slot = result_.size();
  result_.emplace_back(ParResult{});
  auto final_state = [](const TraceSlider& s, const ResolvedFold& f, SliderState& out) {
    if (s.subtrace_len() < f.states_count) return false;
    out = {s.position() + f.states_count, s.subtrace_len() - f.states_count};
    return true;
  };
  if (!final_state(prev_, fsm.prev_fold, fsm.prev_final) ||
      !final_state(current_, fsm.current_fold, fsm.current_final))
    return TraceError{20000, "fold states count exceeds the enclosing subtrace"};
  return std::nullopt;
}

bool TraceHandler::apply_lore(TraceSlider& slider, const std::optional<ResolvedSubTrace>& lore,
                              bool before) {
  if (!lore) return slider.set_subtrace_len(0);
  return before ? slider.set_position_and_len(lore->before_pos, lore->before_len)
                : slider.set_position_and_len(lore->after_pos, lore->after_len);
}

std::optional<TraceError> TraceHandler::meet_iteration_start(FoldFsm& fsm,
                                                             std::uint32_t value_pos) {
  std::optional<ResolvedSubTrace> prev_lore, current_lore;
  if (value_pos < new_to_old_.size()) {
    const Positions& from = new_to_old_[value_pos];
    if (from.prev != kNone) {
      auto l = fsm.prev_fold.lore.find(from.prev);
      if (l != fsm.prev_fold.lore.end()) {
        prev_lore = l->second;
        fsm.prev_fold.lore.erase(l);
      }
    }
    if (from.current != kNone) {
      auto l = fsm.current_fold.lore.find(from.current);
      if (l != fsm.current_fold.lore.end()) {
        current_lore = l->second;
        fsm.current_fold.lore.erase(l);
      }
    }
  }
  if (!apply_lore(prev_, prev_lore, true) || !apply_lore(current_, current_lore, true))
    return TraceError{20000, "fold lore points outside the trace"};
  LoreCtor ctor;
  ctor.value_pos = value_pos;
  ctor.before_begin = result_.size();
  ctor.prev = prev_lore;
  ctor.current = current_lore;
  fsm.queue.push_back(std::move(ctor));
  fsm.back_pos += 1;
  return std::nullopt;
}

void TraceHandler::meet_iteration_end(FoldFsm& fsm) {
  LoreCtor& c = fsm.queue[fsm.back_pos - 1];
  c.before_end = result_.size();
  if (c.state < 3) c.state += 1;
}

std::optional<TraceError> TraceHandler::meet_back_iterator(FoldFsm& fsm) {
  auto after_start = [&](LoreCtor& c) -> bool {
    c.after_begin = result_.size();
    if (c.state < 3) c.state += 1;
    return apply_lore(prev_, c.prev, false) && apply_lore(current_, c.current, false);
  };
  if (!fsm.back_traversal) {
    LoreCtor& c = fsm.queue[fsm.back_pos - 1];
    if (c.state == 0) {
      c.before_end = result_.size();
      c.state = 1;
    }
    if (!after_start(c)) return TraceError{20000, "fold lore points outside the trace"};
    fsm.back_traversal = true;
  } else {
    LoreCtor& c = fsm.queue[fsm.back_pos - 1];
    c.after_end = result_.size();
    if (c.state < 3) c.state += 1;
    fsm.back_pos -= 1;
    if (!after_start(fsm.queue[fsm.back_pos - 1]))
      return TraceError{20000, "fold lore points outside the trace"};
  }
  return std::nullopt;
}

void TraceHandler::meet_generation_end(FoldFsm& fsm) {
  const std::size_t now = result_.size();
  for (auto& c : fsm.queue) {
    switch (c.state) {
      case 0:
        c.before_end = now;
        c.after_begin = now;
        c.after_end = now;
        break;
      case 1:
        c.after_begin = now;
        c.after_end = now;
        break;
      case 2:
        c.after_end = now;
        break;
      default:
        break;
    }
    c.state = 3;
    fsm.result_lore.push_back(FoldSubTraceLore{
        c.value_pos,
        {SubTraceDesc{static_cast<std::uint32_t>(c.before_begin),
                      static_cast<std::uint32_t>(c.before_end - c.before_begin)},
         SubTraceDesc{static_cast<std::uint32_t>(c.after_begin),
                      static_cast<std::uint32_t>(c.after_end - c.after_begin)}}});
  }
  fsm.queue.clear();
  fsm.back_pos = 0;
  fsm.back_traversal = false;
}

void TraceHandler::meet_fold_end(FoldFsm& fsm) {
  result_[fsm.slot] = FoldResult{std::move(fsm.result_lore)};
  prev_.set_position_and_len(fsm.prev_final.pos, fsm.prev_final.len);
  current_.set_position_and_len(fsm.current_final.pos, fsm.current_final.len);
}

bool TraceHandler::update_generation(std::size_t pos, std::uint32_t generation) {
  if (pos >= result_.size()) return false;
  ExecutedState& s = result_[pos];
  if (auto* ap = std::get_if<ApResult>(&s)) {
    ap->generations.assign(1, generation);
    return true;
  }
  if (auto* call = std::get_if<CallResult>(&s)) {
    if (auto* ex = std::get_if<CallExecuted>(call)) {
      if (auto* st = std::get_if<StreamValueRef>(&ex->value)) {
        st->generation = generation;
        return true;
      }
    }
  }
  return false;
}

}  // namespace fluence::air
