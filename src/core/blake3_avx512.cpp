// BLAKE3, 16 inputs at once in AVX-512 registers: one input per 32-bit lane, message words
// transposed into lanes with 16x16 shuffles, rotations with vprord. This file alone is compiled
// with -mavx512f (see CMakeLists.txt); Blake3Hasher calls it only when the CPU reports AVX-512F.
#include "blake3_kernels.h"

#if defined(FLUENCE_BLAKE3_AVX512)
#include <immintrin.h>
#endif

namespace fluence::blake3_internal {

#if defined(FLUENCE_BLAKE3_AVX512)
namespace {

inline __m512i add(__m512i a, __m512i b) { return _mm512_add_epi32(a, b); }
inline __m512i xor_(__m512i a, __m512i b) { return _mm512_xor_si512(a, b); }
inline __m512i splat(std::uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }

inline void g(__m512i* v, int a, int b, int c, int d, __m512i mx, __m512i my) {
  v[a] = add(add(v[a], v[b]), mx);
  v[d] = _mm512_ror_epi32(xor_(v[d], v[a]), 16);
  v[c] = add(v[c], v[d]);
  v[b] = _mm512_ror_epi32(xor_(v[b], v[c]), 12);
  v[a] = add(add(v[a], v[b]), my);
  v[d] = _mm512_ror_epi32(xor_(v[d], v[a]), 8);
  v[c] = add(v[c], v[d]);
  v[b] = _mm512_ror_epi32(xor_(v[b], v[c]), 7);
}

#include "blake3_round.h"

// Transposes a 16x16 matrix of 32-bit words held as 16 rows.
__attribute__((always_inline)) inline void transpose16(__m512i* r) {
  __m512i t[16];
  for (int k = 0; k < 8; ++k) {
    t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
  }
  // u[4g + w] holds, in each 128-bit lane k, word 4k + w of rows 4g .. 4g + 3.
  __m512i u[16];
  for (int grp = 0; grp < 4; ++grp) {
    __m512i* tg = t + 4 * grp;
    u[4 * grp + 0] = _mm512_unpacklo_epi64(tg[0], tg[2]);
    u[4 * grp + 1] = _mm512_unpackhi_epi64(tg[0], tg[2]);
    u[4 * grp + 2] = _mm512_unpacklo_epi64(tg[1], tg[3]);
    u[4 * grp + 3] = _mm512_unpackhi_epi64(tg[1], tg[3]);
  }
  for (int w = 0; w < 4; ++w) {
    __m512i x_low = _mm512_shuffle_i32x4(u[w], u[4 + w], 0x44);
    __m512i y_low = _mm512_shuffle_i32x4(u[8 + w], u[12 + w], 0x44);
    __m512i x_high = _mm512_shuffle_i32x4(u[w], u[4 + w], 0xee);
    __m512i y_high = _mm512_shuffle_i32x4(u[8 + w], u[12 + w], 0xee);
    r[w] = _mm512_shuffle_i32x4(x_low, y_low, 0x88);
    r[4 + w] = _mm512_shuffle_i32x4(x_low, y_low, 0xdd);
    r[8 + w] = _mm512_shuffle_i32x4(x_high, y_high, 0x88);
    r[12 + w] = _mm512_shuffle_i32x4(x_high, y_high, 0xdd);
  }
}

}  // namespace

bool avx512_compiled() { return true; }

void hash_lanes_avx512(const std::uint8_t* const* inputs, std::size_t blocks,
                       const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                       std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                       std::uint8_t* out, const std::uint32_t* last_block_len) {
  __m512i h[8];
  for (int i = 0; i < 8; ++i) h[i] = splat(key[i]);
  alignas(64) std::uint32_t lo[16], hi[16];
  for (int lane = 0; lane < 16; ++lane) {
    std::uint64_t c = counter + (increment_counter ? static_cast<std::uint64_t>(lane) : 0);
    lo[lane] = static_cast<std::uint32_t>(c);
    hi[lane] = static_cast<std::uint32_t>(c >> 32);
  }
  const __m512i counter_lo = _mm512_load_si512(lo);
  const __m512i counter_hi = _mm512_load_si512(hi);
  std::uint8_t block_flags = flags | flags_start;
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) block_flags |= flags_end;
    __m512i m[16];
    for (int i = 0; i < 16; ++i) {
      // Sixteen interleaved streams defeat the hardware prefetcher; fetch a few blocks ahead.
      _mm_prefetch(reinterpret_cast<const char*>(inputs[i] + b * kBlockLen + 128), _MM_HINT_T0);
      m[i] = _mm512_loadu_si512(inputs[i] + b * kBlockLen);
    }
    transpose16(m);
    const __m512i block_len = last_block_len && b + 1 == blocks ? _mm512_loadu_si512(last_block_len)
                                                                : splat(kBlockLen);
    __m512i v[16] = {h[0],          h[1],          h[2],          h[3],
                     h[4],          h[5],          h[6],          h[7],
                     splat(kIv[0]), splat(kIv[1]), splat(kIv[2]), splat(kIv[3]),
                     counter_lo,    counter_hi,    block_len,     splat(block_flags)};
#pragma GCC unroll 7
    for (int r = 0; r < 7; ++r) blake3_round(v, m, kSchedule[r]);
    for (int i = 0; i < 8; ++i) h[i] = xor_(v[i], v[i + 8]);
    block_flags = flags;
  }
  // Transpose back: pad to 16 rows so the 16x16 shuffle gives each lane's 8 words in row
  // `lane`'s low half.
  __m512i rows[16];
  for (int i = 0; i < 8; ++i) {
    rows[i] = h[i];
    rows[8 + i] = _mm512_setzero_si512();
  }
  transpose16(rows);
  for (int lane = 0; lane < 16; ++lane) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32 * lane),
                        _mm512_castsi512_si256(rows[lane]));
  }
}
#else
bool avx512_compiled() { return false; }

void hash_lanes_avx512(const std::uint8_t* const*, std::size_t, const std::uint32_t*,
                       std::uint64_t, bool, std::uint8_t, std::uint8_t, std::uint8_t,
                       std::uint8_t*, const std::uint32_t*) {}
#endif

}  // namespace fluence::blake3_internal
