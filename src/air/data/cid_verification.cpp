#include "fluence/air/data/cid_verification.h"

#include <string>

#include "fluence/air/data/data_error.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/cid.h"
#include "fluence/core/hash.h"

namespace fluence::air {
namespace {

[[noreturn]] void fail(const std::string& message) {
  throw DataError(kCidStoreVerificationError, "CID verification failed: " + message);
}

// The text form json_cid produces: 'b' + base32 of 01 80 04 1e 20 <digest> (61 chars).
bool looks_canonical(std::string_view cid) {
  return cid.size() == 61 && cid.substr(0, 9) == "bagaaihra";
}

// Checks that `cid` names `content` (any multibase; codec json; sha2-256 or blake3-256).
void verify_cid(std::string_view store, std::string_view cid, std::string_view content) {
  // Fast path: our own canonical rendering is unique, so equal text means equal CID.
  if (looks_canonical(cid) && json_cid(content) == cid) return;
  Cid parsed;
  try {
    parsed = Cid::parse(cid);
  } catch (const Error& e) {
    fail("malformed CID " + std::string(cid) + " in the " + std::string(store) + ": " + e.what());
  }
  if (parsed.codec != kCodecJson)
    fail("unsupported CID codec of " + std::string(cid) + " in the " + std::string(store));
  Digest32 digest;
  if (parsed.hash.code == kMultihashSha2_256) {
    digest = sha256(as_bytes(content));
  } else if (parsed.hash.code == kMultihashBlake3) {
    digest = blake3(as_bytes(content));
  } else {
    fail("unsupported CID hash of " + std::string(cid) + " in the " + std::string(store));
  }
  if (parsed.hash.digest.size() != digest.size() ||
      !std::equal(digest.begin(), digest.end(), parsed.hash.digest.begin()))
    fail("value mismatch in the " + std::string(store) + " for CID " + std::string(cid));
}

template <class T>
void check_reference(const CidStore<T>& target, std::string_view target_name,
                     std::string_view source_name, const CidText& cid) {
  if (!target.contains(cid.view()))
    fail("reference CID " + cid.str() + " from " + std::string(source_name) + " to " +
         std::string(target_name) + " was not found");
}

}  // namespace

void verify_cid_info(const CidInfo& info) {
  for (const auto& e : info.value_store.entries()) verify_cid("value store", e.cid.view(), *e.value);
  for (const auto& e : info.tetraplet_store.entries())
    verify_cid("tetraplet store", e.cid.view(), tetraplet_json(*e.value));
  for (const auto& e : info.canon_element_store.entries())
    verify_cid("canon element store", e.cid.view(), canon_element_json(*e.value));
  for (const auto& e : info.canon_result_store.entries())
    verify_cid("canon result store", e.cid.view(), canon_result_json(*e.value));
  for (const auto& e : info.service_result_store.entries())
    verify_cid("service result store", e.cid.view(), service_result_json(*e.value));

  for (const auto& e : info.service_result_store.entries()) {
    check_reference(info.tetraplet_store, "tetraplet", "service result", e.value->tetraplet_cid);
    check_reference(info.value_store, "value", "service result", e.value->value_cid);
  }
  for (const auto& e : info.canon_result_store.entries()) {
    check_reference(info.tetraplet_store, "tetraplet", "canon result", e.value->tetraplet);
    for (const auto& v : e.value->values)
      check_reference(info.canon_element_store, "canon element", "canon result", v);
  }
  for (const auto& e : info.canon_element_store.entries()) {
    check_reference(info.tetraplet_store, "tetraplet", "canon element", e.value->tetraplet);
    check_reference(info.value_store, "value", "canon element", e.value->value);
    const Provenance& p = e.value->provenance;
    if (p.kind == ProvenanceKind::kServiceResult)
      check_reference(info.service_result_store, "service result", "canon element", p.cid);
    if (p.kind == ProvenanceKind::kCanon)
      check_reference(info.canon_result_store, "canon result", "canon element", p.cid);
  }
}

}  // namespace fluence::air
