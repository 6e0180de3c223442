// SharedText: an immutable string shared by reference counting. The particle data holds the
// same CIDs, peer ids and (possibly 100 MB) JSON texts in many places; copies share one buffer.
#pragma once

#include <compare>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/data/flat_text_index.h"

namespace fluence::air {

class SharedText {
 public:
  SharedText() = default;
  explicit SharedText(std::string text)
      : text_(std::make_shared<const std::string>(std::move(text))) {}
  explicit SharedText(std::string_view text) : SharedText(std::string(text)) {}
  explicit SharedText(const char* text) : SharedText(std::string(text)) {}
  explicit SharedText(std::shared_ptr<const std::string> text) : text_(std::move(text)) {}

  std::string_view view() const { return text_ ? std::string_view(*text_) : std::string_view(); }
  const std::string& str() const { return text_ ? *text_ : empty_string(); }
  std::size_t size() const { return text_ ? text_->size() : 0; }
  bool empty() const { return size() == 0; }
  const std::shared_ptr<const std::string>& shared() const { return text_; }

  // Content comparison (byte order); the pointer check makes interned texts compare in O(1).
  bool operator==(const SharedText& other) const {
    return text_ == other.text_ || view() == other.view();
  }
  bool operator==(std::string_view other) const { return view() == other; }
  std::strong_ordering operator<=>(const SharedText& other) const {
    return view().compare(other.view()) <=> 0;
  }

 private:
  static const std::string& empty_string() {
    static const std::string kEmpty;
    return kEmpty;
  }
  std::shared_ptr<const std::string> text_;
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
