// Connection: one upgraded libp2p connection (Noise-encrypted yamux session over a
// ByteStream) driven by a reader and a writer coroutine; Stream: one yamux stream on it.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "fluence/core/peer_id.h"
#include "fluence/net/byte_stream.h"
#include "fluence/net/noise.h"
#include "fluence/net/signal.h"
#include "fluence/net/yamux.h"

namespace fluence::net {

class Connection;

class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(std::shared_ptr<Connection> conn, std::uint32_t id, bool inbound);
  ~Stream();

  // Reads at least one byte; returns 0 at EOF (remote FIN). Throws Error(kIo) after a reset or
  // when the connection closed.
  Task<std::size_t> read_some(std::span<std::uint8_t> buffer);
  // Writes everything, waiting for send credit. Throws Error(kIo) if the stream or the
  // connection is gone.
  Task<void> write(ByteView data);
  void close_write();  // FIN
  void reset();        // RST

  std::uint32_t id() const { return id_; }
  bool inbound() const { return inbound_; }
  const std::string& protocol() const { return protocol_; }
  void set_protocol(std::string p) { protocol_ = std::move(p); }
  Connection& connection() { return *conn_; }
  // Bytes that arrived before the reader asked (e.g. pipelined after multistream negotiation).
  void unread(Bytes data);

 private:
  friend class Connection;
  std::shared_ptr<Connection> conn_;
  std::uint32_t id_;
  bool inbound_;
  std::string protocol_;
  // Called by the connection with received payload: copied straight into the buffer of a
  // reader that is waiting, else queued.
  void deliver(ByteView data);
  std::deque<Bytes> incoming_;
  std::size_t front_offset_ = 0;
  // The buffer of a read_some() parked waiting for data, and how much of it is filled.
  std::span<std::uint8_t> waiting_buffer_;
  std::size_t waiting_filled_ = 0;
  bool eof_ = false;
  bool reset_ = false;
  bool local_closed_ = false;
  Signal readable_;
  Signal writable_;
};

using StreamPtr = std::shared_ptr<Stream>;

struct ConnectionLimits {
  YamuxConfig yamux;
  std::size_t max_pending_output = 1024 * 1024;      // writers wait above this (kept near L2 size)
  std::size_t read_chunk = 256 * 1024;                // bytes asked of the socket per read
  std::size_t write_slice = 256 * 1024;               // bytes a writer queues per round
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using InboundHandler = std::function<void(StreamPtr)>;
  using ClosedHandler = std::function<void(Connection&)>;

  Connection(asio::any_io_executor ex, ByteStreamPtr io, bool initiator, PeerId remote, NoiseCipher send, NoiseCipher recv,
             Bytes early_wire, Bytes early_plain, ConnectionLimits limits = {});

  // Starts the reader and writer coroutines on the current executor.
  void start(InboundHandler on_stream, ClosedHandler on_closed);
  Task<StreamPtr> open_stream();
  // Sends GoAway(0) (best effort) and closes.
  void close(const std::string& reason = "closed");

  const PeerId& remote_peer() const { return remote_; }
  bool initiator() const { return initiator_; }
  bool closed() const { return closed_; }
  Multiaddr remote_address() const { return remote_addr_; }
  Multiaddr local_address() const { return local_addr_; }
  std::size_t stream_count() const { return streams_.size(); }
  std::chrono::steady_clock::time_point last_active() const { return last_active_; }
  std::uint64_t id() const { return serial_; }
  asio::any_io_executor executor() const { return ex_; }
  // Sends a yamux ping (keep-alive); the answer only refreshes last_active.
  void keepalive_ping();

 private:
  friend class Stream;
  Task<void> read_loop();
  Task<void> write_loop();
  void dispatch(std::vector<YamuxEvent> events);
  void flush();
  void forget(std::uint32_t id);
  void fail(const std::string& reason);

  asio::any_io_executor ex_;
  ByteStreamPtr io_;
  bool initiator_;
  PeerId remote_;
  NoiseFrameWriter out_;  // encrypted output waiting for the writer
  NoiseCipher recv_;
  Bytes early_wire_;
  Bytes early_plain_;
  ConnectionLimits limits_;
  YamuxSession yamux_;
  std::map<std::uint32_t, std::weak_ptr<Stream>> streams_;
  InboundHandler on_stream_;
  ClosedHandler on_closed_;
  bool closed_ = false;
  bool close_after_flush_ = false;
  Signal out_ready_;
  Signal drained_;
  Multiaddr remote_addr_, local_addr_;
  std::chrono::steady_clock::time_point last_active_ = std::chrono::steady_clock::now();
  std::uint64_t serial_;
  std::uint32_t ping_counter_ = 0;
};

using ConnectionPtr = std::shared_ptr<Connection>;

}  // namespace fluence::net
