// Node: a Fluence peer assembled from the layers — a libp2p host with Kademlia, the particle
// transport, the particle pipeline and the builtins — for `fluence node` and for tests that
// start local networks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fluence/net/host.h"
#include "fluence/net/kad_service.h"
#include "fluence/node/particle_pipeline.h"
#include "fluence/node/particle_transport.h"
#include "fluence/node/service_dispatch.h"

namespace fluence::node {

struct NodeConfig {
  net::HostConfig host;
  net::KadConfig kad;
  // Clients (fluence run, apps) take no part in Kademlia: they reach peers through a relay.
  bool kademlia = true;
  std::vector<net::Multiaddr> listen;
  // Marine services deployed at start: service id and module (.wasm) or config (.toml) path.
  std::vector<std::pair<std::string, std::string>> marine_services;
  // Extra services besides the builtins (tests, clients).
  std::function<void(ServiceDispatch&)> add_services;
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  // Binds the listeners and wires the parts; start() begins Kademlia bootstrap and refresh.
  static std::shared_ptr<Node> create(net::asio::any_io_executor ex, NodeConfig config);
  Node() = default;  // use create()
  void start();
  // Stops Kademlia and closes every connection.
  void shutdown();

  const PeerId& peer_id() const { return host_->peer_id(); }
  // Listen addresses with /p2p/<peer id>.
  std::vector<net::Multiaddr> addresses() const;
  const std::shared_ptr<net::Host>& host() const { return host_; }
  const std::shared_ptr<ParticlePipeline>& pipeline() const { return pipeline_; }
  const std::shared_ptr<ParticleTransport>& transport() const { return transport_; }

 private:
  net::Task<void> deliver(PeerId to, Particle p);

  std::shared_ptr<net::Host> host_;
  std::shared_ptr<net::KadService> kad_;
  std::shared_ptr<ParticleTransport> transport_;
  std::shared_ptr<ParticlePipeline> pipeline_;
};

}  // namespace fluence::node
