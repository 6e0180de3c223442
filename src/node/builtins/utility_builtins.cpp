// `debug.stringify`, `math`, and `sig` with the node's own key (node.md §6.6, §6.8, §6.9).
#include <cmath>
#include <limits>

#include <boost/json/serialize.hpp>

#include "fluence/core/error.h"
#include "fluence/core/peer_id.h"
#include "fluence/node/builtins.h"

namespace fluence::node {

namespace {

using boost::json::array;
using boost::json::value;

std::int64_t i64_argument(const array& args, std::size_t i, const char* field) {
  if (i >= args.size()) throw Error(ErrorKind::kInvalidInput, std::string("Field '") + field + "' is missing from args to call_service");
  if (!args[i].is_int64() && !args[i].is_uint64()) {
    throw Error(ErrorKind::kInvalidInput, std::string("Error deserializing field '") + field + "': expected i64, got " +
                                              boost::json::serialize(args[i]));
  }
  if (args[i].is_uint64() && args[i].as_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw Error(ErrorKind::kInvalidInput, std::string("Error deserializing field '") + field + "': out of range for i64");
  }
  return args[i].to_number<std::int64_t>();
}

Bytes bytes_argument(const array& args, std::size_t i, const char* field) {
  if (i >= args.size() || !args[i].is_array()) {
    throw Error(ErrorKind::kInvalidInput, std::string("Field '") + field + "' is missing from args to call_service");
  }
  Bytes out;
  for (const auto& v : args[i].as_array()) {
    if (!v.is_number() || v.to_number<std::int64_t>() < 0 || v.to_number<std::int64_t>() > 255) {
      throw Error(ErrorKind::kInvalidInput, std::string("Error deserializing field '") + field + "': expected an array of u8");
    }
    out.push_back(static_cast<std::uint8_t>(v.to_number<std::int64_t>()));
  }
  return out;
}

using I64Op = bool (*)(std::int64_t, std::int64_t, std::int64_t*);

void add_checked(ServiceDispatch& d, const char* name, I64Op op) {
  d.add_function("math", name, [name, op](const CallContext& c) -> net::Task<air::CallServiceResult> {
    std::int64_t x = i64_argument(c.request.arguments, 0, "x");
    std::int64_t y = i64_argument(c.request.arguments, 1, "y");
    std::int64_t r = 0;
    if (op(x, y, &r)) co_return call_error(std::string("i64 ") + name + " overflow");
    co_return call_ok(value(r));
  });
}

}  // namespace

void add_utility_builtins(ServiceDispatch& d, const Ed25519KeyPair& key) {
  d.add_function("debug", "stringify", [](const CallContext& c) -> net::Task<air::CallServiceResult> {
    const array& args = c.request.arguments;
    if (args.empty()) co_return call_ok(value("<empty argument list>"));
    co_return call_ok(value(boost::json::serialize(args.size() == 1 ? args[0] : value(args))));
  });

  add_checked(d, "add", [](std::int64_t x, std::int64_t y, std::int64_t* r) { return __builtin_add_overflow(x, y, r); });
  add_checked(d, "sub", [](std::int64_t x, std::int64_t y, std::int64_t* r) { return __builtin_sub_overflow(x, y, r); });
  add_checked(d, "mul", [](std::int64_t x, std::int64_t y, std::int64_t* r) { return __builtin_mul_overflow(x, y, r); });
  add_checked(d, "div", [](std::int64_t x, std::int64_t y, std::int64_t* r) {
    if (y == 0 || (x == std::numeric_limits<std::int64_t>::min() && y == -1)) return true;
    *r = x / y;
    return false;
  });
  add_checked(d, "rem", [](std::int64_t x, std::int64_t y, std::int64_t* r) {
    if (y == 0 || (x == std::numeric_limits<std::int64_t>::min() && y == -1)) return true;
    *r = x % y;
    return false;
  });
  d.add_function("math", "pow", [](const CallContext& c) -> net::Task<air::CallServiceResult> {
    std::int64_t x = i64_argument(c.request.arguments, 0, "x");
    std::int64_t y = i64_argument(c.request.arguments, 1, "y");
    if (y < 0 || y > std::numeric_limits<std::uint32_t>::max()) co_return call_error("Error deserializing field 'y': expected u32");
    std::int64_t r = 1;
    for (std::int64_t i = 0; i < y; ++i) {
      if (__builtin_mul_overflow(r, x, &r)) co_return call_error("i64 pow overflow");
      if (r == 0 || r == 1) break;  // x is 0, 1 or -1: no overflow ever; y may be up to 2^32
    }
    if (x == -1) r = (y % 2 == 0) ? 1 : -1;
    co_return call_ok(value(r));
  });
  d.add_function("math", "fmul", [](const CallContext& c) -> net::Task<air::CallServiceResult> {
    const array& args = c.request.arguments;
    if (args.size() < 2 || !args[0].is_number() || !args[1].is_number()) co_return call_error("math.fmul expects two numbers");
    double product = args[0].to_number<double>() * args[1].to_number<double>();
    co_return call_ok(value(static_cast<std::int64_t>(std::floor(product))));
  });

  std::string host_id = PeerId::from_ed25519(key.public_key()).to_base58();
  auto public_key = key.public_key();
  d.add_function("sig", "get_peer_id", [host_id](const CallContext&) -> net::Task<air::CallServiceResult> {
    co_return call_ok(value(host_id));
  });
  d.add_function("sig", "verify", [public_key](const CallContext& c) -> net::Task<air::CallServiceResult> {
    Bytes signature = bytes_argument(c.request.arguments, 0, "signature");
    Bytes data = bytes_argument(c.request.arguments, 1, "data");
    co_return call_ok(value(signature.size() == 64 && ed25519_verify(public_key, data, signature)));
  });
}

}  // namespace fluence::node
