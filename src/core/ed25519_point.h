// Points of the Ed25519 curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19): decoding (RFC
// 8032 5.1.3) and the addition formulas the verifiers' multi-scalar multiplication needs.
// Variable time, for public data only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "ed25519_field.h"

namespace fluence::ed25519 {

// Extended twisted Edwards coordinates: x = X/Z, y = Y/Z, x*y = T/Z.
struct EdwardsPoint {
  FieldElement X, Y, Z, T;
};

// A point prepared as the second operand of an addition: (Y+X, Y-X, 2Z, 2d*T).
struct CachedPoint {
  FieldElement y_plus_x, y_minus_x, z2, t2d;
};

// An affine point prepared the same way (Z = 1): (y+x, y-x, 2d*x*y), for fixed tables.
struct AffineCachedPoint {
  FieldElement y_plus_x, y_minus_x, xy2d;
};

// The curve constants, computed once from their definitions.
struct CurveConstants {
  FieldElement d;        // -121665 / 121666
  FieldElement d2;       // 2d
  FieldElement sqrt_m1;  // 2^((p - 1) / 4), a square root of -1
  FieldElement y8;       // the y of an order-8 point (the others have -y8 or y8)
  EdwardsPoint base;     // B: y = 4/5, x even
};
const CurveConstants& curve();

inline EdwardsPoint identity_point() { return {fe_zero(), fe_one(), fe_one(), fe_zero()}; }

// Decodes a 32-byte encoding; nullopt unless y < p, x exists, and x = 0 comes with sign bit 0.
std::optional<EdwardsPoint> decode_point(const std::uint8_t* bytes);
// Decodes as ed25519-dalek's CompressedEdwardsY::decompress does: the 255 low bits are y
// taken mod p (so y + p, for the few y < 19, decodes like y), and the sign bit negates x even
// when x = 0 (a no-op); nullopt only if no point has that y.
std::optional<EdwardsPoint> decode_point_lenient(const std::uint8_t* bytes);
// The same as decode_point for two encodings, about 1.3 times faster than one after the other.
void decode_point_pair(const std::uint8_t* first, const std::uint8_t* second,
                       std::optional<EdwardsPoint>* first_out,
                       std::optional<EdwardsPoint>* second_out);
std::array<std::uint8_t, 32> encode_point(const EdwardsPoint& p);

inline CachedPoint to_cached(const EdwardsPoint& p, const FieldElement& d2 = curve().d2) {
  return {fe_add(p.Y, p.X), fe_sub(p.Y, p.X), fe_add(p.Z, p.Z), fe_mul(p.T, d2)};
}

// -p prepared the same way: -(x, y) = (-x, y) swaps Y+X with Y-X and negates T.
inline CachedPoint negate(const CachedPoint& p) {
  return {p.y_minus_x, p.y_plus_x, p.z2, fe_neg(p.t2d)};
}

// The two terms of an addition that depend on the form of the prepared operand: T1*2d*T2 and
// Z1*2*Z2 (for an affine operand Z2 = 1: one multiplication fewer).
[[gnu::always_inline]] inline FieldElement t_term(const EdwardsPoint& p, const CachedPoint& q) {
  return fe_mul(p.T, q.t2d);
}
[[gnu::always_inline]] inline FieldElement z_term(const EdwardsPoint& p, const CachedPoint& q) {
  return fe_mul(p.Z, q.z2);
}
[[gnu::always_inline]] inline FieldElement t_term(const EdwardsPoint& p, const AffineCachedPoint& q) {
  return fe_mul(p.T, q.xy2d);
}
[[gnu::always_inline]] inline FieldElement z_term(const EdwardsPoint& p, const AffineCachedPoint&) {
  return fe_add(p.Z, p.Z);
}

// p + q, or p - q when `negative` (-q = (-x, y) swaps Y+X with Y-X and negates T): unified
// addition for a = -1 (Hisil-Wong-Carter-Dawson 2008, "add-2008-hwcd-3"). Operands are chosen
// by index instead of branching: the sign of a window digit is as good as random, and a
// mispredicted branch here stalls the pipeline in the middle of the multiplications (with a
// constant sign, as in add and sub, the choice folds away).
template <class Prepared>
[[gnu::always_inline]] inline EdwardsPoint add_signed(const EdwardsPoint& p, const Prepared& q,
                                                      bool negative) {
  const FieldElement* sums[2] = {&q.y_plus_x, &q.y_minus_x};
  const FieldElement a = fe_mul(fe_sub(p.Y, p.X), *sums[!negative]);
  const FieldElement b = fe_mul(fe_add(p.Y, p.X), *sums[negative]);
  const FieldElement c = t_term(p, q);
  const FieldElement d = z_term(p, q);
  const FieldElement d_minus_c = fe_sub(d, c), d_plus_c = fe_add(d, c);
  const FieldElement* fg[2] = {&d_minus_c, &d_plus_c};
  const FieldElement& f = *fg[negative];
  const FieldElement& g = *fg[!negative];
  const FieldElement e = fe_sub(b, a), h = fe_add(b, a);
  return {fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}
template <class Prepared>
[[gnu::always_inline]] inline EdwardsPoint add(const EdwardsPoint& p, const Prepared& q) {
  return add_signed(p, q, false);
}
template <class Prepared>
[[gnu::always_inline]] inline EdwardsPoint sub(const EdwardsPoint& p, const Prepared& q) {
  return add_signed(p, q, true);
}

// 2p for a = -1 ("dbl-2008-hwcd"). Doubling never reads T, so when the result is only doubled
// again `with_t` = false skips its multiplication (T is then left stale).
[[gnu::always_inline]] inline EdwardsPoint dbl(const EdwardsPoint& p, bool with_t = true) {
  const FieldElement xx = fe_sq(p.X);
  const FieldElement yy = fe_sq(p.Y);
  const FieldElement zz = fe_sq(p.Z);
  const FieldElement zz2 = fe_add(zz, zz);
  const FieldElement e = fe_sub(fe_add(xx, yy), fe_sq(fe_add(p.X, p.Y)));  // -2XY
  const FieldElement g = fe_sub(xx, yy);                                   // -(Y^2 - X^2)
  const FieldElement h = fe_add(xx, yy);                                   // X^2 + Y^2
  const FieldElement f = fe_add(zz2, g);                                   // 2Z^2 - Y^2 + X^2
  // x3 = 2XY / (Y^2 - X^2) = e / g,  y3 = (X^2 + Y^2) / (2Z^2 - Y^2 + X^2) = h / f.
  EdwardsPoint r{fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), FieldElement{}};
  if (with_t) r.T = fe_mul(e, h);
  return r;
}

// 8p == identity: p has small order (1, 2, 4 or 8).
bool has_small_order(const EdwardsPoint& p);

// The same decided from an affine y alone (both points with that y share their order): the
// eight small-order points have y in {1, -1, 0, y8, -y8}. Cheaper than three doublings, for
// freshly decoded points.
bool has_small_order_y(const FieldElement& y);

}  // namespace fluence::ed25519
