// Fuzzes msgpack::decode; a decoded value encodes and decodes to an equal value. (The bytes
// may differ: the writer always picks the smallest encoding and writes float32 as float64.)
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/core/msgpack.h"
#include "fuzz_check.h"

namespace {

bool has_nan(const fluence::msgpack::Value& v) {
  using namespace fluence::msgpack;
  if (const auto* d = std::get_if<double>(&v.v)) return std::isnan(*d);
  if (const auto* a = std::get_if<Array>(&v.v)) {
    for (const auto& x : *a) {
      if (has_nan(x)) return true;
    }
  }
  if (const auto* m = std::get_if<Map>(&v.v)) {
    for (const auto& [k, x] : *m) {
      if (has_nan(k) || has_nan(x)) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto value = fluence::msgpack::decode({data, size}, 64);
    fluence::msgpack::Writer w;
    w.value(value);
    auto again = fluence::msgpack::decode(w.bytes(), 64);
    if (!has_nan(value)) FUZZ_CHECK(again == value);
  } catch (const fluence::Error&) {
  }
  return 0;
}
