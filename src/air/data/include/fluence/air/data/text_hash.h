// TextHash: the hash of the particle data's lookup tables (CID stores, the archive writer's
// shared strings, the text interner), whose keys are mostly 61-byte CIDs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace fluence::air {

namespace text_hash_detail {

// Keys chosen per process, so that texts from a particle (untrusted) cannot be crafted to
// collide in our tables; the order of no output depends on these hashes.
struct Keys {
  std::uint64_t k0, k1, k2;
};
Keys random_keys();
inline const Keys& keys() {
  static const Keys k = random_keys();
  return k;
}

inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

}  // namespace text_hash_detail

// Sixteen bytes per multiplication (std::hash's murmur takes eight per step and costs over
// twice as much on a CID).
inline std::size_t text_hash(std::string_view text) {
  using namespace text_hash_detail;
  const Keys& k = keys();
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t h = k.k0 ^ n;
  if (n <= 16) {
    std::uint64_t a = 0, b = 0;
    if (n >= 8) {
      a = load8(p);
      b = load8(p + n - 8);
    } else if (n >= 4) {
      std::uint32_t x, y;
      std::memcpy(&x, p, 4);
      std::memcpy(&y, p + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
          (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
    return mix(a ^ k.k1, b ^ h);
  }
  while (n > 16) {
    h = mix(load8(p) ^ k.k1, load8(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  // The last sixteen bytes (overlapping the previous step when the length is no multiple).
  const char* last = text.data() + text.size() - 16;
  return mix(load8(last) ^ k.k2, load8(last + 8) ^ h ^ k.k1);
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return text_hash(text); }
};

}  // namespace fluence::air
