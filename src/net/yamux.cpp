#include "fluence/net/yamux.h"

#include <algorithm>
#include <utility>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

[[noreturn]] void protocol_error(const std::string& what) { throw Error(ErrorKind::kProtocol, "yamux: " + what); }

void put32(Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 24));
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

std::uint32_t get32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

}  // namespace

void YamuxHeader::encode(Bytes& out) const {
  out.push_back(version);
  out.push_back(static_cast<std::uint8_t>(type));
  out.push_back(static_cast<std::uint8_t>(flags >> 8));
  out.push_back(static_cast<std::uint8_t>(flags));
  put32(out, stream_id);
  put32(out, length);
}

YamuxHeader YamuxHeader::decode(const std::uint8_t* p) {
  YamuxHeader h;
  h.version = p[0];
  if (h.version != 0) protocol_error("unsupported version " + std::to_string(h.version));
  if (p[1] > 3) protocol_error("unknown frame type " + std::to_string(p[1]));
  h.type = static_cast<YamuxType>(p[1]);
  h.flags = static_cast<std::uint16_t>((p[2] << 8) | p[3]);
  h.stream_id = get32(p + 4);
  h.length = get32(p + 8);
  return h;
}

YamuxSession::YamuxSession(bool client, YamuxConfig config)
    : client_(client), config_(config), next_id_(client ? 1 : 2) {}

void YamuxSession::receive(ByteView in) {
  while (!in.empty()) {
    if (data_frame_) {
      std::size_t n = std::min<std::size_t>(in.size(), body_left_);
      handle_body(in.subspan(0, n));
      in = in.subspan(n);
      body_left_ -= static_cast<std::uint32_t>(n);
      if (body_left_ == 0) finish_data_frame();
      continue;
    }
    if (!header_.empty() || in.size() < kYamuxHeaderSize) {
      std::size_t n = std::min(in.size(), kYamuxHeaderSize - header_.size());
      header_.insert(header_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
      in = in.subspan(n);
      if (header_.size() < kYamuxHeaderSize) return;
      YamuxHeader h = YamuxHeader::decode(header_.data());
      header_.clear();
      handle_header(h);
      continue;
    }
    YamuxHeader h = YamuxHeader::decode(in.data());
    in = in.subspan(kYamuxHeaderSize);
    handle_header(h);
  }
}

void YamuxSession::handle_stream_flags(std::uint32_t id, std::uint16_t flags, bool& created) {
  created = false;
  if (flags & kSyn) {
    if (streams_.count(id)) protocol_error("SYN for already open stream " + std::to_string(id));
    if (is_local_id(id)) protocol_error("remote opened stream " + std::to_string(id) + " with our parity");
    if (local_goaway_ || inbound_ >= config_.max_inbound_streams) {
      emit_frame(YamuxType::kWindowUpdate, kRst, id, 0);  // refuse, keep the session
      return;
    }
    Stream s;
    s.inbound = true;
    s.need_ack = true;
    streams_.emplace(id, s);
    ++inbound_;
    created = true;
    events_.push_back({YamuxEvent::kStreamOpened, id, {}, 0});
  }
}

void YamuxSession::handle_header(const YamuxHeader& h) {
  switch (h.type) {
    case YamuxType::kPing:
      if (h.stream_id != 0) protocol_error("ping on stream " + std::to_string(h.stream_id));
      if (h.flags == kSyn) {
        emit_frame(YamuxType::kPing, kAck, 0, h.length);
      } else if (h.flags == kAck) {
        if (ping_outstanding_ && *ping_outstanding_ == h.length) {
          ping_outstanding_.reset();
          events_.push_back({YamuxEvent::kPingAck, 0, {}, h.length});
        }
      } else {
        protocol_error("ping with flags " + std::to_string(h.flags));
      }
      return;
    case YamuxType::kGoAway:
      if (h.stream_id != 0) protocol_error("go-away on stream " + std::to_string(h.stream_id));
      remote_goaway_ = true;
      events_.push_back({YamuxEvent::kGoAway, 0, {}, h.length});
      return;
    case YamuxType::kData:
    case YamuxType::kWindowUpdate:
      break;
  }
  std::uint32_t id = h.stream_id;
  if (id == 0) protocol_error("data or window update on stream 0");
  if (h.type == YamuxType::kData && h.length > config_.max_window)
    protocol_error("data frame of " + std::to_string(h.length) + " bytes exceeds any window");
  bool created = false;
  handle_stream_flags(id, h.flags, created);
  auto it = streams_.find(id);
  Stream* s = it == streams_.end() ? nullptr : &it->second;
  if (s && (h.flags & kRst)) {
    events_.push_back({YamuxEvent::kReset, id, {}, 0});
    if (s->inbound) --inbound_; else --outbound_;
    streams_.erase(it);
    s = nullptr;
  }
  if (h.type == YamuxType::kWindowUpdate) {
    if (!s) return;  // late frame for a finished, refused or reset stream
    if (h.length > 0) {
      std::uint64_t w = static_cast<std::uint64_t>(s->send_window) + h.length;
      if (w > 0xffffffffu) protocol_error("send window overflow on stream " + std::to_string(id));
      s->send_window = static_cast<std::uint32_t>(w);
      events_.push_back({YamuxEvent::kWritable, id, {}, 0});
    }
    if (h.flags & kFin) {
      if (!s->remote_fin) {
        s->remote_fin = true;
        events_.push_back({YamuxEvent::kRemoteClosed, id, {}, 0});
      }
      maybe_remove(id);
    }
    return;
  }
  // Data: the whole frame is checked against the window up front, so its body can then be
  // passed on piece by piece as it arrives.
  if (s) {
    if (h.length > s->recv_window) protocol_error("stream " + std::to_string(id) + " exceeded its receive window");
    if (s->remote_fin && h.length > 0) protocol_error("data after FIN on stream " + std::to_string(id));
    s->recv_window -= h.length;
  }
  data_frame_ = h;
  body_left_ = h.length;
  body_target_ = s != nullptr;
  if (body_left_ == 0) finish_data_frame();
}

void YamuxSession::handle_body(ByteView body) {
  if (body_target_ && !body.empty())
    events_.push_back({YamuxEvent::kData, data_frame_->stream_id, body, 0});
}

void YamuxSession::finish_data_frame() {
  YamuxHeader h = *data_frame_;
  data_frame_.reset();
  if (!body_target_ || !(h.flags & kFin)) return;
  auto it = streams_.find(h.stream_id);
  if (it == streams_.end()) return;
  if (!it->second.remote_fin) {
    it->second.remote_fin = true;
    events_.push_back({YamuxEvent::kRemoteClosed, h.stream_id, {}, 0});
  }
  maybe_remove(h.stream_id);
}

std::uint16_t YamuxSession::take_ack(Stream& s) {
  if (!s.need_ack) return 0;
  s.need_ack = false;
  return kAck;
}

void YamuxSession::emit_frame(YamuxType type, std::uint16_t flags, std::uint32_t id, std::uint32_t length, ByteView body) {
  if (sink_) {
    std::uint8_t header[kYamuxHeaderSize];
    header[0] = 0;
    header[1] = static_cast<std::uint8_t>(type);
    header[2] = static_cast<std::uint8_t>(flags >> 8);
    header[3] = static_cast<std::uint8_t>(flags);
    for (int i = 0; i < 4; ++i) {
      header[4 + i] = static_cast<std::uint8_t>(id >> (24 - 8 * i));
      header[8 + i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
    }
    sink_(ByteView(header, kYamuxHeaderSize), body);
    return;
  }
  YamuxHeader{0, type, flags, id, length}.encode(output_);
  output_.insert(output_.end(), body.begin(), body.end());
}

std::vector<YamuxEvent> YamuxSession::take_events() { return std::exchange(events_, {}); }
Bytes YamuxSession::take_output() { return std::exchange(output_, {}); }

void YamuxSession::append_output(Bytes& out) {
  out.insert(out.end(), output_.begin(), output_.end());
  output_.clear();
}

std::uint32_t YamuxSession::open_stream() {
  if (local_goaway_ || remote_goaway_) throw Error(ErrorKind::kProtocol, "yamux: session is going away");
  if (outbound_ >= config_.max_outbound_streams) throw Error(ErrorKind::kLimit, "yamux: too many outbound streams");
  if (next_id_ > 0xfffffffdu) throw Error(ErrorKind::kLimit, "yamux: stream ids exhausted");
  std::uint32_t id = next_id_;
  next_id_ += 2;
  streams_.emplace(id, Stream{});
  ++outbound_;
  emit_frame(YamuxType::kWindowUpdate, kSyn, id, 0);
  return id;
}

std::size_t YamuxSession::send(std::uint32_t id, ByteView data) {
  auto it = streams_.find(id);
  if (it == streams_.end()) throw Error(ErrorKind::kProtocol, "yamux: stream " + std::to_string(id) + " is closed");
  Stream& s = it->second;
  if (s.local_fin) throw Error(ErrorKind::kProtocol, "yamux: write after close on stream " + std::to_string(id));
  std::size_t sent = 0;
  while (sent < data.size() && s.send_window > 0) {
    std::size_t n = std::min<std::size_t>({data.size() - sent, s.send_window, config_.max_frame_payload});
    emit_frame(YamuxType::kData, take_ack(s), id, static_cast<std::uint32_t>(n), data.subspan(sent, n));
    s.send_window -= static_cast<std::uint32_t>(n);
    sent += n;
  }
  return sent;
}

std::uint32_t YamuxSession::send_window(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? 0 : it->second.send_window;
}

void YamuxSession::close_write(std::uint32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end() || it->second.local_fin) return;
  it->second.local_fin = true;
  emit_frame(YamuxType::kWindowUpdate, static_cast<std::uint16_t>(kFin | take_ack(it->second)), id, 0);
  maybe_remove(id);
}

void YamuxSession::reset(std::uint32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  emit_frame(YamuxType::kWindowUpdate, kRst, id, 0);
  if (it->second.inbound) --inbound_; else --outbound_;
  streams_.erase(it);
}

void YamuxSession::consumed(std::uint32_t id, std::size_t n) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  Stream& s = it->second;
  s.unacked_consumed += n;
  // Grant credit back once half the window is used up (fewer frames than one per read), and
  // grow the window (up to max_window) so a fast sender is not limited by round trips.
  if (s.unacked_consumed >= s.recv_max / 2 || s.need_ack) {
    std::uint64_t delta = s.unacked_consumed;
    if (s.recv_max < config_.max_window) {
      std::uint32_t grown = std::min<std::uint32_t>(config_.max_window, s.recv_max * 2);
      delta += grown - s.recv_max;
      s.recv_max = grown;
    }
    s.recv_window += static_cast<std::uint32_t>(delta);
    s.unacked_consumed = 0;
    if (!s.remote_fin || s.need_ack)
      emit_frame(YamuxType::kWindowUpdate, take_ack(s), id, static_cast<std::uint32_t>(delta));
  }
}

void YamuxSession::ping(std::uint32_t value) {
  if (ping_outstanding_) return;
  ping_outstanding_ = value;
  emit_frame(YamuxType::kPing, kSyn, 0, value);
}

void YamuxSession::go_away(std::uint32_t code) {
  if (local_goaway_) return;
  local_goaway_ = true;
  emit_frame(YamuxType::kGoAway, 0, 0, code);
}

void YamuxSession::maybe_remove(std::uint32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  if (it->second.local_fin && it->second.remote_fin) {
    if (it->second.inbound) --inbound_; else --outbound_;
    streams_.erase(it);
  }
}

}  // namespace fluence::net
