// Every scenario of the corpus, run through our simulation, must reproduce what the reference
// AquaVM 0.62 did (recorded in expected/NAME.json by tests/interop/air/run-reference.mjs
// --corpus tests/air/conformance --record tests/air/conformance/expected; the interop label
// re-checks against the live reference).
#include <gtest/gtest.h>

#include "scenario_compare.h"

namespace fluence::air::conformance {
namespace {

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, MatchesRecordedReference) {
  const std::string name = GetParam();
  auto expected_file = corpus_dir() / "expected" / (name + ".json");
  ASSERT_TRUE(std::filesystem::exists(expected_file)) << "no recorded reference outcome for " << name;
  auto expected = boost::json::parse(read_text(expected_file));
  auto actual = simulate_scenario(name);
  auto diffs = compare_simulations(expected, actual);
  for (const auto& d : diffs) ADD_FAILURE() << name << ": " << d;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Conformance, ::testing::ValuesIn(scenario_names()), test_name);

TEST(ConformanceCorpus, HasAtLeast200Scenarios) { EXPECT_GE(scenario_names().size(), 200u); }

}  // namespace
}  // namespace fluence::air::conformance
