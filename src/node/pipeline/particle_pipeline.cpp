#include "fluence/node/particle_pipeline.h"

#include <spdlog/spdlog.h>

#include "fluence/air/interpreter.h"
#include "fluence/core/error.h"
#include "fluence/node/particle_signature.h"

namespace fluence::node {

std::shared_ptr<ParticlePipeline> ParticlePipeline::create(net::asio::any_io_executor ex, Ed25519KeyPair key,
                                                           std::shared_ptr<const ServiceDispatch> services,
                                                           PipelineEnvironment env) {
  return std::make_shared<ParticlePipeline>(std::move(ex), std::move(key), std::move(services), std::move(env));
}

ParticlePipeline::ParticlePipeline(net::asio::any_io_executor ex, Ed25519KeyPair key,
                                   std::shared_ptr<const ServiceDispatch> services, PipelineEnvironment env)
    : ex_(std::move(ex)),
      key_(std::move(key)),
      peer_id_(PeerId::from_ed25519(key_.public_key())),
      services_(std::move(services)),
      env_(std::move(env)) {}

void ParticlePipeline::ingest(Particle p) {
  std::uint64_t now = env_.now_ms();
  if (is_expired(p, now)) {
    ++stats_.expired;
    spdlog::debug("particle {}: expired, dropped", p.id);
    return;
  }
  if (std::string why = particle_signature_error(p); !why.empty()) {
    ++stats_.bad_signature;
    spdlog::warn("particle {}: {}; dropped", p.id, why);
    return;
  }
  ++stats_.accepted;
  Bytes key = p.signature;
  auto [it, created] = actors_.try_emplace(key);
  Actor& actor = it->second;
  // Duplicates are not discarded: each copy's data is merged by the next run (node.md §2.1).
  actor.mailbox.push_back(p.data);
  if (created) {
    actor.particle = std::move(p);
    actor.cleanup = std::make_unique<net::asio::steady_timer>(ex_);
    actor.cleanup->expires_after(std::chrono::milliseconds(remaining_ttl_ms(actor.particle, now) + 1));
    std::weak_ptr<ParticlePipeline> weak = shared_from_this();
    actor.cleanup->async_wait([weak, key](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self) return;
      auto found = self->actors_.find(key);
      // A running actor is removed when its run ends (run() checks the deadline).
      if (found != self->actors_.end() && !found->second.running && found->second.calls_in_flight == 0) {
        self->actors_.erase(found);
      }
    });
  }
  schedule(key);
}

void ParticlePipeline::schedule(const Bytes& key) {
  auto it = actors_.find(key);
  if (it == actors_.end() || it->second.running) return;
  if (it->second.mailbox.empty() && it->second.results.empty()) return;
  it->second.running = true;
  net::asio::co_spawn(ex_, run(key), net::asio::detached);
}

// One interpreter run per iteration while there is new data or new call results.
net::Task<void> ParticlePipeline::run(Bytes key) {
  auto self = shared_from_this();
  while (true) {
    auto it = actors_.find(key);
    if (it == actors_.end()) co_return;
    Actor& actor = it->second;
    std::uint64_t now = env_.now_ms();
    if (is_expired(actor.particle, now) || (actor.mailbox.empty() && actor.results.empty())) {
      actor.running = false;
      if (is_expired(actor.particle, now) && actor.calls_in_flight == 0) actors_.erase(it);
      co_return;
    }
    Bytes data;
    if (!actor.mailbox.empty()) {
      data = std::move(actor.mailbox.front());
      actor.mailbox.erase(actor.mailbox.begin());
    }
    air::CallResults results = std::move(actor.results);
    actor.results.clear();

    air::RunParameters params;
    params.init_peer_id = actor.particle.init_peer_id;
    params.current_peer_id = peer_id_.to_base58();
    params.timestamp = actor.particle.timestamp;
    params.ttl = actor.particle.ttl;
    params.secret_key_bytes.assign(key_.seed().begin(), key_.seed().end());
    params.particle_id = actor.particle.id;
    air::InterpreterOutcome outcome =
        air::invoke(actor.particle.script, actor.prev_data, data, params, air::encode_call_results(results));
    ++stats_.interpreter_runs;
    if (outcome.ret_code != 0) {
      spdlog::info("particle {}: interpreter ret_code {}: {}", actor.particle.id, outcome.ret_code,
                   outcome.error_message);
    }
    // Never replace stored data with the empty data of a farewell failure (node.md §2.2).
    if (!outcome.data.empty()) actor.prev_data = outcome.data;

    air::CallRequests requests;
    try {
      requests = air::decode_call_requests(outcome.call_requests);
    } catch (const Error& e) {
      spdlog::error("particle {}: undecodable call requests: {}", actor.particle.id, e.what());
    }
    std::vector<PeerId> next;
    bool bad_peer = false;
    for (const auto& text : outcome.next_peer_pks) {
      try {
        next.push_back(PeerId::parse(text));
      } catch (const Error&) {
        bad_peer = true;
        spdlog::warn("particle {}: next peer '{}' is not a peer id; the run's effects are discarded",
                     actor.particle.id, text);
      }
    }
    if (bad_peer) continue;
    for (auto& [id, request] : requests) {
      ++actor.calls_in_flight;
      net::asio::co_spawn(ex_, call(key, id, std::move(request)), net::asio::detached);
    }
    Particle out = actor.particle;
    out.data = outcome.data;
    for (const PeerId& peer : next) {
      if (peer == peer_id_) {
        // Addressed to ourselves: feed it back without the network.
        net::asio::post(ex_, [self, out] { self->ingest(out); });
      } else {
        net::asio::co_spawn(ex_, forward(peer, out), net::asio::detached);
      }
    }
  }
}

net::Task<void> ParticlePipeline::call(Bytes key, std::uint32_t id, air::CallRequest request) {
  auto self = shared_from_this();
  Particle particle;
  if (auto it = actors_.find(key); it != actors_.end()) particle = it->second.particle;
  ++stats_.calls;
  air::CallServiceResult result = co_await services_->execute(CallContext{request, particle});
  auto it = actors_.find(key);
  if (it == actors_.end()) co_return;
  --it->second.calls_in_flight;
  it->second.results[id] = std::move(result);
  schedule(key);
}

net::Task<void> ParticlePipeline::forward(PeerId to, Particle p) {
  auto self = shared_from_this();
  if (is_expired(p, env_.now_ms())) co_return;  // never forward an expired particle
  try {
    co_await env_.send(to, p);
    ++stats_.forwarded;
  } catch (const std::exception& e) {
    ++stats_.forward_failures;
    spdlog::info("particle {}: not delivered to {}: {}", p.id, to.to_base58(), e.what());
  }
}

}  // namespace fluence::node
