// Fuzzes multibase_decode; decoded data re-encodes with the same base to the same text (up to
// letter case for base16 and base32, which decode case-insensitively).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fluence/core/error.h"
#include "fluence/core/multibase.h"
#include "fuzz_check.h"

static std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto decoded = fluence::multibase_decode(text);
    std::string again = fluence::multibase_encode(decoded.base, decoded.data);
    bool case_insensitive = decoded.base == fluence::Multibase::kBase16 ||
                            decoded.base == fluence::Multibase::kBase16Upper ||
                            decoded.base == fluence::Multibase::kBase32 ||
                            decoded.base == fluence::Multibase::kBase32Upper;
    FUZZ_CHECK(case_insensitive ? lowered(again) == lowered(text) : again == text);
  } catch (const fluence::Error&) {
  }
  return 0;
}
