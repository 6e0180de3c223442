#include "fluence/air/data/signatures.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "fluence/air/data/data_error.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/ed25519_batch.h"
#include "fluence/core/peer_id.h"

namespace fluence::air {
namespace {

[[noreturn]] void fail(const std::string& message) {
  throw DataError(kSignatureVerificationError, message);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string cid_list(const std::vector<CidText>& cids) {
  std::string out = "[";
  for (std::size_t i = 0; i < cids.size(); ++i) out += (i ? ", " : "") + quoted(cids[i].view());
  return out + "]";
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

// The Ed25519 key of a store entry: 0x00 (Ed25519 key format) || 32 bytes.
Ed25519PublicKey entry_key(const SignatureEntry& entry) {
  if (entry.public_key.size() != 33 || entry.public_key[0] != 0x00)
    fail("malformed key: " + quoted(base58btc_encode(entry.public_key)) +
         ": invalid key data: not an Ed25519 public key");
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

// `entry_peers`, when given, receives the peer id of each store entry in store order (peer ids
// are base58 of the key, worth computing once).
GroupedCids group_cids(const InterpreterData& data, std::vector<std::string>* entry_peers = nullptr) {
  GroupedCids grouped;
  for (const auto& entry : data.signatures.entries) {
    std::string peer = signature_peer_id(entry);
    grouped[peer].entry = &entry;
    if (entry_peers) entry_peers->push_back(std::move(peer));
  }
  for (auto& [peer, cids] : collect_peer_cids(data.trace, data.cid_info)) {
    auto it = grouped.find(peer);
    // (sic: the reference's message has this typo)
    if (it == grouped.end()) fail("peer_id doens't match any available public key: " + quoted(peer));
    it->second.cids = std::move(cids);
  }
  return grouped;
}

// The big-endian value of text's bytes [from, from + 8), zero-padded past its end. Comparing
// these words orders texts as bytes do, except that a tie says nothing (see sorted_views).
std::uint64_t prefix_word(std::string_view text, std::size_t from) {
  std::uint8_t bytes[8] = {};
  if (from < text.size()) std::memcpy(bytes, text.data() + from, std::min<std::size_t>(8, text.size() - from));
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  word = __builtin_bswap64(word);
#endif
  return word;
}

// The texts of `cids` in byte order. CIDs share their first seven characters, so comparing
// texts spends most of its time in memcmp calls that look at the same prefix again and again:
// the sort compares the first sixteen bytes as two integers and reads the texts only on a tie.
std::vector<std::string_view> sorted_views(const std::vector<CidText>& cids) {
  struct Keyed {
    std::uint64_t hi, lo;
    std::string_view text;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(cids.size());
  for (const auto& c : cids) keyed.push_back({prefix_word(c.view(), 0), prefix_word(c.view(), 8), c.view()});
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return a.text < b.text;
  });
  std::vector<std::string_view> out;
  out.reserve(keyed.size());
  for (const Keyed& k : keyed) out.push_back(k.text);
  return out;
}

// Whether the multiset `small` is contained in `large`. Usually one peer's list in prev is a
// prefix of its list in current (texts interned across both, so compared by pointer).
bool contains_multiset(const std::vector<CidText>& large, const std::vector<CidText>& small) {
  if (small.size() > large.size()) return false;
  if (std::equal(small.begin(), small.end(), large.begin())) return true;
  const auto a = sorted_views(large);
  const auto b = sorted_views(small);
  return std::includes(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

PeerCids collect_peer_cids(const Trace& trace, const CidInfo& info) {
  PeerCids out;
  // Runs of states mostly come from one peer: remember its list instead of a map lookup each.
  const std::string* last_peer = nullptr;
  std::vector<CidText>* last_list = nullptr;
  auto list_of = [&](const std::string& peer) -> std::vector<CidText>& {
    if (!last_peer || *last_peer != peer) {
      last_list = &out[peer];
      last_peer = &peer;
    }
    return *last_list;
  };
  // Results mostly share their tetraplet, and then its CID's bytes: one lookup serves a run.
  const char* last_tetraplet_cid = nullptr;
  const SecurityTetraplet* last_tetraplet = nullptr;
  for (const auto& state : trace) {
    if (auto* call = std::get_if<CallResult>(&state)) {
      const CidText* cid = produced_call_cid(*call);
      if (!cid) continue;
      const ServiceResultAggregate* r = info.service_result_store.find(cid->view());
      if (!r) fail("service result " + cid->str() + " is missing from the store");
      const std::string_view t_cid = r->tetraplet_cid.view();
      if (t_cid.data() != last_tetraplet_cid || !last_tetraplet) {
        last_tetraplet = &producer_tetraplet(info, r->tetraplet_cid);
        last_tetraplet_cid = t_cid.data();
      }
      list_of(last_tetraplet->peer_pk).push_back(*cid);
    } else if (auto* canon = std::get_if<CanonResult>(&state)) {
      auto* executed = std::get_if<CanonExecuted>(canon);
      if (!executed) continue;
      const CanonResultAggregate* r = info.canon_result_store.find(executed->cid.view());
      if (!r) fail("canon result " + executed->cid.str() + " is missing from the store");
      list_of(producer_tetraplet(info, r->tetraplet).peer_pk).push_back(executed->cid);
    }
  }
  return out;
}

Bytes signed_message(const std::vector<CidText>& cids, std::string_view salt) {
  // Sorting views spares the reference counting of sorting the texts themselves.
  const std::vector<std::string_view> sorted = sorted_views(cids);
  Bytes out;
  std::size_t size = 8 + salt.size();
  for (const auto& c : sorted) size += 4 + c.size();
  out.resize(size);
  std::uint8_t* p = out.data();
  auto put_u32le = [&p](std::size_t v) {
    for (int i = 0; i < 4; ++i) *p++ = static_cast<std::uint8_t>(v >> (8 * i));
  };
  put_u32le(sorted.size());
  for (const auto& c : sorted) {
    put_u32le(c.size());
    p = std::copy(c.begin(), c.end(), p);
  }
  put_u32le(salt.size());
  std::copy(salt.begin(), salt.end(), p);
  return out;
}

SignatureEntry sign_cids(const Ed25519KeyPair& key, std::vector<CidText> cids,
                         std::string_view salt) {
  Ed25519Signature signature = key.sign(signed_message(cids, salt));
  SignatureEntry entry;
  entry.public_key.reserve(33);
  entry.public_key.push_back(0x00);
  entry.public_key.insert(entry.public_key.end(), key.public_key().begin(), key.public_key().end());
  entry.signature.reserve(65);
  entry.signature.push_back(0x00);
  entry.signature.insert(entry.signature.end(), signature.begin(), signature.end());
  return entry;
}

void sign_current_peer(InterpreterData& data, const Ed25519KeyPair& key, std::string_view salt,
                       const std::vector<VerifiedSignature>& verified) {
  std::string peer = PeerId::from_ed25519(key.public_key()).to_base58();
  PeerCids all = collect_peer_cids(data.trace, data.cid_info);
  auto it = all.find(peer);
  std::vector<CidText> cids = it == all.end() ? std::vector<CidText>() : std::move(it->second);
  for (const VerifiedSignature& v : verified) {
    const Bytes& pk = v.entry.public_key;
    if (pk.size() != 33 || pk[0] != 0x00 ||
        !std::equal(key.public_key().begin(), key.public_key().end(), pk.begin() + 1))
      continue;
    // The same CIDs in the same order (a re-run, a particle back unchanged) sign the same
    // message, known without sorting and writing it again.
    if (std::equal(cids.begin(), cids.end(), v.cids.begin(), v.cids.end()) ||
        v.message == signed_message(cids, salt)) {
      data.signatures.put(v.entry);
      return;
    }
    break;
  }
  data.signatures.put(sign_cids(key, std::move(cids), salt));
}

std::string signature_peer_id(const SignatureEntry& entry) {
  return PeerId::from_ed25519(entry_key(entry)).to_base58();
}

std::vector<VerifiedSignature> verify_signatures(const InterpreterData& current,
                                                 std::string_view salt) {
  std::vector<VerifiedSignature> verified;
  GroupedCids grouped = group_cids(current);
  verified.reserve(grouped.size());
  // Fast path: when every entry is well formed, one batch verification covers them all (less
  // than half the cost of one by one). If it says no, the loop below finds the first bad
  // entry in the same order and reports it with the same message as always.
  bool well_formed = true;
  for (const auto& [peer, info] : grouped) {
    const Bytes& sig = info.entry->signature;
    const Bytes& key = info.entry->public_key;
    if (sig.size() != 65 || sig[0] != 0x00 || key.size() != 33 || key[0] != 0x00) {
      well_formed = false;
      break;
    }
    verified.push_back(VerifiedSignature{*info.entry, signed_message(info.cids, salt), info.cids});
  }
  if (well_formed) {
    std::vector<Ed25519BatchItem> items;
    items.reserve(verified.size());
    for (const VerifiedSignature& v : verified)
      items.push_back({ByteView(v.entry.public_key).subspan(1), v.message,
                       ByteView(v.entry.signature).subspan(1)});
    if (ed25519_verify_batch(items)) return verified;
  }
  verified.clear();
  for (const auto& [peer, info] : grouped) {
    const Bytes& sig = info.entry->signature;
    if (sig.size() != 65 || sig[0] != 0x00)
      fail("signature mismatch for " + quoted(peer) + ": malformed signature, values: CIDS: " +
           cid_list(info.cids));
    Ed25519PublicKey key = entry_key(*info.entry);
    Bytes message = signed_message(info.cids, salt);
    if (!ed25519_verify_nonstrict(key, message, ByteView(sig).subspan(1)))
      fail("signature mismatch for " + quoted(peer) + ": verification failed, values: CIDS: " +
           cid_list(info.cids));
    verified.push_back(VerifiedSignature{*info.entry, std::move(message), info.cids});
  }
  return verified;
}

SignatureStore merge_signatures(const InterpreterData& prev, const InterpreterData& current) {
  std::vector<std::string> current_peers, prev_peers;
  GroupedCids merged = group_cids(current, &current_peers);
  GroupedCids older = group_cids(prev, &prev_peers);
  for (auto& [peer, info] : older) {
    auto it = merged.find(peer);
    if (it == merged.end()) {
      merged.emplace(peer, std::move(info));
      continue;
    }
    PeerInfo* larger = &it->second;
    PeerInfo* smaller = &info;
    if (larger->cids.size() < smaller->cids.size()) std::swap(*larger, *smaller);
    if (!contains_multiset(larger->cids, smaller->cids))
      fail("inconsistent CID multisets on merge for peer " + quoted(peer) + ", prev: " +
           cid_list(larger->cids) + ", current: " + cid_list(smaller->cids));
  }
  // Deterministic order: current's entries first (as they were), then prev-only peers.
  SignatureStore store;
  for (const auto* peers : {&current_peers, &prev_peers}) {
    for (const std::string& peer : *peers) {
      auto it = merged.find(peer);
      if (it != merged.end() && it->second.entry) {
        store.put(*it->second.entry);
        it->second.entry = nullptr;
      }
    }
  }
  return store;
}

}  // namespace fluence::air
