// The libp2p protobuf key containers (PublicKey/PrivateKey {KeyType Type=1; bytes Data=2;}),
// encoded deterministically as network.md §1.2 requires.
#pragma once

#include <cstdint>

#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"

namespace fluence {

enum class KeyType : std::uint8_t { kRsa = 0, kEd25519 = 1, kSecp256k1 = 2, kEcdsa = 3 };

struct Libp2pKey {
  KeyType type = KeyType::kEd25519;
  Bytes data;

  Bytes encode() const;
  // Accepts fields in any order, rejects missing fields, unknown wire types and trailing junk.
  static Libp2pKey decode(ByteView bytes);
  bool operator==(const Libp2pKey&) const = default;
};

// The containers of an Ed25519 key pair: PublicKey Data = the 32-byte key, PrivateKey Data =
// seed || public (64 bytes).
Libp2pKey libp2p_public_key(const Ed25519KeyPair& key);
Libp2pKey libp2p_private_key(const Ed25519KeyPair& key);
// Reads a PrivateKey container; throws Error(kCrypto) unless it is an Ed25519 key pair (64
// bytes, or the legacy 96) whose public half matches its seed.
Ed25519KeyPair ed25519_from_libp2p_private_key(const Libp2pKey& key);

}  // namespace fluence
