#include "fluence/core/libp2p_key.h"

#include <string>

#include "fluence/core/error.h"
#include "fluence/core/varint.h"

namespace fluence {

Bytes Libp2pKey::encode() const {
  Bytes out;
  out.reserve(data.size() + 4);
  out.push_back(0x08);  // field 1, varint
  append_uvarint(out, static_cast<std::uint64_t>(type));
  out.push_back(0x12);  // field 2, length-delimited
  append_uvarint(out, data.size());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Libp2pKey Libp2pKey::decode(ByteView bytes) {
  Libp2pKey key;
  bool have_type = false;
  bool have_data = false;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t field_start = pos;
    std::uint64_t tag = read_uvarint(bytes, pos);
    std::uint64_t field = tag >> 3;
    unsigned wire = tag & 7;
    auto where = " at offset " + std::to_string(field_start);
    if (field == 0) throw_invalid("libp2p key: field number 0" + where);
    switch (wire) {
      case 0: {
        std::uint64_t v = read_uvarint(bytes, pos);
        if (field == 1) {
          if (v > static_cast<std::uint64_t>(KeyType::kEcdsa)) {
            throw_invalid("libp2p key: unknown key type " + std::to_string(v));
          }
          key.type = static_cast<KeyType>(v);
          have_type = true;
        }
        break;
      }
      case 2: {
        std::uint64_t len = read_uvarint(bytes, pos);
        if (len > bytes.size() - pos) throw_invalid("libp2p key: truncated field" + where);
        if (field == 2) {
          key.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                          bytes.begin() + static_cast<std::ptrdiff_t>(pos + len));
          have_data = true;
        }
        pos += len;
        break;
      }
      case 1:
      case 5: {
        std::size_t len = wire == 1 ? 8 : 4;
        if (len > bytes.size() - pos) throw_invalid("libp2p key: truncated field" + where);
        pos += len;
        break;
      }
      default:
        throw_invalid("libp2p key: unsupported wire type " + std::to_string(wire) + where);
    }
    if ((field == 1 && wire != 0) || (field == 2 && wire != 2)) {
      throw_invalid("libp2p key: field " + std::to_string(field) + " has the wrong wire type" +
                    where);
    }
  }
  if (!have_type) throw_invalid("libp2p key: missing Type field");
  if (!have_data) throw_invalid("libp2p key: missing Data field");
  return key;
}

Libp2pKey libp2p_public_key(const Ed25519KeyPair& key) {
  return {KeyType::kEd25519, Bytes(key.public_key().begin(), key.public_key().end())};
}

Libp2pKey libp2p_private_key(const Ed25519KeyPair& key) {
  return {KeyType::kEd25519, key.keypair_bytes()};
}

Ed25519KeyPair ed25519_from_libp2p_private_key(const Libp2pKey& key) {
  if (key.type != KeyType::kEd25519) {
    throw Error(ErrorKind::kCrypto, "libp2p private key: type " +
                                        std::to_string(static_cast<int>(key.type)) +
                                        " is not Ed25519");
  }
  return Ed25519KeyPair::from_keypair_bytes(key.data);
}

}  // namespace fluence
