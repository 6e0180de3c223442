// Executor: runs the instructions of one script over merged particle data (air.md §5-§8):
// variables, streams, canon, folds, errors, call requests, and the trace via TraceHandler.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "exec_error.h"
#include "fluence/air/call_request_codec.h"
#include "fluence/air/data/interpreter_data.h"
#include "fluence/air/interpreter.h"
#include "fluence/air/syntax/ast.h"
#include "scalar_store.h"
#include "streams.h"
#include "service_result_batch.h"
#include "trace_handler.h"

namespace fluence::air {

// A fold in progress, found by its iterator name.
struct FoldState {
  std::vector<ValueAggregate> items;
  // For a fold over a scalar array: the array's tetraplet. Its items' tetraplets (the array's
  // with `.$.[i]` added to the lens) are made when an item is first read: replayed calls and
  // processed results never read them.
  TetrapletPtr array_tetraplet;
  std::size_t cursor = 0;
  const Instruction* body = nullptr;
  const Instruction* last = nullptr;
  FoldFsm* stream_fsm = nullptr;  // set for folds over streams and stream maps
};

// %last_error% or :error:.
struct ErrorValue {
  JPtr object;
  TetrapletPtr tetraplet;  // null: resolved as the literal tetraplet
  Provenance provenance;
  ErrPtr original;  // :error: only: the catchable error an xor caught (fail :error:)
};

class Executor {
 public:
  Executor(const RunParameters& params, const InterpreterData& prev, const InterpreterData& current,
           CidInfo& cid_info, RawCallResults call_results);

  // Runs the root; null on success.
  ErrPtr run(const Instruction& root);
  // Replayed calls' argument hashes are then checked in one batch at the end of run() instead
  // of one by one. A mismatch is not reported as the error it is (execution went on past it):
  // argument_check_failed() says so, and the caller runs everything again without deferring.
  void defer_argument_checks() { defer_argument_checks_ = true; }
  bool argument_check_failed() const { return argument_check_failed_; }
  // Sizes the per-name tables for the script's `count` distinct names (Script::names()), and
  // the trace for a script of `instructions` instructions.
  void reserve_for_script(std::size_t names, std::size_t instructions);
  // Compacts every global stream into the result trace (farewell); null on success.
  ErrPtr compact_global_streams();

  TraceHandler& trace() { return trace_; }
  const std::vector<std::string>& next_peers() const { return next_peers_; }
  const CallRequestsEncoder& call_requests() const { return call_requests_; }
  std::uint32_t last_call_request_id() const { return last_call_request_id_; }
  // Every call result given, each marked whether a call took it.
  const RawCallResults& call_results() const { return call_results_; }

 private:
  // --- instructions
  ErrPtr execute(const Instruction& instr);
  ErrPtr execute_call(const Instruction& instr, const Call& call);
  ErrPtr execute_ap(const Instruction& instr, const Ap& ap);
  ErrPtr execute_ap_scalar_to_stream(const Instruction& instr, const Ap& ap);
  ErrPtr execute_ap_map(const Instruction& instr, const ApMap& ap);
  ErrPtr execute_canon(const Instruction& instr);
  ErrPtr execute_par(const Instruction& instr, const Par& par);
  ErrPtr execute_xor(const Xor& x);
  ErrPtr execute_match(const Value& l, const Value& r, const Instruction* body, bool equal);
  ErrPtr execute_fail(const Instruction& instr, const Fail& f);
  ErrPtr execute_fold_scalar(const FoldScalar& f);
  ErrPtr execute_fold_stream(const Instruction& instr, const Variable& iterable,
                             const Variable& iterator,
                             const Instruction* body, const Instruction* last, bool is_map);
  ErrPtr execute_next(const Instruction& instr, const Next& n);
  ErrPtr execute_new(const Instruction& instr, const New& n);

  // --- call helpers
  ErrPtr process_call_result(const Call& call, std::string arguments_json,
                             const TetrapletPtr& tetraplet, const RawCallResult& result);
  ErrPtr replay_call(const Call& call, const CallResult& state, MergeSource source,
                     std::string* arguments_json, const TetrapletPtr& tetraplet);
  // Compares the hash of a replayed call's arguments with the stored one: now, or (deferred)
  // in one SIMD batch at the end of the run.
  ErrPtr check_argument_hash(std::string arguments_json, const SharedText& stored);
  void finish_argument_checks();
  ErrPtr bind_call_output(const Call& call, ValueAggregate value, GenerationSource source,
                          std::uint32_t generation);

  // --- values
  ErrPtr resolve_aggregate(const Value& v, ValueAggregate& out);
  ErrPtr resolve_json(const Value& v, JPtr& out);
  ErrPtr resolve_for_call(const Value& v, JPtr& value, std::vector<TetrapletPtr>& tetraplets);
  ErrPtr resolve_string(const Value& v, std::string& out);
  // As resolve_string, without a copy where the text is the script's or the run's own (then
  // `out` views it; else `storage` holds it).
  ErrPtr resolve_string_view(const Value& v, std::string& storage, std::string_view& out);
  // By name id (Variable::id); the name is for the error messages.
  ErrPtr lookup_scalar(std::uint32_t id, std::string_view name, ValueAggregate& out);
  // The value itself (valid until the scalars or folds change), for copying it once in place.
  // Without `with_tetraplet`, a fold item's tetraplet may be null (it is made on demand).
  ErrPtr find_scalar(std::uint32_t id, std::string_view name, const ValueAggregate*& out,
                     bool with_tetraplet = true);
  ErrPtr lookup_canon(std::uint32_t id, std::string_view name, CanonStreamPtr& out);
  ErrPtr lookup_canon_map(std::uint32_t id, std::string_view name, CanonMapPtr& out);
  ErrPtr apply_lens_json(const JValue& root, std::span<const LensAccessor> accessors,
                         const JValue*& out);
  ErrPtr apply_lens(const JPtr& root, std::span<const LensAccessor> accessors, JPtr& out);
  ErrPtr scalar_with_lens(const ValueAggregate& base, const Lens& lens, ValueAggregate& out);
  ErrPtr canon_with_lens(const CanonStreamValue& canon, const Lens& lens, ValueAggregate& out);
  ErrPtr canon_map_with_lens(const CanonMapValue& canon, const Lens& lens, ValueAggregate& out);
  ErrPtr accessor_key(const LensAccessor& acc, JValue& key, bool& from_iterator);
  struct LensStep {
    bool by_index = false;
    std::uint64_t index = 0;
    std::string field;
  };
  ErrPtr lens_step(const LensAccessor& a, LensStep& out);
  ErrPtr error_value(const ErrorValue& e, const Lens* lens, ValueAggregate& out);
  ValueAggregate literal(JValue v);
  ValueAggregate restore(JPtr value, TetrapletPtr tetraplet, std::uint32_t pos, Provenance prov);
  // The same on a value already held: its tetraplet as its provenance shows it, at `pos`.
  void restore_in_place(ValueAggregate& v, std::uint32_t pos);

  // --- canon
  ErrPtr perform_canon(const Instruction& instr, const std::string& peer);
  ErrPtr replay_canon(const Instruction& instr, const std::string& peer, const CidText& cid);
  ErrPtr bind_canon(const Instruction& instr, std::vector<ValueAggregate> elements,
                    const std::string& peer, const CidText& cid);

  // --- streams
  ErrPtr stream_insert(Stream& s, ValueAggregate&& v, GenerationSource src, std::uint32_t gen);
  ErrPtr stream_size_error(const Stream& s);
  Stream& ap_target(StreamStore& store, const Variable& result, const MergedAp& merged,
                    GenerationSource& source);
  ErrPtr unless_joinable(ErrPtr e);
  ErrPtr compact(const Stream& s);

  // --- errors
  ErrPtr trace_error(const Instruction& instr, const TraceError& e);
  void set_errors(const ExecError& e, const Instruction& instr, const TetrapletPtr& tetraplet,
                  bool call_like);
  JPtr stored_value(const CidText& cid, ErrPtr& err);
  bool uncatchable(const ErrPtr& e) const { return e && !e->catchable(); }

  void meet_fold_start();
  void meet_fold_end();

  const RunParameters& params_;
  CidInfo& cid_;
  RawCallResults call_results_;
  TraceHandler trace_;
  ScalarStore<ValueAggregate> scalars_;
  ScalarStore<CanonStreamPtr> canons_;
  ScalarStore<CanonMapPtr> canon_maps_;
  // The fold bound to each name id (null when none): a fold's iterator shadows scalars.
  std::vector<FoldState*> iterables_;
  FoldState* iterable(std::uint32_t id) const { return id < iterables_.size() ? iterables_[id] : nullptr; }
  bool bind_iterable(std::uint32_t id, FoldState* state) {
    if (id >= iterables_.size()) iterables_.resize(std::size_t{id} + 1, nullptr);
    if (iterables_[id]) return false;
    iterables_[id] = state;
    return true;
  }
  void unbind_iterable(std::uint32_t id) { iterables_[id] = nullptr; }
  StreamStore streams_;
  StreamStore stream_maps_;
  bool complete_ = true;
  ErrorValue last_error_, error_;
  bool last_error_can_be_set_ = true, error_can_be_set_ = true;
  std::vector<std::string> next_peers_;
  CallRequestsEncoder call_requests_;
  // Scratch lists of execute_call for a request's arguments (reused: no allocation per call).
  std::vector<JPtr> request_values_;
  std::vector<CallRequestsEncoder::Argument> request_arguments_;
  std::vector<CallRequestsEncoder::Tetraplets> request_tetraplets_;
  ServiceResultBatch new_results_;  // flushed before a canon and at the end of run()
  struct ArgumentCheck {
    std::string arguments_json;
    SharedText stored;
  };
  bool defer_argument_checks_ = false;
  bool argument_check_failed_ = false;
  std::vector<ArgumentCheck> argument_checks_;
  std::uint32_t last_call_request_id_ = 0;
  TetrapletPtr init_literal_tetraplet_;
  // This peer's id as the trace's senders share it (one string for all of a run's states).
  const SharedText& current_peer_text() {
    if (current_peer_text_.empty()) current_peer_text_ = SharedText(params_.current_peer_id);
    return current_peer_text_;
  }
  SharedText current_peer_text_;
  // The tetraplet of the last call made: consecutive calls (a fold's body) mostly have the same
  // peer, service and function, and then share it.
  TetrapletPtr last_call_tetraplet_;
  // The last replayed call whose tetraplet matched the stored one: the stored tetraplet's CID
  // bytes and the call's tetraplet.
  const char* replayed_tetraplet_cid_ = nullptr;
  TetrapletPtr replayed_tetraplet_;
  // By position in the value store: the value of the stored text, so that a value replayed
  // many times is checked and parsed once (null where not read yet).
  std::vector<JPtr> parsed_values_;
  // The CID of a tetraplet, which is put into the tetraplet store if new. The calls of a run
  // mostly share a few tetraplets: their CIDs are hashed and stored once per content.
  CidText stored_tetraplet_cid(const TetrapletPtr& tetraplet);
  std::optional<std::pair<CidText, SecurityTetraplet>> last_tetraplet_;  // the last one asked
  std::unordered_map<std::string, CidText> tetraplet_cids_;  // tetraplet JSON -> CID

  // Field lookups in big text objects: one scan lists the members, so that further lenses on
  // the same value (a.$.x, a.$.y, ...) do not rescan it. Keyed by the object's first byte; the
  // entry keeps the text alive, so the address cannot be reused while it is cached.
  struct TextObjectMembers {
    std::shared_ptr<const std::string> owner;
    std::size_t size = 0;
    std::vector<std::pair<std::string_view, std::string_view>> members;
  };
  std::optional<std::string_view> text_field(const std::shared_ptr<const std::string>& owner,
                                             std::string_view object, std::string_view name);
  std::unordered_map<const char*, TextObjectMembers> text_objects_;
};

}  // namespace fluence::air
