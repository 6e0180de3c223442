// ParticlePipeline: a peer's particle lifecycle (node.md §2): intake (expiry, signature),
// one actor per particle signature that runs the AIR interpreter one run at a time, executes
// the call requests through ServiceDispatch, forwards to the next peers, and is removed at
// the particle's deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fluence/air/call_request_codec.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/peer_id.h"
#include "fluence/net/asio.h"
#include "fluence/node/particle.h"
#include "fluence/node/service_dispatch.h"

namespace fluence::node {

struct PipelineStats {
  std::uint64_t accepted = 0;
  std::uint64_t expired = 0;
  std::uint64_t bad_signature = 0;
  std::uint64_t interpreter_runs = 0;
  std::uint64_t calls = 0;
  std::uint64_t forwarded = 0;
  std::uint64_t forward_failures = 0;
};

// What the pipeline needs from the outside world; the node wires these to ParticleTransport,
// tests to in-memory fakes.
struct PipelineEnvironment {
  // Delivers `p` to a remote peer (connected, or found and dialed). Throws on failure.
  std::function<net::Task<void>(const PeerId& to, const Particle& p)> send;
  // Milliseconds since the Unix epoch.
  std::function<std::uint64_t()> now_ms = [] {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  };
};

class ParticlePipeline : public std::enable_shared_from_this<ParticlePipeline> {
 public:
  static std::shared_ptr<ParticlePipeline> create(net::asio::any_io_executor ex, Ed25519KeyPair key,
                                                  std::shared_ptr<const ServiceDispatch> services,
                                                  PipelineEnvironment env);

  // A particle from the network (or from this node itself). Drops it, counted, when expired
  // or badly signed; otherwise hands it to its actor.
  void ingest(Particle p);

  const PeerId& peer_id() const { return peer_id_; }
  const PipelineStats& stats() const { return stats_; }
  std::size_t actor_count() const { return actors_.size(); }

  ParticlePipeline(net::asio::any_io_executor ex, Ed25519KeyPair key, std::shared_ptr<const ServiceDispatch> services,
                   PipelineEnvironment env);

 private:
  struct Actor {
    Particle particle;  // immutable fields; data = the latest particle data received
    Bytes prev_data;    // what the interpreter returned last time
    std::vector<Bytes> mailbox;
    air::CallResults results;  // completed since the last run
    std::size_t calls_in_flight = 0;
    bool running = false;
    std::unique_ptr<net::asio::steady_timer> cleanup;
  };

  void schedule(const Bytes& key);
  net::Task<void> run(Bytes key);
  net::Task<void> call(Bytes key, std::uint32_t id, air::CallRequest request);
  net::Task<void> forward(PeerId to, Particle p);

  net::asio::any_io_executor ex_;
  Ed25519KeyPair key_;
  PeerId peer_id_;
  std::shared_ptr<const ServiceDispatch> services_;
  PipelineEnvironment env_;
  std::map<Bytes, Actor> actors_;  // keyed by the particle signature, as nox does
  PipelineStats stats_;
};

}  // namespace fluence::node
