#include "fluence/core/hash.h"

#include <sodium.h>


namespace fluence {

Digest32 sha256(ByteView data) {
  Digest32 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

// blake3() is defined in blake3.cpp, next to the compression function its fast path uses.

}  // namespace fluence
