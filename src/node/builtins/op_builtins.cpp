// `op`: pure functions over the call's arguments (node.md §6.1).
#include <boost/json/serialize.hpp>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"
#include "fluence/core/utf8.h"
#include "fluence/node/builtins.h"

namespace fluence::node {

namespace {

using boost::json::array;
using boost::json::value;

// Wraps a synchronous rule as a handler.
CallHandler pure(std::function<air::CallServiceResult(const array& args)> rule) {
  return [rule = std::move(rule)](const CallContext& call) -> net::Task<air::CallServiceResult> {
    co_return rule(call.request.arguments);
  };
}

std::string argument_string(const array& args, std::size_t i, const char* field) {
  if (i >= args.size()) throw Error(ErrorKind::kInvalidInput, std::string("Field '") + field + "' is missing from args to call_service");
  if (!args[i].is_string()) {
    throw Error(ErrorKind::kInvalidInput, std::string("Error deserializing field '") + field + "': expected a string, got " +
                                              boost::json::serialize(args[i]));
  }
  return std::string(args[i].as_string());
}

}  // namespace

void add_op_builtins(ServiceDispatch& d) {
  d.add_function("op", "noop", pure([](const array&) { return call_unit(); }));
  d.add_function("op", "array", pure([](const array& args) { return call_ok(args); }));
  d.add_function("op", "array_length", pure([](const array& args) {
    if (args.size() != 1) {
      return call_error("op array_length accepts exactly 1 argument: " + std::to_string(args.size()) + " found");
    }
    if (!args[0].is_array()) return call_error("op array_length's argument must be an array");
    return call_ok(value(static_cast<std::uint64_t>(args[0].as_array().size())));
  }));
  d.add_function("op", "concat", pure([](const array& args) {
    array out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!args[i].is_array()) {
        return call_error("all arguments of 'concat' must be arrays: argument #" + std::to_string(i) + " is not");
      }
      for (const auto& v : args[i].as_array()) out.push_back(v);
    }
    return call_ok(out);
  }));
  d.add_function("op", "concat_strings", pure([](const array& args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!args[i].is_string()) {
        return call_error("all arguments of 'concat_strings' must be strings: argument #" + std::to_string(i) + " is not");
      }
      out += args[i].as_string();
    }
    return call_ok(value(out));
  }));
  d.add_function("op", "identity", pure([](const array& args) {
    if (args.size() > 1) {
      return call_error("identity accepts up to 1 arguments, received " + std::to_string(args.size()) + " arguments");
    }
    return args.empty() ? call_unit() : call_ok(args[0]);
  }));
  d.add_function("op", "string_to_b58", pure([](const array& args) {
    return call_ok(value(base58btc_encode(as_bytes(argument_string(args, 0, "string")))));
  }));
  d.add_function("op", "string_from_b58", pure([](const array& args) {
    Bytes raw = base58btc_decode(argument_string(args, 0, "b58_string"));
    std::string text(raw.begin(), raw.end());
    if (!is_valid_utf8(text)) return call_error("decoded bytes are not valid UTF-8");
    return call_ok(value(text));
  }));
}

}  // namespace fluence::node
