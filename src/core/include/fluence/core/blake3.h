// Blake3Hasher: incremental BLAKE3 (unkeyed hash mode) with extendable output.
// Our own implementation of the BLAKE3 paper's algorithm; checked against b3sum in tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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
  void push_chunk_cv(const std::array<std::uint32_t, 8>& cv, std::uint64_t total_chunks);

  ChunkState chunk_;
  std::vector<std::array<std::uint32_t, 8>> cv_stack_;
};

}  // namespace fluence
