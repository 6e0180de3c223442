#include "fluence/net/stream_io.h"

#include "fluence/core/error.h"
#include "fluence/core/varint.h"
#include "fluence/net/multistream.h"

namespace fluence::net {

Task<Bytes> read_exact(Stream& stream, std::size_t n) {
  Bytes out(n);
  std::size_t got = 0;
  while (got < n) {
    std::size_t r = co_await stream.read_some(std::span<std::uint8_t>(out.data() + got, n - got));
    if (r == 0) throw Error(ErrorKind::kIo, "stream ended in the middle of a message");
    got += r;
  }
  co_return out;
}

Task<std::optional<Bytes>> read_length_prefixed(Stream& stream, std::size_t max_size) {
  Bytes prefix;
  for (;;) {
    std::uint8_t b = 0;
    std::size_t r = co_await stream.read_some(std::span<std::uint8_t>(&b, 1));
    if (r == 0) {
      if (prefix.empty()) co_return std::nullopt;
      throw Error(ErrorKind::kIo, "stream ended inside a length prefix");
    }
    prefix.push_back(b);
    if ((b & 0x80) == 0) break;
    if (prefix.size() >= 9) throw Error(ErrorKind::kProtocol, "length prefix too long");
  }
  std::size_t pos = 0;
  std::uint64_t len = read_uvarint(prefix, pos);
  if (len > max_size)
    throw Error(ErrorKind::kLimit, "message of " + std::to_string(len) + " bytes exceeds " + std::to_string(max_size));
  co_return co_await read_exact(stream, static_cast<std::size_t>(len));
}

Task<void> write_length_prefixed(Stream& stream, ByteView body) {
  Bytes out;
  append_uvarint(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  co_await stream.write(out);
}

Task<std::string> negotiate_outbound(Stream& stream, const std::vector<std::string>& protocols) {
  MultistreamDialer d(protocols);
  co_await stream.write(d.start());
  std::uint8_t buf[1024];
  while (!d.done()) {
    std::size_t n = co_await stream.read_some(buf);
    if (n == 0) throw Error(ErrorKind::kIo, "stream closed during protocol negotiation");
    Bytes reply = d.receive(ByteView(buf, n));
    if (!reply.empty()) co_await stream.write(reply);
  }
  stream.unread(d.take_rest());
  stream.set_protocol(d.protocol());
  co_return d.protocol();
}

Task<std::string> negotiate_inbound(Stream& stream, const std::vector<std::string>& supported) {
  MultistreamListener l(supported);
  std::uint8_t buf[1024];
  while (!l.done()) {
    std::size_t n = co_await stream.read_some(buf);
    if (n == 0) throw Error(ErrorKind::kIo, "stream closed during protocol negotiation");
    Bytes reply = l.receive(ByteView(buf, n));
    if (!reply.empty()) co_await stream.write(reply);
  }
  stream.unread(l.take_rest());
  stream.set_protocol(l.protocol());
  co_return l.protocol();
}

}  // namespace fluence::net
