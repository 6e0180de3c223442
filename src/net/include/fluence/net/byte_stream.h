// ByteStream: a reliable, ordered byte channel under the libp2p upgrade (a TCP socket or a
// WebSocket carrying binary frames); the transports make and accept them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "fluence/core/bytes.h"
#include "fluence/net/asio.h"
#include "fluence/net/multiaddr.h"

namespace fluence::net {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads at least one byte; throws boost::system::system_error on EOF or failure.
  virtual Task<std::size_t> read_some(std::span<std::uint8_t> buffer) = 0;
  virtual Task<void> write(ByteView data) = 0;
  // Aborts pending operations and closes; safe to call more than once.
  virtual void close() = 0;
  virtual Multiaddr remote_address() const = 0;
  virtual Multiaddr local_address() const = 0;
};

using ByteStreamPtr = std::unique_ptr<ByteStream>;

// TCP_NODELAY is set on every socket (nox does the same).
ByteStreamPtr make_tcp_stream(asio::ip::tcp::socket socket);
// Dials host:port (resolving names) with TCP; when `websocket`, performs the client upgrade
// with request path `path`.
Task<ByteStreamPtr> dial_byte_stream(const Multiaddr& address);
// Server side of a WebSocket upgrade on an accepted socket: any request path is accepted.
Task<ByteStreamPtr> accept_websocket(asio::ip::tcp::socket socket);

Multiaddr endpoint_multiaddr(const asio::ip::tcp::endpoint& ep, bool websocket);

}  // namespace fluence::net
