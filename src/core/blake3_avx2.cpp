// BLAKE3, 8 inputs at once in AVX2 registers: one input per 32-bit lane, message words
// transposed into lanes with 8x8 shuffles. This file alone is compiled with -mavx2 (see
// CMakeLists.txt); Blake3Hasher calls it only when the CPU reports AVX2.
#include "blake3_kernels.h"

#if defined(FLUENCE_BLAKE3_AVX2)
#include <immintrin.h>
#endif

namespace fluence::blake3_internal {

#if defined(FLUENCE_BLAKE3_AVX2)
namespace {

inline __m256i add(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }
inline __m256i xor_(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); }
inline __m256i splat(std::uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }

// Rotations by 16 and 8 are byte moves, cheaper as one shuffle than as two shifts and an or.
inline __m256i rot16(__m256i x) {
  const __m256i mask = _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2, 13, 12,
                                       15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2);
  return _mm256_shuffle_epi8(x, mask);
}
inline __m256i rot8(__m256i x) {
  const __m256i mask = _mm256_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1, 12, 15,
                                       14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1);
  return _mm256_shuffle_epi8(x, mask);
}
inline __m256i rot12(__m256i x) {
  return _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20));
}
inline __m256i rot7(__m256i x) {
  return _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25));
}

inline void g(__m256i* v, int a, int b, int c, int d, __m256i mx, __m256i my) {
  v[a] = add(add(v[a], v[b]), mx);
  v[d] = rot16(xor_(v[d], v[a]));
  v[c] = add(v[c], v[d]);
  v[b] = rot12(xor_(v[b], v[c]));
  v[a] = add(add(v[a], v[b]), my);
  v[d] = rot8(xor_(v[d], v[a]));
  v[c] = add(v[c], v[d]);
  v[b] = rot7(xor_(v[b], v[c]));
}

#include "blake3_round.h"

// Transposes an 8x8 matrix of 32-bit words held as 8 rows.
__attribute__((always_inline)) inline void transpose8(__m256i* r) {
  __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]);
  __m256i t1 = _mm256_unpackhi_epi32(r[0], r[1]);
  __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]);
  __m256i t3 = _mm256_unpackhi_epi32(r[2], r[3]);
  __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]);
  __m256i t5 = _mm256_unpackhi_epi32(r[4], r[5]);
  __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]);
  __m256i t7 = _mm256_unpackhi_epi32(r[6], r[7]);
  __m256i u0 = _mm256_unpacklo_epi64(t0, t2);
  __m256i u1 = _mm256_unpackhi_epi64(t0, t2);
  __m256i u2 = _mm256_unpacklo_epi64(t1, t3);
  __m256i u3 = _mm256_unpackhi_epi64(t1, t3);
  __m256i u4 = _mm256_unpacklo_epi64(t4, t6);
  __m256i u5 = _mm256_unpackhi_epi64(t4, t6);
  __m256i u6 = _mm256_unpacklo_epi64(t5, t7);
  __m256i u7 = _mm256_unpackhi_epi64(t5, t7);
  r[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
  r[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
  r[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
  r[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
  r[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
  r[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
  r[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
  r[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

inline void load_message(const std::uint8_t* const* inputs, std::size_t offset, __m256i* m) {
  for (int i = 0; i < 8; ++i) {
    // Eight interleaved streams defeat the hardware prefetcher; fetch a few blocks ahead.
    _mm_prefetch(reinterpret_cast<const char*>(inputs[i] + offset + 128), _MM_HINT_T0);
    m[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(inputs[i] + offset));
    m[8 + i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(inputs[i] + offset + 32));
  }
  transpose8(m);
  transpose8(m + 8);
}

// One block of one input, its state as four rows of 128 bits (the column and diagonal steps
// of a round are each one G on four lanes), for the short inputs hashed one at a time (a
// CID's JSON text is a few blocks). The message is kept in the order the next G steps read
// it, and permuted between rounds with shuffles.
inline __m128i rot16_128(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}
inline __m128i rot8_128(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}
inline __m128i rot12_128(__m128i x) { return _mm_or_si128(_mm_srli_epi32(x, 12), _mm_slli_epi32(x, 20)); }
inline __m128i rot7_128(__m128i x) { return _mm_or_si128(_mm_srli_epi32(x, 7), _mm_slli_epi32(x, 25)); }

__attribute__((always_inline)) inline void g_rows(__m128i& a, __m128i& b, __m128i& c, __m128i& d,
                                                   __m128i mx, __m128i my) {
  a = _mm_add_epi32(_mm_add_epi32(a, b), mx);
  d = rot16_128(_mm_xor_si128(d, a));
  c = _mm_add_epi32(c, d);
  b = rot12_128(_mm_xor_si128(b, c));
  a = _mm_add_epi32(_mm_add_epi32(a, b), my);
  d = rot8_128(_mm_xor_si128(d, a));
  c = _mm_add_epi32(c, d);
  b = rot7_128(_mm_xor_si128(b, c));
}

// Lanes (i, j, k, l) of the pair (x, y): indices 0-3 name x's lanes, 4-7 y's.
template <int I, int J, int K, int L>
inline __m128i pick(__m128i x, __m128i y) {
  using V = std::uint32_t __attribute__((vector_size(16)));
  return reinterpret_cast<__m128i>(
      __builtin_shufflevector(reinterpret_cast<V>(x), reinterpret_cast<V>(y), I, J, K, L));
}

}  // namespace

void compress_avx2(const std::uint32_t cv[8], const std::uint8_t block[64], std::uint8_t block_len,
                   std::uint64_t counter, std::uint8_t flags, std::uint32_t out[16]) {
  __m128i row0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cv));
  __m128i row1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cv + 4));
  __m128i row2 = _mm_setr_epi32(static_cast<int>(kIv[0]), static_cast<int>(kIv[1]),
                                static_cast<int>(kIv[2]), static_cast<int>(kIv[3]));
  __m128i row3 = _mm_setr_epi32(static_cast<int>(static_cast<std::uint32_t>(counter)),
                                static_cast<int>(static_cast<std::uint32_t>(counter >> 32)),
                                static_cast<int>(block_len), static_cast<int>(flags));
  const __m128i w0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));       // words 0-3
  const __m128i w1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16));  // 4-7
  const __m128i w2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 32));  // 8-11
  const __m128i w3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 48));  // 12-15
  // The words each G step of a round takes: a = (0 2 4 6), b = (1 3 5 7), c = (8 10 12 14),
  // d = (9 11 13 15) of this round's message order.
  __m128i a = pick<0, 2, 4, 6>(w0, w1), b = pick<1, 3, 5, 7>(w0, w1);
  __m128i c = pick<0, 2, 4, 6>(w2, w3), d = pick<1, 3, 5, 7>(w2, w3);
  for (int r = 0; r < 7; ++r) {
    g_rows(row0, row1, row2, row3, a, b);
    // diagonals: rotate rows 1-3 by one, two and three lanes
    row1 = _mm_shuffle_epi32(row1, 0x39);
    row2 = _mm_shuffle_epi32(row2, 0x4E);
    row3 = _mm_shuffle_epi32(row3, 0x93);
    g_rows(row0, row1, row2, row3, c, d);
    row1 = _mm_shuffle_epi32(row1, 0x93);
    row2 = _mm_shuffle_epi32(row2, 0x4E);
    row3 = _mm_shuffle_epi32(row3, 0x39);
    if (r == 6) break;
    // The message permutation (word i of the next round is word P[i] of this one, P = 2 6 3 10
    // 7 0 4 13 1 11 12 5 9 14 15 8), in terms of a, b, c, d (a holds words 0 2 4 6, ...):
    // a' = (2 3 7 4) = (a1 b1 b3 a2); b' = (6 10 0 13) = (a3 c1 a0 d2);
    // c' = (1 12 9 15) = (b0 c2 d0 d3); d' = (11 5 14 8) = (d1 b2 c3 c0).
    const __m128i na = pick<1, 5, 7, 2>(a, b);
    const __m128i ac = pick<3, 5, 0, 0>(a, c);  // (a3 c1 a0 -)
    const __m128i nb = pick<0, 1, 2, 6>(ac, d);
    const __m128i bc = pick<0, 6, 0, 0>(b, c);  // (b0 c2 - -)
    const __m128i nc = pick<0, 1, 4, 7>(bc, d);
    const __m128i db = pick<1, 6, 0, 0>(d, b);  // (d1 b2 - -)
    const __m128i nd = pick<0, 1, 7, 4>(db, c);
    a = na;
    b = nb;
    c = nc;
    d = nd;
  }
  const __m128i cv0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cv));
  const __m128i cv1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cv + 4));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_xor_si128(row0, row2));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 4), _mm_xor_si128(row1, row3));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 8), _mm_xor_si128(row2, cv0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 12), _mm_xor_si128(row3, cv1));
}

bool avx2_compiled() { return true; }

void hash_lanes_avx2(const std::uint8_t* const* inputs, std::size_t blocks,
                     const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                     std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                     std::uint8_t* out, const std::uint32_t* last_block_len) {
  __m256i h[8];
  for (int i = 0; i < 8; ++i) h[i] = splat(key[i]);
  alignas(32) std::uint32_t lo[8], hi[8];
  for (int lane = 0; lane < 8; ++lane) {
    std::uint64_t c = counter + (increment_counter ? static_cast<std::uint64_t>(lane) : 0);
    lo[lane] = static_cast<std::uint32_t>(c);
    hi[lane] = static_cast<std::uint32_t>(c >> 32);
  }
  const __m256i counter_lo = _mm256_load_si256(reinterpret_cast<const __m256i*>(lo));
  const __m256i counter_hi = _mm256_load_si256(reinterpret_cast<const __m256i*>(hi));
  std::uint8_t block_flags = flags | flags_start;
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) block_flags |= flags_end;
    __m256i m[16];
    load_message(inputs, b * kBlockLen, m);
    const __m256i block_len =
        last_block_len && b + 1 == blocks
            ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(last_block_len))
            : splat(kBlockLen);
    __m256i v[16] = {h[0],          h[1],          h[2],          h[3],
                     h[4],          h[5],          h[6],          h[7],
                     splat(kIv[0]), splat(kIv[1]), splat(kIv[2]), splat(kIv[3]),
                     counter_lo,    counter_hi,    block_len,     splat(block_flags)};
#pragma GCC unroll 7
    for (int r = 0; r < 7; ++r) blake3_round(v, m, kSchedule[r]);
    for (int i = 0; i < 8; ++i) h[i] = xor_(v[i], v[i + 8]);
    block_flags = flags;
  }
  transpose8(h);
  for (int lane = 0; lane < 8; ++lane) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32 * lane), h[lane]);
  }
}
#else
bool avx2_compiled() { return false; }

void compress_avx2(const std::uint32_t*, const std::uint8_t*, std::uint8_t, std::uint64_t,
                   std::uint8_t, std::uint32_t*) {}

void hash_lanes_avx2(const std::uint8_t* const*, std::size_t, const std::uint32_t*,
                     std::uint64_t, bool, std::uint8_t, std::uint8_t, std::uint8_t,
                     std::uint8_t*, const std::uint32_t*) {}
#endif

}  // namespace fluence::blake3_internal
