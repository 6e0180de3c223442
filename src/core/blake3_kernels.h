// Internal to the core library: the BLAKE3 compression function and the "hash many inputs at
// once" kernels (portable, 4-, 8- and 16-lane SIMD) that Blake3Hasher dispatches to.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fluence::blake3_internal {

inline constexpr std::uint32_t kIv[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                         0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
inline constexpr std::uint8_t kChunkStart = 1;
inline constexpr std::uint8_t kChunkEnd = 2;
inline constexpr std::uint8_t kParent = 4;
inline constexpr std::uint8_t kRoot = 8;
inline constexpr std::size_t kBlockLen = 64;
inline constexpr std::size_t kChunkLen = 1024;

// Message word order of each of the 7 rounds (the permutation applied r times).
inline constexpr std::uint8_t kSchedule[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

// The full 16-word compression output (the first 8 words are the new chaining value; all 16,
// with the second half xored with the input cv, are extended output).
void compress(const std::uint32_t cv[8], const std::uint8_t block[64], std::uint8_t block_len,
              std::uint64_t counter, std::uint8_t flags, std::uint32_t out[16]);
// The same in 128-bit rows (SSSE3 inside the AVX2 file); compress() uses it when the AVX2
// kernels are selected.
void compress_avx2(const std::uint32_t cv[8], const std::uint8_t block[64], std::uint8_t block_len,
                   std::uint64_t counter, std::uint8_t flags, std::uint32_t out[16]);

// Hashes `count` inputs of `blocks` 64-byte blocks each, chaining from `key`: input i uses
// counter + i when increment_counter (chunks) or counter (parents); the first block gets
// flags | flags_start, the last flags | flags_end. Writes 32 bytes per input to out. The last
// block of input i holds last_block_len[i] bytes (zero-padded to 64) when last_block_len is
// given (independent short inputs), else 64.
using HashManyFn = void (*)(const std::uint8_t* const* inputs, std::size_t count,
                            std::size_t blocks, const std::uint32_t key[8], std::uint64_t counter,
                            bool increment_counter, std::uint8_t flags, std::uint8_t flags_start,
                            std::uint8_t flags_end, std::uint8_t* out,
                            const std::uint32_t* last_block_len);

void hash_many_portable(const std::uint8_t* const* inputs, std::size_t count, std::size_t blocks,
                        const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                        std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                        std::uint8_t* out, const std::uint32_t* last_block_len);
// Each SIMD kernel hashes exactly its lane count of inputs (4, 8 or 16) and is only called when
// the CPU supports it.
void hash_lanes_vec128(const std::uint8_t* const* inputs, std::size_t blocks,
                       const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                       std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                       std::uint8_t* out, const std::uint32_t* last_block_len);
void hash_lanes_avx2(const std::uint8_t* const* inputs, std::size_t blocks,
                     const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                     std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                     std::uint8_t* out, const std::uint32_t* last_block_len);
void hash_lanes_avx512(const std::uint8_t* const* inputs, std::size_t blocks,
                       const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                       std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                       std::uint8_t* out, const std::uint32_t* last_block_len);
bool avx2_compiled();
bool avx512_compiled();

}  // namespace fluence::blake3_internal
