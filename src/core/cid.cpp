#include "fluence/core/cid.h"

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"
#include "fluence/core/multibase.h"
#include "fluence/core/varint.h"

namespace fluence {

namespace {

bool is_v0_multihash(ByteView data) {
  return data.size() == 34 && data[0] == kMultihashSha2_256 && data[1] == 32;
}

}  // namespace

Bytes Cid::to_bytes() const {
  if (version == 0) return hash.to_bytes();
  Bytes out;
  append_uvarint(out, version);
  append_uvarint(out, codec);
  Bytes mh = hash.to_bytes();
  out.insert(out.end(), mh.begin(), mh.end());
  return out;
}

std::string Cid::to_string() const {
  if (version == 0) return base58btc_encode(hash.to_bytes());
  return multibase_encode(Multibase::kBase32, to_bytes());
}

Cid Cid::from_bytes(ByteView data) {
  // A CIDv0 is a bare sha2-256 multihash; its first byte 0x12 is not a valid version.
  if (is_v0_multihash(data)) return Cid{0, kCodecDagPb, Multihash::from_bytes(data)};
  std::size_t pos = 0;
  Cid cid;
  cid.version = read_uvarint(data, pos);
  if (cid.version != 1) {
    throw_invalid("cid: unsupported version " + std::to_string(cid.version));
  }
  cid.codec = read_uvarint(data, pos);
  cid.hash = Multihash::read(data, pos);
  if (pos != data.size()) {
    throw_invalid("cid: " + std::to_string(data.size() - pos) + " trailing bytes");
  }
  return cid;
}

Cid Cid::parse(std::string_view text) {
  if (text.size() == 46 && text.substr(0, 2) == "Qm") {
    Bytes mh = base58btc_decode(text);
    if (!is_v0_multihash(mh)) throw_invalid("cid: malformed CIDv0 text");
    return Cid{0, kCodecDagPb, Multihash::from_bytes(mh)};
  }
  return from_bytes(multibase_decode(text).data);
}

std::string json_cid(std::string_view canonical_json) {
  auto digest = blake3(as_bytes(canonical_json));
  // 0x01 version, 0x80 0x04 codec json, 0x1e 0x20 blake3 with a 32-byte digest.
  std::uint8_t bytes[37] = {0x01, 0x80, 0x04, 0x1e, 0x20};
  std::copy(digest.begin(), digest.end(), bytes + 5);
  return "b" + base32_encode(bytes);
}

}  // namespace fluence
