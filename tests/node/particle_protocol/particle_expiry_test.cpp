#include <gtest/gtest.h>

#include <limits>

#include "fluence/node/particle.h"

namespace fluence::node {
namespace {

Particle made_at(std::uint64_t timestamp, std::uint32_t ttl) {
  Particle p;
  p.timestamp = timestamp;
  p.ttl = ttl;
  return p;
}

TEST(ParticleExpiry, ExpiredOnlyOnceTimestampPlusTtlIsBeforeNow) {
  Particle p = made_at(1000, 500);
  EXPECT_FALSE(is_expired(p, 1000));
  EXPECT_FALSE(is_expired(p, 1500));  // nox: `<`, so the last millisecond still counts
  EXPECT_TRUE(is_expired(p, 1501));
}

TEST(ParticleExpiry, TimestampsInTheFutureAreNotRejected) {
  EXPECT_FALSE(is_expired(made_at(5000, 1), 10));
}

TEST(ParticleExpiry, OverflowingDeadlineCountsAsExpired) {
  Particle p = made_at(std::numeric_limits<std::uint64_t>::max() - 10, 100);
  EXPECT_TRUE(is_expired(p, 0));
  EXPECT_EQ(remaining_ttl_ms(p, 0), 0u);
}

TEST(ParticleExpiry, RemainingTtlCountsDownToZero) {
  Particle p = made_at(1000, 500);
  EXPECT_EQ(remaining_ttl_ms(p, 1000), 500u);
  EXPECT_EQ(remaining_ttl_ms(p, 1499), 1u);
  EXPECT_EQ(remaining_ttl_ms(p, 1500), 0u);
  EXPECT_EQ(remaining_ttl_ms(p, 9000), 0u);
}

}  // namespace
}  // namespace fluence::node
