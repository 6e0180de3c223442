// FieldElement: an integer mod p = 2^255 - 19 in five 51-bit limbs, the arithmetic under the
// Ed25519 verifiers. Variable time: it only ever handles public data (keys, signatures).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace fluence::ed25519 {

// value = v[0] + v[1]*2^51 + v[2]*2^102 + v[3]*2^153 + v[4]*2^204 (mod p). Limb bounds:
// mul, sq, sub and neg return "tight" limbs (below 2^51 + 2^16). add does not carry, to save
// time in the point formulas: the sum of two tight values, or of a tight value and such a sum,
// stays below 2^53. mul and sq accept limbs below 2^53 (which keeps their 128-bit column sums
// and carries from overflowing), sub below 2^54.
struct FieldElement {
  std::array<std::uint64_t, 5> v;
};

namespace field_detail {

constexpr std::uint64_t kMask51 = (std::uint64_t{1} << 51) - 1;
using u128 = unsigned __int128;

// Carries every limb into the next one; the carry out of the top limb re-enters limb 0 times
// 19 because 2^255 = 19 (mod p).
[[gnu::always_inline]] inline FieldElement carry(std::uint64_t a0, std::uint64_t a1,
                                                 std::uint64_t a2, std::uint64_t a3,
                                                 std::uint64_t a4) {
  a1 += a0 >> 51;
  a0 &= kMask51;
  a2 += a1 >> 51;
  a1 &= kMask51;
  a3 += a2 >> 51;
  a2 &= kMask51;
  a4 += a3 >> 51;
  a3 &= kMask51;
  a0 += 19 * (a4 >> 51);
  a4 &= kMask51;
  return {{a0, a1, a2, a3, a4}};
}

// The same for 128-bit column sums (products), in two passes that each carry all limbs at
// once (a serial chain would add five steps of latency to every product). With inputs below
// 2^53 every column is below 2^113, so each carry is below 2^62 and 19 times the top one below
// 2^62 too; after the first pass the limbs are below 2^63, and the second pass makes them tight.
[[gnu::always_inline]] inline FieldElement carry_wide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  const std::uint64_t a0 =
      (static_cast<std::uint64_t>(r0) & kMask51) + 19 * static_cast<std::uint64_t>(r4 >> 51);
  const std::uint64_t a1 =
      (static_cast<std::uint64_t>(r1) & kMask51) + static_cast<std::uint64_t>(r0 >> 51);
  const std::uint64_t a2 =
      (static_cast<std::uint64_t>(r2) & kMask51) + static_cast<std::uint64_t>(r1 >> 51);
  const std::uint64_t a3 =
      (static_cast<std::uint64_t>(r3) & kMask51) + static_cast<std::uint64_t>(r2 >> 51);
  const std::uint64_t a4 =
      (static_cast<std::uint64_t>(r4) & kMask51) + static_cast<std::uint64_t>(r3 >> 51);
  return {{(a0 & kMask51) + 19 * (a4 >> 51), (a1 & kMask51) + (a0 >> 51),
           (a2 & kMask51) + (a1 >> 51), (a3 & kMask51) + (a2 >> 51), (a4 & kMask51) + (a3 >> 51)}};
}

}  // namespace field_detail

inline FieldElement fe_zero() { return {{0, 0, 0, 0, 0}}; }
inline FieldElement fe_one() { return {{1, 0, 0, 0, 0}}; }

// Limb-wise, without carrying: see the bounds above.
[[gnu::always_inline]] inline FieldElement fe_add(const FieldElement& a, const FieldElement& b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

// a - b computed as a + 8p - b, so no limb goes negative for any b with limbs below 2^54.
[[gnu::always_inline]] inline FieldElement fe_sub(const FieldElement& a, const FieldElement& b) {
  constexpr std::uint64_t k8p0 = 8 * ((std::uint64_t{1} << 51) - 19);
  constexpr std::uint64_t k8pi = 8 * ((std::uint64_t{1} << 51) - 1);
  return field_detail::carry(a.v[0] + k8p0 - b.v[0], a.v[1] + k8pi - b.v[1], a.v[2] + k8pi - b.v[2],
                             a.v[3] + k8pi - b.v[3], a.v[4] + k8pi - b.v[4]);
}

inline FieldElement fe_neg(const FieldElement& a) { return fe_sub(fe_zero(), a); }

// Schoolbook product; limb i * limb j with i + j >= 5 wraps around multiplied by 19.
[[gnu::always_inline]] inline FieldElement fe_mul(const FieldElement& a, const FieldElement& b) {
  using field_detail::u128;
  const std::uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const std::uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const std::uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
  u128 r0 =
      u128(a0) * b0 + u128(a1) * b4_19 + u128(a2) * b3_19 + u128(a3) * b2_19 + u128(a4) * b1_19;
  u128 r1 = u128(a0) * b1 + u128(a1) * b0 + u128(a2) * b4_19 + u128(a3) * b3_19 + u128(a4) * b2_19;
  u128 r2 = u128(a0) * b2 + u128(a1) * b1 + u128(a2) * b0 + u128(a3) * b4_19 + u128(a4) * b3_19;
  u128 r3 = u128(a0) * b3 + u128(a1) * b2 + u128(a2) * b1 + u128(a3) * b0 + u128(a4) * b4_19;
  u128 r4 = u128(a0) * b4 + u128(a1) * b3 + u128(a2) * b2 + u128(a3) * b1 + u128(a4) * b0;
  return field_detail::carry_wide(r0, r1, r2, r3, r4);
}

// a^2 with the symmetric products counted once and doubled.
[[gnu::always_inline]] inline FieldElement fe_sq(const FieldElement& a) {
  using field_detail::u128;
  const std::uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const std::uint64_t d0 = 2 * a0, d1 = 2 * a1;
  const std::uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
  u128 r0 = u128(a0) * a0 + u128(d1) * a4_19 + u128(2 * a2) * a3_19;
  u128 r1 = u128(d0) * a1 + u128(2 * a2) * a4_19 + u128(a3) * a3_19;
  u128 r2 = u128(d0) * a2 + u128(a1) * a1 + u128(2 * a3) * a4_19;
  u128 r3 = u128(d0) * a3 + u128(d1) * a2 + u128(a4) * a4_19;
  u128 r4 = u128(d0) * a4 + u128(d1) * a3 + u128(a2) * a2;
  return field_detail::carry_wide(r0, r1, r2, r3, r4);
}

// The 255 low bits of 32 little-endian bytes (bit 255 is the caller's: a sign in encodings).
inline FieldElement fe_from_bytes(const std::uint8_t* s) {
  auto load64 = [s](int at) {
    std::uint64_t w = 0;
    for (int i = 7; i >= 0; --i) w = (w << 8) | s[at + i];
    return w;
  };
  const std::uint64_t w0 = load64(0), w1 = load64(8), w2 = load64(16), w3 = load64(24);
  using field_detail::kMask51;
  return {{w0 & kMask51, ((w0 >> 51) | (w1 << 13)) & kMask51, ((w1 >> 38) | (w2 << 26)) & kMask51,
           ((w2 >> 25) | (w3 << 39)) & kMask51, (w3 >> 12) & kMask51}};
}

// The canonical 32-byte little-endian encoding: the unique value in [0, p); bit 255 is zero.
inline std::array<std::uint8_t, 32> fe_to_bytes(const FieldElement& a) {
  using field_detail::kMask51;
  // Two carry passes leave a value below 2^255 with 51-bit limbs: it is in [0, p + 19).
  FieldElement t = field_detail::carry(a.v[0], a.v[1], a.v[2], a.v[3], a.v[4]);
  t = field_detail::carry(t.v[0], t.v[1], t.v[2], t.v[3], t.v[4]);
  // value >= p exactly when value + 19 reaches 2^255; then the result is value + 19 - 2^255.
  std::uint64_t q = (t.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (t.v[i] + q) >> 51;
  std::uint64_t l[5] = {t.v[0] + 19 * q, t.v[1], t.v[2], t.v[3], t.v[4]};
  for (int i = 0; i < 4; ++i) {
    l[i + 1] += l[i] >> 51;
    l[i] &= kMask51;
  }
  l[4] &= kMask51;
  const std::uint64_t w[4] = {l[0] | (l[1] << 51), (l[1] >> 13) | (l[2] << 38),
                              (l[2] >> 26) | (l[3] << 25), (l[3] >> 39) | (l[4] << 12)};
  std::array<std::uint8_t, 32> out;
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(w[i / 8] >> (8 * (i % 8)));
  return out;
}

inline bool fe_is_zero(const FieldElement& a) {
  for (std::uint8_t b : fe_to_bytes(a))
    if (b) return false;
  return true;
}

inline bool fe_equal(const FieldElement& a, const FieldElement& b) {
  return fe_is_zero(fe_sub(a, b));
}

// "Negative" in RFC 8032 terms: the canonical value is odd.
inline bool fe_is_negative(const FieldElement& a) { return fe_to_bytes(a)[0] & 1; }

// Exponentiations of K independent elements side by side: the chains are long runs of
// dependent squarings, and interleaving several lets the CPU overlap them (decoding a
// signature's R and A together).
template <std::size_t K>
using FieldLanes = std::array<FieldElement, K>;

template <std::size_t K>
FieldLanes<K> fe_mul_lanes(const FieldLanes<K>& a, const FieldLanes<K>& b) {
  FieldLanes<K> r;
  for (std::size_t k = 0; k < K; ++k) r[k] = fe_mul(a[k], b[k]);
  return r;
}

template <std::size_t K>
FieldLanes<K> fe_sq_n_lanes(FieldLanes<K> a, int n) {
  for (int i = 0; i < n; ++i)
    for (std::size_t k = 0; k < K; ++k) a[k] = fe_sq(a[k]);
  return a;
}

// z^(2^250 - 1) and z^11, the shared start of the two exponentiations below.
template <std::size_t K>
FieldLanes<K> fe_pow_2_250_minus_1(const FieldLanes<K>& z, FieldLanes<K>* z11) {
  const auto z2 = fe_sq_n_lanes(z, 1);
  const auto z9 = fe_mul_lanes(fe_sq_n_lanes(z2, 2), z);  // z^8 * z
  *z11 = fe_mul_lanes(z9, z2);
  const auto e5 = fe_mul_lanes(fe_sq_n_lanes(*z11, 1), z9);  // z^22 * z^9 = z^(2^5 - 1)
  const auto e10 = fe_mul_lanes(fe_sq_n_lanes(e5, 5), e5);   // z^(2^10 - 1)
  const auto e20 = fe_mul_lanes(fe_sq_n_lanes(e10, 10), e10);
  const auto e40 = fe_mul_lanes(fe_sq_n_lanes(e20, 20), e20);
  const auto e50 = fe_mul_lanes(fe_sq_n_lanes(e40, 10), e10);
  const auto e100 = fe_mul_lanes(fe_sq_n_lanes(e50, 50), e50);
  const auto e200 = fe_mul_lanes(fe_sq_n_lanes(e100, 100), e100);
  return fe_mul_lanes(fe_sq_n_lanes(e200, 50), e50);  // z^(2^250 - 1)
}

// z^((p - 5) / 8) = z^(2^252 - 3) per lane, the core of the square root in point decoding.
template <std::size_t K>
FieldLanes<K> fe_pow_p58_lanes(const FieldLanes<K>& z) {
  FieldLanes<K> z11;
  const auto e250 = fe_pow_2_250_minus_1(z, &z11);
  return fe_mul_lanes(fe_sq_n_lanes(e250, 2), z);
}

// z^(p - 2) = z^(2^255 - 21) = 1/z (Fermat); 0 for z = 0.
inline FieldElement fe_invert(const FieldElement& z) {
  FieldLanes<1> z11;
  const auto e250 = fe_pow_2_250_minus_1(FieldLanes<1>{z}, &z11);
  return fe_mul_lanes(fe_sq_n_lanes(e250, 5), z11)[0];
}

inline FieldElement fe_pow_p58(const FieldElement& z) {
  return fe_pow_p58_lanes(FieldLanes<1>{z})[0];
}

}  // namespace fluence::ed25519
