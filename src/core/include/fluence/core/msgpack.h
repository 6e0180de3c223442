// MessagePack encoder and a bounds-checked decoder to a DOM. Our own code: Debian's
// msgpack-cxx package drags in Boost 1.74, which conflicts with the Boost 1.81 we use.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <type_traits>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::msgpack {

struct Value;
using Array = std::vector<Value>;
using Map = std::vector<std::pair<Value, Value>>;  // keeps the wire order
struct Nil {
  bool operator==(const Nil&) const = default;
};
struct Binary {
  Bytes data;
  bool operator==(const Binary&) const = default;
};
struct Extension {
  std::int8_t type = 0;
  Bytes data;
  bool operator==(const Extension&) const = default;
};

struct Value {
  using Variant = std::variant<Nil, bool, std::int64_t, std::uint64_t, double, std::string,
                               Binary, Array, Map, Extension>;
  Variant v;

  // Declared constructors (rather than an aggregate) keep std::pair<Value, Value> instantiable
  // while Value's variant is still being completed (clang 14 with libstdc++ 12 rejects the
  // aggregate form). Value{x} constructs from any alternative, as before.
  Value() : v(Nil{}) {}
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, Value>)
  Value(T&& x) : v(std::forward<T>(x)) {}

  bool operator==(const Value&) const = default;

  bool is_nil() const { return std::holds_alternative<Nil>(v); }
  // Looks up a string key in a map value; nullptr if not a map or absent.
  const Value* find(std::string_view key) const;
};

// Appenders producing the smallest encoding, as rmp-serde and msgpack-lite do.
class Writer {
 public:
  void nil();
  void boolean(bool b);
  void integer(std::int64_t i);
  void unsigned_integer(std::uint64_t u);
  void float64(double d);
  void string(std::string_view s);
  void binary(ByteView b);
  void array_header(std::uint32_t n);
  void map_header(std::uint32_t n);
  void extension(std::int8_t type, ByteView data);
  void value(const Value& v);
  Bytes& bytes() { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

// Decodes exactly one value spanning the whole buffer. Integers come out as uint64 when
// non-negative and int64 when negative, whichever wire encoding carried them. Throws Error(kInvalidInput) with the
// byte offset on truncation, trailing bytes, reserved byte 0xc1, invalid UTF-8 in str, or
// nesting deeper than max_depth.
Value decode(ByteView data, std::size_t max_depth = 512);

}  // namespace fluence::msgpack
