// The connection upgrade (network.md §3): multistream "/noise", the Noise XX handshake, then
// multistream "/yamux/1.0.0" inside the encrypted channel, giving a Connection.
#pragma once

#include <chrono>
#include <optional>

#include "fluence/core/ed25519.h"
#include "fluence/net/connection.h"

namespace fluence::net {

struct UpgradeOptions {
  std::chrono::milliseconds timeout{10000};
  ConnectionLimits limits;
  // The host's Noise static key and payload (must belong to the identity passed along);
  // null makes a fresh one for the handshake.
  std::shared_ptr<const NoiseStaticIdentity> noise_static;
};

// Dialer side. `expected` is the peer id from the dialed /p2p component, if any. Throws on
// failure or timeout (the byte stream is then closed).
Task<ConnectionPtr> upgrade_outbound(ByteStreamPtr io, const Ed25519KeyPair& identity, std::optional<PeerId> expected,
                                     UpgradeOptions options = {});
// Listener side.
Task<ConnectionPtr> upgrade_inbound(ByteStreamPtr io, const Ed25519KeyPair& identity, UpgradeOptions options = {});

}  // namespace fluence::net
