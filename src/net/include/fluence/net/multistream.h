// multistream-select 1.0 (network.md §5): the message codec and the two negotiation roles as
// I/O-free state machines; bytes in, bytes out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::net {

inline constexpr std::string_view kMultistreamId = "/multistream/1.0.0";
inline constexpr std::size_t kMultistreamMaxMessage = 1024;

// varint(len+1) || text || '\n'.
Bytes multistream_encode(std::string_view text);
// The `ls` answer body: a list of encoded ids plus a final '\n', itself length-prefixed.
Bytes multistream_encode_list(const std::vector<std::string>& protocols);

// Splits a byte stream into multistream messages. Throws Error(kProtocol) on a message longer
// than kMultistreamMaxMessage or one without the trailing newline.
class MultistreamReader {
 public:
  void feed(ByteView data) { buffer_.insert(buffer_.end(), data.begin(), data.end()); }
  std::optional<std::string> next();
  // Bytes received after the last message taken (application data after negotiation).
  Bytes take_rest();

 private:
  Bytes buffer_;
  std::size_t pos_ = 0;
};

// The listener (responder) side: answers the header, echoes supported ids, `na` otherwise,
// answers `ls`. After `done()`, `protocol()` is the agreed id and `take_rest()` holds any
// pipelined application bytes.
class MultistreamListener {
 public:
  explicit MultistreamListener(std::vector<std::string> supported) : supported_(std::move(supported)) {}
  // Feeds received bytes; returns the bytes to send back. Throws Error(kProtocol).
  Bytes receive(ByteView data);
  bool done() const { return protocol_.has_value(); }
  const std::string& protocol() const { return *protocol_; }
  Bytes take_rest() { return reader_.take_rest(); }

 private:
  std::vector<std::string> supported_;
  MultistreamReader reader_;
  bool header_seen_ = false;
  std::optional<std::string> protocol_;
};

// The dialer (initiator) side: sends header + first proposal together, tries the next
// proposal on `na`, fails when none is left.
class MultistreamDialer {
 public:
  explicit MultistreamDialer(std::vector<std::string> proposals) : proposals_(std::move(proposals)) {}
  Bytes start();  // header + first proposal
  Bytes receive(ByteView data);  // throws Error(kProtocol) or Error(kNotFound) when all refused
  bool done() const { return protocol_.has_value(); }
  const std::string& protocol() const { return *protocol_; }
  Bytes take_rest() { return reader_.take_rest(); }

 private:
  std::vector<std::string> proposals_;
  std::size_t current_ = 0;
  MultistreamReader reader_;
  bool header_seen_ = false;
  std::optional<std::string> protocol_;
};

}  // namespace fluence::net
