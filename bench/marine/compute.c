// Compute-heavy export for the benchmarks: a 64-bit mixing loop (the same code runs natively
// in marine_bench for the native baseline).
#include "fluence/marine_sdk.h"
#include "mix.h"

FLUENCE_MARINE_DECLARE("fn hash(rounds: u32) -> u64");

uint64_t FLUENCE_MARINE_EXPORT(hash)(uint32_t rounds) { return fluence_bench_mix(rounds); }
