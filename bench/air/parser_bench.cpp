// AIR parser benchmarks: the shape of the reference's parser-10000-100 scenario (10 000
// instructions over 100 variables, plain ap and call forms), a compiled Aqua script, and deep
// nesting. The reference's published figure for parser-10000-100 is 17 ms for a whole run.
#include <benchmark/benchmark.h>

#include <string>

#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/parser.h"

namespace {

// `count` instructions in a right-nested seq chain: the first 100 define x0..x99 with ap, the
// rest use them (as call arguments when `calls`, else as ap arguments).
std::string scenario_script(size_t count, bool calls) {
  std::string body;
  size_t seqs = 0;
  for (size_t i = 0; i < count; ++i) {
    std::string instr;
    if (i < 100) {
      instr = "(ap \"value-" + std::to_string(i) + "\" x" + std::to_string(i) + ")";
    } else if (calls) {
      instr = "(call %init_peer_id% (\"service\" \"function\") [x" + std::to_string(i % 100) +
              " x" + std::to_string((i * 7) % 100) + ".$.field.[0]] $s)";
    } else {
      instr = "(ap x" + std::to_string(i % 100) + " $s)";
    }
    if (i + 1 < count) {
      body += "(seq " + instr + " ";
      ++seqs;
    } else {
      body += instr;
    }
  }
  body.append(seqs, ')');
  return body;
}

void BM_Parse(benchmark::State& state, bool calls) {
  const std::string script = scenario_script(static_cast<size_t>(state.range(0)), calls);
  for (auto _ : state) {
    auto r = fluence::air::parse_air(script);
    if (!r.ok()) state.SkipWithError(r.error_text.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * script.size()));
  state.counters["instructions"] = static_cast<double>(state.range(0));
}

void BM_ParsePlain(benchmark::State& state) { BM_Parse(state, false); }
void BM_ParseCalls(benchmark::State& state) { BM_Parse(state, true); }
BENCHMARK(BM_ParsePlain)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ParseCalls)->Arg(10000)->Unit(benchmark::kMicrosecond);

void BM_AstJson(benchmark::State& state) {
  auto r = fluence::air::parse_air(scenario_script(10000, true));
  for (auto _ : state) benchmark::DoNotOptimize(fluence::air::ast_to_json(r.script->root()));
}
BENCHMARK(BM_AstJson)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
