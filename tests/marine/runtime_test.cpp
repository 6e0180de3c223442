// The runtime core: lifting/lowering of every IT type through a module's memory, linking,
// host API, WASI, limits and load-time checks (marine.md §2, §6-§11).
#include <sys/mman.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include <gtest/gtest.h>

#include "../../src/marine/runtime/host_api.h"
#include "../../src/marine/runtime/lilo.h"
#include "fluence/core/error.h"
#include "fluence/marine/it_binary.h"
#include "fluence/marine/marine.h"
#include "fluence/marine/service.h"
#include "fluence/marine/wasm_sections.h"
#include "fluence/sdk/declarations.h"
#include "test_support.h"

namespace fluence::marine {
namespace {

using namespace testing;

std::string echo_path() { return fixture_dir() + "/echo.wasm"; }
std::string examples_dir() { return FLUENCE_MARINE_EXAMPLES_DIR; }

class EchoModule : public ::testing::Test {
 protected:
  void SetUp() override {
    ModuleConfig cfg;
    marine_.load_module("echo", read_file(echo_path()), cfg);
  }
  IValue echo(const std::string& fn, const IValue& v) {
    auto r = marine_.call("echo", fn, {v});
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? IValue() : r[0];
  }
  Marine marine_;
};

TEST_F(EchoModule, EveryScalarRoundTripsAtItsLimits) {
  std::vector<std::pair<std::string, IValue>> cases = {
      {"echo_bool", IValue::boolean(true)}, {"echo_bool", IValue::boolean(false)},
      {"echo_s8", IValue::s8(-128)}, {"echo_s8", IValue::s8(127)},
      {"echo_s16", IValue::s16(-32768)}, {"echo_s16", IValue::s16(32767)},
      {"echo_s32", IValue::s32(INT32_MIN)}, {"echo_s32", IValue::s32(INT32_MAX)},
      {"echo_s64", IValue::s64(INT64_MIN)}, {"echo_s64", IValue::s64(INT64_MAX)},
      {"echo_u8", IValue::u8(0)}, {"echo_u8", IValue::u8(255)},
      {"echo_u16", IValue::u16(65535)}, {"echo_u32", IValue::u32(0)}, {"echo_u32", IValue::u32(INT32_MAX)},
      {"echo_u64", IValue::u64(0)}, {"echo_u64", IValue::u64(INT64_MAX)},
      {"echo_f32", IValue::f32v(-1.5e38f)}, {"echo_f32", IValue::f32v(std::numeric_limits<float>::infinity())},
      {"echo_f64", IValue::f64v(std::numeric_limits<double>::max())}, {"echo_f64", IValue::f64v(-0.0)},
  };
  for (const auto& [fn, v] : cases) EXPECT_EQ(echo(fn, v), v) << fn << " " << describe(v);
}

TEST_F(EchoModule, UnsignedValuesAbove2To31AreRejectedLikeTheReference) {
  // Quirk Q1 replicated: u32 >= 2^31 and u64 >= 2^63 cannot cross the boundary.
  EXPECT_THROW(marine_.call("echo", "echo_u32", {IValue::u32(1u << 31)}), Error);
  EXPECT_THROW(marine_.call("echo", "echo_u64", {IValue::u64(1ull << 63)}), Error);
}

TEST_F(EchoModule, WrongValueKindIsAnErrorNotACrash) {
  EXPECT_THROW(marine_.call("echo", "echo_s32", {IValue::string("x")}), Error);
  EXPECT_THROW(marine_.call("echo", "echo_outer", {IValue::record({IValue::u8(1)})}), Error);
}

TEST_F(EchoModule, EmptyAndLargeStringsBytesAndArraysRoundTrip) {
  EXPECT_EQ(echo("echo_string", IValue::string("")), IValue::string(""));
  std::string big(1 << 20, 'z');
  EXPECT_EQ(echo("echo_string", IValue::string(big)), IValue::string(big));
  EXPECT_EQ(echo("echo_bytes", IValue::byte_array({})), IValue::byte_array({}));
  EXPECT_EQ(echo("echo_bytes", IValue::byte_array({0, 255, 7})), IValue::byte_array({0, 255, 7}));
  EXPECT_EQ(echo("echo_strings", IValue::array({})), IValue::array({}));
  auto strings = IValue::array({IValue::string("a"), IValue::string(""), IValue::string("ünï")});
  EXPECT_EQ(echo("echo_strings", strings), strings);
}

TEST_F(EchoModule, ByteArrayAndArrayOfU8AreInterchangeable) {
  // A ByteArray passed as array(u8) is written as raw bytes and lifted as an Array of U8.
  auto r = echo("echo_u8s", IValue::byte_array({1, 2, 3}));
  EXPECT_EQ(r, IValue::array({IValue::u8(1), IValue::u8(2), IValue::u8(3)}));
}

IValue inner(bool flag, int8_t small, std::vector<uint8_t> data, std::vector<uint16_t> words) {
  std::vector<IValue> w;
  for (auto x : words) w.push_back(IValue::u16(x));
  return IValue::record({IValue::boolean(flag), IValue::s8(small), IValue::byte_array(std::move(data)), IValue::array(w)});
}

IValue outer(uint64_t id, std::string name) {
  std::vector<IValue> matrix = {IValue::array({IValue::s32(1), IValue::s32(-2)}), IValue::array({}),
                                IValue::array({IValue::s32(INT32_MIN)})};
  return IValue::record({IValue::u64(id), IValue::string(std::move(name)), inner(true, -128, {1, 2}, {65535, 0}),
                         IValue::array({inner(false, 127, {}, {}), inner(true, 0, {9}, {1})}), IValue::array(matrix),
                         IValue::f32v(1.5f), IValue::f64v(-2.25)});
}

TEST_F(EchoModule, NestedRecordsAndArraysRoundTrip) {
  // Inside records, u64 values above 2^63 are plain memory and survive (no range check).
  auto v = outer(UINT64_MAX, "outer");
  auto r = echo("echo_outer", v);
  // byte arrays inside records come back as ByteArray, arrays as Array.
  EXPECT_EQ(r, v);
  auto list = IValue::array({outer(1, "a"), outer(2, "")});
  EXPECT_EQ(echo("echo_outers", list), list);
  auto nested = IValue::array({IValue::array({IValue::string("x")}), IValue::array({})});
  EXPECT_EQ(echo("echo_nested", nested), nested);
}

TEST_F(EchoModule, TrapIsReportedAndTheModuleKeepsServing) {
  try {
    marine_.call("echo", "trap", {});
    FAIL() << "a trap must fail the call";
  } catch (const WasmTrap& e) {
    EXPECT_NE(std::string(e.what()).find("trap"), std::string::npos) << e.what();
  }
  EXPECT_EQ(echo("echo_s32", IValue::s32(5)), IValue::s32(5));
}

TEST_F(EchoModule, CallParametersReachTheModule) {
  CallParameters p;
  p.service_id = "svc-42";
  p.particle.id = "particle-7";
  p.tetraplets = {{SecurityTetraplet{"peer", "s", "f", ".$.a"}}, {}};
  EXPECT_EQ(marine_.call("echo", "service_id", {}, p)[0], IValue::string("svc-42"));
  EXPECT_EQ(marine_.call("echo", "particle_id", {}, p)[0], IValue::string("particle-7"));
}

TEST_F(EchoModule, UnknownFunctionIsAClearError) {
  try {
    marine_.call("echo", "nope", {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
}

TEST(Runtime, LoggerForwardsMessagesWithLevels) {
  RuntimeOptions opts;
  std::vector<std::string> seen;
  opts.log_sink = [&](const std::string& m, int level, const std::string& msg) {
    seen.push_back(m + ":" + std::to_string(level) + ":" + msg);
  };
  Marine marine(opts);
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  marine.call("echo", "log", {IValue::s32(2), IValue::string("careful")});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "echo:2:careful");
}

TEST(Runtime, ModuleImportingTheLoggerNeedsItEnabled) {
  Marine marine;
  ModuleConfig cfg;
  cfg.logger_enabled = false;
  try {
    marine.load_module("echo", read_file(echo_path()), cfg);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("logger"), std::string::npos) << e.what();
  }
}

TEST(Runtime, WasiSeesItsEnvironmentAndOnlyItsMappedDirectories) {
  auto dir = std::filesystem::temp_directory_path() / ("marine-wasi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Marine marine;
  ModuleConfig cfg;
  cfg.envs["GREETING"] = "hola";
  cfg.mapped_dirs["/data"] = dir.string();
  marine.load_module("echo", read_file(echo_path()), cfg);
  EXPECT_EQ(marine.call("echo", "env", {IValue::string("GREETING")})[0], IValue::string("hola"));
  EXPECT_EQ(marine.call("echo", "env", {IValue::string("/data")})[0], IValue::string(dir.string()));
  EXPECT_EQ(marine.call("echo", "env", {IValue::string("HOME")})[0], IValue::string(""));
  EXPECT_EQ(marine.call("echo", "write_file", {IValue::string("/data/f.txt"), IValue::string("hello")})[0],
            IValue::boolean(true));
  auto written = read_file((dir / "f.txt").string());
  EXPECT_EQ(std::string(written.begin(), written.end()), "hello");
  EXPECT_EQ(marine.call("echo", "read_file", {IValue::string("/data/f.txt")})[0], IValue::string("hello"));
  EXPECT_EQ(marine.call("echo", "read_file", {IValue::string("/data/../../../etc/hostname")})[0], IValue::string("<missing>"));
  EXPECT_EQ(marine.call("echo", "read_file", {IValue::string("/etc/hostname")})[0], IValue::string("<missing>"));
  std::filesystem::remove_all(dir);
}

TEST(Runtime, MemoryLimitStopsAGrowingModuleAndOthersKeepServing) {
  RuntimeOptions opts;
  opts.total_memory_limit = 24ull << 20;
  Marine marine(opts);
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  marine.load_module("counter", read_file(examples_dir() + "/counter.wasm"), ModuleConfig{});
  EXPECT_EQ(marine.call("echo", "allocate_mb", {IValue::u32(4)})[0], IValue::u32(4));
  try {
    marine.call("echo", "allocate_mb", {IValue::u32(64)});
    FAIL() << "growing past the limit must fail";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("OOM"), std::string::npos) << e.what();
  }
  uint64_t total = 0;
  for (const auto& m : marine.memory_stats().modules) total += m.memory_bytes;
  EXPECT_LE(total, opts.total_memory_limit);
  EXPECT_EQ(marine.call("counter", "add", {IValue::u32(3)})[0], IValue::u64(3));
}

TEST(Runtime, ModulesLinkAndCallAcrossModules) {
  if (!std::filesystem::exists("/usr/bin/date")) GTEST_SKIP() << "no /usr/bin/date";
  Service service(load_service_config(examples_dir() + "/service/Config.toml"));
  EXPECT_EQ(service.facade(), "facade");
  EXPECT_EQ(boost::json::serialize(service.call("hello", boost::json::parse("[\"Ann\"]"))), "\"Hello, Ann on 1970-01-01\"");
  // The lower layer reaches any module, e.g. the pure one.
  EXPECT_EQ(boost::json::serialize(service.call_module("pure", "stamp", boost::json::parse("[\"t\", 86400]"))),
            "\"t on 1970-01-02\"");
}

TEST(Runtime, ImportFromAModuleNotLoadedIsRejected) {
  Marine marine;
  try {
    marine.load_module("facade", read_file(examples_dir() + "/service/facade.wasm"), ModuleConfig{});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("module with name 'pure' isn't loaded"), std::string::npos) << e.what();
  }
}

TEST(Runtime, MountedBinaryNotInTheConfigIsRejected) {
  Marine marine;
  ModuleConfig cfg;
  cfg.logger_enabled = false;
  try {
    marine.load_module("effector", read_file(examples_dir() + "/service/effector.wasm"), cfg);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not allowed"), std::string::npos) << e.what();
  }
}

std::vector<uint8_t> with_marine_sections(std::vector<uint8_t> wasm) {
  ItSection it;
  it.version = "0.27.0";
  wasm = replace_custom_section(wasm, "interface-types", encode_it_section(it));
  return replace_custom_section(wasm, "__fluence_sdk_version", {'0', '.', '1', '4', '.', '0'});
}

TEST(Runtime, ForeignImportsAreRejected) {
  Marine marine;
  try {
    marine.load_module("bad", with_marine_sections(read_file(fixture_dir() + "/bad_import.wasm")), ModuleConfig{});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("env.foo"), std::string::npos) << e.what();
  }
}

void expect_load_error(const std::vector<uint8_t>& wasm, const std::string& fragment) {
  Marine marine;
  try {
    marine.load_module("m", wasm, ModuleConfig{});
    FAIL() << "loaded a bad module; expected " << fragment;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
  EXPECT_FALSE(marine.has_module("m"));
}

TEST(Runtime, MalformedModulesAreRejectedWithAMessage) {
  auto echo = read_file(echo_path());
  expect_load_error({1, 2, 3}, "not a Wasm binary");
  expect_load_error(std::vector<uint8_t>(echo.begin(), echo.begin() + static_cast<long>(echo.size() / 2)), "");
  expect_load_error(replace_custom_section(echo, "__fluence_sdk_version", {'0', '.', '5', '.', '0'}), "at least 0.6.0");
  // Drop the IT section entirely.
  std::vector<uint8_t> no_it(echo.begin(), echo.begin() + 8);
  for (const auto& s : read_wasm_sections(echo))
    if (!(s.id == 0 && s.name == "interface-types")) no_it.insert(no_it.end(), echo.begin() + static_cast<long>(s.start), echo.begin() + static_cast<long>(s.end));
  expect_load_error(no_it, "interface-types");
  std::vector<uint8_t> no_sdk(echo.begin(), echo.begin() + 8);
  for (const auto& s : read_wasm_sections(echo))
    if (!(s.id == 0 && s.name == "__fluence_sdk_version")) no_sdk.insert(no_sdk.end(), echo.begin() + static_cast<long>(s.start), echo.begin() + static_cast<long>(s.end));
  expect_load_error(no_sdk, "__fluence_sdk_version");
  ItSection old;
  old.version = "0.19.0";
  expect_load_error(replace_custom_section(echo, "interface-types", encode_it_section(old)), "older than 0.20.0");
}

TEST(Runtime, DuplicateAndUnloadedModules) {
  Marine marine;
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  EXPECT_THROW(marine.load_module("echo", read_file(echo_path()), ModuleConfig{}), Error);
  marine.unload_module("echo");
  EXPECT_THROW(marine.call("echo", "echo_s32", {IValue::s32(1)}), Error);
}

// ---- lift/lower directly against a sparse 4 GiB memory ----

class SparseInstance : public EngineInstance {
 public:
  SparseInstance() {
    mem_ = static_cast<uint8_t*>(mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
  }
  ~SparseInstance() override { munmap(mem_, kSize); }
  int find_function(const std::string&) const override { return -1; }
  const FuncSig& function_sig(int) const override { return sig_; }
  void call(int, const WasmValue*, size_t, WasmValue*, size_t) override {}
  uint8_t* memory_data() override { return mem_; }
  uint64_t memory_size() const override { return kSize; }
  void set_memory_limit(uint64_t) override {}
  int64_t fuel() const override { return -1; }
  void set_fuel(int64_t) override {}
  uint64_t grow_rejects() const override { return 0; }
  static constexpr uint64_t kSize = 4ull << 30;

 private:
  uint8_t* mem_;
  FuncSig sig_;
};

TEST(Lilo, ValuesRoundTripAtAddressesAbove2To31AndAtTheEndOfMemory) {
  SparseInstance inst;
  auto decls = sdk::parse_declarations("record R { a: u8, b: string, c: u64, d: []u32, e: bool }\nrecord W { r: R, rs: []R }");
  ItSection it = sdk::generate_it(decls);
  uint64_t next = 0x80000000ull;
  std::vector<std::pair<uint32_t, uint32_t>> calls;
  Lilo lilo{inst, it, [&](uint32_t size, uint32_t tag) {
              calls.emplace_back(size, tag);
              uint32_t p = static_cast<uint32_t>(next);
              next += size;
              return p;
            }};
  IValue r = IValue::record({IValue::u8(7), IValue::string("xyz"), IValue::u64(UINT64_MAX),
                             IValue::array({IValue::u32(1), IValue::u32(2), IValue::u32(UINT32_MAX)}), IValue::boolean(true)});
  uint32_t ptr = lilo.lower_record(6, r);
  EXPECT_GE(ptr, 0x80000000u);
  EXPECT_EQ(lilo.lift_record(6, ptr), r);
  // Allocation order and sizes of marine.md §7.4: string, array buffer, then the 26-byte record.
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0], std::make_pair(3u, 1u));
  EXPECT_EQ(calls[1], std::make_pair(12u, 3u));
  EXPECT_EQ(calls[2], std::make_pair(26u, 1u));
  IValue w = IValue::record({r, IValue::array({r, r})});
  EXPECT_EQ(lilo.lift_record(7, lilo.lower_record(7, w)), w);
  // A range ending exactly at the end of memory is valid (quirk Q5 relaxed); one byte more is not.
  next = SparseInstance::kSize - 3;
  auto [p, n] = lilo.lower_bytes(reinterpret_cast<const uint8_t*>("abc"), 3);
  EXPECT_EQ(lilo.lift_string(p, n), IValue::string("abc"));
  EXPECT_THROW(lilo.lift_string(p, n + 1), Error);
}

TEST(Lilo, InvalidUtf8AndOutOfBoundsReadsAreErrors) {
  SparseInstance inst;
  ItSection it;
  Lilo lilo{inst, it, [](uint32_t, uint32_t) { return 0u; }};
  inst.memory_data()[100] = 0xff;
  EXPECT_THROW(lilo.lift_string(100, 1), Error);
  EXPECT_EQ(lilo.lift_byte_array(100, 1), IValue::byte_array({0xff}));
  EXPECT_THROW(lilo.lift_array(IType::scalar(ITypeKind::kU64), 0xfffffff0u, 0xffffffffu), Error);
}

}  // namespace
}  // namespace fluence::marine

namespace fluence::marine {
namespace {

std::vector<uint8_t> spin_module() {
  auto it = encode_it_section(sdk::generate_it(sdk::parse_declarations("fn spin()\nfn nest()\nfn one() -> s32")));
  auto wasm = replace_custom_section(read_file(fixture_dir() + "/spin.wasm"), "interface-types", it);
  return replace_custom_section(wasm, "__fluence_sdk_version", {'0', '.', '1', '4', '.', '0'});
}

TEST(Limits, ARunawayLoopIsInterruptedAndTheModuleKeepsServing) {
  RuntimeOptions opts;
  opts.fuel_per_call = 100000;
  Marine marine(opts);
  marine.load_module("spin", spin_module(), ModuleConfig{});
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  for (const char* m : {"spin", "echo"}) {
    try {
      if (std::string(m) == "spin") marine.call("spin", "spin", {});
      else marine.call("echo", "spin", {IValue::u64(0)});
      FAIL() << "an endless loop must be interrupted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kLimit);
      EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(marine.call("spin", "one", {})[0], IValue::s32(1));
  // A bounded loop within the budget completes.
  EXPECT_EQ(marine.call("echo", "spin", {IValue::u64(1000)})[0], IValue::u64(499500));
}

TEST(Limits, EndlessRecursionTrapsInsteadOfCrashing) {
  Marine marine;
  marine.load_module("spin", spin_module(), ModuleConfig{});
  EXPECT_THROW(marine.call("spin", "nest", {}), WasmTrap);
  EXPECT_EQ(marine.call("spin", "one", {})[0], IValue::s32(1));
}

TEST(Limits, RefusedGrowthsAreCounted) {
  RuntimeOptions opts;
  opts.total_memory_limit = 8ull << 20;
  Marine marine(opts);
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  EXPECT_EQ(marine.memory_stats().allocation_rejects, 0u);
  EXPECT_THROW(marine.call("echo", "allocate_mb", {IValue::u32(32)}), Error);
  EXPECT_GE(marine.memory_stats().allocation_rejects, 1u);
}

}  // namespace
}  // namespace fluence::marine

namespace fluence::marine {
namespace {

TEST(MountedBinaries, RunWithArgvAndReportSpawnFailures) {
  Marine marine;
  ModuleConfig cfg;
  cfg.logger_enabled = false;
  cfg.mounted_binaries["date"] = "/usr/bin/date";
  marine.load_module("effector", read_file(examples_dir() + "/service/effector.wasm"), cfg);
  auto args = IValue::array({IValue::string("-u"), IValue::string("-d"), IValue::string("@86400"), IValue::string("+%F")});
  EXPECT_EQ(marine.call("effector", "date", {args})[0], IValue::string("1970-01-02"));

  Marine broken;
  cfg.mounted_binaries["date"] = "/nonexistent/date";
  broken.load_module("effector", read_file(examples_dir() + "/service/effector.wasm"), cfg);
  // The module returns the `error` field when ret_code != 0 (100001 = spawn failure).
  EXPECT_EQ(broken.call("effector", "date", {args})[0], IValue::string("No such file or directory"));
}

TEST(MountedBinaries, RunBinaryCapturesOutputAndExitCode) {
  auto r = run_binary("/bin/sh", {"-c", "printf out; printf err >&2; exit 3"});
  EXPECT_EQ(r.ret_code, 3);
  EXPECT_EQ(r.stdout_bytes, "out");
  EXPECT_EQ(r.stderr_bytes, "err");
  EXPECT_EQ(run_binary("/nonexistent", {}).ret_code, 100001);
  EXPECT_EQ(run_binary("/bin/sh", {"-c", "kill -9 $$"}).ret_code, 100000);
}

}  // namespace
}  // namespace fluence::marine

namespace fluence::marine {
namespace {

TEST(Runtime, WasmLogLevelComesFromTheHostPerModule) {
  setenv("WASM_LOG", "other=trace,echo=debug,warn", 1);
  Marine marine;
  marine.load_module("echo", read_file(echo_path()), ModuleConfig{});
  marine.load_module("plain", read_file(echo_path()), ModuleConfig{});
  unsetenv("WASM_LOG");
  EXPECT_EQ(marine.call("echo", "env", {IValue::string("WASM_LOG")})[0], IValue::string("debug"));
  EXPECT_EQ(marine.call("plain", "env", {IValue::string("WASM_LOG")})[0], IValue::string("warn"));
}

}  // namespace
}  // namespace fluence::marine
