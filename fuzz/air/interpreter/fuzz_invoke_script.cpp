// Whole runs of fuzzed AIR scripts: parse, execute with local call results for the first
// requests, replay the produced data. Every outcome must carry a valid code; no crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fluence/air/call_request_codec.h"
#include "fluence/air/interpreter.h"

namespace {

fluence::air::RunParameters params() {
  fluence::air::RunParameters p;
  // peer ids of the seeds "client" (init and current) so that %init_peer_id% calls are local
  p.init_peer_id = "12D3KooWEX9FMY4kgWPq8HitrZxudcATTPkT9tSY9FBx1A52TZmd";
  p.current_peer_id = p.init_peer_id;
  p.secret_key_bytes = fluence::Bytes(32, 7);
  p.particle_id = "fuzz";
  p.timestamp = 1;
  p.ttl = 2;
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::string air(reinterpret_cast<const char*>(data), size);
  auto p = params();
  const fluence::Bytes none = {0x81, 0x04, 0x80};
  auto first = fluence::air::invoke(air, {}, {}, p, none);
  if (first.ret_code < 0) __builtin_trap();
  if (first.ret_code != 0 && first.ret_code < 10000) return 0;
  // answer every request with its own arguments, then replay once more with the result data
  fluence::air::CallResults results;
  for (const auto& [id, req] : fluence::air::decode_call_requests(first.call_requests))
    results[id] = fluence::air::CallServiceResult{id % 3 == 2 ? 1 : 0, "[1,\"x\",{\"a\":[]}]"};
  auto second = fluence::air::invoke(air, first.data, {}, p,
                                     fluence::air::encode_call_results(results));
  auto third = fluence::air::invoke(air, {}, second.data, p, none);
  (void)third;
  return 0;
}
