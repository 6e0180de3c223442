// The archive reader's and writer's fast paths give the same archive and the same errors as
// the plain ones: texts checked as ASCII or as UTF-8, output grown in chunks, fold lores whose
// descriptor arrays are located without a list.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "fluence/air/data/data_error.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/store_cids.h"

namespace fluence::air {
namespace {

InterpreterData data_with_unused_cid(const std::string& text) {
  InterpreterData data;
  data.trace.push_back(CallResult(CallExecuted{UnusedValueRef{SharedText(text)}}));
  return data;
}

std::size_t find_text(const Bytes& hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); });
  return it == hay.end() ? std::string::npos : std::size_t(it - hay.begin());
}

// Replaces byte `from` of `text` in the archive of data_with_unused_cid(text) by `value`.
Bytes archive_with_patched_text(const std::string& text, std::size_t from, std::uint8_t value) {
  Bytes archive = encode_inner_data(data_with_unused_cid(text));
  std::size_t at = find_text(archive, text);
  EXPECT_NE(at, std::string::npos);
  archive[at + from] = value;
  return archive;
}

void expect_invalid_utf8(const Bytes& archive) {
  try {
    decode_inner_data(archive);
    FAIL() << "accepted invalid UTF-8";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid UTF-8 in a string"), std::string::npos) << e.what();
  }
}

TEST(ArchiveCodecPaths, MultibyteUtf8RcTextsRoundTrip) {
  for (std::string text : {std::string("caf\xc3\xa9"), std::string("bafkrei-\xe2\x82\xac-long-cid-text-\xc3\xa9")}) {
    InterpreterData data = data_with_unused_cid(text);
    EXPECT_EQ(decode_inner_data(encode_inner_data(data)), data) << text;
  }
}

TEST(ArchiveCodecPaths, InvalidUtf8InShortRcTextIsRejected) {
  expect_invalid_utf8(archive_with_patched_text("abc\xc3\xa9", 3, 0xff));
}

TEST(ArchiveCodecPaths, InvalidUtf8InLongRcTextIsRejected) {
  const std::string text = "bafkreiabcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvw";
  // In a middle word, and in the last bytes that only the overlapping final word covers.
  expect_invalid_utf8(archive_with_patched_text(text, 20, 0x80));
  expect_invalid_utf8(archive_with_patched_text(text, text.size() - 1, 0xc3));
}

TEST(ArchiveCodecPaths, FoldLoresPointAtTheirOwnDescriptors) {
  InterpreterData data;
  FoldResult fold;
  std::uint32_t n = 1;
  for (std::size_t count : {2u, 0u, 3u, 1u, 0u}) {
    FoldSubTraceLore lore;
    lore.value_pos = n * 7;
    for (std::size_t k = 0; k < count; ++k, ++n) lore.subtraces_desc.push_back(SubTraceDesc{n, 100 + n});
    fold.lore.push_back(std::move(lore));
  }
  data.trace.push_back(ParResult{1, 0});
  data.trace.push_back(fold);
  data.trace.push_back(FoldResult{});
  Bytes archive = encode_inner_data(data);
  EXPECT_EQ(decode_inner_data(archive), data);
}

// Archives beyond the writer's 64 KiB growth step, with a value bigger than the step (appended
// without zeroing) between small objects.
TEST(ArchiveCodecPaths, ArchivesLargerThanTheGrowthStepRoundTripByteExact) {
  InterpreterData data;
  for (int i = 0; i < 3000; ++i) {
    std::string json = "\"value-" + std::to_string(i) + "\"";
    CidText cid = value_cid(json);
    data.cid_info.value_store.insert(cid, std::make_shared<const std::string>(json));
    data.trace.push_back(CallResult(CallExecuted{StreamValueRef{cid, std::uint32_t(i)}}));
    if (i == 1500) {
      std::string big = "\"" + std::string(200000, 'x') + "\"";
      data.cid_info.value_store.insert(value_cid(big), std::make_shared<const std::string>(big));
    }
  }
  data.trace.push_back(CallResult(CallExecuted{UnusedValueRef{SharedText("")}}));
  Bytes bytes = encode_particle_data(data);
  DecodedParticleData decoded = decode_particle_data(bytes);
  EXPECT_EQ(decoded.data, data);
  EXPECT_EQ(encode_particle_data(decoded.data), bytes);
  EXPECT_EQ(encode_particle_data(InterpreterData(data)), bytes);  // the consuming overload
  Bytes inner = encode_inner_data(data);
  EXPECT_EQ(inner.size() % 4, 0u);
  EXPECT_EQ(decode_inner_data(inner), data);
}

}  // namespace
}  // namespace fluence::air
