// The `fluence` command as a user meets it: help, errors, and the main job's path
// (Marine module -> Aqua compiler -> AIR simulation), run on the built binary.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include "support/command_output.h"

namespace {

namespace fs = std::filesystem;

using Run = fluence::testing::CommandOutput;

fs::path binary_dir() { return FLUENCE_BINARY_DIR; }

Run run(const std::string& args) {
  return fluence::testing::run_command((binary_dir() / "bin" / "fluence").string() + " " + args +
                                      " 2>&1");
}

std::string source(const std::string& rel) { return (fs::path(FLUENCE_SOURCE_DIR) / rel).string(); }

TEST(Cli, HelpListsEveryLayersSubcommands) {
  auto r = run("--help");
  EXPECT_EQ(r.status, 0);
  for (const char* sub : {"key", "air", "aqua", "marine", "node", "run"})
    EXPECT_NE(r.out.find(std::string("\n  ") + sub), std::string::npos) << sub << "\n" << r.out;
}

TEST(Cli, UnknownSubcommandIsAnErrorNotACrash) {
  auto r = run("frobnicate");
  EXPECT_NE(r.status, 0);
  EXPECT_LT(r.status, 128) << "killed by a signal";
  EXPECT_NE(r.out.find("--help"), std::string::npos) << r.out;
}

TEST(Cli, KeyShowPrintsThePeerIdOfASeed) {
  // Seed 32 x 0x01 (air.md §9.8 test vector), given as base64.
  auto r = run("key show AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5"), std::string::npos)
      << r.out;
}

TEST(Cli, AquaErrorsNameFileLineAndColumn) {
  fs::path dir = fs::temp_directory_path() / "fluence-cli-test";
  fs::create_directories(dir);
  std::ofstream(dir / "bad.aqua") << "aqua Bad\n\nfunc f() -> string:\n  <- undefinedName\n";
  auto r = run("aqua compile " + (dir / "bad.aqua").string());
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("bad.aqua:4:"), std::string::npos) << r.out;
}

TEST(Cli, NoEmptyResponseIsTheDefaultAndEmptyResponseAddsTheCall) {
  fs::path dir = fs::temp_directory_path() / "fluence-cli-test";
  fs::create_directories(dir);
  std::ofstream(dir / "unit.aqua")
      << "aqua Unit\n\nexport nothing\n\nservice Op(\"op\"):\n  noop()\n\nfunc nothing():\n  Op.noop()\n";
  auto plain = run("aqua compile " + (dir / "unit.aqua").string());
  auto explicit_no = run("aqua compile --no-empty-response " + (dir / "unit.aqua").string());
  auto with = run("aqua compile --empty-response " + (dir / "unit.aqua").string());
  ASSERT_EQ(plain.status, 0) << plain.out;
  EXPECT_EQ(plain.out, explicit_no.out);
  EXPECT_EQ(plain.out.find("\"response\""), std::string::npos) << plain.out;
  EXPECT_NE(with.out.find("\"response\""), std::string::npos) << with.out;
}

// Without a network: the greeting module's answer, the compiled hello function and the
// simulation across client, relay and alice end with the response the client receives (the
// networked path of scripts/run.sh is covered by tests/client).
TEST(Cli, SimulatedHelloReturnsTheModulesGreeting) {
  auto greeting = run("marine call " + (binary_dir() / "examples/modules/greeting.wasm").string() +
                      " greet '[\"Fluence\"]'");
  ASSERT_EQ(greeting.status, 0) << greeting.out;
  EXPECT_EQ(boost::json::parse(greeting.out), boost::json::value("Hi, Fluence"));

  fs::path dir = fs::temp_directory_path() / "fluence-cli-test";
  fs::create_directories(dir);
  auto air = run("aqua compile " + source("examples/hello/hello.aqua") + " --func hello");
  ASSERT_EQ(air.status, 0) << air.out;
  std::ofstream(dir / "hello.air") << air.out;

  std::ifstream in(source("examples/hello/services.template.json"));
  std::string table((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = table.find("@GREETING@");
  ASSERT_NE(at, std::string::npos);
  table.replace(at, 10, "\"Hi, Fluence\"");
  std::ofstream(dir / "services.json") << table;

  auto sim = run("air run " + (dir / "hello.air").string() + " --simulate " +
                 (dir / "services.json").string() + " --no-tetraplets --compact");
  ASSERT_EQ(sim.status, 0) << sim.out;
  auto out = boost::json::parse(sim.out).as_object();
  EXPECT_EQ(out.at("complete"), true);
  const auto& client = out.at("calls").at("client").as_array();
  ASSERT_FALSE(client.empty());
  const auto& last = client.back().as_object();
  EXPECT_EQ(last.at("function"), "response");
  EXPECT_EQ(last.at("args"), boost::json::parse(R"(["Hi, Fluence","fluence-cpp-0.1.0"])"));
}

}  // namespace
