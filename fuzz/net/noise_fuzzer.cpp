// Fuzzes the Noise handshake as responder and initiator (messages from a hostile peer), the
// handshake payload decoder and the frame reader.
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/net/noise.h"

using namespace fluence;
using namespace fluence::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 70000) return 0;
  static const Ed25519KeyPair identity = Ed25519KeyPair::from_seed(Bytes(32, 7));
  ByteView in(data, size);
  try {
    NoiseHandshake r(false, identity);
    r.read_message(in);
    r.write_message();
    r.read_message(in);
  } catch (const Error&) {
  }
  try {
    NoiseHandshake i(true, identity);
    i.write_message();
    i.read_message(in);
  } catch (const Error&) {
  }
  try {
    NoisePayload::decode(in);
  } catch (const Error&) {
  }
  NoiseFrameReader frames;
  frames.feed(in);
  while (frames.next()) {
  }
  return 0;
}
