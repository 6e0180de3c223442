// Call requests (interpreter -> host) and call results (host -> interpreter), encoded as
// AquaVM 0.62 does: multicodec 0x0201 (`81 04`) + MessagePack (air.md §2.4, §2.5).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
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

// Call results as the interpreter keys them: by any string (the reference's map has string keys;
// a result is consumed by the call whose request id renders as that decimal string).
using RawCallResults = std::map<std::string, RawCallResult>;

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
