// The Kademlia RPC message (network.md §9.3): Message, Peer and Record protobufs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::net {

inline constexpr std::string_view kKadIpfsProtocolId = "/ipfs/kad/1.0.0";
inline constexpr std::size_t kKadMaxMessage = 1024 * 1024;

enum class KadType : std::uint8_t { kPutValue = 0, kGetValue = 1, kAddProvider = 2, kGetProviders = 3, kFindNode = 4, kPing = 5 };
enum class KadConnection : std::uint8_t { kNotConnected = 0, kConnected = 1, kCanConnect = 2, kCannotConnect = 3 };

struct KadPeer {
  Bytes id;                  // peer id multihash
  std::vector<Bytes> addrs;  // binary multiaddrs
  KadConnection connection = KadConnection::kNotConnected;
};

struct KadRecord {
  Bytes key;
  Bytes value;
  std::string time_received;
  Bytes publisher;
  std::uint32_t ttl = 0;
};

struct KadMessage {
  KadType type = KadType::kFindNode;
  Bytes key;
  std::optional<KadRecord> record;
  std::vector<KadPeer> closer_peers;
  std::vector<KadPeer> provider_peers;

  Bytes encode() const;
  static KadMessage decode(ByteView bytes);  // throws Error(kInvalidInput)
};

// "/fluence/kad/<network>/1.0.0".
std::string fluence_kad_protocol_id(std::string_view network);

}  // namespace fluence::net
