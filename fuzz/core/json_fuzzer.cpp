// Fuzzes parse_json. Without floats, canonical text parses back to itself. With floats that
// need not hold, not even parsing: serde's fast float reading, which we reproduce, does not
// always give back the double whose shortest text it reads (near DBL_MAX it can overflow).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/value.hpp>

#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"
#include "fuzz_check.h"

namespace {

bool has_float(const boost::json::value& v) {
  if (v.is_double()) return true;
  if (const auto* a = v.if_array()) {
    for (const auto& x : *a) {
      if (has_float(x)) return true;
    }
  }
  if (const auto* o = v.if_object()) {
    for (const auto& kv : *o) {
      if (has_float(kv.value())) return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::value value;
  try {
    value = fluence::parse_json(text);
  } catch (const fluence::Error&) {
    return 0;
  }
  std::string canonical = fluence::canonical_json(value);
  if (has_float(value)) return 0;
  boost::json::value again;
  try {
    again = fluence::parse_json(canonical);
  } catch (const fluence::Error& e) {
    std::fprintf(stderr, "canonical text does not parse: %s\n", e.what());
    std::abort();
  }
  FUZZ_CHECK(fluence::canonical_json(again) == canonical);
  return 0;
}
