// Canonical JSON text exactly as AquaVM hashes values (air.md §5.1): serde_json's compact
// output with object keys sorted by UTF-8 bytes and serde's float formatting.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace fluence {

std::string canonical_json(const boost::json::value& value);
void append_canonical_json(std::string& out, const boost::json::value& value);
// serde_json's rendering of one f64 (shortest round trip; "1.0", "1e16", "-0.0", ...).
void append_json_double(std::string& out, double value);
// serde_json's escaping of a string, with the surrounding quotes.
void append_json_string(std::string& out, std::string_view text);

// Parses JSON text the way serde_json does for AquaVM: non-negative integers become uint64,
// negative ones int64, anything with '.', an exponent or "-0" a double, overflow a double;
// duplicate keys keep the last value; nesting deeper than 127 is an error. Floats get serde's
// exact (not always correctly rounded) value, as AquaVM builds serde_json without
// float_roundtrip. Throws Error(kInvalidInput) with line:col on bad text. One known
// difference: an exponent beyond 32 bits ("1e-99999999999") is an error here, 0.0 in serde.
boost::json::value parse_json(std::string_view text);

}  // namespace fluence
