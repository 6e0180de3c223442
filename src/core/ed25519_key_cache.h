// A small per-thread memo of decoded Ed25519 public keys for the verifiers, batch and single:
// the odd multiples table of each valid key seen recently. The same peers sign particle after
// particle, and decoding plus the table is about a fifth of a key's cost in a batch.
#pragma once

#include <cstdint>

#include "ed25519_msm.h"

namespace fluence::ed25519 {

// The table of a 32-byte key remembered on this thread, or nullptr. The pointer is valid until
// the next remember_key_table on the same thread.
const OddMultiples* find_key_table(const std::uint8_t* key);

// Remembers the table of a key that decode_point accepted (canonical) as a point of more than
// small order. Only such keys are remembered, so a hit means the key passed those checks.
void remember_key_table(const std::uint8_t* key, const OddMultiples& table);

}  // namespace fluence::ed25519
