// Whole runs on fuzzed particle data (as current_data and as prev_data) and fuzzed call
// results with a fixed script that touches calls, streams, canon and folds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fluence/air/interpreter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string kAir = R"(
    (seq
     (seq (call %init_peer_id% ("s" "f") [] x) (call %init_peer_id% ("s" "g") [x] $s))
     (seq (canon %init_peer_id% $s #$c)
      (fold $s i (seq (ap i $t) (next i)) (null))))
  )";
  fluence::air::RunParameters p;
  p.init_peer_id = "12D3KooWEX9FMY4kgWPq8HitrZxudcATTPkT9tSY9FBx1A52TZmd";
  p.current_peer_id = p.init_peer_id;
  p.secret_key_bytes = fluence::Bytes(32, 7);
  p.particle_id = "fuzz";
  if (size == 0) return 0;
  // first byte: where the rest goes
  fluence::ByteView rest(data + 1, size - 1);
  const fluence::Bytes none = {0x81, 0x04, 0x80};
  fluence::air::InterpreterOutcome o;
  switch (data[0] % 3) {
    case 0: o = fluence::air::invoke(kAir, {}, rest, p, none); break;
    case 1: o = fluence::air::invoke(kAir, rest, {}, p, none); break;
    default: o = fluence::air::invoke(kAir, {}, {}, p, rest); break;
  }
  if (o.ret_code < 0) __builtin_trap();
  return 0;
}
