/* The benchmark kernel shared by the Wasm module and the native baseline. */
#ifndef FLUENCE_BENCH_MIX_H
#define FLUENCE_BENCH_MIX_H
#include <stdint.h>

static inline uint64_t fluence_bench_mix(uint32_t rounds) {
  uint64_t h = 0xcbf29ce484222325ull, x = 88172645463325252ull;
  for (uint32_t i = 0; i < rounds; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    h = (h ^ (x & 0xff)) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  return h >> 1; /* stays below 2^63: u64 results at or above it cannot cross the IT boundary (quirk Q1) */
}
#endif
