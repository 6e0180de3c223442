// Runtime values of the interpreter (air.md §5): immutable JSON shared by pointer, each with
// its tetraplet, provenance and the trace position that produced it; canon streams and canon
// maps built from them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "fluence/air/data/cid_info.h"
#include "fluence/air/data/security_tetraplet.h"

namespace fluence::air {

using JValue = boost::json::value;
using JPtr = std::shared_ptr<const JValue>;
using TetrapletPtr = std::shared_ptr<const SecurityTetraplet>;

inline JPtr make_json(JValue v) { return std::make_shared<const JValue>(std::move(v)); }

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
