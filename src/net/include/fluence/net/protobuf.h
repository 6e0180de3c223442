// A minimal protobuf wire-format writer and reader for the libp2p messages (Noise payload,
// identify, Kademlia): varint and length-delimited fields, unknown fields skipped.
#pragma once

#include <cstdint>
#include <string_view>

#include "fluence/core/bytes.h"

namespace fluence::net {

class ProtoWriter {
 public:
  void varint(std::uint32_t field, std::uint64_t value);
  void bytes(std::uint32_t field, ByteView value);
  void string(std::uint32_t field, std::string_view value) { bytes(field, as_bytes(value)); }
  const Bytes& data() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

// One decoded field: `value` for varints, `bytes` (a view into the input) for length-delimited.
struct ProtoField {
  std::uint32_t number = 0;
  std::uint32_t wire_type = 0;
  std::uint64_t value = 0;
  ByteView bytes;
};

// Iterates the fields of one message; throws Error(kInvalidInput) on truncation or a wire type
// that is not 0, 1, 2 or 5 (groups are not used by any libp2p message).
class ProtoReader {
 public:
  explicit ProtoReader(ByteView data) : data_(data) {}
  bool next(ProtoField& field);

 private:
  ByteView data_;
  std::size_t pos_ = 0;
};

}  // namespace fluence::net
