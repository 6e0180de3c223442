#include "fluence/core/multihash.h"

#include <string>

#include "fluence/core/error.h"
#include "fluence/core/hash.h"
#include "fluence/core/varint.h"

namespace fluence {

Multihash Multihash::compute(std::uint64_t code, ByteView data) {
  switch (code) {
    case kMultihashIdentity: return {code, Bytes(data.begin(), data.end())};
    case kMultihashSha2_256: {
      auto d = sha256(data);
      return {code, Bytes(d.begin(), d.end())};
    }
    case kMultihashBlake3: {
      auto d = blake3(data);
      return {code, Bytes(d.begin(), d.end())};
    }
    default: throw_invalid("multihash: cannot compute hash code 0x" + hex_encode(encode_uvarint(code)));
  }
}

Bytes Multihash::to_bytes() const {
  Bytes out;
  out.reserve(digest.size() + 4);
  append_uvarint(out, code);
  append_uvarint(out, digest.size());
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

Multihash Multihash::read(ByteView data, std::size_t& pos) {
  std::size_t start = pos;
  Multihash mh;
  mh.code = read_uvarint(data, pos);
  std::uint64_t length = read_uvarint(data, pos);
  if (length > data.size() - pos) {
    throw_invalid("multihash at offset " + std::to_string(start) + ": digest length " +
                  std::to_string(length) + " exceeds the " + std::to_string(data.size() - pos) +
                  " bytes left");
  }
  if ((mh.code == kMultihashSha2_256 && length > 32)) {
    throw_invalid("multihash: sha2-256 digest of " + std::to_string(length) + " bytes");
  }
  mh.digest.assign(data.begin() + static_cast<std::ptrdiff_t>(pos),
                   data.begin() + static_cast<std::ptrdiff_t>(pos + length));
  pos += length;
  return mh;
}

Multihash Multihash::from_bytes(ByteView data) {
  std::size_t pos = 0;
  Multihash mh = read(data, pos);
  if (pos != data.size()) {
    throw_invalid("multihash: " + std::to_string(data.size() - pos) + " trailing bytes");
  }
  return mh;
}

}  // namespace fluence
