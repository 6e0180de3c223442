// Multi-scalar multiplication for the Ed25519 verifiers: b*B + sum(s_i * P_i) by Straus's
// interleaved method with signed sliding windows (wNAF), one doubling chain shared by all terms.
// Variable time, for public data only.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "ed25519_point.h"

namespace fluence::ed25519 {

// A scalar as 32 little-endian bytes; every scalar given here must be below 2^254 (so that
// its signed digits fit 256 positions; scalars mod L are below 2^253).
using Scalar = std::array<std::uint8_t, 32>;

// Signed digits d_i with scalar = sum(d_i * 2^i): each d_i is zero or odd with |d_i| <
// 2^(width-1), and any `width` consecutive digits hold at most one non-zero.
std::array<std::int8_t, 256> signed_window_digits(const Scalar& scalar, int width);

// P, 3P, 5P, ..., 15P: the odd multiples a width-5 signed window adds.
using OddMultiples = std::array<CachedPoint, 8>;
OddMultiples odd_multiples_of(const EdwardsPoint& p);

// base_scalar * B + sum(scalars[i] * P_i) where tables[i] = odd_multiples_of(P_i); `tables`
// and `scalars` have the same size.
EdwardsPoint multiscalar_mul(const Scalar& base_scalar, std::span<const OddMultiples> tables,
                             std::span<const Scalar> scalars);
// The same from the points themselves.
EdwardsPoint multiscalar_mul(const Scalar& base_scalar, std::span<const EdwardsPoint> points,
                             std::span<const Scalar> scalars);

}  // namespace fluence::ed25519
