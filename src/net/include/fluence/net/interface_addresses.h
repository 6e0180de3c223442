// What a listener bound to a wildcard (0.0.0.0 or ::) advertises instead of it (network.md
// §8.1: identify carries concrete, dialable listen addresses, never the wildcard).
#pragma once

#include <cstdint>
#include <vector>

#include "fluence/net/asio.h"
#include "fluence/net/multiaddr.h"

namespace fluence::net {

// The IP addresses of this machine's interfaces that are up (getifaddrs); empty on failure.
std::vector<asio::ip::address> interface_addresses();

// The addresses a listener on `bound_ip`:`port` is reachable at. A concrete IP gives itself.
// 0.0.0.0 gives every IPv4 interface address; :: gives every IPv6 one except link-local (it
// would need a scope id) plus the IPv4 ones (Linux sockets on :: are dual-stack). Loopback
// comes first so that local dialers pick it; if no interface qualifies, loopback alone.
std::vector<Multiaddr> concrete_listen_addresses(const asio::ip::address& bound_ip, std::uint16_t port, bool websocket,
                                                 const std::vector<asio::ip::address>& interfaces);

}  // namespace fluence::net
