#include "fluence/net/interface_addresses.h"

#include <gtest/gtest.h>

namespace fluence::net {
namespace {

asio::ip::address ip(const char* text) { return asio::ip::make_address(text); }

std::vector<std::string> texts(const std::vector<Multiaddr>& v) {
  std::vector<std::string> out;
  for (const auto& a : v) out.push_back(a.to_string());
  return out;
}

const std::vector<asio::ip::address> kInterfaces{ip("10.0.0.5"), ip("127.0.0.1"), ip("fe80::1"), ip("::1"),
                                                 ip("2001:db8::7"), ip("192.168.1.2")};

TEST(ConcreteListenAddresses, Ipv4WildcardGivesEveryIpv4InterfaceLoopbackFirst) {
  EXPECT_EQ(texts(concrete_listen_addresses(ip("0.0.0.0"), 7777, false, kInterfaces)),
            (std::vector<std::string>{"/ip4/127.0.0.1/tcp/7777", "/ip4/10.0.0.5/tcp/7777", "/ip4/192.168.1.2/tcp/7777"}));
}

TEST(ConcreteListenAddresses, Ipv6WildcardSkipsLinkLocalAndKeepsIpv4) {
  auto got = texts(concrete_listen_addresses(ip("::"), 9999, true, kInterfaces));
  EXPECT_EQ(got, (std::vector<std::string>{"/ip4/127.0.0.1/tcp/9999/ws", "/ip6/::1/tcp/9999/ws",
                                           "/ip4/10.0.0.5/tcp/9999/ws", "/ip6/2001:db8::7/tcp/9999/ws",
                                           "/ip4/192.168.1.2/tcp/9999/ws"}));
}

TEST(ConcreteListenAddresses, ConcreteBindIsAdvertisedAsItIs) {
  EXPECT_EQ(texts(concrete_listen_addresses(ip("10.0.0.5"), 1, false, kInterfaces)),
            (std::vector<std::string>{"/ip4/10.0.0.5/tcp/1"}));
}

TEST(ConcreteListenAddresses, WildcardWithoutInterfacesFallsBackToLoopback) {
  EXPECT_EQ(texts(concrete_listen_addresses(ip("0.0.0.0"), 5, false, {})),
            (std::vector<std::string>{"/ip4/127.0.0.1/tcp/5"}));
}

TEST(ConcreteListenAddresses, ThisMachineHasAtLeastLoopback) {
  auto all = interface_addresses();
  EXPECT_NE(std::find(all.begin(), all.end(), ip("127.0.0.1")), all.end());
}

}  // namespace
}  // namespace fluence::net
