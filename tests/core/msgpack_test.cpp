#include "fluence/core/msgpack.h"

#include <gtest/gtest.h>

#include <limits>

#include "fluence/core/error.h"

namespace fluence::msgpack {
namespace {

Bytes encode(const Value& v) {
  Writer w;
  w.value(v);
  return w.take();
}

std::string hex_of(const Value& v) { return hex_encode(encode(v)); }

TEST(Msgpack, IntegersUseTheSmallestEncoding) {
  EXPECT_EQ(hex_of({std::uint64_t{0}}), "00");
  EXPECT_EQ(hex_of({std::uint64_t{127}}), "7f");
  EXPECT_EQ(hex_of({std::uint64_t{128}}), "cc80");
  EXPECT_EQ(hex_of({std::uint64_t{256}}), "cd0100");
  EXPECT_EQ(hex_of({std::uint64_t{65536}}), "ce00010000");
  EXPECT_EQ(hex_of({std::uint64_t{1} << 32}), "cf0000000100000000");
  EXPECT_EQ(hex_of({std::int64_t{5}}), "05");
  EXPECT_EQ(hex_of({std::int64_t{-1}}), "ff");
  EXPECT_EQ(hex_of({std::int64_t{-32}}), "e0");
  EXPECT_EQ(hex_of({std::int64_t{-33}}), "d0df");
  EXPECT_EQ(hex_of({std::int64_t{-129}}), "d1ff7f");
  EXPECT_EQ(hex_of({std::int64_t{-32769}}), "d2ffff7fff");
  EXPECT_EQ(hex_of({std::numeric_limits<std::int64_t>::min()}), "d38000000000000000");
}

TEST(Msgpack, StringsBinariesAndContainersUseSizeClasses) {
  EXPECT_EQ(hex_of({std::string("abc")}), "a3616263");
  EXPECT_EQ(hex_encode(ByteView(encode({std::string(32, 'x')})).first(2)), "d920");
  EXPECT_EQ(hex_encode(ByteView(encode({std::string(256, 'x')})).first(3)), "da0100");
  EXPECT_EQ(hex_of({Binary{Bytes{1, 2}}}), "c4020102");
  EXPECT_EQ(hex_of({Array{}}), "90");
  EXPECT_EQ(hex_encode(ByteView(encode({Array(16, Value{Nil{}})})).first(3)), "dc0010");
  EXPECT_EQ(hex_of({Map{{Value{std::string("a")}, Value{true}}}}), "81a161c3");
  EXPECT_EQ(hex_of({1.5}), "cb3ff8000000000000");
  EXPECT_EQ(hex_of({Extension{5, Bytes{9}}}), "d40509");
  EXPECT_EQ(hex_of({Extension{-1, Bytes{1, 2, 3}}}), "c703ff010203");
}

TEST(Msgpack, RoundTripsNestedValues) {
  Value v{Map{
      {Value{std::string("version")}, Value{std::string("0.17.2")}},
      {Value{std::string("data")}, Value{Binary{Bytes(300, 7)}}},
      {Value{std::string("list")},
       Value{Array{Value{Nil{}}, Value{false}, Value{std::int64_t{-100000}},
                   Value{std::uint64_t{1} << 40}, Value{-0.5}, Value{Extension{3, Bytes(20, 1)}}}}},
  }};
  EXPECT_EQ(decode(encode(v)), v);
}

// air.md §9.9: the particle data envelope AquaVM 0.62 writes (a map of three entries, keys as
// fixstr, inner data as bin8).
TEST(Msgpack, WritesAquaVmEnvelopeHeaderBytes) {
  Writer w;
  w.map_header(3);
  w.string("version");
  w.string("0.17.2");
  w.string("interpreter_version");
  w.string("0.62.0");
  w.string("inner_data");
  w.binary(Bytes(176, 0));
  Bytes b = w.take();
  ASSERT_EQ(b.size(), 232u);
  EXPECT_EQ(hex_encode(ByteView(b).first(56)),
            "83a776657273696f6ea6302e31372e32b3696e7465727072657465725f76657273696f6ea6302e36322e30"
            "aa696e6e65725f64617461c4b0");
  Value v = decode(b);
  ASSERT_NE(v.find("inner_data"), nullptr);
  EXPECT_EQ(std::get<Binary>(v.find("inner_data")->v).data.size(), 176u);
}

TEST(Msgpack, DecodesFloat32AsDouble) {
  EXPECT_EQ(decode(hex_decode("ca3fc00000")), Value{1.5});
}

TEST(Msgpack, NonNegativeSignedEncodingsDecodeAsUnsigned) {
  EXPECT_EQ(decode(hex_decode("d06e")), Value{std::uint64_t{110}});
  EXPECT_EQ(decode(hex_decode("d10100")), Value{std::uint64_t{256}});
  EXPECT_EQ(decode(hex_decode("d3000000000000002a")), Value{std::uint64_t{42}});
  EXPECT_EQ(decode(hex_decode("d0ff")), Value{std::int64_t{-1}});
}

TEST(Msgpack, FindLooksUpStringKeys) {
  Value v = decode(hex_decode("82a16101a16202"));
  ASSERT_NE(v.find("b"), nullptr);
  EXPECT_EQ(*v.find("b"), Value{std::uint64_t{2}});
  EXPECT_EQ(v.find("c"), nullptr);
  EXPECT_EQ(Value{std::uint64_t{1}}.find("a"), nullptr);
}

TEST(Msgpack, RejectsTruncationWithOffset) {
  try {
    decode(hex_decode("92a3616263a3"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("offset"), std::string::npos) << e.what();
  }
  EXPECT_THROW(decode(hex_decode("cd01")), Error);
  EXPECT_THROW(decode({}), Error);
}

TEST(Msgpack, RejectsTrailingBytes) { EXPECT_THROW(decode(hex_decode("0000")), Error); }

TEST(Msgpack, RejectsReservedByte) { EXPECT_THROW(decode(hex_decode("c1")), Error); }

TEST(Msgpack, RejectsInvalidUtf8InStr) {
  EXPECT_THROW(decode(hex_decode("a1ff")), Error);
  EXPECT_THROW(decode(hex_decode("a2c0af")), Error);        // overlong
  EXPECT_THROW(decode(hex_decode("a3eda080")), Error);      // surrogate
  EXPECT_EQ(decode(hex_decode("a2c3a9")), Value{std::string("\xc3\xa9")});
}

TEST(Msgpack, RejectsNestingDeeperThanTheLimit) {
  Bytes deep(20, 0x91);
  deep.push_back(0xc0);
  EXPECT_NO_THROW(decode(deep, 20));
  EXPECT_THROW(decode(deep, 19), Error);
}

TEST(Msgpack, HugeDeclaredLengthsFailWithoutAllocating) {
  EXPECT_THROW(decode(hex_decode("dfffffffff")), Error);
  EXPECT_THROW(decode(hex_decode("ddffffffff")), Error);
  EXPECT_THROW(decode(hex_decode("dbffffffff")), Error);
  EXPECT_THROW(decode(hex_decode("c6ffffffff")), Error);
  EXPECT_THROW(decode(hex_decode("c9ffffffff01")), Error);
}

}  // namespace
}  // namespace fluence::msgpack
