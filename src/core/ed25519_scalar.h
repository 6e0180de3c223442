// L, the order of the Ed25519 base point, and the S < L rule that both verifiers apply to the
// second half of a signature (RFC 8032 5.1.7; ed25519-dalek's Scalar::from_canonical_bytes).
#pragma once

#include <array>
#include <cstdint>

namespace fluence::ed25519 {

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
inline constexpr std::array<std::uint8_t, 32> kGroupOrder = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// The 32 little-endian bytes at `s` are below L (compared from the most significant byte).
inline bool is_canonical_scalar(const std::uint8_t* s) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kGroupOrder[i]) return s[i] < kGroupOrder[i];
  }
  return false;  // s == L
}

}  // namespace fluence::ed25519
