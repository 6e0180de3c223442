#include "fluence/air/data/store_cids.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "fluence/core/canonical_json.h"
#include "fluence/core/cid.h"
#include "fluence/core/hash.h"

namespace fluence::air {
namespace {

// Printable ASCII other than '"' and '\\' is written as it is by serde_json's escaping.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c <= 0x7e; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();
bool needs_no_escape(std::string_view text) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // CIDs and peer ids, sixteen bytes at a time: every byte printable ASCII other than '"' and
  // '\\' (signed compares: bytes from 0x80 are negative, hence below the space too).
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const auto plain16 = [&](std::size_t at) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i bad = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, del)),
        _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    return _mm_movemask_epi8(bad) == 0;
  };
  for (; i + 16 <= text.size(); i += 16)
    if (!plain16(i)) return false;
  // The rest as the last sixteen bytes (overlapping what was checked) when there are that many.
  if (i < text.size() && text.size() >= 16) return plain16(text.size() - 16);
#endif
  bool plain = true;
  for (; i < text.size(); ++i) plain &= kPlain[static_cast<unsigned char>(text[i])];
  return plain;
}

// Appends `"name":"text"` with serde_json's escaping; `first` controls the leading comma.
void append_field(std::string& out, std::string_view name, std::string_view text, bool first) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
  // CIDs, peer ids and service names are plain text: copied without the general escaper.
  if (needs_no_escape(text)) {
    out += '"';
    out += text;
    out += '"';
  } else {
    append_json_string(out, text);
  }
}

}  // namespace

JsonCidChars json_cid_chars(std::string_view canonical_json) {
  return json_cid_chars_of_digest(blake3(as_bytes(canonical_json)));
}

namespace {

constexpr char kBase32Alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

// CIDv1 (0x01), codec json (0x80 0x04), multihash blake3 (0x1e) of 32 bytes (0x20), digest;
// padded with 3 zero bytes so that every 5-byte group can be read as one 8-byte word.
struct CidBytes {
  std::uint8_t bytes[40] = {0x01, 0x80, 0x04, 0x1e, 0x20};
  explicit CidBytes(const Digest32& digest) { std::memcpy(bytes + 5, digest.data(), 32); }
  // Group g's 5 bytes as a 40-bit big-endian number.
  std::uint64_t group(std::size_t g) const {
    std::uint64_t word;
    std::memcpy(&word, bytes + 5 * g, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word >> 24;
  }
  // The last 2 bytes as 20 bits (4 characters, zero-filled).
  std::uint32_t tail() const { return (std::uint32_t(bytes[35]) << 8 | bytes[36]) << 4; }
};

void write_tail(const CidBytes& b, char* p) {
  const std::uint32_t tail = b.tail();
  for (int i = 3; i >= 0; --i) p[3 - i] = kBase32Alphabet[(tail >> (5 * i)) & 31];
}

void base32_by_table(const CidBytes& b, char* p) {
  for (std::size_t g = 0; g < 7; ++g, p += 8) {
    const std::uint64_t v = b.group(g);
    for (int k = 0; k < 8; ++k) p[k] = kBase32Alphabet[(v >> (35 - 5 * k)) & 31];
  }
  write_tail(b, p);
}

#if defined(__x86_64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
// Eight characters at once: pdep spreads a group's 5-bit digits over the bytes of a word, and
// the alphabet is arithmetic (digits 0-25 are 'a'..'z', 26-31 are '2'..'7').
__attribute__((target("bmi2"))) void base32_by_pdep(const CidBytes& b, char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  for (std::size_t g = 0; g < 7; ++g, p += 8) {
    // Digit 7 (the lowest bits) lands in byte 0; the byte swap puts digit 0 first.
    const std::uint64_t digits = __builtin_bswap64(_pdep_u64(b.group(g), 0x1f * kOnes));
    // Bytes holding 26-31 get their top bit from adding 0x66 (no carries: digits are < 32).
    const std::uint64_t high = ((digits + 0x66 * kOnes) >> 7) & kOnes;
    const std::uint64_t chars = digits + 'a' * kOnes - high * ('a' + 26 - '2');
    std::memcpy(p, &chars, 8);
  }
  write_tail(b, p);
}

bool has_bmi2() {
  static const bool yes = __builtin_cpu_supports("bmi2");
  return yes;
}
#endif

}  // namespace

JsonCidChars json_cid_chars_of_digest(const Digest32& digest) {
  const CidBytes bytes(digest);
  JsonCidChars out;
  out[0] = 'b';
#if defined(__x86_64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (has_bmi2()) {
    base32_by_pdep(bytes, out.data() + 1);
    return out;
  }
#endif
  base32_by_table(bytes, out.data() + 1);
  return out;
}

std::vector<JsonCidChars> json_cid_chars_many(std::span<const ByteView> texts) {
  std::vector<Digest32> digests(texts.size());
  blake3_many(texts, digests);
  std::vector<JsonCidChars> out;
  out.reserve(texts.size());
  for (const Digest32& d : digests) out.push_back(json_cid_chars_of_digest(d));
  return out;
}

JsonCidChars json_cid_chars_of_digest_portable(const Digest32& digest) {
  JsonCidChars out;
  out[0] = 'b';
  base32_by_table(CidBytes(digest), out.data() + 1);
  return out;
}

CidText value_cid(std::string_view canonical_json) {
  const JsonCidChars c = json_cid_chars(canonical_json);
  return CidText(std::string(c.data(), c.size()));
}

std::string tetraplet_json(const SecurityTetraplet& t) {
  std::string out;
  out.reserve(96 + t.peer_pk.size() + t.service_id.size() + t.function_name.size() +
              t.lens.size());
  out += '{';
  append_field(out, "peer_pk", t.peer_pk, true);
  append_field(out, "service_id", t.service_id, false);
  append_field(out, "function_name", t.function_name, false);
  append_field(out, "lens", t.lens, false);
  out += '}';
  return out;
}

void append_service_result_json(std::string& out, const ServiceResultAggregate& a) {
  // One per call result, and one per stored result to verify: the plain case (CIDs are base32)
  // is written by copies into space grown once.
  const std::string_view v = a.value_cid.view(), h = a.argument_hash.view(), t = a.tetraplet_cid.view();
  if (needs_no_escape(v) && needs_no_escape(h) && needs_no_escape(t)) {
    constexpr std::string_view k1 = "{\"value_cid\":\"", k2 = "\",\"argument_hash\":\"",
                               k3 = "\",\"tetraplet_cid\":\"", k4 = "\"}";
    const std::size_t from = out.size();
    out.resize(from + k1.size() + v.size() + k2.size() + h.size() + k3.size() + t.size() + k4.size());
    char* p = out.data() + from;
    for (std::string_view piece : {k1, v, k2, h, k3, t, k4}) {
      std::memcpy(p, piece.data(), piece.size());
      p += piece.size();
    }
    return;
  }
  out += '{';
  append_field(out, "value_cid", a.value_cid.view(), true);
  append_field(out, "argument_hash", a.argument_hash.view(), false);
  append_field(out, "tetraplet_cid", a.tetraplet_cid.view(), false);
  out += '}';
}

std::string service_result_json(const ServiceResultAggregate& a) {
  std::string out;
  out.reserve(240);
  append_service_result_json(out, a);
  return out;
}

std::string canon_element_json(const CanonElementAggregate& a) {
  std::string out;
  out.reserve(240);
  out += '{';
  append_field(out, "value", a.value.view(), true);
  append_field(out, "tetraplet", a.tetraplet.view(), false);
  out += ",\"provenance\":{";
  switch (a.provenance.kind) {
    case ProvenanceKind::kLiteral:
      append_field(out, "type", "literal", true);
      break;
    case ProvenanceKind::kServiceResult:
      append_field(out, "type", "service_result", true);
      append_field(out, "cid", a.provenance.cid.view(), false);
      break;
    case ProvenanceKind::kCanon:
      append_field(out, "type", "canon", true);
      append_field(out, "cid", a.provenance.cid.view(), false);
      break;
  }
  out += "}}";
  return out;
}

std::string canon_result_json(const CanonResultAggregate& a) {
  std::string out;
  out.reserve(96 + 64 * a.values.size());
  out += '{';
  append_field(out, "tetraplet", a.tetraplet.view(), true);
  out += ",\"values\":[";
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, a.values[i].view());
  }
  out += "]}";
  return out;
}

CidText tetraplet_cid(const SecurityTetraplet& t) { return value_cid(tetraplet_json(t)); }
CidText service_result_cid(const ServiceResultAggregate& a) {
  return value_cid(service_result_json(a));
}
CidText canon_element_cid(const CanonElementAggregate& a) {
  return value_cid(canon_element_json(a));
}
CidText canon_result_cid(const CanonResultAggregate& a) {
  return value_cid(canon_result_json(a));
}

}  // namespace fluence::air
