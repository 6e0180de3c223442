#include "fluence/core/base_encoding.h"

#include <array>

#include "fluence/core/error.h"

namespace fluence {

namespace {

constexpr std::string_view kBase58Alphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view kBase32Lower = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kBase32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64Std =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Reverse lookup table: character -> digit value, or -1.
std::array<std::int8_t, 256> reverse_table(std::string_view alphabet) {
  std::array<std::int8_t, 256> table;
  table.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<std::uint8_t>(alphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

[[noreturn]] void bad_char(std::string_view codec, std::string_view text, std::size_t pos) {
  std::string shown;
  auto c = static_cast<std::uint8_t>(text[pos]);
  if (c >= 0x20 && c < 0x7f) {
    shown = std::string("'") + static_cast<char>(c) + "'";
  } else {
    static constexpr char kDigits[] = "0123456789abcdef";
    shown = std::string("byte 0x") + kDigits[c >> 4] + kDigits[c & 15];
  }
  throw_invalid(std::string(codec) + ": invalid character " + shown + " at position " +
                std::to_string(pos));
}

}  // namespace

// Base58 treats the bytes as one big number. Working in limbs of 58^5 (encode) or 2^32 (decode)
// and feeding several bytes or digits per pass keeps the quadratic loop short: peer ids are
// converted all the time.
constexpr std::uint32_t kBase58Pow5 = 58u * 58u * 58u * 58u * 58u;  // 656356768 < 2^30

std::string base58btc_encode(ByteView data) {
  std::size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  std::vector<std::uint32_t> limbs;  // base 58^5, least significant first
  limbs.reserve((data.size() - zeros) * 138 / 500 + 2);
  for (std::size_t i = zeros; i < data.size();) {
    // Up to 4 bytes per pass: limb * 2^32 + carry stays below 2^62.
    std::size_t take = std::min<std::size_t>(4, data.size() - i);
    std::uint64_t carry = 0;
    for (std::size_t k = 0; k < take; ++k) carry = (carry << 8) | data[i + k];
    std::uint64_t shift = std::uint64_t{1} << (8 * take);
    i += take;
    for (auto& limb : limbs) {
      std::uint64_t x = limb * shift + carry;
      limb = static_cast<std::uint32_t>(x % kBase58Pow5);
      carry = x / kBase58Pow5;
    }
    while (carry != 0) {
      limbs.push_back(static_cast<std::uint32_t>(carry % kBase58Pow5));
      carry /= kBase58Pow5;
    }
  }
  std::string digits;  // least significant first
  digits.reserve(limbs.size() * 5);
  for (std::uint32_t limb : limbs) {
    for (int k = 0; k < 5; ++k) {
      digits.push_back(kBase58Alphabet[limb % 58]);
      limb /= 58;
    }
  }
  while (!digits.empty() && digits.back() == '1') digits.pop_back();  // leading zero digits
  std::string out(zeros, '1');
  out.append(digits.rbegin(), digits.rend());
  return out;
}

Bytes base58btc_decode(std::string_view text) {
  static const auto kTable = reverse_table(kBase58Alphabet);
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<std::uint32_t> limbs;  // base 2^32, least significant first
  limbs.reserve((text.size() - ones) * 733 / 4000 + 2);
  for (std::size_t i = ones; i < text.size();) {
    // Up to 5 digits per pass: limb * 58^5 + carry stays below 2^62.
    std::size_t take = std::min<std::size_t>(5, text.size() - i);
    std::uint64_t carry = 0;
    std::uint64_t multiplier = 1;
    for (std::size_t k = 0; k < take; ++k) {
      int digit = kTable[static_cast<std::uint8_t>(text[i + k])];
      if (digit < 0) bad_char("base58btc", text, i + k);
      carry = carry * 58 + static_cast<std::uint64_t>(digit);
      multiplier *= 58;
    }
    i += take;
    for (auto& limb : limbs) {
      std::uint64_t x = limb * multiplier + carry;
      limb = static_cast<std::uint32_t>(x);
      carry = x >> 32;
    }
    if (carry != 0) limbs.push_back(static_cast<std::uint32_t>(carry));
  }
  Bytes number;  // big-endian, without leading zero bytes
  number.reserve(limbs.size() * 4);
  for (auto it = limbs.rbegin(); it != limbs.rend(); ++it) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      auto byte = static_cast<std::uint8_t>(*it >> shift);
      if (number.empty() && byte == 0) continue;
      number.push_back(byte);
    }
  }
  Bytes out(ones, 0);
  out.insert(out.end(), number.begin(), number.end());
  return out;
}

std::string base32_encode(ByteView data, bool upper, bool pad) {
  std::string_view alphabet = upper ? kBase32Upper : kBase32Lower;
  std::string out;
  out.reserve((data.size() + 4) / 5 * 8);
  std::uint64_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(alphabet[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (5 - bits)) & 31]);
  if (pad) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

Bytes base32_decode(std::string_view text, bool upper) {
  static const auto kLower = reverse_table(kBase32Lower);
  static const auto kUpper = reverse_table(kBase32Upper);
  const auto& table = upper ? kUpper : kLower;
  // Optional '=' padding: only at the end, and only to complete an 8-character group.
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '=') --end;
  if (end != text.size() && text.size() != (end + 7) / 8 * 8) {
    throw_invalid("base32: padding does not complete a group of 8 characters");
  }
  std::size_t tail = end % 8;
  if (tail == 1 || tail == 3 || tail == 6) {
    throw_invalid("base32: invalid length " + std::to_string(end));
  }
  Bytes out;
  out.reserve(end * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    int digit = table[static_cast<std::uint8_t>(text[i])];
    if (digit < 0) bad_char("base32", text, i);
    buffer = (buffer << 5) | static_cast<std::uint32_t>(digit);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  // Leftover bits must be zero, so every byte string has exactly one encoding.
  if (buffer != 0) throw_invalid("base32: non-zero trailing bits");
  return out;
}

std::string base64_encode(ByteView data, bool url, bool pad) {
  std::string_view alphabet = url ? kBase64Url : kBase64Std;
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 | data[i + 2];
    out.push_back(alphabet[v >> 18]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  std::size_t rest = data.size() - i;
  if (rest == 1) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    out.push_back(alphabet[v >> 18]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    std::uint32_t v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8;
    out.push_back(alphabet[v >> 18]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

Bytes base64_decode(std::string_view text, bool url) {
  static const auto kStd = reverse_table(kBase64Std);
  static const auto kUrl = reverse_table(kBase64Url);
  const auto& table = url ? kUrl : kStd;
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '=') --end;
  std::size_t padding = text.size() - end;
  if (padding > 0 && (text.size() % 4 != 0 || padding > 2)) {
    throw_invalid("base64: padding does not complete a group of 4 characters");
  }
  if (end % 4 == 1) throw_invalid("base64: invalid length " + std::to_string(end));
  Bytes out;
  out.reserve(end * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    int digit = table[static_cast<std::uint8_t>(text[i])];
    if (digit < 0) bad_char("base64", text, i);
    buffer = (buffer << 6) | static_cast<std::uint32_t>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  if (buffer != 0) throw_invalid("base64: non-zero trailing bits");
  return out;
}

}  // namespace fluence
