#include "fluence/node/node.h"

#include "fluence/core/error.h"
#include "fluence/node/builtins.h"
#include "fluence/node/marine_services.h"

namespace fluence::node {

std::shared_ptr<Node> Node::create(net::asio::any_io_executor ex, NodeConfig config) {
  auto node = std::make_shared<Node>();
  std::weak_ptr<Node> weak = node;
  Ed25519KeyPair key = config.host.identity;
  node->host_ = net::Host::create(ex, config.host);
  if (config.kademlia) node->kad_ = net::KadService::create(node->host_, config.kad);
  for (const auto& address : config.listen) node->host_->listen(address);

  auto dispatch = std::make_shared<ServiceDispatch>();
  add_op_builtins(*dispatch);
  add_peer_builtins(*dispatch, PeerFacts{.external_addresses =
                                             [weak] {
                                               std::vector<std::string> out;
                                               if (auto self = weak.lock()) {
                                                 for (const auto& a : self->host_->listen_addresses()) out.push_back(a.to_string());
                                               }
                                               return out;
                                             }});
  for (const auto& [service_id, path] : config.marine_services) {
    dispatch->add_service(service_id, marine_service_handler(load_marine_service(path), service_id,
                                                             node->host_->peer_id().to_base58()));
  }
  add_network_builtins(*dispatch, node->host_, node->kad_);
  add_utility_builtins(*dispatch, key);
  if (config.add_services) config.add_services(*dispatch);

  PipelineEnvironment env;
  env.send = [weak](const PeerId& to, const Particle& p) -> net::Task<void> {
    auto self = weak.lock();
    if (!self) throw Error(ErrorKind::kIo, "node is shut down");
    co_await self->deliver(to, p);
  };
  node->pipeline_ = ParticlePipeline::create(ex, key, dispatch, env);
  std::weak_ptr<ParticlePipeline> pipeline = node->pipeline_;
  node->transport_ = ParticleTransport::create(node->host_, [pipeline](Particle p, const PeerId&) {
    if (auto target = pipeline.lock()) target->ingest(std::move(p));
  });
  return node;
}

void Node::start() {
  if (kad_) kad_->start();
}

void Node::shutdown() {
  if (kad_) kad_->stop();
  host_->shutdown();
}

std::vector<net::Multiaddr> Node::addresses() const {
  std::vector<net::Multiaddr> out;
  for (const auto& a : host_->listen_addresses()) out.push_back(a.with_peer_id(host_->peer_id()));
  return out;
}

// node.md §2.3: over an existing connection (clients are only ever reached that way), else to
// known addresses, else to addresses found through Kademlia.
net::Task<void> Node::deliver(PeerId to, Particle p) {
  auto self = shared_from_this();
  if (!host_->connection_to(to)) {
    const net::PeerInfo* info = host_->peer_info(to);
    if ((!info || info->addresses.empty()) && kad_) {
      auto found = co_await kad_->find_peer(to);
      if (found.empty()) throw Error(ErrorKind::kNotFound, "peer " + to.to_base58() + " not found in Kademlia");
      host_->add_addresses(to, found);
    }
  }
  co_await transport_->send(to, p);
}

}  // namespace fluence::node
