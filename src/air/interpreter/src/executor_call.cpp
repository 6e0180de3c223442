// The call instruction (air.md §6.4.1, §6.4.2, §7.2, §7.8) and canon (§6.4.4, §7.4).
#include <unordered_set>

#include <boost/json.hpp>

#include "executor.h"
#include "serde_json_error.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"

namespace fluence::air {

namespace {

ErrPtr local_service_error(std::int64_t ret_code, std::string_view message) {
  return make_error(kLocalServiceError, "Local service error, ret_code is " +
                                            std::to_string(ret_code) + ", error message is '" +
                                            std::string(message) + "'");
}

ErrPtr mismatch(const char* what, const std::string& expected, const std::string& stored) {
  return make_error(20017, std::string(what) + " doesn't match expected parameters: expected " +
                               expected + ", got " + stored + " ");
}

std::string debug_str(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Rust Debug of a SecurityTetraplet, as in the reference's 20017 message.
std::string debug_tetraplet(const SecurityTetraplet& t) {
  return "SecurityTetraplet { peer_pk: " + debug_str(t.peer_pk) + ", service_id: " +
         debug_str(t.service_id) + ", function_name: " + debug_str(t.function_name) +
         ", lens: " + debug_str(t.lens) + " }";
}

}  // namespace

CidText Executor::stored_tetraplet_cid(const TetrapletPtr& tetraplet) {
  // Consecutive calls mostly have the same tetraplet: compared field by field, it needs neither
  // its JSON nor a hash, and it is in the store already.
  if (last_tetraplet_ && last_tetraplet_->second == *tetraplet) return last_tetraplet_->first;
  std::string json = tetraplet_json(*tetraplet);
  CidText cid;
  if (auto it = tetraplet_cids_.find(json); it != tetraplet_cids_.end()) {
    cid = it->second;
  } else {
    cid = value_cid(json);
    cid_.tetraplet_store.insert(cid, tetraplet);
    tetraplet_cids_.emplace(std::move(json), cid);
  }
  last_tetraplet_ = std::make_pair(cid, *tetraplet);
  return cid;
}

JPtr Executor::stored_value(const CidText& cid, ErrPtr& err) {
  const std::uint32_t* position = cid_.value_store.position(cid.view());
  if (!position) {
    err = make_error(20010, "value for CID \"" + cid.str() + "\" not found");
    return nullptr;
  }
  if (*position < parsed_values_.size() && parsed_values_[*position]) return parsed_values_[*position];
  const std::shared_ptr<const std::string>& text = cid_.value_store.entries()[*position].value;
  JPtr v;
  try {
    // What peers store is mostly canonical text: kept as it is, shared with the store, parsed
    // only if something needs the tree. Text from other peers need not be canonical: small
    // values become trees, big ones are canonicalized (shared as they are when they were).
    if (json_text::is_canonical(*text)) {
      v = JPtr::text(text, *text);
    } else if (text->size() < text_value_threshold()) {
      v = make_json(parse_json(*text));
    } else {
      std::string canonical = json_text::canonicalize(*text);
      v = canonical == *text
              ? value_from_canonical(text)
              : value_from_canonical(std::make_shared<const std::string>(std::move(canonical)));
    }
  } catch (const std::exception&) {
    err = make_error(20010, "value for CID \"" + cid.str() + "\" is not valid JSON");
    return nullptr;
  }
  if (parsed_values_.size() <= *position)
    parsed_values_.resize(std::max<std::size_t>(*position + 1, cid_.value_store.size()));
  parsed_values_[*position] = v;
  return v;
}

ErrPtr Executor::bind_call_output(const Call& call, ValueAggregate value, GenerationSource source,
                                  std::uint32_t generation) {
  if (!call.has_output) return nullptr;
  if (call.output.kind == VarKind::kScalar) {
    if (!scalars_.set(call.output.id, std::move(value)))
      return make_error(20007, "trying to shadow variable '" + std::string(call.output.name) +
                                   "', but shadowing is allowed only inside fold blocks");
    return nullptr;
  }
  Stream& s = streams_.get_or_create(call.output.id, call.output.position);
  return stream_insert(s, std::move(value), source, generation);
}

ErrPtr Executor::check_argument_hash(std::string arguments_json, const SharedText& stored) {
  if (defer_argument_checks_) {
    argument_checks_.push_back(ArgumentCheck{std::move(arguments_json), stored});
    return nullptr;
  }
  const JsonCidChars hash = json_cid_chars(arguments_json);
  const std::string_view ours(hash.data(), hash.size());
  if (stored == ours) return nullptr;
  return mismatch("call argument_hash", std::string(ours), stored.str());
}

void Executor::finish_argument_checks() {
  if (argument_checks_.empty()) return;
  std::vector<ByteView> inputs;
  inputs.reserve(argument_checks_.size());
  for (const ArgumentCheck& c : argument_checks_) inputs.push_back(as_bytes(c.arguments_json));
  const std::vector<JsonCidChars> hashes = json_cid_chars_many(inputs);
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    if (!(argument_checks_[i].stored == std::string_view(hashes[i].data(), hashes[i].size()))) {
      argument_check_failed_ = true;
      break;
    }
  }
  argument_checks_.clear();
}

ErrPtr Executor::replay_call(const Call& call, const CallResult& state, MergeSource source,
                             std::string* arguments_json, const TetrapletPtr& tetraplet) {
  const CidText* cid = nullptr;
  const CallExecuted* executed = std::get_if<CallExecuted>(&state);
  bool stream = false;
  std::uint32_t generation = 0;
  if (executed) {
    const ValueRef& ref = executed->value;
    const bool output_scalar = call.has_output && call.output.kind == VarKind::kScalar;
    const bool output_stream = call.has_output && call.output.kind == VarKind::kStream;
    if (auto* s = std::get_if<ScalarValueRef>(&ref)) {
      if (!output_scalar) return make_error(20006, "call result value " + debug_value(ref) + " doesn't match with corresponding instruction");
      cid = &s->cid;
    } else if (auto* s = std::get_if<StreamValueRef>(&ref)) {
      if (!output_stream) return make_error(20006, "call result value " + debug_value(ref) + " doesn't match with corresponding instruction");
      cid = &s->cid;
      stream = true;
      generation = s->generation;
    } else {
      if (call.has_output) return make_error(20006, "call result value " + debug_value(ref) + " doesn't match with corresponding instruction");
      trace_.meet_call_end(state);
      return nullptr;
    }
  } else {
    cid = &std::get<CallFailed>(state).cid;
  }
  const ServiceResultAggregate* agg = cid_.service_result_store.find(cid->view());
  if (!agg) return make_error(20010, "service result aggregate for CID \"" + cid->str() + "\" not found");
  if (!arguments_json)
    return make_error(20017, "call arguments can't be resolved while replaying a call state");
  if (auto e = check_argument_hash(std::move(*arguments_json), agg->argument_hash)) return e;
  // Consecutive replayed calls mostly have the very same tetraplet (shared by the calls) and
  // stored tetraplet CID (shared by the aggregates): then it was found and compared already.
  const std::string_view t_cid = agg->tetraplet_cid.view();
  if (t_cid.empty() || t_cid.data() != replayed_tetraplet_cid_ || tetraplet != replayed_tetraplet_) {
    const SecurityTetraplet* stored = cid_.tetraplet_store.find(t_cid);
    if (!stored) return make_error(20010, "tetraplet for CID \"" + agg->tetraplet_cid.str() + "\" not found");
    if (!(*stored == *tetraplet))
      return mismatch("call tetraplet", debug_tetraplet(*tetraplet), debug_tetraplet(*stored));
    replayed_tetraplet_cid_ = t_cid.data();
    replayed_tetraplet_ = tetraplet;
  }
  ErrPtr err;
  JPtr value = stored_value(agg->value_cid, err);
  if (err) return err;
  if (!executed) {
    const JValue* msg = value->is_object() ? value->get_object().if_contains("message") : nullptr;
    const JValue* code = value->is_object() ? value->get_object().if_contains("ret_code") : nullptr;
    if (!msg || !msg->is_string() || !code || !(code->is_int64() || code->is_uint64()))
      return make_error(20012, "failed to deserialize to CallServiceFailed");
    trace_.meet_call_end(state);
    complete_ = false;
    const std::int64_t rc = code->is_int64() ? code->get_int64() : static_cast<std::int64_t>(code->get_uint64());
    return local_service_error(rc, msg->get_string());
  }
  ValueAggregate v{value, tetraplet, static_cast<std::uint32_t>(trace_.trace_pos()),
                   Provenance{ProvenanceKind::kServiceResult, *cid}};
  GenerationSource src = source == MergeSource::kCurrent ? GenerationSource::kCurrent
                                                         : GenerationSource::kPrevious;
  trace_.meet_call_end(state);
  (void)stream;
  return bind_call_output(call, std::move(v), src, generation);
}

ErrPtr Executor::process_call_result(const Call& call, std::string arguments_json,
                                     const TetrapletPtr& tetraplet,
                                     const RawCallResult& result) {
  auto store_aggregate = [&](std::shared_ptr<const std::string> canonical) {
    CidText t_cid = stored_tetraplet_cid(tetraplet);
    return new_results_.add(std::move(canonical), std::move(arguments_json), std::move(t_cid));
  };
  auto failed = [&](std::int64_t code, const std::string& message) {
    boost::json::object o;
    o["message"] = message;
    o["ret_code"] = json_int(code);
    CidText cid = store_aggregate(std::make_shared<const std::string>(canonical_json(o)));
    trace_.meet_call_end(CallFailed{cid});
    // Unlike a replayed failure, a fresh one leaves the completeness flag as it is.
    return local_service_error(code, message);
  };
  if (result.ret_code != 0) return failed(result.ret_code, std::string(result.result));
  // Results that are canonical already (most are) and big ones stay canonical text, shared
  // with the value store and parsed only if something needs the tree; other small ones become
  // trees.
  const bool canonical_input = json_text::is_canonical(result.result);
  const bool as_text = canonical_input || result.result.size() >= text_value_threshold();
  JValue parsed;
  std::shared_ptr<const std::string> canonical;
  try {
    if (as_text) {
      canonical = std::make_shared<const std::string>(
          canonical_input ? std::string(result.result) : json_text::canonicalize(result.result));
    } else {
      parsed = parse_json(result.result);
      canonical = std::make_shared<const std::string>(canonical_json(parsed));
    }
  } catch (const std::exception& ex) {
    // The reason is serde_json's own error text (it ends up in the stored Failed value).
    return failed(2147483647, "call_service result 'ret_code: 0, result: '" + std::string(result.result) +
                                  "'' can't be serialized or deserialized with an error: " +
                                  serde_json_error(result.result).value_or(ex.what()));
  }
  if (!call.has_output) {
    trace_.meet_call_end(CallExecuted{UnusedValueRef{value_cid(*canonical)}});
    return nullptr;
  }
  JPtr value = as_text ? JPtr::text(canonical, *canonical) : make_json(std::move(parsed));
  CidText cid = store_aggregate(std::move(canonical));
  ValueAggregate v{value, tetraplet, static_cast<std::uint32_t>(trace_.trace_pos()),
                   Provenance{ProvenanceKind::kServiceResult, cid}};
  if (call.output.kind == VarKind::kScalar) {
    trace_.meet_call_end(CallExecuted{ScalarValueRef{cid}});
    // The scalar's trace position is the state just appended.
    v.trace_pos = static_cast<std::uint32_t>(trace_.trace_pos() - 1);
    return bind_call_output(call, std::move(v), GenerationSource::kNew, 0);
  }
  trace_.meet_call_end(CallExecuted{StreamValueRef{cid, 0}});
  v.trace_pos = static_cast<std::uint32_t>(trace_.trace_pos() - 1);
  return bind_call_output(call, std::move(v), GenerationSource::kNew, 0);
}

ErrPtr Executor::execute_call(const Instruction& instr, const Call& call) {
  std::string peer_storage, service_storage, function_storage;
  std::string_view peer, service, function;
  ErrPtr err = resolve_string_view(call.triplet.peer_id, peer_storage, peer);
  if (!err) err = resolve_string_view(call.triplet.service_id, service_storage, service);
  if (!err) err = resolve_string_view(call.triplet.function_name, function_storage, function);
  if (err) {
    if (err->joinable()) {
      complete_ = false;
      return nullptr;
    }
    set_errors(*err, instr, nullptr, true);
    return err;
  }
  const SecurityTetraplet* last = last_call_tetraplet_.get();
  if (!last || last->peer_pk != peer || last->service_id != service || last->function_name != function)
    last_call_tetraplet_ = make_tetraplet(std::string(peer), std::string(service), std::string(function), "");
  const TetrapletPtr tetraplet = last_call_tetraplet_;
  const std::string& call_peer = tetraplet->peer_pk;
  auto fail = [&](ErrPtr e) {
    if (e) set_errors(*e, instr, tetraplet, true);
    return e;
  };

  if (call.has_output && call.output.kind == VarKind::kScalar) {
    if (iterable(call.output.id))
      return make_error(20004, "variable with name '" + std::string(call.output.name) +
                                   "' can't be shadowed, shadowing isn't supported for iterables");
    if (!scalars_.could_be_set(call.output.id))
      return make_error(20007, "trying to shadow variable '" + std::string(call.output.name) +
                                   "', but shadowing is allowed only inside fold blocks");
  }

  // The argument hash is the CID of the canonical array of the arguments, written as text.
  std::string args_text = "[";
  bool args_ready = true;
  for (const Value& a : call.args) {
    JPtr v;
    if (auto e = resolve_json(a, v)) {
      if (e->joinable()) {
        args_ready = false;
        break;
      }
      return fail(e);
    }
    if (args_text.size() > 1) args_text.push_back(',');
    append_canonical_text(args_text, v);
  }
  args_text.push_back(']');
  // Hashed only where a state is replayed (checked against the stored hash, usually in one batch
  // at the end of the run) or a result processed (in the batch of new results, new_results_); a
  // new request needs none.
  MergedCall merged;
  if (auto e = trace_.meet_call_start(merged)) return trace_error(instr, *e);
  if (merged.state) {
    const CallResult& st = *merged.state;
    if (!std::holds_alternative<CallRequestSentBy>(st)) {
      return fail(replay_call(call, st, merged.source, args_ready ? &args_text : nullptr,
                              tetraplet));
    }
    const Sender& sender = std::get<CallRequestSentBy>(st).sender;
    const auto* with_id = std::get_if<SenderPeerIdWithCallId>(&sender);
    if (with_id && with_id->peer_id == std::string_view(params_.current_peer_id)) {
      const RawCallResult* taken = call_results_.take(with_id->call_id);
      if (!taken) {
        trace_.meet_call_end(st);
        complete_ = false;
        return nullptr;
      }
      const RawCallResult& result = *taken;
      if (!args_ready)
        return make_error(20017, "call arguments can't be resolved while a call result is processed");
      return fail(process_call_result(call, std::move(args_text), tetraplet, result));
    }
    if (call_peer != params_.current_peer_id) {
      trace_.meet_call_end(st);
      complete_ = false;
      return nullptr;
    }
  }

  args_text = std::string();
  if (call_peer != params_.current_peer_id) {
    trace_.meet_call_end(CallRequestSentBy{SenderPeerId{current_peer_text()}});
    next_peers_.push_back(call_peer);
    complete_ = false;
    return nullptr;
  }

  // The arguments (kept alive while they are encoded) and their tetraplets, in lists the
  // executor reuses from call to call.
  std::vector<JPtr>& values = request_values_;
  std::vector<CallRequestsEncoder::Tetraplets>& tetraplets = request_tetraplets_;
  values.clear();
  if (tetraplets.size() < call.args.size()) tetraplets.resize(call.args.size());
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    JPtr v;
    if (auto e = resolve_for_call(call.args[i], v, tetraplets[i])) {
      if (e->joinable()) {
        if (merged.state) trace_.meet_call_end(*merged.state);
        complete_ = false;
        return nullptr;
      }
      return fail(e);
    }
    values.push_back(std::move(v));
  }
  std::vector<CallRequestsEncoder::Argument>& arguments = request_arguments_;
  arguments.clear();
  for (const JPtr& v : values)
    arguments.push_back(v.is_text() ? CallRequestsEncoder::Argument{nullptr, v.text()}
                                    : CallRequestsEncoder::Argument{v.get(), {}});
  const std::uint32_t id = ++last_call_request_id_;
  call_requests_.add(id, tetraplet->service_id, tetraplet->function_name, arguments,
                     std::span(tetraplets).first(call.args.size()));
  trace_.meet_call_end(
      CallRequestSentBy{SenderPeerIdWithCallId{current_peer_text(), id}});
  complete_ = false;
  return nullptr;
}

// --- canon -------------------------------------------------------------------------------

namespace {

const Value& canon_peer(const Instruction& instr) {
  switch (instr.kind()) {
    case InstrKind::kCanon: return instr.as<Canon>().peer_id;
    case InstrKind::kCanonMap: return instr.as<CanonMap>().peer_id;
    default: return instr.as<CanonMapToScalar>().peer_id;
  }
}

bool valid_kv(const JPtr& v) {
  if (value_kind(v) != json_text::Kind::kObject) return false;
  JPtr k = field_of(v, "key");
  return k && (value_kind(k) == json_text::Kind::kString || value_is_integer(k)) &&
         field_of(v, "value");
}

}  // namespace

ErrPtr Executor::bind_canon(const Instruction& instr, std::vector<ValueAggregate> elements,
                            const std::string& peer, const CidText& cid) {
  TetrapletPtr t = make_tetraplet(peer);
  auto shadow = [](std::string_view name) {
    return make_error(20007, "trying to shadow variable '" + std::string(name) +
                                 "', but shadowing is allowed only inside fold blocks");
  };
  switch (instr.kind()) {
    case InstrKind::kCanon: {
      auto c = std::make_shared<CanonStreamValue>();
      c->values = std::move(elements);
      c->tetraplet = t;
      c->cid = cid;
      const Variable& out = instr.as<Canon>().canon_stream;
      if (!canons_.set(out.id, std::move(c))) return shadow(out.name);
      return nullptr;
    }
    case InstrKind::kCanonMap: {
      auto c = std::make_shared<CanonMapValue>();
      for (std::size_t i = 0; i < elements.size(); ++i) {
        if (!valid_kv(elements[i].value))
          return make_error(20014, "canon map element is not a {key, value} object");
        c->index[map_key_tag(*field_of(elements[i].value, "key"))].push_back(i);
      }
      c->values = std::move(elements);
      c->tetraplet = t;
      c->cid = cid;
      const Variable& out = instr.as<CanonMap>().canon_stream_map;
      if (!canon_maps_.set(out.id, std::move(c))) return shadow(out.name);
      return nullptr;
    }
    default: {
      if (elements.empty()) return make_error(20016, "canon stream map to scalar produced no value");
      ValueAggregate v{elements[0].value, t, static_cast<std::uint32_t>(trace_.trace_pos()),
                       Provenance{ProvenanceKind::kCanon, cid}};
      const Variable& out = instr.as<CanonMapToScalar>().scalar;
      if (!scalars_.set(out.id, std::move(v))) return shadow(out.name);
      return nullptr;
    }
  }
}

ErrPtr Executor::perform_canon(const Instruction& instr, const std::string& peer) {
  std::vector<ValueAggregate> elements;
  TetrapletPtr peer_tetraplet = make_tetraplet(peer);
  switch (instr.kind()) {
    case InstrKind::kCanon: {
      const auto& v = instr.as<Canon>().stream;
      if (Stream* s = streams_.find(v.id, v.position))
        s->for_each_value([&](const ValueAggregate& x) { elements.push_back(x); });
      break;
    }
    case InstrKind::kCanonMap: {
      const auto& v = instr.as<CanonMap>().stream_map;
      if (Stream* s = stream_maps_.find(v.id, v.position))
        s->for_each_value([&](const ValueAggregate& x) { elements.push_back(x); });
      for (const auto& e : elements)
        if (!valid_kv(e.value)) return make_error(20014, "canon map element is not a {key, value} object");
      break;
    }
    default: {
      const auto& v = instr.as<CanonMapToScalar>().stream_map;
      // {key: first value with that key}
      std::vector<std::pair<std::string, JPtr>> members;
      std::unordered_set<std::string> seen;
      if (Stream* s = stream_maps_.find(v.id, v.position)) {
        s->for_each_value([&](const ValueAggregate& x) {
          if (!valid_kv(x.value)) return;
          // Keep the field alive: the reference points into the tree it owns.
          const JPtr key_field = field_of(x.value, "key");
          const JValue& k = *key_field;
          std::string key = k.is_string() ? std::string(k.get_string()) : canonical_json(k);
          if (seen.insert(key).second) members.emplace_back(std::move(key), field_of(x.value, "value"));
        });
      }
      elements.push_back(ValueAggregate{object_value(members), peer_tetraplet, 0, Provenance{}});
      break;
    }
  }
  CanonResultAggregate result;
  result.tetraplet = stored_tetraplet_cid(peer_tetraplet);
  result.values.reserve(elements.size());
  for (const auto& e : elements) {
    std::shared_ptr<const std::string> text = shared_canonical_text(e.value);
    CidText v_cid = value_cid(*text);
    cid_.value_store.insert(v_cid, std::move(text));
    CidText t_cid = stored_tetraplet_cid(e.tetraplet);
    auto agg = std::make_shared<const CanonElementAggregate>(
        CanonElementAggregate{v_cid, t_cid, e.provenance});
    CidText e_cid = canon_element_cid(*agg);
    cid_.canon_element_store.insert(e_cid, agg);
    result.values.push_back(e_cid);
  }
  auto shared = std::make_shared<const CanonResultAggregate>(std::move(result));
  CidText cid = canon_result_cid(*shared);
  cid_.canon_result_store.insert(cid, shared);
  if (auto e = bind_canon(instr, std::move(elements), peer, cid)) return e;
  trace_.meet_canon_end(CanonExecuted{cid});
  return nullptr;
}

ErrPtr Executor::replay_canon(const Instruction& instr, const std::string& peer,
                              const CidText& cid) {
  const CanonResultAggregate* r = cid_.canon_result_store.find(cid.view());
  if (!r) return make_error(20010, "canon result aggregate for CID \"" + cid.str() + "\" not found");
  const SecurityTetraplet* t = cid_.tetraplet_store.find(r->tetraplet.view());
  if (!t) return make_error(20010, "tetraplet for CID \"" + r->tetraplet.str() + "\" not found");
  SecurityTetraplet expected{peer, "", "", ""};
  if (!(*t == expected))
    return mismatch("canon tetraplet", debug_tetraplet(expected), debug_tetraplet(*t));
  std::vector<ValueAggregate> elements;
  elements.reserve(r->values.size());
  for (const CidText& e_cid : r->values) {
    auto agg = cid_.canon_element_store.find(e_cid.view());
    if (!agg) return make_error(20010, "canon aggregate for CID \"" + e_cid.str() + "\" not found");
    auto et = cid_.tetraplet_store.find_shared(agg->tetraplet.view());
    if (!et) return make_error(20010, "tetraplet for CID \"" + agg->tetraplet.str() + "\" not found");
    ErrPtr err;
    JPtr value = stored_value(agg->value, err);
    if (err) return err;
    elements.push_back(ValueAggregate{value, et, 0, agg->provenance});
  }
  if (auto e = bind_canon(instr, std::move(elements), peer, cid)) return e;
  trace_.meet_canon_end(CanonExecuted{cid});
  return nullptr;
}

ErrPtr Executor::execute_canon(const Instruction& instr) {
  new_results_.flush(cid_);  // a canon reads its elements' provenance CIDs
  MergedCanon merged;
  if (auto e = trace_.meet_canon_start(merged)) return trace_error(instr, *e);
  std::string peer;
  ErrPtr err = resolve_string(canon_peer(instr), peer);
  if (!merged.state) {
    if (err) {
      if (err->joinable()) {
        complete_ = false;
        return nullptr;
      }
      return err;
    }
    if (peer != params_.current_peer_id) {
      trace_.meet_canon_end(CanonRequestSentBy{current_peer_text()});
      next_peers_.push_back(peer);
      complete_ = false;
      return nullptr;
    }
    return perform_canon(instr, peer);
  }
  if (err) return err;
  if (const auto* ex = std::get_if<CanonExecuted>(merged.state)) return replay_canon(instr, peer, ex->cid);
  if (peer != params_.current_peer_id) {
    trace_.meet_canon_end(*merged.state);
    complete_ = false;
    return nullptr;
  }
  return perform_canon(instr, peer);
}

}  // namespace fluence::air
