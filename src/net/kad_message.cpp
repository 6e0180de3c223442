#include "fluence/net/kad_message.h"

#include "fluence/core/error.h"
#include "fluence/net/protobuf.h"

namespace fluence::net {
namespace {

Bytes encode_peer(const KadPeer& p) {
  ProtoWriter w;
  w.bytes(1, p.id);
  for (const auto& a : p.addrs) w.bytes(2, a);
  w.varint(3, static_cast<std::uint64_t>(p.connection));
  return w.take();
}

KadPeer decode_peer(ByteView bytes) {
  KadPeer p;
  ProtoReader r(bytes);
  ProtoField f;
  while (r.next(f)) {
    if (f.number == 1 && f.wire_type == 2) p.id.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 2 && f.wire_type == 2) p.addrs.emplace_back(f.bytes.begin(), f.bytes.end());
    if (f.number == 3 && f.wire_type == 0 && f.value <= 3) p.connection = static_cast<KadConnection>(f.value);
  }
  if (p.id.empty()) throw_invalid("kad: peer entry without id");
  return p;
}

Bytes encode_record(const KadRecord& r) {
  ProtoWriter w;
  w.bytes(1, r.key);
  w.bytes(2, r.value);
  if (!r.time_received.empty()) w.string(5, r.time_received);
  if (!r.publisher.empty()) w.bytes(666, r.publisher);
  if (r.ttl != 0) w.varint(777, r.ttl);
  return w.take();
}

KadRecord decode_record(ByteView bytes) {
  KadRecord rec;
  ProtoReader r(bytes);
  ProtoField f;
  while (r.next(f)) {
    if (f.number == 1 && f.wire_type == 2) rec.key.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 2 && f.wire_type == 2) rec.value.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 5 && f.wire_type == 2) rec.time_received = std::string(as_chars(f.bytes));
    if (f.number == 666 && f.wire_type == 2) rec.publisher.assign(f.bytes.begin(), f.bytes.end());
    if (f.number == 777 && f.wire_type == 0) rec.ttl = static_cast<std::uint32_t>(f.value);
  }
  return rec;
}

}  // namespace

Bytes KadMessage::encode() const {
  ProtoWriter w;
  w.varint(1, static_cast<std::uint64_t>(type));
  if (!key.empty()) w.bytes(2, key);
  if (record) w.bytes(3, encode_record(*record));
  for (const auto& p : closer_peers) w.bytes(8, encode_peer(p));
  for (const auto& p : provider_peers) w.bytes(9, encode_peer(p));
  return w.take();
}

KadMessage KadMessage::decode(ByteView bytes) {
  KadMessage m;
  ProtoReader r(bytes);
  ProtoField f;
  bool has_type = false;
  while (r.next(f)) {
    switch (f.number) {
      case 1:
        if (f.wire_type != 0 || f.value > 5) throw_invalid("kad: bad message type");
        m.type = static_cast<KadType>(f.value);
        has_type = true;
        break;
      case 2:
        if (f.wire_type == 2) m.key.assign(f.bytes.begin(), f.bytes.end());
        break;
      case 3:
        if (f.wire_type == 2) m.record = decode_record(f.bytes);
        break;
      case 8:
        if (f.wire_type == 2) m.closer_peers.push_back(decode_peer(f.bytes));
        break;
      case 9:
        if (f.wire_type == 2) m.provider_peers.push_back(decode_peer(f.bytes));
        break;
      default:
        break;
    }
  }
  if (!has_type) m.type = KadType::kPutValue;  // proto default
  return m;
}

std::string fluence_kad_protocol_id(std::string_view network) {
  return "/fluence/kad/" + std::string(network) + "/1.0.0";
}

}  // namespace fluence::net
