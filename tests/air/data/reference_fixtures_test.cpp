// Data written by the real AquaVM 0.62 (fixtures/, recorded by fixtures/record.sh) decodes,
// renders like the reference's own to_human_readable_data, and re-encodes to data that
// decodes to the same content and still verifies.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/human_readable.h"
#include "fluence/air/data/signatures.h"
#include "test_data.h"

namespace fluence::air {
namespace {

class ReferenceFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceFixture, HumanRenderingEqualsReference) {
  auto decoded = decode_particle_data(testing::read_fixture(GetParam() + ".dat"), true);
  boost::json::value expected =
      boost::json::parse(testing::read_fixture_text(GetParam() + ".human.json"));
  EXPECT_EQ(human_readable_json(decoded), expected);
}

TEST_P(ReferenceFixture, ReencodingKeepsContent) {
  auto first = decode_particle_data(testing::read_fixture(GetParam() + ".dat"), true);
  Bytes again = encode_particle_data(first.data);
  auto second = decode_particle_data(again, true);
  EXPECT_EQ(second.data, first.data);
  EXPECT_EQ(encode_particle_data(second.data), again);
}

TEST_P(ReferenceFixture, ReencodedDataStillVerifies) {
  auto first = decode_particle_data(testing::read_fixture(GetParam() + ".dat"), true);
  auto second = decode_particle_data(encode_particle_data(first.data), true);
  EXPECT_NO_THROW(verify_cid_info(second.data.cid_info));
  EXPECT_NO_THROW(verify_signatures(second.data, testing::kFixtureParticleId));
}

INSTANTIATE_TEST_SUITE_P(AquaVm062, ReferenceFixture,
                         ::testing::Values("null", "par-call-requests", "all-state-kinds",
                                           "call-forwarded", "two-peers"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace fluence::air
