// Code generation rules (aqua.md §9): exact AIR for the golden programs whose output we match
// byte for byte, and individual rules (wrapper, naming, folding, options, the built-in library).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_util.h"

namespace fluence::aqua {
namespace {

using testing::air_of;
using testing::compile;
using testing::errors_of;
using testing::source_dir;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The CLI's layout: ";; func NAME" + AIR per function, sorted by name, blank line between.
std::string cli_layout(const CompileResult& r) {
  std::vector<const FunctionOutput*> fs;
  for (const auto& f : r.functions) fs.push_back(&f);
  std::sort(fs.begin(), fs.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string out;
  for (auto* f : fs) out += ";; func " + f->name + "\n" + f->air + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

void expect_golden(const std::string& src, const std::string& golden, const CompileOptions& opts = {}) {
  std::string dir = source_dir() + "/tests/aqua/";
  auto r = compile_file(dir + "corpus/" + src, opts);
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_EQ(cli_layout(r), read(dir + "golden/" + golden));
}

TEST(AquaCodegen, GoldenInlining) { expect_golden("golden_a1.aqua", "a1.air"); }
TEST(AquaCodegen, GoldenOperators) { expect_golden("golden_e1.aqua", "e1.air"); }
TEST(AquaCodegen, GoldenOnViaAndIf) { expect_golden("golden_o1.aqua", "o1.air"); }
TEST(AquaCodegen, GoldenLayoutAndComments) { expect_golden("golden_p1.aqua", "p1.air"); }
TEST(AquaCodegen, GoldenParChains) { expect_golden("golden_q11.aqua", "q11.air"); }
TEST(AquaCodegen, GoldenTryNestedCallsConstants) { expect_golden("golden_r1.aqua", "r1.air"); }
TEST(AquaCodegen, GoldenTopologyHops) { expect_golden("golden_t1.aqua", "t1.air"); }
TEST(AquaCodegen, GoldenIfTryParCo) { expect_golden("golden_c1.aqua", "c1.air"); }
TEST(AquaCodegen, GoldenAbilitiesAndServiceAbilities) { expect_golden("golden_ab2.aqua", "ab2.air"); }
TEST(AquaCodegen, GoldenStreamComputedIndex) { expect_golden("golden_q14.aqua", "q14.air"); }
TEST(AquaCodegen, GoldenStreamsAndLoops) { expect_golden("golden_s1.aqua", "s1.air"); }
TEST(AquaCodegen, GoldenModules) { expect_golden("golden_main.aqua", "main.air"); }
TEST(AquaCodegen, GoldenNoXor) {
  CompileOptions o;
  o.no_xor = true;
  expect_golden("golden_o1.aqua", "o1.noxor.air", o);
  expect_golden("golden_v1.aqua", "v1.noxor.air", o);
}
TEST(AquaCodegen, GoldenNoRelay) {
  CompileOptions o;
  o.no_relay = true;
  expect_golden("golden_o1.aqua", "o1.norelay.air", o);
}

TEST(AquaCodegen, OnlyExportedFunctionsAreCompiled) {
  auto r = compile("aqua A\nexport b\n\nfunc a() -> u32:\n  <- 1\n\nfunc b() -> u32:\n  <- a()\n");
  ASSERT_EQ(r.functions.size(), 1u);
  EXPECT_EQ(r.functions[0].name, "b");
}

TEST(AquaCodegen, ExportAsRenamesAndLastSpellingWins) {
  auto r = compile("aqua A\nexport f, f as g\n\nfunc f() -> u32:\n  <- 1\n");
  ASSERT_EQ(r.functions.size(), 1u);
  EXPECT_EQ(r.functions[0].name, "g");
}

TEST(AquaCodegen, ServiceResultsAreNamedRetWithSuffixes) {
  auto r = compile("aqua A\nexport f\n\nservice S(\"s\"):\n  g(x: string) -> string\n\nfunc f() -> string:\n  a <- S.g(\"1\")\n  b <- S.g(a)\n  c <- S.g(b)\n  <- c\n");
  std::string air = air_of(r);
  EXPECT_NE(air.find("(call %init_peer_id% (\"s\" \"g\") [\"1\"] ret)"), std::string::npos) << air;
  EXPECT_NE(air.find("[ret] ret-0)"), std::string::npos) << air;
  EXPECT_NE(air.find("[ret-0] ret-1)"), std::string::npos) << air;
}

TEST(AquaCodegen, LiteralArithmeticIsFolded) {
  auto r = compile("aqua A\nexport f\n\nfunc f() -> i32:\n  <- 2 ** 3 + 10 / 3 - 7 % 4\n");
  EXPECT_NE(air_of(r).find("(call %init_peer_id% (\"callbackSrv\" \"response\") [8])"), std::string::npos) << air_of(r);
}

TEST(AquaCodegen, ConstOverride) {
  CompileOptions o;
  o.constants = {"PEER = \"other\""};
  auto r = compile("aqua A\nexport f\nconst PEER ?= \"p\"\n\nfunc f() -> string:\n  <- PEER\n", o);
  EXPECT_NE(air_of(r).find("[\"other\"]"), std::string::npos) << air_of(r);
}

TEST(AquaCodegen, EmptyResponseOption) {
  CompileOptions o;
  o.no_empty_response = false;
  auto r = compile("aqua A\nexport f\n\nfunc f():\n  x = 1\n", o);
  EXPECT_NE(air_of(r).find("(call %init_peer_id% (\"callbackSrv\" \"response\") [])"), std::string::npos) << air_of(r);
  auto r2 = compile("aqua A\nexport f\n\nfunc f():\n  x = 1\n");
  EXPECT_EQ(air_of(r2).find("response"), std::string::npos) << air_of(r2);
}

TEST(AquaCodegen, BuiltinLibraryNeedsNoNodeModules) {
  auto r = compile("aqua A\nimport \"@fluencelabs/aqua-lib/builtin.aqua\"\nexport f\n\nfunc f() -> string:\n  id <- Peer.identify()\n  <- id.node_version\n");
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_NE(air_of(r).find("(\"peer\" \"identify\")"), std::string::npos);
}

TEST(AquaCodegen, StructFieldsInSortedOrder) {
  auto r = compile("aqua A\nexport f\n\ndata D:\n  b: u32\n  a: string\n\nfunc f() -> D:\n  <- D(b = 1, a = \"x\")\n");
  std::string air = air_of(r);
  EXPECT_LT(air.find("(ap (\"a\" \"x\") %D_obj_map)"), air.find("(ap (\"b\" 1) %D_obj_map)")) << air;
}

TEST(AquaCodegen, HostPeerIdWithoutRelay) {
  CompileOptions o;
  o.no_relay = true;
  auto r = compile("aqua A\nexport f\n\nfunc f() -> string:\n  <- HOST_PEER_ID\n", o);
  EXPECT_NE(air_of(r).find("[%init_peer_id%]"), std::string::npos) << air_of(r);
  EXPECT_EQ(air_of(r).find("-relay-"), std::string::npos);
}

TEST(AquaCodegen, CallbackArgumentsCallTheClient) {
  auto r = compile("aqua A\nexport f\n\nfunc f(cb: string -> string) -> string:\n  x <- cb(\"a\")\n  <- x\n");
  std::string air = air_of(r);
  EXPECT_NE(air.find("(call %init_peer_id% (\"callbackSrv\" \"cb\") [\"a\"]"), std::string::npos) << air;
  EXPECT_EQ(r.functions[0].args[0].kind, "arrow");
}

TEST(AquaCodegen, StreamArgumentIsFoldedIntoAStream) {
  auto r = compile("aqua A\nexport f\n\nfunc f(s: *string) -> []string:\n  <- s\n");
  std::string air = air_of(r);
  EXPECT_NE(air.find("(call %init_peer_id% (\"getDataSrv\" \"s\") [] s-iter)"), std::string::npos) << air;
  EXPECT_NE(air.find("(ap s-item-0 $-s-arg-)"), std::string::npos) << air;
}

}  // namespace
}  // namespace fluence::aqua

namespace fluence::aqua {
namespace {

TEST(AquaCodegen, SignatureAsTypeDefinitionJson) {
  auto r = testing::compile("aqua A\nexport f, S\n\nservice S(\"s\"):\n  g(x: u32) -> bool\n\nfunc f(a: string, o: ?u8, cb: string -> ()) -> []string:\n  <- [a]\n");
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_EQ(r.functions[0].arrow_json,
            "{\"tag\":\"arrow\",\"domain\":{\"tag\":\"labeledProduct\",\"fields\":{\"a\":{\"tag\":\"scalar\",\"name\":\"string\"},"
            "\"o\":{\"tag\":\"option\",\"type\":{\"tag\":\"scalar\",\"name\":\"u8\"}},\"cb\":{\"tag\":\"arrow\",\"domain\":"
            "{\"tag\":\"labeledProduct\",\"fields\":{\"arg0\":{\"tag\":\"scalar\",\"name\":\"string\"}}},\"codomain\":{\"tag\":\"nil\"}}}},"
            "\"codomain\":{\"tag\":\"unlabeledProduct\",\"items\":[{\"tag\":\"array\",\"type\":{\"tag\":\"scalar\",\"name\":\"string\"}}]}}");
  ASSERT_EQ(r.services.size(), 1u);
  EXPECT_EQ(r.services[0].default_id, "s");
  EXPECT_EQ(r.services[0].functions_json,
            "{\"tag\":\"labeledProduct\",\"fields\":{\"g\":{\"tag\":\"arrow\",\"domain\":{\"tag\":\"labeledProduct\",\"fields\":"
            "{\"x\":{\"tag\":\"scalar\",\"name\":\"u32\"}}},\"codomain\":{\"tag\":\"unlabeledProduct\",\"items\":[{\"tag\":\"scalar\",\"name\":\"bool\"}]}}}}");
}

}  // namespace
}  // namespace fluence::aqua
