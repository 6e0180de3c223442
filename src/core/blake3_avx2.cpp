// BLAKE3, 8 inputs at once in 256-bit vectors. This file alone is compiled with
// -mavx2 (see CMakeLists.txt); Blake3Hasher calls it only when the CPU reports avx2 support.
#include <cstring>

#include "blake3_kernels.h"

namespace fluence::blake3_internal {

#if defined(FLUENCE_BLAKE3_AVX2)
namespace {
using Lanes = std::uint32_t __attribute__((vector_size(32)));
constexpr int kLanes = 8;
#include "blake3_lanes.h"
}  // namespace

bool avx2_compiled() { return true; }

void hash_lanes_avx2(const std::uint8_t* const* inputs, std::size_t blocks,
                     const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                     std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                     std::uint8_t* out) {
  hash_lanes_impl(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end,
                  out);
}
#else
bool avx2_compiled() { return false; }

void hash_lanes_avx2(const std::uint8_t* const*, std::size_t, const std::uint32_t*,
                     std::uint64_t, bool, std::uint8_t, std::uint8_t, std::uint8_t,
                     std::uint8_t*) {}
#endif

}  // namespace fluence::blake3_internal
