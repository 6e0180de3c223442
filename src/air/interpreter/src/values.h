// Runtime values of the interpreter (air.md §5): immutable JSON shared by pointer, each with
// its tetraplet, provenance and the trace position that produced it; canon streams and canon
// maps built from them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>
#include <string_view>

#include "fluence/air/data/cid_info.h"
#include "fluence/air/data/security_tetraplet.h"
#include "json_text.h"

namespace fluence::air {

using JValue = boost::json::value;
using TetrapletPtr = std::shared_ptr<const SecurityTetraplet>;

// An immutable JSON value shared by pointer. Either a tree (boost::json) or, for large values,
// its canonical text: a slice of a shared string, parsed into a tree (once, shared by all
// copies) only when something needs the tree. The value store keeps the same string, so a big
// service result exists once in memory, as text (json_text.h reads into it without a tree).
class JPtr {
 public:
  JPtr() = default;
  JPtr(std::nullptr_t) {}
  explicit JPtr(std::shared_ptr<const JValue> tree) : tree_(std::move(tree)) {}
  // A value inside the tree of `owner` (lens results, fold items); a text owner gets its tree
  // first, so the result always keeps the tree alive.
  JPtr(const JPtr& owner, const JValue* inner)
      : tree_(owner.text_ ? (owner.get(), owner.text_->tree) : owner.tree_, inner) {}
  // The value whose canonical text is `canonical`, a slice of `*owner`.
  static JPtr text(std::shared_ptr<const std::string> owner, std::string_view canonical) {
    JPtr p;
    p.text_ = std::make_shared<const Text>(Text{std::move(owner), canonical, nullptr});
    return p;
  }

  const JValue& operator*() const { return *get(); }
  const JValue* operator->() const { return get(); }
  const JValue* get() const;  // parses a text value on first use
  explicit operator bool() const { return tree_ || text_; }

  bool is_text() const { return text_ != nullptr; }
  std::string_view text() const { return text_->view; }
  // The string holding the text, if the text is all of it (shareable with the value store).
  std::shared_ptr<const std::string> whole_text() const {
    return text_ && text_->view.size() == text_->owner->size() ? text_->owner : nullptr;
  }
  const std::shared_ptr<const std::string>& text_owner() const { return text_->owner; }

 private:
  struct Text {
    std::shared_ptr<const std::string> owner;
    std::string_view view;
    mutable std::shared_ptr<const JValue> tree;
  };
  std::shared_ptr<const JValue> tree_;
  std::shared_ptr<const Text> text_;
};

inline JPtr make_json(JValue v) { return JPtr(std::make_shared<const JValue>(std::move(v))); }

// Canonical JSON text of a value (air.md §5.1): the text itself for text values.
std::string canonical_text(const JPtr& v);
void append_canonical_text(std::string& out, const JPtr& v);
// A string with the canonical text, shared with the value where it is a text value.
std::shared_ptr<const std::string> shared_canonical_text(const JPtr& v);
// Values whose canonical text reaches this size are kept as text (default 64 KiB; the
// environment variable FLUENCE_AIR_TEXT_VALUES_FROM overrides it, 0 makes every service result
// and stored value a text value, which the tests use to run the conformance suite that way).
std::size_t text_value_threshold();
// The value of canonical text `canonical` (a tree below the threshold, else text).
JPtr value_from_canonical(std::shared_ptr<const std::string> canonical);

// Reading values of either form without building a tree for text values.
json_text::Kind value_kind(const JPtr& v);
bool value_is_integer(const JPtr& v);
JPtr field_of(const JPtr& v, std::string_view name);  // null if absent or not an object
std::size_t array_length(const JPtr& v);             // v must be an array
std::vector<JPtr> array_items(const JPtr& v);         // v must be an array
// Building values: text values when any part is one, else trees.
JPtr array_value(const std::vector<JPtr>& items);
JPtr object_value(const std::vector<std::pair<std::string, JPtr>>& members);

// serde_json keeps non-negative integers as u64; so do we, so that equality matches.
inline JValue json_int(std::int64_t i) {
  if (i >= 0) return JValue(static_cast<std::uint64_t>(i));
  return JValue(i);
}

inline TetrapletPtr make_tetraplet(std::string peer, std::string service = {},
                                   std::string function = {}, std::string lens = {}) {
  return std::make_shared<const SecurityTetraplet>(
      SecurityTetraplet{std::move(peer), std::move(service), std::move(function), std::move(lens)});
}

// A value with where it came from.
struct ValueAggregate {
  JPtr value;
  TetrapletPtr tetraplet;
  std::uint32_t trace_pos = 0;
  Provenance provenance;
};

// An immutable canonicalized stream (`#$c`).
struct CanonStreamValue {
  std::vector<ValueAggregate> values;
  TetrapletPtr tetraplet;  // {canon peer, "", "", ""}
  CidText cid;             // canon result CID
};

// A canonicalized stream map (`#%m`): the kv objects in order, indexed by key. A key is
// tagged text: "s" + string or "i" + decimal integer (integer and string keys differ).
struct CanonMapValue {
  std::vector<ValueAggregate> values;
  std::unordered_map<std::string, std::vector<std::size_t>> index;
  TetrapletPtr tetraplet;
  CidText cid;
};

using CanonStreamPtr = std::shared_ptr<const CanonStreamValue>;
using CanonMapPtr = std::shared_ptr<const CanonMapValue>;

// Tagged key of a JSON key value (string or integer); empty if of another type.
inline std::string map_key_tag(const JValue& key) {
  if (key.is_string()) return "s" + std::string(key.get_string());
  if (key.is_int64()) return "i" + std::to_string(key.get_int64());
  if (key.is_uint64()) return "i" + std::to_string(key.get_uint64());
  return {};
}

}  // namespace fluence::air
