// AstArena: a bump allocator for AST nodes. Nodes are trivially destructible, so the arena
// frees its blocks without running destructors; a whole AST dies in a few free() calls.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace fluence::air {

class AstArena {
 public:
  AstArena() = default;
  // `expected_bytes`: a guess of the total size, to start with one block of about that size.
  explicit AstArena(size_t expected_bytes)
      : next_block_size_(expected_bytes < 4096 ? 4096 : expected_bytes) {}
  AstArena(const AstArena&) = delete;
  AstArena& operator=(const AstArena&) = delete;

  void* allocate(size_t size, size_t align) {
    size_t offset = (used_ + align - 1) & ~(align - 1);
    if (offset + size > capacity_) {
      grow(size + align);
      offset = (used_ + align - 1) & ~(align - 1);
    }
    used_ = offset + size;
    return current_ + offset;
  }

  template <typename T, typename... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>);
    return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  // A copy of `items` in the arena.
  template <typename T>
  std::span<const T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (items.empty()) return {};
    T* out = static_cast<T*>(allocate(sizeof(T) * items.size(), alignof(T)));
    for (size_t i = 0; i < items.size(); ++i) new (out + i) T(items[i]);
    return {out, items.size()};
  }

  size_t bytes_reserved() const { return reserved_; }

 private:
  [[gnu::noinline]] void grow(size_t at_least) {
    size_t size = next_block_size_;
    if (size < at_least) size = at_least;
    next_block_size_ = size < (size_t{1} << 20) ? size * 2 : size;
    blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));  // no zeroing
    current_ = blocks_.back().get();
    capacity_ = size;
    used_ = 0;
    reserved_ += size;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* current_ = nullptr;
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t reserved_ = 0;
  size_t next_block_size_ = 4096;
};

}  // namespace fluence::air
