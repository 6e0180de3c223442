// ApGenerations: an ap state's generations, one of them held without an allocation.
#include <vector>

#include <gtest/gtest.h>

#include "fluence/air/data/executed_state.h"

namespace fluence::air {
namespace {

std::vector<std::uint32_t> listed(const ApGenerations& g) { return {g.begin(), g.end()}; }

TEST(ApGenerations, HoldsOneGeneration) {
  ApGenerations g{7};
  EXPECT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0], 7u);
  EXPECT_EQ(listed(g), std::vector<std::uint32_t>{7});
}

TEST(ApGenerations, KeepsSeveralInTheOrderAdded) {
  ApGenerations g;
  g.reserve(3);
  for (std::uint32_t x : {4u, 1u, 9u}) g.push_back(x);
  EXPECT_EQ(listed(g), (std::vector<std::uint32_t>{4, 1, 9}));
  EXPECT_EQ(listed(ApGenerations{0, 1}), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_TRUE(ApGenerations{}.empty());
}

TEST(ApGenerations, AssignReplacesTheList) {
  ApGenerations g{1, 2, 3};
  g.assign(1, 5);
  EXPECT_EQ(listed(g), std::vector<std::uint32_t>{5});
  g.assign(2, 6);
  EXPECT_EQ(listed(g), (std::vector<std::uint32_t>{6, 6}));
}

TEST(ApGenerations, EqualByContent) {
  ApGenerations a{3}, b;
  b.push_back(3);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == (ApGenerations{3, 3}));
  EXPECT_FALSE((ApGenerations{1, 2}) == (ApGenerations{2, 1}));
}

}  // namespace
}  // namespace fluence::air
