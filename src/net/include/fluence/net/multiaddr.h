// Multiaddr: a self-describing network address (network.md §2), in text form
// ("/ip4/127.0.0.1/tcp/9999/ws/p2p/12D3...") and binary form (varint code || value ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/core/bytes.h"
#include "fluence/core/peer_id.h"

namespace fluence::net {

enum class Proto : std::uint32_t {
  kIp4 = 0x04,
  kTcp = 0x06,
  kIp6 = 0x29,
  kDns = 0x35,
  kDns4 = 0x36,
  kDns6 = 0x37,
  kDnsaddr = 0x38,
  kUdp = 0x0111,
  kTls = 0x01c0,
  kWs = 0x01dd,
  kWss = 0x01de,
  kP2p = 0x01a5,
};

// One component; `value` is the binary value (address bytes, port, name, peer id multihash).
struct MultiaddrPart {
  Proto proto;
  Bytes value;
  bool operator==(const MultiaddrPart&) const = default;
};

class Multiaddr {
 public:
  Multiaddr() = default;
  // Both parsers throw Error(kInvalidInput) naming the bad component.
  static Multiaddr parse(std::string_view text);
  static Multiaddr from_bytes(ByteView bytes);

  std::string to_string() const;
  Bytes to_bytes() const;
  const std::vector<MultiaddrPart>& parts() const { return parts_; }
  bool empty() const { return parts_.empty(); }

  // The host (ip text or dns name) and tcp port, if the address starts /ip4|ip6|dns*/H/tcp/P.
  std::optional<std::string> host() const;
  std::optional<std::uint16_t> tcp_port() const;
  bool is_websocket() const;  // has /ws (plain) after tcp
  bool is_secure_websocket() const;  // /wss or /tls/ws
  std::optional<PeerId> peer_id() const;  // the /p2p component

  Multiaddr without_peer_id() const;
  Multiaddr with_peer_id(const PeerId& id) const;  // replaces any existing /p2p
  void push(MultiaddrPart part) { parts_.push_back(std::move(part)); }

  bool operator==(const Multiaddr&) const = default;

 private:
  std::vector<MultiaddrPart> parts_;
};

// "/ip4/A/tcp/P" or "/ip6/A/tcp/P" for a socket address given as text.
Multiaddr tcp_multiaddr(std::string_view ip, std::uint16_t port, bool websocket = false);

}  // namespace fluence::net
