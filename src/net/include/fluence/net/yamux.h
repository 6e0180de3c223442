// Yamux (network.md §7.1, §7.3) as an I/O-free session state machine: frames in, events and
// frames out. Flow control per stream (256 KiB initial window), ping, GoAway, stream limits.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::net {

inline constexpr std::string_view kYamuxProtocolId = "/yamux/1.0.0";
inline constexpr std::uint32_t kYamuxInitialWindow = 256 * 1024;
inline constexpr std::size_t kYamuxHeaderSize = 12;

enum class YamuxType : std::uint8_t { kData = 0, kWindowUpdate = 1, kPing = 2, kGoAway = 3 };
enum YamuxFlag : std::uint16_t { kSyn = 1, kAck = 2, kFin = 4, kRst = 8 };

struct YamuxHeader {
  std::uint8_t version = 0;
  YamuxType type = YamuxType::kData;
  std::uint16_t flags = 0;
  std::uint32_t stream_id = 0;
  std::uint32_t length = 0;
  void encode(Bytes& out) const;
  // Throws Error(kProtocol) on a bad version or type.
  static YamuxHeader decode(const std::uint8_t* p);
};

struct YamuxConfig {
  std::uint32_t max_inbound_streams = 1000;
  std::uint32_t max_outbound_streams = 1024;
  std::uint32_t max_window = 16 * 1024 * 1024;  // receive window grows up to this
  std::uint32_t max_frame_payload = 65536 - kYamuxHeaderSize;
};

struct YamuxEvent {
  enum Kind {
    kStreamOpened,   // the remote opened `stream`
    kData,           // `data` arrived on `stream`
    kRemoteClosed,   // the remote half-closed `stream` (FIN)
    kReset,          // `stream` was reset by the remote
    kWritable,       // send credit arrived for `stream`
    kPingAck,        // our ping `value` was answered
    kGoAway,         // the remote is going away with code `value`
  };
  Kind kind;
  std::uint32_t stream = 0;
  ByteView data;  // kData: points into the bytes given to receive(); valid until they change
  std::uint32_t value = 0;
};

class YamuxSession {
 public:
  // The connection dialer is the client (odd stream ids), the listener the server (even ids).
  YamuxSession(bool client, YamuxConfig config = {});

  // Where emitted frames go. By default they collect in an internal buffer (take_output);
  // a connection installs a sink that writes them straight into its Noise frames, so that
  // Data payloads are copied once on their way out.
  using OutputSink = std::function<void(ByteView header, ByteView body)>;
  void set_output_sink(OutputSink sink) { sink_ = std::move(sink); }

  // Feeds received bytes. Throws Error(kProtocol) on any violation; the owner should then send
  // go_away(1) and close the connection. Data payloads are reported as they arrive (a frame
  // split over several calls gives several kData events) as views into `data`, so nothing
  // but a partial 12-byte header is ever copied here: take the events before `data` changes.
  void receive(ByteView data);
  std::vector<YamuxEvent> take_events();
  // Bytes to send on the wire, in order.
  Bytes take_output();
  // Appends the pending output to `out` (keeps both buffers' capacity: no allocation per flush).
  void append_output(Bytes& out);
  bool has_output() const { return !output_.empty(); }

  // Opens a stream (SYN via WindowUpdate, as js does). Throws Error(kLimit) over the limit.
  std::uint32_t open_stream();
  // Queues as much of `data` as the send window allows; returns the number of bytes taken.
  std::size_t send(std::uint32_t stream, ByteView data);
  std::uint32_t send_window(std::uint32_t stream) const;
  // Half-close (FIN) and reset (RST). Unknown streams are ignored.
  void close_write(std::uint32_t stream);
  void reset(std::uint32_t stream);
  // The application consumed `n` bytes from `stream`: grant credit back when worthwhile.
  void consumed(std::uint32_t stream, std::size_t n);
  void ping(std::uint32_t value);
  void go_away(std::uint32_t code);

  bool has_stream(std::uint32_t stream) const { return streams_.count(stream) != 0; }
  std::size_t stream_count() const { return streams_.size(); }
  std::size_t inbound_count() const { return inbound_; }
  bool remote_gone() const { return remote_goaway_; }

 private:
  struct Stream {
    bool inbound = false;
    bool need_ack = false;  // inbound stream whose first answer must carry ACK
    bool local_fin = false;
    bool remote_fin = false;
    std::uint32_t send_window = kYamuxInitialWindow;
    std::uint32_t recv_window = kYamuxInitialWindow;  // credit the remote still holds
    std::uint32_t recv_max = kYamuxInitialWindow;     // current window size
    std::uint64_t unacked_consumed = 0;
  };

  void handle_header(const YamuxHeader& h);
  void handle_body(ByteView body);
  void finish_data_frame();
  void handle_stream_flags(std::uint32_t id, std::uint16_t flags, bool& created);
  void emit_frame(YamuxType type, std::uint16_t flags, std::uint32_t id, std::uint32_t length, ByteView body = {});
  std::uint16_t take_ack(Stream& s);
  void maybe_remove(std::uint32_t id);
  bool is_local_id(std::uint32_t id) const { return (id % 2 == 1) == client_; }

  bool client_;
  YamuxConfig config_;
  std::uint32_t next_id_;
  std::map<std::uint32_t, Stream> streams_;
  std::size_t inbound_ = 0;
  std::size_t outbound_ = 0;
  Bytes header_;  // a partial header waiting for more bytes
  // The Data frame whose body is being received: its header and the body bytes still due.
  std::optional<YamuxHeader> data_frame_;
  std::uint32_t body_left_ = 0;
  bool body_target_ = false;  // the body belongs to a live stream (else it is skipped)
  OutputSink sink_;
  Bytes output_;
  std::vector<YamuxEvent> events_;
  bool remote_goaway_ = false;
  bool local_goaway_ = false;
  std::optional<std::uint32_t> ping_outstanding_;
};

}  // namespace fluence::net
