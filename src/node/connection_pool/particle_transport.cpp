#include "fluence/node/particle_transport.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "fluence/core/error.h"
#include "fluence/net/stream_io.h"

namespace fluence::node {

bool peer_looks_like_client(const net::Host& host, const PeerId& peer) {
  const net::PeerInfo* info = host.peer_info(peer);
  if (!info || info->protocols.empty()) return false;  // not identified yet: treat as a peer
  for (const auto& protocol : info->protocols) {
    if (protocol.find("/kad/") != std::string::npos) return false;
  }
  return true;
}

std::shared_ptr<ParticleTransport> ParticleTransport::create(std::shared_ptr<net::Host> host, Receiver receiver,
                                                             ParticleTransportConfig config) {
  auto transport = std::make_shared<ParticleTransport>(std::move(host), std::move(receiver), std::move(config));
  std::weak_ptr<ParticleTransport> weak = transport;
  transport->host_->set_handler(std::string(kParticleProtocolId), [weak](net::StreamPtr stream) -> net::Task<void> {
    if (auto self = weak.lock()) co_await self->serve(std::move(stream));
  });
  return transport;
}

ParticleTransport::ParticleTransport(std::shared_ptr<net::Host> host, Receiver receiver,
                                     ParticleTransportConfig config)
    : host_(std::move(host)), receiver_(std::move(receiver)), config_(std::move(config)) {
  if (!config_.is_client) config_.is_client = peer_looks_like_client;
}

bool ParticleTransport::is_client(const PeerId& peer) const { return config_.is_client(*host_, peer); }

// js-client writes one frame and FINs; other implementations may write several. Read frames
// until EOF, then FIN our side so the sender can release the stream (§7.3).
net::Task<void> ParticleTransport::serve(net::StreamPtr stream) {
  auto self = shared_from_this();
  PeerId from = stream->connection().remote_peer();
  try {
    while (auto body = co_await net::read_length_prefixed(*stream, config_.max_inbound_body)) {
      Particle particle;
      try {
        particle = decode_particle_body(*body);
      } catch (const Error& e) {
        ++stats_.rejected;
        spdlog::warn("particle from {}: {}", from.to_base58(), e.what());
        continue;
      }
      ++stats_.received;
      receiver_(std::move(particle), from);
    }
    stream->close_write();
  } catch (const Error& e) {
    // A frame above the limit or a broken stream: nothing more can be read from it.
    if (e.kind() == ErrorKind::kLimit) ++stats_.rejected;
    spdlog::warn("particle stream from {}: {}", from.to_base58(), e.what());
    stream->reset();
  }
}

net::Task<void> ParticleTransport::send(const PeerId& to, const Particle& p) {
  auto self = shared_from_this();
  Bytes body = encode_particle_body(p);
  bool client = is_client(to);
  if (client && body.size() > kMaxClientParticleBodyBytes) {
    throw Error(ErrorKind::kLimit, "particle " + p.id + " is " + std::to_string(body.size()) +
                                       " bytes encoded; a client accepts at most " +
                                       std::to_string(kMaxClientParticleBodyBytes));
  }
  // A named vector: GCC 12 miscompiles a braced list inside a co_await expression.
  const std::vector<std::string> protocols{std::string(kParticleProtocolId)};
  auto stream = co_await host_->new_stream(to, protocols);
  co_await net::write_length_prefixed(*stream, body);
  stream->close_write();
  // js-client never half-closes its side of a particle stream; without the RST it keeps the
  // stream forever and refuses new ones after 1 000 (§7.3). Peers get the FIN only.
  if (client) stream->reset();
  ++stats_.sent;
}

}  // namespace fluence::node
