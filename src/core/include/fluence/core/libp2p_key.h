// The libp2p protobuf key containers (PublicKey/PrivateKey {KeyType Type=1; bytes Data=2;}),
// encoded deterministically as network.md §1.2 requires.
#pragma once

#include <cstdint>

#include "fluence/core/bytes.h"

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

}  // namespace fluence
