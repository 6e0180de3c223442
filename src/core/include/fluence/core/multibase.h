// Multibase: a one-character prefix that names the base of the text that follows.
#pragma once

#include <string>
#include <string_view>

#include "fluence/core/bytes.h"

namespace fluence {

enum class Multibase : char {
  kBase16 = 'f',
  kBase16Upper = 'F',
  kBase32 = 'b',
  kBase32Upper = 'B',
  kBase58Btc = 'z',
  kBase64 = 'm',
  kBase64Pad = 'M',
  kBase64Url = 'u',
  kBase64UrlPad = 'U',
};

std::string multibase_encode(Multibase base, ByteView data);

struct MultibaseDecoded {
  Multibase base;
  Bytes data;
};
// Throws Error(kInvalidInput) for an empty text, an unknown prefix or bad characters.
MultibaseDecoded multibase_decode(std::string_view text);

}  // namespace fluence
