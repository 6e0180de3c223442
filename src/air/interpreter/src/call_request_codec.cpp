#include "fluence/air/call_request_codec.h"

#include <algorithm>
#include <charconv>

#include <boost/json.hpp>

#include "fluence/core/error.h"
#include "fluence/core/msgpack.h"

namespace fluence::air {

namespace {

// Multicodec 0x0201 (MessagePack) as an unsigned varint.
constexpr std::uint8_t kPrefix[2] = {0x81, 0x04};

void write_json(msgpack::Writer& w, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: w.nil(); break;
    case boost::json::kind::bool_: w.boolean(v.get_bool()); break;
    case boost::json::kind::int64: w.integer(v.get_int64()); break;
    case boost::json::kind::uint64: w.unsigned_integer(v.get_uint64()); break;
    case boost::json::kind::double_: w.float64(v.get_double()); break;
    case boost::json::kind::string: w.string(v.get_string()); break;
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      w.array_header(static_cast<std::uint32_t>(a.size()));
      for (const auto& x : a) write_json(w, x);
      break;
    }
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      std::vector<const boost::json::key_value_pair*> entries;
      entries.reserve(o.size());
      for (const auto& kv : o) entries.push_back(&kv);
      std::sort(entries.begin(), entries.end(),
                [](auto* a, auto* b) { return a->key() < b->key(); });
      w.map_header(static_cast<std::uint32_t>(entries.size()));
      for (auto* kv : entries) {
        w.string(kv->key());
        write_json(w, kv->value());
      }
      break;
    }
  }
}

boost::json::value to_json(const msgpack::Value& v) {
  using namespace msgpack;
  if (std::holds_alternative<Nil>(v.v)) return nullptr;
  if (auto* b = std::get_if<bool>(&v.v)) return *b;
  if (auto* i = std::get_if<std::int64_t>(&v.v)) {
    if (*i >= 0) return static_cast<std::uint64_t>(*i);
    return *i;
  }
  if (auto* u = std::get_if<std::uint64_t>(&v.v)) return *u;
  if (auto* d = std::get_if<double>(&v.v)) return *d;
  if (auto* s = std::get_if<std::string>(&v.v)) return boost::json::string(*s);
  if (auto* a = std::get_if<Array>(&v.v)) {
    boost::json::array out;
    out.reserve(a->size());
    for (const auto& x : *a) out.push_back(to_json(x));
    return out;
  }
  if (auto* m = std::get_if<Map>(&v.v)) {
    boost::json::object out;
    for (const auto& [k, x] : *m) {
      auto* ks = std::get_if<std::string>(&k.v);
      if (!ks) throw_invalid("msgpack map key is not a string");
      out[*ks] = to_json(x);
    }
    return out;
  }
  throw_invalid("msgpack value has no JSON form");
}

ByteView strip_prefix(ByteView bytes, const char* what) {
  if (bytes.size() < 2 || bytes[0] != kPrefix[0] || bytes[1] != kPrefix[1])
    throw_invalid(std::string(what) + ": expected the MessagePack multicodec prefix 0x81 0x04");
  return bytes.subspan(2);
}

std::int64_t as_int(const msgpack::Value& v, const char* what) {
  if (auto* i = std::get_if<std::int64_t>(&v.v)) return *i;
  if (auto* u = std::get_if<std::uint64_t>(&v.v)) {
    if (*u > static_cast<std::uint64_t>(INT64_MAX)) throw_invalid(std::string(what) + " out of range");
    return static_cast<std::int64_t>(*u);
  }
  throw_invalid(std::string(what) + " must be an integer");
}

const std::string& as_string(const msgpack::Value& v, const char* what) {
  if (auto* s = std::get_if<std::string>(&v.v)) return *s;
  throw_invalid(std::string(what) + " must be a string");
}

}  // namespace

void append_json_msgpack(Bytes& out, const boost::json::value& value) {
  msgpack::Writer w;
  write_json(w, value);
  const Bytes& b = w.bytes();
  out.insert(out.end(), b.begin(), b.end());
}

boost::json::value json_from_msgpack(ByteView bytes) { return to_json(msgpack::decode(bytes)); }

Bytes encode_call_requests(const CallRequests& requests) {
  msgpack::Writer w;
  w.bytes().assign(kPrefix, kPrefix + 2);
  w.map_header(static_cast<std::uint32_t>(requests.size()));
  for (const auto& [id, r] : requests) {
    w.unsigned_integer(id);
    w.map_header(4);
    w.string("service_id");
    w.string(r.service_id);
    w.string("function_name");
    w.string(r.function_name);
    w.string("arguments");
    {
      msgpack::Writer a;
      write_json(a, r.arguments);
      w.binary(a.bytes());
    }
    w.string("tetraplets");
    {
      msgpack::Writer t;
      t.array_header(static_cast<std::uint32_t>(r.tetraplets.size()));
      for (const auto& list : r.tetraplets) {
        t.array_header(static_cast<std::uint32_t>(list.size()));
        for (const auto& x : list) {
          t.map_header(4);
          t.string("peer_pk");
          t.string(x.peer_pk);
          t.string("service_id");
          t.string(x.service_id);
          t.string("function_name");
          t.string(x.function_name);
          t.string("lens");
          t.string(x.lens);
        }
      }
      w.binary(t.bytes());
    }
  }
  return w.take();
}

CallRequests decode_call_requests(ByteView bytes) {
  if (bytes.empty()) return {};
  auto v = msgpack::decode(strip_prefix(bytes, "call requests"));
  auto* m = std::get_if<msgpack::Map>(&v.v);
  if (!m) throw_invalid("call requests must be a map");
  CallRequests out;
  for (const auto& [k, x] : *m) {
    const std::int64_t id = as_int(k, "call request id");
    if (id < 0 || id > 0xffffffffLL) throw_invalid("call request id out of range");
    CallRequest r;
    const msgpack::Value* f;
    if (!(f = x.find("service_id"))) throw_invalid("call request without service_id");
    r.service_id = as_string(*f, "service_id");
    if (!(f = x.find("function_name"))) throw_invalid("call request without function_name");
    r.function_name = as_string(*f, "function_name");
    if (!(f = x.find("arguments"))) throw_invalid("call request without arguments");
    auto* args = std::get_if<msgpack::Binary>(&f->v);
    if (!args) throw_invalid("call request arguments must be binary");
    auto aj = json_from_msgpack(args->data);
    if (!aj.is_array()) throw_invalid("call request arguments must be an array");
    r.arguments = std::move(aj.get_array());
    if (!(f = x.find("tetraplets"))) throw_invalid("call request without tetraplets");
    auto* tb = std::get_if<msgpack::Binary>(&f->v);
    if (!tb) throw_invalid("call request tetraplets must be binary");
    auto tv = msgpack::decode(tb->data);
    auto* lists = std::get_if<msgpack::Array>(&tv.v);
    if (!lists) throw_invalid("tetraplets must be an array");
    for (const auto& l : *lists) {
      auto* arr = std::get_if<msgpack::Array>(&l.v);
      if (!arr) throw_invalid("tetraplet list must be an array");
      std::vector<SecurityTetraplet> ts;
      for (const auto& t : *arr) {
        SecurityTetraplet s;
        auto get = [&](const char* key) -> std::string {
          const msgpack::Value* p = t.find(key);
          if (!p) throw_invalid(std::string("tetraplet without ") + key);
          return as_string(*p, key);
        };
        s.peer_pk = get("peer_pk");
        s.service_id = get("service_id");
        s.function_name = get("function_name");
        s.lens = get("lens");
        ts.push_back(std::move(s));
      }
      r.tetraplets.push_back(std::move(ts));
    }
    out.emplace(static_cast<std::uint32_t>(id), std::move(r));
  }
  return out;
}

Bytes encode_call_results(const CallResults& results) {
  msgpack::Writer w;
  w.bytes().assign(kPrefix, kPrefix + 2);
  w.map_header(static_cast<std::uint32_t>(results.size()));
  for (const auto& [id, r] : results) {
    w.string(std::to_string(id));
    w.map_header(2);
    w.string("ret_code");
    w.integer(r.ret_code);
    w.string("result");
    w.string(r.result);
  }
  return w.take();
}

CallResults decode_call_results(ByteView bytes) {
  auto v = msgpack::decode(strip_prefix(bytes, "call results"));
  auto* m = std::get_if<msgpack::Map>(&v.v);
  if (!m) throw_invalid("call results must be a map");
  CallResults out;
  for (const auto& [k, x] : *m) {
    const std::string& key = as_string(k, "call result id");
    std::uint32_t id = 0;
    auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
    if (ec != std::errc() || p != key.data() + key.size() || key.empty())
      throw_invalid("call result id '" + key + "' is not a u32 number");
    CallServiceResult r;
    std::int64_t code = 0;
    if (auto* arr = std::get_if<msgpack::Array>(&x.v)) {
      if (arr->size() != 2) throw_invalid("call result array must have 2 elements");
      code = as_int((*arr)[0], "ret_code");
      r.result = as_string((*arr)[1], "result");
    } else if (std::holds_alternative<msgpack::Map>(x.v)) {
      const msgpack::Value* c = x.find("ret_code");
      const msgpack::Value* s = x.find("result");
      if (!c || !s) throw_invalid("call result must have ret_code and result");
      code = as_int(*c, "ret_code");
      r.result = as_string(*s, "result");
    } else {
      throw_invalid("call result must be a map or an array");
    }
    if (code < INT32_MIN || code > INT32_MAX) throw_invalid("ret_code out of i32 range");
    r.ret_code = static_cast<std::int32_t>(code);
    out[id] = std::move(r);
  }
  return out;
}

}  // namespace fluence::air
