#include "fluence/air/data/cid_verification.h"

#include <string>
#include <vector>

#include "fluence/air/data/data_error.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/core/cid.h"
#include "fluence/core/hash.h"

namespace fluence::air {
namespace {

// The reference names stores and aggregates by their Rust type names in its messages.
constexpr const char* kValueType = "air_interpreter_data::raw_value::RawValue";
constexpr const char* kTetrapletType = "marine_call_parameters::SecurityTetraplet";
constexpr const char* kCanonElementType = "air_interpreter_data::executed_state::CanonCidAggregate";
constexpr const char* kCanonResultType =
    "air_interpreter_data::executed_state::CanonResultCidAggregate";
constexpr const char* kServiceResultType =
    "air_interpreter_data::executed_state::ServiceResultCidAggregate";

[[noreturn]] void fail(const std::string& message) {
  throw DataError(kCidStoreVerificationError, message);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The text form json_cid produces: 'b' + base32 of 01 80 04 1e 20 <digest> (61 chars).
bool looks_canonical(std::string_view cid) {
  return cid.size() == 61 && cid.substr(0, 9) == "bagaaihra";
}

// The multibase crate decodes its base32 and base16 alphabets case-insensitively ("baGaa..."
// names the same CID as "bagaa..."); fold the text to the case the prefix names.
std::string multibase_case_folded(std::string_view cid) {
  std::string text(cid);
  if (text.empty()) return text;
  char prefix = text[0];
  bool lower = prefix == 'b' || prefix == 'f';
  bool upper = prefix == 'B' || prefix == 'F';
  for (std::size_t i = 1; i < text.size(); ++i) {
    char& c = text[i];
    if (lower && c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (upper && c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  }
  return text;
}

// Checks that `cid` names `content` (any multibase; codec json; sha2-256 or blake3-256).
void verify_cid(std::string_view store, std::string_view cid, std::string_view content) {
  // Fast path: our own canonical rendering is unique, so equal text means equal CID.
  if (looks_canonical(cid)) {
    const JsonCidChars ours = json_cid_chars(content);
    if (std::string_view(ours.data(), ours.size()) == cid) return;
  }
  Cid parsed;
  try {
    parsed = Cid::parse(multibase_case_folded(cid));
  } catch (const Error& e) {
    fail("malformed CID " + quoted(cid) + " in the " + quoted(store) + " store: " + e.what());
  }
  if (parsed.codec != kCodecJson)
    fail("unsupported CID codec of " + quoted(cid) + " in the " + quoted(store) + " store");
  Digest32 digest;
  if (parsed.hash.code == kMultihashSha2_256) {
    digest = sha256(as_bytes(content));
  } else if (parsed.hash.code == kMultihashBlake3) {
    digest = blake3(as_bytes(content));
  } else {
    fail("unsupported CID hash of " + quoted(cid) + " in the " + quoted(store) + " store");
  }
  if (parsed.hash.digest.size() != digest.size() ||
      !std::equal(digest.begin(), digest.end(), parsed.hash.digest.begin()))
    fail("Value mismatch in the " + quoted(store) + " store for CID " + quoted(cid));
}

template <class T>
void check_reference(const CidStore<T>& target, std::string_view target_name,
                     std::string_view source_name, const CidText& cid) {
  if (!target.contains(cid.view()))
    fail("Reference CID " + quoted(cid.view()) + " from type " + quoted(source_name) + " to " +
         quoted(target_name) + " was not found");
}

}  // namespace

void verify_cid_info(const CidInfo& info) {
  // Every entry's text, in store order, hashed in one batch (a particle's stores hold many small
  // texts, which the SIMD lanes take eight or sixteen at a time); an entry whose CID is not in
  // our canonical form, or does not match, is then checked alone, which reports the error.
  struct Entry {
    const char* store;
    std::string_view cid;
    std::string_view content;
  };
  const std::size_t made_count = info.tetraplet_store.entries().size() +
                                 info.canon_element_store.entries().size() +
                                 info.canon_result_store.entries().size() +
                                 info.service_result_store.entries().size();
  std::vector<Entry> entries;
  entries.reserve(info.value_store.entries().size() + made_count);
  for (const auto& e : info.value_store.entries())
    entries.push_back({kValueType, e.cid.view(), *e.value});
  // The JSON texts of tetraplets and aggregates, all in one buffer; the entries' contents are
  // set once it is complete (it moves while it grows).
  std::string made;
  made.reserve(made_count * 200);
  std::vector<std::size_t> ends;
  ends.reserve(made_count);
  const std::size_t first_made = entries.size();
  auto add_made = [&](const char* store, std::string_view cid) {
    entries.push_back({store, cid, {}});
    ends.push_back(made.size());
  };
  for (const auto& e : info.tetraplet_store.entries()) {
    made += tetraplet_json(*e.value);
    add_made(kTetrapletType, e.cid.view());
  }
  for (const auto& e : info.canon_element_store.entries()) {
    made += canon_element_json(*e.value);
    add_made(kCanonElementType, e.cid.view());
  }
  for (const auto& e : info.canon_result_store.entries()) {
    made += canon_result_json(*e.value);
    add_made(kCanonResultType, e.cid.view());
  }
  for (const auto& e : info.service_result_store.entries()) {
    append_service_result_json(made, *e.value);
    add_made(kServiceResultType, e.cid.view());
  }
  for (std::size_t i = 0, from = 0; i < ends.size(); from = ends[i++])
    entries[first_made + i].content = std::string_view(made).substr(from, ends[i] - from);

  std::vector<ByteView> texts;
  texts.reserve(entries.size());
  for (const Entry& e : entries) texts.push_back(as_bytes(e.content));
  const std::vector<JsonCidChars> ours = json_cid_chars_many(texts);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (looks_canonical(e.cid) && std::string_view(ours[i].data(), ours[i].size()) == e.cid) continue;
    verify_cid(e.store, e.cid, e.content);
  }

  // Results mostly share their tetraplet, and then its CID's bytes: checked once per run.
  const char* checked_tetraplet = nullptr;
  for (const auto& e : info.service_result_store.entries()) {
    const CidText& t = e.value->tetraplet_cid;
    if (t.empty() || t.view().data() != checked_tetraplet) {
      check_reference(info.tetraplet_store, kTetrapletType, kServiceResultType, t);
      checked_tetraplet = t.view().data();
    }
    check_reference(info.value_store, kValueType, kServiceResultType, e.value->value_cid);
  }
  for (const auto& e : info.canon_result_store.entries()) {
    check_reference(info.tetraplet_store, kTetrapletType, kCanonResultType, e.value->tetraplet);
    for (const auto& v : e.value->values)
      check_reference(info.canon_element_store, kCanonElementType, kCanonResultType, v);
  }
  for (const auto& e : info.canon_element_store.entries()) {
    check_reference(info.tetraplet_store, kTetrapletType, kCanonElementType, e.value->tetraplet);
    check_reference(info.value_store, kValueType, kCanonElementType, e.value->value);
    const Provenance& p = e.value->provenance;
    if (p.kind == ProvenanceKind::kServiceResult)
      check_reference(info.service_result_store, kServiceResultType, kCanonElementType, p.cid);
    if (p.kind == ProvenanceKind::kCanon)
      check_reference(info.canon_result_store, kCanonResultType, kCanonElementType, p.cid);
  }
}

}  // namespace fluence::air
