#include "fluence/net/protobuf.h"

#include "fluence/core/error.h"
#include "fluence/core/varint.h"

namespace fluence::net {

void ProtoWriter::varint(std::uint32_t field, std::uint64_t value) {
  append_uvarint(out_, (static_cast<std::uint64_t>(field) << 3) | 0);
  append_uvarint(out_, value);
}

void ProtoWriter::bytes(std::uint32_t field, ByteView value) {
  append_uvarint(out_, (static_cast<std::uint64_t>(field) << 3) | 2);
  append_uvarint(out_, value.size());
  out_.insert(out_.end(), value.begin(), value.end());
}

bool ProtoReader::next(ProtoField& field) {
  if (pos_ >= data_.size()) return false;
  auto key = read_uvarint(data_, pos_);
  if ((key >> 3) == 0 || (key >> 3) > 0x1fffffff) throw_invalid("protobuf: bad field number");
  field = ProtoField{};
  field.number = static_cast<std::uint32_t>(key >> 3);
  field.wire_type = static_cast<std::uint32_t>(key & 7);
  switch (field.wire_type) {
    case 0:
      field.value = read_uvarint(data_, pos_);
      return true;
    case 1:
    case 5: {
      std::size_t n = field.wire_type == 1 ? 8 : 4;
      if (data_.size() - pos_ < n) throw_invalid("protobuf: truncated fixed field");
      field.bytes = data_.subspan(pos_, n);
      pos_ += n;
      return true;
    }
    case 2: {
      auto n = read_uvarint(data_, pos_);
      if (n > data_.size() - pos_) throw_invalid("protobuf: length-delimited field runs past the end");
      field.bytes = data_.subspan(pos_, static_cast<std::size_t>(n));
      pos_ += static_cast<std::size_t>(n);
      return true;
    }
    default:
      throw_invalid("protobuf: unsupported wire type " + std::to_string(field.wire_type));
  }
}

}  // namespace fluence::net
