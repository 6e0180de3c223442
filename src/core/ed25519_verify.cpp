// ed25519_verify_nonstrict: ed25519-dalek 2.x's VerifyingKey::verify on the batch verifier's arithmetic.
#include <sodium.h>

#include <algorithm>
#include <span>

#include "ed25519_key_cache.h"
#include "ed25519_msm.h"
#include "ed25519_point.h"
#include "ed25519_scalar.h"
#include "ed25519_sha512.h"
#include "fluence/core/ed25519.h"

namespace fluence {
namespace {

using ed25519::CachedPoint;
using ed25519::OddMultiples;
using ed25519::Scalar;

// The odd multiples of -A for a public key decoded as dalek decodes it; false if no curve point
// has its y. Most keys are ordinary (canonical, of more than small order): their tables come
// from and go to the per-thread memo that the batch verifier shares, which only ever holds
// such keys. The rest (small order, or y written as y + p) are decoded again leniently and not
// remembered.
bool minus_key_table(const std::uint8_t* key, OddMultiples& out) {
  if (const OddMultiples* known = ed25519::find_key_table(key)) {
    out = *known;
  } else if (const auto point = ed25519::decode_point(key);
             point && !ed25519::has_small_order_y(point->Y)) {
    out = ed25519::odd_multiples_of(*point);
    ed25519::remember_key_table(key, out);
  } else if (const auto unusual = ed25519::decode_point_lenient(key)) {
    out = ed25519::odd_multiples_of(*unusual);
  } else {
    return false;
  }
  for (CachedPoint& p : out) p = ed25519::negate(p);
  return true;
}

}  // namespace

bool ed25519_verify_nonstrict(ByteView public_key, ByteView message, ByteView signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  const ByteView r_bytes = signature.first(32);
  Scalar s;
  std::copy(signature.begin() + 32, signature.end(), s.begin());
  if (!ed25519::is_canonical_scalar(s.data())) return false;
  OddMultiples minus_a;
  if (!minus_key_table(public_key.data(), minus_a)) return false;
  // k = SHA-512(R || A || M) mod L, hashing the key's bytes as given (even a y + p form).
  std::uint8_t digest[64];
  ed25519::sha512({r_bytes, public_key, message}, digest);
  Scalar k;
  crypto_core_ed25519_scalar_reduce(k.data(), digest);
  // R' = [s]B - [k]A, compared as an encoding: R' always encodes canonically, so an R that is
  // not the canonical encoding of R' fails, and no factor 8 hides a small-order difference.
  const ed25519::EdwardsPoint expected = ed25519::multiscalar_mul(
      s, std::span<const OddMultiples>(&minus_a, 1), std::span<const Scalar>(&k, 1));
  const auto encoded = ed25519::encode_point(expected);
  return std::equal(encoded.begin(), encoded.end(), r_bytes.begin());
}

}  // namespace fluence
