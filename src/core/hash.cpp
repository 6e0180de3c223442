#include "fluence/core/hash.h"

#include <sodium.h>

#include "fluence/core/blake3.h"

namespace fluence {

Digest32 sha256(ByteView data) {
  Digest32 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Digest32 blake3(ByteView data) {
  Blake3Hasher hasher;
  hasher.update(data);
  return hasher.finalize();
}

}  // namespace fluence
