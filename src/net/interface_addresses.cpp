#include "fluence/net/interface_addresses.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace fluence::net {

std::vector<asio::ip::address> interface_addresses() {
  std::vector<asio::ip::address> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || !(i->ifa_flags & IFF_UP)) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      const auto* sa = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      asio::ip::address_v4::bytes_type b;
      std::memcpy(b.data(), &sa->sin_addr, 4);
      out.emplace_back(asio::ip::address_v4(b));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const auto* sa = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      asio::ip::address_v6::bytes_type b;
      std::memcpy(b.data(), &sa->sin6_addr, 16);
      out.emplace_back(asio::ip::address_v6(b));
    }
  }
  freeifaddrs(list);
  return out;
}

std::vector<Multiaddr> concrete_listen_addresses(const asio::ip::address& bound_ip, std::uint16_t port, bool websocket,
                                                 const std::vector<asio::ip::address>& interfaces) {
  if (!bound_ip.is_unspecified()) return {tcp_multiaddr(bound_ip.to_string(), port, websocket)};
  std::vector<asio::ip::address> picked;
  for (const auto& ip : interfaces) {
    if (ip.is_unspecified()) continue;
    if (ip.is_v6() && (ip.to_v6().is_link_local() || ip.to_v6().is_v4_mapped())) continue;
    if (ip.is_v6() && bound_ip.is_v4()) continue;
    if (std::find(picked.begin(), picked.end(), ip) == picked.end()) picked.push_back(ip);
  }
  if (picked.empty()) picked.push_back(bound_ip.is_v4() ? asio::ip::address(asio::ip::address_v4::loopback())
                                                        : asio::ip::address(asio::ip::address_v6::loopback()));
  // Loopback first (stable: otherwise in interface order).
  std::stable_partition(picked.begin(), picked.end(), [](const asio::ip::address& ip) { return ip.is_loopback(); });
  std::vector<Multiaddr> out;
  for (const auto& ip : picked) out.push_back(tcp_multiaddr(ip.to_string(), port, websocket));
  return out;
}

}  // namespace fluence::net
