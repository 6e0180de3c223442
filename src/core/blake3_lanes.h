// Internal to the core library: the BLAKE3 compression of N independent inputs at once, one
// input per vector lane, written with GCC/Clang vector extensions. Each kernel .cpp file
// includes this inside an anonymous namespace after defining the vector type, and is compiled
// with its own instruction-set flags; the internal linkage keeps the differently-compiled
// copies apart.
//
// Expects, before inclusion: `using Lanes = <uint32 vector of kLanes elements>;` and
// `constexpr int kLanes`.

inline Lanes splat(std::uint32_t x) { return Lanes{} + x; }

#include "blake3_round.h"

inline std::uint32_t load_le32(const std::uint8_t* p) {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap32(x);
#endif
  return x;
}

inline void hash_lanes_impl(const std::uint8_t* const* inputs, std::size_t blocks,
                            const std::uint32_t key[8], std::uint64_t counter,
                            bool increment_counter, std::uint8_t flags, std::uint8_t flags_start,
                            std::uint8_t flags_end, std::uint8_t* out,
                            const std::uint32_t* last_block_len) {
  using namespace fluence::blake3_internal;
  Lanes h[8];
  for (int i = 0; i < 8; ++i) h[i] = splat(key[i]);
  Lanes counter_lo, counter_hi;
  for (int lane = 0; lane < kLanes; ++lane) {
    std::uint64_t c = counter + (increment_counter ? static_cast<std::uint64_t>(lane) : 0);
    counter_lo[lane] = static_cast<std::uint32_t>(c);
    counter_hi[lane] = static_cast<std::uint32_t>(c >> 32);
  }
  std::uint8_t block_flags = flags | flags_start;
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) block_flags |= flags_end;
    Lanes m[16];
    for (int lane = 0; lane < kLanes; ++lane) {
      const std::uint8_t* p = inputs[lane] + b * kBlockLen;
      for (int j = 0; j < 16; ++j) m[j][lane] = load_le32(p + 4 * j);
    }
    Lanes block_len = splat(kBlockLen);
    if (last_block_len && b + 1 == blocks)
      for (int lane = 0; lane < kLanes; ++lane) block_len[lane] = last_block_len[lane];
    Lanes v[16] = {h[0],       h[1],       h[2],         h[3],       h[4],       h[5],
                   h[6],       h[7],       splat(kIv[0]), splat(kIv[1]), splat(kIv[2]),
                   splat(kIv[3]), counter_lo, counter_hi, block_len, splat(block_flags)};
    for (int r = 0; r < 7; ++r) blake3_round(v, m, kSchedule[r]);
    for (int i = 0; i < 8; ++i) h[i] = v[i] ^ v[i + 8];
    block_flags = flags;
  }
  for (int lane = 0; lane < kLanes; ++lane) {
    for (int i = 0; i < 8; ++i) {
      std::uint32_t word = h[i][lane];
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      word = __builtin_bswap32(word);
#endif
      std::memcpy(out + 32 * lane + 4 * i, &word, 4);
    }
  }
}
