// The run pipeline of air.md §3: limits, data decoding and verification, parsing, call
// results, key pair, execution, signing and the farewell.
#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <algorithm>
#include <cstdio>
#include <set>

#include "executor.h"
#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/signatures.h"
#include "fluence/air/interpreter.h"
#include "fluence/air/syntax/parser.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/error.h"

namespace fluence::air {

namespace {

const Bytes kEmptyCallRequests = {0x81, 0x04, 0x80};

InterpreterOutcome failure(std::int64_t code, std::string message, ByteView data,
                           const InterpreterOutcome& flags) {
  InterpreterOutcome o = flags;
  o.ret_code = code;
  o.error_message = std::move(message);
  o.data.assign(data.begin(), data.end());
  o.next_peer_pks.clear();
  o.call_requests = kEmptyCallRequests;
  return o;
}

// Deep scripts and long folds recurse deeply, so execution runs on a large stack (virtual
// memory, committed only as used): a per-thread stack reused across runs and entered with
// swapcontext (no thread creation per run). Sanitizer builds, which do not follow stack
// switches, run on a thread with a large stack instead.
constexpr std::size_t kExecutionStack = std::size_t{1} << 30;

#if defined(__SANITIZE_ADDRESS__)
#define FLUENCE_AIR_THREAD_STACK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FLUENCE_AIR_THREAD_STACK 1
#endif
#endif

#ifdef FLUENCE_AIR_THREAD_STACK
template <class F>
void run_with_large_stack(F& f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kExecutionStack);
  pthread_t thread;
  auto body = [](void* p) -> void* {
    (*static_cast<F*>(p))();
    return nullptr;
  };
  if (pthread_create(&thread, &attr, body, &f) != 0) {
    pthread_attr_destroy(&attr);
    f();
    return;
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
}
#else
struct LargeStack {
  void* base = nullptr;
  LargeStack() {
    void* p = mmap(nullptr, kExecutionStack, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    base = p == MAP_FAILED ? nullptr : p;
  }
  ~LargeStack() {
    if (base) munmap(base, kExecutionStack);
  }
};

thread_local std::function<void()>* tls_job = nullptr;
thread_local std::exception_ptr tls_error;

void run_job() {
  try {
    (*tls_job)();
  } catch (...) {
    tls_error = std::current_exception();
  }
}

template <class F>
void run_with_large_stack(F& f) {
  static thread_local LargeStack stack;
  static thread_local bool inside = false;
  if (!stack.base || inside) {
    f();
    return;
  }
  std::function<void()> job = [&f] { f(); };
  tls_job = &job;
  tls_error = nullptr;
  ucontext_t caller, callee;
  getcontext(&callee);
  callee.uc_stack.ss_sp = stack.base;
  callee.uc_stack.ss_size = kExecutionStack;
  callee.uc_link = &caller;
  makecontext(&callee, run_job, 0);
  inside = true;
  swapcontext(&caller, &callee);
  inside = false;
  tls_job = nullptr;
  if (tls_error) std::rethrow_exception(std::exchange(tls_error, nullptr));
}
#endif

std::string rust_debug_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case 0: out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u{%x}", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// The Debug rendering of the reference's CallResults map (keys are strings there).
std::string unprocessed_results_text(const RawCallResults& results) {
  std::string s = "{";
  bool first = true;
  for (const RawCallResults::Entry* e : results.untaken()) {
    if (!first) s += ", ";
    first = false;
    s += rust_debug_string(e->key) + ": CallServiceResult { ret_code: " +
         std::to_string(e->result.ret_code) + ", result: " + rust_debug_string(e->result.result) + " }";
  }
  return s + "}";
}

// A peer invokes the interpreter with its own key every time, and deriving the public half
// from the seed costs a scalar multiplication (as much as the signing itself): the last key
// pair is kept per thread and rebuilt only when another seed comes.
const Ed25519KeyPair& key_pair_of(ByteView seed) {
  thread_local std::optional<Ed25519KeyPair> last;
  if (!last || !std::equal(seed.begin(), seed.end(), last->seed().begin(), last->seed().end()))
    last = Ed25519KeyPair::from_seed(seed);
  return *last;
}

}  // namespace

namespace {

// One pass of invoke. With `defer_checks`, replayed argument hashes are checked in a batch at the
// end of execution; when one of them fails, `rerun` is set and the outcome is meaningless.
InterpreterOutcome invoke_pass(std::string_view air, ByteView prev_data, ByteView current_data,
                               const RunParameters& params, ByteView call_results_bytes,
                               bool defer_checks, bool& rerun) {
  InterpreterOutcome flags;
  // 1. size limits
  if (air.size() > params.air_size_limit) {
    if (params.hard_limit_enabled)
      return failure(10, "air size: " + std::to_string(air.size()) +
                             " bytes is bigger than a limit allowed: " +
                             std::to_string(params.air_size_limit) + " bytes",
                     prev_data, flags);
    flags.air_size_limit_exceeded = true;
  }
  if (current_data.size() > params.particle_size_limit) {
    if (params.hard_limit_enabled)
      return failure(10, "particle size: " + std::to_string(current_data.size()) +
                             " bytes is bigger than a limit allowed: " +
                             std::to_string(params.particle_size_limit) + " bytes",
                     prev_data, flags);
    flags.particle_size_limit_exceeded = true;
  }

  // 2-5. data
  TextInterner interner;
  DecodedParticleData prev, current;
  SignatureStore signatures;
  std::vector<VerifiedSignature> verified;  // of current's entries, for re-signing
  // When prev and current are the same bytes (a particle that comes back unchanged, a re-run),
  // one decoding serves as both inputs. Merging a verified signature store with itself gives
  // the same store. Any error takes the general path below, which reports it as usual.
  bool same_inputs = prev_data.size() == current_data.size() && !current_data.empty() &&
                     std::equal(prev_data.begin(), prev_data.end(), current_data.begin());
  if (same_inputs) {
    try {
      // No interner: it shares texts across two decodings; one archive shares its own Rcs.
      current = decode_particle_data(current_data, true, nullptr);
      verify_cid_info(current.data.cid_info);
      verified = verify_signatures(current.data, params.particle_id);
      signatures = current.data.signatures;
    } catch (const std::exception&) {
      same_inputs = false;
      current = {};
      interner = TextInterner();
    }
  }
  if (!same_inputs) {
    try {
      prev = decode_particle_data(prev_data, false, &interner);
      current = decode_particle_data(current_data, true, &interner);
      verify_cid_info(current.data.cid_info);
      verified = verify_signatures(current.data, params.particle_id);
      signatures = merge_signatures(prev.data, current.data);
    } catch (const DataError& e) {
      return failure(e.code(), e.what(), prev_data, flags);
    } catch (const std::exception& e) {
      return failure(2, e.what(), prev_data, flags);
    }
  }

  // 6. parse
  ParseResult parsed = parse_air(air);
  if (!parsed.ok()) return failure(1, "air can't be parsed:\n" + parsed.error_text, prev_data, flags);

  // 7. call results
  RawCallResults results;
  try {
    results = decode_raw_call_results(call_results_bytes);
  } catch (const std::exception& e) {
    return failure(5, std::string("failed to deserialize call results: ") + e.what(), prev_data,
                   flags);
  }
  // The error names the oversized result with the first key in byte order.
  const RawCallResults::Entry* oversized = nullptr;
  for (const RawCallResults::Entry& e : results.entries())
    if (e.result.result.size() > params.call_result_size_limit && (!oversized || e.key < oversized->key))
      oversized = &e;
  if (oversized) {
    if (params.hard_limit_enabled)
      return failure(10, "call result size: " + std::to_string(oversized->result.result.size()) +
                             " bytes is bigger than a limit allowed: " +
                             std::to_string(params.call_result_size_limit) + " bytes",
                     prev_data, flags);
    flags.call_result_size_limit_exceeded = true;
  }

  // 8. key pair
  if (params.key_format != 0 || params.secret_key_bytes.size() != 32)
    return failure(7, params.key_format != 0 ? "key format " + std::to_string(params.key_format) +
                                                   " is not supported: only Ed25519 keys are"
                                             : "malformed Ed25519 secret key: expected 32 bytes",
                   prev_data, flags);
  const Ed25519KeyPair& key = key_pair_of(params.secret_key_bytes);

  // 9. execute
  CidInfo cid_info;
  if (same_inputs) {
    cid_info = std::move(current.data.cid_info);  // the executor reads only the traces of its inputs
  } else {
    cid_info = std::move(prev.data.cid_info);
    cid_info.merge(current.data.cid_info);
  }
  auto executor = std::make_unique<Executor>(params, same_inputs ? current.data : prev.data,
                                             current.data, cid_info, std::move(results));
  executor->reserve_for_script(parsed.script->names().size(), parsed.script->instruction_count());
  if (defer_checks) executor->defer_argument_checks();
  ErrPtr err;
  ErrPtr farewell;
  auto run = [&] {
    err = executor->run(parsed.script->root());
    if (!err || err->catchable()) farewell = executor->compact_global_streams();
  };
  run_with_large_stack(run);
  if (executor->argument_check_failed()) {
    rerun = true;
    return InterpreterOutcome{};
  }
  if (err && !err->catchable()) return failure(err->code, err->message, prev_data, flags);
  if (farewell) {
    InterpreterOutcome o = failure(farewell->code, farewell->message, {}, flags);
    o.call_requests.clear();
    return o;
  }

  // 10-11. sign and say farewell
  InterpreterData out;
  out.trace = executor->trace().take_result();
  out.last_call_request_id = executor->last_call_request_id();
  out.signatures = std::move(signatures);
  InterpreterOutcome o = flags;
  std::set<std::string> peers(executor->next_peers().begin(), executor->next_peers().end());
  o.next_peer_pks.assign(peers.begin(), peers.end());
  o.call_requests = executor->call_requests().finish();
  if (err) {
    o.ret_code = err->code;
    o.error_message = err->message;
  } else if (!executor->call_results().all_taken()) {
    o.ret_code = 30000;
    o.error_message =
        "after finishing execution of supplied AIR, there are some unprocessed call results: `" +
        unprocessed_results_text(executor->call_results()) + "`, probably a wrong call_id used";
  }
  // Values die with the executor and the decoded inputs, so that the encoder, which releases
  // each value text once written, holds big values only once (air_bench's 100 MB scenarios).
  executor.reset();
  prev = {};
  current = {};
  out.cid_info = std::move(cid_info);
  try {
    sign_current_peer(out, key, params.particle_id, verified);
  } catch (const std::exception& e) {
    return failure(20018, std::string("failed to sign data: ") + e.what(), prev_data, flags);
  }
  o.data = encode_particle_data(std::move(out));
  return o;
}

}  // namespace

InterpreterOutcome invoke(std::string_view air, ByteView prev_data, ByteView current_data,
                          const RunParameters& params, ByteView call_results_bytes) {
  // Particles mostly come back with the arguments they were sent with: their hashes are checked
  // in one batch. The rare mismatch is reported as the reference does, by the pass that checks
  // each call where it replays it.
  bool rerun = false;
  InterpreterOutcome outcome =
      invoke_pass(air, prev_data, current_data, params, call_results_bytes, true, rerun);
  if (!rerun) return outcome;
  return invoke_pass(air, prev_data, current_data, params, call_results_bytes, false, rerun);
}

}  // namespace fluence::air
