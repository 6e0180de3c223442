#include "fluence/air/simulation.h"

#include <charconv>
#include <cmath>
#include <deque>
#include <regex>

#include <boost/json.hpp>

#include "fluence/core/base_encoding.h"
#include "fluence/air/data/human_readable.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"
#include "fluence/core/peer_id.h"

namespace fluence::air {

namespace json = boost::json;

// --- peers --------------------------------------------------------------------------------

bool looks_like_peer_id(const std::string& s) {
  static const std::regex re("^(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}$");
  return std::regex_match(s, re);
}

PeerIdentity identity_for_seed(const std::string& name, ByteView seed) {
  auto key = Ed25519KeyPair::from_seed(seed);
  return PeerIdentity{name, PeerId::from_ed25519(key.public_key()).to_base58(),
                      Bytes(seed.begin(), seed.end())};
}

PeerIdentity identity_for_name(const std::string& name) {
  auto d = sha256(as_bytes(name));
  return identity_for_seed(name, d);
}

const PeerIdentity& PeerBook::add(const std::string& name, ByteView seed) {
  PeerIdentity id = identity_for_seed(name, seed);
  auto it = by_name_.find(name);
  if (it != by_name_.end()) {
    peers_[it->second] = id;
  } else {
    by_name_[name] = peers_.size();
    peers_.push_back(id);
  }
  std::size_t idx = by_name_[name];
  by_id_[id.peer_id] = idx;
  return peers_[idx];
}

const PeerIdentity& PeerBook::named(const std::string& name) {
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return peers_[it->second];
  return add(name, sha256(as_bytes(name)));
}

PeerIdentity PeerBook::resolve(const std::string& name_or_id) {
  if (looks_like_peer_id(name_or_id)) {
    auto it = by_id_.find(name_or_id);
    if (it != by_id_.end()) return peers_[it->second];
    static const std::map<std::string, std::string> well_known = [] {
      std::map<std::string, std::string> m;
      std::vector<std::string> names = {"client", "relay"};
      for (int i = 0; i < 20; ++i) names.push_back("peer" + std::to_string(i));
      for (const auto& n : names) m[identity_for_name(n).peer_id] = n;
      return m;
    }();
    auto w = well_known.find(name_or_id);
    if (w != well_known.end()) return named(w->second);
    return PeerIdentity{"", name_or_id, {}};
  }
  return named(name_or_id);
}

std::string PeerBook::name_of(const std::string& peer_id) const {
  auto it = by_id_.find(peer_id);
  return it == by_id_.end() ? peer_id : peers_[it->second].name;
}

std::string PeerBook::substitute(const std::string& text) {
  static const std::regex re("\\{\\{([A-Za-z0-9_.:-]+)\\}\\}");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), re);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out.append(text, last, it->position() - last);
    out += named((*it)[1].str()).peer_id;
    last = it->position() + it->length();
  }
  out.append(text, last, std::string::npos);
  return out;
}

json::object PeerBook::to_json() const {
  json::object o;
  for (const auto& p : peers_)
    o[p.name] = json::object{{"peer_id", p.peer_id}, {"sk", base64_encode(p.seed)}};
  return o;
}

// --- JSON as JavaScript sees it -------------------------------------------------------------

namespace {

constexpr double kMaxSafeInteger = 9007199254740992.0;

// Number.prototype.toString of a double (ECMAScript's shortest round-trip rendering).
std::string js_number_text(double d) {
  if (!std::isfinite(d)) return "null";
  if (d == 0) return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  auto e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  const int k = static_cast<int>(digits.size());
  const int n = exp + 1;
  std::string out;
  if (k <= n && n <= 21) {
    out = digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out = digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out = "0." + std::string(-n, '0') + digits;
  } else {
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e" + std::string(n - 1 >= 0 ? "+" : "-") + std::to_string(std::abs(n - 1));
  }
  return sign + out;
}

}  // namespace

json::value js_normalized(const json::value& v) {
  switch (v.kind()) {
    case json::kind::uint64:
      if (static_cast<double>(v.get_uint64()) >= kMaxSafeInteger) return static_cast<double>(v.get_uint64());
      return v;
    case json::kind::double_: {
      double d = v.get_double();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < kMaxSafeInteger) {
        if (d >= 0) return static_cast<std::uint64_t>(d);
        return static_cast<std::int64_t>(d);
      }
      return v;
    }
    case json::kind::int64:
      if (v.get_int64() >= 0) return js_normalized(json::value(static_cast<std::uint64_t>(v.get_int64())));
      if (static_cast<double>(v.get_int64()) <= -kMaxSafeInteger) return static_cast<double>(v.get_int64());
      return v;
    case json::kind::array: {
      json::array a;
      a.reserve(v.get_array().size());
      for (const auto& x : v.get_array()) a.push_back(js_normalized(x));
      return a;
    }
    case json::kind::object: {
      json::object o;
      for (const auto& kv : v.get_object()) o[kv.key()] = js_normalized(kv.value());
      return o;
    }
    default: return v;
  }
}

namespace {

void js_append(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case json::kind::int64:
      if (std::fabs(static_cast<double>(v.get_int64())) >= kMaxSafeInteger) out += js_number_text(static_cast<double>(v.get_int64()));
      else out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      if (static_cast<double>(v.get_uint64()) >= kMaxSafeInteger) out += js_number_text(static_cast<double>(v.get_uint64()));
      else out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_: out += js_number_text(v.get_double()); break;
    case json::kind::string: append_json_string(out, v.get_string()); break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        js_append(out, x);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv.key());
        out += ':';
        js_append(out, kv.value());
      }
      out += '}';
      break;
    }
  }
}

// Deep equality as node's isDeepStrictEqual on JSON-parsed data (numbers by value).
bool js_equal(const json::value& a, const json::value& b) {
  return js_normalized(a) == js_normalized(b);
}

json::value deep_substitute(const json::value& v, PeerBook& book) {
  switch (v.kind()) {
    case json::kind::string: return json::string(book.substitute(std::string(v.get_string())));
    case json::kind::array: {
      json::array a;
      for (const auto& x : v.get_array()) a.push_back(deep_substitute(x, book));
      return a;
    }
    case json::kind::object: {
      json::object o;
      for (const auto& kv : v.get_object()) o[kv.key()] = deep_substitute(kv.value(), book);
      return o;
    }
    default: return v;
  }
}

void check_response(const json::value& r, const std::string& where) {
  if (!r.is_object()) throw Error(ErrorKind::kInvalidInput, where + ": a response must be an object");
  const auto& o = r.get_object();
  int kinds = o.contains("result") + o.contains("result_json") + o.contains("error") +
              o.contains("echo") + o.contains("sequence");
  if (kinds != 1)
    throw Error(ErrorKind::kInvalidInput,
                where + ": exactly one of result / result_json / error / echo / sequence is required");
  if (auto* t = o.if_contains("result_json"); t && !t->is_string())
    throw Error(ErrorKind::kInvalidInput, where + ": result_json must be a string (the result's text)");
  if (auto* e = o.if_contains("echo")) {
    if (!e->is_string() || (e->get_string() != "first" && e->get_string() != "all"))
      throw Error(ErrorKind::kInvalidInput, where + ": echo must be \"first\" or \"all\"");
  }
  if (auto* s = o.if_contains("sequence")) {
    if (!s->is_array() || s->get_array().empty())
      throw Error(ErrorKind::kInvalidInput, where + ": sequence must be a non-empty array");
    std::size_t i = 0;
    for (const auto& x : s->get_array()) check_response(x, where + ".sequence[" + std::to_string(i++) + "]");
  }
}

std::int32_t int_field(const json::object& o, const char* key, std::int32_t dflt) {
  const json::value* v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_int64()) return static_cast<std::int32_t>(v->get_int64());
  if (v->is_uint64()) return static_cast<std::int32_t>(v->get_uint64());
  if (v->is_double()) return static_cast<std::int32_t>(v->get_double());
  return dflt;
}

}  // namespace

std::string js_stringify(const json::value& v) {
  std::string out;
  js_append(out, v);
  return out;
}

// --- service table ------------------------------------------------------------------------

ServiceTable::ServiceTable(const json::value& raw, PeerBook& book) {
  if (!raw.is_object()) throw Error(ErrorKind::kInvalidInput, "service table must be a JSON object");
  const auto& r = raw.get_object();
  if (const json::value* peers = r.if_contains("peers")) {
    if (peers->is_array()) {
      for (const auto& n : peers->get_array())
        if (n.is_string()) book.named(std::string(n.get_string()));
    } else if (peers->is_object()) {
      for (const auto& kv : peers->get_object()) {
        const json::value* sk = kv.value().is_object() ? kv.value().get_object().if_contains("sk") : nullptr;
        if (sk && sk->is_string()) {
          Bytes seed = base64_decode(sk->get_string());
          if (seed.size() != 32)
            throw Error(ErrorKind::kInvalidInput, "secret key of peer '" + std::string(kv.key()) + "' must be 32 bytes");
          book.add(std::string(kv.key()), seed);
        } else {
          book.named(std::string(kv.key()));
        }
      }
    }
  }
  table_ = deep_substitute(raw, book).get_object();
  const json::value* rules = table_.if_contains("services");
  if (rules && !rules->is_array())
    throw Error(ErrorKind::kInvalidInput, "'services' must be an array of rules");
  if (rules) {
    std::size_t i = 0;
    for (const auto& rv : rules->get_array()) {
      std::string where = "services[" + std::to_string(i++) + "]";
      if (!rv.is_object()) throw Error(ErrorKind::kInvalidInput, where + ": a rule must be an object");
      const auto& rule = rv.get_object();
      const json::value* s = rule.if_contains("service");
      const json::value* f = rule.if_contains("function");
      if (!s || !s->is_string() || !f || !f->is_string())
        throw Error(ErrorKind::kInvalidInput, where + ": 'service' and 'function' are required strings");
      json::object resp;
      for (const auto& kv : rule)
        if (kv.key() != "service" && kv.key() != "function" && kv.key() != "peer" && kv.key() != "args")
          resp[kv.key()] = kv.value();
      check_response(resp, where);
      std::string peer_id;
      if (const json::value* p = rule.if_contains("peer"); p && p->is_string() && p->get_string() != "*") {
        std::string ps(p->get_string());
        peer_id = looks_like_peer_id(ps) ? ps : book.named(ps).peer_id;
      }
      rule_peer_ids_.push_back(peer_id);
    }
  }
  if (const json::value* d = table_.if_contains("default")) check_response(*d, "default");
}

std::optional<std::string> ServiceTable::init_peer() const {
  const json::value* v = table_.if_contains("init_peer");
  if (v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

const json::value* ServiceTable::particle() const { return table_.if_contains("particle"); }

ServiceTable::Answer ServiceTable::respond(const json::value& response, const json::array& args,
                                           const std::string& counter_key) {
  const auto& r = response.get_object();
  if (const json::value* seq = r.if_contains("sequence")) {
    std::size_t n = counters_[counter_key]++;
    const auto& list = seq->get_array();
    return respond(list[std::min(n, list.size() - 1)], args, counter_key + "/" + std::to_string(n));
  }
  Answer a;
  if (const json::value* v = r.if_contains("result")) {
    a.ret_code = int_field(r, "ret_code", 0);
    a.result = *v;
  } else if (const json::value* t = r.if_contains("result_json")) {
    a.ret_code = int_field(r, "ret_code", 0);
    a.result_json = std::string(t->get_string());
  } else if (const json::value* e = r.if_contains("error")) {
    a.ret_code = int_field(r, "ret_code", 1);
    a.result = *e;
  } else if (r.at("echo").get_string() == "first") {
    a.ret_code = int_field(r, "ret_code", 0);
    a.result = args.empty() ? json::value(nullptr) : args[0];
  } else {
    a.ret_code = int_field(r, "ret_code", 0);
    a.result = args;
  }
  return a;
}

ServiceTable::Answer ServiceTable::call(const std::string& peer_id, const std::string& service,
                                        const std::string& function, const json::array& args) {
  if (const json::value* rules = table_.if_contains("services")) {
    std::size_t i = 0;
    for (const auto& rv : rules->get_array()) {
      const auto& rule = rv.get_object();
      const std::size_t idx = i++;
      const auto& s = rule.at("service").get_string();
      const auto& f = rule.at("function").get_string();
      if (s != "*" && s != service) continue;
      if (f != "*" && f != function) continue;
      if (!rule_peer_ids_[idx].empty() && rule_peer_ids_[idx] != peer_id) continue;
      if (const json::value* a = rule.if_contains("args"); a && !js_equal(*a, args)) continue;
      return respond(rv, args, "rule" + std::to_string(idx));
    }
  }
  if (const json::value* d = table_.if_contains("default")) return respond(*d, args, "default");
  Answer a;
  a.ret_code = 1;
  a.result = json::string("No service found for service call: serviceId='" + service +
                          "', fnName='" + function + "'");
  a.matched = false;
  return a;
}

// --- scheduler ----------------------------------------------------------------------------

json::object simulate(const std::string& raw_script, const json::value& raw_table,
                      const SimulationOptions& options) {
  PeerBook book;
  ServiceTable table(raw_table, book);
  std::string init_name = options.init_peer ? *options.init_peer
                                            : table.init_peer().value_or("client");
  book.resolve(init_name);
  const std::string script = book.substitute(raw_script);
  ParticleInfo particle;
  if (const json::value* p = table.particle(); p && p->is_object()) {
    const auto& po = p->get_object();
    if (auto* v = po.if_contains("id"); v && v->is_string()) particle.id = std::string(v->get_string());
    if (auto* v = po.if_contains("timestamp"); v && v->is_number()) particle.timestamp = v->to_number<std::uint64_t>();
    if (auto* v = po.if_contains("ttl"); v && v->is_number()) particle.ttl = v->to_number<std::uint32_t>();
  }
  if (options.particle_id) particle.id = *options.particle_id;
  if (options.timestamp) particle.timestamp = *options.timestamp;
  if (options.ttl) particle.ttl = *options.ttl;
  StepRunner runner = options.runner ? options.runner : StepRunner(&invoke);

  PeerIdentity init = book.resolve(init_name);
  if (init.seed.empty())
    throw Error(ErrorKind::kInvalidInput, "init peer " + init_name + " has no known secret key; use a peer name");

  struct Item {
    std::string peer_id;
    Bytes data;
    CallResults results;
    std::string from;  // empty: call results or the first run
  };
  std::deque<Item> queue;
  queue.push_back(Item{init.peer_id, {}, {}, {}});
  std::map<std::string, Bytes> state;
  std::vector<std::string> state_order;  // peers in the order they first ran (final_data)
  std::map<std::string, json::array> calls;
  json::array errors, trace, undeliverable;
  std::size_t steps = 0;
  auto label = [&](const std::string& id) { return book.name_of(id); };

  while (!queue.empty() && steps < options.max_steps) {
    Item item = std::move(queue.front());
    queue.pop_front();
    ++steps;
    PeerIdentity who = book.resolve(item.peer_id);
    RunParameters params;
    params.init_peer_id = init.peer_id;
    params.current_peer_id = item.peer_id;
    params.timestamp = particle.timestamp;
    params.ttl = particle.ttl;
    params.secret_key_bytes = who.seed.empty() ? Bytes(32, 0) : who.seed;
    params.particle_id = particle.id;
    params.air_size_limit = params.particle_size_limit = params.call_result_size_limit =
        std::uint64_t{4294967296};
    Bytes results = encode_call_results(item.results);
    if (!state.count(item.peer_id)) state_order.push_back(item.peer_id);
    InterpreterOutcome res = runner(script, state[item.peer_id], item.data, params, results);
    state[item.peer_id] = res.data;
    const std::string peer = label(item.peer_id);
    CallRequests requests;
    try {
      requests = decode_call_requests(res.call_requests);
    } catch (const std::exception&) {
    }
    std::vector<std::string> next = res.next_peer_pks;
    std::sort(next.begin(), next.end());
    if (options.include_trace) {
      json::array nexts, reqs;
      for (const auto& n : next) nexts.push_back(json::string(label(n)));
      for (const auto& [k, r] : requests)
        reqs.push_back(json::object{{"key", k}, {"service", r.service_id}, {"function", r.function_name},
                                    {"args", js_normalized(r.arguments)}});
      std::string input = item.from.empty() ? (item.results.empty() ? "init" : "call_results")
                                            : "particle from " + label(item.from);
      json::array results_in;
      for (const auto& [k, r] : item.results) {
        json::error_code ec;
        json::value parsed = json::parse(r.result, ec);
        results_in.push_back(json::object{{"key", k}, {"ret_code", r.ret_code},
                                          {"result", ec ? json::value(json::string(r.result)) : parsed}});
      }
      trace.push_back(json::object{{"step", steps}, {"peer", peer}, {"input", input},
                                   {"call_results_in", std::move(results_in)},
                                   {"ret_code", res.ret_code}, {"error_message", res.error_message},
                                   {"next_peer_pks", nexts}, {"call_requests", reqs}});
    }
    if (res.ret_code != 0) {
      errors.push_back(json::object{{"step", steps}, {"peer", peer}, {"ret_code", res.ret_code},
                                    {"error_message", res.error_message}});
      continue;
    }
    for (const auto& n : next) {
      PeerIdentity target = book.resolve(n);
      if (target.seed.empty()) {
        undeliverable.push_back(json::object{
            {"step", steps}, {"from", peer}, {"to", n},
            {"reason", "no secret key known for this peer id; write it as a {{name}} placeholder"}});
        continue;
      }
      queue.push_back(Item{n, res.data, {}, item.peer_id});
    }
    if (!requests.empty()) {
      CallResults answers;
      json::array& list = calls[peer];
      for (const auto& [key, r] : requests) {
        json::value args_js = js_normalized(r.arguments);
        ServiceTable::Answer a = table.call(item.peer_id, r.service_id, r.function_name, args_js.get_array());
        json::object rec{{"service", r.service_id}, {"function", r.function_name}, {"args", args_js}};
        if (options.include_tetraplets) {
          json::array ts;
          for (const auto& l : r.tetraplets) {
            json::array inner;
            for (const auto& t : l)
              inner.push_back(json::object{{"peer_pk", t.peer_pk}, {"service_id", t.service_id},
                                           {"function_name", t.function_name}, {"lens", t.lens}});
            ts.push_back(std::move(inner));
          }
          rec["tetraplets"] = std::move(ts);
        }
        rec["ret_code"] = a.ret_code;
        if (a.result_json) {
          rec["result_json"] = *a.result_json;
        } else {
          rec["result"] = a.result;
        }
        if (!a.matched) rec["unmatched"] = true;
        list.push_back(std::move(rec));
        answers[key] = CallServiceResult{a.ret_code, a.result_json ? *a.result_json : js_stringify(a.result)};
      }
      queue.push_back(Item{item.peer_id, {}, std::move(answers), {}});
    }
  }

  json::object out;
  out["mode"] = "simulate";
  // Where the oracle names the reference packages that ran: what ran here, and the version
  // it is compatible with.
  out["reference"] = json::object{{"implementation", "fluence-cpp"}, {"@fluencelabs/avm", "0.62.0"}};
  out["particle"] = json::object{{"id", particle.id}, {"timestamp", particle.timestamp}, {"ttl", particle.ttl}};
  out["peers"] = book.to_json();
  out["complete"] = queue.empty();
  out["steps"] = steps;
  out["init_peer"] = label(init.peer_id);
  json::object calls_json;
  for (const auto& kv : book.to_json())
    if (calls.count(std::string(kv.key()))) calls_json[kv.key()] = calls[std::string(kv.key())];
  for (auto& [k, v] : calls)
    if (!calls_json.contains(k)) calls_json[k] = v;
  out["calls"] = std::move(calls_json);
  out["errors"] = std::move(errors);
  if (!undeliverable.empty()) out["undeliverable"] = std::move(undeliverable);
  if (!queue.empty()) {
    json::array pending;
    for (const auto& q : queue)
      pending.push_back(json::object{{"peer", label(q.peer_id)},
                                     {"kind", q.from.empty() ? "call_results" : "particle"}});
    out["pending"] = std::move(pending);
  }
  if (options.include_trace) out["trace"] = std::move(trace);
  if (options.include_data) {
    json::object final_data;
    for (const auto& id : state_order) final_data[label(id)] = human_readable_value(state[id]);
    out["final_data"] = std::move(final_data);
  }
  return out;
}

json::value human_readable_value(ByteView data) {
  if (data.empty()) return nullptr;
  std::string text;
  try {
    text = to_human_readable_data(data);
  } catch (const std::exception& e) {
    return json::string(e.what());
  }
  return json::parse(text);
}

}  // namespace fluence::air
