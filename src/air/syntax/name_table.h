// NameTable: a small open-addressing hash map from variable names (views into the script) to
// values, for the validator's per-name bookkeeping. Cheaper than std::unordered_map here: no
// node allocations and a short-string hash. Internal to fluence_air_syntax.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace fluence::air {

template <typename V>
class NameTable {
 public:
  V* find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const uint64_t h = hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == h && s.key == key) return &s.value;
    }
  }
  const V* find(std::string_view key) const { return const_cast<NameTable*>(this)->find(key); }

  // The value for `key`, default-constructed when new; `inserted` says which.
  V& get(std::string_view key, bool& inserted) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    const uint64_t h = hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.hash = h;
        s.key = key;
        ++count_;
        order_.push_back(i);
        inserted = true;
        return s.value;
      }
      if (s.hash == h && s.key == key) {
        inserted = false;
        return s.value;
      }
    }
  }
  V& operator[](std::string_view key) {
    bool inserted;
    return get(key, inserted);
  }

  bool empty() const { return count_ == 0; }

  // Visits (key, value) in insertion order.
  template <typename F>
  void for_each(F&& f) {
    for (size_t i : order_) f(slots_[i].key, slots_[i].value);
  }

 private:
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    std::string_view key;
    V value{};
  };

  static uint64_t hash(std::string_view key) {
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (char c : key) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    std::vector<size_t> old_order = std::move(order_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    count_ = 0;
    order_.clear();
    for (size_t i : old_order) {
      bool inserted;
      get(old[i].key, inserted) = std::move(old[i].value);
    }
  }

  std::vector<Slot> slots_;
  std::vector<size_t> order_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace fluence::air
