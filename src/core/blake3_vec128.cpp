// BLAKE3, 4 inputs at once in 128-bit vectors: SSE2 on x86-64 (always present), NEON on arm64,
// plain scalar code elsewhere. Compiled with the project's default flags.
#include <cstring>

#include "blake3_kernels.h"

namespace fluence::blake3_internal {
namespace {
using Lanes = std::uint32_t __attribute__((vector_size(16)));
constexpr int kLanes = 4;
#include "blake3_lanes.h"
}  // namespace

void hash_lanes_vec128(const std::uint8_t* const* inputs, std::size_t blocks,
                       const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                       std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                       std::uint8_t* out, const std::uint32_t* last_block_len) {
  hash_lanes_impl(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end,
                  out, last_block_len);
}

}  // namespace fluence::blake3_internal
