// `fluence air run`: runs AIR through our interpreter with the flags and the JSON output of the
// reference oracle's run-air.mjs (one step, chained steps, or a multi-peer simulation), so the
// outputs of the two can be diffed directly.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/air/call_request_codec.h"
#include "fluence/air/interpreter.h"
#include "fluence/air/simulation.h"
#include "fluence/air/syntax/ast_json.h"
#include "fluence/air/syntax/parser.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/canonical_json.h"
#include "fluence/core/error.h"

namespace fluence::cli {
namespace {

namespace json = boost::json;
using namespace fluence::air;

struct AirRunOptions {
  std::vector<std::string> positional;
  std::string peer, init_peer, prev_data, data, call_results, out_data, sk, particle_id;
  std::string timestamp, ttl, simulate, max_steps;
  bool no_human = false, no_raw = false, trace = false, show_data = false, no_tetraplets = false;
  bool ast = false, resolve = false, list_peers = false, compact = false;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, "cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::value json_arg(const std::string& text, const std::string& what) {
  std::string src = !text.empty() && text[0] == '@' ? read_file(text.substr(1)) : text;
  json::error_code ec;
  json::value v = json::parse(src, ec);
  if (ec) throw Error(ErrorKind::kInvalidInput, what + ": invalid JSON (" + ec.message() + ")");
  return v;
}

// Raw data, or a previous run's JSON output (its data.base64).
Bytes read_data(const std::string& path) {
  if (path.empty()) return {};
  std::string raw = read_file(path);
  if (!raw.empty() && raw[0] == '{') {
    json::error_code ec;
    json::value v = json::parse(raw, ec);
    if (!ec && v.is_object()) {
      const json::value* d = v.get_object().if_contains("data");
      const json::value* b = d && d->is_object() ? d->get_object().if_contains("base64") : nullptr;
      if (b && b->is_string()) return base64_decode(b->get_string());
    }
  }
  return Bytes(raw.begin(), raw.end());
}

std::uint64_t int_arg(const std::string& text, const std::string& what) {
  try {
    std::size_t pos = 0;
    unsigned long long v = std::stoull(text, &pos);
    if (pos != text.size()) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw Error(ErrorKind::kInvalidInput, what + ": expected an integer, got '" + text + "'");
  }
}

// Length as JavaScript counts it (UTF-16 code units) of UTF-8 text.
std::size_t js_length(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xc0) != 0x80) ++n;  // a lead byte starts a character
    if (c >= 0xf0) ++n;           // four-byte characters are surrogate pairs
  }
  return n;
}

// The oracle's layout: an array or object whose one-line form fits in 140 columns (counted
// from where it starts, after its key) stays on one line.
void pretty(std::string& out, const json::value& v, const std::string& indent, std::size_t lead) {
  std::string flat = js_stringify(v);
  if ((!v.is_array() && !v.is_object()) || lead + js_length(flat) <= 140) {
    out += flat;
    return;
  }
  std::string inner = indent + "  ";
  if (v.is_array()) {
    if (v.get_array().empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& x : v.get_array()) {
      if (!first) out += ",\n";
      first = false;
      out += inner;
      pretty(out, x, inner, inner.size());
    }
    out += "\n" + indent + "]";
  } else {
    if (v.get_object().empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first) out += ",\n";
      first = false;
      std::string key = js_stringify(json::value(kv.key())) + ": ";
      out += inner + key;
      pretty(out, kv.value(), inner, inner.size() + js_length(key));
    }
    out += "\n" + indent + "}";
  }
}

void print(const json::value& v, bool compact) {
  json::value n = js_normalized(v);
  if (compact) {
    std::cout << js_stringify(n) << "\n";
  } else {
    std::string out;
    pretty(out, n, "", 0);
    std::cout << out << "\n";
  }
}

CallResults call_results_arg(const std::string& text) {
  CallResults out;
  if (text.empty()) return out;
  json::value v = json_arg(text, "--call-results");
  auto add = [&](const std::string& key, const json::value& r) {
    if (!r.is_object()) throw Error(ErrorKind::kInvalidInput, "--call-results: entries must be objects");
    const auto& o = r.get_object();
    CallServiceResult c;
    const json::value* rc = o.if_contains("ret_code");
    if (!rc) rc = o.if_contains("retCode");
    c.ret_code = rc && rc->is_number() ? rc->to_number<std::int32_t>() : 0;
    if (const json::value* rj = o.if_contains("result_json"); rj && rj->is_string()) {
      c.result = std::string(rj->get_string());
    } else {
      const json::value* res = o.if_contains("result");
      c.result = js_stringify(res ? *res : json::value(nullptr));
    }
    out[static_cast<std::uint32_t>(int_arg(key, "--call-results key"))] = c;
  };
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) add(std::string(kv.key()), kv.value());
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (!e.is_array() || e.get_array().size() != 2)
        throw Error(ErrorKind::kInvalidInput, "--call-results: expected [[key, result], ...]");
      const auto& k = e.get_array()[0];
      add(k.is_string() ? std::string(k.get_string()) : json::serialize(k), e.get_array()[1]);
    }
  }
  return out;
}

json::value tetraplets_json(const std::vector<std::vector<SecurityTetraplet>>& ts) {
  json::array out;
  for (const auto& l : ts) {
    json::array inner;
    for (const auto& t : l)
      inner.push_back(json::object{{"peer_pk", t.peer_pk}, {"service_id", t.service_id},
                                   {"function_name", t.function_name}, {"lens", t.lens}});
    out.push_back(std::move(inner));
  }
  return out;
}

int run_air(const AirRunOptions& o) {
  PeerBook book;
  if (o.list_peers) {
    for (const auto& n : o.positional) book.resolve(n);
    print(book.to_json(), o.compact);
    return 0;
  }
  if (o.positional.size() != 1) {
    std::cerr << "fluence air run: exactly one SCRIPT.air is required (see --help)\n";
    return 2;
  }
  const std::string raw_script = read_file(o.positional[0]);

  if (!o.simulate.empty()) {
    SimulationOptions so;
    if (!o.init_peer.empty()) so.init_peer = o.init_peer;
    if (!o.particle_id.empty()) so.particle_id = o.particle_id;
    if (!o.timestamp.empty()) so.timestamp = int_arg(o.timestamp, "--timestamp");
    if (!o.ttl.empty()) so.ttl = static_cast<std::uint32_t>(int_arg(o.ttl, "--ttl"));
    if (!o.max_steps.empty()) so.max_steps = int_arg(o.max_steps, "--max-steps");
    so.include_tetraplets = !o.no_tetraplets;
    so.include_trace = o.trace;
    so.include_data = o.show_data;
    json::object out = simulate(raw_script, json_arg("@" + o.simulate, o.simulate), so);
    const bool ok = out["errors"].get_array().empty() && out["complete"].get_bool();
    print(out, o.compact);
    return ok ? 0 : 1;
  }

  PeerIdentity peer;
  std::vector<std::string> warnings;
  if (!o.peer.empty()) {
    if (!o.sk.empty()) {
      Bytes seed = base64_decode(o.sk);
      if (seed.size() != 32) throw Error(ErrorKind::kInvalidInput, "--sk must be 32 bytes in base64");
      PeerIdentity id = identity_for_seed(looks_like_peer_id(o.peer) ? "peer" : o.peer, seed);
      if (looks_like_peer_id(o.peer) && id.peer_id != o.peer) {
        // The key signs, but the peer keeps the id it was given (and stays out of the book).
        warnings.push_back("--sk belongs to " + id.peer_id + ", not to --peer " + o.peer +
                           "; other peers will reject this peer's signatures");
        peer = id;
        peer.name.clear();
        peer.peer_id = o.peer;
      } else {
        peer = book.add(id.name, seed);
      }
    } else {
      peer = book.resolve(o.peer);
    }
    if (peer.seed.empty())
      warnings.push_back("no secret key for " + o.peer +
                         ": a zero key signs this peer's data, so other peers will reject it");
  }
  const std::string script = book.substitute(raw_script);
  if (o.resolve) {
    std::cout << script << (script.empty() || script.back() != '\n' ? "\n" : "");
    return 0;
  }
  if (o.ast) {
    ParseResult parsed = parse_air(script);
    if (!parsed.ok()) {
      print(json::object{{"parse_error", parsed.error_text}}, o.compact);
      return 1;
    }
    print(json::parse(ast_to_json(parsed.script->root())), o.compact);
    return 0;
  }
  if (o.peer.empty() || o.init_peer.empty()) {
    std::cerr << "fluence air run: --peer and --init-peer are required for a single step (or use --simulate)\n";
    return 2;
  }
  PeerIdentity init = book.resolve(o.init_peer);
  ParticleInfo particle;
  if (!o.particle_id.empty()) particle.id = o.particle_id;
  if (!o.timestamp.empty()) particle.timestamp = int_arg(o.timestamp, "--timestamp");
  if (!o.ttl.empty()) particle.ttl = static_cast<std::uint32_t>(int_arg(o.ttl, "--ttl"));

  RunParameters params;
  params.init_peer_id = init.peer_id;
  params.current_peer_id = peer.peer_id;
  params.timestamp = particle.timestamp;
  params.ttl = particle.ttl;
  params.secret_key_bytes = peer.seed.empty() ? Bytes(32, 0) : peer.seed;
  params.particle_id = particle.id;
  params.air_size_limit = params.particle_size_limit = params.call_result_size_limit =
      std::uint64_t{4294967296};
  Bytes prev = read_data(o.prev_data);
  Bytes data = read_data(o.data);
  Bytes results = encode_call_results(call_results_arg(o.call_results));
  InterpreterOutcome res = invoke(script, prev, data, params, results);
  if (!o.out_data.empty()) {
    std::ofstream f(o.out_data, std::ios::binary);
    f.write(reinterpret_cast<const char*>(res.data.data()), static_cast<std::streamsize>(res.data.size()));
  }
  json::object out;
  out["mode"] = "step";
  out["current_peer"] = peer.peer_id;
  out["init_peer"] = init.peer_id;
  out["particle"] = json::object{{"id", particle.id}, {"timestamp", particle.timestamp}, {"ttl", particle.ttl}};
  out["ret_code"] = res.ret_code;
  out["error_message"] = res.error_message;
  std::vector<std::string> next = res.next_peer_pks;
  std::sort(next.begin(), next.end());
  json::array next_json;
  for (const auto& n : next) next_json.push_back(json::string(n));
  out["next_peer_pks"] = std::move(next_json);
  json::array reqs;
  for (const auto& [key, r] : decode_call_requests(res.call_requests))
    reqs.push_back(json::object{{"key", key}, {"service_id", r.service_id},
                                {"function_name", r.function_name}, {"arguments", r.arguments},
                                {"tetraplets", tetraplets_json(r.tetraplets)}});
  out["call_requests"] = std::move(reqs);
  json::object d{{"size", res.data.size()}};
  if (!o.no_raw) d["base64"] = base64_encode(res.data);
  if (!o.no_human) d["human"] = human_readable_value(res.data);
  out["data"] = std::move(d);
  out["peers"] = book.to_json();
  if (!warnings.empty()) {
    json::array w;
    for (const auto& x : warnings) w.push_back(json::string(x));
    out["warnings"] = std::move(w);
  }
  print(out, o.compact);
  return res.ret_code == 0 ? 0 : 1;
}

void add_air_run_command(CLI::App& app) {
  // Other air commands (fmt, ...) may have created `fluence air` already.
  CLI::App* air = nullptr;
  for (CLI::App* sub : app.get_subcommands({}))
    if (sub->get_name() == "air") air = sub;
  if (!air) {
    air = app.add_subcommand("air", "AIR scripts: run them through the interpreter");
    air->require_subcommand(1);
  }
  auto* run = air->add_subcommand(
      "run",
      "Run AIR through our AquaVM 0.62-compatible interpreter: one step, chained steps "
      "(--prev-data/--data) or a multi-peer --simulate; prints the JSON of the reference "
      "oracle's run-air.mjs. P is a peer name (its key is sha256(name)) or a peer id; {{name}} "
      "in scripts and tables stands for the peer id of that name");
  static AirRunOptions o;
  run->add_option("SCRIPT", o.positional, "the AIR script (or peer names with --list-peers)");
  run->add_option("--peer", o.peer, "the peer that runs this step (name or peer id)");
  run->add_option("--init-peer", o.init_peer, "the particle's init peer (name or peer id)");
  run->add_option("--prev-data", o.prev_data, "this peer's data from its previous run (raw, or a run's JSON output)");
  run->add_option("--data", o.data, "the data that arrived (raw, or a run's JSON output)");
  run->add_option("--call-results", o.call_results, "JSON {\"1\": {\"ret_code\": 0, \"result\": ...}} or @FILE");
  run->add_option("--out-data", o.out_data, "write the new raw data here");
  run->add_option("--sk", o.sk, "base64 32-byte secret key of --peer");
  run->add_option("--particle-id", o.particle_id, "particle id (the signatures' salt)");
  run->add_option("--timestamp", o.timestamp, "particle timestamp, ms");
  run->add_option("--ttl", o.ttl, "particle ttl, ms");
  run->add_option("--simulate", o.simulate, "run to quiescence over all peers answering calls from this service table");
  run->add_option("--max-steps", o.max_steps, "simulation step limit (default 1000)");
  run->add_flag("--trace", o.trace, "with --simulate: list every interpreter invocation");
  run->add_flag("--show-data", o.show_data, "with --simulate: add final_data, each peer's last data, human readable");
  run->add_flag("--no-tetraplets", o.no_tetraplets, "with --simulate: leave tetraplets out of the calls");
  run->add_flag("--no-human", o.no_human, "leave data.human (the human-readable data) out");
  run->add_flag("--no-raw", o.no_raw, "leave data.base64 out");
  run->add_flag("--ast", o.ast, "print our parse of the script (AST JSON or {parse_error})");
  run->add_flag("--resolve", o.resolve, "print the script with {{name}} placeholders replaced");
  run->add_flag("--list-peers", o.list_peers, "print peer ids and secret keys of the named peers");
  run->add_flag("--compact", o.compact, "one-line JSON output");
  run->callback([] {
    int rc = 0;
    try {
      rc = run_air(o);
    } catch (const std::exception& e) {
      std::cout << js_stringify(json::object{{"error", e.what()}}) << "\n";
      rc = 2;
    }
    std::cout.flush();
    std::exit(rc);
  });
}

const CommandRegistration kRegistration{30, add_air_run_command};

}  // namespace
}  // namespace fluence::cli
