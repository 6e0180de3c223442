// PeerId: a libp2p peer id, the multihash of a protobuf-encoded public key; its text form is
// base58btc ("12D3KooW..." for Ed25519).
#pragma once

#include <compare>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/libp2p_key.h"

namespace fluence {

class PeerId {
 public:
  static PeerId from_public_key(const Libp2pKey& key);
  static PeerId from_ed25519(const Ed25519PublicKey& key);
  // Raw multihash bytes (as in multiaddr /p2p, Noise, Kademlia).
  static PeerId from_bytes(ByteView multihash);
  // base58btc text, or a CIDv1 with codec libp2p-key in any multibase.
  static PeerId parse(std::string_view text);

  const Bytes& bytes() const { return bytes_; }
  std::string to_base58() const;
  // The public key inside an identity-multihash id; nullopt for sha2-256 ids.
  std::optional<Libp2pKey> public_key() const;
  std::optional<Ed25519PublicKey> ed25519_public_key() const;

  auto operator<=>(const PeerId&) const = default;

 private:
  explicit PeerId(Bytes bytes) : bytes_(std::move(bytes)) {}
  Bytes bytes_;
};

}  // namespace fluence

// PeerIds as keys of unordered containers.
template <>
struct std::hash<fluence::PeerId> {
  std::size_t operator()(const fluence::PeerId& id) const noexcept {
    return std::hash<std::string_view>{}(fluence::as_chars(id.bytes()));
  }
};
