// The AOT tier (wasm2c + cc): modules that qualify run there with the same results as on the
// interpreter, with the same limits; modules that do not (SIMD) fall back to the interpreter.
#include <filesystem>

#include <gtest/gtest.h>

#include "fluence/core/error.h"
#include "fluence/marine/marine.h"
#include "fluence/marine/service.h"
#include "test_support.h"

namespace fluence::marine {
namespace {

using namespace testing;

std::string cache_dir() {
  static std::string dir = temp_path("aot-cache");
  return dir;
}

// Removes the compiled shared objects when the tests end.
class CacheCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(cache_dir(), ec);
  }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new CacheCleanup);

RuntimeOptions aot_options() {
  RuntimeOptions o;
  o.tier = Tier::kAot;
  o.aot_cache_dir = cache_dir();
  return o;
}

std::vector<std::pair<std::string, std::vector<IValue>>> echo_calls() {
  auto rec = IValue::record({IValue::u64(UINT64_MAX), IValue::string("n"),
                             IValue::record({IValue::boolean(true), IValue::s8(-128), IValue::byte_array({1, 2}),
                                             IValue::array({IValue::u16(65535)})}),
                             IValue::array({}), IValue::array({IValue::array({IValue::s32(-1)})}), IValue::f32v(1.5f),
                             IValue::f64v(-2.25)});
  return {{"echo_s64", {IValue::s64(INT64_MIN)}},
          {"echo_u32", {IValue::u32(INT32_MAX)}},
          {"echo_f32", {IValue::f32v(3.25f)}},
          {"echo_f64", {IValue::f64v(-1e300)}},
          {"echo_string", {IValue::string(std::string(100000, 'q'))}},
          {"echo_strings", {IValue::array({IValue::string("a"), IValue::string("")})}},
          {"echo_outer", {rec}},
          {"spin", {IValue::u64(1000)}},
          {"service_id", {}}};
}

TEST(AotTier, ModulesRunWithTheSameResultsAsOnTheInterpreter) {
  Marine interp;
  Marine aot(aot_options());
  auto wasm = read_file(fixture_dir() + "/echo.wasm");
  interp.load_module("echo", wasm, ModuleConfig{});
  aot.load_module("echo", wasm, ModuleConfig{});
  EXPECT_EQ(aot.engine_of("echo"), "aot");
  CallParameters p;
  p.service_id = "aot-service";
  for (const auto& [fn, args] : echo_calls()) EXPECT_EQ(aot.call("echo", fn, args, p), interp.call("echo", fn, args, p)) << fn;
}

TEST(AotTier, MultiModuleServiceLinksAcrossCompiledModules) {
  if (!std::filesystem::exists("/usr/bin/date")) GTEST_SKIP();
  Service service(load_service_config(std::string(FLUENCE_MARINE_EXAMPLES_DIR) + "/service/Config.toml"), aot_options());
  for (const auto& m : {"effector", "pure", "facade"}) EXPECT_EQ(service.marine().engine_of(m), "aot");
  EXPECT_EQ(boost::json::serialize(service.call("hello", boost::json::parse("[\"Bo\"]"))), "\"Hello, Bo on 1970-01-01\"");
}

TEST(AotTier, TrapsLimitsAndRunawayLoopsBehaveAsOnTheInterpreter) {
  auto opts = aot_options();
  opts.fuel_per_call = 100000;
  opts.total_memory_limit = 16ull << 20;
  Marine aot(opts);
  aot.load_module("echo", read_file(fixture_dir() + "/echo.wasm"), ModuleConfig{});
  EXPECT_THROW(aot.call("echo", "trap", {}), WasmTrap);
  try {
    aot.call("echo", "spin", {IValue::u64(0)});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
  }
  try {
    aot.call("echo", "allocate_mb", {IValue::u32(64)});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("OOM"), std::string::npos) << e.what();
  }
  EXPECT_LE(aot.memory_stats().modules[0].memory_bytes, opts.total_memory_limit);
  EXPECT_EQ(aot.call("echo", "echo_s32", {IValue::s32(7)})[0], IValue::s32(7));
}

TEST(AotTier, SimdModulesFallBackToTheInterpreter) {
  if (must_skip_interop()) GTEST_SKIP() << "avm.wasm comes from the interop npm packages";
  Marine aot(aot_options());
  aot.load_module("avm", read_file(avm_wasm_path()), ModuleConfig{});
  EXPECT_EQ(aot.engine_of("avm"), "interpreter");
  EXPECT_EQ(aot.call("avm", "ast", {IValue::string("(null)")})[0], IValue::string("{\"Null\":null}"));
}

}  // namespace
}  // namespace fluence::marine
