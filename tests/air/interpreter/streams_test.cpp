// A stream's values in iteration order: replayed from prev data, then from current data, then
// those made in this run, each part by generation (air.md §5.4, §7.9).
#include "streams.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fluence::air {
namespace {

ValueAggregate at(std::uint32_t trace_pos) {
  ValueAggregate v;
  v.trace_pos = trace_pos;
  return v;
}

// Generations as lists of trace positions, in iteration order.
std::vector<std::vector<std::uint32_t>> generations(const Stream& s) {
  std::vector<std::vector<std::uint32_t>> out;
  s.for_each_generation([&](std::span<const ValueAggregate> g) {
    out.emplace_back();
    for (const auto& v : g) out.back().push_back(v.trace_pos);
  });
  return out;
}

TEST(Stream, ReplayedValuesIterateByGenerationThenInArrivalOrder) {
  Stream s;
  s.add(at(1), GenerationSource::kPrevious, 2);
  s.add(at(2), GenerationSource::kPrevious, 0);
  s.add(at(3), GenerationSource::kPrevious, 2);
  s.add(at(4), GenerationSource::kPrevious, 1);
  s.add(at(5), GenerationSource::kPrevious, 0);
  using G = std::vector<std::vector<std::uint32_t>>;
  EXPECT_EQ(generations(s), (G{{2, 5}, {4}, {1, 3}}));
  EXPECT_EQ(s.size(), 5u);
}

TEST(Stream, PreviousThenCurrentThenNewValues) {
  Stream s;
  s.add(at(1), GenerationSource::kNew, 0);
  s.add(at(2), GenerationSource::kCurrent, 0);
  s.add(at(3), GenerationSource::kPrevious, 5);
  using G = std::vector<std::vector<std::uint32_t>>;
  EXPECT_EQ(generations(s), (G{{3}, {2}, {1}}));
}

// Compaction numbers the non-empty generations from 0 (a gap in the replayed indices closes).
TEST(Stream, CompactionNumbersNonEmptyGenerations) {
  Stream s;
  s.add(at(10), GenerationSource::kPrevious, 3);
  s.add(at(11), GenerationSource::kPrevious, 7);
  s.add(at(12), GenerationSource::kCurrent, 0);
  s.add(at(13), GenerationSource::kNew, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> seen;
  EXPECT_TRUE(s.compact([&](std::uint32_t pos, std::uint32_t gen) {
    seen.emplace_back(pos, gen);
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{10, 0}, {11, 1}, {12, 2}, {13, 3}}));
}

// A fold over a recursive stream skips as many replayed generations as there were slots,
// empty ones included, and lists only non-empty ones [quirk of the reference].
TEST(Stream, GenerationsSinceACursorSkipSlotsNotGenerations) {
  Stream s;
  s.add(at(1), GenerationSource::kPrevious, 1);  // slots: 2 (index 0 is empty)
  Stream::Cursor c = s.cursor();
  EXPECT_EQ(c.previous, 2u);
  s.add(at(2), GenerationSource::kPrevious, 2);
  s.add(at(3), GenerationSource::kPrevious, 3);
  const auto since = s.generations_since(c);
  ASSERT_EQ(since.size(), 1u);  // of the 3 non-empty, 2 are skipped
  EXPECT_EQ(since[0][0].trace_pos, 3u);
}

}  // namespace
}  // namespace fluence::air
