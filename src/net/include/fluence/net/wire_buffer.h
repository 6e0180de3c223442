// WireBuffer: a growable byte buffer for outgoing transport bytes. Unlike std::vector, growing
// it does not zero-fill (every byte is written right after), and reserve_more() grows
// geometrically, so a buffer reused across writes settles at its working size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <utility>

#include "fluence/core/bytes.h"

namespace fluence::net {

class WireBuffer {
 public:
  std::uint8_t* data() { return buf_.get(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  ByteView view() const { return ByteView(buf_.get(), size_); }

  // Makes room for `n` more bytes without moving the existing ones again until they are used.
  void reserve_more(std::size_t n) {
    if (cap_ - size_ >= n) return;
    std::size_t cap = std::max(size_ + n, cap_ * 2);
    auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(cap);
    if (size_ > 0) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  // Appends `n` bytes left for the caller to fill; returns where they start.
  std::uint8_t* grow(std::size_t n) {
    reserve_more(n);
    std::uint8_t* at = buf_.get() + size_;
    size_ += n;
    return at;
  }
  void append(ByteView bytes) {
    if (!bytes.empty()) std::memcpy(grow(bytes.size()), bytes.data(), bytes.size());
  }
  void swap(WireBuffer& other) noexcept {
    std::swap(buf_, other.buf_);
    std::swap(size_, other.size_);
    std::swap(cap_, other.cap_);
  }

 private:
  std::unique_ptr<std::uint8_t[]> buf_;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace fluence::net
