// Fuzzes ed25519_verify_nonstrict (ed25519-dalek's verify rules) against a reference computation written
// out plainly here: S < L checked through libsodium's reduction, the key decoded with a square
// root from an inversion, k from libsodium's SHA-512, and [S]B - [k]A by bit-by-bit double and
// add. Where libsodium's stricter crypto_sign_verify_detached has the same rules (key canonical
// and of more than small order, R's y not that of a small-order point) they must agree too.
//
// Byte 0 picks a mode (mod 4):
//  0: an honest signature by one of 8 fixed keys (byte 1) over the input from byte 4 on, then
//     up to 3 (offset, xor) corruptions (bytes 2..3 give the count and a seed) over
//     key || signature || message;
//  1: raw: 32 key bytes, 64 signature bytes, the rest is the message;
//  2: a small-order key (byte 1 picks one of 16 encodings, aliases and sign bits included),
//     R = [s]B + [j]T8 with s from bytes 2..33 and j from byte 34, S = s; message after;
//  3: a fixed key, R = a small-order encoding (byte 1), S = k a, message after byte 2.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ed25519_msm.h"
#include "ed25519_point.h"
#include "fluence/core/ed25519.h"
#include "fuzz_check.h"
#include "support/ed25519_reference_math.h"

namespace {

using fluence::Bytes;
using fluence::ByteView;
using fluence::ed25519::EdwardsPoint;
using fluence::ed25519::FieldElement;
using fluence::ed25519::Scalar;
using Encoding = std::array<std::uint8_t, 32>;

namespace fe = fluence::ed25519;

// --- The reference --------------------------------------------------------------------------

bool reference_canonical_scalar(const std::uint8_t* s) {
  std::uint8_t wide[64] = {};
  std::copy(s, s + 32, wide);
  std::uint8_t reduced[32];
  crypto_core_ed25519_scalar_reduce(reduced, wide);
  return std::equal(reduced, reduced + 32, s);
}

// dalek's decompression: y = low 255 bits mod p, x = +-sqrt((y^2 - 1) / (d y^2 + 1)) with the
// top bit choosing -x (also for x = 0).
std::optional<EdwardsPoint> reference_decode(const std::uint8_t* bytes) {
  const fe::CurveConstants& c = fe::curve();
  const FieldElement y = fe::fe_from_bytes(bytes);
  const FieldElement yy = fe::fe_sq(y);
  const FieldElement w = fe::fe_mul(fe::fe_sub(yy, fe::fe_one()),
                                    fe::fe_invert(fe::fe_add(fe::fe_mul(c.d, yy), fe::fe_one())));
  // w^((p + 3) / 8) = w * w^((p - 5) / 8) squares to w or -w when w is a square.
  FieldElement x = fe::fe_mul(w, fe::fe_pow_p58(w));
  if (!fe::fe_equal(fe::fe_sq(x), w)) {
    x = fe::fe_mul(x, c.sqrt_m1);
    if (!fe::fe_equal(fe::fe_sq(x), w)) return std::nullopt;
  }
  if (fe::fe_is_negative(x)) x = fe::fe_neg(x);
  if (bytes[31] >> 7) x = fe::fe_neg(x);
  return EdwardsPoint{x, y, fe::fe_one(), fe::fe_mul(x, y)};
}

EdwardsPoint reference_mul(const std::uint8_t* scalar, const EdwardsPoint& p) {
  EdwardsPoint acc = fe::identity_point();
  const fe::CachedPoint q = fe::to_cached(p);
  for (int bit = 255; bit >= 0; --bit) {
    acc = fe::dbl(acc);
    if ((scalar[bit / 8] >> (bit % 8)) & 1) acc = fe::add(acc, q);
  }
  return acc;
}

Scalar challenge(ByteView r, ByteView key, ByteView message) {
  return fluence::testing::ed25519_challenge(r, key, message);
}

bool reference_verify(const Encoding& key, ByteView message, const fluence::Ed25519Signature& sig) {
  if (!reference_canonical_scalar(sig.data() + 32)) return false;
  const auto a = reference_decode(key.data());
  if (!a) return false;
  const Scalar k = challenge(ByteView(sig).first(32), key, message);
  const EdwardsPoint sb = reference_mul(sig.data() + 32, fe::curve().base);
  const EdwardsPoint ka = reference_mul(k.data(), *a);
  const Encoding expected = fe::encode_point(fe::sub(sb, fe::to_cached(ka)));
  return std::equal(expected.begin(), expected.end(), sig.begin());
}

// Whether libsodium's extra rules cannot matter: the key is canonical and of more than small
// order, and R's y is not that of a small-order point.
bool libsodium_rules_apply(const Encoding& key, const fluence::Ed25519Signature& sig) {
  const auto a = fe::decode_point(key.data());
  return a && !fe::has_small_order_y(a->Y) && !fe::has_small_order_y(fe::fe_from_bytes(sig.data()));
}

// --- Inputs ---------------------------------------------------------------------------------

const std::vector<fluence::Ed25519KeyPair>& fixed_keys() {
  static const std::vector<fluence::Ed25519KeyPair> keys = [] {
    std::vector<fluence::Ed25519KeyPair> out;
    for (std::uint8_t i = 0; i < 8; ++i)
      out.push_back(
          fluence::Ed25519KeyPair::from_seed(Bytes(32, static_cast<std::uint8_t>(i + 7))));
    return out;
  }();
  return keys;
}

Scalar secret_scalar(const fluence::Ed25519KeyPair& pair) {
  return fluence::testing::ed25519_secret_scalar(pair);
}

// A point of order 8, found once: [L] times the decoding of y = 2, 3, ... until one has it.
const EdwardsPoint& order_eight_point() {
  static const EdwardsPoint t8 = [] {
    const Scalar l = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                      0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                      0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    for (std::uint8_t y = 2;; ++y) {
      Encoding bytes{};
      bytes[0] = y;
      const auto p = fe::decode_point(bytes.data());
      if (!p) continue;
      const EdwardsPoint t = reference_mul(l.data(), *p);
      const EdwardsPoint t4 = fe::dbl(fe::dbl(t));
      if (!fe::fe_equal(t4.Y, t4.Z)) return t;
    }
  }();
  return t8;
}

// 16 small-order encodings: [j]T8 for j = 0..7, then y = 1, 0, -1 and p + 1, p written with
// the sign bit set or as aliases.
Encoding small_order_encoding(std::uint8_t which) {
  which %= 16;
  if (which < 8) {
    EdwardsPoint p = fe::identity_point();
    for (int j = 0; j < which; ++j) p = fe::add(p, fe::to_cached(order_eight_point()));
    return fe::encode_point(p);
  }
  Encoding e{};
  switch (which) {
    case 8:  // the identity with x = "-0"
      e[0] = 1;
      e[31] = 0x80;
      break;
    case 9:  // y = 0, the other sign
      e[31] = 0x80;
      break;
    default: {
      e.fill(0xff);
      const std::uint8_t low[6] = {0xee, 0xee, 0xed, 0xed, 0xec, 0xec};  // p + 1, p, p - 1
      e[0] = low[which - 10];
      e[31] = (which % 2) ? 0xff : 0x7f;
    }
  }
  return e;
}

Scalar scalar_from(const std::uint8_t* bytes, std::size_t n) {
  std::uint8_t wide[64] = {};
  std::copy(bytes, bytes + std::min<std::size_t>(n, 32), wide);
  Scalar s;
  crypto_core_ed25519_scalar_reduce(s.data(), wide);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  if (sodium_init() < 0) return 0;
  Encoding key{};
  fluence::Ed25519Signature sig{};
  Bytes message;
  switch (data[0] % 4) {
    case 0: {
      const auto& pair = fixed_keys()[data[1] % 8];
      message.assign(data + 4, data + size);
      key = pair.public_key();
      sig = pair.sign(message);
      std::uint32_t seed = data[3];
      for (int i = 0; i < data[2] % 4; ++i) {
        seed = seed * 1103515245u + 12345u;
        const std::size_t offset = (seed >> 8) % (96 + message.size());
        const auto mask = static_cast<std::uint8_t>(1u << ((seed >> 4) % 8));
        if (offset < 32)
          key[offset] ^= mask;
        else if (offset < 96)
          sig[offset - 32] ^= mask;
        else
          message[offset - 96] ^= mask;
      }
      break;
    }
    case 1: {
      if (size < 97) return 0;
      std::copy(data + 1, data + 33, key.begin());
      std::copy(data + 33, data + 97, sig.begin());
      message.assign(data + 97, data + size);
      break;
    }
    case 2: {
      if (size < 35) return 0;
      key = small_order_encoding(data[1]);
      const Scalar s = scalar_from(data + 2, 32);
      EdwardsPoint r = reference_mul(s.data(), fe::curve().base);
      for (int j = 0; j < data[34] % 8; ++j) r = fe::add(r, fe::to_cached(order_eight_point()));
      const Encoding r_bytes = fe::encode_point(r);
      std::copy(r_bytes.begin(), r_bytes.end(), sig.begin());
      std::copy(s.begin(), s.end(), sig.begin() + 32);
      message.assign(data + 35, data + size);
      break;
    }
    default: {
      const auto& pair = fixed_keys()[data[2] % 8];
      key = pair.public_key();
      const Encoding r_bytes = small_order_encoding(data[1]);
      message.assign(data + 3, data + size);
      const Scalar k = challenge(r_bytes, key, message);
      Scalar s;
      crypto_core_ed25519_scalar_mul(s.data(), k.data(), secret_scalar(pair).data());
      std::copy(r_bytes.begin(), r_bytes.end(), sig.begin());
      std::copy(s.begin(), s.end(), sig.begin() + 32);
    }
  }
  const bool ours = fluence::ed25519_verify_nonstrict(key, message, sig);
  FUZZ_CHECK(ours == reference_verify(key, message, sig));
  if (libsodium_rules_apply(key, sig)) {
    FUZZ_CHECK(ours == (crypto_sign_verify_detached(sig.data(), message.data(), message.size(),
                                                    key.data()) == 0));
  }
  // Honest, untouched signatures always verify.
  if (data[0] % 4 == 0 && data[2] % 4 == 0) FUZZ_CHECK(ours);
  return 0;
}
