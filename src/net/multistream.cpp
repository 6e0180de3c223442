#include "fluence/net/multistream.h"

#include "fluence/core/error.h"
#include "fluence/core/varint.h"

namespace fluence::net {
namespace {

[[noreturn]] void protocol_error(const std::string& what) { throw Error(ErrorKind::kProtocol, "multistream: " + what); }

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

}  // namespace

Bytes multistream_encode(std::string_view text) {
  Bytes out;
  append_uvarint(out, text.size() + 1);
  out.insert(out.end(), text.begin(), text.end());
  out.push_back('\n');
  return out;
}

Bytes multistream_encode_list(const std::vector<std::string>& protocols) {
  Bytes body;
  for (const auto& p : protocols) {
    auto m = multistream_encode(p);
    body.insert(body.end(), m.begin(), m.end());
  }
  body.push_back('\n');
  Bytes out;
  append_uvarint(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::optional<std::string> MultistreamReader::next() {
  std::size_t pos = pos_;
  std::optional<std::uint64_t> len;
  try {
    len = try_read_uvarint(buffer_, pos);
  } catch (const Error&) {
    protocol_error("malformed length prefix");
  }
  if (!len) {
    if (buffer_.size() - pos_ > 2) protocol_error("length prefix too long");
    return std::nullopt;
  }
  if (*len == 0 || *len > kMultistreamMaxMessage) protocol_error("message length " + std::to_string(*len) + " out of range");
  if (buffer_.size() - pos < *len) return std::nullopt;
  if (buffer_[pos + *len - 1] != '\n') protocol_error("message without trailing newline");
  std::string text(reinterpret_cast<const char*>(buffer_.data() + pos), static_cast<std::size_t>(*len - 1));
  pos_ = pos + static_cast<std::size_t>(*len);
  return text;
}

Bytes MultistreamReader::take_rest() {
  Bytes rest(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_), buffer_.end());
  buffer_.clear();
  pos_ = 0;
  return rest;
}

Bytes MultistreamListener::receive(ByteView data) {
  Bytes out;
  reader_.feed(data);
  while (!done()) {
    auto msg = reader_.next();
    if (!msg) break;
    if (!header_seen_) {
      if (*msg != kMultistreamId) protocol_error("expected header, got '" + printable(*msg) + "'");
      header_seen_ = true;
      auto h = multistream_encode(kMultistreamId);
      out.insert(out.end(), h.begin(), h.end());
      continue;
    }
    if (*msg == "ls") {
      auto l = multistream_encode_list(supported_);
      out.insert(out.end(), l.begin(), l.end());
      continue;
    }
    Bytes answer;
    for (const auto& p : supported_) {
      if (p == *msg) {
        protocol_ = p;
        break;
      }
    }
    answer = multistream_encode(done() ? std::string_view(*msg) : std::string_view("na"));
    out.insert(out.end(), answer.begin(), answer.end());
  }
  return out;
}

Bytes MultistreamDialer::start() {
  if (proposals_.empty()) throw Error(ErrorKind::kInternal, "multistream: nothing to propose");
  Bytes out = multistream_encode(kMultistreamId);
  auto p = multistream_encode(proposals_[0]);
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes MultistreamDialer::receive(ByteView data) {
  Bytes out;
  reader_.feed(data);
  while (!done()) {
    auto msg = reader_.next();
    if (!msg) break;
    if (!header_seen_) {
      if (*msg != kMultistreamId) protocol_error("expected header, got '" + printable(*msg) + "'");
      header_seen_ = true;
      continue;
    }
    if (*msg == proposals_[current_]) {
      protocol_ = *msg;
    } else if (*msg == "na") {
      if (++current_ >= proposals_.size())
        throw Error(ErrorKind::kNotFound, "multistream: peer supports none of the proposed protocols");
      auto p = multistream_encode(proposals_[current_]);
      out.insert(out.end(), p.begin(), p.end());
    } else {
      protocol_error("unexpected answer '" + printable(*msg) + "'");
    }
  }
  return out;
}

}  // namespace fluence::net
