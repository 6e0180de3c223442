// The base-N text encodings of multiformats: base58btc, base32 (RFC 4648) and base64.
// Decoders throw Error(kInvalidInput) naming the offending character position.
#pragma once

#include <string>
#include <string_view>

#include "fluence/core/bytes.h"

namespace fluence {

std::string base58btc_encode(ByteView data);
Bytes base58btc_decode(std::string_view text);

// RFC 4648 base32; `upper` chooses the alphabet case; decoding accepts the case given.
std::string base32_encode(ByteView data, bool upper = false, bool pad = false);
Bytes base32_decode(std::string_view text, bool upper = false);

// RFC 4648 base64: standard (+/) or url-safe (-_) alphabet, with or without '=' padding.
// Decoding accepts missing padding and rejects non-zero trailing bits.
std::string base64_encode(ByteView data, bool url = false, bool pad = true);
Bytes base64_decode(std::string_view text, bool url = false);

}  // namespace fluence
