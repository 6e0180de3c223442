// SharedText: an immutable string shared by reference counting. The particle data holds the
// same CIDs and peer ids in many places; copies share one buffer.
#pragma once

#include <compare>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/data/flat_text_index.h"

namespace fluence::air {

class SharedText {
 public:
  SharedText() = default;
  explicit SharedText(std::string_view text) {
    char* chars = allocate(text.size());
    if (!text.empty()) std::memcpy(chars, text.data(), text.size());
  }
  explicit SharedText(const std::string& text) : SharedText(std::string_view(text)) {}
  explicit SharedText(const char* text) : SharedText(std::string_view(text)) {}
  // A text of `size` bytes that the caller writes through `chars` before anyone reads it (the
  // CIDs of new service results are known only when their batch is hashed).
  static SharedText written_later(std::size_t size, char*& chars) {
    SharedText t;
    chars = t.allocate(size);
    return t;
  }

  std::string_view view() const {
    if (!chars_) return {};
    std::size_t size;
    std::memcpy(&size, chars_.get() - sizeof size, sizeof size);
    return {chars_.get(), size};
  }
  std::string str() const { return std::string(view()); }
  std::size_t size() const { return view().size(); }
  bool empty() const { return size() == 0; }

  // Content comparison (byte order); the pointer check makes interned texts compare in O(1).
  bool operator==(const SharedText& other) const {
    return chars_ == other.chars_ || view() == other.view();
  }
  bool operator==(std::string_view other) const { return view() == other; }
  std::strong_ordering operator<=>(const SharedText& other) const {
    return view().compare(other.view()) <=> 0;
  }

 private:
  // One allocation holds the reference count, the size and the bytes: a particle's data has
  // thousands of CIDs, and a std::string inside a shared block would need a second one.
  char* allocate(std::size_t size) {
    std::shared_ptr<char[]> block = std::make_shared_for_overwrite<char[]>(sizeof size + size);
    std::memcpy(block.get(), &size, sizeof size);
    char* chars = block.get() + sizeof size;
    chars_ = std::shared_ptr<const char>(std::move(block), chars);
    return chars;
  }
  std::shared_ptr<const char> chars_;  // the bytes, inside a block that starts with the size
};

// A CID in its text form (air.md §9.6). CIDs are compared as strings everywhere.
using CidText = SharedText;

// TextInterner hands out one SharedText per distinct content, so that the many copies of a CID
// in a trace and its stores share storage and compare by pointer. Pass one interner to the
// decoding of prev and current data to share across both.
class TextInterner {
 public:
  SharedText intern(std::string_view text) {
    if (const std::uint32_t* i = index_.find(text)) return texts_[*i];
    SharedText shared(text);
    // Keyed by the interned copy's bytes, which live as long as the interner holds it.
    index_.try_emplace(shared.view(), static_cast<std::uint32_t>(texts_.size()));
    texts_.push_back(shared);
    return shared;
  }
  std::size_t size() const { return texts_.size(); }

 private:
  FlatTextIndex index_;
  std::vector<SharedText> texts_;
};

}  // namespace fluence::air
