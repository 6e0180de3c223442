#include "fluence/core/blake3.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <span>
#include <vector>

#include "blake3_kernels.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"

namespace fluence {

namespace blake3_internal {

namespace {

#include "blake3_round.h"

inline std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}

inline void store_le32(std::uint8_t* p, std::uint32_t x) {
  p[0] = static_cast<std::uint8_t>(x);
  p[1] = static_cast<std::uint8_t>(x >> 8);
  p[2] = static_cast<std::uint8_t>(x >> 16);
  p[3] = static_cast<std::uint8_t>(x >> 24);
}

}  // namespace

namespace {

void compress_portable(const std::uint32_t cv[8], const std::uint8_t block[64],
                       std::uint8_t block_len, std::uint64_t counter, std::uint8_t flags,
                       std::uint32_t out[16]) {
  std::uint32_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = load_le32(block + 4 * i);
  std::uint32_t v[16] = {cv[0],  cv[1],  cv[2],  cv[3],
                         cv[4],  cv[5],  cv[6],  cv[7],
                         kIv[0], kIv[1], kIv[2], kIv[3],
                         static_cast<std::uint32_t>(counter), static_cast<std::uint32_t>(counter >> 32),
                         block_len, flags};
#pragma GCC unroll 7
  for (const auto& s : kSchedule) blake3_round(v, m, s);
  for (int i = 0; i < 8; ++i) {
    out[i] = v[i] ^ v[i + 8];
    out[i + 8] = v[i + 8] ^ cv[i];
  }
}

}  // namespace

void hash_many_portable(const std::uint8_t* const* inputs, std::size_t count, std::size_t blocks,
                        const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                        std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                        std::uint8_t* out, const std::uint32_t* last_block_len) {
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t cv[8];
    std::memcpy(cv, key, sizeof cv);
    std::uint8_t block_flags = flags | flags_start;
    for (std::size_t b = 0; b < blocks; ++b) {
      if (b + 1 == blocks) block_flags |= flags_end;
      std::uint32_t full[16];
      const std::size_t block_len =
          last_block_len && b + 1 == blocks ? last_block_len[i] : kBlockLen;
      compress(cv, inputs[i] + b * kBlockLen, static_cast<std::uint8_t>(block_len),
               counter + (increment_counter ? i : 0), block_flags, full);
      std::memcpy(cv, full, sizeof cv);
      block_flags = flags;
    }
    for (int w = 0; w < 8; ++w) store_le32(out + 32 * i + 4 * w, cv[w]);
  }
}

}  // namespace blake3_internal

namespace {

using namespace blake3_internal;
using Cv = std::array<std::uint32_t, 8>;

// Whole chunks are hashed at most this many at a time (256 KiB of input).
constexpr std::size_t kMaxBatchChunks = 256;

bool cpu_has(Blake3Kernel kernel) {
  switch (kernel) {
    case Blake3Kernel::kPortable:
    case Blake3Kernel::kVector128: return true;
    case Blake3Kernel::kAvx2:
#if defined(__x86_64__) || defined(__i386__)
      return avx2_compiled() && __builtin_cpu_supports("avx2");
#else
      return false;
#endif
    case Blake3Kernel::kAvx512:
#if defined(__x86_64__) || defined(__i386__)
      return avx512_compiled() && __builtin_cpu_supports("avx512f");
#else
      return false;
#endif
  }
  return false;
}

Blake3Kernel detect_kernel() {
  if (cpu_has(Blake3Kernel::kAvx512)) return Blake3Kernel::kAvx512;
  if (cpu_has(Blake3Kernel::kAvx2)) return Blake3Kernel::kAvx2;
  return Blake3Kernel::kVector128;
}

std::atomic<int> g_kernel{-1};

Blake3Kernel current_kernel() {
  int k = g_kernel.load(std::memory_order_relaxed);
  if (k < 0) {
    k = static_cast<int>(detect_kernel());
    g_kernel.store(k, std::memory_order_relaxed);
  }
  return static_cast<Blake3Kernel>(k);
}

}  // namespace

// One block: in 128-bit rows when the AVX2 (or wider) kernels are selected.
void blake3_internal::compress(const std::uint32_t cv[8], const std::uint8_t block[64],
                               std::uint8_t block_len, std::uint64_t counter, std::uint8_t flags,
                               std::uint32_t out[16]) {
  if (current_kernel() >= Blake3Kernel::kAvx2) {
    compress_avx2(cv, block, block_len, counter, flags, out);
  } else {
    compress_portable(cv, block, block_len, counter, flags, out);
  }
}

namespace {

// Splits `count` inputs across the widest kernels that fit. A remainder narrower than a kernel
// still runs through the smallest SIMD kernel that covers it, with the spare lanes repeating
// the first input: a padded vector pass is cheaper than hashing two or more inputs one by one.
void hash_many(const std::uint8_t* const* inputs, std::size_t count, std::size_t blocks,
               std::uint64_t counter, bool increment_counter, std::uint8_t flags,
               std::uint8_t flags_start, std::uint8_t flags_end, std::uint8_t* out,
               const std::uint32_t* last_block_len = nullptr) {
  Blake3Kernel kernel = current_kernel();
  std::size_t i = 0;
  auto step = [&](std::size_t lanes, auto fn) {
    while (count - i >= lanes) {
      fn(inputs + i, blocks, kIv, counter + (increment_counter ? i : 0), increment_counter, flags,
         flags_start, flags_end, out + 32 * i, last_block_len ? last_block_len + i : nullptr);
      i += lanes;
    }
  };
  auto padded = [&](std::size_t lanes, auto fn) {
    std::size_t rest = count - i;
    const std::uint8_t* ptrs[16];
    std::uint32_t lens[16];
    for (std::size_t k = 0; k < lanes; ++k) {
      const std::size_t from = i + (k < rest ? k : 0);
      ptrs[k] = inputs[from];
      lens[k] = last_block_len ? last_block_len[from] : 0;
    }
    std::uint8_t scratch[16 * 32];
    fn(ptrs, blocks, kIv, counter + (increment_counter ? i : 0), increment_counter, flags,
       flags_start, flags_end, scratch, last_block_len ? lens : nullptr);
    std::memcpy(out + 32 * i, scratch, 32 * rest);
    i = count;
  };
  if (kernel >= Blake3Kernel::kAvx512) {
    step(16, hash_lanes_avx512);
    if (count - i > 8) padded(16, hash_lanes_avx512);
  }
  if (kernel >= Blake3Kernel::kAvx2) {
    step(8, hash_lanes_avx2);
    if (count - i > 4) padded(8, hash_lanes_avx2);
  }
  if (kernel >= Blake3Kernel::kVector128) {
    step(4, hash_lanes_vec128);
    if (count - i > 1) padded(4, hash_lanes_vec128);
  }
  hash_many_portable(inputs + i, count - i, blocks, kIv, counter + (increment_counter ? i : 0),
                     increment_counter, flags, flags_start, flags_end, out + 32 * i,
                     last_block_len ? last_block_len + i : nullptr);
}

Cv load_cv(const std::uint8_t* p) {
  Cv cv;
  std::memcpy(cv.data(), p, 32);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  for (auto& w : cv) w = __builtin_bswap32(w);
#endif
  return cv;
}

// A complete subtree inside a run of chunks: `size` (a power of two) chunks from chunk
// `first` of the run.
struct Subtree {
  std::size_t first;
  std::size_t size;
};

// Splits chunks [counter, counter + count) into the aligned power-of-two subtrees of the
// BLAKE3 tree, in order, each as large as its alignment and the remaining count allow.
std::size_t split_into_subtrees(std::uint64_t counter, std::size_t count, Subtree* out) {
  std::size_t n = 0;
  for (std::size_t done = 0; done < count;) {
    std::size_t size = 1;
    while (size * 2 <= count - done && (counter + done) % (size * 2) == 0) size *= 2;
    out[n++] = {done, size};
    done += size;
  }
  return n;
}

std::array<std::uint32_t, 16> parent_output_words(const Cv& left, const Cv& right,
                                                  std::uint8_t extra_flags) {
  std::uint8_t block[64];
  for (int i = 0; i < 8; ++i) {
    store_le32(block + 4 * i, left[i]);
    store_le32(block + 32 + 4 * i, right[i]);
  }
  std::array<std::uint32_t, 16> out;
  compress(kIv, block, 64, 0, kParent | extra_flags, out.data());
  return out;
}

Cv first_half(const std::array<std::uint32_t, 16>& words) {
  Cv cv;
  std::copy(words.begin(), words.begin() + 8, cv.begin());
  return cv;
}

}  // namespace

std::string_view to_string(Blake3Kernel kernel) {
  switch (kernel) {
    case Blake3Kernel::kPortable: return "portable";
    case Blake3Kernel::kVector128: return "vector128";
    case Blake3Kernel::kAvx2: return "avx2";
    case Blake3Kernel::kAvx512: return "avx512";
  }
  return "unknown";
}

Blake3Kernel blake3_kernel() { return current_kernel(); }

std::vector<Blake3Kernel> blake3_available_kernels() {
  std::vector<Blake3Kernel> out;
  for (auto k : {Blake3Kernel::kPortable, Blake3Kernel::kVector128, Blake3Kernel::kAvx2,
                 Blake3Kernel::kAvx512}) {
    if (cpu_has(k)) out.push_back(k);
  }
  return out;
}

void blake3_use_kernel(Blake3Kernel kernel) {
  if (!cpu_has(kernel)) {
    throw_invalid("blake3: kernel " + std::string(to_string(kernel)) + " is not available here");
  }
  g_kernel.store(static_cast<int>(kernel), std::memory_order_relaxed);
}

Blake3Hasher::Blake3Hasher() { std::copy(std::begin(kIv), std::end(kIv), chunk_.cv.begin()); }

std::size_t Blake3Hasher::chunk_len() const {
  return std::size_t{chunk_.blocks_compressed} * kBlockLen + chunk_.block_len;
}

void Blake3Hasher::chunk_update(ByteView data) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    // The last full block stays buffered: only finalize knows whether it ends the chunk.
    if (chunk_.block_len == kBlockLen) {
      std::uint32_t out[16];
      std::uint8_t flags = chunk_.blocks_compressed == 0 ? kChunkStart : 0;
      compress(chunk_.cv.data(), chunk_.block.data(), kBlockLen, chunk_.chunk_counter, flags, out);
      std::copy(out, out + 8, chunk_.cv.begin());
      ++chunk_.blocks_compressed;
      chunk_.block_len = 0;
      chunk_.block.fill(0);  // a short final block is zero-padded
    }
    std::size_t take = std::min(kBlockLen - chunk_.block_len, data.size() - pos);
    std::memcpy(chunk_.block.data() + chunk_.block_len, data.data() + pos, take);
    chunk_.block_len = static_cast<std::uint8_t>(chunk_.block_len + take);
    pos += take;
  }
}

void Blake3Hasher::push_subtree_cv(const Cv& cv, std::uint64_t total) {
  Cv merged = cv;
  while ((total & 1) == 0) {
    merged = first_half(parent_output_words(cv_stack_[--cv_stack_len_], merged, 0));
    total >>= 1;
  }
  cv_stack_[cv_stack_len_++] = merged;
}

void Blake3Hasher::hash_chunk_run(const std::uint8_t* input, std::size_t count) {
  std::uint64_t counter = chunk_.chunk_counter;
  const std::uint8_t* ptrs[kMaxBatchChunks];
  std::uint8_t buffer_a[kMaxBatchChunks * 32];
  std::uint8_t buffer_b[kMaxBatchChunks * 32];
  for (std::size_t i = 0; i < count; ++i) ptrs[i] = input + i * kChunkLen;
  hash_many(ptrs, count, kChunkLen / kBlockLen, counter, true, 0, kChunkStart, kChunkEnd,
            buffer_a);

  // Reduce every subtree to its root one tree level per pass, with the parents of all
  // subtrees in the same hash_many call. Subtree s has cvs[s] chaining values, stored
  // contiguously from index at[s] of `level`.
  Subtree subtrees[64];
  std::size_t n = split_into_subtrees(counter, count, subtrees);
  std::size_t at[64];
  std::size_t cvs[64];
  for (std::size_t s = 0; s < n; ++s) {
    at[s] = subtrees[s].first;
    cvs[s] = subtrees[s].size;
  }
  std::uint8_t* level = buffer_a;
  std::uint8_t* next = buffer_b;
  for (;;) {
    std::size_t parents = 0;
    for (std::size_t s = 0; s < n; ++s) {
      // Each parent block is two adjacent child chaining values.
      for (std::size_t i = 0; i < cvs[s] / 2; ++i) ptrs[parents++] = level + 32 * (at[s] + 2 * i);
    }
    if (parents == 0) break;
    std::uint8_t made[kMaxBatchChunks / 2 * 32];
    hash_many(ptrs, parents, 1, 0, false, kParent, 0, 0, made);
    std::size_t out = 0;
    std::size_t from = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (cvs[s] == 1) {
        std::memcpy(next + 32 * out, level + 32 * at[s], 32);
      } else {
        cvs[s] /= 2;
        std::memcpy(next + 32 * out, made + 32 * from, 32 * cvs[s]);
        from += cvs[s];
      }
      at[s] = out;
      out += cvs[s];
    }
    std::swap(level, next);
  }
  for (std::size_t s = 0; s < n; ++s) {
    int log2_size = __builtin_ctzll(subtrees[s].size);
    push_subtree_cv(load_cv(level + 32 * at[s]),
                    (counter + subtrees[s].first + subtrees[s].size) >> log2_size);
  }
  chunk_.chunk_counter = counter + count;
}

void Blake3Hasher::update(ByteView data) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t left = data.size() - pos;
    if (chunk_len() > 0) {
      std::size_t take = std::min(kChunkLen - chunk_len(), left);
      chunk_update(data.subspan(pos, take));
      pos += take;
      if (chunk_len() == kChunkLen && pos < data.size()) {
        std::uint32_t out[16];
        compress(chunk_.cv.data(), chunk_.block.data(), chunk_.block_len, chunk_.chunk_counter,
                 kChunkEnd | (chunk_.blocks_compressed == 0 ? kChunkStart : 0), out);
        Cv cv;
        std::copy(out, out + 8, cv.begin());
        std::uint64_t total = chunk_.chunk_counter + 1;
        push_subtree_cv(cv, total);
        chunk_ = ChunkState{};
        std::copy(std::begin(kIv), std::end(kIv), chunk_.cv.begin());
        chunk_.chunk_counter = total;
      }
      continue;
    }
    if (left > kChunkLen) {
      // Whole chunks with more input after them can never be the root: hash them in one run.
      std::size_t count = std::min<std::size_t>((left - 1) / kChunkLen, kMaxBatchChunks);
      hash_chunk_run(data.data() + pos, count);
      pos += count * kChunkLen;
      continue;
    }
    chunk_update(data.subspan(pos));
    pos = data.size();
  }
}

void Blake3Hasher::finalize(std::span<std::uint8_t> out) const {
  // The output node: the current chunk, then each stacked subtree as its left sibling.
  Cv cv = chunk_.cv;
  std::array<std::uint8_t, 64> block = chunk_.block;
  std::uint8_t block_len = chunk_.block_len;
  std::uint64_t counter = chunk_.chunk_counter;
  std::uint8_t flags = kChunkEnd | (chunk_.blocks_compressed == 0 ? kChunkStart : 0);
  for (std::size_t i = cv_stack_len_; i-- > 0;) {
    std::uint32_t words[16];
    compress(cv.data(), block.data(), block_len, counter, flags, words);
    for (int w = 0; w < 8; ++w) {
      store_le32(block.data() + 4 * w, cv_stack_[i][w]);
      store_le32(block.data() + 32 + 4 * w, words[w]);
    }
    std::copy(std::begin(kIv), std::end(kIv), cv.begin());
    block_len = kBlockLen;
    counter = 0;
    flags = kParent;
  }
  std::size_t pos = 0;
  for (std::uint64_t output_counter = 0; pos < out.size(); ++output_counter) {
    std::uint32_t words[16];
    compress(cv.data(), block.data(), block_len, output_counter, flags | kRoot, words);
    for (int w = 0; w < 16 && pos < out.size(); ++w) {
      std::uint8_t bytes[4];
      store_le32(bytes, words[w]);
      std::size_t take = std::min<std::size_t>(4, out.size() - pos);
      std::memcpy(out.data() + pos, bytes, take);
      pos += take;
    }
  }
}

std::array<std::uint8_t, 32> Blake3Hasher::finalize() const {
  std::array<std::uint8_t, 32> out;
  finalize(out);
  return out;
}

Digest32 blake3(ByteView data) {
  if (data.size() > kChunkLen) {
    Blake3Hasher hasher;
    hasher.update(data);
    return hasher.finalize();
  }
  // One chunk is the root itself: compress straight from the input, with no hasher state.
  std::uint32_t cv[8];
  std::copy(std::begin(kIv), std::end(kIv), cv);
  std::size_t full = data.empty() ? 0 : (data.size() - 1) / kBlockLen;
  std::uint8_t flags = kChunkStart;
  std::uint32_t words[16];
  for (std::size_t b = 0; b < full; ++b) {
    compress(cv, data.data() + b * kBlockLen, kBlockLen, 0, flags, words);
    std::copy(words, words + 8, cv);
    flags = 0;
  }
  std::uint8_t last[kBlockLen] = {};
  std::size_t last_len = data.size() - full * kBlockLen;
  if (last_len > 0) std::memcpy(last, data.data() + full * kBlockLen, last_len);
  compress(cv, last, static_cast<std::uint8_t>(last_len), 0, flags | kChunkEnd | kRoot, words);
  Digest32 out;
  for (int w = 0; w < 8; ++w) store_le32(out.data() + 4 * w, words[w]);
  return out;
}

void blake3_many(std::span<const ByteView> inputs, std::span<Digest32> out) {
  if (out.size() != inputs.size())
    throw Error(ErrorKind::kInvalidInput, "blake3_many: one digest per input");
  // Inputs of one chunk with the same number of blocks run side by side in the SIMD lanes, each
  // copied into a zero-padded slot (the lanes read whole blocks) with its last block's length.
  constexpr std::size_t kBlocksPerChunk = kChunkLen / kBlockLen;
  constexpr std::size_t kGroup = 64;  // inputs per kernel call: at most 64 KiB of slots
  std::vector<std::uint32_t> by_blocks[kBlocksPerChunk];
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::size_t size = inputs[i].size();
    if (size > kChunkLen) {
      out[i] = blake3(inputs[i]);
      continue;
    }
    const std::size_t blocks = size == 0 ? 1 : (size + kBlockLen - 1) / kBlockLen;
    by_blocks[blocks - 1].push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<std::uint8_t> slots;
  for (std::size_t blocks = 1; blocks <= kBlocksPerChunk; ++blocks) {
    const std::vector<std::uint32_t>& group = by_blocks[blocks - 1];
    if (group.size() == 1) out[group[0]] = blake3(inputs[group[0]]);
    if (group.size() < 2) continue;
    const std::size_t slot = blocks * kBlockLen;
    for (std::size_t from = 0; from < group.size(); from += kGroup) {
      const std::size_t n = std::min(kGroup, group.size() - from);
      if (slots.size() < n * slot) slots.resize(n * slot);
      const std::uint8_t* ptrs[kGroup];
      std::uint32_t last_len[kGroup];
      std::uint8_t digests[kGroup * 32];
      for (std::size_t k = 0; k < n; ++k) {
        const ByteView input = inputs[group[from + k]];
        std::uint8_t* to = slots.data() + k * slot;
        if (!input.empty()) std::memcpy(to, input.data(), input.size());
        std::memset(to + input.size(), 0, slot - input.size());  // the last block's padding
        ptrs[k] = slots.data() + k * slot;
        last_len[k] = static_cast<std::uint32_t>(input.size() - (blocks - 1) * kBlockLen);
      }
      hash_many(ptrs, n, blocks, 0, false, 0, kChunkStart, kChunkEnd | kRoot, digests, last_len);
      for (std::size_t k = 0; k < n; ++k)
        std::memcpy(out[group[from + k]].data(), digests + 32 * k, 32);
    }
  }
}

}  // namespace fluence
