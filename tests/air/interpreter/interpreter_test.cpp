// The host interface and run pipeline of the interpreter (air.md §2, §3, §6, §8), one rule per
// test, driven through `invoke` exactly as a host does.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/air/call_request_codec.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/air/data/store_cids.h"
#include "fluence/air/interpreter.h"
#include "fluence/air/simulation.h"
#include "fluence/core/bytes.h"

namespace fluence::air {
namespace {

const Bytes kNoResults = {0x81, 0x04, 0x80};

struct Host {
  PeerIdentity me = identity_for_name("client");
  PeerIdentity init = identity_for_name("client");
  std::string particle_id = "particle-1";

  RunParameters params() const {
    RunParameters p;
    p.init_peer_id = init.peer_id;
    p.current_peer_id = me.peer_id;
    p.timestamp = 1700000000000;
    p.ttl = 120000;
    p.secret_key_bytes = me.seed;
    p.particle_id = particle_id;
    return p;
  }
  InterpreterOutcome run(const std::string& air, ByteView prev = {}, ByteView data = {},
                         const CallResults& results = {}) const {
    return invoke(air, prev, data, params(), encode_call_results(results));
  }
};

CallRequests requests(const InterpreterOutcome& o) { return decode_call_requests(o.call_requests); }

TEST(Invoke, NullScriptGivesTheSpecWorkedExampleData) {
  Host h;
  h.me.seed = Bytes(32, 0x01);
  RunParameters p = h.params();
  InterpreterOutcome o = invoke("(null)", {}, {}, p, kNoResults);
  ASSERT_EQ(o.ret_code, 0) << o.error_message;
  ASSERT_EQ(o.data.size(), 232u);
  std::string hex = hex_encode(o.data);
  EXPECT_NE(hex.find("ff313e786ec0125cd17efd16166ec1ad8e39f27981e7d6602a2379e7aa04138b"), std::string::npos);
  EXPECT_EQ(hex_encode(o.call_requests), "810480");
  EXPECT_TRUE(o.next_peer_pks.empty());
}

TEST(Invoke, LocalCallEmitsARequestWithArgumentsAndTetraplets) {
  Host h;
  InterpreterOutcome o = h.run(R"((call %init_peer_id% ("svc" "fn") ["a" 1]))");
  ASSERT_EQ(o.ret_code, 0) << o.error_message;
  auto r = requests(o);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.begin()->first, 1u);
  EXPECT_EQ(r[1].service_id, "svc");
  EXPECT_EQ(r[1].function_name, "fn");
  EXPECT_EQ(boost::json::serialize(r[1].arguments), R"(["a",1])");
  ASSERT_EQ(r[1].tetraplets.size(), 2u);
  EXPECT_EQ(r[1].tetraplets[0][0], (SecurityTetraplet{h.init.peer_id, "", "", ""}));
}

TEST(Invoke, RemoteCallSendsTheParticleThere) {
  Host h;
  auto alice = identity_for_name("alice");
  InterpreterOutcome o = h.run("(seq (call \"" + alice.peer_id + "\" (\"s\" \"f\") []) (call \"" +
                               alice.peer_id + "\" (\"s\" \"g\") []))");
  ASSERT_EQ(o.ret_code, 0);
  EXPECT_EQ(o.next_peer_pks, std::vector<std::string>{alice.peer_id});
  EXPECT_TRUE(requests(o).empty());
}

TEST(Invoke, NextPeersAreDeduplicated) {
  Host h;
  auto alice = identity_for_name("alice");
  std::string call = "(call \"" + alice.peer_id + "\" (\"s\" \"f\") [])";
  InterpreterOutcome o = h.run("(par " + call + " " + call + ")");
  EXPECT_EQ(o.next_peer_pks.size(), 1u);
}

TEST(Invoke, CallResultIsConsumedOnTheNextRun) {
  Host h;
  const std::string air = R"((seq (call %init_peer_id% ("s" "f") [] x) (call %init_peer_id% ("s" "g") [x])))";
  InterpreterOutcome first = h.run(air);
  ASSERT_EQ(requests(first).size(), 1u);
  CallResults results;
  results[1] = CallServiceResult{0, R"({"b":1,"a":2})"};
  InterpreterOutcome second = h.run(air, first.data, {}, results);
  ASSERT_EQ(second.ret_code, 0) << second.error_message;
  auto r = requests(second);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.begin()->first, 2u);  // ids continue from prev data
  EXPECT_EQ(boost::json::serialize(r.begin()->second.arguments), R"([{"a":2,"b":1}])");
  EXPECT_EQ(r.begin()->second.tetraplets[0][0], (SecurityTetraplet{h.me.peer_id, "s", "f", ""}));
}

// Lenses into a big (text) object are answered from its member list, built once per value:
// several fields of one value give the fields themselves, a missing one the lens error.
TEST(Invoke, LensesIntoABigObjectFindEachField) {
  Host h;
  const std::string air =
      R"((seq (call %init_peer_id% ("s" "f") [] x) (seq (call %init_peer_id% ("s" "g") [x.$.z x.$.a x.$.m.k]) (xor (call %init_peer_id% ("s" "h") [x.$.nope]) (null)))))";
  InterpreterOutcome first = h.run(air);
  std::string big(100000, 'q');  // above the 64 KiB text-value threshold
  CallResults results;
  results[1] = CallServiceResult{0, R"({"z":[1,"]"],"big":")" + big + R"(","m":{"k":"\"v"},"a":"x"})"};
  InterpreterOutcome second = h.run(air, first.data, {}, results);
  ASSERT_EQ(second.ret_code, 0) << second.error_message;
  auto r = requests(second);
  ASSERT_EQ(r.size(), 1u);  // x.$.nope fails the third call, caught by xor
  EXPECT_EQ(boost::json::serialize(r.begin()->second.arguments), R"([[1,"]"],"x","\"v"])");
  // the stored value is read back (and its fields looked up again) when g's result arrives
  CallResults done;
  done[2] = CallServiceResult{0, "1"};
  InterpreterOutcome third = h.run(air, second.data, {}, done);
  ASSERT_EQ(third.ret_code, 0) << third.error_message;
  EXPECT_TRUE(requests(third).empty());
}

TEST(Invoke, UnconsumedCallResultEndsWith30000) {
  Host h;
  CallResults results;
  results[42] = CallServiceResult{0, "1"};
  InterpreterOutcome o = h.run("(null)", {}, {}, results);
  EXPECT_EQ(o.ret_code, 30000);
  EXPECT_FALSE(o.data.empty());
}

TEST(Invoke, ServiceErrorIsCatchable10000WithTheReferenceMessage) {
  Host h;
  const std::string air = R"((call %init_peer_id% ("s" "f") []))";
  InterpreterOutcome first = h.run(air);
  CallResults results;
  results[1] = CallServiceResult{7, "\"boom\""};
  InterpreterOutcome o = h.run(air, first.data, {}, results);
  EXPECT_EQ(o.ret_code, 10000);
  EXPECT_EQ(o.error_message, "Local service error, ret_code is 7, error message is '\"boom\"'");
  EXPECT_FALSE(o.data.empty());  // a catchable error still produces data
}

TEST(Invoke, NonJsonResultFailsTheCallWithMaxRetCode) {
  Host h;
  const std::string air = R"((xor (call %init_peer_id% ("s" "f") [] x) (call %init_peer_id% ("s" "err") [%last_error%.$.message])))";
  InterpreterOutcome first = h.run(air);
  CallResults results;
  results[1] = CallServiceResult{0, "not json"};
  InterpreterOutcome o = h.run(air, first.data, {}, results);
  ASSERT_EQ(o.ret_code, 0) << o.error_message;
  auto r = requests(o);
  ASSERT_EQ(r.size(), 1u);
  std::string msg(r.begin()->second.arguments[0].get_string());
  EXPECT_EQ(msg.rfind("Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: 'not json''", 0), 0u);
}

TEST(Invoke, ParseErrorGivesCode1AndPrevDataBack) {
  Host h;
  InterpreterOutcome first = h.run("(null)");
  InterpreterOutcome o = h.run("(seq (null)", first.data);
  EXPECT_EQ(o.ret_code, 1);
  EXPECT_EQ(o.error_message.rfind("air can't be parsed:\n", 0), 0u);
  EXPECT_EQ(o.data, first.data);
  EXPECT_EQ(hex_encode(o.call_requests), "810480");
}

TEST(Invoke, EmptyCallResultBytesGiveCode5) {
  Host h;
  InterpreterOutcome o = invoke("(null)", {}, {}, h.params(), {});
  EXPECT_EQ(o.ret_code, 5);
}

TEST(Invoke, GarbageDataGivesAnEnvelopeError) {
  Host h;
  Bytes junk = {0x01, 0x02, 0x03};
  InterpreterOutcome o = h.run("(null)", {}, junk);
  EXPECT_EQ(o.ret_code, 3);
  EXPECT_TRUE(o.data.empty());
}

TEST(Invoke, KeyFormatOtherThanEd25519GivesCode7) {
  Host h;
  RunParameters p = h.params();
  p.key_format = 2;
  EXPECT_EQ(invoke("(null)", {}, {}, p, kNoResults).ret_code, 7);
  p.key_format = 0;
  p.secret_key_bytes.resize(31);
  EXPECT_EQ(invoke("(null)", {}, {}, p, kNoResults).ret_code, 7);
}

TEST(Invoke, AirSizeLimitIsAFlagOrAnErrorInHardMode) {
  Host h;
  RunParameters p = h.params();
  p.air_size_limit = 3;
  InterpreterOutcome soft = invoke("(null)", {}, {}, p, kNoResults);
  EXPECT_EQ(soft.ret_code, 0);
  EXPECT_TRUE(soft.air_size_limit_exceeded);
  p.hard_limit_enabled = true;
  EXPECT_EQ(invoke("(null)", {}, {}, p, kNoResults).ret_code, 10);
}

TEST(Invoke, DataFromAnotherPeerIsVerifiedAndAccepted) {
  Host client;
  auto alice_id = identity_for_name("alice");
  std::string air = "(seq (call %init_peer_id% (\"s\" \"f\") [] x) (call \"" + alice_id.peer_id + "\" (\"s\" \"g\") [x]))";
  InterpreterOutcome a = client.run(air);
  CallResults results;
  results[1] = CallServiceResult{0, "\"v\""};
  InterpreterOutcome b = client.run(air, a.data, {}, results);
  ASSERT_EQ(b.ret_code, 0) << b.error_message;
  Host alice;
  alice.me = alice_id;
  InterpreterOutcome c = alice.run(air, {}, b.data);
  ASSERT_EQ(c.ret_code, 0) << c.error_message;
  EXPECT_EQ(requests(c).size(), 1u);
  // a tampered signature is rejected with code 9
  Bytes tampered = b.data;
  tampered[tampered.size() / 2] ^= 0x01;
  InterpreterOutcome d = alice.run(air, {}, tampered);
  EXPECT_NE(d.ret_code, 0);
}

// prev == current (same bytes) is decoded once; the run must be that of merging the data
// with itself, which is the run of the data as prev alone.
TEST(Invoke, SameBytesAsPrevAndCurrentRunLikePrevAlone) {
  Host client;
  auto alice_id = identity_for_name("alice");
  std::string air = "(seq (call %init_peer_id% (\"s\" \"f\") [] x) (seq (ap x $s) (call \"" +
                    alice_id.peer_id + "\" (\"s\" \"g\") [x])))";
  InterpreterOutcome a = client.run(air);
  CallResults results;
  results[1] = CallServiceResult{0, "{\"k\":[1,2]}"};
  InterpreterOutcome b = client.run(air, a.data, {}, results);
  ASSERT_EQ(b.ret_code, 0) << b.error_message;
  InterpreterOutcome same = client.run(air, b.data, b.data);
  InterpreterOutcome alone = client.run(air, b.data, {});
  ASSERT_EQ(same.ret_code, 0) << same.error_message;
  EXPECT_EQ(same.data, alone.data);
  EXPECT_EQ(same.next_peer_pks, alone.next_peer_pks);
  EXPECT_EQ(same.call_requests, alone.call_requests);
}

// Malformed identical inputs report what the general path reports (prev is decoded first).
TEST(Invoke, SameMalformedBytesAsPrevAndCurrentReportThePrevError) {
  Host h;
  InterpreterOutcome first = h.run("(null)");
  Bytes tampered = first.data;
  tampered[tampered.size() / 2] ^= 0x01;
  for (const Bytes& bad : {Bytes{0x01, 0x02, 0x03}, tampered}) {
    InterpreterOutcome same = h.run("(null)", bad, bad);
    InterpreterOutcome general = h.run("(null)", bad, first.data);
    InterpreterOutcome only_current = h.run("(null)", first.data, bad);
    EXPECT_NE(same.ret_code, 0);
    if (general.ret_code != 0) {
      EXPECT_EQ(same.ret_code, general.ret_code);
      EXPECT_EQ(same.error_message, general.error_message);
    } else {
      EXPECT_EQ(same.ret_code, only_current.ret_code);
      EXPECT_EQ(same.error_message, only_current.error_message);
    }
    EXPECT_EQ(same.data, bad);
  }
}

TEST(Invoke, ReplayedCallWithDifferentArgumentsIs20017) {
  Host h;
  const std::string a1 = R"((call %init_peer_id% ("s" "f") ["one"] x))";
  const std::string a2 = R"((call %init_peer_id% ("s" "f") ["two"] x))";
  InterpreterOutcome first = h.run(a1);
  CallResults results;
  results[1] = CallServiceResult{0, "1"};
  InterpreterOutcome second = h.run(a1, first.data, {}, results);
  ASSERT_EQ(second.ret_code, 0);
  InterpreterOutcome third = h.run(a2, second.data);
  EXPECT_EQ(third.ret_code, 20017);
  EXPECT_EQ(third.data, second.data);
  EXPECT_EQ(third.error_message,
            "call argument_hash doesn't match expected parameters: expected " +
                value_cid(R"(["two"])").str() + ", got " + value_cid(R"(["one"])").str() + " ");
}

// Argument hashes of replayed calls are checked in one batch after execution; a mismatch is
// still reported at the first call that has one, as checking each call in place reports it.
TEST(Invoke, FirstOfSeveralArgumentMismatchesIsTheOneReported) {
  Host h;
  const std::string before = R"((seq (call %init_peer_id% ("s" "f") ["one"] x) (seq (call %init_peer_id% ("s" "g") ["three"] y) (call %init_peer_id% ("s" "h") [] z))))";
  const std::string after = R"((seq (call %init_peer_id% ("s" "f") ["one"] x) (seq (call %init_peer_id% ("s" "g") ["four"] y) (call %init_peer_id% ("s" "h") ["five"] z))))";
  InterpreterOutcome data = h.run(before);
  for (std::uint32_t id = 1; id <= 3; ++id) {
    CallResults results;
    results[id] = CallServiceResult{0, std::to_string(id)};
    data = h.run(before, data.data, {}, results);
    ASSERT_EQ(data.ret_code, 0) << data.error_message;
  }
  InterpreterOutcome changed = h.run(after, data.data);
  EXPECT_EQ(changed.ret_code, 20017);
  EXPECT_EQ(changed.error_message,
            "call argument_hash doesn't match expected parameters: expected " +
                value_cid(R"(["four"])").str() + ", got " + value_cid(R"(["three"])").str() + " ");
  EXPECT_EQ(changed.data, data.data);
  // The same arguments replay without an error.
  InterpreterOutcome same = h.run(before, data.data);
  EXPECT_EQ(same.ret_code, 0) << same.error_message;
}

TEST(Invoke, UncatchableErrorReturnsPrevData) {
  Host h;
  InterpreterOutcome first = h.run("(null)");
  InterpreterOutcome o = h.run("(seq (ap 1 x) (ap 2 x))", first.data);
  EXPECT_EQ(o.ret_code, 20007);
  EXPECT_EQ(o.data, first.data);
  EXPECT_TRUE(o.next_peer_pks.empty());
}

TEST(Invoke, DeeplyNestedScriptsDoNotOverflowTheStack) {
  Host h;
  std::string air;
  const int depth = 5000;
  for (int i = 0; i < depth; ++i) air += "(seq (null) ";
  air += "(null)";
  for (int i = 0; i < depth; ++i) air += ")";
  EXPECT_EQ(h.run(air).ret_code, 0);
}

}  // namespace
}  // namespace fluence::air
