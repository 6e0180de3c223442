// CIDv1 (and CIDv0 on input): version, content codec, multihash; binary and multibase text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fluence/core/bytes.h"
#include "fluence/core/multihash.h"

namespace fluence {

enum CidCodec : std::uint64_t {
  kCodecRaw = 0x55,
  kCodecDagPb = 0x70,
  kCodecLibp2pKey = 0x72,
  kCodecJson = 0x0200,
  kCodecMessagePack = 0x0201,
};

struct Cid {
  std::uint64_t version = 1;
  std::uint64_t codec = kCodecJson;
  Multihash hash;

  Bytes to_bytes() const;
  // v1: multibase base32 lower ('b' prefix); v0: bare base58btc.
  std::string to_string() const;
  static Cid from_bytes(ByteView data);
  // Any multibase for v1; a 46-char "Qm..." base58 string is read as v0.
  static Cid parse(std::string_view text);

  bool operator==(const Cid&) const = default;
};

// The CID AquaVM gives a JSON text: CIDv1, codec json, BLAKE3-256 of the bytes (air.md §9.6).
std::string json_cid(std::string_view canonical_json);

}  // namespace fluence
