// Helpers over a yamux Stream: exact reads, varint-length-prefixed messages, and
// multistream-select negotiation of a stream's protocol.
#pragma once

#include <string>
#include <vector>

#include "fluence/net/connection.h"

namespace fluence::net {

// Throws Error(kIo) on EOF before `n` bytes.
Task<Bytes> read_exact(Stream& stream, std::size_t n);
// varint(len) || body. Returns nullopt on a clean EOF before the first byte; throws
// Error(kLimit) above max_size, Error(kIo) on a truncated message.
Task<std::optional<Bytes>> read_length_prefixed(Stream& stream, std::size_t max_size);
Task<void> write_length_prefixed(Stream& stream, ByteView body);

// Dialer side: proposes each protocol in turn; returns the agreed id. Pipelined bytes after
// the answer are kept in the stream.
Task<std::string> negotiate_outbound(Stream& stream, const std::vector<std::string>& protocols);
// Listener side: returns the agreed id (throws Error(kProtocol) / Error(kIo) on failure).
Task<std::string> negotiate_inbound(Stream& stream, const std::vector<std::string>& supported);

}  // namespace fluence::net
