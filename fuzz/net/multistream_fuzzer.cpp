// Fuzzes the multistream-select listener and dialer with arbitrary peer bytes, split at a
// fuzzer-chosen point: only fluence::Error may come out, never a crash or a hang.
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/net/multistream.h"

using namespace fluence::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 8192) return 0;
  std::size_t split = data[0] % size;
  fluence::ByteView in(data + 1, size - 1);
  try {
    MultistreamListener l({"/noise", "/yamux/1.0.0"});
    l.receive(in.subspan(0, std::min(split, in.size())));
    if (!l.done()) l.receive(in.subspan(std::min(split, in.size())));
  } catch (const fluence::Error&) {
  }
  try {
    MultistreamDialer d({"/a", "/b"});
    d.start();
    d.receive(in);
  } catch (const fluence::Error&) {
  }
  return 0;
}
