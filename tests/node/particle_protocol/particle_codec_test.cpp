#include "fluence/node/particle_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fluence/core/msgpack.h"
#include "nox_vector.h"

namespace fluence::node {
namespace {

using testing::nox_test_particle;

Bytes hex(const std::string& text) { return hex_decode(text); }

// The body up to the signature, as network.md §10.2 lists it (same for nox and js-client).
std::string head_hex(const Particle& p) {
  return "810488" "a6616374696f6e" "a85061727469636c65" "a26964" "d924" +
         hex_encode(as_bytes(p.id)) + "ac696e69745f706565725f6964" "d934" +
         hex_encode(as_bytes(p.init_peer_id)) + "a974696d657374616d70" "cf0000018b192e48fe" +
         "a374746c" "cd1b58" "a6736372697074" "a3616263";
}

// js-client 0.9.0 writes signature and data as arrays of numbers (cc-prefixed from 0x80).
std::string js_array_hex(const Bytes& bytes) {
  std::string out;
  for (std::uint8_t b : bytes) out += (b >= 0x80 ? "cc" : "") + hex_encode(Bytes{b});
  return out;
}

Bytes js_client_body(const Particle& p) {
  return hex(head_hex(p) + "a97369676e6174757265" "dc0040" + js_array_hex(p.signature) + "a464617461" "93" +
             js_array_hex(p.data));
}

Bytes body_with_map(const std::vector<std::pair<std::string, msgpack::Value>>& entries) {
  msgpack::Writer w;
  w.bytes() = {0x81, 0x04};
  w.map_header(static_cast<std::uint32_t>(entries.size()));
  for (const auto& [key, value] : entries) {
    w.string(key);
    w.value(value);
  }
  return w.take();
}

std::vector<std::pair<std::string, msgpack::Value>> entries_of(const Particle& p) {
  return {{"action", std::string("Particle")},
          {"id", p.id},
          {"init_peer_id", p.init_peer_id},
          {"timestamp", std::uint64_t{p.timestamp}},
          {"ttl", std::uint64_t{p.ttl}},
          {"script", p.script},
          {"signature", msgpack::Binary{p.signature}},
          {"data", msgpack::Binary{p.data}}};
}

std::string error_of(ByteView body) {
  try {
    decode_particle_body(body);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ParticleCodec, NodeSendsActionFirstAndBytesAsBin) {
  Particle p = nox_test_particle();
  EXPECT_EQ(hex_encode(encode_particle_body(p)),
            head_hex(p) + "a97369676e6174757265" "c440" + hex_encode(p.signature) + "a464617461" "c403010203");
}

TEST(ParticleCodec, DecodesWhatTheNodeSends) {
  Particle p = nox_test_particle();
  EXPECT_EQ(decode_particle_body(encode_particle_body(p)), p);
}

TEST(ParticleCodec, DecodesJsClientsArraysOfNumbers) {
  Particle p = nox_test_particle();
  EXPECT_EQ(decode_particle_body(js_client_body(p)), p);
}

TEST(ParticleCodec, KeysMayComeInAnyOrderAndUnknownKeysAreIgnored) {
  Particle p = nox_test_particle();
  auto entries = entries_of(p);
  std::reverse(entries.begin(), entries.end());
  entries.insert(entries.begin() + 3, {"future", msgpack::Array{msgpack::Value{std::string("x")},
                                                               msgpack::Value{msgpack::Map{}}}});
  EXPECT_EQ(decode_particle_body(body_with_map(entries)), p);
}

TEST(ParticleCodec, IntegersOfAnyWidthAndIntegralFloatsAreAccepted) {
  Particle p = nox_test_particle();
  p.ttl = 5;
  auto entries = entries_of(p);
  entries[3].second = static_cast<double>(p.timestamp);  // msgpack-lite's float64 for big numbers
  entries[4].second = std::int64_t{-1} + 6;              // written as a positive fixint
  EXPECT_EQ(decode_particle_body(body_with_map(entries)), p);
  entries[3].second = 1.5;
  EXPECT_NE(error_of(body_with_map(entries)).find("timestamp: not a non-negative integer"), std::string::npos);
}

TEST(ParticleCodec, TheMulticodecPrefixMustBeMessagePack) {
  Bytes body = encode_particle_body(nox_test_particle());
  body[0] = 0x80;  // 80 04 is JSON
  EXPECT_NE(error_of(body).find("multicodec prefix must be 81 04"), std::string::npos);
  EXPECT_NE(error_of(Bytes{}).find("multicodec prefix"), std::string::npos);
}

TEST(ParticleCodec, EveryFieldIsRequired) {
  for (const char* name : {"action", "id", "init_peer_id", "timestamp", "ttl", "script", "signature", "data"}) {
    auto entries = entries_of(nox_test_particle());
    std::erase_if(entries, [&](const auto& e) { return e.first == name; });
    EXPECT_EQ(error_of(body_with_map(entries)), std::string("particle body: missing field `") + name + "`");
  }
}

TEST(ParticleCodec, DuplicateFieldsAreRejected) {
  auto entries = entries_of(nox_test_particle());
  entries.push_back({"script", std::string("other")});
  EXPECT_NE(error_of(body_with_map(entries)).find("duplicate field `script`"), std::string::npos);
}

TEST(ParticleCodec, OnlyTheParticleActionIsAccepted) {
  auto entries = entries_of(nox_test_particle());
  entries[0].second = std::string("Upgrade");
  EXPECT_NE(error_of(body_with_map(entries)).find("expected `Particle`"), std::string::npos);
}

TEST(ParticleCodec, TtlMustFitInThirtyTwoBits) {
  auto entries = entries_of(nox_test_particle());
  entries[4].second = std::uint64_t{1} << 32;
  EXPECT_NE(error_of(body_with_map(entries)).find("does not fit in u32"), std::string::npos);
}

TEST(ParticleCodec, ArrayElementsMustBeBytes) {
  auto entries = entries_of(nox_test_particle());
  entries[7].second = msgpack::Array{msgpack::Value{std::uint64_t{1}}, msgpack::Value{std::uint64_t{256}}};
  EXPECT_NE(error_of(body_with_map(entries)).find("data: array element 256 is not a byte"), std::string::npos);
  entries[7].second = msgpack::Array{msgpack::Value{std::string("a")}};
  EXPECT_NE(error_of(body_with_map(entries)).find("data: expected an unsigned integer"), std::string::npos);
}

TEST(ParticleCodec, WrongTypesNameTheField) {
  auto entries = entries_of(nox_test_particle());
  entries[5].second = std::uint64_t{7};
  EXPECT_NE(error_of(body_with_map(entries)).find("script: expected a string"), std::string::npos);
  entries = entries_of(nox_test_particle());
  entries[6].second = std::string("sig");
  EXPECT_NE(error_of(body_with_map(entries)).find("signature: expected bytes"), std::string::npos);
}

TEST(ParticleCodec, StringsMustBeUtf8) {
  Bytes body = encode_particle_body(nox_test_particle());
  // The script "abc" is the only a3 616263 in the body: make it invalid UTF-8.
  std::string h = hex_encode(body);
  h.replace(h.find("a3616263"), 8, "a361ff63");
  EXPECT_NE(error_of(hex(h)).find("script: invalid UTF-8"), std::string::npos);
}

TEST(ParticleCodec, TruncatedAndTrailingBytesAreRejected) {
  Bytes body = encode_particle_body(nox_test_particle());
  for (std::size_t cut = 2; cut < body.size(); cut += 7) {
    EXPECT_NE(error_of(ByteView(body).first(cut)), "") << cut;
  }
  body.push_back(0xc0);
  EXPECT_NE(error_of(body).find("trailing bytes"), std::string::npos);
}

TEST(ParticleCodec, ArrayLengthsBeyondTheBodyAreRejectedWithoutAllocating) {
  Particle p = nox_test_particle();
  std::string h = head_hex(p) + "a97369676e6174757265" "ddffffffff";
  EXPECT_NE(error_of(hex(h)).find("array longer than the body"), std::string::npos);
}

}  // namespace
}  // namespace fluence::node
