// Malformed input gives errors, never a crash or a hang: binary garbage, deep nesting, huge input.
#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace fluence::aqua {
namespace {

using testing::compile;

TEST(AquaRobustness, BinaryGarbageGivesErrors) {
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::string s(512, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    auto r = compile(s);
    EXPECT_FALSE(r.ok());
  }
}

TEST(AquaRobustness, RandomTokenSoupDoesNotCrash) {
  const char* pieces[] = {"aqua A\n", "func f(", "x: u32", ")", ":\n", "  ", "<- ", "on ", "for x <- xs", " par", "if ", "a == b",
                          "\n", "(", "[", "]", "?[", "*[", ",", "S.f()", "x <<- 1", "co ", "par ", "try:\n", "catch e:\n", "-> u32"};
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string s = "aqua A\nexport f\n";
    for (int k = 0; k < 40; ++k) s += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    compile(s);  // must return
  }
  SUCCEED();
}

TEST(AquaRobustness, DeepParenthesesAreRejected) {
  std::string e(100000, '(');
  auto r = compile("aqua A\n\nfunc f() -> u32:\n  <- " + e + "1\n");
  EXPECT_FALSE(r.ok());
}

TEST(AquaRobustness, DeepNotChainIsRejected) {
  std::string e(100000, '!');
  auto r = compile("aqua A\n\nfunc f() -> bool:\n  <- " + e + "true\n");
  EXPECT_FALSE(r.ok());
}

TEST(AquaRobustness, DeepBlocksAreRejected) {
  std::string s = "aqua A\n\nfunc f():\n";
  for (int i = 1; i < 5000; ++i) s += std::string(i, ' ') + "on \"p\":\n";
  s += std::string(5000, ' ') + "x = 1\n";
  auto r = compile(s);
  EXPECT_FALSE(r.ok());
}

TEST(AquaRobustness, DeepInliningIsBounded) {
  // Each function calls the previous one twice: 2^40 calls if inlined naively.
  std::string s = "aqua A\nexport f39\n\nservice S(\"s\"):\n  g()\n\nfunc f0():\n  S.g()\n";
  for (int i = 1; i < 40; ++i) {
    s += "\nfunc f" + std::to_string(i) + "():\n  f" + std::to_string(i - 1) + "()\n  f" + std::to_string(i - 1) + "()\n";
  }
  auto r = compile(s);
  EXPECT_FALSE(r.ok());
}

TEST(AquaRobustness, HugeFileCompiles) {
  std::string s = "aqua A\nexport f\n\nservice S(\"s\"):\n  g(x: u32) -> u32\n\nfunc f() -> u32:\n  x0 <- S.g(0)\n";
  for (int i = 1; i < 20000; ++i) s += "  x" + std::to_string(i) + " <- S.g(x" + std::to_string(i - 1) + ")\n";
  s += "  <- x19999\n";
  auto r = compile(s);
  ASSERT_TRUE(r.ok()) << r.render_diagnostics().substr(0, 500);
  EXPECT_NE(r.functions[0].air.find("ret-19998"), std::string::npos);
}

TEST(AquaRobustness, LongLineWithManyErrorsIsBounded) {
  std::string s = "aqua A\n";
  for (int i = 0; i < 10000; ++i) s += "#";
  auto r = compile(s);
  EXPECT_FALSE(r.ok());
}

TEST(AquaRobustness, ImportCycleIsReported) {
  // A file importing itself.
  auto r = compile_string("aqua A declares *\nimport \"test.aqua\"\n", "test.aqua", {});
  // The virtual file is not on disk, so the import cannot be resolved: still an error, no loop.
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace fluence::aqua
