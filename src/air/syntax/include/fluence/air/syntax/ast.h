// The AST of an AIR script (AquaVM 0.62 grammar, spec air.md §4): plain, trivially destructible
// structs allocated in the arena of the Script that owns them. Every string_view points into the
// Script's copy of the source text (AIR string literals have no escapes, so no string is ever
// rewritten) or into its arena (canonical lens text); every pointer is owned by the Script.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace fluence::air {

// Byte offset into the script text. Scripts are limited to 4 GiB - 1 by the parser.
using Pos = uint32_t;

// The text an instruction covers: `left` is the offset of its "(", `right` the offset just past
// its ")". Stream scoping (§5.4) and the validator (§4.4) compare these.
struct Span {
  Pos left = 0;
  Pos right = 0;
  bool contains(Pos p) const { return left < p && p < right; }
  bool contains(Span s) const { return left < s.left && s.right < right; }
};

// ---------------------------------------------------------------------------------------------
// Lenses (§4.2)

enum class LensAccessorKind : uint8_t {
  kArrayIndex,  // [N]       -> index
  kFieldName,   // .field    -> name
  kScalarKey,   // [name]    -> name (a scalar variable holding a key or an index)
};

struct LensAccessor {
  LensAccessorKind kind = LensAccessorKind::kArrayIndex;
  uint32_t index = 0;     // kArrayIndex
  std::string_view name;  // kFieldName: the field; kScalarKey: the scalar's name
  uint32_t name_id = 0;   // kScalarKey: the id of `name` (see Variable::id)
};

struct Lens {
  // `.length` functor. When true, `accessors` is empty.
  bool is_length = false;
  // The value path after `.$` (never empty when !is_length).
  std::span<const LensAccessor> accessors;
  // Canonical text (§4.2): ".length" or ".$." + accessors joined by "." ("[0]", "[name]", "f").
  // Used verbatim in tetraplets and in the canonical instruction text.
  std::string_view text;
};

// ---------------------------------------------------------------------------------------------
// Variables

enum class VarKind : uint8_t {
  kScalar,          // x
  kStream,          // $s
  kStreamMap,       // %m
  kCanonStream,     // #$c  (also the quirky `#c`, §4.1)
  kCanonStreamMap,  // #%m  (also any word whose second character is '%', §4.1 quirk)
};

// A variable occurrence. `name` includes the sigil ("$s", "#$c", "x"); `position` is the byte
// offset of the word's first character (the reference's `position`); `lens` is nullptr when the
// occurrence has none. `id` numbers the distinct names of the script densely from 0 (equal
// names, equal ids; Script::names()[id] == name), so that per-name state can live in arrays
// indexed by id instead of maps keyed by text.
struct Variable {
  VarKind kind = VarKind::kScalar;
  Pos position = 0;
  std::string_view name;
  const Lens* lens = nullptr;
  uint32_t id = 0;
};

// ---------------------------------------------------------------------------------------------
// Values: every operand form of §4.3 (value, peer/service/function, ap_arg, map_key, fold
// iterable, fail body). Which kinds may appear where is enforced by the parser; the interpreter
// can rely on it.

enum class ValueKind : uint8_t {
  kInitPeerId,  // %init_peer_id%
  kLastError,   // %last_error% [lens]   (lens in `lens`)
  kError,       // :error: [lens]        (lens in `lens`)
  kTimestamp,   // %timestamp%
  kTtl,         // %ttl%
  kLiteral,     // "raw text"            (text in `text`, without the quotes)
  kInt,         // i64                   (`integer`)
  kFloat,       // f64                   (`floating`)
  kBool,        // true / false          (`boolean`)
  kEmptyArray,  // []
  kVariable,    // scalar / canon stream / canon map, with or without lens; streams and stream
                // maps only where the grammar allows them (fold iterables, canon, new)
};

struct Value {
  ValueKind kind = ValueKind::kLiteral;
  bool boolean = false;
  Pos position = 0;             // offset of the token's first byte
  union {
    int64_t integer = 0;        // kInt
    double floating;            // kFloat
  };
  std::string_view text;        // kLiteral; also the raw source word of kInt / kFloat
  const Lens* lens = nullptr;   // kLastError / kError only (variables carry theirs)
  Variable var;                 // kVariable only

  bool is_variable() const { return kind == ValueKind::kVariable; }
};

// ---------------------------------------------------------------------------------------------
// Instructions

struct Instruction;
using InstrPtr = const Instruction*;

// The (peer (service function)) triplet of a call; each part is kInitPeerId (peer only),
// kLiteral or a kVariable (scalar [lens], canon stream + lens, canon map + lens).
struct Triplet {
  Value peer_id;
  Value service_id;
  Value function_name;
};

// (call peer (service function) [args...] output?)
struct Call {
  Triplet triplet;
  std::span<const Value> args;
  bool has_output = false;
  Variable output;  // kScalar or kStream, when has_output
};

// (canon peer $stream #$canon)
struct Canon {
  Value peer_id;
  Variable stream;        // kStream
  Variable canon_stream;  // kCanonStream
};

// (canon peer %map #%canon_map)
struct CanonMap {
  Value peer_id;
  Variable stream_map;        // kStreamMap
  Variable canon_stream_map;  // kCanonStreamMap
};

// (canon peer %map scalar): the map canonicalized into one JSON object held by a scalar.
struct CanonMapToScalar {
  Value peer_id;
  Variable stream_map;  // kStreamMap
  Variable scalar;      // kScalar
};

// (ap argument result)
struct Ap {
  Value argument;
  Variable result;  // kScalar or kStream
};

// (ap (key value) %map)
struct ApMap {
  Value key;    // kLiteral, kInt, or kVariable (scalar [lens], canon stream + lens)
  Value value;  // same forms as Ap::argument
  Variable map; // kStreamMap
};

struct Seq { InstrPtr left = nullptr; InstrPtr right = nullptr; };
struct Par { InstrPtr left = nullptr; InstrPtr right = nullptr; };
struct Xor { InstrPtr left = nullptr; InstrPtr right = nullptr; };

// (match left right body) / (mismatch left right body)
struct Match { Value left; Value right; InstrPtr body = nullptr; };
struct Mismatch { Value left; Value right; InstrPtr body = nullptr; };

enum class FailKind : uint8_t {
  kValue,      // (fail x) / (fail x.$.lens) / (fail #$c.$.lens): `value` is a kVariable
  kLiteral,    // (fail 1337 "message"): `code`, `message`
  kLastError,  // (fail %last_error%)
  kError,      // (fail :error:)
};

struct Fail {
  FailKind kind = FailKind::kValue;
  int64_t code = 0;
  std::string_view message;  // raw literal text, kLiteral only
  Pos message_position = 0;
  Value value;               // kValue only
};

// (fold iterable iterator body last?) over a scalar-like iterable: `iterable` is a kVariable
// (scalar [lens], canon stream, canon map [lens]) or kEmptyArray.
struct FoldScalar {
  Value iterable;
  Variable iterator;  // kScalar
  InstrPtr body = nullptr;
  InstrPtr last = nullptr;  // optional last instruction (nullptr if absent)
};

// (fold $stream iterator body last?)
struct FoldStream {
  Variable iterable;  // kStream
  Variable iterator;  // kScalar
  InstrPtr body = nullptr;
  InstrPtr last = nullptr;
};

// (fold %map iterator body last?)
struct FoldStreamMap {
  Variable iterable;  // kStreamMap
  Variable iterator;  // kScalar
  InstrPtr body = nullptr;
  InstrPtr last = nullptr;
};

// (next iterator)
struct Next {
  Variable iterator;  // kScalar
};

// (new name body): name is a scalar, stream, stream map, canon stream or canon stream map.
struct New {
  Variable argument;
  InstrPtr body = nullptr;
};

struct Null {};
struct Never {};

enum class InstrKind : uint8_t {
  kCall, kCanon, kCanonMap, kCanonMapToScalar, kAp, kApMap, kSeq, kPar, kXor, kMatch,
  kMismatch, kFail, kFoldScalar, kFoldStream, kFoldStreamMap, kNext, kNew, kNull, kNever,
};

// The InstrKind of each node type.
template <typename T>
constexpr InstrKind instr_kind_of() {
  if constexpr (std::is_same_v<T, Call>) return InstrKind::kCall;
  else if constexpr (std::is_same_v<T, Canon>) return InstrKind::kCanon;
  else if constexpr (std::is_same_v<T, CanonMap>) return InstrKind::kCanonMap;
  else if constexpr (std::is_same_v<T, CanonMapToScalar>) return InstrKind::kCanonMapToScalar;
  else if constexpr (std::is_same_v<T, Ap>) return InstrKind::kAp;
  else if constexpr (std::is_same_v<T, ApMap>) return InstrKind::kApMap;
  else if constexpr (std::is_same_v<T, Seq>) return InstrKind::kSeq;
  else if constexpr (std::is_same_v<T, Par>) return InstrKind::kPar;
  else if constexpr (std::is_same_v<T, Xor>) return InstrKind::kXor;
  else if constexpr (std::is_same_v<T, Match>) return InstrKind::kMatch;
  else if constexpr (std::is_same_v<T, Mismatch>) return InstrKind::kMismatch;
  else if constexpr (std::is_same_v<T, Fail>) return InstrKind::kFail;
  else if constexpr (std::is_same_v<T, FoldScalar>) return InstrKind::kFoldScalar;
  else if constexpr (std::is_same_v<T, FoldStream>) return InstrKind::kFoldStream;
  else if constexpr (std::is_same_v<T, FoldStreamMap>) return InstrKind::kFoldStreamMap;
  else if constexpr (std::is_same_v<T, Next>) return InstrKind::kNext;
  else if constexpr (std::is_same_v<T, New>) return InstrKind::kNew;
  else if constexpr (std::is_same_v<T, Null>) return InstrKind::kNull;
  else {
    static_assert(std::is_same_v<T, Never>, "not an instruction node type");
    return InstrKind::kNever;
  }
}

// An instruction: its kind, its span, and its node (one of the structs above, sized to fit, so
// that a `(null)` does not take the room of a `call`). Read the node with as<T>() after checking
// kind(), or with get_if<T>().
struct Instruction {
  InstrKind kind_ = InstrKind::kNull;
  Span span;
  void* payload = nullptr;  // the node, in the same arena

  InstrKind kind() const { return kind_; }
  template <typename T> const T& as() const { return *static_cast<const T*>(payload); }
  template <typename T> const T* get_if() const {
    return kind_ == instr_kind_of<T>() ? static_cast<const T*>(payload) : nullptr;
  }
};

// The child instructions of `instr` in text order (0, 1 or 2; a fold's absent last instruction is
// not counted). Returns how many were written to `out`.
inline size_t instruction_children(const Instruction& instr, InstrPtr out[2]) {
  switch (instr.kind()) {
    case InstrKind::kSeq: out[0] = instr.as<Seq>().left, out[1] = instr.as<Seq>().right; return 2;
    case InstrKind::kPar: out[0] = instr.as<Par>().left, out[1] = instr.as<Par>().right; return 2;
    case InstrKind::kXor: out[0] = instr.as<Xor>().left, out[1] = instr.as<Xor>().right; return 2;
    case InstrKind::kMatch: out[0] = instr.as<Match>().body; return 1;
    case InstrKind::kMismatch: out[0] = instr.as<Mismatch>().body; return 1;
    case InstrKind::kNew: out[0] = instr.as<New>().body; return 1;
    case InstrKind::kFoldScalar:
      out[0] = instr.as<FoldScalar>().body, out[1] = instr.as<FoldScalar>().last;
      return out[1] != nullptr ? 2 : 1;
    case InstrKind::kFoldStream:
      out[0] = instr.as<FoldStream>().body, out[1] = instr.as<FoldStream>().last;
      return out[1] != nullptr ? 2 : 1;
    case InstrKind::kFoldStreamMap:
      out[0] = instr.as<FoldStreamMap>().body, out[1] = instr.as<FoldStreamMap>().last;
      return out[1] != nullptr ? 2 : 1;
    default:
      return 0;
  }
}

// Everything lives in an arena that is released at once, so nothing may need a destructor.
static_assert(std::is_trivially_destructible_v<Instruction>);
static_assert(std::is_trivially_destructible_v<Call>);
static_assert(std::is_trivially_destructible_v<Value>);
static_assert(std::is_trivially_destructible_v<Lens>);

}  // namespace fluence::air
