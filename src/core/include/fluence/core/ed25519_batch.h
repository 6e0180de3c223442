// Ed25519 batch verification: checks many (key, message, signature) items at once for well
// under half the cost of verifying each one alone.
#pragma once

#include <span>

#include "fluence/core/bytes.h"

namespace fluence {

struct Ed25519BatchItem {
  ByteView public_key;  // 32 bytes
  ByteView message;
  ByteView signature;  // 64 bytes: R || S
};

// True iff every item is a valid signature (an empty batch is true; a batch of one item is
// ed25519_verify_nonstrict). It does not say which item is bad: on false, callers verify the items one by
// one with ed25519_verify_nonstrict, which has the final word.
//
// The check is the random linear combination [8](-(sum z_i S_i) B + sum z_i R_i +
// sum (z_i k_i) A_i) == identity with fresh random 128-bit z_i, so a batch with a bad item passes
// with probability about 2^-128. Each item is first checked strictly, as libsodium's
// crypto_sign_verify_detached would: sizes, S < L, A and R canonical curve points of more than
// small order. ed25519_verify_nonstrict (ed25519-dalek's rules) accepts some items that fail this:
// small-order or non-canonical (y + p) keys and small-order R, with the group equation holding.
// Such a batch is false, and the one-by-one check accepts those items.
//
// The equation is cofactored (like ZIP 215 and ed25519-dalek's verify_batch) while
// ed25519_verify_nonstrict's is not, so a signature deliberately built with a small-order component in R
// (R = rB + T, T of small order) can pass here and fail ed25519_verify_nonstrict. Signers that follow
// RFC 8032 never make such signatures. Apart from these two kinds of crafted items, the batch
// is true exactly when ed25519_verify_nonstrict accepts every item.
//
// Decoded public keys are remembered per thread (128 keys, ~170 KiB once a thread has verified
// a batch), which makes keys seen again, like the peers of a particle, cheaper to verify. Each
// thread also keeps its scratch buffers (up to ~700 KiB: batches over 256 items are checked in
// chunks). Thread safe; throws fluence::Error only if libsodium cannot initialise.
bool ed25519_verify_batch(std::span<const Ed25519BatchItem> items);

}  // namespace fluence
