#include "ed25519_point.h"

#include <algorithm>

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

// A square root of a, if a is a square: r = a^((p + 3) / 8) = a * a^((p - 5) / 8) squares to
// a or to -a, and in the second case r * sqrt(-1) is the root.
std::optional<FieldElement> fe_sqrt(const FieldElement& a, const FieldElement& sqrt_m1) {
  const FieldElement r = fe_mul(a, fe_pow_p58(a));
  const FieldElement rr = fe_sq(r);
  if (fe_equal(rr, a)) return r;
  if (fe_equal(rr, fe_neg(a))) return fe_mul(r, sqrt_m1);
  return std::nullopt;
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
  // P of order 8 doubles to y = 0, which for a = -1 means x^2 = -y^2; on the curve that gives
  // d y^4 + 2 y^2 - 1 = 0, so y^2 = (-1 +- sqrt(1 + d)) / d, and y8 is a root of whichever
  // of the two is a square.
  const FieldElement root = *fe_sqrt(fe_add(fe_one(), c.d), c.sqrt_m1);
  const FieldElement d_inv = fe_invert(c.d);
  for (const FieldElement& yy :
       {fe_mul(fe_sub(root, fe_one()), d_inv), fe_mul(fe_neg(fe_add(root, fe_one())), d_inv)}) {
    if (auto y = fe_sqrt(yy, c.sqrt_m1)) {
      c.y8 = *y;
      break;
    }
  }
  return c;
}

// Decodes K encodings with their square roots computed side by side (RFC 8032 5.1.3; with
// `lenient`, ed25519-dalek's rules: y >= p taken mod p, the sign of x = 0 ignored).
template <std::size_t K>
void decode_lanes(const CurveConstants& c, const std::uint8_t* const* encodings,
                  std::optional<EdwardsPoint>* out, bool lenient = false) {
  FieldLanes<K> y, u, v, v3, uv7;
  bool canonical[K];
  for (std::size_t k = 0; k < K; ++k) {
    const std::uint8_t* bytes = encodings[k];
    y[k] = fe_from_bytes(bytes);
    // Canonical: y < p, i.e. re-encoding gives back the same 255 bits.
    const auto again = fe_to_bytes(y[k]);
    canonical[k] =
        std::equal(again.begin(), again.begin() + 31, bytes) && again[31] == (bytes[31] & 0x7f);
    // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate root x = u v^3 (u v^7)^((p-5)/8).
    const FieldElement yy = fe_sq(y[k]);
    u[k] = fe_sub(yy, fe_one());
    v[k] = fe_add(fe_mul(c.d, yy), fe_one());
    v3[k] = fe_mul(fe_sq(v[k]), v[k]);
    uv7[k] = fe_mul(u[k], fe_mul(fe_sq(v3[k]), v[k]));
  }
  const FieldLanes<K> power = fe_pow_p58_lanes(uv7);
  for (std::size_t k = 0; k < K; ++k) {
    out[k].reset();
    if (!canonical[k] && !lenient) continue;
    FieldElement x = fe_mul(fe_mul(u[k], v3[k]), power[k]);
    const FieldElement vxx = fe_mul(v[k], fe_sq(x));
    if (fe_equal(vxx, u[k])) {
      // x is a root.
    } else if (fe_equal(vxx, fe_neg(u[k]))) {
      x = fe_mul(x, c.sqrt_m1);
    } else {
      continue;  // u / v is not a square: no point has this y
    }
    const bool sign = encodings[k][31] >> 7;
    if (fe_is_zero(x) && sign && !lenient) continue;
    if (fe_is_negative(x) != sign) x = fe_neg(x);
    out[k] = EdwardsPoint{x, y[k], fe_one(), fe_mul(x, y[k])};
  }
}

std::optional<EdwardsPoint> decode_with(const CurveConstants& c, const std::uint8_t* bytes) {
  std::optional<EdwardsPoint> out;
  decode_lanes<1>(c, &bytes, &out);
  return out;
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

std::optional<EdwardsPoint> decode_point_lenient(const std::uint8_t* bytes) {
  std::optional<EdwardsPoint> out;
  decode_lanes<1>(curve(), &bytes, &out, /*lenient=*/true);
  return out;
}

void decode_point_pair(const std::uint8_t* first, const std::uint8_t* second,
                       std::optional<EdwardsPoint>* first_out,
                       std::optional<EdwardsPoint>* second_out) {
  const std::uint8_t* encodings[2] = {first, second};
  std::optional<EdwardsPoint> out[2];
  decode_lanes<2>(curve(), encodings, out);
  *first_out = out[0];
  *second_out = out[1];
}

std::array<std::uint8_t, 32> encode_point(const EdwardsPoint& p) {
  const FieldElement z_inv = fe_invert(p.Z);
  const FieldElement x = fe_mul(p.X, z_inv);
  auto out = fe_to_bytes(fe_mul(p.Y, z_inv));
  if (fe_is_negative(x)) out[31] |= 0x80;
  return out;
}

bool has_small_order_y(const FieldElement& y) {
  const CurveConstants& c = curve();
  for (const FieldElement& small : {fe_zero(), fe_one(), fe_neg(fe_one()), c.y8, fe_neg(c.y8)})
    if (fe_equal(y, small)) return true;
  return false;
}

bool has_small_order(const EdwardsPoint& p) {
  const EdwardsPoint p8 = dbl(dbl(dbl(p, false), false), false);
  return fe_is_zero(p8.X) && fe_equal(p8.Y, p8.Z);
}

}  // namespace fluence::ed25519
