#include "fluence/net/byte_stream.h"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <limits>

#include "fluence/core/error.h"

namespace fluence::net {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class TcpStream final : public ByteStream {
 public:
  explicit TcpStream(tcp::socket s) : socket_(std::move(s)) {
    boost::system::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    remote_ = socket_.remote_endpoint(ec);
    local_ = socket_.local_endpoint(ec);
  }
  Task<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    co_return co_await socket_.async_read_some(asio::buffer(buffer.data(), buffer.size()), use_awaitable);
  }
  Task<void> write(ByteView data) override {
    // async_write's default completion condition (transfer_all) hands the socket at most
    // 64 KiB per send, so a 1 MiB batch became 16 sends, each waking the reader for 64 KiB;
    // offering the whole remainder lets the kernel take as much as the socket buffer holds.
    auto everything = [](const boost::system::error_code& ec, std::size_t) -> std::size_t {
      return ec ? 0 : std::numeric_limits<std::size_t>::max();
    };
    co_await asio::async_write(socket_, asio::buffer(data.data(), data.size()), everything, use_awaitable);
  }
  void close() override {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }
  Multiaddr remote_address() const override { return endpoint_multiaddr(remote_, false); }
  Multiaddr local_address() const override { return endpoint_multiaddr(local_, false); }

 private:
  tcp::socket socket_;
  tcp::endpoint remote_, local_;
};

// libp2p bytes ride in binary messages whose boundaries mean nothing (network.md §4.2).
class WsStream final : public ByteStream {
 public:
  explicit WsStream(websocket::stream<tcp::socket> ws) : ws_(std::move(ws)) {
    boost::system::error_code ec;
    remote_ = ws_.next_layer().remote_endpoint(ec);
    local_ = ws_.next_layer().local_endpoint(ec);
    ws_.binary(true);
    ws_.auto_fragment(false);
    ws_.read_message_max(8 * 1024 * 1024);
  }
  Task<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    for (;;) {
      auto n = co_await ws_.async_read_some(asio::buffer(buffer.data(), buffer.size()), use_awaitable);
      if (n > 0) co_return n;  // empty messages carry nothing; keep reading
    }
  }
  Task<void> write(ByteView data) override {
    co_await ws_.async_write(asio::buffer(data.data(), data.size()), use_awaitable);
  }
  void close() override {
    boost::system::error_code ec;
    ws_.next_layer().shutdown(tcp::socket::shutdown_both, ec);
    ws_.next_layer().close(ec);
  }
  Multiaddr remote_address() const override { return endpoint_multiaddr(remote_, true); }
  Multiaddr local_address() const override { return endpoint_multiaddr(local_, true); }

 private:
  websocket::stream<tcp::socket> ws_;
  tcp::endpoint remote_, local_;
};

}  // namespace

Multiaddr endpoint_multiaddr(const tcp::endpoint& ep, bool websocket) {
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  return tcp_multiaddr(addr.to_string(), ep.port(), websocket);
}

ByteStreamPtr make_tcp_stream(tcp::socket socket) { return std::make_unique<TcpStream>(std::move(socket)); }

Task<ByteStreamPtr> dial_byte_stream(const Multiaddr& address) {
  auto host = address.host();
  auto port = address.tcp_port();
  if (!host || !port) throw Error(ErrorKind::kInvalidInput, "dial: not a tcp address: " + address.to_string());
  if (address.is_secure_websocket()) throw Error(ErrorKind::kInvalidInput, "dial: /wss is not supported: " + address.to_string());
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto results = co_await resolver.async_resolve(*host, std::to_string(*port), use_awaitable);
  tcp::socket socket(ex);
  co_await asio::async_connect(socket, results, use_awaitable);
  if (!address.is_websocket()) co_return make_tcp_stream(std::move(socket));
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  websocket::stream<tcp::socket> ws(std::move(socket));
  std::string host_header = *host + ":" + std::to_string(*port);
  co_await ws.async_handshake(host_header, "/", use_awaitable);
  co_return std::make_unique<WsStream>(std::move(ws));
}

Task<ByteStreamPtr> accept_websocket(tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  websocket::stream<tcp::socket> ws(std::move(socket));
  co_await ws.async_accept(use_awaitable);
  co_return std::make_unique<WsStream>(std::move(ws));
}

}  // namespace fluence::net
