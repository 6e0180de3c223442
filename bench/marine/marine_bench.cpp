// Marine runtime benchmarks: call overhead, records, large byte arrays, a compute kernel
// (native vs interpreter vs AOT) and avm.wasm. Run bench/marine/compare.sh to see them beside
// marine-js with ratios.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fluence/marine/marine.h"
#include "mix.h"

namespace fluence::marine {
namespace {

std::vector<uint8_t> read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), {});
}

std::string modules_dir() { return FLUENCE_MARINE_BENCH_MODULES; }
std::string avm_path() { return std::string(FLUENCE_MARINE_SOURCE_DIR) + "/tests/interop/marine/node_modules/@fluencelabs/avm/dist/avm.wasm"; }

Marine& runtime(Tier tier) {
  static Marine* interp = nullptr;
  static Marine* aot = nullptr;
  Marine*& m = tier == Tier::kAot ? aot : interp;
  if (!m) {
    RuntimeOptions o;
    o.tier = tier;
    m = new Marine(o);
    m->load_module("greeting", read(modules_dir() + "/greeting.wasm"), ModuleConfig{});
    m->load_module("records", read(modules_dir() + "/records.wasm"), ModuleConfig{});
    m->load_module("compute", read(modules_dir() + "/compute.wasm"), ModuleConfig{});
  }
  return *m;
}

Tier tier_of(const benchmark::State& s) { return s.range(0) ? Tier::kAot : Tier::kInterpreter; }

void BM_TrivialCall(benchmark::State& state) {
  Marine& m = runtime(tier_of(state));
  std::vector<IValue> args{IValue::string("world")};
  for (auto _ : state) benchmark::DoNotOptimize(m.call("greeting", "greet", args));
  state.SetLabel(m.engine_of("greeting"));
}
BENCHMARK(BM_TrivialCall)->Arg(0)->Arg(1);

void BM_RecordHeavyCall(benchmark::State& state) {
  Marine& m = runtime(tier_of(state));
  std::vector<IValue> users;
  for (int i = 0; i < 100; ++i)
    users.push_back(IValue::record({IValue::string("user" + std::to_string(i)), IValue::u32(static_cast<uint32_t>(i)),
                                    IValue::array({IValue::string("a"), IValue::string("b")}), IValue::boolean(i % 2)}));
  std::vector<IValue> args{IValue::array(users)};
  for (auto _ : state) benchmark::DoNotOptimize(m.call("records", "stats", args));
  state.SetLabel(m.engine_of("records"));
}
BENCHMARK(BM_RecordHeavyCall)->Arg(0)->Arg(1);

void BM_ByteArray1MB(benchmark::State& state) {
  Marine& m = runtime(tier_of(state));
  std::vector<IValue> args{IValue::byte_array(std::vector<uint8_t>(1 << 20, 7))};
  for (auto _ : state) benchmark::DoNotOptimize(m.call("records", "reverse", args));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * (1 << 20));
  state.SetLabel(m.engine_of("records"));
}
BENCHMARK(BM_ByteArray1MB)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

constexpr uint32_t kRounds = 1000000;

void BM_ComputeNative(benchmark::State& state) {
  for (auto _ : state) {
    uint32_t rounds = kRounds;
    benchmark::DoNotOptimize(rounds);
    benchmark::DoNotOptimize(fluence_bench_mix(rounds));
  }
}
BENCHMARK(BM_ComputeNative)->Unit(benchmark::kMillisecond);

void BM_Compute(benchmark::State& state) {
  Marine& m = runtime(tier_of(state));
  std::vector<IValue> args{IValue::u32(kRounds)};
  for (auto _ : state) benchmark::DoNotOptimize(m.call("compute", "hash", args));
  state.SetLabel(m.engine_of("compute"));
}
BENCHMARK(BM_Compute)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_AvmLoad(benchmark::State& state) {
  if (!std::filesystem::exists(avm_path())) { state.SkipWithError("avm.wasm missing (npm ci in tests/interop/marine)"); return; }
  auto wasm = read(avm_path());
  for (auto _ : state) {
    Marine m;
    m.load_module("avm", wasm, ModuleConfig{});
  }
}
BENCHMARK(BM_AvmLoad)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_AvmInvoke(benchmark::State& state) {
  if (!std::filesystem::exists(avm_path())) { state.SkipWithError("avm.wasm missing"); return; }
  Marine m;
  m.load_module("avm", read(avm_path()), ModuleConfig{});
  std::string peer = "12D3KooWB8sCGZCrwr79HtabLAn95qyPQx6RYHXjEbiD6QKou7ww";
  auto params = IValue::record({IValue::string(peer), IValue::string(peer), IValue::u64(1700000000000), IValue::u32(120000),
                                IValue::u8(0), IValue::byte_array(std::vector<uint8_t>(32, 7)),
                                IValue::string("00000000-0000-4000-8000-000000000000"), IValue::u64(1ull << 32),
                                IValue::u64(1ull << 32), IValue::u64(1ull << 32), IValue::boolean(false)});
  std::vector<IValue> args{IValue::string("(seq (call %init_peer_id% (\"svc\" \"fn\") [\"a\" 1] r) (null))"),
                           IValue::byte_array({}), IValue::byte_array({}), params, IValue::byte_array({0x81, 0x04, 0x80})};
  for (auto _ : state) benchmark::DoNotOptimize(m.call("avm", "invoke", args));
}
BENCHMARK(BM_AvmInvoke)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fluence::marine

BENCHMARK_MAIN();
