#include "fluence/core/multibase.h"

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"

namespace fluence {

std::string multibase_encode(Multibase base, ByteView data) {
  std::string out(1, static_cast<char>(base));
  switch (base) {
    case Multibase::kBase16: out += hex_encode(data); break;
    case Multibase::kBase16Upper:
      for (char c : hex_encode(data)) out.push_back(c >= 'a' ? static_cast<char>(c - 32) : c);
      break;
    case Multibase::kBase32: out += base32_encode(data, false, false); break;
    case Multibase::kBase32Upper: out += base32_encode(data, true, false); break;
    case Multibase::kBase58Btc: out += base58btc_encode(data); break;
    case Multibase::kBase64: out += base64_encode(data, false, false); break;
    case Multibase::kBase64Pad: out += base64_encode(data, false, true); break;
    case Multibase::kBase64Url: out += base64_encode(data, true, false); break;
    case Multibase::kBase64UrlPad: out += base64_encode(data, true, true); break;
    default: throw Error(ErrorKind::kInternal, "multibase: unknown base");
  }
  return out;
}

MultibaseDecoded multibase_decode(std::string_view text) {
  if (text.empty()) throw_invalid("multibase: empty text");
  std::string_view body = text.substr(1);
  auto base = static_cast<Multibase>(text[0]);
  switch (base) {
    case Multibase::kBase16:
    case Multibase::kBase16Upper: {
      for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        bool upper_letter = c >= 'A' && c <= 'F';
        bool lower_letter = c >= 'a' && c <= 'f';
        if ((base == Multibase::kBase16 && upper_letter) ||
            (base == Multibase::kBase16Upper && lower_letter)) {
          throw_invalid("multibase base16: wrong letter case at position " +
                        std::to_string(i + 1));
        }
      }
      return {base, hex_decode(body)};
    }
    case Multibase::kBase32:
    case Multibase::kBase32Upper: {
      // 'b' and 'B' are the unpadded alphabets (padded base32 has prefixes 'c' and 'C').
      if (body.find('=') != std::string_view::npos) {
        throw_invalid(std::string("multibase '") + text[0] + "': unexpected padding");
      }
      return {base, base32_decode(body, base == Multibase::kBase32Upper)};
    }
    case Multibase::kBase58Btc: return {base, base58btc_decode(body)};
    case Multibase::kBase64:
    case Multibase::kBase64Url: {
      if (body.find('=') != std::string_view::npos) {
        throw_invalid(std::string("multibase '") + text[0] + "': unexpected padding");
      }
      return {base, base64_decode(body, base == Multibase::kBase64Url)};
    }
    case Multibase::kBase64Pad:
    case Multibase::kBase64UrlPad: {
      if (body.size() % 4 != 0) {
        throw_invalid(std::string("multibase '") + text[0] + "': missing padding");
      }
      return {base, base64_decode(body, base == Multibase::kBase64UrlPad)};
    }
  }
  auto c = static_cast<unsigned char>(text[0]);
  throw_invalid("multibase: unknown prefix " +
                (c >= 0x20 && c < 0x7f ? std::string("'") + text[0] + "'"
                                       : "byte " + std::to_string(c)));
}

}  // namespace fluence
