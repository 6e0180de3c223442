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

namespace {

// The reference's multibase crate decodes its base16 and base32 alphabets case-insensitively
// ("bAFK..." names the same bytes as "bafk..."), whatever case the prefix names; so fold the
// body to the prefix's case before decoding.
std::string folded_to_case(std::string_view body, bool upper) {
  std::string out(body);
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

MultibaseDecoded multibase_decode(std::string_view text) {
  if (text.empty()) throw_invalid("multibase: empty text");
  std::string_view body = text.substr(1);
  auto base = static_cast<Multibase>(text[0]);
  switch (base) {
    case Multibase::kBase16:
    case Multibase::kBase16Upper:
      return {base, hex_decode(folded_to_case(body, base == Multibase::kBase16Upper))};
    case Multibase::kBase32:
    case Multibase::kBase32Upper: {
      // 'b' and 'B' are the unpadded alphabets (padded base32 has prefixes 'c' and 'C').
      if (body.find('=') != std::string_view::npos) {
        throw_invalid(std::string("multibase '") + text[0] + "': unexpected padding");
      }
      return {base, base32_decode(folded_to_case(body, base == Multibase::kBase32Upper),
                                  base == Multibase::kBase32Upper)};
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
