#include "fluence/core/peer_id.h"

#include <algorithm>

#include "fluence/core/base_encoding.h"
#include "fluence/core/cid.h"
#include "fluence/core/error.h"
#include "fluence/core/multihash.h"

namespace fluence {

namespace {

// Public keys whose protobuf encoding fits in this many bytes are inlined in the peer id.
constexpr std::size_t kMaxInlineKeyLength = 42;

}  // namespace

PeerId PeerId::from_public_key(const Libp2pKey& key) {
  Bytes encoded = key.encode();
  std::uint64_t code = encoded.size() <= kMaxInlineKeyLength ? kMultihashIdentity : kMultihashSha2_256;
  return PeerId(Multihash::compute(code, encoded).to_bytes());
}

PeerId PeerId::from_ed25519(const Ed25519PublicKey& key) {
  return from_public_key(Libp2pKey{KeyType::kEd25519, Bytes(key.begin(), key.end())});
}

PeerId PeerId::from_bytes(ByteView multihash) {
  Multihash mh = Multihash::from_bytes(multihash);
  if (mh.code == kMultihashIdentity) {
    if (mh.digest.size() > kMaxInlineKeyLength) {
      throw_invalid("peer id: identity multihash longer than 42 bytes");
    }
  } else if (mh.code == kMultihashSha2_256) {
    if (mh.digest.size() != 32) throw_invalid("peer id: sha2-256 digest is not 32 bytes");
  } else {
    throw_invalid("peer id: multihash code " + std::to_string(mh.code) +
                  " is neither identity nor sha2-256");
  }
  return PeerId(Bytes(multihash.begin(), multihash.end()));
}

PeerId PeerId::parse(std::string_view text) {
  if (text.empty()) throw_invalid("peer id: empty text");
  // Legacy base58 ids start with '1' (identity) or 'Q' (sha2-256); anything else is a CIDv1.
  if (text[0] == '1' || text[0] == 'Q') return from_bytes(base58btc_decode(text));
  Cid cid = Cid::parse(text);
  if (cid.version != 1 || cid.codec != kCodecLibp2pKey) {
    throw_invalid("peer id: a CID peer id must be a CIDv1 with codec libp2p-key (0x72)");
  }
  return from_bytes(cid.hash.to_bytes());
}

std::string PeerId::to_base58() const { return base58btc_encode(bytes_); }

std::optional<Libp2pKey> PeerId::public_key() const {
  Multihash mh = Multihash::from_bytes(bytes_);
  if (mh.code != kMultihashIdentity) return std::nullopt;
  try {
    return Libp2pKey::decode(mh.digest);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<Ed25519PublicKey> PeerId::ed25519_public_key() const {
  auto key = public_key();
  if (!key || key->type != KeyType::kEd25519 || key->data.size() != 32) return std::nullopt;
  Ed25519PublicKey out;
  std::copy(key->data.begin(), key->data.end(), out.begin());
  return out;
}

}  // namespace fluence
