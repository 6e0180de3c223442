#include "fluence/air/data/human_readable.h"

#include <boost/json.hpp>

#include "fluence/core/base_encoding.h"
#include "fluence/core/canonical_json.h"

namespace fluence::air {
namespace {

namespace json = boost::json;

json::string_view sv(const SharedText& t) { return json::string_view(t.view().data(), t.size()); }

json::value call_json(const CallResult& call) {
  json::object inner;
  if (auto* sent = std::get_if<CallRequestSentBy>(&call)) {
    json::object sender;
    if (auto* p = std::get_if<SenderPeerId>(&sent->sender)) {
      sender["PeerId"] = sv(p->peer_id);
    } else {
      const auto& w = std::get<SenderPeerIdWithCallId>(sent->sender);
      sender["PeerIdWithCallId"] = json::object{{"call_id", w.call_id}, {"peer_id", sv(w.peer_id)}};
    }
    inner["sent_by"] = std::move(sender);
  } else if (auto* executed = std::get_if<CallExecuted>(&call)) {
    json::object ref;
    if (auto* s = std::get_if<ScalarValueRef>(&executed->value)) {
      ref["scalar"] = sv(s->cid);
    } else if (auto* s = std::get_if<StreamValueRef>(&executed->value)) {
      ref["stream"] = json::object{{"cid", sv(s->cid)}, {"generation", s->generation}};
    } else {
      ref["unused"] = sv(std::get<UnusedValueRef>(executed->value).cid);
    }
    inner["executed"] = std::move(ref);
  } else {
    inner["failed"] = sv(std::get<CallFailed>(call).cid);
  }
  return json::object{{"call", std::move(inner)}};
}

json::value state_json(const ExecutedState& state) {
  if (auto* par = std::get_if<ParResult>(&state))
    return json::object{{"par", json::array{par->left_size, par->right_size}}};
  if (auto* call = std::get_if<CallResult>(&state)) return call_json(*call);
  if (auto* fold = std::get_if<FoldResult>(&state)) {
    json::array lore;
    for (const auto& l : fold->lore) {
      json::array desc;
      for (const auto& d : l.subtraces_desc)
        desc.push_back(json::object{{"len", d.subtrace_len}, {"pos", d.begin_pos}});
      lore.push_back(json::object{{"desc", std::move(desc)}, {"pos", l.value_pos}});
    }
    return json::object{{"fold", json::object{{"lore", std::move(lore)}}}};
  }
  if (auto* ap = std::get_if<ApResult>(&state)) {
    json::array gens;
    for (auto g : ap->generations) gens.push_back(g);
    return json::object{{"ap", json::object{{"gens", std::move(gens)}}}};
  }
  const auto& canon = std::get<CanonResult>(state);
  if (auto* sent = std::get_if<CanonRequestSentBy>(&canon))
    return json::object{{"canon", json::object{{"sent_by", sv(sent->peer_id)}}}};
  return json::object{{"canon", json::object{{"executed", sv(std::get<CanonExecuted>(canon).cid)}}}};
}

json::object cid_info_json(const CidInfo& info) {
  json::object values;
  for (const auto& e : info.value_store.entries()) values[sv(e.cid)] = *e.value;
  json::object tetraplets;
  for (const auto& e : info.tetraplet_store.entries()) {
    const auto& t = *e.value;
    tetraplets[sv(e.cid)] = json::object{{"function_name", t.function_name},
                                         {"lens", t.lens},
                                         {"peer_pk", t.peer_pk},
                                         {"service_id", t.service_id}};
  }
  json::object elements;
  for (const auto& e : info.canon_element_store.entries()) {
    const auto& a = *e.value;
    json::object provenance;
    switch (a.provenance.kind) {
      case ProvenanceKind::kLiteral:
        provenance["type"] = "literal";
        break;
      case ProvenanceKind::kServiceResult:
        provenance["cid"] = sv(a.provenance.cid);
        provenance["type"] = "service_result";
        break;
      case ProvenanceKind::kCanon:
        provenance["cid"] = sv(a.provenance.cid);
        provenance["type"] = "canon";
        break;
    }
    elements[sv(e.cid)] = json::object{
        {"provenance", std::move(provenance)}, {"tetraplet", sv(a.tetraplet)}, {"value", sv(a.value)}};
  }
  json::object results;
  for (const auto& e : info.canon_result_store.entries()) {
    json::array vals;
    for (const auto& v : e.value->values) vals.push_back(sv(v));
    results[sv(e.cid)] = json::object{{"tetraplet", sv(e.value->tetraplet)}, {"values", std::move(vals)}};
  }
  json::object services;
  for (const auto& e : info.service_result_store.entries()) {
    const auto& a = *e.value;
    services[sv(e.cid)] = json::object{{"argument_hash", sv(a.argument_hash)},
                                       {"tetraplet_cid", sv(a.tetraplet_cid)},
                                       {"value_cid", sv(a.value_cid)}};
  }
  return json::object{{"canon_element_store", std::move(elements)},
                      {"canon_result_store", std::move(results)},
                      {"service_result_store", std::move(services)},
                      {"tetraplet_store", std::move(tetraplets)},
                      {"value_store", std::move(values)}};
}

}  // namespace

json::value trace_json(const Trace& trace) {
  json::array out;
  out.reserve(trace.size());
  for (const auto& s : trace) out.push_back(state_json(s));
  return out;
}

json::value human_readable_json(const DecodedParticleData& decoded) {
  const InterpreterData& d = decoded.data;
  json::object signatures;
  for (const auto& e : d.signatures.entries)
    signatures[base58btc_encode(e.public_key)] = base58btc_encode(e.signature);
  json::object data{{"cid_info", cid_info_json(d.cid_info)},
                    {"lcid", d.last_call_request_id},
                    {"signatures", std::move(signatures)},
                    {"trace", trace_json(d.trace)}};
  json::object versions{{"interpreter_version", decoded.interpreter_version},
                        {"version", decoded.version}};
  return json::object{{"data", std::move(data)}, {"versions", std::move(versions)}};
}

std::string to_human_readable_data(ByteView data) {
  return canonical_json(human_readable_json(decode_particle_data(data)));
}

}  // namespace fluence::air
