// CidStore<T>: a content-addressed store (CID text -> shared immutable T) that remembers
// insertion order, which is the order the writer emits (the reference's order is a hash
// map's and unspecified, air.md §10.12).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "fluence/air/data/flat_text_index.h"
#include "fluence/air/data/shared_text.h"

namespace fluence::air {

template <class T>
class CidStore {
 public:
  using Ptr = std::shared_ptr<const T>;
  struct Entry {
    CidText cid;
    Ptr value;
  };

  // Adds cid -> value unless cid is present already (equal CIDs have equal contents by
  // construction); returns the stored value.
  const Ptr& insert(CidText cid, Ptr value) {
    auto [slot, added] = claim(cid);
    if (!added) return entries_[*slot].value;
    entries_.push_back(Entry{std::move(cid), std::move(value)});  // room made by claim()
    return entries_.back().value;
  }

  // Adds cid -> value, or replaces the value of an existing cid in place (a hash map's insert:
  // the reference reads duplicate archive entries this way, the last one winning).
  void insert_or_assign(CidText cid, Ptr value) {
    auto [slot, added] = claim(cid);
    if (!added) {
      entries_[*slot].value = std::move(value);
      return;
    }
    entries_.push_back(Entry{std::move(cid), std::move(value)});
  }

  // nullptr when absent.
  const T* find(std::string_view cid) const {
    const std::uint32_t* i = index_.find(cid);
    return i ? entries_[*i].value.get() : nullptr;
  }
  Ptr find_shared(std::string_view cid) const {
    const std::uint32_t* i = index_.find(cid);
    return i ? entries_[*i].value : Ptr();
  }
  bool contains(std::string_view cid) const { return index_.find(cid) != nullptr; }
  // Position of cid in entries() (stable: entries are only appended), nullptr when absent.
  const std::uint32_t* position(std::string_view cid) const { return index_.find(cid); }

  // Union: entries of `other` whose CID is new here are appended in other's order.
  void merge(const CidStore& other) {
    for (const auto& e : other.entries_) insert(e.cid, e.value);
  }

  const std::vector<Entry>& entries() const { return entries_; }
  // Drops this store's reference to entry i's value (the entry stays, its value null): only for
  // a store being written out for the last time (encode_particle_data of an rvalue).
  void release_value(std::size_t i) { entries_[i].value.reset(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void reserve(std::size_t n) {
    entries_.reserve(n);
    index_.reserve(n);
  }

  CidStore() = default;
  CidStore(const CidStore& other) { merge(other); }
  CidStore& operator=(const CidStore& other) {
    if (this != &other) {
      clear();
      merge(other);
    }
    return *this;
  }
  CidStore(CidStore&&) noexcept = default;
  CidStore& operator=(CidStore&&) noexcept = default;

  // Same entries in the same order, values compared by content.
  bool operator==(const CidStore& other) const {
    if (entries_.size() != other.entries_.size()) return false;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& a = entries_[i];
      const Entry& b = other.entries_[i];
      if (!(a.cid == b.cid) || !a.value != !b.value || (a.value && !(*a.value == *b.value)))
        return false;
    }
    return true;
  }

  void clear() {
    entries_.clear();
    index_.clear();
  }

 private:
  // The index slot of `cid` (one hash per insertion), a new one holding the next entry's
  // position. The entries get room first, so that appending the entry cannot fail once the
  // index has it. The key views the CID's heap text (or nothing, when empty), which moves with
  // the CidText into the entry without moving itself.
  std::pair<std::uint32_t*, bool> claim(const CidText& cid) {
    if (entries_.size() == entries_.capacity()) entries_.reserve(std::max<std::size_t>(8, 2 * entries_.size()));
    return index_.try_emplace(cid.view(), static_cast<std::uint32_t>(entries_.size()));
  }

  std::vector<Entry> entries_;
  FlatTextIndex index_;
};

}  // namespace fluence::air
