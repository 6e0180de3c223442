#include "test_data.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fluence/air/data/signatures.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/peer_id.h"

namespace fluence::air::testing {

std::string read_fixture_text(const std::string& name) {
  std::string path = std::string(FLUENCE_SOURCE_DIR) + "/tests/air/data/fixtures/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Bytes read_fixture(const std::string& name) { return to_bytes(read_fixture_text(name)); }

Ed25519KeyPair key_from_byte(std::uint8_t b) {
  Bytes seed(32, b);
  return Ed25519KeyPair::from_seed(seed);
}

std::string peer_id_of(const Ed25519KeyPair& key) {
  return PeerId::from_ed25519(key.public_key()).to_base58();
}

InterpreterData sample_data(const Ed25519KeyPair& key, const std::string& particle_id) {
  InterpreterData d;
  const std::string peer = peer_id_of(key);
  CidInfo& info = d.cid_info;

  auto add_value = [&](const std::string& json) {
    CidText cid = value_cid(json);
    info.value_store.insert(cid, std::make_shared<const std::string>(json));
    return cid;
  };
  auto add_tetraplet = [&](SecurityTetraplet t) {
    CidText cid = tetraplet_cid(t);
    info.tetraplet_store.insert(cid, std::make_shared<const SecurityTetraplet>(std::move(t)));
    return cid;
  };
  auto add_service_result = [&](const std::string& json, const std::string& function) {
    ServiceResultAggregate a{add_value(json), value_cid("[]"),
                             add_tetraplet({peer, "service-with-long-name", function, ""})};
    CidText cid = service_result_cid(a);
    info.service_result_store.insert(cid, std::make_shared<const ServiceResultAggregate>(a));
    return cid;
  };

  CidText scalar = add_service_result(R"({"a":[1,2.5,"x"],"b":null})", "fn");
  CidText stream = add_service_result("\"stream value\"", "f2");
  CidText failed = add_service_result(R"({"message":"\"boom\"","ret_code":5})", "failing");

  CanonElementAggregate literal{add_value("42"), add_tetraplet({peer, "", "", ""}),
                                Provenance{ProvenanceKind::kLiteral, {}}};
  CanonElementAggregate from_service{add_value("\"stream value\""),
                                     add_tetraplet({peer, "svc", "f2", ".$.[0]"}),
                                     Provenance{ProvenanceKind::kServiceResult, stream}};
  CidText literal_cid = canon_element_cid(literal);
  CidText service_cid = canon_element_cid(from_service);
  info.canon_element_store.insert(literal_cid, std::make_shared<const CanonElementAggregate>(literal));
  info.canon_element_store.insert(service_cid,
                                  std::make_shared<const CanonElementAggregate>(from_service));
  CanonResultAggregate result{add_tetraplet({peer, "", "", ""}), {literal_cid, service_cid}};
  CidText result_cid = canon_result_cid(result);
  info.canon_result_store.insert(result_cid, std::make_shared<const CanonResultAggregate>(result));
  CanonElementAggregate from_canon{add_value("[42]"), add_tetraplet({peer, "", "", ".length"}),
                                   Provenance{ProvenanceKind::kCanon, result_cid}};
  CidText canon_element = canon_element_cid(from_canon);
  info.canon_element_store.insert(canon_element,
                                  std::make_shared<const CanonElementAggregate>(from_canon));

  d.trace = {
      ParResult{1, 2},
      CallResult(CallExecuted{ScalarValueRef{scalar}}),
      CallResult(CallExecuted{StreamValueRef{stream, 3}}),
      CallResult(CallExecuted{UnusedValueRef{value_cid("null")}}),
      CallResult(CallFailed{failed}),
      CallResult(CallRequestSentBy{SenderPeerId{SharedText(peer)}}),
      CallResult(CallRequestSentBy{SenderPeerIdWithCallId{SharedText(peer), 7}}),
      FoldResult{{FoldSubTraceLore{2, {{8, 1}, {9, 0}}}, FoldSubTraceLore{5, {{9, 2}, {11, 0}}}}},
      ApResult{{1}},
      CanonResult(CanonExecuted{result_cid}),
      CanonResult(CanonRequestSentBy{SharedText("short")}),
      FoldResult{},
  };
  d.last_call_request_id = 7;
  sign_current_peer(d, key, particle_id);
  return d;
}

}  // namespace fluence::air::testing
