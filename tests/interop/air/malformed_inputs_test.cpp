// Malformed and hostile inputs get the same outcome code from our interpreter as from the
// reference AquaVM: truncated and bit-flipped particle data (as current and as prev data), a
// too old interpreter version, broken call results, wrong key formats, hard size limits.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../../air/conformance/scenario_compare.h"
#include "fluence/air/call_request_codec.h"
#include "fluence/air/interpreter.h"
#include "fluence/core/base_encoding.h"
#include "support/command_output.h"

namespace fluence::air {
namespace {

std::filesystem::path harness() {
  return std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests" / "interop" / "air";
}

struct Case {
  std::string what;
  std::string script;
  RunParameters params;
  Bytes prev, data, results;
};

boost::json::object to_json(const Case& c) {
  return boost::json::object{{"script", c.script},
                             {"init_peer_id", c.params.init_peer_id},
                             {"current_peer_id", c.params.current_peer_id},
                             {"sk", base64_encode(c.params.secret_key_bytes)},
                             {"key_format", c.params.key_format},
                             {"particle_id", c.params.particle_id},
                             {"air_size_limit", c.params.air_size_limit},
                             {"particle_size_limit", c.params.particle_size_limit},
                             {"call_result_size_limit", c.params.call_result_size_limit},
                             {"hard_limit_enabled", c.params.hard_limit_enabled},
                             {"prev", base64_encode(c.prev)},
                             {"data", base64_encode(c.data)},
                             {"call_results", base64_encode(c.results)}};
}

const Bytes kNone = {0x81, 0x04, 0x80};

RunParameters params_for(const std::string& name, const PeerIdentity& init) {
  PeerIdentity me = identity_for_name(name);
  RunParameters p;
  p.init_peer_id = init.peer_id;
  p.current_peer_id = me.peer_id;
  p.secret_key_bytes = me.seed;
  p.particle_id = "malformed-test";
  p.timestamp = 1700000000000;
  p.ttl = 120000;
  p.air_size_limit = p.particle_size_limit = p.call_result_size_limit = std::uint64_t{4294967296};
  return p;
}

std::vector<Case> make_cases() {
  PeerIdentity client = identity_for_name("client");
  PeerIdentity alice = identity_for_name("alice");
  const std::string script =
      "(seq (seq (call %init_peer_id% (\"s\" \"f\") [] x) (call %init_peer_id% (\"s\" \"g\") [x] $s))"
      " (seq (canon %init_peer_id% $s #$c) (call \"" + alice.peer_id + "\" (\"s\" \"h\") [#$c x])))";
  RunParameters pc = params_for("client", client);
  InterpreterOutcome a = invoke(script, {}, {}, pc, kNone);
  CallResults r1;
  r1[1] = CallServiceResult{0, "{\"k\":[1,2,3]}"};
  InterpreterOutcome b = invoke(script, a.data, {}, pc, encode_call_results(r1));
  CallResults r2;
  r2[2] = CallServiceResult{0, "\"v\""};
  InterpreterOutcome c = invoke(script, b.data, {}, pc, encode_call_results(r2));
  const Bytes good = c.data;  // signed by client, with CIDs of values, tetraplets, canon
  RunParameters pa = params_for("alice", client);

  std::vector<Case> out;
  out.push_back({"valid data", script, pa, {}, good, kNone});
  for (std::size_t len : {std::size_t{1}, std::size_t{5}, std::size_t{30}, good.size() / 2, good.size() - 1}) {
    out.push_back({"current truncated to " + std::to_string(len), script, pa, {},
                   Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len)), kNone});
    out.push_back({"prev truncated to " + std::to_string(len), script, pc,
                   Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len)), {}, kNone});
  }
  for (std::size_t i = 0; i < 24; ++i) {
    std::size_t pos = (good.size() - 1) * i / 23;
    Bytes flipped = good;
    flipped[pos] ^= static_cast<std::uint8_t>(1u << (i % 8));
    out.push_back({"current with byte " + std::to_string(pos) + " flipped", script, pa, {}, flipped, kNone});
  }
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string s(good.begin(), good.end());
    auto at = s.find(from);
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return Bytes(s.begin(), s.end());
  };
  out.push_back({"interpreter version 0.60.0", script, pa, {}, replace("0.62.0", "0.60.0"), kNone});
  out.push_back({"interpreter version not semver", script, pa, {}, replace("0.62.0", "0.6x.0"), kNone});
  out.push_back({"newer interpreter version", script, pa, {}, replace("0.62.0", "9.99.9"), kNone});
  out.push_back({"data format version changed", script, pa, {}, replace("0.17.2", "0.17.9"), kNone});
  out.push_back({"garbage data", script, pa, {}, Bytes{0xde, 0xad, 0xbe, 0xef}, kNone});
  out.push_back({"empty call results", script, pc, a.data, {}, {}});
  out.push_back({"json-prefixed call results", script, pc, a.data, {}, Bytes{0x80, 0x04, 0x80}});
  out.push_back({"call results not a map", script, pc, a.data, {}, Bytes{0x81, 0x04, 0x91, 0x01}});
  out.push_back({"call result key not numeric", script, pc, a.data, {},
                 Bytes{0x81, 0x04, 0x81, 0xa1, 'x', 0x92, 0x00, 0xa2, '"', '"'}});
  out.push_back({"call result id never requested", script, pc, a.data, {},
                 Bytes{0x81, 0x04, 0x81, 0xa2, '4', '2', 0x92, 0x00, 0xa1, '1'}});
  out.push_back({"call result not json", script, pc, a.data, {},
                 Bytes{0x81, 0x04, 0x81, 0xa1, '1', 0x92, 0x00, 0xa3, 'n', 'o', 'p'}});
  out.push_back({"call result with error code", script, pc, a.data, {},
                 Bytes{0x81, 0x04, 0x81, 0xa1, '1', 0x92, 0x05, 0xa3, 'e', 'r', 'r'}});
  {
    Case k{"key format secp256k1", script, pc, {}, {}, kNone};
    k.params.key_format = 2;
    out.push_back(k);
    Case s{"secret key of 31 bytes", script, pc, {}, {}, kNone};
    s.params.secret_key_bytes.resize(31);
    out.push_back(s);
    Case h{"air over the hard limit", script, pc, {}, {}, kNone};
    h.params.air_size_limit = 10;
    h.params.hard_limit_enabled = true;
    out.push_back(h);
    Case d{"particle over the hard limit", script, pa, {}, good, kNone};
    d.params.particle_size_limit = 100;
    d.params.hard_limit_enabled = true;
    out.push_back(d);
    Case soft{"particle over the soft limit", script, pa, {}, good, kNone};
    soft.params.particle_size_limit = 100;
    out.push_back(soft);
  }
  out.push_back({"unparsable script", "(seq (call", pc, {}, {}, kNone});
  out.push_back({"script replayed with other arguments", script + " ", pc, c.data, {}, kNone});
  {
    std::string other = script;
    other.replace(other.find("\"g\""), 3, "\"G\"");
    out.push_back({"replayed call with another function", other, pa, {}, good, kNone});
    std::string args = script;
    args.replace(args.find("[x] $s"), 6, "[[] x] $s");
    out.push_back({"replayed call with other arguments", args, pa, {}, good, kNone});
    std::string kind = script;
    kind.replace(kind.find("[x] $s"), 6, "[x] y");
    out.push_back({"replayed stream call with a scalar output", kind, pa, {}, good, kNone});
    std::string unused = script;
    unused.replace(unused.find("[x] $s)"), 7, "[x])");
    unused.replace(unused.find("(canon %init_peer_id% $s #$c)"), 29, "(ap 1 $s)");
    unused.replace(unused.find("[#$c x]"), 7, "[x]");
    out.push_back({"replayed stream call without output", unused, pa, {}, good, kNone});
    std::string canon = script;
    canon.replace(canon.find("(canon %init_peer_id%"), 21, "(canon \"" + alice.peer_id + "\"");
    out.push_back({"replayed canon on another peer", canon, pa, {}, good, kNone});
  }
  return out;
}

TEST(MalformedInputs, SameOutcomeCodesAsReference) {
  if (!std::filesystem::exists(harness() / "node_modules" / "@fluencelabs" / "avm")) {
    if (std::getenv("CI") == nullptr) GTEST_SKIP() << "reference packages not installed";
    FAIL() << "reference packages are not installed in tests/interop/air";
  }
  auto cases = make_cases();
  boost::json::array batch;
  for (const auto& c : cases) batch.push_back(to_json(c));
  auto file = std::filesystem::temp_directory_path() / "air-malformed-batch.json";
  {
    std::ofstream f(file);
    f << boost::json::serialize(batch);
  }
  std::string cmd = "node '" + (harness() / "run-reference.mjs").string() + "' --batch '" + file.string() + "'";
  const std::string out = fluence::testing::run_command(cmd).out;
  auto ref = boost::json::parse(out).as_array();
  ASSERT_EQ(ref.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    InterpreterOutcome ours = invoke(c.script, c.prev, c.data, c.params, c.results);
    const auto& r = ref[i].as_object();
    if (r.contains("trap")) {
      // the reference panics; we must still give an error outcome, never crash
      EXPECT_NE(ours.ret_code, 0) << c.what << ": the reference trapped, we succeeded";
      continue;
    }
    const std::int64_t rc = r.at("ret_code").to_number<std::int64_t>();
    EXPECT_EQ(ours.ret_code, rc) << c.what << "\n  reference: " << r.at("error_message").as_string()
                                 << "\n  ours:      " << ours.error_message;
    // Known difference: the text of serde_json's parse error inside the message of a non-JSON
    // service result (js-client and nox never send one) is not reproduced.
    const bool serde_text = ours.error_message.find("ret_code is 2147483647") != std::string::npos;
    if (rc >= 10000 && rc == ours.ret_code && !serde_text) {
      EXPECT_EQ(ours.error_message, std::string(r.at("error_message").as_string())) << c.what;
    }
  }
}

}  // namespace
}  // namespace fluence::air
