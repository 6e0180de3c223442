// The archive writer produces the reference's exact bytes (air.md §9.4, §9.5, §9.9).
#include <gtest/gtest.h>

#include <algorithm>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/signatures.h"
#include "fluence/air/data/store_cids.h"
#include "test_data.h"

namespace fluence::air {
namespace {

using testing::key_from_byte;

std::size_t find(const Bytes& hay, const Bytes& needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  return it == hay.end() ? std::string::npos : std::size_t(it - hay.begin());
}

std::size_t count(const Bytes& hay, std::string_view needle) {
  std::size_t n = 0;
  Bytes nb = to_bytes(needle);
  for (auto it = hay.begin();; ++it) {
    it = std::search(it, hay.end(), nb.begin(), nb.end());
    if (it == hay.end()) return n;
    ++n;
  }
}

// §9.9: script (null), seed 32 x 0x01, particle id "particle-1", empty inputs.
TEST(ArchiveLayout, WorkedExampleOfNullScriptIsByteExact) {
  const std::string pk = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  const std::string sig =
      "ff313e786ec0125cd17efd16166ec1ad8e39f27981e7d6602a2379e7aa04138b"
      "baafcebfb424d6d6d8eb50cde19e2a8ffe6619ed08bdae906df599691e5fa509";
  std::string expected =
      "83a776657273696f6ea6302e31372e32b3696e7465727072657465725f76657273696f6e"
      "a6302e36322e30aa696e6e65725f64617461c4b0"
      "00" + pk + "00" + sig + "0000"
      "ffffff9c00000021" "ffffffb500000041"                       // signature entry
      "ffffff8c00000000" "00000000"                               // trace, last_call_request_id
      "ffffff8000000000" "ffffff7800000000" "ffffff7000000000"    // value, tetraplet, element
      "ffffff6800000000" "ffffff6000000000"                       // canon result, service result
      "ffffffbc00000001";                                         // signatures
  InterpreterData data;
  sign_current_peer(data, key_from_byte(0x01), "particle-1");
  Bytes out = encode_particle_data(data);
  EXPECT_EQ(out.size(), 232u);
  EXPECT_EQ(hex_encode(out), expected);
}

// The reference's own output for (null) re-encodes to identical bytes.
TEST(ArchiveLayout, ReferenceNullDataReencodesIdentically) {
  Bytes reference = testing::read_fixture("null.dat");
  EXPECT_EQ(encode_particle_data(decode_particle_data(reference).data), reference);
}

// §9.9: Call(Executed(Scalar cid)) is 01000000 01000000 00000000 <offset> 0000003d 00000000.
TEST(ArchiveLayout, CallExecutedScalarStateLayout) {
  InterpreterData data;
  CidText cid = value_cid("\"x\"");
  data.trace.push_back(CallResult(CallExecuted{ScalarValueRef{cid}}));
  Bytes inner = encode_inner_data(data);
  // The CID text comes first (61 bytes), padding to 64, then the state; the offset is relative
  // to its own field at state + 12: 0 - 76.
  ASSERT_EQ(std::string(inner.begin(), inner.begin() + 61), cid.str());
  EXPECT_EQ(hex_encode(ByteView(inner).subspan(64, 24)),
            "01000000" "01000000" "00000000" "ffffffb4" "0000003d" "00000000");
}

// §9.9: a tetraplet {<52-char peer id>, "svc", "fn", ""}: out-of-line length BE, offset LE,
// short strings inline with their length in the last byte.
TEST(ArchiveLayout, TetrapletStringsInlineAndOutOfLine) {
  InterpreterData data;
  SecurityTetraplet t{"12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5", "svc", "fn", ""};
  data.cid_info.tetraplet_store.insert(tetraplet_cid(t),
                                       std::make_shared<const SecurityTetraplet>(t));
  Bytes inner = encode_inner_data(data);
  Bytes expected = hex_decode(
      "00000034c9ffffff" "7376630000000003" "666e000000000002" "0000000000000000");
  EXPECT_EQ(find(inner, expected), 116u);  // key CID (61) + peer id (52) + 3 padding
}

TEST(ArchiveLayout, StringsOfSevenBytesAreInlineAndOfEightOutOfLine) {
  InterpreterData data;
  SecurityTetraplet t{"", "1234567", "12345678", ""};
  data.cid_info.tetraplet_store.insert(tetraplet_cid(t),
                                       std::make_shared<const SecurityTetraplet>(t));
  Bytes inner = encode_inner_data(data);
  EXPECT_NE(find(inner, hex_decode("0000000000000000" "3132333435363707")), std::string::npos);
  // "12345678" is written before the tetraplet and referenced with length 8.
  EXPECT_NE(find(inner, to_bytes("12345678")), std::string::npos);
  EXPECT_NE(find(inner, hex_decode("00000008")), std::string::npos);
}

TEST(ArchiveLayout, RootIsLastAndArchiveLengthIsMultipleOfFour) {
  auto key = key_from_byte(0x02);
  Bytes inner = encode_inner_data(testing::sample_data(key, "p"));
  EXPECT_EQ(inner.size() % 4, 0u);
  // last_call_request_id sits at root offset 8.
  EXPECT_EQ(hex_encode(ByteView(inner).subspan(inner.size() - 60 + 8, 4)), "00000007");
}

TEST(ArchiveLayout, IdenticalCidTextsAreWrittenOnce) {
  auto key = key_from_byte(0x02);
  InterpreterData data = testing::sample_data(key, "p");
  Bytes inner = encode_inner_data(data);
  for (const auto& e : data.cid_info.service_result_store.entries())
    EXPECT_EQ(count(inner, e.cid.view()), 1u) << e.cid.str();
}

TEST(ArchiveLayout, IdenticalPeerIdsOfSendersAreWrittenOnce) {
  InterpreterData data;
  SharedText peer("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5");
  data.trace.push_back(CallResult(CallRequestSentBy{SenderPeerId{peer}}));
  data.trace.push_back(CanonResult(CanonRequestSentBy{SharedText(peer.str())}));
  Bytes inner = encode_inner_data(data);
  EXPECT_EQ(count(inner, peer.view()), 1u);
  EXPECT_EQ(decode_inner_data(inner), data);
}

TEST(ArchiveLayout, EveryStateKindRoundTrips) {
  auto key = key_from_byte(0x03);
  InterpreterData data = testing::sample_data(key, "particle");
  Bytes bytes = encode_particle_data(data);
  DecodedParticleData decoded = decode_particle_data(bytes, true);
  EXPECT_EQ(decoded.version, "0.17.2");
  EXPECT_EQ(decoded.interpreter_version, "0.62.0");
  EXPECT_EQ(decoded.data, data);
  EXPECT_EQ(encode_particle_data(decoded.data), bytes);
}

TEST(ArchiveLayout, LargeArchivesUseBin32Header) {
  InterpreterData data;
  std::string big(70000, 'a');
  big = "\"" + big + "\"";
  data.cid_info.value_store.insert(value_cid(big), std::make_shared<const std::string>(big));
  Bytes bytes = encode_particle_data(data);
  ASSERT_GT(bytes.size(), 70000u);
  EXPECT_EQ(bytes[54], 0xc6);
  EXPECT_EQ(decode_particle_data(bytes).data, data);
}

TEST(ArchiveLayout, MediumArchivesUseBin16Header) {
  InterpreterData data;
  std::string v = "\"" + std::string(300, 'b') + "\"";
  data.cid_info.value_store.insert(value_cid(v), std::make_shared<const std::string>(v));
  Bytes bytes = encode_particle_data(data);
  EXPECT_EQ(bytes[54], 0xc5);
  EXPECT_EQ(decode_particle_data(bytes).data, data);
}

}  // namespace
}  // namespace fluence::air
