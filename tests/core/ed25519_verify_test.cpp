// ed25519_verify_nonstrict follows ed25519-dalek 2.x's VerifyingKey::verify. The expected answers below
// come from dalek's code (ed25519-dalek signature.rs / verifying.rs, curve25519-dalek
// edwards.rs):
//  - InternalSignature::from_bytes rejects S unless Scalar::from_canonical_bytes takes it (S < L);
//  - VerifyingKey::from_bytes decompresses A with CompressedEdwardsY::decompress: y is the low
//    255 bits read mod p, x is the non-negative root of (y^2 - 1)/(d y^2 + 1), negated when the
//    top bit is set (so x = 0 with the bit set is accepted); no canonical or order checks;
//  - RCompute: k = SHA-512(R || A bytes as given || M) reduced mod L, then
//    compress([k](-A) + [S]B) is compared byte for byte with R (no cofactor, R never decoded).
// libsodium's crypto_sign_verify_detached agrees except that it also rejects keys that are
// non-canonical or of small order and R of small order.
#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <vector>

#include "ed25519_key_cache.h"
#include "ed25519_msm.h"
#include "ed25519_point.h"
#include "ed25519_scalar.h"
#include "fluence/core/ed25519.h"
#include "support/ed25519_reference_math.h"

namespace fluence {
namespace {

using ed25519::EdwardsPoint;
using ed25519::Scalar;
using Encoding = std::array<std::uint8_t, 32>;

bool libsodium_verify(ByteView key, ByteView message, ByteView sig) {
  return crypto_sign_verify_detached(sig.data(), message.data(), message.size(), key.data()) == 0;
}

Bytes random_bytes(std::size_t n, std::mt19937& rng) {
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

Scalar random_scalar() { return testing::ed25519_random_scalar(); }

Scalar challenge(ByteView r, ByteView key, ByteView message) {
  return testing::ed25519_challenge(r, key, message);
}

Scalar secret_scalar(const Ed25519KeyPair& pair) {
  return testing::ed25519_secret_scalar(pair);
}

Ed25519Signature join(ByteView r, const Scalar& s) {
  Ed25519Signature sig;
  std::copy(r.begin(), r.end(), sig.begin());
  std::copy(s.begin(), s.end(), sig.begin() + 32);
  return sig;
}

Encoding times_base(const Scalar& s) {
  Encoding out;
  EXPECT_EQ(crypto_scalarmult_ed25519_base_noclamp(out.data(), s.data()), 0);
  return out;
}

Encoding bytes_of_y(std::uint64_t low, bool sign = false) {
  Encoding e{};
  for (int i = 0; i < 8; ++i) e[i] = static_cast<std::uint8_t>(low >> (8 * i));
  if (sign) e[31] |= 0x80;
  return e;
}

// The encoding of y + p for a small y (p = 2^255 - 19): y + p < 2^255 needs y < 19.
Encoding alias_of_y(std::uint8_t y, bool sign = false) {
  Encoding e;
  e.fill(0xff);
  e[0] = static_cast<std::uint8_t>(0xed + y);
  e[31] = sign ? 0xff : 0x7f;
  return e;
}

// A point of order exactly 8: [L]P for a random curve point P, until one has that order.
EdwardsPoint order_eight_point() {
  for (;;) {
    Encoding bytes;
    randombytes_buf(bytes.data(), bytes.size());
    auto p = ed25519::decode_point(bytes.data());
    if (!p) continue;
    const Scalar& l = ed25519::kGroupOrder;
    const EdwardsPoint t = ed25519::multiscalar_mul(Scalar{}, {&*p, 1}, {&l, 1});
    const EdwardsPoint t4 = ed25519::dbl(ed25519::dbl(t));
    if (!ed25519::fe_equal(t4.Y, t4.Z)) return t;
  }
}

// 32 keys reused over the tests (later verifications find them in the per-thread memo).
const std::vector<Ed25519KeyPair>& keys() {
  static const std::vector<Ed25519KeyPair> pairs = [] {
    std::vector<Ed25519KeyPair> out;
    for (int i = 0; i < 32; ++i) out.push_back(Ed25519KeyPair::generate());
    return out;
  }();
  return pairs;
}

// --- Honest signatures and corruptions: the same answers as libsodium -------------------------

TEST(Ed25519Verify, AcceptsHonestSignaturesOfAnyLengthLikeLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  std::mt19937 rng(1);
  // Mostly short messages, the lengths around the switch to OpenSSL's SHA-512, and a few long
  // ones up to 300 KB like the AIR interpreter's lists of CIDs.
  std::vector<std::size_t> lengths;
  for (int i = 0; i < 2000; ++i) lengths.push_back(rng() % 700);
  for (std::size_t n : {4095, 4096, 4097, 8191, 65536}) lengths.push_back(n);
  for (int i = 0; i < 10; ++i) lengths.push_back(rng() % 300001);
  lengths.push_back(300000);
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    const Ed25519KeyPair& pair = keys()[i % keys().size()];
    const Bytes message = random_bytes(lengths[i], rng);
    const Ed25519Signature sig = pair.sign(message);
    ASSERT_TRUE(libsodium_verify(pair.public_key(), message, sig));
    ASSERT_TRUE(ed25519_verify_nonstrict(pair.public_key(), message, sig)) << "length " << lengths[i];
  }
}

TEST(Ed25519Verify, RejectsFlippedBitsInRSKeyOrMessageLikeLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  std::mt19937 rng(2);
  std::size_t long_ones = 0;
  for (int round = 0; round < 2000; ++round) {
    const Ed25519KeyPair& pair = keys()[rng() % keys().size()];
    // Every 100th message is long (hashed with OpenSSL).
    const std::size_t length = round % 100 == 0 ? 4096 + rng() % 20000 : rng() % 300;
    long_ones += length >= 4096;
    Bytes message = random_bytes(length, rng);
    Ed25519Signature sig = pair.sign(message);
    Ed25519PublicKey key = pair.public_key();
    const int bit = static_cast<int>(rng() % 8);
    switch (round % 4) {
      case 0:  // R
        sig[rng() % 32] ^= static_cast<std::uint8_t>(1 << bit);
        break;
      case 1:  // S
        sig[32 + rng() % 32] ^= static_cast<std::uint8_t>(1 << bit);
        break;
      case 2:  // A
        key[rng() % 32] ^= static_cast<std::uint8_t>(1 << bit);
        break;
      default:  // M
        if (message.empty())
          message.push_back(1);
        else
          message[rng() % message.size()] ^= static_cast<std::uint8_t>(1 << bit);
    }
    ASSERT_FALSE(libsodium_verify(key, message, sig)) << round;
    ASSERT_FALSE(ed25519_verify_nonstrict(key, message, sig)) << round;
  }
  EXPECT_GT(long_ones, 10u);
}

TEST(Ed25519Verify, RejectsWrongSizes) {
  const Ed25519KeyPair& pair = keys()[0];
  const auto sig = pair.sign({});
  ASSERT_TRUE(ed25519_verify_nonstrict(pair.public_key(), {}, sig));
  EXPECT_FALSE(ed25519_verify_nonstrict(ByteView(pair.public_key()).first(31), {}, sig));
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), {}, ByteView(sig).first(63)));
  Bytes longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), {}, longer));
}

// RFC 8032 section 7.1, TEST 1, 2 and 3: key, message and signature as published.
TEST(Ed25519Verify, AcceptsRfc8032TestVectors1To3) {
  struct Vector {
    const char *seed, *key, *message, *signature;
  };
  const Vector vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
       "f9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0"
       "f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f76098"
       "4dc6594a7c15e9716ed28dc027beceea1ec40a"},
  };
  for (const Vector& v : vectors) {
    const Bytes key = hex_decode(v.key), message = hex_decode(v.message);
    Bytes sig = hex_decode(v.signature);
    // The vector is self-consistent: the seed gives this key and this signature.
    const auto pair = Ed25519KeyPair::from_seed(hex_decode(v.seed));
    EXPECT_EQ(hex_encode(pair.public_key()), v.key);
    EXPECT_EQ(hex_encode(pair.sign(message)), v.signature);
    EXPECT_TRUE(ed25519_verify_nonstrict(key, message, sig)) << v.key;
    sig[63] ^= 0x01;
    EXPECT_FALSE(ed25519_verify_nonstrict(key, message, sig)) << v.key;
  }
}

// --- S ----------------------------------------------------------------------------------------

TEST(Ed25519Verify, NonCanonicalScalarIsRejected) {
  // S + L satisfies the group equation exactly as S does ([S + L]B = [S]B): only the S < L rule
  // (dalek's check_scalar) rejects it. Also S = L and the largest 256-bit value.
  const Ed25519KeyPair& pair = keys()[3];
  const Bytes message = to_bytes("scalar");
  const Ed25519Signature sig = pair.sign(message);
  ASSERT_TRUE(ed25519_verify_nonstrict(pair.public_key(), message, sig));
  Ed25519Signature plus_l = sig;
  for (int i = 0, carry = 0; i < 32; ++i) {
    const int v = plus_l[32 + i] + ed25519::kGroupOrder[i] + carry;
    plus_l[32 + i] = static_cast<std::uint8_t>(v);
    carry = v >> 8;
  }
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, plus_l));
  EXPECT_FALSE(libsodium_verify(pair.public_key(), message, plus_l));
  Ed25519Signature at_l = sig;
  std::copy(ed25519::kGroupOrder.begin(), ed25519::kGroupOrder.end(), at_l.begin() + 32);
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, at_l));
  Ed25519Signature all_ones = sig;
  std::fill(all_ones.begin() + 32, all_ones.end(), 0xff);
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, all_ones));
}

TEST(Ed25519Verify, GroupOrderConstantIsLibsodiums) {
  // L - 1 from libsodium's negation of 1, plus one; and L - 1 is canonical while L is not.
  Scalar one{}, l;
  one[0] = 1;
  crypto_core_ed25519_scalar_negate(l.data(), one.data());
  EXPECT_TRUE(ed25519::is_canonical_scalar(l.data()));
  ++l[0];  // L - 1 ends in 0xec
  EXPECT_EQ(l, ed25519::kGroupOrder);
  EXPECT_FALSE(ed25519::is_canonical_scalar(l.data()));
}

// --- A ----------------------------------------------------------------------------------------

// True if some point has this y: (y^2 - 1) / (d y^2 + 1) is a square mod p, by Euler's
// criterion w^((p - 1)/2) = w^(4 (p - 5)/8 + 2) != -1.
bool y_is_on_curve(std::uint64_t y_value) {
  using namespace ed25519;
  const FieldElement y = fe_from_bytes(bytes_of_y(y_value).data());
  const FieldElement yy = fe_sq(y);
  const FieldElement w =
      fe_mul(fe_sub(yy, fe_one()), fe_invert(fe_add(fe_mul(curve().d, yy), fe_one())));
  const FieldElement e = fe_mul(fe_sq(fe_sq(fe_pow_p58(w))), fe_sq(w));
  return !fe_equal(e, fe_neg(fe_one()));
}

TEST(Ed25519Verify, KeyThatDoesNotDecompressIsRejected) {
  // A signature that would verify under the real key, with the key swapped for y values that no
  // curve point has (in canonical and y + p form, with either sign bit).
  const Ed25519KeyPair& pair = keys()[4];
  const Bytes message = to_bytes("no such point");
  const Ed25519Signature sig = pair.sign(message);
  int off_curve = 0;
  for (std::uint8_t y = 2; y < 19; ++y) {
    if (y_is_on_curve(y)) continue;
    ++off_curve;
    for (bool sign : {false, true}) {
      EXPECT_FALSE(ed25519::decode_point_lenient(bytes_of_y(y, sign).data()));
      EXPECT_FALSE(ed25519_verify_nonstrict(bytes_of_y(y, sign), message, sig)) << int(y);
      EXPECT_FALSE(ed25519_verify_nonstrict(alias_of_y(y, sign), message, sig)) << int(y);
    }
  }
  EXPECT_GT(off_curve, 3);
  // And a key whose high half is random garbage: about half of all y have no point.
  std::mt19937 rng(5);
  int rejected = 0;
  for (int i = 0; i < 64; ++i) {
    Encoding key = pair.public_key();
    for (int j = 16; j < 32; ++j) key[j] = static_cast<std::uint8_t>(rng());
    if (!ed25519::decode_point_lenient(key.data())) {
      ++rejected;
      EXPECT_FALSE(ed25519_verify_nonstrict(key, message, sig));
    }
  }
  EXPECT_GT(rejected, 10);
}

TEST(Ed25519Verify, KeyYIsReadModuloP) {
  // dalek's decompression reads y + p as y: for each small y on the curve, the alias decodes to
  // the same point as the canonical form (strict decoding refuses the alias).
  int aliases = 0;
  for (std::uint8_t y = 0; y < 19; ++y) {
    for (bool sign : {false, true}) {
      const auto canonical = ed25519::decode_point_lenient(bytes_of_y(y, sign).data());
      const auto alias = ed25519::decode_point_lenient(alias_of_y(y, sign).data());
      ASSERT_EQ(canonical.has_value(), alias.has_value()) << int(y);
      EXPECT_EQ(canonical.has_value(), y_is_on_curve(y)) << int(y);
      if (!alias) continue;
      ++aliases;
      EXPECT_FALSE(ed25519::decode_point(alias_of_y(y, sign).data()));
      EXPECT_EQ(ed25519::encode_point(*alias), ed25519::encode_point(*canonical));
    }
  }
  EXPECT_GE(aliases, 4);  // at least y = 0 and y = 1, with either sign
}

// The small-order points by their order, as encoded by the test (canonical forms from
// arithmetic, and the y + p aliases and set sign bits that only dalek's decoding accepts).
struct SmallOrderKey {
  Encoding bytes;
  int order;
};

std::vector<SmallOrderKey> small_order_keys() {
  const EdwardsPoint t8 = order_eight_point();
  std::vector<SmallOrderKey> out = {
      {bytes_of_y(1), 1},        // the identity
      {bytes_of_y(1, true), 1},  // the identity with x = "-0"
      {alias_of_y(1), 1},        // the identity as y = p + 1
      {alias_of_y(1, true), 1},  // ... and with the sign bit
      {bytes_of_y(0), 4},        // y = 0: (sqrt(-1), 0), order 4
      {bytes_of_y(0, true), 4},  // its negation
      {alias_of_y(0), 4},        // y = p
      {alias_of_y(0, true), 4},
  };
  EdwardsPoint multiple = t8;  // [j]T8 for j = 1..7
  for (int j = 1; j < 8; ++j) {
    const int order = j % 2 ? 8 : (j % 4 ? 4 : 2);
    out.push_back({ed25519::encode_point(multiple), order});
    multiple = ed25519::add(multiple, ed25519::to_cached(t8));
  }
  Encoding minus_identity = bytes_of_y(0);  // y = -1 = p - 1: (0, -1), order 2
  minus_identity.fill(0xff);
  minus_identity[0] = 0xec;
  minus_identity[31] = 0x7f;
  out.push_back({minus_identity, 2});
  minus_identity[31] = 0xff;
  out.push_back({minus_identity, 2});
  return out;
}

TEST(Ed25519Verify, SmallOrderKeyAcceptedWheneverEquationHolds) {
  // A = T of small order, R = [r]B, S = r. dalek computes [S]B - [k]T = [r]B - [k]T, which
  // encodes to R exactly when [k]T is the identity, i.e. when order(T) divides k. So the
  // identity key accepts this for every message, and the others for a fraction 1/order of
  // them. libsodium rejects every small-order key. The memo of keys (shared with the batch
  // verifier, which relies on it holding only keys of large order) must not take them.
  ASSERT_GE(sodium_init(), 0);
  int accepted = 0, rejected = 0;
  for (const SmallOrderKey& key : small_order_keys()) {
    for (int m = 0; m < 24; ++m) {
      const Scalar r = random_scalar();
      const Encoding r_bytes = times_base(r);
      const Bytes message = to_bytes("message " + std::to_string(m));
      const Ed25519Signature sig = join(r_bytes, r);
      const Scalar k = challenge(r_bytes, key.bytes, message);
      const bool expected = k[0] % key.order == 0;  // the order divides 8, so k mod 8 decides
      EXPECT_EQ(ed25519_verify_nonstrict(key.bytes, message, sig), expected)
          << hex_encode(key.bytes) << " order " << key.order;
      EXPECT_FALSE(libsodium_verify(key.bytes, message, sig));
      (expected ? accepted : rejected) += 1;
    }
    EXPECT_EQ(ed25519::find_key_table(key.bytes.data()), nullptr);
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

TEST(Ed25519Verify, MixedOrderKeyIsCheckedWithoutCofactor) {
  // A' = A + T8 (canonical, of large order, so libsodium takes it too) with S = r + k a, where
  // k hashes A': [S]B - [k]A' = [r]B - [k]T8 equals R = [r]B only when 8 divides k. Both
  // libraries compare without a cofactor and agree.
  ASSERT_GE(sodium_init(), 0);
  const Ed25519KeyPair& pair = keys()[6];
  const auto a_point = ed25519::decode_point(pair.public_key().data());
  ASSERT_TRUE(a_point);
  const Encoding mixed =
      ed25519::encode_point(ed25519::add(*a_point, ed25519::to_cached(order_eight_point())));
  const Scalar a = secret_scalar(pair);
  int accepted = 0;
  for (int m = 0; m < 160; ++m) {
    const Scalar r = random_scalar();
    const Encoding r_bytes = times_base(r);
    const Bytes message = to_bytes("mixed " + std::to_string(m));
    const Scalar k = challenge(r_bytes, mixed, message);
    Scalar ka, s;
    crypto_core_ed25519_scalar_mul(ka.data(), k.data(), a.data());
    crypto_core_ed25519_scalar_add(s.data(), r.data(), ka.data());
    const Ed25519Signature sig = join(r_bytes, s);
    const bool ours = ed25519_verify_nonstrict(mixed, message, sig);
    EXPECT_EQ(ours, k[0] % 8 == 0);
    EXPECT_EQ(ours, libsodium_verify(mixed, message, sig));
    accepted += ours;
  }
  EXPECT_GT(accepted, 2);
}

// --- R ----------------------------------------------------------------------------------------

TEST(Ed25519Verify, SmallOrderRAcceptedWhenItEncodesTheResult) {
  // R = identity (01 00 .. 00) and S = k a make [S]B - [k]A the identity, which encodes to
  // exactly R: dalek accepts, libsodium rejects small-order R. The same point written with the
  // sign bit set or as y = p + 1 is not the encoding of the result: rejected.
  ASSERT_GE(sodium_init(), 0);
  const Ed25519KeyPair& pair = keys()[7];
  const Scalar a = secret_scalar(pair);
  for (int m = 0; m < 8; ++m) {
    const Bytes message = to_bytes("small R " + std::to_string(m));
    for (const Encoding& r_bytes : {bytes_of_y(1), bytes_of_y(1, true), alias_of_y(1)}) {
      const Scalar k = challenge(r_bytes, pair.public_key(), message);
      Scalar s;
      crypto_core_ed25519_scalar_mul(s.data(), k.data(), a.data());
      const Ed25519Signature sig = join(r_bytes, s);
      EXPECT_EQ(ed25519_verify_nonstrict(pair.public_key(), message, sig), r_bytes == bytes_of_y(1));
      EXPECT_FALSE(libsodium_verify(pair.public_key(), message, sig));
    }
  }
}

TEST(Ed25519Verify, RIsComparedNotDecoded) {
  // An honest signature with R replaced by bytes of the same point in another form (the y + p
  // alias does not exist for large y; the same y with the other sign is another point) or by
  // bytes that are no point at all: all rejected, though the equation's result is unchanged.
  const Ed25519KeyPair& pair = keys()[8];
  const Bytes message = to_bytes("compare R");
  const Ed25519Signature sig = pair.sign(message);
  ASSERT_TRUE(ed25519_verify_nonstrict(pair.public_key(), message, sig));
  Ed25519Signature flipped_sign = sig;
  flipped_sign[31] ^= 0x80;
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, flipped_sign));
  for (std::uint8_t y = 2; y < 19; ++y) {
    if (y_is_on_curve(y)) continue;
    Ed25519Signature garbage = sig;
    const Encoding e = bytes_of_y(y);
    std::copy(e.begin(), e.end(), garbage.begin());
    EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, garbage));
  }
}

}  // namespace
}  // namespace fluence
