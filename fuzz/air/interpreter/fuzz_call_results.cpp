// Call results and call requests decoders on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <exception>

#include "fluence/air/call_request_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fluence::ByteView bytes(data, size);
  try {
    auto results = fluence::air::decode_call_results(bytes);
    // whatever decodes must encode and decode to the same
    auto again = fluence::air::decode_call_results(fluence::air::encode_call_results(results));
    if (again.size() != results.size()) __builtin_trap();
  } catch (const std::exception&) {
  }
  try {
    auto requests = fluence::air::decode_call_requests(bytes);
    auto again = fluence::air::decode_call_requests(fluence::air::encode_call_requests(requests));
    if (again.size() != requests.size()) __builtin_trap();
  } catch (const std::exception&) {
  }
  return 0;
}
