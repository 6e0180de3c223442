// Rewrites a Wasm module so that both engines can bound it: every loop header decrements an
// exported i64 global `__fluence_fuel` and traps when it drops below zero (a runaway loop is
// interrupted), and every memory.grow that fails increments an exported i32 global
// `__fluence_grow_rejects` (the memory limiter's rejection counter). Only appends globals and
// exports, so no index in the module changes.
#pragma once

#include <cstdint>
#include <vector>

namespace fluence::marine {

struct InstrumentResult {
  std::vector<uint8_t> wasm;
  uint32_t loops = 0;        // loop headers instrumented
  uint32_t memory_grows = 0; // memory.grow sites instrumented
  bool uses_simd = false;     // the code has 0xfd-prefixed instructions
};

// Throws fluence::Error for a module it cannot decode (unknown opcode, truncation).
InstrumentResult instrument_module(const std::vector<uint8_t>& wasm);

}  // namespace fluence::marine
