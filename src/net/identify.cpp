#include "fluence/net/identify.h"

#include "fluence/net/protobuf.h"

namespace fluence::net {

Bytes IdentifyMessage::encode() const {
  ProtoWriter w;
  if (!public_key.empty()) w.bytes(1, public_key);
  for (const auto& a : listen_addrs) w.bytes(2, a);
  for (const auto& p : protocols) w.string(3, p);
  if (!observed_addr.empty()) w.bytes(4, observed_addr);
  if (!protocol_version.empty()) w.string(5, protocol_version);
  if (!agent_version.empty()) w.string(6, agent_version);
  if (!signed_peer_record.empty()) w.bytes(8, signed_peer_record);
  return w.take();
}

IdentifyMessage IdentifyMessage::decode(ByteView bytes) {
  IdentifyMessage m;
  ProtoReader r(bytes);
  ProtoField f;
  while (r.next(f)) {
    if (f.wire_type != 2) continue;
    Bytes b(f.bytes.begin(), f.bytes.end());
    switch (f.number) {
      case 1: m.public_key = std::move(b); break;
      case 2: m.listen_addrs.push_back(std::move(b)); break;
      case 3: m.protocols.emplace_back(as_chars(f.bytes)); break;
      case 4: m.observed_addr = std::move(b); break;
      case 5: m.protocol_version = std::string(as_chars(f.bytes)); break;
      case 6: m.agent_version = std::string(as_chars(f.bytes)); break;
      case 8: m.signed_peer_record = std::move(b); break;
      default: break;
    }
  }
  return m;
}

}  // namespace fluence::net
