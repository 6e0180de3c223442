#include "fluence/net/upgrade.h"

#include "fluence/core/error.h"
#include "fluence/net/multistream.h"

namespace fluence::net {
namespace {

// Reads from the raw byte stream into `reader`-style consumers during the upgrade.
class UpgradeIo {
 public:
  explicit UpgradeIo(ByteStream& io) : io_(io) {}

  Task<Bytes> read_chunk() {
    std::uint8_t buf[4096];
    std::size_t n = co_await io_.read_some(buf);
    co_return Bytes(buf, buf + n);
  }

  // Raw phase: multistream over plain bytes; what follows the agreement starts the frames.
  template <typename Negotiator>
  Task<void> negotiate_raw(Negotiator& n, Bytes first) {
    if (!first.empty()) co_await io_.write(first);
    while (!n.done()) {
      Bytes reply = n.receive(co_await read_chunk());
      if (!reply.empty()) co_await io_.write(reply);
    }
    frames_.feed(n.take_rest());
  }

  Task<Bytes> read_frame() {
    for (;;) {
      if (auto f = frames_.next()) {
        Bytes out(f->begin(), f->end());
        frames_.compact();
        co_return out;
      }
      frames_.feed(co_await read_chunk());
    }
  }

  Task<void> write_frame(ByteView body) {
    Bytes out;
    append_noise_frame(out, body);
    co_await io_.write(out);
  }

  // Secure phase: multistream inside Noise transport frames.
  template <typename Negotiator>
  Task<Bytes> negotiate_secure(Negotiator& n, Bytes first, NoiseCipher& send, NoiseCipher& recv) {
    if (!first.empty()) co_await write_secure(first, send);
    while (!n.done()) {
      Bytes frame = co_await read_frame();
      Bytes reply = n.receive(recv.decrypt({}, frame));
      if (!reply.empty()) co_await write_secure(reply, send);
    }
    co_return n.take_rest();
  }

  Task<void> write_secure(ByteView plain, NoiseCipher& send) {
    Bytes ct;
    send.encrypt({}, plain, ct);
    co_await write_frame(ct);
  }

  // Received bytes not yet decrypted: they belong to the yamux phase.
  Bytes leftover_wire() { return frames_.take_remaining(); }

 private:
  ByteStream& io_;
  NoiseFrameReader frames_;
};

Task<ConnectionPtr> upgrade(ByteStreamPtr io, const Ed25519KeyPair& identity, std::optional<PeerId> expected,
                            bool initiator, UpgradeOptions options) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer watchdog(ex);
  watchdog.expires_after(options.timeout);
  ByteStream* raw = io.get();
  struct WatchdogState {
    bool done = false;
    bool fired = false;
  };
  auto state = std::make_shared<WatchdogState>();
  watchdog.async_wait([raw, state](boost::system::error_code ec) {
    if (!ec && !state->done) {
      state->fired = true;
      raw->close();
    }
  });
  try {
    UpgradeIo uio(*io);
    NoiseHandshake hs(initiator, identity, expected, options.noise_static);
    NoiseCipher send, recv;
    Bytes rest_plain;
    if (initiator) {
      MultistreamDialer ms({std::string(kNoiseProtocolId)});
      co_await uio.negotiate_raw(ms, ms.start());
      co_await uio.write_frame(hs.write_message());
      hs.read_message(co_await uio.read_frame());
      co_await uio.write_frame(hs.write_message());
      send = hs.take_send_cipher();
      recv = hs.take_recv_cipher();
      MultistreamDialer mux({std::string(kYamuxProtocolId)});
      rest_plain = co_await uio.negotiate_secure(mux, mux.start(), send, recv);
    } else {
      MultistreamListener ms({std::string(kNoiseProtocolId)});
      co_await uio.negotiate_raw(ms, {});
      hs.read_message(co_await uio.read_frame());
      co_await uio.write_frame(hs.write_message());
      hs.read_message(co_await uio.read_frame());
      send = hs.take_send_cipher();
      recv = hs.take_recv_cipher();
      MultistreamListener mux({std::string(kYamuxProtocolId)});
      rest_plain = co_await uio.negotiate_secure(mux, {}, send, recv);
    }
    state->done = true;
    watchdog.cancel();
    Bytes wire = uio.leftover_wire();
    co_return std::make_shared<Connection>(ex, std::move(io), initiator, hs.remote_peer(), send, recv, std::move(wire),
                                           std::move(rest_plain), options.limits);
  } catch (...) {
    state->done = true;
    watchdog.cancel();
    io->close();
    if (state->fired) throw Error(ErrorKind::kIo, "connection upgrade timed out");
    throw;
  }
}

}  // namespace

Task<ConnectionPtr> upgrade_outbound(ByteStreamPtr io, const Ed25519KeyPair& identity, std::optional<PeerId> expected,
                                     UpgradeOptions options) {
  co_return co_await upgrade(std::move(io), identity, std::move(expected), true, options);
}

Task<ConnectionPtr> upgrade_inbound(ByteStreamPtr io, const Ed25519KeyPair& identity, UpgradeOptions options) {
  co_return co_await upgrade(std::move(io), identity, std::nullopt, false, options);
}

}  // namespace fluence::net
