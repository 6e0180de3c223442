// The identify message (network.md §8.1) for /ipfs/id/1.0.0 and /ipfs/id/push/1.0.0.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::net {

inline constexpr std::string_view kIdentifyProtocolId = "/ipfs/id/1.0.0";
inline constexpr std::string_view kIdentifyPushProtocolId = "/ipfs/id/push/1.0.0";
inline constexpr std::size_t kIdentifyMaxMessage = 8192;

struct IdentifyMessage {
  Bytes public_key;                 // PublicKey protobuf
  std::vector<Bytes> listen_addrs;  // binary multiaddrs
  std::vector<std::string> protocols;
  Bytes observed_addr;
  std::string protocol_version;
  std::string agent_version;
  Bytes signed_peer_record;

  Bytes encode() const;
  static IdentifyMessage decode(ByteView bytes);  // throws Error(kInvalidInput)
};

}  // namespace fluence::net
