#include "fluence/net/multiaddr.h"

#include <arpa/inet.h>

#include <cstring>

#include "fluence/core/error.h"
#include "fluence/core/varint.h"

namespace fluence::net {
namespace {

// How a protocol's value is laid out in binary form.
enum class ValueKind { kNone, kIp4, kIp6, kPort, kLengthPrefixed };

struct ProtoInfo {
  Proto proto;
  std::string_view name;
  ValueKind kind;
};

constexpr ProtoInfo kProtocols[] = {
    {Proto::kIp4, "ip4", ValueKind::kIp4},        {Proto::kTcp, "tcp", ValueKind::kPort},
    {Proto::kIp6, "ip6", ValueKind::kIp6},        {Proto::kDns, "dns", ValueKind::kLengthPrefixed},
    {Proto::kDns4, "dns4", ValueKind::kLengthPrefixed},
    {Proto::kDns6, "dns6", ValueKind::kLengthPrefixed},
    {Proto::kDnsaddr, "dnsaddr", ValueKind::kLengthPrefixed},
    {Proto::kUdp, "udp", ValueKind::kPort},       {Proto::kTls, "tls", ValueKind::kNone},
    {Proto::kWs, "ws", ValueKind::kNone},         {Proto::kWss, "wss", ValueKind::kNone},
    {Proto::kP2p, "p2p", ValueKind::kLengthPrefixed},
};

const ProtoInfo* find_by_name(std::string_view name) {
  if (name == "ipfs") name = "p2p";  // legacy alias, §2.1
  for (const auto& p : kProtocols)
    if (p.name == name) return &p;
  return nullptr;
}

const ProtoInfo* find_by_code(std::uint64_t code) {
  for (const auto& p : kProtocols)
    if (static_cast<std::uint64_t>(p.proto) == code) return &p;
  return nullptr;
}

const ProtoInfo& info(Proto proto) {
  const auto* p = find_by_code(static_cast<std::uint64_t>(proto));
  if (p == nullptr) throw Error(ErrorKind::kInternal, "multiaddr: unknown protocol enum");
  return *p;
}

// A name must survive the text form: printable ASCII without '/'.
void check_name(const ProtoInfo& p, ByteView value) {
  for (auto c : value)
    if (c <= 0x20 || c >= 0x7f || c == '/')
      throw_invalid("multiaddr: /" + std::string(p.name) + " name contains a byte that has no text form");
}

Bytes parse_value(const ProtoInfo& p, std::string_view text) {
  std::string s(text);
  switch (p.kind) {
    case ValueKind::kIp4: {
      Bytes out(4);
      if (inet_pton(AF_INET, s.c_str(), out.data()) != 1) throw_invalid("multiaddr: bad ip4 address '" + s + "'");
      return out;
    }
    case ValueKind::kIp6: {
      Bytes out(16);
      if (inet_pton(AF_INET6, s.c_str(), out.data()) != 1) throw_invalid("multiaddr: bad ip6 address '" + s + "'");
      return out;
    }
    case ValueKind::kPort: {
      if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos)
        throw_invalid("multiaddr: bad port '" + s + "'");
      unsigned long port = std::stoul(s);
      if (port > 65535) throw_invalid("multiaddr: port out of range '" + s + "'");
      return {static_cast<std::uint8_t>(port >> 8), static_cast<std::uint8_t>(port & 0xff)};
    }
    case ValueKind::kLengthPrefixed:
      if (s.empty()) throw_invalid(std::string("multiaddr: empty /") + std::string(p.name) + " value");
      if (p.proto == Proto::kP2p) return PeerId::parse(s).bytes();
      check_name(p, as_bytes(s));
      return to_bytes(s);
    case ValueKind::kNone:
      break;
  }
  return {};
}

std::string value_text(const MultiaddrPart& part) {
  const auto& p = info(part.proto);
  switch (p.kind) {
    case ValueKind::kIp4:
    case ValueKind::kIp6: {
      char buf[INET6_ADDRSTRLEN] = {};
      inet_ntop(p.kind == ValueKind::kIp4 ? AF_INET : AF_INET6, part.value.data(), buf, sizeof buf);
      return buf;
    }
    case ValueKind::kPort:
      return std::to_string((part.value[0] << 8) | part.value[1]);
    case ValueKind::kLengthPrefixed:
      if (part.proto == Proto::kP2p) return PeerId::from_bytes(part.value).to_base58();
      return std::string(as_chars(part.value));
    case ValueKind::kNone:
      break;
  }
  return {};
}

}  // namespace

Multiaddr Multiaddr::parse(std::string_view text) {
  if (text.empty() || text[0] != '/') throw_invalid("multiaddr: must start with '/': '" + std::string(text) + "'");
  std::vector<std::string_view> tokens;
  std::size_t pos = 1;
  while (pos <= text.size()) {
    auto next = text.find('/', pos);
    if (next == std::string_view::npos) next = text.size();
    tokens.push_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  if (!tokens.empty() && tokens.back().empty()) tokens.pop_back();  // trailing '/'
  Multiaddr out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto* p = find_by_name(tokens[i]);
    if (p == nullptr) throw_invalid("multiaddr: unknown protocol '" + std::string(tokens[i]) + "'");
    MultiaddrPart part{p->proto, {}};
    if (p->kind != ValueKind::kNone) {
      if (i + 1 >= tokens.size()) throw_invalid("multiaddr: /" + std::string(p->name) + " needs a value");
      part.value = parse_value(*p, tokens[++i]);
    }
    out.parts_.push_back(std::move(part));
  }
  if (out.parts_.empty()) throw_invalid("multiaddr: empty address");
  return out;
}

Multiaddr Multiaddr::from_bytes(ByteView bytes) {
  Multiaddr out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    auto code = read_uvarint(bytes, pos);
    const auto* p = find_by_code(code);
    if (p == nullptr) throw_invalid("multiaddr: unknown protocol code " + std::to_string(code));
    std::size_t len = 0;
    switch (p->kind) {
      case ValueKind::kNone: len = 0; break;
      case ValueKind::kIp4: len = 4; break;
      case ValueKind::kIp6: len = 16; break;
      case ValueKind::kPort: len = 2; break;
      case ValueKind::kLengthPrefixed: {
        auto n = read_uvarint(bytes, pos);
        if (n == 0) throw_invalid("multiaddr: empty /" + std::string(p->name) + " value");
        len = static_cast<std::size_t>(std::min<std::uint64_t>(n, bytes.size() + 1));
        break;
      }
    }
    if (len > bytes.size() - pos) throw_invalid("multiaddr: truncated /" + std::string(p->name) + " value");
    MultiaddrPart part{p->proto, Bytes(bytes.begin() + pos, bytes.begin() + pos + len)};
    pos += len;
    if (p->proto == Proto::kP2p) PeerId::from_bytes(part.value);  // validates
    if (p->kind == ValueKind::kLengthPrefixed && p->proto != Proto::kP2p) check_name(*p, part.value);
    out.parts_.push_back(std::move(part));
  }
  if (out.parts_.empty()) throw_invalid("multiaddr: empty address");
  return out;
}

std::string Multiaddr::to_string() const {
  std::string out;
  for (const auto& part : parts_) {
    const auto& p = info(part.proto);
    out += '/';
    out += p.name;
    if (p.kind != ValueKind::kNone) {
      out += '/';
      out += value_text(part);
    }
  }
  return out;
}

Bytes Multiaddr::to_bytes() const {
  Bytes out;
  for (const auto& part : parts_) {
    append_uvarint(out, static_cast<std::uint64_t>(part.proto));
    if (info(part.proto).kind == ValueKind::kLengthPrefixed) append_uvarint(out, part.value.size());
    out.insert(out.end(), part.value.begin(), part.value.end());
  }
  return out;
}

std::optional<std::string> Multiaddr::host() const {
  if (parts_.size() < 2 || parts_[1].proto != Proto::kTcp) return std::nullopt;
  switch (parts_[0].proto) {
    case Proto::kIp4:
    case Proto::kIp6:
    case Proto::kDns:
    case Proto::kDns4:
    case Proto::kDns6:
      return value_text(parts_[0]);
    default:
      return std::nullopt;
  }
}

std::optional<std::uint16_t> Multiaddr::tcp_port() const {
  if (!host()) return std::nullopt;
  return static_cast<std::uint16_t>((parts_[1].value[0] << 8) | parts_[1].value[1]);
}

bool Multiaddr::is_websocket() const {
  return parts_.size() >= 3 && host() && parts_[2].proto == Proto::kWs;
}

bool Multiaddr::is_secure_websocket() const {
  if (parts_.size() < 3 || !host()) return false;
  if (parts_[2].proto == Proto::kWss) return true;
  return parts_.size() >= 4 && parts_[2].proto == Proto::kTls && parts_[3].proto == Proto::kWs;
}

std::optional<PeerId> Multiaddr::peer_id() const {
  for (const auto& part : parts_)
    if (part.proto == Proto::kP2p) return PeerId::from_bytes(part.value);
  return std::nullopt;
}

Multiaddr Multiaddr::without_peer_id() const {
  Multiaddr out;
  for (const auto& part : parts_)
    if (part.proto != Proto::kP2p) out.parts_.push_back(part);
  return out;
}

Multiaddr Multiaddr::with_peer_id(const PeerId& id) const {
  Multiaddr out = without_peer_id();
  out.parts_.push_back({Proto::kP2p, id.bytes()});
  return out;
}

Multiaddr tcp_multiaddr(std::string_view ip, std::uint16_t port, bool websocket) {
  std::string text = (ip.find(':') != std::string_view::npos ? "/ip6/" : "/ip4/") + std::string(ip) + "/tcp/" +
                     std::to_string(port) + (websocket ? "/ws" : "");
  return Multiaddr::parse(text);
}

}  // namespace fluence::net
