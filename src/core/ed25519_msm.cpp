#include "ed25519_msm.h"

#include <vector>

namespace fluence::ed25519 {
namespace {

// Window widths: 5 for the batch's own points (8 odd multiples each, built per call); 8 for the
// base point, whose 64 odd multiples are built once and kept in affine form.
constexpr int kPointWidth = 5;
constexpr int kBaseWidth = 8;
constexpr int kPointTableSize = 1 << (kPointWidth - 2);
constexpr int kBaseTableSize = 1 << (kBaseWidth - 2);

// P, 3P, 5P, ..., (2n - 1)P as extended points.
template <std::size_t N>
std::array<EdwardsPoint, N> odd_multiples(const EdwardsPoint& p) {
  std::array<EdwardsPoint, N> out;
  const CachedPoint twice = to_cached(dbl(p));
  out[0] = p;
  for (std::size_t i = 1; i < N; ++i) out[i] = add(out[i - 1], twice);
  return out;
}

const std::array<AffineCachedPoint, kBaseTableSize>& base_table() {
  static const auto table = [] {
    const auto multiples = odd_multiples<kBaseTableSize>(curve().base);
    std::array<AffineCachedPoint, kBaseTableSize> t;
    for (int i = 0; i < kBaseTableSize; ++i) {
      const FieldElement z_inv = fe_invert(multiples[i].Z);
      const FieldElement x = fe_mul(multiples[i].X, z_inv);
      const FieldElement y = fe_mul(multiples[i].Y, z_inv);
      t[i] = {fe_add(y, x), fe_sub(y, x), fe_mul(fe_mul(x, y), curve().d2)};
    }
    return t;
  }();
  return table;
}

template <typename Table>
void add_digit(EdwardsPoint& acc, const Table& table, int digit) {
  if (digit > 0) {
    acc = add(acc, table[digit / 2]);
  } else if (digit < 0) {
    acc = sub(acc, table[-digit / 2]);
  }
}

}  // namespace

std::array<std::int8_t, 256> signed_window_digits(const Scalar& scalar, int width) {
  // k as five 64-bit limbs: the fifth takes the carries that negative digits push upwards.
  std::uint64_t k[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < 32; ++i) k[i / 8] |= std::uint64_t{scalar[i]} << (8 * (i % 8));
  const std::uint64_t window_mask = (std::uint64_t{1} << width) - 1;
  const std::int64_t half = std::int64_t{1} << (width - 1);
  std::array<std::int8_t, 256> digits{};
  for (int i = 0; i < 256; ++i) {
    if (k[0] & 1) {
      std::int64_t d = static_cast<std::int64_t>(k[0] & window_mask);
      if (d >= half) d -= std::int64_t{1} << width;
      digits[i] = static_cast<std::int8_t>(d);
      // k -= d leaves the low `width` bits zero. For d > 0 those bits were exactly d (no
      // borrow); for d < 0 adding |d| may carry upwards.
      if (d > 0) {
        k[0] -= static_cast<std::uint64_t>(d);
      } else {
        const std::uint64_t magnitude = static_cast<std::uint64_t>(-d);
        k[0] += magnitude;
        bool carry = k[0] < magnitude;
        for (int j = 1; j < 5 && carry; ++j) carry = ++k[j] == 0;
      }
    }
    for (int j = 0; j < 4; ++j) k[j] = (k[j] >> 1) | (k[j + 1] << 63);
    k[4] >>= 1;
  }
  return digits;
}

EdwardsPoint multiscalar_mul(const Scalar& base_scalar, std::span<const EdwardsPoint> points,
                             std::span<const Scalar> scalars) {
  const std::size_t n = points.size();
  std::vector<std::array<CachedPoint, kPointTableSize>> tables(n);
  std::vector<std::array<std::int8_t, 256>> digits(n);
  // Positions where some term adds a point: only there does a doubling need its T coordinate.
  std::array<bool, 256> any_digit{};
  auto note = [&any_digit](const std::array<std::int8_t, 256>& d) {
    for (int i = 0; i < 256; ++i) any_digit[i] = any_digit[i] || d[i] != 0;
  };
  for (std::size_t j = 0; j < n; ++j) {
    const auto multiples = odd_multiples<kPointTableSize>(points[j]);
    for (int i = 0; i < kPointTableSize; ++i) tables[j][i] = to_cached(multiples[i]);
    digits[j] = signed_window_digits(scalars[j], kPointWidth);
    note(digits[j]);
  }
  const auto base_digits = signed_window_digits(base_scalar, kBaseWidth);
  note(base_digits);
  const auto& base = base_table();

  int top = 255;
  while (top >= 0 && !any_digit[top]) --top;
  EdwardsPoint acc = identity_point();
  for (int i = top; i >= 0; --i) {
    acc = dbl(acc, any_digit[i] || i == 0);
    for (std::size_t j = 0; j < n; ++j) add_digit(acc, tables[j], digits[j][i]);
    add_digit(acc, base, base_digits[i]);
  }
  return acc;
}

}  // namespace fluence::ed25519
