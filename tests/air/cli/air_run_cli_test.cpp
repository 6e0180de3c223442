// `fluence air run` prints what the reference oracle's run-air.mjs prints: for every recorded
// oracle case (oracle/cases.json), the same text line for line, except data.base64 (the
// reference writes hash maps in varying order) and the `reference` block of simulations.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include "support/command_output.h"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

fs::path oracle_dir() { return fs::path(FLUENCE_SOURCE_DIR) / "tests" / "air" / "cli" / "oracle"; }

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

using CliRun = fluence::testing::CommandOutput;

// Runs `fluence air run ARGS` in the oracle folder (the cases use paths relative to it).
CliRun run_air(const std::vector<std::string>& args) {
  std::string cmd = "cd " + shell_quote(oracle_dir().string()) + " && " +
                    shell_quote((fs::path(FLUENCE_BINARY_DIR) / "bin" / "fluence").string()) +
                    " air run";
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " 2>/dev/null";
  return fluence::testing::run_command(cmd);
}

// The lines that must be equal: all but data.base64 and the top-level "reference" block.
std::vector<std::string> comparable_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  bool in_reference = false;
  while (std::getline(in, line)) {
    if (in_reference) {
      if (line == "  },") in_reference = false;
      continue;
    }
    if (line.rfind("  \"reference\": {", 0) == 0) {
      in_reference = line.size() < 2 || line.compare(line.size() - 2, 2, "},") != 0;
      continue;
    }
    if (line.find("\"base64\": ") != std::string::npos) continue;
    out.push_back(line);
  }
  return out;
}

struct OracleCase {
  std::string name;
  int exit = 0;
  std::vector<std::string> args;  // after "run-air.mjs"
};

std::vector<OracleCase> load_cases() {
  std::vector<OracleCase> cases;
  json::value v = json::parse(read_text(oracle_dir() / "cases.json"));
  for (const auto& c : v.as_array()) {
    OracleCase oc;
    oc.name = std::string(c.at("name").as_string());
    oc.exit = static_cast<int>(c.at("exit").to_number<std::int64_t>());
    const auto& cmd = c.at("cmd").as_array();
    for (std::size_t i = 1; i < cmd.size(); ++i) oc.args.emplace_back(cmd[i].as_string());
    cases.push_back(std::move(oc));
  }
  return cases;
}

class OracleOutput : public ::testing::TestWithParam<OracleCase> {};

TEST_P(OracleOutput, IsPrintedTheSame) {
  const OracleCase& c = GetParam();
  CliRun r = run_air(c.args);
  EXPECT_EQ(r.status, c.exit) << r.out;
  std::vector<std::string> ours = comparable_lines(r.out);
  std::vector<std::string> expected =
      comparable_lines(read_text(oracle_dir() / "examples" / "expected" / (c.name + ".json")));
  ASSERT_FALSE(expected.empty());
  for (std::size_t i = 0; i < std::max(ours.size(), expected.size()); ++i) {
    const std::string a = i < ours.size() ? ours[i] : "<none>";
    const std::string b = i < expected.size() ? expected[i] : "<none>";
    ASSERT_EQ(a, b) << c.name << ": first difference at comparable line " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Recorded, OracleOutput, ::testing::ValuesIn(load_cases()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

json::object step_json(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"examples/air/seq-calls.air", "--peer", "client", "--init-peer",
                                   "client", "--compact"};
  args.insert(args.end(), extra.begin(), extra.end());
  CliRun r = run_air(args);
  return json::parse(r.out).as_object();
}

TEST(AirRunFlags, StepDataHasSizeRawAndHumanByDefault) {
  json::object d = step_json({}).at("data").as_object();
  EXPECT_TRUE(d.contains("size"));
  EXPECT_TRUE(d.contains("base64"));
  ASSERT_TRUE(d.contains("human"));
  EXPECT_EQ(d.at("human").at("versions").at("interpreter_version"), "0.62.0");
}

TEST(AirRunFlags, NoHumanLeavesTheHumanReadableDataOut) {
  json::object d = step_json({"--no-human"}).at("data").as_object();
  EXPECT_FALSE(d.contains("human"));
  EXPECT_TRUE(d.contains("base64"));
}

TEST(AirRunFlags, NoRawLeavesTheBase64DataOut) {
  json::object d = step_json({"--no-raw"}).at("data").as_object();
  EXPECT_FALSE(d.contains("base64"));
  EXPECT_TRUE(d.contains("human"));
}

TEST(AirRunFlags, SimulationShowsFinalDataOnlyWithShowData) {
  std::vector<std::string> args = {"examples/air/seq-calls.air", "--simulate",
                                   "examples/air/seq-calls.services.json", "--compact"};
  EXPECT_FALSE(json::parse(run_air(args).out).as_object().contains("final_data"));
  args.push_back("--show-data");
  json::object out = json::parse(run_air(args).out).as_object();
  ASSERT_TRUE(out.contains("final_data"));
  EXPECT_TRUE(out.at("final_data").as_object().contains("client"));
}

}  // namespace
