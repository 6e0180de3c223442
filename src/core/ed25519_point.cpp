#include "ed25519_point.h"

namespace fluence::ed25519 {
namespace {

FieldElement fe_small(std::uint64_t n) { return {{n, 0, 0, 0, 0}}; }

// base^e for a 256-bit little-endian exponent; only used to derive constants once.
FieldElement fe_pow(const FieldElement& base, const std::array<std::uint8_t, 32>& e) {
  FieldElement r = fe_one();
  for (int bit = 255; bit >= 0; --bit) {
    r = fe_sq(r);
    if ((e[bit / 8] >> (bit % 8)) & 1) r = fe_mul(r, base);
  }
  return r;
}

CurveConstants make_constants() {
  CurveConstants c;
  c.d = fe_neg(fe_mul(fe_small(121665), fe_invert(fe_small(121666))));
  c.d2 = fe_add(c.d, c.d);
  // (p - 1) / 4 = 2^253 - 5.
  std::array<std::uint8_t, 32> quarter;
  quarter.fill(0xff);
  quarter[0] = 0xfb;
  quarter[31] = 0x1f;
  c.sqrt_m1 = fe_pow(fe_small(2), quarter);
  return c;
}

std::optional<EdwardsPoint> decode_with(const CurveConstants& c, const std::uint8_t* bytes) {
  const FieldElement y = fe_from_bytes(bytes);
  const bool sign = bytes[31] >> 7;
  // Canonical: y < p, i.e. re-encoding gives back the same 255 bits.
  const auto canonical = fe_to_bytes(y);
  for (int i = 0; i < 31; ++i)
    if (canonical[i] != bytes[i]) return std::nullopt;
  if (canonical[31] != (bytes[31] & 0x7f)) return std::nullopt;

  // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate root x = u v^3 (u v^7)^((p-5)/8).
  const FieldElement yy = fe_sq(y);
  const FieldElement u = fe_sub(yy, fe_one());
  const FieldElement v = fe_add(fe_mul(c.d, yy), fe_one());
  const FieldElement v3 = fe_mul(fe_sq(v), v);
  const FieldElement v7 = fe_mul(fe_sq(v3), v);
  FieldElement x = fe_mul(fe_mul(u, v3), fe_pow_p58(fe_mul(u, v7)));
  const FieldElement vxx = fe_mul(v, fe_sq(x));
  if (fe_equal(vxx, u)) {
    // x is a root.
  } else if (fe_equal(vxx, fe_neg(u))) {
    x = fe_mul(x, c.sqrt_m1);
  } else {
    return std::nullopt;  // u / v is not a square: no point has this y
  }
  if (fe_is_zero(x) && sign) return std::nullopt;
  if (fe_is_negative(x) != sign) x = fe_neg(x);
  return EdwardsPoint{x, y, fe_one(), fe_mul(x, y)};
}

}  // namespace

const CurveConstants& curve() {
  static const CurveConstants c = [] {
    // The base point needs decoding, which needs d and sqrt(-1): it is filled in second.
    CurveConstants k = make_constants();
    // B has y = 4/5 and an even ("positive") x.
    auto y_bytes = fe_to_bytes(fe_mul(fe_small(4), fe_invert(fe_small(5))));
    k.base = *decode_with(k, y_bytes.data());
    return k;
  }();
  return c;
}

std::optional<EdwardsPoint> decode_point(const std::uint8_t* bytes) {
  return decode_with(curve(), bytes);
}

std::array<std::uint8_t, 32> encode_point(const EdwardsPoint& p) {
  const FieldElement z_inv = fe_invert(p.Z);
  const FieldElement x = fe_mul(p.X, z_inv);
  auto out = fe_to_bytes(fe_mul(p.Y, z_inv));
  if (fe_is_negative(x)) out[31] |= 0x80;
  return out;
}

bool has_small_order(const EdwardsPoint& p) {
  const EdwardsPoint p8 = dbl(dbl(dbl(p, false), false), false);
  return fe_is_zero(p8.X) && fe_equal(p8.Y, p8.Z);
}

}  // namespace fluence::ed25519
