// The MessagePack envelope (air.md §9.2, §3 steps 2-3): what the reference writes, and which
// input variants it accepts (each checked against avm.wasm 0.62 with the oracle).
#include <gtest/gtest.h>

#include <functional>

#include "fluence/air/data/particle_data_codec.h"
#include "fluence/core/msgpack.h"
#include "test_data.h"

namespace fluence::air {
namespace {

Bytes inner() { return testing::read_fixture("null.dat"); }

// The archive of the null fixture (after its 56-byte header).
Bytes null_archive() {
  Bytes d = inner();
  return Bytes(d.begin() + 56, d.end());
}

Bytes envelope(std::initializer_list<std::pair<std::string, std::function<void(msgpack::Writer&)>>> entries) {
  msgpack::Writer w;
  w.map_header(static_cast<std::uint32_t>(entries.size()));
  for (const auto& [key, value] : entries) {
    w.string(key);
    value(w);
  }
  return w.take();
}

auto text(std::string s) {
  return [s](msgpack::Writer& w) { w.string(s); };
}
auto bin(Bytes b) {
  return [b](msgpack::Writer& w) { w.binary(b); };
}

int error_code(ByteView data, bool check_version = true) {
  try {
    decode_particle_data(data, check_version);
  } catch (const DataError& e) {
    return e.code();
  }
  return 0;
}

TEST(Envelope, WritesVersionsAndBinInReferenceOrder) {
  Bytes out = encode_particle_data(InterpreterData{});
  EXPECT_EQ(hex_encode(ByteView(out).subspan(0, 56)),
            "83a776657273696f6ea6302e31372e32b3696e7465727072657465725f76657273696f6e"
            "a6302e36322e30aa696e6e65725f64617461c43c");
}

TEST(Envelope, DecodesReferenceEnvelope) {
  Bytes data = inner();  // the envelope's fields view into these bytes
  auto env = decode_envelope(data);
  EXPECT_EQ(env.version, "0.17.2");
  EXPECT_EQ(env.interpreter_version, "0.62.0");
  EXPECT_EQ(Bytes(env.inner_data.begin(), env.inner_data.end()), null_archive());
}

TEST(Envelope, EmptyInputIsEmptyData) {
  auto d = decode_particle_data({}, true);
  EXPECT_TRUE(d.data.trace.empty());
  EXPECT_EQ(d.data.signatures.size(), 0u);
}

TEST(Envelope, KeyOrderIsFree) {
  Bytes b = envelope({{"inner_data", bin(null_archive())},
                      {"interpreter_version", text("0.62.0")},
                      {"version", text("0.17.2")}});
  EXPECT_EQ(error_code(b), 0);
}

TEST(Envelope, ExtraKeysAreIgnored) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"zzz", [](msgpack::Writer& w) {
                         w.array_header(2);
                         w.map_header(1);
                         w.nil();
                         w.float64(1.5);
                         w.integer(-7);
                       }},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", bin(null_archive())}});
  EXPECT_EQ(error_code(b), 0);
}

TEST(Envelope, KeysMayBeBinary) {
  msgpack::Writer w;
  w.map_header(3);
  w.binary(to_bytes("version"));
  w.string("0.17.2");
  w.binary(to_bytes("interpreter_version"));
  w.string("0.62.0");
  w.binary(to_bytes("inner_data"));
  w.binary(null_archive());
  EXPECT_EQ(error_code(w.bytes()), 0);
}

TEST(Envelope, InnerDataMayBeAString) {
  Bytes archive = null_archive();
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", text(std::string(archive.begin(), archive.end()))}});
  EXPECT_EQ(error_code(b), 0);
}

TEST(Envelope, InnerDataMayBeAnArrayOfSmallIntegers) {
  Bytes archive = null_archive();
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", [&](msgpack::Writer& w) {
                         w.array_header(static_cast<std::uint32_t>(archive.size()));
                         for (auto x : archive) w.unsigned_integer(x);
                       }}});
  auto d = decode_particle_data(b);
  EXPECT_EQ(d.data.signatures.size(), 1u);
}

TEST(Envelope, ArrayElementsAbove255GiveCode4) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", [](msgpack::Writer& w) {
                         w.array_header(1);
                         w.unsigned_integer(256);
                       }}});
  EXPECT_EQ(error_code(b), 4);
}

TEST(Envelope, TrailingBytesAreIgnored) {
  Bytes b = inner();
  b.push_back(0x00);
  EXPECT_EQ(error_code(b), 0);
}

TEST(Envelope, ArrayFormIsRejectedWithCode3) {
  msgpack::Writer w;
  w.array_header(3);
  w.string("0.17.2");
  w.string("0.62.0");
  w.binary(null_archive());
  EXPECT_EQ(error_code(w.bytes()), 3);
}

TEST(Envelope, DuplicateKeyIsRejectedWithCode3) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", bin(null_archive())},
                      {"version", text("0.17.2")}});
  EXPECT_EQ(error_code(b), 3);
}

TEST(Envelope, MissingInnerDataWithReadableVersionsGivesCode4) {
  Bytes b = envelope({{"version", text("0.17.2")}, {"interpreter_version", text("0.62.0")}});
  EXPECT_EQ(error_code(b), 4);
}

TEST(Envelope, InnerDataOfWrongTypeGivesCode4WithReferenceMessage) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", [](msgpack::Writer& w) { w.unsigned_integer(5); }}});
  try {
    decode_particle_data(b);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.code(), 4);
    EXPECT_EQ(std::string(e.what()),
              "an error occurred while data deserialization: Envelope(Syntax(\"invalid type: "
              "integer `5`, expected a byte array\")).\nAquaVM's version is 0.62.0 and it "
              "expects data of 0.17.2 version.\nSupplied data version is 0.17.2, it's produced "
              "by AquaVM of 0.62.0 version.");
  }
}

// The reference's fallback reads the versions as a plain struct, whose keys may be indices.
TEST(Envelope, IntegerKeysMakeOnlyTheVersionsReadable) {
  msgpack::Writer w;
  w.map_header(3);
  w.unsigned_integer(0);
  w.string("0.17.2");
  w.unsigned_integer(1);
  w.string("0.62.0");
  w.unsigned_integer(2);
  w.binary(null_archive());
  EXPECT_EQ(error_code(w.bytes()), 4);
}

TEST(Envelope, InvalidSemverGivesCode3) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62")},
                      {"inner_data", bin(null_archive())}});
  EXPECT_EQ(error_code(b), 3);
  Bytes c = envelope({{"version", text("x")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", bin(null_archive())}});
  EXPECT_EQ(error_code(c), 3);
}

TEST(Envelope, MissingVersionGivesCode3) {
  Bytes b = envelope({{"interpreter_version", text("0.62.0")}, {"inner_data", bin(null_archive())}});
  EXPECT_EQ(error_code(b), 3);
}

TEST(Envelope, NonMapGivesCode3) {
  Bytes b{0x05};
  EXPECT_EQ(error_code(b), 3);
}

TEST(Envelope, TruncatedInputGivesCode3) {
  Bytes b = inner();
  for (std::size_t n = 1; n < 56; ++n) EXPECT_EQ(error_code(ByteView(b).subspan(0, n)), 3) << n;
}

TEST(Envelope, ContainerCountsBeyondInputAreRejectedWithoutAllocating) {
  Bytes b = {0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'a'};
  EXPECT_EQ(error_code(b), 3);
  Bytes c = {0x81, 0xa1, 'a', 0xdd, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(error_code(c), 3);
}

TEST(Envelope, InterpreterVersionBelow0_61_0GivesCode6) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.60.0")},
                      {"inner_data", bin(null_archive())}});
  try {
    decode_particle_data(b, true);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.code(), 6);
    EXPECT_EQ(std::string(e.what()),
              "supplied data was produced by `0.60.0` version of interpreter, but minimum "
              "`0.61.0` version is required");
  }
}

TEST(Envelope, VersionOfPrevDataIsNotChecked) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.60.0")},
                      {"inner_data", bin(null_archive())}});
  EXPECT_EQ(error_code(b, false), 0);
}

TEST(Envelope, SemverPrecedenceDecidesTheMinimumVersion) {
  EXPECT_TRUE(interpreter_version_at_least("0.61.0", "0.61.0"));
  EXPECT_TRUE(interpreter_version_at_least("0.61.0+build.5", "0.61.0"));
  EXPECT_TRUE(interpreter_version_at_least("0.61.1-rc.1", "0.61.0"));
  EXPECT_TRUE(interpreter_version_at_least("1.0.0", "0.61.0"));
  EXPECT_FALSE(interpreter_version_at_least("0.61.0-rc.1", "0.61.0"));
  EXPECT_FALSE(interpreter_version_at_least("0.60.99", "0.61.0"));
  EXPECT_FALSE(interpreter_version_at_least("0.9.0", "0.61.0"));
}

TEST(Envelope, SemverRejectsLeadingZerosAndMissingParts) {
  for (const char* bad : {"0.062.0", "0.62", "v0.62.0", "0.62.0-", "0.62.0-01", "", "1.2.3.4"}) {
    try {
      interpreter_version_at_least(bad, "0.61.0");
      ADD_FAILURE() << bad;
    } catch (const DataError& e) {
      EXPECT_EQ(e.code(), 3) << bad;
    }
  }
}

TEST(Envelope, BrokenArchiveGivesCode2) {
  Bytes b = envelope({{"version", text("0.17.2")},
                      {"interpreter_version", text("0.62.0")},
                      {"inner_data", bin(Bytes(60, 0xff))}});
  EXPECT_EQ(error_code(b), 2);
}

}  // namespace
}  // namespace fluence::air

namespace fluence::air {
namespace {

// In the reference's versions-only fallback, serde takes str/bin names and unsigned indices as
// keys; a signed integer key fails it (found by the differential envelope test).
TEST(Envelope, SignedIntegerKeyDefeatsTheVersionsFallback) {
  Bytes b = testing::read_fixture("null.dat");
  ASSERT_EQ(b[43], 0xaa);  // "inner_data" key marker
  b[43] = 0xea;            // now the key is the integer -22 and its value 'i'
  EXPECT_EQ(error_code(b), 3);
  b[43] = 0x02;  // an unsigned index: the versions are still readable
  EXPECT_EQ(error_code(b), 4);
}

}  // namespace
}  // namespace fluence::air
