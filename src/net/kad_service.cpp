#include "fluence/net/kad_service.h"

#include <spdlog/spdlog.h>

#include "fluence/core/error.h"
#include "fluence/net/signal.h"
#include "fluence/net/stream_io.h"
#include "fluence/net/timeout.h"

namespace fluence::net {
namespace {

std::vector<KadPeerHint> hints_from(const std::vector<KadEntry>& entries) {
  std::vector<KadPeerHint> out;
  for (const auto& e : entries) out.push_back({e.peer, e.addrs});
  return out;
}

}  // namespace

KadService::KadService(HostPtr host, KadConfig config)
    : host_(std::move(host)),
      config_(std::move(config)),
      table_(host_->peer_id(), KadTableConfig{config_.k, std::chrono::milliseconds(60000)}),
      responder_(table_) {
  if (config_.protocols.empty()) throw Error(ErrorKind::kInvalidInput, "kad: no protocol id configured");
}

std::shared_ptr<KadService> KadService::create(HostPtr host, KadConfig config) {
  auto kad = std::make_shared<KadService>(std::move(host), std::move(config));
  kad->install();
  return kad;
}

void KadService::install() {
  std::weak_ptr<KadService> weak = shared_from_this();
  for (const auto& p : config_.protocols) {
    host_->set_handler(p, [weak](StreamPtr s) -> Task<void> {
      if (auto self = weak.lock()) co_await self->serve(std::move(s));
    });
  }
  host_->on_identify([weak](const PeerId& peer, const IdentifyMessage& id) {
    auto self = weak.lock();
    if (!self) return;
    bool serves = false;
    for (const auto& p : id.protocols)
      for (const auto& ours : self->config_.protocols)
        if (p == ours) serves = true;
    if (!serves) return;
    std::vector<Multiaddr> addrs;
    if (const auto* info = self->host_->peer_info(peer)) addrs = info->addresses;
    if (addrs.empty()) return;  // not dialable: a client, not a DHT server
    self->table_.update(peer, addrs, true, KadClock::now());
  });
  host_->on_disconnected([weak](const ConnectionPtr& c) {
    auto self = weak.lock();
    if (!self) return;
    if (!self->host_->connection_to(c->remote_peer())) self->table_.set_connected(c->remote_peer(), false, KadClock::now());
  });
}

Task<void> KadService::serve(StreamPtr stream) {
  const PeerId from = stream->connection().remote_peer();
  for (;;) {
    auto body = co_await read_length_prefixed(*stream, kKadMaxMessage);
    if (!body) break;
    KadMessage request = KadMessage::decode(*body);
    auto response = responder_.answer(from, request);
    if (response) co_await write_length_prefixed(*stream, response->encode());
  }
  stream->close_write();
}

Task<KadMessage> KadService::rpc(const PeerId& peer, const std::vector<Multiaddr>& addrs, KadMessage request) {
  auto self = shared_from_this();
  host_->add_addresses(peer, addrs);
  auto exchange = [this, peer, request]() -> Task<KadMessage> {
    auto stream = co_await host_->new_stream(peer, config_.protocols);
    co_await write_length_prefixed(*stream, request.encode());
    auto body = co_await read_length_prefixed(*stream, kKadMaxMessage);
    stream->close_write();
    if (!body) throw Error(ErrorKind::kProtocol, "kad: no answer from " + peer.to_base58());
    co_return KadMessage::decode(*body);
  };
  KadMessage response;
  try {
    response = co_await with_timeout(exchange(), config_.query_timeout, "kad: query to " + peer.to_base58());
  } catch (...) {
    // Repeated failures take the peer out of the routing table (KadRoutingTable::record_failure).
    if (table_.record_failure(peer, KadClock::now())) spdlog::debug("kad: {} removed after failed queries", peer.to_base58());
    throw;
  }
  std::vector<Multiaddr> known = addrs;
  if (const auto* info = host_->peer_info(peer)) known = info->addresses;
  if (!known.empty()) table_.update(peer, known, host_->connection_to(peer) != nullptr, KadClock::now());
  co_return response;
}

Task<std::vector<KadPeerHint>> KadService::find_node_rpc(const PeerId& peer, const std::vector<Multiaddr>& addrs,
                                                         const Bytes& key) {
  KadMessage req;
  req.type = KadType::kFindNode;
  req.key = key;
  auto resp = co_await rpc(peer, addrs, std::move(req));
  co_return kad_hints(resp.closer_peers);
}

Task<std::vector<KadCandidate>> KadService::find_closest(const Bytes& key) {
  auto self = shared_from_this();
  struct State {
    KadLookup lookup;
    Signal signal;
    bool changed = false;
  };
  KadKey target = kad_key(key);
  auto state = std::make_shared<State>(State{
      KadLookup(target, hints_from(table_.closest(target, config_.k)), host_->peer_id(), {config_.k, config_.alpha}),
      Signal(host_->executor()), false});
  for (;;) {
    for (auto& c : state->lookup.next()) {
      asio::co_spawn(
          host_->executor(),
          [self, state, c, key]() -> Task<void> {
            try {
              auto hints = co_await self->find_node_rpc(c.peer, c.addrs, key);
              state->lookup.on_response(c.peer, hints);
            } catch (const std::exception& e) {
              spdlog::debug("kad: query to {} failed: {}", c.peer.to_base58(), e.what());
              state->lookup.on_failure(c.peer);
            }
            state->changed = true;
            state->signal.notify();
          },
          asio::detached);
    }
    if (state->lookup.done() || state->lookup.in_flight() == 0) {
      if (state->changed) {
        state->changed = false;
        continue;
      }
      break;
    }
    if (state->changed) {
      state->changed = false;
      continue;
    }
    co_await state->signal.wait();
  }
  co_return state->lookup.result();
}

Task<std::vector<Multiaddr>> KadService::find_peer(const PeerId& peer) {
  auto self = shared_from_this();
  if (const auto* e = table_.find(peer); e && !e->addrs.empty()) co_return e->addrs;
  if (host_->connection_to(peer)) {
    if (const auto* info = host_->peer_info(peer); info && !info->addresses.empty()) co_return info->addresses;
  }
  if (discovery_ban_.banned(peer, KadClock::now())) co_return std::vector<Multiaddr>{};
  std::vector<KadCandidate> closest;
  try {
    closest = co_await with_timeout(find_closest(peer.bytes()), 2 * config_.query_timeout,
                                    "kad: discovery of " + peer.to_base58());
  } catch (const std::exception& e) {
    spdlog::debug("{}", e.what());
  }
  for (const auto& c : closest) {
    if (c.peer == peer) {
      discovery_ban_.succeeded(peer);
      co_return c.addrs;
    }
  }
  if (const auto* info = host_->peer_info(peer); info && !info->addresses.empty()) {
    discovery_ban_.succeeded(peer);
    co_return info->addresses;
  }
  discovery_ban_.failed(peer, KadClock::now());
  co_return std::vector<Multiaddr>{};
}

Task<void> KadService::bootstrap() {
  auto self = shared_from_this();
  for (const auto& addr : config_.bootstrap) {
    try {
      auto conn = co_await host_->dial(addr);
      // A direct FIND_NODE(self) confirms the peer serves the DHT and seeds the table.
      const std::vector<Multiaddr> addrs{addr.without_peer_id()};
      auto hints = co_await find_node_rpc(conn->remote_peer(), addrs, host_->peer_id().bytes());
      for (const auto& h : hints) host_->add_addresses(h.peer, h.addrs);
    } catch (const std::exception& e) {
      spdlog::warn("kad: bootstrap peer {} unreachable: {}", addr.to_string(), e.what());
    }
  }
  co_await find_closest(host_->peer_id().bytes());
  auto buckets = table_.non_empty_buckets();
  std::size_t n = 0;
  for (auto it = buckets.rbegin(); it != buckets.rend() && n < config_.refresh_buckets; ++it, ++n) {
    KadKey target = table_.random_key_in_bucket(*it);
    // A lookup for a key needs a preimage; any bytes whose hash lands in the bucket would do,
    // but FIND_NODE works on SHA-256(key), so we search for the nearest peers of a random
    // peer-id-like key instead and let the answers fill that region of the table.
    Bytes key(target.begin(), target.end());
    co_await find_closest(key);
  }
  spdlog::info("kad: bootstrap done, {} peers in the routing table", table_.size());
}

void KadService::start() {
  auto self = shared_from_this();
  refresh_timer_ = std::make_unique<asio::steady_timer>(host_->executor());
  asio::co_spawn(host_->executor(), refresh_loop(), asio::detached);
}

void KadService::stop() {
  stopped_ = true;
  if (refresh_timer_) refresh_timer_->cancel();
}

Task<void> KadService::refresh_loop() {
  auto self = shared_from_this();
  try {
    if (!config_.bootstrap.empty()) co_await bootstrap();
    while (!stopped_ && !host_->stopped()) {
      refresh_timer_->expires_after(config_.refresh_interval);
      boost::system::error_code ec;
      co_await refresh_timer_->async_wait(asio::redirect_error(use_awaitable, ec));
      if (stopped_ || host_->stopped()) break;
      co_await bootstrap();
    }
  } catch (const std::exception& e) {
    spdlog::warn("kad: refresh stopped: {}", e.what());
  }
}

}  // namespace fluence::net
