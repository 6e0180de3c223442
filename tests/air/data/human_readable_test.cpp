// The human-readable rendering has the shape of AquaVM's to_human_readable_data.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/air/data/human_readable.h"
#include "fluence/air/data/store_cids.h"
#include "test_data.h"

namespace fluence::air {
namespace {

namespace json = boost::json;

json::value render_trace(Trace t) { return trace_json(t); }

TEST(HumanReadable, ParIsAPairOfSizes) {
  EXPECT_EQ(json::serialize(render_trace({ParResult{1, 2}})), R"([{"par":[1,2]}])");
}

TEST(HumanReadable, CallVariantsUseSnakeCaseTags) {
  Trace t{CallResult(CallExecuted{ScalarValueRef{SharedText("c1")}}),
          CallResult(CallExecuted{StreamValueRef{SharedText("c2"), 4}}),
          CallResult(CallExecuted{UnusedValueRef{SharedText("c3")}}),
          CallResult(CallFailed{SharedText("c4")}),
          CallResult(CallRequestSentBy{SenderPeerId{SharedText("p")}}),
          CallResult(CallRequestSentBy{SenderPeerIdWithCallId{SharedText("p"), 9}})};
  EXPECT_EQ(json::serialize(render_trace(t)),
            R"([{"call":{"executed":{"scalar":"c1"}}},)"
            R"({"call":{"executed":{"stream":{"cid":"c2","generation":4}}}},)"
            R"({"call":{"executed":{"unused":"c3"}}},{"call":{"failed":"c4"}},)"
            R"({"call":{"sent_by":{"PeerId":"p"}}},)"
            R"({"call":{"sent_by":{"PeerIdWithCallId":{"call_id":9,"peer_id":"p"}}}}])");
}

TEST(HumanReadable, FoldApAndCanon) {
  Trace t{FoldResult{{FoldSubTraceLore{2, {{3, 1}, {4, 0}}}}}, ApResult{{7}},
          CanonResult(CanonExecuted{SharedText("c")}),
          CanonResult(CanonRequestSentBy{SharedText("p")})};
  EXPECT_EQ(json::serialize(render_trace(t)),
            R"([{"fold":{"lore":[{"desc":[{"len":1,"pos":3},{"len":0,"pos":4}],"pos":2}]}},)"
            R"({"ap":{"gens":[7]}},{"canon":{"executed":"c"}},{"canon":{"sent_by":"p"}}])");
}

TEST(HumanReadable, SignaturesAreBase58OfStoredBytes) {
  InterpreterData d = testing::sample_data(testing::key_from_byte(1), "particle-1");
  DecodedParticleData decoded{"0.17.2", "0.62.0", d};
  json::value v = human_readable_json(decoded);
  const auto& sigs = v.at("data").at("signatures").as_object();
  ASSERT_EQ(sigs.size(), 1u);
  // base58 of 0x00 || key starts with '1' (one leading zero byte).
  EXPECT_EQ(sigs.begin()->key().substr(0, 1), "1");
  EXPECT_EQ(v.at("data").at("lcid").to_number<std::int64_t>(), 7);
  EXPECT_EQ(v.at("versions").at("interpreter_version").as_string(), "0.62.0");
}

TEST(HumanReadable, TextHasSortedKeys) {
  std::string text = to_human_readable_data(testing::read_fixture("null.dat"));
  EXPECT_EQ(text.substr(0, 21), R"({"data":{"cid_info":{)");
  EXPECT_NE(text.find(R"("versions":{"interpreter_version":"0.62.0","version":"0.17.2"}})"),
            std::string::npos);
}

}  // namespace
}  // namespace fluence::air
