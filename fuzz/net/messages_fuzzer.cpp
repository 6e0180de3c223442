// Fuzzes the protobuf messages (identify, Kademlia, Noise payload); decoded messages re-encode
// and decode to the same content.
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/net/identify.h"
#include "fluence/net/kad_message.h"
#include "fuzz_check.h"

using namespace fluence;
using namespace fluence::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  ByteView in(data, size);
  try {
    auto m = IdentifyMessage::decode(in);
    auto again = IdentifyMessage::decode(m.encode());
    FUZZ_CHECK(again.protocols == m.protocols && again.listen_addrs == m.listen_addrs);
  } catch (const Error&) {
  }
  try {
    auto m = KadMessage::decode(in);
    auto again = KadMessage::decode(m.encode());
    FUZZ_CHECK(again.type == m.type && again.key == m.key && again.closer_peers.size() == m.closer_peers.size());
  } catch (const Error&) {
  }
  return 0;
}
