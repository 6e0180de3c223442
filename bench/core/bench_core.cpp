// Core layer benchmarks: BLAKE3 (each kernel), SHA-256, canonical JSON and JSON CIDs, and
// Ed25519 single against batch verification.
#include <benchmark/benchmark.h>

#include <vector>

#include "fluence/core/blake3.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/cid.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/ed25519_batch.h"
#include "fluence/core/hash.h"
#include "fluence/core/msgpack.h"
#include "fluence/core/peer_id.h"

namespace {

using fluence::Blake3Kernel;

fluence::Bytes input_of(std::size_t n) {
  fluence::Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i % 251);
  return b;
}

void blake3_with(benchmark::State& state, Blake3Kernel kernel) {
  auto available = fluence::blake3_available_kernels();
  if (std::find(available.begin(), available.end(), kernel) == available.end()) {
    state.SkipWithError("kernel not available on this CPU");
    return;
  }
  auto saved = fluence::blake3_kernel();
  fluence::blake3_use_kernel(kernel);
  auto data = input_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fluence::blake3(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  fluence::blake3_use_kernel(saved);
}

void BM_Blake3_Default(benchmark::State& s) { blake3_with(s, fluence::blake3_kernel()); }
void BM_Blake3_Portable(benchmark::State& s) { blake3_with(s, Blake3Kernel::kPortable); }
void BM_Blake3_Vector128(benchmark::State& s) { blake3_with(s, Blake3Kernel::kVector128); }
void BM_Blake3_Avx2(benchmark::State& s) { blake3_with(s, Blake3Kernel::kAvx2); }
void BM_Blake3_Avx512(benchmark::State& s) { blake3_with(s, Blake3Kernel::kAvx512); }

#define BLAKE3_SIZES ->Arg(1 << 10)->Arg(64 << 10)->Arg(1 << 20)->Arg(16 << 20)
BENCHMARK(BM_Blake3_Default) BLAKE3_SIZES;
BENCHMARK(BM_Blake3_Portable) BLAKE3_SIZES;
BENCHMARK(BM_Blake3_Vector128) BLAKE3_SIZES;
BENCHMARK(BM_Blake3_Avx2) BLAKE3_SIZES;
BENCHMARK(BM_Blake3_Avx512) BLAKE3_SIZES;

void BM_Blake3_Small(benchmark::State& state) {
  auto data = input_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fluence::blake3(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Blake3_Small)->Arg(8)->Arg(64)->Arg(200);

void BM_Sha256(benchmark::State& state) {
  auto data = input_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fluence::sha256(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(1 << 10)->Arg(1 << 20);

const char* kServiceResult =
    R"({"peer_pk":"12D3KooWEX9FMY4kgWPq8HitrZxudcATTPkT9tSY9FBx1A52TZmd","service_id":"svc",)"
    R"("function_name":"get","values":[1,2.5,-3,"text with \"quotes\"",null,true,)"
    R"({"nested":{"z":1,"a":[1e21,0.00001,123456.789]}}]})";

void BM_ParseJson(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(fluence::parse_json(kServiceResult));
}
BENCHMARK(BM_ParseJson);

void BM_CanonicalJson(benchmark::State& state) {
  auto value = fluence::parse_json(kServiceResult);
  for (auto _ : state) benchmark::DoNotOptimize(fluence::canonical_json(value));
}
BENCHMARK(BM_CanonicalJson);

void BM_JsonCid(benchmark::State& state) {
  std::string canonical = fluence::canonical_json(fluence::parse_json(kServiceResult));
  for (auto _ : state) benchmark::DoNotOptimize(fluence::json_cid(canonical));
}
BENCHMARK(BM_JsonCid);

void BM_AppendJsonDouble(benchmark::State& state) {
  std::string out;
  double x = 0.1;
  for (auto _ : state) {
    out.clear();
    fluence::append_json_double(out, x);
    x += 1.37;
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_AppendJsonDouble);

void BM_PeerIdParseAndPrint(benchmark::State& state) {
  const char* text = "12D3KooWEX9FMY4kgWPq8HitrZxudcATTPkT9tSY9FBx1A52TZmd";
  for (auto _ : state) benchmark::DoNotOptimize(fluence::PeerId::parse(text).to_base58());
}
BENCHMARK(BM_PeerIdParseAndPrint);

void BM_CidParse(benchmark::State& state) {
  std::string cid = fluence::json_cid("[1,2,3]");
  for (auto _ : state) benchmark::DoNotOptimize(fluence::Cid::parse(cid));
}
BENCHMARK(BM_CidParse);

// A particle-data-like envelope: a map with a few strings and a 64 KiB binary, then a 1000-entry
// array of small maps (like call results).
void BM_MsgpackDecode(benchmark::State& state) {
  fluence::msgpack::Writer w;
  w.map_header(3);
  w.string("version");
  w.string("0.17.2");
  w.string("inner_data");
  w.binary(input_of(64 << 10));
  w.string("results");
  w.array_header(1000);
  for (int i = 0; i < 1000; ++i) {
    w.map_header(2);
    w.string("ret_code");
    w.integer(i);
    w.string("result");
    w.string("some result text");
  }
  fluence::Bytes bytes = w.take();
  for (auto _ : state) benchmark::DoNotOptimize(fluence::msgpack::decode(bytes));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_MsgpackDecode);

// N signatures by N keys over 200-byte messages (about an AIR signed CID list), verified one by
// one with libsodium or as one batch. Compare the two times at the same N. The same keys every
// iteration, like the same peers signing particle after particle.
struct SignedItems {
  std::vector<fluence::Ed25519PublicKey> keys;
  std::vector<fluence::Bytes> messages;
  std::vector<fluence::Ed25519Signature> signatures;
  std::vector<fluence::Ed25519BatchItem> items;

  explicit SignedItems(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      auto pair = fluence::Ed25519KeyPair::generate();
      fluence::Bytes message = input_of(200);
      message[0] = static_cast<std::uint8_t>(i);
      keys.push_back(pair.public_key());
      signatures.push_back(pair.sign(message));
      messages.push_back(std::move(message));
    }
    for (std::size_t i = 0; i < n; ++i) items.push_back({keys[i], messages[i], signatures[i]});
  }
};

void BM_Ed25519VerifyEach(benchmark::State& state) {
  SignedItems signed_items(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    bool all = true;
    for (const auto& item : signed_items.items)
      all = fluence::ed25519_verify(item.public_key, item.message, item.signature) && all;
    if (!all) state.SkipWithError("a signature did not verify");
  }
}
BENCHMARK(BM_Ed25519VerifyEach)->Arg(1)->Arg(30)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_Ed25519VerifyBatch(benchmark::State& state) {
  SignedItems signed_items(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    if (!fluence::ed25519_verify_batch(signed_items.items))
      state.SkipWithError("the batch did not verify");
  }
}
BENCHMARK(BM_Ed25519VerifyBatch)->Arg(2)->Arg(30)->Arg(100)->Unit(benchmark::kMicrosecond);

// The batch without help from the verifier's per-thread memo of keys: every iteration takes
// the next of 64 batches by different keys (64 * N keys, far more than the memo holds).
void BM_Ed25519VerifyBatchNewKeys(benchmark::State& state) {
  std::vector<SignedItems> pool;
  for (int i = 0; i < 64; ++i) pool.emplace_back(static_cast<std::size_t>(state.range(0)));
  std::size_t next = 0;
  for (auto _ : state) {
    if (!fluence::ed25519_verify_batch(pool[next].items))
      state.SkipWithError("the batch did not verify");
    next = (next + 1) % pool.size();
  }
}
BENCHMARK(BM_Ed25519VerifyBatchNewKeys)->Arg(30)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
