// Interop with the reference AquaVM 0.62 (avm.wasm from @fluencelabs/avm, run by
// run-reference.mjs under node):
//  * every corpus scenario simulated live on the reference gives what ours gives;
//  * mixed chains: a particle passing alternately through peers running ours (`fluence air run`)
//    and peers running the reference ends exactly like the all-reference run, in both
//    directions; the reference checks our CIDs and signatures whenever it reads our data.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "../../air/conformance/scenario_compare.h"
#include "support/command_output.h"

namespace fluence::air::conformance {
namespace {

std::filesystem::path harness_dir() {
  return std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests" / "interop" / "air";
}

// Skips (locally) or fails (in CI) when the pinned reference packages are not installed.
bool reference_available() {
  return std::filesystem::exists(harness_dir() / "node_modules" / "@fluencelabs" / "avm" / "dist" /
                                 "avm.wasm");
}

#define REQUIRE_REFERENCE()                                                                  \
  do {                                                                                       \
    if (!reference_available()) {                                                            \
      if (std::getenv("CI") == nullptr)                                                      \
        GTEST_SKIP() << "tests/interop/air/node_modules missing (run scripts/install-interop.sh)"; \
      FAIL() << "reference packages are not installed in tests/interop/air";                 \
    }                                                                                        \
  } while (0)

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string run_command(const std::string& cmd) { return fluence::testing::run_command(cmd).out; }

// One node process simulates the whole corpus on the reference.
const boost::json::object& reference_corpus() {
  static const boost::json::object all = [] {
    std::string out = run_command("node " + shell_quote((harness_dir() / "run-reference.mjs").string()) +
                                  " x --corpus " + shell_quote(corpus_dir().string()) + " --compact");
    boost::json::error_code ec;
    auto v = boost::json::parse(out, ec);
    return ec || !v.is_object() ? boost::json::object() : v.get_object();
  }();
  return all;
}

class LiveReference : public ::testing::TestWithParam<std::string> {};

TEST_P(LiveReference, SameOutcomeAsReferenceAquaVM) {
  REQUIRE_REFERENCE();
  const auto& all = reference_corpus();
  const auto* expected = all.if_contains(GetParam());
  ASSERT_NE(expected, nullptr) << "the reference harness produced nothing for " << GetParam();
  for (const auto& d : compare_simulations(*expected, simulate_scenario(GetParam())))
    ADD_FAILURE() << GetParam() << ": " << d;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, LiveReference, ::testing::ValuesIn(scenario_names()), test_name);

// --- mixed chains ---------------------------------------------------------------------------

struct MixedCase {
  std::string scenario;
  std::string mode;  // arguments selecting which steps run on ours
};

std::vector<MixedCase> mixed_cases() {
  const std::vector<std::string> scenarios = {
      "remote-one-hop",          "remote-chain-all",          "remote-fold-fanout",
      "remote-join-par",         "remote-canon-on-peer",      "stream-fold-remote-values",
      "merge-fold-stream-remote-producers", "merge-canon-after-gather", "merge-map-on-two-peers",
      "merge-nested-folds-peers", "merge-xor-remote-failure-then-local", "new-remote-stream",
      "merge-stream-fold-next-par-remote", "remote-relay-pattern"};
  const std::vector<std::string> modes = {"--ours alice,bob,carol", "--ours client",
                                          "--ours-steps odd", "--ours-steps even"};
  std::vector<MixedCase> out;
  for (const auto& s : scenarios)
    for (const auto& m : modes) out.push_back({s, m});
  return out;
}

class MixedChain : public ::testing::TestWithParam<MixedCase> {};

TEST_P(MixedChain, EndsLikeAllReferenceRun) {
  REQUIRE_REFERENCE();
  const auto& c = GetParam();
  const char* bin = std::getenv("FLUENCE_BINARY_DIR");
  ASSERT_NE(bin, nullptr);
  auto fluence = std::filesystem::path(bin) / "bin" / "fluence";
  ASSERT_TRUE(std::filesystem::exists(fluence)) << "build the fluence binary first";
  auto own_table = corpus_dir() / (c.scenario + ".services.json");
  auto table = std::filesystem::exists(own_table) ? own_table : corpus_dir() / "_default.services.json";
  std::string out = run_command(
      "node " + shell_quote((harness_dir() / "run-reference.mjs").string()) + " " +
      shell_quote((corpus_dir() / (c.scenario + ".air")).string()) + " --simulate " +
      shell_quote(table.string()) + " --max-steps 200 --compact --ours-cmd " +
      shell_quote(fluence.string()) + " " + c.mode);
  boost::json::error_code ec;
  auto mixed = boost::json::parse(out, ec);
  ASSERT_FALSE(ec) << "harness output: " << out;
  ASSERT_TRUE(mixed.is_object() && mixed.get_object().contains("calls")) << out;
  const auto* expected = reference_corpus().if_contains(c.scenario);
  ASSERT_NE(expected, nullptr);
  for (const auto& d : compare_simulations(*expected, mixed)) ADD_FAILURE() << c.scenario << " " << c.mode << ": " << d;
}

std::string mixed_name(const ::testing::TestParamInfo<MixedCase>& info) {
  std::string s = info.param.scenario + "_" + info.param.mode;
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(Chains, MixedChain, ::testing::ValuesIn(mixed_cases()), mixed_name);

}  // namespace
}  // namespace fluence::air::conformance
