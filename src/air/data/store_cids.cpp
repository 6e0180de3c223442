#include "fluence/air/data/store_cids.h"

#include "fluence/core/canonical_json.h"
#include "fluence/core/cid.h"

namespace fluence::air {
namespace {

// Appends `"name":"text"` with serde_json's escaping; `first` controls the leading comma.
void append_field(std::string& out, std::string_view name, std::string_view text, bool first) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
  append_json_string(out, text);
}

}  // namespace

CidText value_cid(std::string_view canonical_json) { return CidText(json_cid(canonical_json)); }

std::string tetraplet_json(const SecurityTetraplet& t) {
  std::string out;
  out.reserve(96 + t.peer_pk.size() + t.service_id.size() + t.function_name.size() +
              t.lens.size());
  out += '{';
  append_field(out, "peer_pk", t.peer_pk, true);
  append_field(out, "service_id", t.service_id, false);
  append_field(out, "function_name", t.function_name, false);
  append_field(out, "lens", t.lens, false);
  out += '}';
  return out;
}

std::string service_result_json(const ServiceResultAggregate& a) {
  std::string out;
  out.reserve(240);
  out += '{';
  append_field(out, "value_cid", a.value_cid.view(), true);
  append_field(out, "argument_hash", a.argument_hash.view(), false);
  append_field(out, "tetraplet_cid", a.tetraplet_cid.view(), false);
  out += '}';
  return out;
}

std::string canon_element_json(const CanonElementAggregate& a) {
  std::string out;
  out.reserve(240);
  out += '{';
  append_field(out, "value", a.value.view(), true);
  append_field(out, "tetraplet", a.tetraplet.view(), false);
  out += ",\"provenance\":{";
  switch (a.provenance.kind) {
    case ProvenanceKind::kLiteral:
      append_field(out, "type", "literal", true);
      break;
    case ProvenanceKind::kServiceResult:
      append_field(out, "type", "service_result", true);
      append_field(out, "cid", a.provenance.cid.view(), false);
      break;
    case ProvenanceKind::kCanon:
      append_field(out, "type", "canon", true);
      append_field(out, "cid", a.provenance.cid.view(), false);
      break;
  }
  out += "}}";
  return out;
}

std::string canon_result_json(const CanonResultAggregate& a) {
  std::string out;
  out.reserve(96 + 64 * a.values.size());
  out += '{';
  append_field(out, "tetraplet", a.tetraplet.view(), true);
  out += ",\"values\":[";
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, a.values[i].view());
  }
  out += "]}";
  return out;
}

CidText tetraplet_cid(const SecurityTetraplet& t) { return value_cid(tetraplet_json(t)); }
CidText service_result_cid(const ServiceResultAggregate& a) {
  return value_cid(service_result_json(a));
}
CidText canon_element_cid(const CanonElementAggregate& a) {
  return value_cid(canon_element_json(a));
}
CidText canon_result_cid(const CanonResultAggregate& a) {
  return value_cid(canon_result_json(a));
}

}  // namespace fluence::air
