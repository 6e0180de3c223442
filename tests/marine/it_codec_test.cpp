// The interface-types section codec (marine.md §3): byte-exact layout, round trips, and
// rejection of malformed input.
#include <gtest/gtest.h>

#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/it_text.h"
#include "fluence/sdk/declarations.h"

namespace fluence::marine {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> list) {
  std::vector<uint8_t> out;
  for (int b : list) out.push_back(static_cast<uint8_t>(b));
  return out;
}

void append_str(std::vector<uint8_t>& v, const std::string& s) {
  v.push_back(static_cast<uint8_t>(s.size()));
  v.insert(v.end(), s.begin(), s.end());
}

// The 211-byte greeting example of marine.md §3.7, assembled from the spec's listing.
std::vector<uint8_t> greeting_payload() {
  std::vector<uint8_t> v = {0x05};
  append_str(v, "0.27.0");
  v.insert(v.end(), {0x00, 0x08});
  v.insert(v.end(), {0x00, 0x01}); append_str(v, "size"); v.insert(v.end(), {0x0c, 0x01, 0x0c});
  v.insert(v.end(), {0x00, 0x00, 0x00});
  v.insert(v.end(), {0x00, 0x00, 0x01, 0x0c});
  v.insert(v.end(), {0x00, 0x00, 0x01, 0x0c});
  v.insert(v.end(), {0x00, 0x01}); append_str(v, "result_size"); v.insert(v.end(), {0x0c, 0x00});
  v.insert(v.end(), {0x00, 0x01}); append_str(v, "result_ptr"); v.insert(v.end(), {0x0c, 0x00});
  for (int i = 0; i < 2; ++i) {
    v.insert(v.end(), {0x00, 0x01}); append_str(v, "name"); v.insert(v.end(), {0x0a, 0x01, 0x0a});
  }
  v.insert(v.end(), {0x02, 0x01, 0x06, 0x0b, 0x00, 0x00, 0x24, 0x40, 0x01, 0x01, 0x00, 0x00, 0x00, 0x23,
                     0x01, 0x06, 0x01, 0x03, 0x01, 0x02, 0x22, 0x01, 0x01});
  v.insert(v.end(), {0x03, 0x07});
  const char* names[] = {"allocate", "release_objects", "get_result_size", "get_result_ptr", "set_result_size", "set_result_ptr"};
  for (int i = 0; i < 6; ++i) { append_str(v, names[i]); v.push_back(static_cast<uint8_t>(i)); }
  append_str(v, "greet"); v.push_back(0x07);
  v.insert(v.end(), {0x04, 0x01, 0x07, 0x06});
  return v;
}

TEST(ItCodec, WorkedExampleDecodesAsSpecified) {
  auto payload = greeting_payload();
  ASSERT_EQ(payload.size(), 211u);
  ItSection s = decode_it_section(payload.data(), payload.size());
  EXPECT_EQ(s.version, "0.27.0");
  ASSERT_EQ(s.types.size(), 8u);
  EXPECT_EQ(s.types[6].function().arguments[0].name, "name");
  ASSERT_EQ(s.adapters.size(), 1u);
  EXPECT_EQ(s.adapters[0].body.size(), 11u);
  EXPECT_EQ(s.adapters[0].body[6].op, Opcode::kCallCore);
  EXPECT_EQ(s.adapters[0].body[6].imm, 6u);
  EXPECT_EQ(s.exports.back().name, "greet");
  EXPECT_EQ(s.implementations[0].core_type, 7u);
  EXPECT_EQ(s.implementations[0].adapter_type, 6u);
}

TEST(ItCodec, EncoderReproducesTheReferenceLayoutByteForByte) {
  auto payload = greeting_payload();
  EXPECT_EQ(encode_it_section(decode_it_section(payload.data(), payload.size())), payload);
}

TEST(ItCodec, GeneratedSectionsRoundTrip) {
  auto decls = sdk::parse_declarations(
      "record Inner { a: bool, b: []u16 }\nrecord Outer { x: Inner, y: [][]Inner, z: bytes }\n"
      "fn f(o: Outer, s: string) -> []Outer\nimport other.g(v: []string, r: Inner) -> Inner\nfn h()\n");
  ItSection s = sdk::generate_it(decls);
  validate_it_section(s);
  auto enc = encode_it_section(s);
  EXPECT_EQ(decode_it_section(enc.data(), enc.size()), s);
}

TEST(SdkDeclarations, GreetingGeneratesTheReferenceSectionByteForByte) {
  auto decls = sdk::parse_declarations("fn greet(name: string) -> string");
  EXPECT_EQ(encode_it_section(sdk::generate_it(decls)), greeting_payload());
}

TEST(ItCodec, ListCountsAreDecodedAsUleb) {
  sdk::ModuleDeclarations d;
  sdk::DeclaredFunction f;
  f.name = "many";
  for (int i = 0; i < 200; ++i) f.arguments.push_back({"a" + std::to_string(i), IType::scalar(ITypeKind::kU8)});
  d.exports.push_back(f);
  ItSection s = sdk::generate_it(d);
  auto enc = encode_it_section(s);
  EXPECT_EQ(decode_it_section(enc.data(), enc.size()).types[6].function().arguments.size(), 200u);
}

void expect_rejected(const std::vector<uint8_t>& v, const std::string& fragment) {
  try {
    decode_it_section(v.data(), v.size());
    FAIL() << "accepted malformed section, expected: " << fragment;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ItCodec, RejectsTruncatedInput) {
  auto p = greeting_payload();
  for (size_t cut : {1, 5, 20, 100, 210}) expect_rejected(std::vector<uint8_t>(p.begin(), p.begin() + cut), "");
}

TEST(ItCodec, RejectsUnknownEntryKind) { expect_rejected(bytes({0x05, 1, '1', 0x09}), "unknown entry kind"); }

TEST(ItCodec, RejectsUnknownInstruction) {
  expect_rejected(bytes({0x05, 0, 0x02, 0x01, 0x00, 0x01, 0x30}), "unknown adapter instruction");
}

TEST(ItCodec, RejectsUnknownTypeOpcode) {
  expect_rejected(bytes({0x05, 0, 0x00, 0x01, 0x00, 0x01, 1, 'a', 0x46, 0x00}), "unknown type opcode");
}

TEST(ItCodec, RejectsUlebLongerThanNineBytes) {
  expect_rejected(bytes({0x05, 0, 0x03, 0x01, 1, 'f', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}),
                  "uleb longer than 9 bytes");
}

TEST(ItCodec, RejectsEmptyRecord) { expect_rejected(bytes({0x05, 0, 0x00, 0x01, 0x01, 1, 'R', 0x00}), "has no fields"); }

TEST(ItCodec, RejectsMissingOrRepeatedVersion) {
  expect_rejected(bytes({0x03, 0x00}), "no version entry");
  expect_rejected(bytes({0x05, 0, 0x05, 0}), "more than one version");
}

TEST(ItCodec, RejectsForgedCounts) {
  expect_rejected(bytes({0x05, 0, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}), "exceeds the remaining bytes");
}

TEST(ItCodec, RejectsDeeplyNestedTypes) {
  std::vector<uint8_t> v = {0x05, 0, 0x00, 0x01, 0x00, 0x01, 1, 'a'};
  for (int i = 0; i < 2000; ++i) v.push_back(0x36);
  v.push_back(0x04);
  v.push_back(0x00);
  expect_rejected(v, "deeper than 1024");
}

TEST(ItCodec, EncoderRejectsNamesOf256BytesOrMore) {
  ItSection s;
  s.version = "0.27.0";
  s.exports.push_back({std::string(256, 'x'), 0});
  EXPECT_THROW(encode_it_section(s), Error);
}

TEST(ItCodec, ValidationRejectsDanglingRecordReference) {
  ItSection s;
  s.version = "0.27.0";
  s.types.push_back({FunctionType{{{"r", IType::record(5)}}, {}}});
  EXPECT_THROW(validate_it_section(s), Error);
}

TEST(ItCodec, SemverComparesNumerically) {
  EXPECT_LT(compare_semver("0.9.0", "0.20.0"), 0);
  EXPECT_EQ(compare_semver("0.14.0", "0.14.0"), 0);
  EXPECT_GT(compare_semver("1.0.0-rc1", "0.99.99"), 0);
  EXPECT_THROW(compare_semver("abc", "0.1.0"), Error);
}

TEST(ItCodec, TextFormListsEveryEntity) {
  auto p = greeting_payload();
  std::string text = it_section_to_text(decode_it_section(p.data(), p.size()));
  EXPECT_NE(text.find("(@interface it_version \"0.27.0\")"), std::string::npos);
  EXPECT_NE(text.find("(@interface type (func (param $name: string) (result string)))"), std::string::npos);
  EXPECT_NE(text.find("string.lower_memory"), std::string::npos);
  EXPECT_NE(text.find("(@interface export \"greet\" (func 7))"), std::string::npos);
  EXPECT_NE(text.find("(@interface implement (func 7) (func 6))"), std::string::npos);
}

TEST(SdkDeclarations, ReportUnknownRecordsWithTheLine) {
  try {
    sdk::parse_declarations("fn ok()\nfn bad(x: Missing)\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fluence::marine
