// FlatTextIndex: text -> 32-bit value in one open-addressed array (no node per entry), for the
// CID stores and the archive writer, which look up every CID of a particle once or more.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "fluence/air/data/text_hash.h"

namespace fluence::air {

class FlatTextIndex {
 public:
  // Room for `count` texts without growing.
  void reserve(std::size_t count) {
    std::size_t want = 16;
    while (want < 2 * count) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

  // The value of `text`, or null.
  const std::uint32_t* find(std::string_view text) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t hash = text_hash(text);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == hash && s.size == text.size() && same_bytes(s.data, text.data(), s.size))
        return &s.value;
    }
  }
  std::size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }

  // The value of `text`, inserting `value` when absent. The text's bytes must outlive the
  // index (the keys are views). Returns {value, inserted}.
  std::pair<std::uint32_t*, bool> try_emplace(std::string_view text, std::uint32_t value) {
    if (2 * (size_ + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size());
    const std::uint64_t hash = text_hash(text);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = Slot{hash, text.data(), text.size(), value, true};
        ++size_;
        return {&s.value, true};
      }
      // The stored hash spares comparing the bytes of texts that merely share a slot.
      if (s.hash == hash && s.size == text.size() && same_bytes(s.data, text.data(), s.size))
        return {&s.value, false};
    }
  }

 private:
  // Shared texts (interned CIDs) are often the very same bytes: no need to compare them.
  static bool same_bytes(const char* a, const char* b, std::size_t size) {
    return a == b || size == 0 || std::memcmp(a, b, size) == 0;
  }
  struct Slot {
    std::uint64_t hash = 0;
    const char* data = nullptr;
    std::size_t size = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    const std::size_t mask = capacity - 1;
    for (const Slot& s : old) {
      if (!s.used) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].used) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace fluence::air
