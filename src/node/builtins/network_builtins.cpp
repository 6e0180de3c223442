// `peer` and `kad` functions over the node's host and routing table (node.md §6.2, §6.3).
#include <algorithm>
#include <cstdlib>

#include <boost/json/serialize.hpp>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fluence/node/builtins.h"

namespace fluence::node {

namespace {

using boost::json::array;
using boost::json::value;

PeerId peer_argument(const array& args, std::size_t i, const char* field) {
  if (i >= args.size() || !args[i].is_string()) {
    throw Error(ErrorKind::kInvalidInput, std::string("Field '") + field + "' is missing from args to call_service");
  }
  try {
    return PeerId::parse(std::string(args[i].as_string()));
  } catch (const Error& e) {
    throw Error(ErrorKind::kInvalidInput, "invalid peer id '" + std::string(args[i].as_string()) + "': " + e.what());
  }
}

// An optional argument: absent, null, [] or [x] (Aqua options), or a bare x.
const value* optional_argument(const array& args, std::size_t i, const char* field) {
  if (i >= args.size() || args[i].is_null()) return nullptr;
  if (args[i].is_array()) {
    const auto& a = args[i].as_array();
    if (a.empty()) return nullptr;
    if (a.size() > 1) {
      throw Error(ErrorKind::kInvalidInput, std::string("Option's array must contain at most 1 element, '") + field +
                                                "' was of " + std::to_string(a.size()) + " elements");
    }
    return &a[0];
  }
  return &args[i];
}

Bytes base58_argument(const value& v, const char* field) {
  if (!v.is_string()) throw Error(ErrorKind::kInvalidInput, std::string("Error deserializing field '") + field + "': expected a string");
  try {
    return base58btc_decode(std::string(v.as_string()));
  } catch (const Error&) {
    throw Error(ErrorKind::kInvalidInput, std::string(field) + " is not a base58 string: " + std::string(v.as_string()));
  }
}

std::size_t count_argument(const array& args, std::size_t i) {
  const value* c = optional_argument(args, i, "count");
  if (!c) return 20;
  if (!c->is_number()) throw Error(ErrorKind::kInvalidInput, "Error deserializing field 'count': expected u32");
  return static_cast<std::size_t>(c->to_number<std::uint32_t>());
}

std::shared_ptr<net::Host> locked(const std::weak_ptr<net::Host>& host) {
  auto h = host.lock();
  if (!h) throw Error(ErrorKind::kIo, "the node is shutting down");
  return h;
}

}  // namespace

void add_network_builtins(ServiceDispatch& d, std::weak_ptr<net::Host> host, std::weak_ptr<net::KadService> kad) {
  d.add_function("peer", "is_connected", [host](const CallContext& c) -> net::Task<air::CallServiceResult> {
    PeerId peer = peer_argument(c.request.arguments, 0, "peer_id");
    co_return call_ok(value(locked(host)->connection_to(peer) != nullptr));
  });
  d.add_function("peer", "get_contact", [host](const CallContext& c) -> net::Task<air::CallServiceResult> {
    PeerId peer = peer_argument(c.request.arguments, 0, "peer_id");
    auto h = locked(host);
    const net::PeerInfo* info = h->peer_info(peer);
    if (!info && !h->connection_to(peer)) co_return call_unit();  // nox: "" for an unknown peer
    array addresses;
    if (info) {
      for (const auto& a : info->addresses) addresses.push_back(value(a.to_string()));
    }
    co_return call_ok(boost::json::object{{"peer_id", peer.to_base58()}, {"addresses", addresses}});
  });
  d.add_function("peer", "timeout", [](const CallContext& c) -> net::Task<air::CallServiceResult> {
    const array& args = c.request.arguments;
    std::uint64_t duration = 0;
    bool ok = !args.empty();
    if (ok && args[0].is_number()) {
      duration = args[0].to_number<std::uint64_t>();
    } else if (ok && args[0].is_string()) {
      std::string text(args[0].as_string());
      char* end = nullptr;
      duration = std::strtoull(text.c_str(), &end, 10);
      ok = !text.empty() && end && *end == '\0';
    } else {
      ok = false;
    }
    if (!ok) co_return call_error("peer.timeout: duration_ms must be a non-negative number of milliseconds");
    const value* message = optional_argument(args, 1, "message");
    // Sleeps without blocking the particle's other calls: each call is its own coroutine.
    net::asio::steady_timer timer(co_await net::asio::this_coro::executor, std::chrono::milliseconds(duration));
    co_await timer.async_wait(net::use_awaitable);
    co_return message ? call_ok(*message) : call_unit();
  });
  d.add_function("kad", "neighborhood", [host, kad](const CallContext& c) -> net::Task<air::CallServiceResult> {
    const array& args = c.request.arguments;
    if (args.empty()) co_return call_error("Field 'key' is missing from args to call_service");
    Bytes key = base58_argument(args[0], "key");
    const value* hashed = optional_argument(args, 1, "already_hashed");
    std::size_t count = count_argument(args, 2);
    if (hashed && hashed->is_bool() && hashed->as_bool()) {
      // The key must already be a multihash (nox: "Invalid multihash").
      if (key.size() < 2 || key[1] + 2u != key.size()) co_return call_error("Invalid multihash");
    } else {
      // The documented contract: the SHA-256 multihash of the key.
      Bytes mh{0x12, 0x20};
      auto digest = net::kad_key(key);
      mh.insert(mh.end(), digest.begin(), digest.end());
      key = std::move(mh);
    }
    auto k = kad.lock();
    array out;
    if (k) {
      auto self = locked(host)->peer_id();
      for (const auto& entry : k->table().closest(net::kad_key(key), count, &self)) out.push_back(value(entry.peer.to_base58()));
    }
    co_return call_ok(out);
  });
  d.add_function("kad", "merge", [](const CallContext& c) -> net::Task<air::CallServiceResult> {
    const array& args = c.request.arguments;
    if (args.size() < 3) co_return call_error("kad.merge expects target, left, right and an optional count");
    auto target = net::kad_key(base58_argument(args[0], "target"));
    std::vector<std::pair<net::KadKey, std::string>> all;
    for (std::size_t side = 1; side <= 2; ++side) {
      if (!args[side].is_array()) co_return call_error("kad.merge: left and right must be arrays of base58 strings");
      for (const auto& v : args[side].as_array()) {
        std::string text(v.is_string() ? std::string(v.as_string()) : "");
        all.emplace_back(net::kad_key(base58_argument(v, side == 1 ? "left" : "right")), text);
      }
    }
    std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return net::kad_closer(a.first, b.first, target); });
    all.erase(std::unique(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first == b.first; }), all.end());
    std::size_t count = count_argument(args, 3);
    array out;
    for (std::size_t i = 0; i < all.size() && i < count; ++i) out.push_back(value(all[i].second));
    co_return call_ok(out);
  });
}

}  // namespace fluence::node
