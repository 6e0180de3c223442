// Control flow, scopes, ap, fold, next, new, fail and error bookkeeping (air.md §6.2-§6.4, §8).
#include "executor.h"

#include <charconv>

#include <boost/json.hpp>

#include "fluence/air/syntax/instruction_text.h"
#include "fluence/core/canonical_json.h"

namespace fluence::air {

namespace {

constexpr std::size_t kStreamMaxSize = 1024;

JPtr no_error_object() {
  static const JPtr kNoError = make_json(boost::json::object{{"error_code", 0}, {"message", ""}});
  return kNoError;
}

JPtr error_object(std::int64_t code, std::string_view message, std::string_view instruction,
                  const std::string* peer_id) {
  boost::json::object o;
  o["error_code"] = json_int(code);
  o["instruction"] = instruction;
  o["message"] = message;
  if (peer_id) o["peer_id"] = *peer_id;
  return make_json(std::move(o));
}

// Validates a user error object (10008 messages, §8.4).
ErrPtr check_error_object(const JValue& v) {
  auto text = [&] { return canonical_json(v); };
  if (!v.is_object())
    return make_error(kInvalidErrorObject,
                      "scalar should have an object type to be converted into error object, but '" +
                          text() + "' doesn't have");
  const auto& o = v.get_object();
  auto code = o.find("error_code");
  if (code == o.end())
    return make_error(kInvalidErrorObject,
                      "scalar '" + text() + "' must have field with name 'error_code'");
  if (!code->value().is_int64() && !code->value().is_uint64())
    return make_error(kInvalidErrorObject,
                      "error_code of scalar '" + text() + "' must have integer type");
  if ((code->value().is_int64() && code->value().get_int64() == 0) ||
      (code->value().is_uint64() && code->value().get_uint64() == 0))
    return make_error(kInvalidErrorObject, "error code must be non-zero, but it is zero");
  auto msg = o.find("message");
  if (msg == o.end())
    return make_error(kInvalidErrorObject,
                      "scalar '" + text() + "' must have field with name 'message'");
  if (!msg->value().is_string())
    return make_error(kInvalidErrorObject, "message of scalar '" + text() + "' must have string type");
  return nullptr;
}

ErrPtr user_error(const JPtr& object) {
  auto e = std::make_shared<ExecError>();
  e->code = kUserError;
  e->message = "fail with '" + canonical_json(*object) + "' is used without corresponding xor";
  e->error_object = object;
  return e;
}

bool is_next(const Instruction* i) { return i && i->kind() == InstrKind::kNext; }

}  // namespace

Executor::Executor(const RunParameters& params, const InterpreterData& prev,
                   const InterpreterData& current, CidInfo& cid_info, RawCallResults call_results)
    : params_(params),
      cid_(cid_info),
      call_results_(std::move(call_results)),
      trace_(prev.trace, current.trace),
      last_call_request_id_(prev.last_call_request_id) {
  init_literal_tetraplet_ = make_tetraplet(params.init_peer_id);
  last_error_ = ErrorValue{no_error_object(), nullptr, {}, nullptr};
  error_ = last_error_;
}

ErrPtr Executor::run(const Instruction& root) {
  ErrPtr err = execute(root);
  new_results_.flush(cid_);
  finish_argument_checks();
  return err;
}

void Executor::meet_fold_start() {
  scalars_.meet_fold_start();
  canons_.meet_fold_start();
  canon_maps_.meet_fold_start();
}

void Executor::meet_fold_end() {
  scalars_.meet_fold_end();
  canons_.meet_fold_end();
  canon_maps_.meet_fold_end();
}

void Executor::set_errors(const ExecError& e, const Instruction& instr,
                          const TetrapletPtr& tetraplet, bool call_like) {
  if (!e.catchable()) return;
  const std::string* peer = &params_.current_peer_id;
  if (call_like && tetraplet) peer = &tetraplet->peer_pk;
  std::string text;
  auto instruction = [&]() -> const std::string& {
    if (text.empty()) text = instruction_text(instr);
    return text;
  };
  if (last_error_can_be_set_ && e.affects_last_error()) {
    last_error_ = ErrorValue{error_object(e.code, e.message, instruction(), peer), tetraplet, {},
                             nullptr};
    last_error_can_be_set_ = false;
  }
  if (error_can_be_set_ && !e.rethrown_original) {
    error_ = ErrorValue{error_object(e.code, e.message, instruction(), call_like ? peer : nullptr),
                        tetraplet, {}, nullptr};
  }
  error_can_be_set_ = false;
}

ErrPtr Executor::trace_error(const Instruction& instr, const TraceError& e) {
  return make_error(e.code, "on instruction '" + instruction_text(instr) +
                                "' trace handler encountered an error: " + e.message);
}

ErrPtr Executor::execute(const Instruction& instr) {
  ErrPtr err;
  switch (instr.kind()) {
    case InstrKind::kCall:
      // call records its errors itself, with its tetraplet
      return execute_call(instr, instr.as<Call>());
    case InstrKind::kCanon:
    case InstrKind::kCanonMap:
    case InstrKind::kCanonMapToScalar:
      err = execute_canon(instr);
      break;
    case InstrKind::kAp: err = execute_ap(instr, instr.as<Ap>()); break;
    case InstrKind::kApMap: err = execute_ap_map(instr, instr.as<ApMap>()); break;
    case InstrKind::kSeq: {
      const Seq& s = instr.as<Seq>();
      complete_ = true;
      err = execute(*s.left);
      if (!err && complete_) err = execute(*s.right);
      break;
    }
    case InstrKind::kPar: err = execute_par(instr, instr.as<Par>()); break;
    case InstrKind::kXor: err = execute_xor(instr.as<Xor>()); break;
    case InstrKind::kMatch: {
      const Match& m = instr.as<Match>();
      err = execute_match(m.left, m.right, m.body, true);
      break;
    }
    case InstrKind::kMismatch: {
      const Mismatch& m = instr.as<Mismatch>();
      err = execute_match(m.left, m.right, m.body, false);
      break;
    }
    case InstrKind::kFail: err = execute_fail(instr, instr.as<Fail>()); break;
    case InstrKind::kFoldScalar: err = execute_fold_scalar(instr.as<FoldScalar>()); break;
    case InstrKind::kFoldStream: {
      const FoldStream& f = instr.as<FoldStream>();
      err = execute_fold_stream(instr, f.iterable, f.iterator, f.body, f.last, false);
      break;
    }
    case InstrKind::kFoldStreamMap: {
      const FoldStreamMap& f = instr.as<FoldStreamMap>();
      err = execute_fold_stream(instr, f.iterable, f.iterator, f.body, f.last, true);
      break;
    }
    case InstrKind::kNext: err = execute_next(instr, instr.as<Next>()); break;
    case InstrKind::kNew: err = execute_new(instr, instr.as<New>()); break;
    case InstrKind::kNull: break;
    case InstrKind::kNever: complete_ = false; break;
  }
  if (err) set_errors(*err, instr, nullptr, false);
  return err;
}

ErrPtr Executor::execute_par(const Instruction& instr, const Par& par) {
  ParFsm fsm;
  if (auto e = trace_.meet_par_start(fsm)) return trace_error(instr, *e);
  complete_ = !is_next(par.left);
  ErrPtr left = execute(*par.left);
  if (uncatchable(left)) return left;
  const bool left_complete = complete_ && !left;
  trace_.meet_par_left_end(fsm);
  complete_ = !is_next(par.right);
  ErrPtr right = execute(*par.right);
  if (uncatchable(right)) return right;
  const bool right_complete = complete_ && !right;
  trace_.meet_par_right_end(fsm);
  complete_ = left_complete || right_complete;
  if (left && right) return right;
  last_error_can_be_set_ = true;
  return nullptr;
}

ErrPtr Executor::execute_xor(const Xor& x) {
  complete_ = true;
  ErrPtr left = execute(*x.left);
  if (!left || !left->catchable()) return left;
  complete_ = true;
  last_error_can_be_set_ = true;
  error_.original = left;
  error_can_be_set_ = true;
  ErrPtr right = execute(*x.right);
  if (error_can_be_set_) error_ = ErrorValue{no_error_object(), nullptr, {}, nullptr};
  if (!right) error_can_be_set_ = true;
  return right;
}

ErrPtr Executor::execute_match(const Value& l, const Value& r, const Instruction* body,
                               bool equal) {
  JPtr a, b;
  ErrPtr e = resolve_json(l, a);
  if (!e) e = resolve_json(r, b);
  if (e) {
    if (e->joinable()) {
      complete_ = false;
      return nullptr;
    }
    return e;
  }
  // Text values compare by canonical text, which is unique per value except for the sign of
  // zero floats (0.0 == -0.0); trees decide when the texts differ and could hold one.
  bool same;
  if (a.is_text() || b.is_text()) {
    const std::string ta = canonical_text(a), tb = canonical_text(b);
    same = ta == tb || ((ta.find("0.0") != std::string::npos || tb.find("0.0") != std::string::npos) &&
                        *a == *b);
  } else {
    same = *a == *b;
  }
  if (equal && !same) return make_error(kMatchValuesNotEqual, "compared values do not match");
  if (!equal && same) return make_error(kMismatchValuesEqual, "compared values do not mismatch");
  return execute(*body);
}

ErrPtr Executor::execute_fail(const Instruction& instr, const Fail& f) {
  JPtr object;
  TetrapletPtr tetraplet;
  Provenance provenance;
  switch (f.kind) {
    case FailKind::kLiteral:
      object = error_object(f.code, f.message, instruction_text(instr), &params_.init_peer_id);
      tetraplet = init_literal_tetraplet_;
      break;
    case FailKind::kValue: {
      ValueAggregate v;
      if (auto e = resolve_aggregate(f.value, v)) return e;
      if (auto e = check_error_object(*v.value)) return e;
      object = v.value;
      tetraplet = v.tetraplet;
      provenance = v.provenance;
      break;
    }
    case FailKind::kLastError:
      if (auto e = check_error_object(*last_error_.object)) return e;
      object = last_error_.object;
      tetraplet = last_error_.tetraplet;
      provenance = last_error_.provenance;
      break;
    case FailKind::kError: {
      if (error_.original) {
        // Re-raise the error the enclosing xor caught, keeping :error: as it is.
        last_error_ = ErrorValue{error_.object, error_.tetraplet, error_.provenance, nullptr};
        last_error_can_be_set_ = false;
        complete_ = false;
        auto e = std::make_shared<ExecError>(*error_.original);
        e->rethrown_original = true;
        return e;
      }
      if (auto e = check_error_object(*error_.object)) return e;
      object = error_.object;
      tetraplet = error_.tetraplet;
      provenance = error_.provenance;
      break;
    }
  }
  last_error_ = ErrorValue{object, tetraplet, provenance, nullptr};
  last_error_can_be_set_ = false;
  complete_ = false;
  return user_error(object);
}

ErrPtr Executor::execute_fold_scalar(const FoldScalar& f) {
  FoldState state;
  state.body = f.body;
  state.last = f.last;
  const Value& it = f.iterable;
  if (it.kind == ValueKind::kEmptyArray) return nullptr;
  const Variable& var = it.var;
  ErrPtr err;
  if (var.kind == VarKind::kCanonStream) {
    CanonStreamPtr c;
    err = lookup_canon(var.id, var.name, c);
    if (!err) state.items = c->values;
  } else if (var.kind == VarKind::kCanonStreamMap && !var.lens) {
    CanonMapPtr c;
    err = lookup_canon_map(var.id, var.name, c);
    if (!err) state.items = c->values;
  } else {
    ValueAggregate v;
    err = resolve_aggregate(it, v);
    if (!err) {
      if (value_kind(v.value) != json_text::Kind::kArray) {
        std::string expr = var.lens ? std::string(var.lens->text) : std::string(var.name);
        return make_error(kFoldIteratesOverNonArray,
                          "expression '" + expr + "' returned non-array value '" +
                              canonical_text(v.value) + "' for fold iterable");
      }
      // The items share the array's storage (tree or text).
      std::vector<JPtr> items = array_items(v.value);
      state.items.reserve(items.size());
      for (JPtr& item : items)
        state.items.push_back(ValueAggregate{std::move(item), nullptr, v.trace_pos, v.provenance});
      state.array_tetraplet = std::move(v.tetraplet);
    }
  }
  if (err) {
    if (err->joinable()) {
      complete_ = false;
      return nullptr;
    }
    return err;
  }
  if (state.items.empty()) return nullptr;
  if (!bind_iterable(f.iterator.id, &state))
    return make_error(20005, "multiple iterable values found for iterable name '" +
                                 std::string(f.iterator.name) + "'");
  meet_fold_start();
  ErrPtr r = execute(*f.body);
  meet_fold_end();
  unbind_iterable(f.iterator.id);
  return r;
}

ErrPtr Executor::execute_fold_stream(const Instruction& instr, const Variable& iterable, const Variable& iterator,
                                     const Instruction* body, const Instruction* last,
                                     bool is_map) {
  Stream* stream = (is_map ? stream_maps_ : streams_).find(iterable.id, iterable.position);
  if (!stream) {
    complete_ = false;
    return nullptr;
  }
  FoldFsm fsm;
  if (auto e = trace_.meet_fold_start(fsm))
    return trace_error(instr, *e);

  Stream::Cursor cursor = stream->cursor();
  std::vector<Stream::Generation> generations;
  stream->for_each_generation(
      [&](std::span<const ValueAggregate> g) { generations.emplace_back(g.begin(), g.end()); });
  bool complete = false;
  ErrPtr fatal;
  if (!generations.empty()) {
    stream->new_generation();
    while (true) {
      for (auto& g : generations) {
        FoldState state;
        state.items = std::move(g);
        state.body = body;
        state.last = last;
        state.stream_fsm = &fsm;
        if (auto e = trace_.meet_iteration_start(fsm, state.items[0].trace_pos)) {
          fatal = trace_error(instr, *e);
          break;
        }
        if (!bind_iterable(iterator.id, &state)) {
          fatal = make_error(20005, "multiple iterable values found for iterable name '" +
                                        std::string(iterator.name) + "'");
          break;
        }
        complete_ = true;
        meet_fold_start();
        ErrPtr r = execute(*body);
        meet_fold_end();
        unbind_iterable(iterator.id);
        if (uncatchable(r)) {
          fatal = r;
          break;
        }
        trace_.meet_generation_end(fsm);
        // A generation whose body failed still counts by the flag it left (a fresh service
        // failure leaves it set).
        complete = complete || complete_;
      }
      if (fatal) break;
      auto added = stream->generations_since(cursor);
      if (added.empty()) break;
      stream->drop_trailing_empty_generation();
      cursor = stream->cursor();
      stream->new_generation();
      generations = std::move(added);
    }
  }
  if (fatal) return fatal;
  complete_ = complete;
  trace_.meet_fold_end(fsm);
  return nullptr;
}

ErrPtr Executor::execute_next(const Instruction& instr, const Next& n) {
  FoldState* state = iterable(n.iterator.id);
  if (!state)
    return make_error(20003, "fold state not found for this iterable '" +
                                 std::string(n.iterator.name) + "'");
  if (state->stream_fsm) trace_.meet_iteration_end(*state->stream_fsm);
  if (state->cursor + 1 >= state->items.size()) {
    if (state->stream_fsm) {
      if (auto e = trace_.meet_back_iterator(*state->stream_fsm))
        return trace_error(instr, *e);
    }
    if (state->last) {
      complete_ = true;
      return execute(*state->last);
    }
    if (state->stream_fsm) complete_ = false;
    return nullptr;
  }
  state->cursor += 1;
  if (state->stream_fsm) {
    if (auto e = trace_.meet_iteration_start(*state->stream_fsm,
                                             state->items[state->cursor].trace_pos))
      return trace_error(instr, *e);
  }
  scalars_.meet_next_before();
  canons_.meet_next_before();
  canon_maps_.meet_next_before();
  ErrPtr r = execute(*state->body);
  scalars_.meet_next_after();
  canons_.meet_next_after();
  canon_maps_.meet_next_after();
  if (r) return r;
  state->cursor -= 1;
  if (state->stream_fsm) {
    if (auto e = trace_.meet_back_iterator(*state->stream_fsm))
      return trace_error(instr, *e);
  }
  return nullptr;
}

ErrPtr Executor::execute_new(const Instruction& instr, const New& n) {
  const Variable& v = n.argument;
  switch (v.kind) {
    case VarKind::kStream:
    case VarKind::kStreamMap: {
      StreamStore& store = v.kind == VarKind::kStream ? streams_ : stream_maps_;
      store.meet_new_start(v.id, instr.span);
      ErrPtr r = execute(*n.body);
      auto popped = store.meet_new_end(v.id);
      if (uncatchable(r)) return r;
      ErrPtr c = compact(*popped);
      return r ? r : c;
    }
    case VarKind::kScalar:
    case VarKind::kCanonStream:
    case VarKind::kCanonStreamMap: {
      auto start = [&] {
        if (v.kind == VarKind::kScalar) scalars_.meet_new_start(v.id);
        else if (v.kind == VarKind::kCanonStream) canons_.meet_new_start(v.id);
        else canon_maps_.meet_new_start(v.id);
      };
      auto end = [&] {
        if (v.kind == VarKind::kScalar) return scalars_.meet_new_end(v.id);
        if (v.kind == VarKind::kCanonStream) return canons_.meet_new_end(v.id);
        return canon_maps_.meet_new_end(v.id);
      };
      start();
      ErrPtr r = execute(*n.body);
      if (uncatchable(r)) return r;
      if (!end() && !r)
        return make_error(20008, "new end block tries to pop up a variable '" +
                                     std::string(v.name) + "' that wasn't defined at depth");
      return r;
    }
  }
  return nullptr;
}

ErrPtr Executor::stream_insert(Stream& s, ValueAggregate&& v, GenerationSource src,
                               std::uint32_t gen) {
  s.add(std::move(v), src, gen);
  return stream_size_error(s);
}

ErrPtr Executor::stream_size_error(const Stream& s) {
  if (s.size() >= kStreamMaxSize)
    return make_error(20013, "stream size goes over the allowed limit of 1024");
  return nullptr;
}

ErrPtr Executor::compact(const Stream& s) {
  std::size_t bad = 0;
  bool ok = s.compact([&](std::uint32_t pos, std::uint32_t gen) {
    bad = pos;
    return trace_.update_generation(pos, gen);
  });
  if (!ok)
    return make_error(20001, "trace position " + std::to_string(bad) +
                                 " points to an invalid state for a stream value");
  return nullptr;
}

ErrPtr Executor::compact_global_streams() {
  ErrPtr err;
  auto f = [&](const Stream& s) {
    err = compact(s);
    return !err;
  };
  if (!streams_.for_each_global(f)) return err;
  if (!stream_maps_.for_each_global(f)) return err;
  return nullptr;
}

void Executor::reserve_for_script(std::size_t names, std::size_t instructions) {
  scalars_.reserve_names(names);
  canons_.reserve_names(names);
  canon_maps_.reserve_names(names);
  iterables_.resize(std::max(iterables_.size(), names), nullptr);
  // Most instructions leave at most one state; folds may leave more (the trace then grows as
  // usual). Capped: the reservation of a huge script is virtual memory until written.
  trace_.reserve_new_states(std::min<std::size_t>(instructions, std::size_t{1} << 16));
}

// An error that waits for data (joinable) leaves the branch incomplete instead of failing it.
ErrPtr Executor::unless_joinable(ErrPtr e) {
  if (!e->joinable()) return e;
  complete_ = false;
  return nullptr;
}

// The end of an `ap` into a stream or stream map: the instance the result names, the
// generation its value joins (as the merge met the state), and the ap state in the trace.
Stream& Executor::ap_target(StreamStore& store, const Variable& result, const MergedAp& merged,
                            GenerationSource& source) {
  Stream& s = store.get_or_create(result.id, result.position);
  source = !merged.met ? GenerationSource::kNew
           : merged.source == MergeSource::kCurrent ? GenerationSource::kCurrent
                                                    : GenerationSource::kPrevious;
  trace_.meet_ap_end(0);
  return s;
}

ErrPtr Executor::execute_ap(const Instruction& instr, const Ap& ap) {
  // `ap x $s`, the common form: x's value is copied once, straight into the stream.
  if (ap.result.kind == VarKind::kStream && ap.argument.is_variable() && !ap.argument.var.lens &&
      ap.argument.var.kind == VarKind::kScalar)
    return execute_ap_scalar_to_stream(instr, ap);
  ValueAggregate v;
  if (auto e = resolve_aggregate(ap.argument, v)) return unless_joinable(std::move(e));
  if (ap.result.kind == VarKind::kScalar) {
    if (!ap.argument.is_variable() || ap.argument.var.lens ||
        ap.argument.var.kind != VarKind::kScalar)
      v.trace_pos = static_cast<std::uint32_t>(trace_.trace_pos());
    restore_in_place(v, v.trace_pos);
    if (!scalars_.set(ap.result.id, std::move(v)))
      return make_error(20007, "trying to shadow variable '" + std::string(ap.result.name) +
                                   "', but shadowing is allowed only inside fold blocks");
    return nullptr;
  }
  MergedAp merged;
  if (auto e = trace_.meet_ap_start(merged))
    return trace_error(instr, *e);
  const auto pos = static_cast<std::uint32_t>(trace_.trace_pos());
  restore_in_place(v, pos);
  GenerationSource src;
  Stream& s = ap_target(streams_, ap.result, merged, src);
  return stream_insert(s, std::move(v), src, merged.generation);
}

ErrPtr Executor::execute_ap_scalar_to_stream(const Instruction& instr, const Ap& ap) {
  const ValueAggregate* found = nullptr;
  if (auto e = find_scalar(ap.argument.var.id, ap.argument.var.name, found)) {
    return unless_joinable(std::move(e));
  }
  MergedAp merged;
  if (auto e = trace_.meet_ap_start(merged))
    return trace_error(instr, *e);
  const auto pos = static_cast<std::uint32_t>(trace_.trace_pos());
  GenerationSource src;
  Stream& s = ap_target(streams_, ap.result, merged, src);
  restore_in_place(s.add(*found, src, merged.generation), pos);
  return stream_size_error(s);
}

ErrPtr Executor::execute_ap_map(const Instruction& instr, const ApMap& ap) {
  ValueAggregate v;
  if (auto e = resolve_aggregate(ap.value, v)) {
    return unless_joinable(std::move(e));
  }
  MergedAp merged;
  if (auto e = trace_.meet_ap_start(merged))
    return trace_error(instr, *e);
  JValue key;
  switch (ap.key.kind) {
    case ValueKind::kLiteral: key = boost::json::string(ap.key.text); break;
    case ValueKind::kInt: key = json_int(ap.key.integer); break;
    default: {
      JPtr k;
      if (auto e = resolve_json(ap.key, k)) return unless_joinable(std::move(e));
      if (!k->is_string() && !k->is_int64() && !k->is_uint64())
        return make_error(kStreamMapKeyError,
                          "unsupported type for " + std::string(ap.map.name) + " map's key");
      key = *k;
    }
  }
  JPtr kv_value = object_value({{"key", make_json(std::move(key))}, {"value", v.value}});
  const auto pos = static_cast<std::uint32_t>(trace_.trace_pos());
  ValueAggregate item =
      restore(std::move(kv_value), std::move(v.tetraplet), pos, std::move(v.provenance));
  GenerationSource src;
  Stream& s = ap_target(stream_maps_, ap.map, merged, src);
  return stream_insert(s, std::move(item), src, merged.generation);
}

}  // namespace fluence::air
