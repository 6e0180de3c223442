#include "fluence/air/data/signatures.h"

#include <algorithm>
#include <unordered_map>

#include "fluence/air/data/data_error.h"
#include "fluence/core/peer_id.h"

namespace fluence::air {
namespace {

[[noreturn]] void fail(const std::string& message) {
  throw DataError(kSignatureVerificationError, "signature verification failed: " + message);
}

const SecurityTetraplet& producer_tetraplet(const CidInfo& info, const CidText& tetraplet_cid) {
  const SecurityTetraplet* t = info.tetraplet_store.find(tetraplet_cid.view());
  if (!t) fail("tetraplet " + tetraplet_cid.str() + " is missing from the tetraplet store");
  return *t;
}

const CidText* produced_call_cid(const CallResult& call) {
  if (auto* executed = std::get_if<CallExecuted>(&call)) {
    if (auto* s = std::get_if<ScalarValueRef>(&executed->value)) return &s->cid;
    if (auto* s = std::get_if<StreamValueRef>(&executed->value)) return &s->cid;
    return nullptr;  // Unused results are stored nowhere and signed by nobody
  }
  if (auto* failed = std::get_if<CallFailed>(&call)) return &failed->cid;
  return nullptr;
}

void append_u32le(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// The Ed25519 key of a store entry: 0x00 (Ed25519 key format) || 32 bytes.
Ed25519PublicKey entry_key(const SignatureEntry& entry) {
  if (entry.public_key.size() != 33 || entry.public_key[0] != 0x00)
    fail("malformed key: " + hex_encode(entry.public_key) + ": not an Ed25519 public key");
  Ed25519PublicKey key;
  std::copy(entry.public_key.begin() + 1, entry.public_key.end(), key.begin());
  return key;
}

// Per peer id: its store entry and its trace CIDs (DataVerifier of the reference). A trace CID
// whose producer has no key is an error.
struct PeerInfo {
  const SignatureEntry* entry = nullptr;
  std::vector<CidText> cids;
};
using GroupedCids = std::unordered_map<std::string, PeerInfo>;

GroupedCids group_cids(const InterpreterData& data) {
  GroupedCids grouped;
  for (const auto& entry : data.signatures.entries) grouped[signature_peer_id(entry)].entry = &entry;
  for (auto& [peer, cids] : collect_peer_cids(data.trace, data.cid_info)) {
    auto it = grouped.find(peer);
    if (it == grouped.end()) fail("peer_id doesn't match any available public key: \"" + peer + "\"");
    it->second.cids = std::move(cids);
  }
  return grouped;
}

std::unordered_map<std::string_view, std::size_t> count_map(const std::vector<CidText>& cids) {
  std::unordered_map<std::string_view, std::size_t> counts;
  for (const auto& c : cids) ++counts[c.view()];
  return counts;
}

}  // namespace

PeerCids collect_peer_cids(const Trace& trace, const CidInfo& info) {
  PeerCids out;
  for (const auto& state : trace) {
    if (auto* call = std::get_if<CallResult>(&state)) {
      const CidText* cid = produced_call_cid(*call);
      if (!cid) continue;
      const ServiceResultAggregate* r = info.service_result_store.find(cid->view());
      if (!r) fail("service result " + cid->str() + " is missing from the store");
      out[producer_tetraplet(info, r->tetraplet_cid).peer_pk].push_back(*cid);
    } else if (auto* canon = std::get_if<CanonResult>(&state)) {
      auto* executed = std::get_if<CanonExecuted>(canon);
      if (!executed) continue;
      const CanonResultAggregate* r = info.canon_result_store.find(executed->cid.view());
      if (!r) fail("canon result " + executed->cid.str() + " is missing from the store");
      out[producer_tetraplet(info, r->tetraplet).peer_pk].push_back(executed->cid);
    }
  }
  return out;
}

Bytes signed_message(std::vector<CidText> cids, std::string_view salt) {
  std::sort(cids.begin(), cids.end());
  Bytes out;
  std::size_t size = 8 + salt.size();
  for (const auto& c : cids) size += 4 + c.size();
  out.reserve(size);
  append_u32le(out, static_cast<std::uint32_t>(cids.size()));
  for (const auto& c : cids) {
    append_u32le(out, static_cast<std::uint32_t>(c.size()));
    out.insert(out.end(), c.view().begin(), c.view().end());
  }
  append_u32le(out, static_cast<std::uint32_t>(salt.size()));
  out.insert(out.end(), salt.begin(), salt.end());
  return out;
}

SignatureEntry sign_cids(const Ed25519KeyPair& key, std::vector<CidText> cids,
                         std::string_view salt) {
  Ed25519Signature signature = key.sign(signed_message(std::move(cids), salt));
  SignatureEntry entry;
  entry.public_key.reserve(33);
  entry.public_key.push_back(0x00);
  entry.public_key.insert(entry.public_key.end(), key.public_key().begin(), key.public_key().end());
  entry.signature.reserve(65);
  entry.signature.push_back(0x00);
  entry.signature.insert(entry.signature.end(), signature.begin(), signature.end());
  return entry;
}

void sign_current_peer(InterpreterData& data, const Ed25519KeyPair& key, std::string_view salt) {
  std::string peer = PeerId::from_ed25519(key.public_key()).to_base58();
  PeerCids all = collect_peer_cids(data.trace, data.cid_info);
  auto it = all.find(peer);
  std::vector<CidText> cids = it == all.end() ? std::vector<CidText>() : std::move(it->second);
  data.signatures.put(sign_cids(key, std::move(cids), salt));
}

std::string signature_peer_id(const SignatureEntry& entry) {
  return PeerId::from_ed25519(entry_key(entry)).to_base58();
}

void verify_signatures(const InterpreterData& current, std::string_view salt) {
  GroupedCids grouped = group_cids(current);
  for (const auto& [peer, info] : grouped) {
    const Bytes& sig = info.entry->signature;
    if (sig.size() != 65 || sig[0] != 0x00)
      fail("malformed signature of " + peer + ": not an Ed25519 signature");
    Ed25519PublicKey key = entry_key(*info.entry);
    Bytes message = signed_message(info.cids, salt);
    if (!ed25519_verify(key, message, ByteView(sig).subspan(1)))
      fail("signature mismatch for \"" + peer + "\"");
  }
}

SignatureStore merge_signatures(const InterpreterData& prev, const InterpreterData& current) {
  GroupedCids merged = group_cids(current);
  GroupedCids older = group_cids(prev);
  for (auto& [peer, info] : older) {
    auto it = merged.find(peer);
    if (it == merged.end()) {
      merged.emplace(peer, std::move(info));
      continue;
    }
    PeerInfo* larger = &it->second;
    PeerInfo* smaller = &info;
    if (larger->cids.size() < smaller->cids.size()) std::swap(*larger, *smaller);
    auto large_counts = count_map(larger->cids);
    for (const auto& [cid, n] : count_map(smaller->cids)) {
      auto found = large_counts.find(cid);
      if (found == large_counts.end() || found->second < n)
        fail("inconsistent CID multisets on merge for peer \"" + peer + "\"");
    }
  }
  // Deterministic order: current's entries first (as they were), then prev-only peers.
  SignatureStore store;
  for (const auto& entry : current.signatures.entries) {
    auto it = merged.find(signature_peer_id(entry));
    if (it != merged.end() && it->second.entry) {
      store.put(*it->second.entry);
      it->second.entry = nullptr;
    }
  }
  for (const auto& entry : prev.signatures.entries) {
    auto it = merged.find(signature_peer_id(entry));
    if (it != merged.end() && it->second.entry) {
      store.put(*it->second.entry);
      it->second.entry = nullptr;
    }
  }
  return store;
}

}  // namespace fluence::air
