#include "fluence/net/host.h"

#include <algorithm>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "fluence/core/error.h"
#include "fluence/core/libp2p_key.h"
#include "fluence/net/interface_addresses.h"
#include "fluence/net/stream_io.h"
#include "fluence/net/timeout.h"

namespace fluence::net {
namespace {

using tcp = asio::ip::tcp;

// Resets `stream` if it is not done negotiating within `timeout`.
class StreamWatchdog {
 public:
  StreamWatchdog(asio::any_io_executor ex, const StreamPtr& stream, std::chrono::milliseconds timeout)
      : timer_(ex, timeout), state_(std::make_shared<bool>(false)) {
    std::weak_ptr<Stream> weak = stream;
    auto done = state_;
    timer_.async_wait([weak, done](boost::system::error_code ec) {
      if (ec || *done) return;
      if (auto s = weak.lock()) s->reset();
    });
  }
  ~StreamWatchdog() {
    *state_ = true;
    timer_.cancel();
  }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<bool> state_;
};

bool is_unspecified(const Multiaddr& a) {
  auto h = a.host();
  return h && (*h == "0.0.0.0" || *h == "::");
}

}  // namespace

Host::Host(asio::any_io_executor ex, HostConfig config)
    : ex_(ex),
      config_(std::move(config)),
      peer_id_(PeerId::from_ed25519(config_.identity.public_key())),
      noise_static_(NoiseStaticIdentity::create(config_.identity)) {}

std::shared_ptr<Host> Host::create(asio::any_io_executor ex, HostConfig config) {
  auto host = std::make_shared<Host>(ex, std::move(config));
  host->install_builtin_handlers();
  return host;
}

void Host::set_handler(const std::string& protocol, StreamHandler handler) {
  bool added = handlers_.count(protocol) == 0;
  handlers_[protocol] = std::move(handler);
  if (!added || stopped_) return;
  for (auto& conn : connections()) {
    if (conn->closed()) continue;
    asio::co_spawn(ex_,
                   [self = shared_from_this(), conn]() -> Task<void> {
                     try {
                       co_await self->push_identify(conn);
                     } catch (const std::exception& e) {
                       spdlog::debug("identify push to {} failed: {}", conn->remote_peer().to_base58(), e.what());
                     }
                   },
                   asio::detached);
  }
}

Task<void> Host::push_identify(ConnectionPtr conn) {
  const std::vector<std::string> protocols{std::string(kIdentifyPushProtocolId)};
  auto stream = co_await new_stream(conn, protocols);
  co_await write_length_prefixed(*stream, own_identify(*conn).encode());
  stream->close_write();
}

std::vector<std::string> Host::protocols() const {
  std::vector<std::string> out;
  for (const auto& [p, h] : handlers_) out.push_back(p);
  return out;
}

void Host::install_builtin_handlers() {
  std::weak_ptr<Host> weak = shared_from_this();
  set_handler(std::string(kIdentifyProtocolId), [weak](StreamPtr s) -> Task<void> {
    auto self = weak.lock();
    if (!self) co_return;
    co_await write_length_prefixed(*s, self->own_identify(s->connection()).encode());
    s->close_write();
  });
  set_handler(std::string(kIdentifyPushProtocolId), [weak](StreamPtr s) -> Task<void> {
    auto msg = co_await read_length_prefixed(*s, kIdentifyMaxMessage);
    auto self = weak.lock();
    if (!self || !msg) co_return;
    auto id = IdentifyMessage::decode(*msg);
    const PeerId& peer = s->connection().remote_peer();
    std::vector<Multiaddr> addrs;
    for (const auto& a : id.listen_addrs) {
      try {
        addrs.push_back(Multiaddr::from_bytes(a));
      } catch (const Error&) {
      }
    }
    self->add_addresses(peer, addrs);
    if (!id.protocols.empty()) self->peers_[peer].protocols = id.protocols;
    for (auto& cb : self->identify_cbs_) cb(peer, id);
    s->close_write();
  });
  set_handler(std::string(kPingProtocolId), [](StreamPtr s) -> Task<void> {
    for (;;) {
      Bytes buf(32);
      std::size_t got = 0;
      while (got < 32) {
        std::size_t n = co_await s->read_some(std::span<std::uint8_t>(buf.data() + got, 32 - got));
        if (n == 0) {
          s->close_write();
          co_return;
        }
        got += n;
      }
      co_await s->write(buf);
    }
  });
}

IdentifyMessage Host::own_identify(const Connection& conn) const {
  IdentifyMessage m;
  m.public_key = Libp2pKey{KeyType::kEd25519,
                           Bytes(config_.identity.public_key().begin(), config_.identity.public_key().end())}
                     .encode();
  for (const auto& a : listen_addrs_) m.listen_addrs.push_back(a.to_bytes());
  m.protocols = protocols();
  m.observed_addr = conn.remote_address().to_bytes();
  m.protocol_version = config_.protocol_version;
  m.agent_version = config_.agent_version;
  return m;
}

UpgradeOptions Host::upgrade_options() const {
  UpgradeOptions o;
  o.timeout = config_.upgrade_timeout;
  o.limits.yamux.max_inbound_streams = static_cast<std::uint32_t>(config_.max_inbound_streams_per_connection);
  o.noise_static = noise_static_;
  return o;
}

Multiaddr Host::listen(const Multiaddr& address) {
  auto host = address.host();
  auto port = address.tcp_port();
  if (!host || !port) throw Error(ErrorKind::kInvalidInput, "listen: not a tcp address: " + address.to_string());
  if (address.is_secure_websocket()) throw Error(ErrorKind::kInvalidInput, "listen: /wss needs TLS, which is not supported");
  bool ws = address.is_websocket();
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(*host, ec);
  if (ec) throw Error(ErrorKind::kInvalidInput, "listen: '" + *host + "' is not an IP address");
  auto acceptor = std::make_shared<tcp::acceptor>(ex_);
  tcp::endpoint ep(ip, *port);
  acceptor->open(ep.protocol());
  acceptor->set_option(tcp::acceptor::reuse_address(true));
  acceptor->bind(ep, ec);
  if (ec) throw Error(ErrorKind::kIo, "listen: cannot bind " + address.to_string() + ": " + ec.message());
  acceptor->listen(asio::socket_base::max_listen_connections);
  // A wildcard bind is advertised as the concrete interface addresses (§8.1); the first
  // (loopback when there is one) is what this call returns for local dialers.
  auto concrete = concrete_listen_addresses(acceptor->local_endpoint().address(), acceptor->local_endpoint().port(), ws,
                                            interface_addresses());
  Multiaddr bound = concrete.front();
  for (auto& a : concrete)
    if (std::find(listen_addrs_.begin(), listen_addrs_.end(), a) == listen_addrs_.end()) listen_addrs_.push_back(a);
  acceptors_.push_back(acceptor);
  asio::co_spawn(ex_, accept_loop(acceptor, ws), asio::detached);
  if (!maintenance_started_) {
    maintenance_started_ = true;
    asio::co_spawn(ex_, maintenance_loop(), asio::detached);
  }
  return bound;
}

Task<void> Host::accept_loop(std::shared_ptr<tcp::acceptor> acceptor, bool websocket) {
  auto self = shared_from_this();
  while (!stopped_) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopped_ || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors) {
        asio::steady_timer t(ex_, std::chrono::milliseconds(100));
        co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    if (connections_.size() >= config_.max_connections) {
      spdlog::warn("refusing inbound connection: limit of {} connections reached", config_.max_connections);
      socket.close(ec);
      continue;
    }
    asio::co_spawn(ex_, handle_inbound_socket(std::move(socket), websocket), asio::detached);
  }
}

Task<void> Host::handle_inbound_socket(tcp::socket socket, bool websocket) {
  auto self = shared_from_this();
  std::string from = "?";
  try {
    from = endpoint_multiaddr(socket.remote_endpoint(), websocket).to_string();
    ByteStreamPtr io;
    if (websocket) {
      io = co_await with_timeout(accept_websocket(std::move(socket)), config_.upgrade_timeout, "websocket upgrade");
    } else {
      io = make_tcp_stream(std::move(socket));
    }
    auto conn = co_await upgrade_inbound(std::move(io), config_.identity, upgrade_options());
    if (stopped_) {
      conn->close("host stopped");
      co_return;
    }
    adopt(conn);
  } catch (const std::exception& e) {
    spdlog::info("inbound connection from {} failed: {}", from, e.what());
  }
}

void Host::adopt(const ConnectionPtr& conn) {
  const PeerId& peer = conn->remote_peer();
  if (connections_.count(peer) >= config_.max_connections_per_peer) {
    spdlog::info("closing connection from {}: {} connections to this peer already", peer.to_base58(),
                 config_.max_connections_per_peer);
    conn->start(nullptr, nullptr);
    conn->close("per-peer connection limit");
    return;
  }
  connections_.emplace(peer, conn);
  std::weak_ptr<Host> weak = shared_from_this();
  conn->start(
      [weak](StreamPtr s) {
        if (auto self = weak.lock()) self->handle_stream(std::move(s));
      },
      [weak, raw = conn.get()](Connection& c) {
        auto self = weak.lock();
        if (!self) return;
        auto range = self->connections_.equal_range(c.remote_peer());
        for (auto it = range.first; it != range.second; ++it) {
          if (it->second.get() == raw) {
            ConnectionPtr keep = it->second;
            self->connections_.erase(it);
            for (auto& cb : self->disconnected_cbs_) cb(keep);
            break;
          }
        }
      });
  spdlog::info("connection {} {} {} {} ({} open)", conn->id(), conn->initiator() ? "to" : "from", peer.to_base58(),
               conn->remote_address().to_string(), connections_.size());
  for (auto& cb : connected_cbs_) cb(conn);
  if (config_.identify_on_connect) asio::co_spawn(ex_, run_identify(conn), asio::detached);
}

void Host::handle_stream(StreamPtr stream) { asio::co_spawn(ex_, serve_stream(std::move(stream)), asio::detached); }

Task<void> Host::serve_stream(StreamPtr stream) {
  auto self = shared_from_this();
  try {
    std::string protocol;
    {
      StreamWatchdog watchdog(ex_, stream, config_.stream_negotiation_timeout);
      protocol = co_await negotiate_inbound(*stream, protocols());
    }
    auto it = handlers_.find(protocol);
    if (it == handlers_.end()) co_return;
    auto handler = it->second;
    co_await handler(stream);
  } catch (const Error& e) {
    spdlog::debug("stream {} from {}: {}", stream->id(), stream->connection().remote_peer().to_base58(), e.what());
    stream->reset();
  } catch (const std::exception& e) {
    spdlog::debug("stream {}: {}", stream->id(), e.what());
    stream->reset();
  }
}

Task<ConnectionPtr> Host::dial(const Multiaddr& address) {
  auto self = shared_from_this();
  if (stopped_) throw Error(ErrorKind::kIo, "host is stopped");
  auto expected = address.peer_id();
  if (expected) {
    if (*expected == peer_id_) throw Error(ErrorKind::kInvalidInput, "dial: refusing to dial ourselves");
    if (auto c = connection_to(*expected)) co_return c;
  }
  std::string key = address.without_peer_id().to_string();
  auto now = std::chrono::steady_clock::now();
  auto bo = backoff_.find(key);
  if (bo != backoff_.end() && bo->second.until > now)
    throw Error(ErrorKind::kIo, "dial " + address.to_string() + ": backing off after a failure");
  try {
    auto io = co_await with_timeout(dial_byte_stream(address), config_.dial_timeout, "dial " + address.to_string());
    auto conn = co_await upgrade_outbound(std::move(io), config_.identity, expected, upgrade_options());
    backoff_.erase(key);
    if (auto existing = connection_to(conn->remote_peer()); existing && expected) {
      // A simultaneous dial won; keep the older connection.
      conn->start(nullptr, nullptr);
      conn->close("duplicate");
      co_return existing;
    }
    adopt(conn);
    if (conn->closed()) throw Error(ErrorKind::kIo, "dial " + address.to_string() + ": connection refused by limits");
    add_addresses(conn->remote_peer(), {address.without_peer_id()});
    co_return conn;
  } catch (const std::exception& e) {
    auto& b = backoff_[key];
    b.delay = b.delay.count() == 0 ? config_.backoff_initial : std::min(config_.backoff_max, b.delay * 2);
    b.until = std::chrono::steady_clock::now() + b.delay;
    spdlog::info("dial {} failed: {}", address.to_string(), e.what());
    throw;
  }
}

Task<ConnectionPtr> Host::connect(const PeerId& peer) {
  if (auto c = connection_to(peer)) co_return c;
  auto it = peers_.find(peer);
  if (it == peers_.end() || it->second.addresses.empty())
    throw Error(ErrorKind::kNotFound, "no known address for " + peer.to_base58());
  auto addrs = it->second.addresses;
  std::string last_error;
  for (const auto& a : addrs) {
    try {
      co_return co_await dial(a.with_peer_id(peer));
    } catch (const std::exception& e) {
      last_error = e.what();
    }
  }
  throw Error(ErrorKind::kIo, "cannot connect to " + peer.to_base58() + ": " + last_error);
}

Task<StreamPtr> Host::new_stream(const ConnectionPtr& conn, const std::vector<std::string>& protocols) {
  auto stream = co_await conn->open_stream();
  StreamWatchdog watchdog(ex_, stream, config_.stream_negotiation_timeout);
  co_await negotiate_outbound(*stream, protocols);
  co_return stream;
}

Task<StreamPtr> Host::new_stream(const PeerId& peer, const std::vector<std::string>& protocols) {
  auto conn = co_await connect(peer);
  co_return co_await new_stream(conn, protocols);
}

Task<std::chrono::microseconds> Host::ping(const PeerId& peer) {
  const std::vector<std::string> protocols{std::string(kPingProtocolId)};
  auto stream = co_await new_stream(peer, protocols);
  Bytes payload(32);
  randombytes_buf(payload.data(), payload.size());
  auto start = std::chrono::steady_clock::now();
  co_await stream->write(payload);
  Bytes echo = co_await read_exact(*stream, 32);
  auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  stream->close_write();
  if (echo != payload) throw Error(ErrorKind::kProtocol, "ping: echo does not match");
  co_return rtt;
}

Task<IdentifyMessage> Host::identify(const ConnectionPtr& conn) {
  const std::vector<std::string> protocols{std::string(kIdentifyProtocolId)};
  auto stream = co_await new_stream(conn, protocols);
  auto body = co_await read_length_prefixed(*stream, kIdentifyMaxMessage);
  stream->close_write();
  if (!body) throw Error(ErrorKind::kProtocol, "identify: empty answer");
  auto msg = IdentifyMessage::decode(*body);
  const PeerId& peer = conn->remote_peer();
  if (msg.public_key.empty() || PeerId::from_public_key(Libp2pKey::decode(msg.public_key)) != peer)
    throw Error(ErrorKind::kProtocol, "identify: public key does not match peer " + peer.to_base58());
  std::vector<Multiaddr> addrs;
  for (const auto& a : msg.listen_addrs) {
    try {
      addrs.push_back(Multiaddr::from_bytes(a));
    } catch (const Error&) {
    }
  }
  add_addresses(peer, addrs);
  auto& info = peers_[peer];
  info.protocols = msg.protocols;
  info.agent_version = msg.agent_version;
  for (auto& cb : identify_cbs_) cb(peer, msg);
  co_return msg;
}

Task<void> Host::run_identify(ConnectionPtr conn) {
  auto self = shared_from_this();
  try {
    co_await identify(conn);
  } catch (const std::exception& e) {
    spdlog::debug("identify of {} failed: {}", conn->remote_peer().to_base58(), e.what());
  }
}

ConnectionPtr Host::connection_to(const PeerId& peer) const {
  auto range = connections_.equal_range(peer);
  for (auto it = range.first; it != range.second; ++it)
    if (!it->second->closed()) return it->second;
  return nullptr;
}

std::vector<ConnectionPtr> Host::connections() const {
  std::vector<ConnectionPtr> out;
  for (const auto& [p, c] : connections_) out.push_back(c);
  return out;
}

void Host::add_addresses(const PeerId& peer, const std::vector<Multiaddr>& addrs) {
  auto& info = peers_[peer];
  for (const auto& a : addrs) {
    auto plain = a.without_peer_id();
    if (plain.empty() || !plain.tcp_port() || is_unspecified(plain)) continue;
    if (std::find(info.addresses.begin(), info.addresses.end(), plain) == info.addresses.end()) {
      if (info.addresses.size() >= 16) info.addresses.erase(info.addresses.begin());
      info.addresses.push_back(plain);
    }
  }
}

const PeerInfo* Host::peer_info(const PeerId& peer) const {
  auto it = peers_.find(peer);
  return it == peers_.end() ? nullptr : &it->second;
}

Task<void> Host::maintenance_loop() {
  auto self = shared_from_this();
  maintenance_timer_ = std::make_unique<asio::steady_timer>(ex_);
  auto last_keepalive = std::chrono::steady_clock::now();
  while (!stopped_) {
    maintenance_timer_->expires_after(std::chrono::seconds(1));
    boost::system::error_code ec;
    co_await maintenance_timer_->async_wait(asio::redirect_error(use_awaitable, ec));
    if (stopped_) co_return;
    auto now = std::chrono::steady_clock::now();
    bool keepalive = now - last_keepalive >= config_.keepalive_interval;
    if (keepalive) last_keepalive = now;
    for (auto& conn : connections()) {
      if (conn->closed()) continue;
      if (conn->stream_count() == 0 && now - conn->last_active() > config_.idle_timeout) {
        conn->close("idle");
        continue;
      }
      if (keepalive) conn->keepalive_ping();
    }
  }
}

void Host::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ec;
  for (auto& a : acceptors_) a->close(ec);
  for (auto& conn : connections()) conn->close("shutdown");
  if (maintenance_timer_) maintenance_timer_->cancel();
}

}  // namespace fluence::net
