// ParticleTransport: moves particles between peers over /fluence/particle/2.0.0 on a
// net::Host — serves inbound particle streams and sends particles on new streams
// (network.md §10.1, stream lifecycle of §7.3). It checks the wire form only; signatures,
// expiry and deduplication belong to the node's intake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "fluence/core/peer_id.h"
#include "fluence/net/host.h"
#include "fluence/node/particle.h"
#include "fluence/node/particle_codec.h"

namespace fluence::node {

inline constexpr std::string_view kParticleProtocolId = "/fluence/particle/2.0.0";

struct ParticleTransportConfig {
  // Largest inbound body accepted (nox: 100 MiB).
  std::size_t max_inbound_body = kMaxParticleBodyBytes;
  // Whether a peer is a client (js-client): clients get at most 4 MiB bodies and an RST after
  // the FIN of each particle stream, which js needs to release the stream. Default: a peer
  // whose identify lists no Kademlia protocol.
  std::function<bool(const net::Host&, const PeerId&)> is_client;
};

struct ParticleTransportStats {
  std::uint64_t received = 0;
  std::uint64_t rejected = 0;  // frames that did not decode, or were too large
  std::uint64_t sent = 0;
};

class ParticleTransport : public std::enable_shared_from_this<ParticleTransport> {
 public:
  using Receiver = std::function<void(Particle particle, const PeerId& from)>;

  // Registers the protocol handler on `host`; `receiver` gets every decoded particle.
  static std::shared_ptr<ParticleTransport> create(std::shared_ptr<net::Host> host, Receiver receiver,
                                                   ParticleTransportConfig config = {});

  // Sends `p` on a new stream to `to` (over an existing connection, else dialing its known
  // addresses). Throws Error(kLimit) for a body a client cannot take, net errors otherwise.
  net::Task<void> send(const PeerId& to, const Particle& p);

  bool is_client(const PeerId& peer) const;
  const ParticleTransportStats& stats() const { return stats_; }

  ParticleTransport(std::shared_ptr<net::Host> host, Receiver receiver, ParticleTransportConfig config);

 private:
  net::Task<void> serve(net::StreamPtr stream);

  std::shared_ptr<net::Host> host_;
  Receiver receiver_;
  ParticleTransportConfig config_;
  ParticleTransportStats stats_;
};

// The default client test: identify told us its protocols and none of them is Kademlia.
bool peer_looks_like_client(const net::Host& host, const PeerId& peer);

}  // namespace fluence::node
