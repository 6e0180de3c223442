// The merge rules of prev and current traces (air.md §6.1, §7).
#include "trace_handler.h"

#include <gtest/gtest.h>

namespace fluence::air {
namespace {

ExecutedState executed_scalar(const char* cid) {
  return CallResult{CallExecuted{ScalarValueRef{CidText(cid)}}};
}
ExecutedState sent_by(const char* peer) {
  return CallResult{CallRequestSentBy{SenderPeerId{SharedText(peer)}}};
}
ExecutedState ap(std::uint32_t g) { return ApResult{{g}}; }

TEST(TraceSlider, StopsAtTheEndOfItsWindow) {
  Trace t = {ap(0), ap(1), ap(2)};
  TraceSlider s(&t);
  ASSERT_TRUE(s.set_subtrace_len(2));
  EXPECT_NE(s.next_state(), nullptr);
  EXPECT_NE(s.next_state(), nullptr);
  EXPECT_EQ(s.next_state(), nullptr);
  EXPECT_FALSE(s.set_subtrace_len(5));
}

TEST(TraceHandler, CallFromCurrentOnlyIsTaken) {
  Trace prev, current = {executed_scalar("c1")};
  TraceHandler h(prev, current);
  MergedCall m;
  ASSERT_FALSE(h.meet_call_start(m));
  ASSERT_NE(m.state, nullptr);
  EXPECT_EQ(m.source, MergeSource::kCurrent);
}

TEST(TraceHandler, RequestSentThenExecutedTakesExecuted) {
  Trace prev = {sent_by("p")}, current = {executed_scalar("c1")};
  TraceHandler h(prev, current);
  MergedCall m;
  ASSERT_FALSE(h.meet_call_start(m));
  EXPECT_TRUE(std::holds_alternative<CallExecuted>(*m.state));
}

TEST(TraceHandler, ExecutedWithDifferentCidsIsATraceError) {
  Trace prev = {executed_scalar("a")}, current = {executed_scalar("b")};
  TraceHandler h(prev, current);
  MergedCall m;
  auto e = h.meet_call_start(m);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, 20000);
}

TEST(TraceHandler, CallAgainstParIsIncompatible) {
  Trace prev = {ParResult{0, 0}}, current;
  TraceHandler h(prev, current);
  MergedCall m;
  EXPECT_TRUE(h.meet_call_start(m));
}

TEST(TraceHandler, ApWithTwoGenerationsIsRejected) {
  Trace prev = {ApResult{{0, 1}}}, current;
  TraceHandler h(prev, current);
  MergedAp m;
  EXPECT_TRUE(h.meet_ap_start(m));
}

TEST(TraceHandler, ParWindowsSplitTheSubtrace) {
  // prev: par(1, 1) call call ; the left branch sees only the first call
  Trace prev = {ParResult{1, 1}, executed_scalar("l"), executed_scalar("r")}, current;
  TraceHandler h(prev, current);
  ParFsm fsm;
  ASSERT_FALSE(h.meet_par_start(fsm));
  MergedCall m;
  ASSERT_FALSE(h.meet_call_start(m));
  EXPECT_EQ(std::get<ScalarValueRef>(std::get<CallExecuted>(*m.state).value).cid, std::string_view("l"));
  h.meet_call_end(*m.state);
  ASSERT_FALSE(h.meet_call_start(m));
  EXPECT_EQ(m.state, nullptr);  // window of the left branch exhausted
  h.meet_par_left_end(fsm);
  ASSERT_FALSE(h.meet_call_start(m));
  EXPECT_EQ(std::get<ScalarValueRef>(std::get<CallExecuted>(*m.state).value).cid, std::string_view("r"));
  h.meet_call_end(*m.state);
  h.meet_par_right_end(fsm);
  EXPECT_EQ(std::get<ParResult>(h.result()[0]), (ParResult{1, 1}));
}

TEST(TraceHandler, ParLargerThanTraceIsAnError) {
  Trace prev = {ParResult{5, 0}}, current;
  TraceHandler h(prev, current);
  ParFsm fsm;
  EXPECT_TRUE(h.meet_par_start(fsm));
}

TEST(TraceHandler, FoldLoreLengthsAreConvolutedPerGeneration) {
  // [1,1] [2,2] [3,3] in one generation -> before/after lengths [12,1] [11,3] [9,6]
  Trace prev = {ap(0), ap(0), ap(0)};
  FoldResult fold;
  for (std::uint32_t i = 0; i < 3; ++i)
    fold.lore.push_back(FoldSubTraceLore{i, {SubTraceDesc{10, i + 1}, SubTraceDesc{20, i + 1}}});
  prev.push_back(fold);
  for (int i = 0; i < 12; ++i) prev.push_back(ap(0));
  Trace current;
  TraceHandler h(prev, current);
  // skip the three aps to reach the fold state
  for (int i = 0; i < 3; ++i) {
    MergedAp m;
    ASSERT_FALSE(h.meet_ap_start(m));
    h.meet_ap_end(0);
  }
  FoldFsm fsm;
  ASSERT_FALSE(h.meet_fold_start(fsm));
  EXPECT_EQ(fsm.prev_fold.states_count, 12u);
  EXPECT_EQ(fsm.prev_fold.lore.at(0).before_len, 12u);
  EXPECT_EQ(fsm.prev_fold.lore.at(0).after_len, 1u);
  EXPECT_EQ(fsm.prev_fold.lore.at(1).before_len, 11u);
  EXPECT_EQ(fsm.prev_fold.lore.at(1).after_len, 3u);
  EXPECT_EQ(fsm.prev_fold.lore.at(2).before_len, 9u);
  EXPECT_EQ(fsm.prev_fold.lore.at(2).after_len, 6u);
}

TEST(TraceHandler, FoldLoreWithOneDescriptorIsRejected) {
  Trace prev = {ap(0), FoldResult{{FoldSubTraceLore{0, {SubTraceDesc{0, 0}}}}}}, current;
  TraceHandler h(prev, current);
  MergedAp m;
  ASSERT_FALSE(h.meet_ap_start(m));
  h.meet_ap_end(0);
  FoldFsm fsm;
  EXPECT_TRUE(h.meet_fold_start(fsm));
}

TEST(TraceHandler, CompactionRewritesStreamGenerations) {
  Trace prev, current;
  TraceHandler h(prev, current);
  h.meet_ap_end(0);
  h.meet_call_end(CallExecuted{StreamValueRef{CidText("x"), 0}});
  h.meet_call_end(CallExecuted{ScalarValueRef{CidText("y")}});
  EXPECT_TRUE(h.update_generation(0, 3));
  EXPECT_TRUE(h.update_generation(1, 4));
  EXPECT_FALSE(h.update_generation(2, 1));
  EXPECT_FALSE(h.update_generation(9, 1));
  EXPECT_EQ(std::get<ApResult>(h.result()[0]).generations[0], 3u);
}

}  // namespace
}  // namespace fluence::air
