// Fuzzes a yamux session fed hostile frames (both roles); after each frame the session may
// produce output and events but never crash. Also consumes data to exercise window updates.
#include <cstdint>

#include "fluence/core/error.h"
#include "fluence/net/yamux.h"

using namespace fluence;
using namespace fluence::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 20) return 0;
  for (bool client : {false, true}) {
    YamuxConfig cfg;
    cfg.max_inbound_streams = 8;
    YamuxSession s(client, cfg);
    try {
      std::size_t at = 0;
      while (at < size) {
        std::size_t n = std::min<std::size_t>(size - at, 1 + data[at] % 64);
        s.receive(ByteView(data + at, n));
        at += n;
        for (auto& ev : s.take_events()) {
          if (ev.kind == YamuxEvent::kData) s.consumed(ev.stream, ev.data.size());
          if (ev.kind == YamuxEvent::kStreamOpened) s.send(ev.stream, ByteView(data, std::min<std::size_t>(size, 16)));
          if (ev.kind == YamuxEvent::kRemoteClosed) s.close_write(ev.stream);
        }
        s.take_output();
      }
    } catch (const Error&) {
    }
  }
  return 0;
}
