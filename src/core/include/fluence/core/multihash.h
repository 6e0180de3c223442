// Multihash: varint(code) || varint(length) || digest.
#pragma once

#include <cstdint>

#include "fluence/core/bytes.h"

namespace fluence {

enum MultihashCode : std::uint64_t {
  kMultihashIdentity = 0x00,
  kMultihashSha2_256 = 0x12,
  kMultihashBlake3 = 0x1e,
};

struct Multihash {
  std::uint64_t code = 0;
  Bytes digest;

  // Hashes `data` with `code` (identity, sha2-256 or blake3 with a 32-byte digest).
  static Multihash compute(std::uint64_t code, ByteView data);
  Bytes to_bytes() const;
  // Decodes a whole buffer; throws on trailing bytes or a length that does not match.
  static Multihash from_bytes(ByteView data);
  // Decodes one multihash at data[pos], advancing pos (for CIDs and multiaddrs).
  static Multihash read(ByteView data, std::size_t& pos);

  bool operator==(const Multihash&) const = default;
};

}  // namespace fluence
