#include "fluence/net/multiaddr.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

constexpr const char* kPeer = "12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D";

TEST(Multiaddr, BinaryFormMatchesSpecWorkedExample) {
  auto a = Multiaddr::parse(std::string("/ip4/127.0.0.1/tcp/9999/ws/p2p/") + kPeer);
  EXPECT_EQ(hex_encode(a.to_bytes()),
            "047f000001" "06270f" "dd03" "a503" "26" "0024080112200851ab6549baf985caf2c2a2055c6aa60df73213b1dded2e6af237a7927eeafa");
}

TEST(Multiaddr, TextAndBinaryRoundTrip) {
  for (std::string text : {"/ip4/127.0.0.1/tcp/9999/ws/p2p/" + std::string(kPeer), std::string("/ip6/::1/tcp/1/ws"),
                           std::string("/dns4/0-kras.fluence.dev/tcp/9000/wss"), std::string("/ip4/1.2.3.4/tcp/80/tls/ws")}) {
    auto a = Multiaddr::parse(text);
    EXPECT_EQ(a.to_string(), text);
    EXPECT_EQ(Multiaddr::from_bytes(a.to_bytes()), a);
  }
}

TEST(Multiaddr, DnsNameIsLengthPrefixed) {
  auto a = Multiaddr::parse("/dns4/0-kras.fluence.dev/tcp/9000/wss");
  EXPECT_EQ(hex_encode(a.to_bytes()), "3612" + hex_encode(as_bytes("0-kras.fluence.dev")) + "062328de03");
}

TEST(Multiaddr, IpfsIsAliasOfP2p) {
  auto a = Multiaddr::parse(std::string("/ip4/1.2.3.4/tcp/5/ipfs/") + kPeer);
  EXPECT_EQ(a.to_string(), std::string("/ip4/1.2.3.4/tcp/5/p2p/") + kPeer);
  EXPECT_EQ(a.peer_id()->to_base58(), kPeer);
}

TEST(Multiaddr, AccessorsFindHostPortAndTransport) {
  auto a = Multiaddr::parse("/ip4/10.0.0.1/tcp/4001/ws");
  EXPECT_EQ(*a.host(), "10.0.0.1");
  EXPECT_EQ(*a.tcp_port(), 4001);
  EXPECT_TRUE(a.is_websocket());
  EXPECT_FALSE(Multiaddr::parse("/ip4/10.0.0.1/tcp/4001").is_websocket());
  EXPECT_TRUE(Multiaddr::parse("/dns4/x/tcp/1/tls/ws").is_secure_websocket());
}

TEST(Multiaddr, MalformedTextIsRejected) {
  for (const char* bad : {"", "ip4/1.2.3.4", "/ip4/300.1.1.1", "/ip4/1.2.3.4/tcp/70000", "/ip4/1.2.3.4/tcp",
                          "/foo/1", "/p2p/notapeer", "/tcp/-1", "/"}) {
    EXPECT_THROW(Multiaddr::parse(bad), Error) << bad;
  }
}

TEST(Multiaddr, MalformedBinaryIsRejected) {
  for (const char* bad : {"04", "047f0000", "06", "ff", "a50326", "3600", "9902"}) {
    EXPECT_THROW(Multiaddr::from_bytes(hex_decode(bad)), Error) << bad;
  }
}

}  // namespace
}  // namespace fluence::net

namespace fluence::net {
namespace {

// Found by net_multiaddr_fuzzer: a binary dns name with '/' had no faithful text form.
TEST(Multiaddr, NamesWithoutTextFormAreRejected) {
  EXPECT_THROW(Multiaddr::from_bytes(hex_decode("3704333704" "2f")), Error);
  EXPECT_THROW(Multiaddr::from_bytes(hex_decode("360161" "00")), Error);
  EXPECT_THROW(Multiaddr::from_bytes(hex_decode("3602610a062328")), Error);
}

}  // namespace
}  // namespace fluence::net
