// NameInterner: gives every distinct variable name of a script a small integer id (0, 1, ...
// in the order the lexer meets them), so that the validator and the interpreter index arrays
// instead of hashing strings. Names are views into the script text; the table compares the
// first 8 bytes of a name as one integer, so the common short name costs one multiply and one
// compare. Internal to fluence_air_syntax.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace fluence::air {

class NameInterner {
 public:
  // `text` is the script every interned name points into; reading 8 bytes at any name start
  // below text.size() - 7 stays inside it.
  explicit NameInterner(std::string_view text)
      : safe_end_(text.data() + (text.size() >= 8 ? text.size() - 7 : 0)) {
    slots_.assign(size_t{1} << kInitialBits, Slot{});
    mask_ = slots_.size() - 1;
    shift_ = 64 - kInitialBits;
  }

  // The id of `name` (a view into the script), assigning the next id when it is new.
  uint32_t intern(std::string_view name) {
    const uint64_t head = head_word(name);
    for (size_t i = mix(head, name) >> shift_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.head == head && s.size == name.size() &&
          (name.size() <= 8 || std::memcmp(names_[s.id].data() + 8, name.data() + 8,
                                           name.size() - 8) == 0)) {
        return s.id;
      }
      if (s.id == kEmpty) return insert(i, head, name);
    }
  }

  // The id of `name` when it is known and at most 8 bytes long, else kUnknown. Calls nothing,
  // so that the lexer's fast path stays a leaf function.
  static constexpr uint32_t kUnknown = UINT32_MAX;
  [[gnu::always_inline]] uint32_t find_short(std::string_view name) const {
    if (name.size() > 8) return kUnknown;
    const uint64_t head = head_word(name);
    for (size_t i = mix(head, name) >> shift_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.head == head && s.size == name.size()) return s.id;
      if (s.id == kEmpty) return kUnknown;
    }
  }

  // id -> name.
  const std::vector<std::string_view>& names() const { return names_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr int kInitialBits = 8;
  struct Slot {
    uint64_t head = 0;  // the first (up to) 8 bytes, zero-padded
    uint32_t size = 0;  // 0 in an empty slot, which no name matches: names are not empty
    uint32_t id = kEmpty;
  };

  // Puts a new name into the empty slot `i` (out of line: the hot path is finding a name).
  [[gnu::noinline]] uint32_t insert(size_t i, uint64_t head, std::string_view name) {
    if ((names_.size() + 1) * 2 > slots_.size()) {
      grow();
      return intern(name);
    }
    const auto id = static_cast<uint32_t>(names_.size());
    slots_[i] = Slot{head, static_cast<uint32_t>(name.size()), id};
    names_.push_back(name);
    return id;
  }

  uint64_t head_word(std::string_view name) const {
    if constexpr (std::endian::native == std::endian::little) {
      if (name.data() < safe_end_) {
        uint64_t w;
        std::memcpy(&w, name.data(), 8);
        return w & kHeadMask[name.size() < 8 ? name.size() : 8];
      }
    }
    // Near the end of the text: byte by byte (a loop, not a memcpy call, to keep the lexer's
    // fast path free of calls).
    uint64_t w = 0;
    const size_t n = name.size() < 8 ? name.size() : 8;
    for (size_t i = 0; i < n; ++i) {
      w |= uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
    }
    return w;
  }

  // The low n bytes of a little-endian word.
  static constexpr uint64_t kHeadMask[9] = {
      0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
      ~uint64_t{0}};

  // A 64-bit hash whose top bits (the ones used) depend on every byte of the name.
  static uint64_t mix(uint64_t head, std::string_view name) {
    uint64_t h = head ^ (uint64_t{name.size()} << 59);
    // Longer names: their tail too (names sharing a long prefix are common: "value_1", ...).
    for (size_t i = 8; i < name.size(); ++i) {
      h = (h ^ static_cast<unsigned char>(name[i])) * 0x100000001b3ull;
    }
    return h * 0x9E3779B97F4A7C15ull;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    --shift_;
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = mix(s.head, names_[s.id]) >> shift_;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  const char* safe_end_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 0;  // 64 - log2(slots_.size())
  std::vector<std::string_view> names_;
};

}  // namespace fluence::air
