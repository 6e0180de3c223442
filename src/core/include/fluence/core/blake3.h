// Blake3Hasher: incremental BLAKE3 (unkeyed hash mode) with extendable output.
// Our own implementation of the BLAKE3 paper's algorithm; checked against b3sum in tests.
// Whole chunks are hashed many at a time with SIMD kernels chosen from the CPU at start-up.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence {

class Blake3Hasher {
 public:
  Blake3Hasher();
  void update(ByteView data);
  // Writes out.size() bytes of output (any length); does not change the hasher's state.
  void finalize(std::span<std::uint8_t> out) const;
  std::array<std::uint8_t, 32> finalize() const;

 private:
  struct ChunkState {
    std::array<std::uint32_t, 8> cv;
    std::uint64_t chunk_counter = 0;
    std::array<std::uint8_t, 64> block{};
    std::uint8_t block_len = 0;
    std::uint8_t blocks_compressed = 0;
  };
  // 2^54 chunks is the most a 64-bit byte count can reach.
  static constexpr std::size_t kMaxDepth = 54;

  std::size_t chunk_len() const;
  void chunk_update(ByteView data);
  // Hashes `count` whole chunks that are known not to end the input, starting at the current
  // chunk counter, and pushes the subtrees they complete.
  void hash_chunk_run(const std::uint8_t* input, std::size_t count);
  // Adds the chaining value of a complete subtree of 2^k chunks, given the number of subtrees
  // of that size hashed so far (including this one); merges the parents this completes.
  void push_subtree_cv(const std::array<std::uint32_t, 8>& cv, std::uint64_t total);

  ChunkState chunk_;
  std::array<std::array<std::uint32_t, 8>, kMaxDepth> cv_stack_;
  std::size_t cv_stack_len_ = 0;
};

// Which kernel hashes many chunks at once. Chosen from the CPU when first used; tests and
// benchmarks may switch to any available one to compare them.
enum class Blake3Kernel { kPortable, kVector128, kAvx2, kAvx512 };
std::string_view to_string(Blake3Kernel kernel);
Blake3Kernel blake3_kernel();
// The kernels this build and this CPU can run, kPortable first.
std::vector<Blake3Kernel> blake3_available_kernels();
// Throws Error(kInvalidInput) if the kernel is not available.
void blake3_use_kernel(Blake3Kernel kernel);

}  // namespace fluence
