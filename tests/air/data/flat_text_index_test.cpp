// FlatTextIndex: the archive writer's text -> offset index.
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fluence/air/data/flat_text_index.h"

namespace fluence::air {
namespace {

// Behaves as a map that keeps the first value of each text, across growth, for texts that
// share prefixes, differ only in length, or are empty.
TEST(FlatTextIndex, KeepsTheFirstValueOfEachTextAcrossGrowth) {
  std::mt19937 rng(3);
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) {
    std::string t = "bafkr4i" + std::to_string(rng() % 1500);
    if (i % 7 == 0) t.resize(rng() % 4);  // short and empty texts, some repeated
    texts.push_back(t);
  }
  FlatTextIndex index;
  std::map<std::string, std::uint32_t> expected;
  for (std::uint32_t i = 0; i < texts.size(); ++i) {
    auto [value, inserted] = index.try_emplace(texts[i], i);
    auto [it, added] = expected.try_emplace(texts[i], i);
    ASSERT_EQ(inserted, added) << texts[i];
    ASSERT_EQ(*value, it->second) << texts[i];
  }
}

// A value can be set through the returned pointer after insertion (the writer fills in the
// offset once the bytes are written).
TEST(FlatTextIndex, ValueIsSetThroughTheReturnedSlot) {
  FlatTextIndex index;
  index.reserve(4);
  auto [slot, inserted] = index.try_emplace("a", 0);
  ASSERT_TRUE(inserted);
  *slot = 42;
  EXPECT_EQ(*index.try_emplace("a", 7).first, 42u);
}

}  // namespace
}  // namespace fluence::air
