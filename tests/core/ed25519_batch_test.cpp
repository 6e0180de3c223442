#include "fluence/core/ed25519_batch.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <vector>

#include "ed25519_key_cache.h"
#include "ed25519_msm.h"
#include "ed25519_point.h"
#include "fluence/core/ed25519.h"
#include "support/ed25519_reference_math.h"

namespace fluence {
namespace {

using ed25519::Scalar;

// Owns the bytes that a batch's items point into.
struct SignedSet {
  std::vector<Ed25519PublicKey> keys;
  std::vector<Bytes> messages;
  std::vector<Ed25519Signature> signatures;

  std::vector<Ed25519BatchItem> items() const {
    std::vector<Ed25519BatchItem> out;
    for (std::size_t i = 0; i < keys.size(); ++i)
      out.push_back({keys[i], messages[i], signatures[i]});
    return out;
  }
  bool all_valid_one_by_one() const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (!ed25519_verify_nonstrict(keys[i], messages[i], signatures[i])) return false;
    return true;
  }
};

// n valid signatures by n fresh keys over messages of lengths 0, 1, 2, ... (mod 300).
SignedSet make_signed(std::size_t n, std::mt19937& rng) {
  SignedSet set;
  for (std::size_t i = 0; i < n; ++i) {
    auto pair = Ed25519KeyPair::generate();
    Bytes message((i * 37) % 300);
    for (auto& b : message) b = static_cast<std::uint8_t>(rng());
    set.keys.push_back(pair.public_key());
    set.signatures.push_back(pair.sign(message));
    set.messages.push_back(std::move(message));
  }
  return set;
}

bool verify_batch(const SignedSet& set) { return ed25519_verify_batch(set.items()); }

Scalar random_scalar() { return testing::ed25519_random_scalar(); }

Scalar scalar_from_u64(std::uint64_t v) {
  Scalar s{};
  for (int i = 0; i < 8; ++i) s[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return s;
}

// L, the order of the base point: (L - 1) + 1.
Scalar group_order() {
  Scalar l;
  crypto_core_ed25519_scalar_negate(l.data(), scalar_from_u64(1).data());
  for (int i = 0, carry = 1; i < 32 && carry; ++i) {
    const int v = l[i] + carry;
    l[i] = static_cast<std::uint8_t>(v);
    carry = v >> 8;
  }
  return l;
}

Scalar secret_scalar(const Ed25519KeyPair& pair) {
  return testing::ed25519_secret_scalar(pair);
}

// S = r + H(R || A || M) * a for a chosen R (which need not be r*B): a "signature" whose R the
// test controls.
Ed25519Signature sign_with_r(const Ed25519KeyPair& pair, const Scalar& r,
                             const std::array<std::uint8_t, 32>& r_bytes, ByteView message) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r_bytes.data(), 32);
  crypto_hash_sha512_update(&st, pair.public_key().data(), 32);
  crypto_hash_sha512_update(&st, message.data(), message.size());
  std::uint8_t digest[64];
  crypto_hash_sha512_final(&st, digest);
  Scalar k, ka, s;
  crypto_core_ed25519_scalar_reduce(k.data(), digest);
  crypto_core_ed25519_scalar_mul(ka.data(), k.data(), secret_scalar(pair).data());
  crypto_core_ed25519_scalar_add(s.data(), r.data(), ka.data());
  Ed25519Signature sig;
  std::copy(r_bytes.begin(), r_bytes.end(), sig.begin());
  std::copy(s.begin(), s.end(), sig.begin() + 32);
  return sig;
}

std::array<std::uint8_t, 32> encode(const ed25519::EdwardsPoint& p) {
  return ed25519::encode_point(p);
}

ed25519::EdwardsPoint times_base(const Scalar& s) {
  return ed25519::multiscalar_mul(s, std::span<const ed25519::EdwardsPoint>(), {});
}

// A point of order exactly 8: [L]P for a random curve point P, until one has that order.
ed25519::EdwardsPoint order_eight_point() {
  const Scalar l = group_order();
  for (;;) {
    std::array<std::uint8_t, 32> bytes;
    randombytes_buf(bytes.data(), bytes.size());
    auto p = ed25519::decode_point(bytes.data());
    if (!p) continue;
    const ed25519::EdwardsPoint t = ed25519::multiscalar_mul(Scalar{}, {&*p, 1}, {&l, 1});
    const ed25519::EdwardsPoint t4 = ed25519::dbl(ed25519::dbl(t));
    if (!ed25519::fe_equal(t4.Y, t4.Z)) return t;  // 4T != identity: order 8
  }
}

// --- The field and point arithmetic underneath ------------------------------------------------

TEST(Ed25519Arithmetic, BaseMultiplesMatchLibsodium) {
  for (int i = 0; i < 20; ++i) {
    const Scalar s = random_scalar();
    std::array<std::uint8_t, 32> expected;
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(expected.data(), s.data()), 0);
    EXPECT_EQ(encode(times_base(s)), expected);
  }
}

TEST(Ed25519Arithmetic, MultiscalarMulMatchesSumOfLibsodiumProducts) {
  std::vector<ed25519::EdwardsPoint> points;
  std::vector<Scalar> scalars;
  std::array<std::uint8_t, 32> expected;
  const Scalar b = random_scalar();
  crypto_scalarmult_ed25519_base_noclamp(expected.data(), b.data());
  for (int i = 0; i < 7; ++i) {
    const Scalar log = random_scalar();
    const Scalar s = i == 0 ? scalar_from_u64(1) : random_scalar();
    std::array<std::uint8_t, 32> p_bytes, product;
    crypto_scalarmult_ed25519_base_noclamp(p_bytes.data(), log.data());
    points.push_back(*ed25519::decode_point(p_bytes.data()));
    scalars.push_back(s);
    ASSERT_EQ(crypto_scalarmult_ed25519_noclamp(product.data(), s.data(), p_bytes.data()), 0);
    ASSERT_EQ(crypto_core_ed25519_add(expected.data(), expected.data(), product.data()), 0);
  }
  EXPECT_EQ(encode(ed25519::multiscalar_mul(b, points, scalars)), expected);
}

TEST(Ed25519Arithmetic, SignedWindowDigitsSumToTheScalar) {
  for (int width : {5, 8}) {
    for (int round = 0; round < 20; ++round) {
      const Scalar s = round == 0 ? group_order() : random_scalar();
      const auto digits = ed25519::signed_window_digits(s, width);
      // sum(d_i 2^i) as columns of small integers, carried back into bits below.
      std::vector<std::int64_t> column(256, 0);
      int last_nonzero = -width;
      for (int i = 0; i < 256; ++i) {
        const int d = digits[i];
        if (d == 0) continue;
        EXPECT_EQ(d & 1, 1) << "digit " << i;
        EXPECT_LT(std::abs(d), 1 << (width - 1));
        EXPECT_GE(i - last_nonzero, width) << "two non-zero digits within one window";
        last_nonzero = i;
        column[i] += d;
      }
      Scalar back{};
      std::int64_t carry = 0;
      for (int i = 0; i < 256; ++i) {
        const std::int64_t v = column[i] + carry;
        const std::int64_t bit = ((v % 2) + 2) % 2;
        carry = (v - bit) / 2;
        if (bit) back[i / 8] |= static_cast<std::uint8_t>(1 << (i % 8));
      }
      EXPECT_EQ(carry, 0);
      EXPECT_EQ(back, s);
    }
  }
}

TEST(Ed25519Arithmetic, SmallOrderIsRecognisedFromY) {
  // All eight small-order points (the multiples of one of order 8) and no other point.
  const ed25519::EdwardsPoint t = order_eight_point();
  ed25519::EdwardsPoint multiple = ed25519::identity_point();
  for (int i = 0; i < 8; ++i) {
    const auto bytes = encode(multiple);
    const auto decoded = ed25519::decode_point(bytes.data());
    ASSERT_TRUE(decoded) << i;
    EXPECT_TRUE(ed25519::has_small_order_y(decoded->Y)) << i << " * T";
    EXPECT_TRUE(ed25519::has_small_order(*decoded)) << i << " * T";
    multiple = ed25519::add(multiple, ed25519::to_cached(t));
  }
  for (int i = 0; i < 20; ++i) {
    std::array<std::uint8_t, 32> p;
    crypto_core_ed25519_random(p.data());
    const auto decoded = ed25519::decode_point(p.data());
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(ed25519::has_small_order_y(decoded->Y));
    EXPECT_FALSE(ed25519::has_small_order(*decoded));
  }
}

TEST(Ed25519Arithmetic, DecodeEncodeRoundTrips) {
  for (int i = 0; i < 20; ++i) {
    std::array<std::uint8_t, 32> p;
    crypto_core_ed25519_random(p.data());
    auto decoded = ed25519::decode_point(p.data());
    ASSERT_TRUE(decoded);
    EXPECT_EQ(encode(*decoded), p);
  }
}

TEST(Ed25519Arithmetic, DecodeRejectsNonCanonicalY) {
  // y and y + p (for y in 0..18, both below 2^255) name the same field element; only y is the
  // encoding. Among 2..18 some y is on the curve and not of small order.
  int checked = 0;
  for (std::uint64_t y = 2; y <= 18; ++y) {
    std::array<std::uint8_t, 32> canonical{};
    canonical[0] = static_cast<std::uint8_t>(y);
    auto point = ed25519::decode_point(canonical.data());
    if (!point) continue;
    std::array<std::uint8_t, 32> alias;
    alias.fill(0xff);
    alias[31] = 0x7f;
    alias[0] = static_cast<std::uint8_t>(0xed + y);  // p = 2^255 - 19 ends in 0xed
    EXPECT_FALSE(ed25519::decode_point(alias.data())) << "y = " << y;
    EXPECT_FALSE(ed25519::has_small_order(*point));
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(Ed25519Arithmetic, DecodedPointsAreOnTheCurveAndOthersAreRejected) {
  int rejected = 0;
  std::mt19937 rng(7);
  const auto& c = ed25519::curve();
  for (int i = 0; i < 64; ++i) {
    std::array<std::uint8_t, 32> bytes;
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    bytes[31] &= 0x7f;
    auto p = ed25519::decode_point(bytes.data());
    // libsodium's point check (which also wants the prime-order subgroup) implies decoding.
    if (crypto_core_ed25519_is_valid_point(bytes.data())) {
      EXPECT_TRUE(p);
    }
    if (!p) {
      ++rejected;
      continue;
    }
    // -x^2 + y^2 = 1 + d x^2 y^2 with Z = 1.
    const auto xx = ed25519::fe_sq(p->X), yy = ed25519::fe_sq(p->Y);
    EXPECT_TRUE(ed25519::fe_equal(
        ed25519::fe_sub(yy, xx),
        ed25519::fe_add(ed25519::fe_one(), ed25519::fe_mul(c.d, ed25519::fe_mul(xx, yy)))));
    EXPECT_FALSE(ed25519::fe_is_negative(p->X));
  }
  EXPECT_GT(rejected, 10);  // about half of all y have no x
}

// --- The batch rules ---------------------------------------------------------------------------

TEST(Ed25519Batch, EmptyBatchIsValid) { EXPECT_TRUE(ed25519_verify_batch({})); }

TEST(Ed25519Batch, ValidBatchesOfManySizesVerify) {
  std::mt19937 rng(1);
  for (std::size_t n : {1, 2, 3, 30, 100}) {
    SignedSet set = make_signed(n, rng);
    EXPECT_TRUE(verify_batch(set)) << n << " signatures";
  }
}

TEST(Ed25519Batch, LargeBatchesAreCheckedInFullAcrossChunks) {
  // Over 256 items the batch is split into chunks; a bad item in any of them is still found.
  std::mt19937 rng(14);
  SignedSet set = make_signed(300, rng);
  EXPECT_TRUE(verify_batch(set));
  for (std::size_t victim :
       {std::size_t{5}, std::size_t{149}, std::size_t{150}, std::size_t{299}}) {
    SignedSet bad = set;
    bad.signatures[victim][50] ^= 4;
    EXPECT_FALSE(verify_batch(bad)) << "item " << victim;
  }
}

TEST(Ed25519Batch, IdenticalItemsRepeatedVerify) {
  std::mt19937 rng(2);
  SignedSet one = make_signed(1, rng);
  std::vector<Ed25519BatchItem> items(30, one.items()[0]);
  EXPECT_TRUE(ed25519_verify_batch(items));
}

TEST(Ed25519Batch, AnyFlippedSignatureBitFails) {
  std::mt19937 rng(3);
  SignedSet set = make_signed(30, rng);
  // Bits in R (0..255), in S (256..511), including S's top bits.
  for (int bit : {0, 1, 77, 200, 254, 255, 256, 300, 400, 500, 508, 511}) {
    for (std::size_t victim : {std::size_t{0}, std::size_t{17}, std::size_t{29}}) {
      SignedSet bad = set;
      bad.signatures[victim][bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
      EXPECT_FALSE(verify_batch(bad)) << "bit " << bit << " of signature " << victim;
    }
  }
}

TEST(Ed25519Batch, AnyFlippedMessageBitFails) {
  std::mt19937 rng(4);
  SignedSet set = make_signed(30, rng);
  for (std::size_t victim : {std::size_t{1}, std::size_t{12}, std::size_t{29}}) {
    for (std::size_t bit : {std::size_t{0}, std::size_t{9}, set.messages[victim].size() * 8 - 1}) {
      SignedSet bad = set;
      bad.messages[victim][bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
      EXPECT_FALSE(verify_batch(bad)) << "bit " << bit << " of message " << victim;
    }
    SignedSet longer = set;
    longer.messages[victim].push_back(0);
    EXPECT_FALSE(verify_batch(longer)) << "message " << victim << " extended";
  }
}

TEST(Ed25519Batch, AnyFlippedKeyBitFails) {
  std::mt19937 rng(5);
  SignedSet set = make_signed(30, rng);
  for (int bit : {0, 3, 100, 200, 250, 254, 255}) {
    for (std::size_t victim : {std::size_t{0}, std::size_t{15}}) {
      SignedSet bad = set;
      bad.keys[victim][bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
      EXPECT_FALSE(verify_batch(bad)) << "bit " << bit << " of key " << victim;
    }
  }
}

TEST(Ed25519Batch, SwappedSignaturesFail) {
  std::mt19937 rng(6);
  SignedSet set = make_signed(30, rng);
  std::swap(set.signatures[3], set.signatures[4]);
  EXPECT_FALSE(verify_batch(set));
}

TEST(Ed25519Batch, WrongSizesFail) {
  std::mt19937 rng(7);
  SignedSet set = make_signed(3, rng);
  auto items = set.items();
  items[1].signature = items[1].signature.first(63);
  EXPECT_FALSE(ed25519_verify_batch(items));
  items = set.items();
  items[2].public_key = items[2].public_key.first(31);
  EXPECT_FALSE(ed25519_verify_batch(items));
}

TEST(Ed25519Batch, ScalarAtLeastOrderIsRejected) {
  // S + L satisfies the group equation exactly as S does; only the S < L rule rejects it.
  std::mt19937 rng(8);
  SignedSet set = make_signed(5, rng);
  const Scalar l = group_order();
  auto& sig = set.signatures[2];
  for (int i = 0, carry = 0; i < 32; ++i) {
    const int v = sig[32 + i] + l[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(v);
    carry = v >> 8;
  }
  EXPECT_FALSE(ed25519_verify_nonstrict(set.keys[2], set.messages[2], sig));
  EXPECT_FALSE(verify_batch(set));
}

TEST(Ed25519Batch, SmallOrderPublicKeyIsRejected) {
  // With A of small order, R = rB and S = r satisfy the cofactored equation for any message:
  // only the small-order rule stops this universal forgery.
  std::mt19937 rng(9);
  const Scalar r = random_scalar();
  std::array<std::uint8_t, 32> r_bytes;
  crypto_scalarmult_ed25519_base_noclamp(r_bytes.data(), r.data());
  Ed25519PublicKey identity{};
  identity[0] = 1;                // y = 1: the neutral element
  Ed25519PublicKey order_four{};  // y = 0: a point of order 4
  const ed25519::EdwardsPoint t8 = order_eight_point();
  const Ed25519PublicKey order_eight = encode(t8);
  const Ed25519PublicKey minus_order_eight =
      encode(ed25519::sub(ed25519::identity_point(), ed25519::to_cached(t8)));
  const Ed25519PublicKey order_two = encode(ed25519::dbl(ed25519::dbl(t8)));
  for (const Ed25519PublicKey& key :
       {identity, order_two, order_four, order_eight, minus_order_eight}) {
    SignedSet set = make_signed(3, rng);
    Ed25519Signature forged;
    std::copy(r_bytes.begin(), r_bytes.end(), forged.begin());
    std::copy(r.begin(), r.end(), forged.begin() + 32);
    set.keys.push_back(key);
    set.messages.push_back(to_bytes("anything"));
    set.signatures.push_back(forged);
    // ed25519_verify_nonstrict, by ed25519-dalek's rules, accepts some of these (whenever [k]A is the
    // identity: ed25519_verify_test.cpp); the batch rejects them all.
    EXPECT_FALSE(verify_batch(set)) << hex_encode(key);
    EXPECT_EQ(ed25519::find_key_table(key.data()), nullptr);  // and it is not remembered
  }
}

TEST(Ed25519Batch, SmallOrderRIsRejected) {
  // R = identity and S = k*a satisfy the equation. The batch rejects small-order R as
  // libsodium does; ed25519_verify_nonstrict (ed25519-dalek's rules) compares encodings and accepts.
  std::mt19937 rng(10);
  auto pair = Ed25519KeyPair::generate();
  std::array<std::uint8_t, 32> identity{};
  identity[0] = 1;
  const Bytes message = to_bytes("small R");
  const Ed25519Signature sig = sign_with_r(pair, Scalar{}, identity, message);
  EXPECT_TRUE(ed25519_verify_nonstrict(pair.public_key(), message, sig));
  SignedSet set = make_signed(3, rng);
  set.keys.push_back(pair.public_key());
  set.messages.push_back(message);
  set.signatures.push_back(sig);
  EXPECT_FALSE(verify_batch(set));
  // The same construction with an honest R passes, so the rejection above is about R.
  const Scalar r = random_scalar();
  std::array<std::uint8_t, 32> honest_r;
  crypto_scalarmult_ed25519_base_noclamp(honest_r.data(), r.data());
  set.signatures.back() = sign_with_r(pair, r, honest_r, message);
  EXPECT_TRUE(ed25519_verify_nonstrict(pair.public_key(), message, set.signatures.back()));
  EXPECT_TRUE(verify_batch(set));
}

TEST(Ed25519Batch, NonCanonicalEncodingsAreRejected) {
  std::mt19937 rng(11);
  SignedSet set = make_signed(4, rng);
  // A key of y >= p (the alias y + p of a small y on the curve).
  Ed25519PublicKey alias;
  alias.fill(0xff);
  alias[31] = 0x7f;
  for (std::uint8_t y = 2; y <= 18; ++y) {
    std::array<std::uint8_t, 32> canonical{};
    canonical[0] = y;
    if (ed25519::decode_point(canonical.data())) {
      alias[0] = static_cast<std::uint8_t>(0xed + y);
      break;
    }
  }
  SignedSet bad_key = set;
  bad_key.keys[1] = alias;
  EXPECT_FALSE(ed25519_verify_nonstrict(alias, bad_key.messages[1], bad_key.signatures[1]));
  EXPECT_FALSE(verify_batch(bad_key));
  // R given with its sign bit set while x = 0 ("negative zero" of the identity).
  SignedSet bad_r = set;
  std::fill(bad_r.signatures[2].begin(), bad_r.signatures[2].begin() + 32, 0);
  bad_r.signatures[2][0] = 1;
  bad_r.signatures[2][31] = 0x80;
  EXPECT_FALSE(verify_batch(bad_r));
}

TEST(Ed25519Batch, CofactoredEquationAcceptsSmallOrderComponentInR) {
  // The documented difference from libsodium's single check: R = rB + T with T of order 8 and
  // S = r + H(R || A || M) a. Single verify compares R exactly and rejects; the batch equation
  // is multiplied by 8, which removes T.
  std::mt19937 rng(12);
  auto pair = Ed25519KeyPair::generate();
  const Scalar r = random_scalar();
  const ed25519::EdwardsPoint t = order_eight_point();
  const Scalar one = scalar_from_u64(1);
  const auto r_bytes = encode(ed25519::multiscalar_mul(r, {&t, 1}, {&one, 1}));
  const Bytes message = to_bytes("mixed-order R");
  const Ed25519Signature sig = sign_with_r(pair, r, r_bytes, message);
  EXPECT_FALSE(ed25519_verify_nonstrict(pair.public_key(), message, sig));
  SignedSet set = make_signed(2, rng);
  set.keys.push_back(pair.public_key());
  set.messages.push_back(message);
  set.signatures.push_back(sig);
  EXPECT_TRUE(verify_batch(set));
}

TEST(Ed25519Batch, RememberedKeysStillHaveEverySignatureChecked) {
  // Keys come back from the per-thread memo on the second batch; a bad signature by a
  // remembered key must still fail, and keys sharing a memo set must not be confused.
  std::mt19937 rng(13);
  SignedSet set = make_signed(40, rng);
  ASSERT_TRUE(verify_batch(set));
  const Scalar one = scalar_from_u64(1);
  int remembered_keys = 0;
  for (const auto& key : set.keys) {
    // A remembered table is the key's own: 1 * (its first entry) encodes to the key.
    if (const ed25519::OddMultiples* remembered = ed25519::find_key_table(key.data())) {
      ++remembered_keys;
      EXPECT_EQ(
          encode(ed25519::multiscalar_mul(Scalar{}, std::span(remembered, 1), std::span(&one, 1))),
          key);
    }
  }
  EXPECT_GT(remembered_keys, 20);
  EXPECT_TRUE(verify_batch(set));
  for (std::size_t victim : {std::size_t{0}, std::size_t{39}}) {
    SignedSet bad = set;
    bad.signatures[victim][40] ^= 1;
    EXPECT_FALSE(verify_batch(bad));
  }
  // Three keys of one memo set (it holds two), used in turns, each way round: none is confused
  // with another and each bad signature is still caught.
  std::vector<std::vector<std::size_t>> by_set(64);
  for (std::size_t i = 0; i < set.keys.size(); ++i) by_set[set.keys[i][0] % 64].push_back(i);
  std::vector<std::size_t> crowd;
  while (crowd.size() < 3) {  // find (or make) three keys sharing a set
    for (const auto& members : by_set)
      if (members.size() >= 3) crowd = {members[0], members[1], members[2]};
    if (crowd.size() >= 3) break;
    SignedSet more = make_signed(1, rng);
    by_set[more.keys[0][0] % 64].push_back(set.keys.size());
    set.keys.push_back(more.keys[0]);
    set.messages.push_back(more.messages[0]);
    set.signatures.push_back(more.signatures[0]);
  }
  for (int round = 0; round < 3; ++round) {
    SignedSet turn;
    for (std::size_t j : {crowd[round], crowd[(round + 1) % 3], crowd[(round + 2) % 3]}) {
      turn.keys.push_back(set.keys[j]);
      turn.messages.push_back(set.messages[j]);
      turn.signatures.push_back(set.signatures[j]);
    }
    EXPECT_TRUE(verify_batch(turn));
    std::swap(turn.signatures[0], turn.signatures[1]);
    EXPECT_FALSE(verify_batch(turn));
  }
}

TEST(Ed25519Batch, AgreesWithSingleVerifyOnRandomCorruption) {
  // A few hundred items in batches of 2..40, about a third of the batches with one corrupted
  // byte somewhere in a key, message or signature: batch == AND of the single checks.
  std::mt19937 rng(2024);
  int batches = 0, invalid = 0;
  for (int total = 0; total < 400;) {
    const std::size_t n = 2 + rng() % 39;
    SignedSet set = make_signed(n, rng);
    total += static_cast<int>(n);
    if (rng() % 3 == 0) {
      const std::size_t victim = rng() % n;
      const std::uint8_t mask = static_cast<std::uint8_t>(1 + rng() % 255);
      switch (rng() % 3) {
        case 0:
          set.keys[victim][rng() % 32] ^= mask;
          break;
        case 1:
          set.signatures[victim][rng() % 64] ^= mask;
          break;
        default:
          if (set.messages[victim].empty())
            set.messages[victim].push_back(mask);
          else
            set.messages[victim][rng() % set.messages[victim].size()] ^= mask;
      }
    }
    const bool single = set.all_valid_one_by_one();
    EXPECT_EQ(verify_batch(set), single) << "batch " << batches;
    ++batches;
    if (!single) ++invalid;
  }
  EXPECT_GT(invalid, 3);
}

}  // namespace
}  // namespace fluence
