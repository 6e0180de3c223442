#include "ed25519_msm.h"

#include <algorithm>
#include <vector>

namespace fluence::ed25519 {
namespace {

// Window widths: 5 for the batch's own points (8 odd multiples each, built per call); 8 for the
// base point, whose 64 odd multiples are built once and kept in affine form.
constexpr int kPointWidth = 5;
constexpr int kBaseWidth = 8;
constexpr int kPointTableSize = 1 << (kPointWidth - 2);
static_assert(std::tuple_size_v<OddMultiples> == kPointTableSize);
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
    // All the 1/Z from one inversion (Montgomery's trick): prefix[i] = Z_0 ... Z_(i-1), and
    // walking back from 1/(Z_0 ... Z_63) peels one factor off at a time. One inversion costs
    // as much as ~100 multiplications, and this table is built on a process's first verify.
    std::array<FieldElement, kBaseTableSize> prefix;
    FieldElement product = fe_one();
    for (int i = 0; i < kBaseTableSize; ++i) {
      prefix[i] = product;
      product = fe_mul(product, multiples[i].Z);
    }
    FieldElement inverse = fe_invert(product);  // 1/(Z_0 ... Z_(i)) for i = 63 down to 0
    std::array<FieldElement, kBaseTableSize> z_invs;
    for (int i = kBaseTableSize - 1; i >= 0; --i) {
      z_invs[i] = fe_mul(inverse, prefix[i]);
      inverse = fe_mul(inverse, multiples[i].Z);
    }
    std::array<AffineCachedPoint, kBaseTableSize> t;
    for (int i = 0; i < kBaseTableSize; ++i) {
      const FieldElement& z_inv = z_invs[i];
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
  std::uint64_t limbs[4] = {0, 0, 0, 0};
  for (int i = 0; i < 32; ++i) limbs[i / 8] |= std::uint64_t{scalar[i]} << (8 * (i % 8));
  // `width` bits of the scalar from bit `at` on (zeros past bit 255).
  auto bits_at = [&limbs, width](int at) {
    const int limb = at / 64, shift = at % 64;
    std::uint64_t v = limbs[limb] >> shift;
    if (shift + width > 64 && limb + 1 < 4) v |= limbs[limb + 1] << (64 - shift);
    return v & ((std::uint64_t{1} << width) - 1);
  };
  // Scans the scalar plus a pending carry: a digit d taken at bit i leaves a remainder that is
  // zero in bits i..i+width-1, so the scan jumps over them; a negative d carries 1 upwards.
  std::array<std::int8_t, 256> digits{};
  std::uint64_t carry = 0;
  for (int i = 0; i < 256;) {
    const std::uint64_t window = bits_at(i) + carry;
    if ((window & 1) == 0) {  // the bit here (with the carry) is zero; the carry stays
      ++i;
      continue;
    }
    const std::int64_t half = std::int64_t{1} << (width - 1);
    std::int64_t d = static_cast<std::int64_t>(window);
    carry = 0;
    if (d >= half) {
      d -= std::int64_t{1} << width;
      carry = 1;
    }
    digits[i] = static_cast<std::int8_t>(d);
    i += width;
  }
  return digits;
}

OddMultiples odd_multiples_of(const EdwardsPoint& p) {
  const auto multiples = odd_multiples<kPointTableSize>(p);
  const FieldElement d2 = curve().d2;
  OddMultiples table;
  for (int i = 0; i < kPointTableSize; ++i) table[i] = to_cached(multiples[i], d2);
  return table;
}

EdwardsPoint multiscalar_mul(const Scalar& base_scalar, std::span<const EdwardsPoint> points,
                             std::span<const Scalar> scalars) {
  std::vector<OddMultiples> tables;
  tables.reserve(points.size());
  for (const EdwardsPoint& p : points) tables.push_back(odd_multiples_of(p));
  return multiscalar_mul(base_scalar, tables, scalars);
}

EdwardsPoint multiscalar_mul(const Scalar& base_scalar, std::span<const OddMultiples> tables,
                             std::span<const Scalar> scalars) {
  const std::size_t n = tables.size();
  // The additions grouped by bit position (a counting sort of the non-zero digits), so the
  // main loop walks only real additions instead of testing every digit of every scalar.
  struct Addition {
    const CachedPoint* point;
    bool negative;
  };
  // Per-thread buffers kept between calls: for large batches fresh ones would be fresh pages
  // from the kernel every time (measured: page faults were 7% of a 100-signature batch).
  struct Buffers {
    std::vector<std::array<std::int8_t, 256>> digits;
    std::vector<Addition> additions;
  };
  thread_local Buffers buffers;
  auto& digits = buffers.digits;
  digits.resize(n);
  std::array<std::uint32_t, 257> first{};  // additions at position i: [first[i], first[i+1])
  for (std::size_t j = 0; j < n; ++j) {
    digits[j] = signed_window_digits(scalars[j], kPointWidth);
    for (int i = 0; i < 256; ++i) first[i + 1] += digits[j][i] != 0;
  }
  for (int i = 0; i < 256; ++i) first[i + 1] += first[i];
  auto& additions = buffers.additions;
  additions.resize(first[256]);
  std::array<std::uint32_t, 256> filled;
  std::copy(first.begin(), first.begin() + 256, filled.begin());
  for (std::size_t j = 0; j < n; ++j) {
    for (int i = 0; i < 256; ++i) {
      const int d = digits[j][i];
      if (d != 0) additions[filled[i]++] = {&tables[j][(d < 0 ? -d : d) / 2], d < 0};
    }
  }
  const auto base_digits = signed_window_digits(base_scalar, kBaseWidth);
  const auto& base = base_table();

  int top = 255;
  while (top >= 0 && first[top] == first[top + 1] && base_digits[top] == 0) --top;
  EdwardsPoint acc = identity_point();
  for (int i = top; i >= 0; --i) {
    // Only a doubling followed by an addition needs its T coordinate.
    const bool adds_here = first[i] != first[i + 1] || base_digits[i] != 0;
    acc = dbl(acc, adds_here || i == 0);
    for (std::uint32_t a = first[i]; a < first[i + 1]; ++a)
      acc = add_signed(acc, *additions[a].point, additions[a].negative);
    add_digit(acc, base, base_digits[i]);
  }
  return acc;
}

}  // namespace fluence::ed25519
