#include "fluence/net/connection.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstring>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

std::atomic<std::uint64_t> g_connection_serial{0};

[[noreturn]] void stream_gone(std::uint32_t id, const char* why) {
  throw Error(ErrorKind::kIo, "stream " + std::to_string(id) + ": " + why);
}

}  // namespace

Stream::Stream(std::shared_ptr<Connection> conn, std::uint32_t id, bool inbound)
    : conn_(std::move(conn)), id_(id), inbound_(inbound), readable_(conn_->executor()),
      writable_(conn_->executor()) {}

Stream::~Stream() {
  // A stream dropped without closing is reset so that neither side keeps it (§7.3).
  if (!conn_->closed_ && conn_->yamux_.has_stream(id_)) {
    conn_->yamux_.reset(id_);
    conn_->flush();
  }
  conn_->forget(id_);
}

void Stream::unread(Bytes data) {
  if (data.empty()) return;
  if (front_offset_ > 0 && !incoming_.empty()) {
    Bytes& front = incoming_.front();
    front.erase(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(front_offset_));
    front_offset_ = 0;
  }
  incoming_.push_front(std::move(data));
}

void Stream::deliver(ByteView data) {
  if (!waiting_buffer_.empty() && incoming_.empty()) {
    std::size_t n = std::min(data.size(), waiting_buffer_.size() - waiting_filled_);
    std::memcpy(waiting_buffer_.data() + waiting_filled_, data.data(), n);
    waiting_filled_ += n;
    data = data.subspan(n);
  }
  if (!data.empty()) incoming_.emplace_back(data.begin(), data.end());
  readable_.notify();
}

Task<std::size_t> Stream::read_some(std::span<std::uint8_t> buffer) {
  auto self = shared_from_this();
  if (buffer.empty()) co_return 0;
  std::size_t n = 0;
  while (incoming_.empty()) {
    // A FIN that arrived before a reset still ends the stream cleanly: a sender that writes,
    // FINs and drops its stream (nox, and js-client after it) must not look like an error.
    if (eof_) co_return 0;
    if (reset_) stream_gone(id_, "reset");
    if (conn_->closed_) stream_gone(id_, "connection closed");
    // Park the buffer: the connection copies arriving data straight into it.
    waiting_buffer_ = buffer;
    waiting_filled_ = 0;
    struct Unpark {
      Stream& s;
      ~Unpark() {
        // Cancelled after data landed in the buffer: keep those bytes for the next read.
        if (s.waiting_filled_ > 0 && !s.waiting_buffer_.empty())
          s.unread(Bytes(s.waiting_buffer_.begin(), s.waiting_buffer_.begin() + static_cast<std::ptrdiff_t>(s.waiting_filled_)));
        s.waiting_buffer_ = {};
        s.waiting_filled_ = 0;
      }
    };
    {
      Unpark unpark{*this};
      co_await readable_.wait();
      n = waiting_filled_;
      waiting_filled_ = 0;  // ours now: the guard must not queue them again
    }
    if (n > 0) break;
  }
  while (n < buffer.size() && !incoming_.empty()) {
    Bytes& front = incoming_.front();
    std::size_t take = std::min(buffer.size() - n, front.size() - front_offset_);
    std::memcpy(buffer.data() + n, front.data() + front_offset_, take);
    n += take;
    front_offset_ += take;
    if (front_offset_ == front.size()) {
      incoming_.pop_front();
      front_offset_ = 0;
    }
  }
  if (!conn_->closed_) {
    conn_->yamux_.consumed(id_, n);
    conn_->flush();
  }
  co_return n;
}

Task<void> Stream::write(ByteView data) {
  auto self = shared_from_this();
  while (!data.empty()) {
    if (reset_) stream_gone(id_, "reset");
    if (conn_->closed_) stream_gone(id_, "connection closed");
    if (local_closed_) stream_gone(id_, "write after close");
    if (conn_->out_.size() > conn_->limits_.max_pending_output) {
      co_await conn_->drained_.wait();
      continue;
    }
    // Queue at most write_slice bytes per round: the writer then sends buffers that are still
    // in cache, and the pending limit holds before a large write is fully queued.
    std::size_t n = conn_->yamux_.send(id_, data.subspan(0, std::min(data.size(), conn_->limits_.write_slice)));
    data = data.subspan(n);
    conn_->flush();
    if (!data.empty() && n == 0) co_await writable_.wait();
  }
}

void Stream::close_write() {
  if (local_closed_ || conn_->closed_) return;
  local_closed_ = true;
  conn_->yamux_.close_write(id_);
  conn_->flush();
}

void Stream::reset() {
  if (reset_) return;
  reset_ = true;
  if (!conn_->closed_) {
    conn_->yamux_.reset(id_);
    conn_->flush();
  }
  readable_.notify();
  writable_.notify();
}

Connection::Connection(asio::any_io_executor ex, ByteStreamPtr io, bool initiator, PeerId remote, NoiseCipher send,
                       NoiseCipher recv, Bytes early_wire, Bytes early_plain, ConnectionLimits limits)
    : ex_(ex),
      io_(std::move(io)),
      initiator_(initiator),
      remote_(std::move(remote)),
      out_(std::move(send)),
      recv_(std::move(recv)),
      early_wire_(std::move(early_wire)),
      early_plain_(std::move(early_plain)),
      limits_(limits),
      yamux_(initiator, limits.yamux),
      out_ready_(ex),
      drained_(ex),
      remote_addr_(io_->remote_address()),
      local_addr_(io_->local_address()),
      serial_(++g_connection_serial) {
  // Yamux frames go straight into Noise frames: one copy of the payload, encrypted in place.
  yamux_.set_output_sink([this](ByteView header, ByteView body) {
    out_.append(header);
    out_.append(body);
  });
}

void Connection::start(InboundHandler on_stream, ClosedHandler on_closed) {
  on_stream_ = std::move(on_stream);
  on_closed_ = std::move(on_closed);
  auto self = shared_from_this();
  asio::co_spawn(ex_, [self]() -> Task<void> { co_await self->read_loop(); }, asio::detached);
  asio::co_spawn(ex_, [self]() -> Task<void> { co_await self->write_loop(); }, asio::detached);
}

Task<StreamPtr> Connection::open_stream() {
  if (closed_) throw Error(ErrorKind::kIo, "connection to " + remote_.to_base58() + " is closed");
  std::uint32_t id = yamux_.open_stream();
  flush();
  auto stream = std::make_shared<Stream>(shared_from_this(), id, false);
  streams_[id] = stream;
  last_active_ = std::chrono::steady_clock::now();
  co_return stream;
}

void Connection::forget(std::uint32_t id) {
  streams_.erase(id);
  last_active_ = std::chrono::steady_clock::now();
}

void Connection::keepalive_ping() {
  if (closed_) return;
  yamux_.ping(++ping_counter_);
  flush();
}

void Connection::flush() {
  if (!out_.empty()) out_ready_.notify();
}

Task<void> Connection::write_loop() {
  auto self = shared_from_this();
  WireBuffer wire;
  try {
    for (;;) {
      while (out_.empty()) {
        if (closed_) co_return;
        co_await out_ready_.wait();
      }
      // Everything queued since the last write goes out in one socket write; frames queued
      // meanwhile collect in the other buffer.
      out_.take(wire);
      drained_.notify();
      co_await io_->write(wire.view());
      if (close_after_flush_ && out_.empty()) {
        fail("closed");
        co_return;
      }
    }
  } catch (const std::exception& e) {
    fail(std::string("write failed: ") + e.what());
  }
}

Task<void> Connection::read_loop() {
  auto self = shared_from_this();
  NoiseFrameReader frames;
  // The read buffer starts at one Noise frame and doubles while reads fill it, up to
  // limits_.read_chunk: idle connections stay small, bulk transfers make few large reads.
  std::size_t capacity = kNoiseMaxMessage + 2;
  try {
    frames.feed(early_wire_);
    early_wire_ = Bytes();
    // Data events point into the bytes just received, so each batch is dispatched before the
    // buffer under it changes.
    auto process = [this](ByteView plain) {
      yamux_.receive(plain);
      dispatch(yamux_.take_events());
      flush();
    };
    if (!early_plain_.empty()) {
      process(early_plain_);
      early_plain_ = Bytes();
    }
    for (;;) {
      // Frames are decrypted in place in the read buffer and parsed from there.
      bool got = false;
      while (auto frame = frames.next()) {
        std::size_t n = recv_.open_in_place(*frame);
        process(ByteView(frame->data(), n));
        got = true;
        if (closed_) co_return;
      }
      if (got) last_active_ = std::chrono::steady_clock::now();
      if (closed_) co_return;
      frames.reserve(capacity);
      auto tail = frames.prepare(kNoiseMaxMessage + 2);
      std::size_t n = co_await io_->read_some(tail);
      frames.commit(n);
      if (n == tail.size() && capacity < limits_.read_chunk) capacity = std::min(capacity * 2, limits_.read_chunk);
    }
  } catch (const Error& e) {
    // Malformed input at the Noise or yamux layer: tell the peer (best effort) and close.
    if (e.kind() == ErrorKind::kProtocol && !closed_) {
      yamux_.go_away(1);
      flush();
    }
    fail(std::string("protocol error: ") + e.what());
  } catch (const boost::system::system_error& e) {
    fail(e.code() == asio::error::eof ? std::string("remote closed") : std::string("read failed: ") + e.what());
  } catch (const std::exception& e) {
    fail(std::string("read failed: ") + e.what());
  }
}

void Connection::dispatch(std::vector<YamuxEvent> events) {
  for (auto& ev : events) {
    if (ev.kind == YamuxEvent::kStreamOpened) {
      auto stream = std::make_shared<Stream>(shared_from_this(), ev.stream, true);
      streams_[ev.stream] = stream;
      if (on_stream_) on_stream_(stream);
      continue;
    }
    if (ev.kind == YamuxEvent::kGoAway) {
      spdlog::debug("connection {}: remote sent GoAway({})", remote_.to_base58(), ev.value);
      continue;
    }
    if (ev.kind == YamuxEvent::kPingAck) continue;
    auto it = streams_.find(ev.stream);
    if (it == streams_.end()) continue;
    auto stream = it->second.lock();
    if (!stream) continue;
    switch (ev.kind) {
      case YamuxEvent::kData:
        stream->deliver(ev.data);
        break;
      case YamuxEvent::kRemoteClosed:
        stream->eof_ = true;
        stream->readable_.notify();
        break;
      case YamuxEvent::kReset:
        stream->reset_ = true;
        stream->readable_.notify();
        stream->writable_.notify();
        break;
      case YamuxEvent::kWritable:
        stream->writable_.notify();
        break;
      default:
        break;
    }
  }
}

void Connection::close(const std::string& reason) {
  if (closed_ || close_after_flush_) return;
  yamux_.go_away(0);
  flush();
  close_after_flush_ = true;
  // If the writer is stuck (peer not reading), the caller's timers close the socket anyway.
  if (out_.empty()) fail(reason);
  spdlog::debug("connection {} closing: {}", remote_.to_base58(), reason);
}

void Connection::fail(const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  spdlog::info("connection {} {} closed: {}", serial_, remote_.to_base58(), reason);
  io_->close();
  out_ready_.notify();
  drained_.notify();
  for (auto& [id, weak] : streams_) {
    if (auto s = weak.lock()) {
      s->readable_.notify();
      s->writable_.notify();
    }
  }
  if (on_closed_) {
    auto cb = std::move(on_closed_);
    on_closed_ = nullptr;
    cb(*this);
  }
  on_stream_ = nullptr;
}

}  // namespace fluence::net
