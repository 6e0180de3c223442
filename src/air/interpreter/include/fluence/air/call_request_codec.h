// Call requests (interpreter -> host) and call results (host -> interpreter), encoded as
// AquaVM 0.62 does: multicodec 0x0201 (`81 04`) + MessagePack (air.md §2.4, §2.5).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "fluence/air/data/security_tetraplet.h"
#include "fluence/core/bytes.h"

namespace fluence::air {

// One service call the host must perform.
struct CallRequest {
  std::string service_id;
  std::string function_name;
  boost::json::array arguments;
  std::vector<std::vector<SecurityTetraplet>> tetraplets;  // one list per argument
};

// What the host returns for a call request: ret_code 0 and JSON text, or an error.
struct CallServiceResult {
  std::int32_t ret_code = 0;
  std::string result;
};

// Keyed by the call request id.
using CallRequests = std::map<std::uint32_t, CallRequest>;
using CallResults = std::map<std::uint32_t, CallServiceResult>;

Bytes encode_call_requests(const CallRequests& requests);

// Call requests encoded as they are made, without CallRequest values first (the executor's
// way: a run may make hundreds). finish() gives what encode_call_requests gives for the same
// requests; add them in increasing id order, as a map is written.
class CallRequestsEncoder {
 public:
  using Tetraplets = std::vector<std::shared_ptr<const SecurityTetraplet>>;
  // An argument: a tree, or else canonical JSON text (written without a tree where it is a
  // plain number, string, boolean or null).
  struct Argument {
    const boost::json::value* tree = nullptr;
    std::string_view canonical_text;
  };
  // `arguments` and `tetraplets` (one list per argument) have the same length.
  void add(std::uint32_t id, std::string_view service_id, std::string_view function_name,
           std::span<const Argument> arguments, std::span<const Tetraplets> tetraplets);
  std::size_t size() const { return count_; }
  Bytes finish() const;

 private:
  Bytes entries_;  // the map's keys and values
  Bytes scratch_;  // a request's arguments, then its tetraplets (each a nested MessagePack)
  std::uint32_t count_ = 0;
};
// Throws fluence::Error on malformed bytes (the host side of the interface, for tests/CLI).
CallRequests decode_call_requests(ByteView bytes);

// A call result as the interpreter receives it. The text views the call results bytes given to
// decode_raw_call_results (which must outlive it), or `owned` when it had to be copied, so a
// 100 MB result is not copied on its way in.
struct RawCallResult {
  std::int32_t ret_code = 0;
  std::string_view result;
  std::shared_ptr<const std::string> owned;
};

// Call results as the interpreter takes them. The reference's map has string keys: a result is
// consumed by the call whose request id renders as its key in decimal, and keys that are no
// such rendering are never consumed. A repeated key replaces the earlier result (a map's
// insert). Looked up by id, each result at most once; what remains is reported unused.
class RawCallResults {
 public:
  struct Entry {
    std::string key;
    RawCallResult result;
    bool taken = false;
  };

  void add(std::string key, RawCallResult result);
  // The result keyed by `id` in decimal, which counts as used from now on; null if there is
  // none or it was taken already.
  const RawCallResult* take(std::uint32_t id);

  std::size_t size() const { return entries_.size(); }  // distinct keys
  bool all_taken() const { return taken_ == entries_.size(); }
  // The results not taken, in byte order of their keys.
  std::vector<const Entry*> untaken() const;
  // All results by distinct key, in the order first received.
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  std::size_t taken_ = 0;
  std::unordered_map<std::uint32_t, std::size_t> by_id_;  // keys that render an id
  std::map<std::string, std::size_t, std::less<>> by_other_key_;  // the rest (rare)
};

Bytes encode_call_results(const CallResults& results);
// Throws fluence::Error (the interpreter maps it to error code 5). The results view `bytes`.
RawCallResults decode_raw_call_results(ByteView bytes);
// Throws fluence::Error (the interpreter maps it to error code 5). Keys must be decimal
// strings of u32 ids; values maps {ret_code, result} or arrays [ret_code, result].
CallResults decode_call_results(ByteView bytes);

// MessagePack of a JSON value (objects with sorted keys), as rmp-serde writes serde_json values.
void append_json_msgpack(Bytes& out, const boost::json::value& value);
// The inverse, for JSON-compatible MessagePack (maps with string keys). Throws fluence::Error.
boost::json::value json_from_msgpack(ByteView bytes);

}  // namespace fluence::air
