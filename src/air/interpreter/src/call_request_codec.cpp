#include "fluence/air/call_request_codec.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <boost/json.hpp>

#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"
#include "fluence/core/msgpack.h"
#include "fluence/core/utf8.h"

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

namespace {

void write_tetraplet(msgpack::Writer& w, const SecurityTetraplet& x) {
  w.map_header(4);
  w.string("peer_pk");
  w.string(x.peer_pk);
  w.string("service_id");
  w.string(x.service_id);
  w.string("function_name");
  w.string(x.function_name);
  w.string("lens");
  w.string(x.lens);
}

// One request's map: the arguments and the tetraplets are MessagePack inside binaries, written
// with `scratch` (reused for every request).
template <class Arguments, class WriteArgument, class Lists, class WriteList>
void write_request(msgpack::Writer& w, msgpack::Writer& scratch, std::string_view service_id,
                   std::string_view function_name, const Arguments& arguments,
                   WriteArgument&& write_argument, const Lists& lists, WriteList&& write_list) {
  w.map_header(4);
  w.string("service_id");
  w.string(service_id);
  w.string("function_name");
  w.string(function_name);
  w.string("arguments");
  scratch.bytes().clear();
  scratch.array_header(static_cast<std::uint32_t>(arguments.size()));
  for (const auto& x : arguments) write_argument(scratch, x);
  w.binary(scratch.bytes());
  w.string("tetraplets");
  scratch.bytes().clear();
  scratch.array_header(static_cast<std::uint32_t>(lists.size()));
  for (const auto& list : lists) {
    scratch.array_header(static_cast<std::uint32_t>(list.size()));
    for (const auto& x : list) write_list(scratch, x);
  }
  w.binary(scratch.bytes());
}

}  // namespace

Bytes encode_call_requests(const CallRequests& requests) {
  msgpack::Writer w;
  w.bytes().assign(kPrefix, kPrefix + 2);
  w.map_header(static_cast<std::uint32_t>(requests.size()));
  msgpack::Writer scratch;
  for (const auto& [id, r] : requests) {
    w.unsigned_integer(id);
    write_request(
        w, scratch, r.service_id, r.function_name, r.arguments,
        [](msgpack::Writer& s, const boost::json::value& x) { write_json(s, x); }, r.tetraplets,
        [](msgpack::Writer& s, const SecurityTetraplet& x) { write_tetraplet(s, x); });
  }
  return w.take();
}

namespace {

// Canonical JSON text as MessagePack; scalars directly, the rest through a tree.
void write_canonical_text(msgpack::Writer& w, std::string_view text) {
  if (text == "null") return w.nil();
  if (text == "true" || text == "false") return w.boolean(text == "true");
  const char* first = text.data();
  const char* last = first + text.size();
  // Integers as serde_json keeps them: u64 when not negative, else i64 (others via the tree).
  if (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    std::uint64_t u = 0;
    auto [end, ec] = std::from_chars(first, last, u);
    if (ec == std::errc() && end == last) return w.unsigned_integer(u);
  } else if (text.size() > 1 && text.front() == '-' && text[1] >= '1' && text[1] <= '9') {
    std::int64_t i = 0;
    auto [end, ec] = std::from_chars(first, last, i);
    if (ec == std::errc() && end == last) return w.integer(i);
  } else if (text.size() >= 2 && text.front() == '"' && text.back() == '"' &&
             text.substr(1, text.size() - 2).find('\\') == std::string_view::npos) {
    return w.string(text.substr(1, text.size() - 2));
  }
  write_json(w, parse_json(text));
}

}  // namespace

void CallRequestsEncoder::add(std::uint32_t id, std::string_view service_id,
                              std::string_view function_name, std::span<const Argument> arguments,
                              std::span<const Tetraplets> tetraplets) {
  msgpack::Writer w, scratch;
  w.bytes().swap(entries_);
  scratch.bytes().swap(scratch_);
  w.unsigned_integer(id);
  write_request(
      w, scratch, service_id, function_name, arguments,
      [](msgpack::Writer& s, const Argument& x) {
        if (x.tree)
          write_json(s, *x.tree);
        else
          write_canonical_text(s, x.canonical_text);
      },
      tetraplets,
      [](msgpack::Writer& s, const std::shared_ptr<const SecurityTetraplet>& x) {
        write_tetraplet(s, *x);
      });
  w.bytes().swap(entries_);
  scratch.bytes().swap(scratch_);
  ++count_;
}

Bytes CallRequestsEncoder::finish() const {
  msgpack::Writer w;
  w.bytes().reserve(entries_.size() + 8);
  w.bytes().assign(kPrefix, kPrefix + 2);
  w.map_header(count_);
  w.bytes().insert(w.bytes().end(), entries_.begin(), entries_.end());
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

namespace {

// The common shape of call results read in place: {str: {"ret_code": int, "result": str}} or
// {str: [int, str]}, valid UTF-8, nothing after. Anything else (including what is malformed)
// returns nullopt and goes through the general decoder, which gives the errors.
class CallResultsView {
 public:
  explicit CallResultsView(ByteView b) : b_(b) {}

  std::optional<RawCallResults> read() {
    std::uint32_t n = 0;
    if (!map_header(n)) return std::nullopt;
    RawCallResults out;
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string_view key;
      RawCallResult r;
      if (!str(key) || !entry(r)) return std::nullopt;
      out.add(std::string(key), r);
    }
    if (p_ != b_.size()) return std::nullopt;
    return out;
  }

 private:
  bool byte(std::uint8_t& c) {
    if (p_ >= b_.size()) return false;
    c = b_[p_++];
    return true;
  }
  bool big_endian(std::size_t n, std::uint64_t& v) {
    if (b_.size() - p_ < n) return false;
    v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | b_[p_++];
    return true;
  }
  bool map_header(std::uint32_t& n) {
    std::uint8_t c;
    std::uint64_t v = 0;
    if (!byte(c)) return false;
    if ((c & 0xf0) == 0x80) {
      n = c & 0x0f;
      return true;
    }
    if ((c == 0xde && big_endian(2, v)) || (c == 0xdf && big_endian(4, v))) {
      n = static_cast<std::uint32_t>(v);
      return true;
    }
    return false;
  }
  bool str(std::string_view& s) {
    std::uint8_t c;
    std::uint64_t len = 0;
    if (!byte(c)) return false;
    if ((c & 0xe0) == 0xa0) {
      len = c & 0x1f;
    } else if (!((c == 0xd9 && big_endian(1, len)) || (c == 0xda && big_endian(2, len)) ||
                 (c == 0xdb && big_endian(4, len)))) {
      return false;
    }
    if (b_.size() - p_ < len || !fluence::is_valid_utf8(std::string_view(reinterpret_cast<const char*>(b_.data() + p_), len))) return false;
    s = std::string_view(reinterpret_cast<const char*>(b_.data() + p_), len);
    p_ += len;
    return true;
  }
  bool int32(std::int32_t& out) {
    std::uint8_t c;
    std::uint64_t v = 0;
    std::int64_t i = 0;
    if (!byte(c)) return false;
    if (c <= 0x7f) {
      i = c;
    } else if (c >= 0xe0) {
      i = static_cast<std::int8_t>(c);
    } else if (c >= 0xcc && c <= 0xcf) {
      if (!big_endian(std::size_t{1} << (c - 0xcc), v) || v > 0x7fffffff) return false;
      i = static_cast<std::int64_t>(v);
    } else if (c >= 0xd0 && c <= 0xd3) {
      const std::size_t n = std::size_t{1} << (c - 0xd0);
      if (!big_endian(n, v)) return false;
      // sign-extend the n-byte value
      const int shift = 64 - static_cast<int>(8 * n);
      i = static_cast<std::int64_t>(v << shift) >> shift;
    } else {
      return false;
    }
    if (i < INT32_MIN || i > INT32_MAX) return false;
    out = static_cast<std::int32_t>(i);
    return true;
  }
  bool entry(RawCallResult& r) {
    std::uint8_t c;
    if (!byte(c)) return false;
    if (c == 0x92) return int32(r.ret_code) && str(r.result);
    if (c != 0x82) return false;
    bool code = false, result = false;
    for (int k = 0; k < 2; ++k) {
      std::string_view name;
      if (!str(name)) return false;
      if (name == "ret_code" && !code) {
        if (!int32(r.ret_code)) return false;
        code = true;
      } else if (name == "result" && !result) {
        if (!str(r.result)) return false;
        result = true;
      } else {
        return false;
      }
    }
    return true;
  }

  ByteView b_;
  std::size_t p_ = 0;
};

}  // namespace

namespace {

// The id whose decimal rendering `key` is (no sign, no leading zero, within u32).
std::optional<std::uint32_t> rendered_id(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
  std::uint32_t id = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return id;
}

}  // namespace

void RawCallResults::add(std::string key, RawCallResult result) {
  std::size_t* slot = nullptr;
  if (auto id = rendered_id(key)) {
    auto [it, added] = by_id_.emplace(*id, entries_.size());
    if (!added) slot = &it->second;
  } else {
    auto [it, added] = by_other_key_.emplace(key, entries_.size());
    if (!added) slot = &it->second;
  }
  if (slot) {
    entries_[*slot].result = std::move(result);
    return;
  }
  entries_.push_back(Entry{std::move(key), std::move(result), false});
}

const RawCallResult* RawCallResults::take(std::uint32_t id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end() || entries_[it->second].taken) return nullptr;
  Entry& e = entries_[it->second];
  e.taken = true;
  ++taken_;
  return &e.result;
}

std::vector<const RawCallResults::Entry*> RawCallResults::untaken() const {
  std::vector<const Entry*> out;
  for (const Entry& e : entries_)
    if (!e.taken) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](const Entry* a, const Entry* b) { return a->key < b->key; });
  return out;
}

RawCallResults decode_raw_call_results(ByteView bytes) {
  if (bytes.size() >= 2 && bytes[0] == kPrefix[0] && bytes[1] == kPrefix[1])
    if (auto fast = CallResultsView(bytes.subspan(2)).read()) return std::move(*fast);
  auto v = msgpack::decode(strip_prefix(bytes, "call results"));
  auto* m = std::get_if<msgpack::Map>(&v.v);
  if (!m) throw_invalid("call results must be a map");
  RawCallResults out;
  for (const auto& [k, x] : *m) {
    const std::string& key = as_string(k, "call result id");
    RawCallResult r;
    std::int64_t code = 0;
    const msgpack::Value* text = nullptr;
    if (auto* arr = std::get_if<msgpack::Array>(&x.v)) {
      if (arr->size() != 2) throw_invalid("call result array must have 2 elements");
      code = as_int((*arr)[0], "ret_code");
      text = &(*arr)[1];
    } else if (std::holds_alternative<msgpack::Map>(x.v)) {
      const msgpack::Value* c = x.find("ret_code");
      text = x.find("result");
      if (!c || !text) throw_invalid("call result must have ret_code and result");
      code = as_int(*c, "ret_code");
    } else {
      throw_invalid("call result must be a map or an array");
    }
    r.owned = std::make_shared<const std::string>(as_string(*text, "result"));
    r.result = *r.owned;
    if (code < INT32_MIN || code > INT32_MAX) throw_invalid("ret_code out of i32 range");
    r.ret_code = static_cast<std::int32_t>(code);
    out.add(key, std::move(r));
  }
  return out;
}

CallResults decode_call_results(ByteView bytes) {
  CallResults out;
  const RawCallResults raw = decode_raw_call_results(bytes);
  for (const auto& [key, r, taken] : raw.entries()) {
    std::uint32_t id = 0;
    auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
    if (ec != std::errc() || p != key.data() + key.size() || key.empty())
      throw_invalid("call result id '" + key + "' is not a u32 number");
    out[id] = CallServiceResult{r.ret_code, std::string(r.result)};
  }
  return out;
}

}  // namespace fluence::air
