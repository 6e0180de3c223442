// Static validation (spec air.md §4.4), one test per rule, including the reference's quirks.
#include <gtest/gtest.h>

#include "corpus_util.h"

namespace fluence::air::test {
namespace {

std::vector<std::string> messages(const std::string& text) {
  ParseResult r = parse_air(text);
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.message);
  return out;
}

bool accepted(const std::string& text) { return parse_air(text).ok(); }

using Msgs = std::vector<std::string>;

TEST(DefinedBeforeUse, UseAfterDefinitionIsAccepted) {
  EXPECT_TRUE(accepted("(seq (call \"p\" (\"s\" \"f\") [] x) (call \"p\" (\"s\" \"f\") [x]))"));
}

TEST(DefinedBeforeUse, UseBeforeDefinitionIsRejected) {
  EXPECT_EQ(messages("(seq (call \"p\" (\"s\" \"f\") [x]) (call \"p\" (\"s\" \"f\") [] x))"),
            Msgs{"variable 'x' wasn't defined"});
}

TEST(DefinedBeforeUse, TheDefiningInstructionItselfDoesNotCount) {
  EXPECT_EQ(messages("(call \"p\" (\"s\" \"f\") [x] x)"), Msgs{"variable 'x' wasn't defined"});
}

TEST(DefinedBeforeUse, DefinitionIsTextualNotScopeAware) {
  // Defined in the other branch of a par, earlier in the text: accepted.
  EXPECT_TRUE(accepted("(par (ap 1 x) (ap x y))"));
  // Defined inside a new and used after it: accepted too.
  EXPECT_TRUE(accepted("(seq (new x (ap 1 x)) (ap x y))"));
}

TEST(DefinedBeforeUse, EveryDefinitionKindCounts) {
  EXPECT_TRUE(accepted("(seq (canon \"p\" $s #$c) (ap #$c y))"));
  EXPECT_TRUE(accepted("(seq (canon \"p\" %m #%m) (ap #%m.$.k y))"));
  EXPECT_TRUE(accepted("(seq (canon \"p\" %m obj) (ap obj y))"));
  EXPECT_TRUE(accepted("(seq (ap (\"k\" 1) %m) (fold %m i (next i)))"));
  EXPECT_TRUE(accepted("(seq (new $s (null)) (fold $s i (next i)))"));
  EXPECT_TRUE(accepted("(seq (call \"p\" (\"s\" \"f\") [] $s) (fold $s i (next i)))"));
}

TEST(DefinedBeforeUse, FoldIteratorCountsForUsesAfterTheFoldStarts) {
  EXPECT_TRUE(accepted("(fold [] i (ap i y))"));
  EXPECT_TRUE(accepted("(seq (fold [] i (null)) (ap i y))"));
  EXPECT_EQ(messages("(xor (ap i y) (fold [] i (null)))"), Msgs{"variable 'i' wasn't defined"});
}

TEST(DefinedBeforeUse, CanonDoesNotRequireItsSourceOrPeer) {
  EXPECT_TRUE(accepted("(canon x $s #$c)"));
}

TEST(DefinedBeforeUse, StreamFoldRequiresItsStream) {
  EXPECT_EQ(messages("(fold $s i (next i))"), Msgs{"variable '$s' wasn't defined"});
}

TEST(DefinedBeforeUse, LensScalarKeysAreUses) {
  EXPECT_EQ(messages("(seq (ap 1 x) (ap x.$.[k] y))"), Msgs{"variable 'k' wasn't defined"});
}

TEST(DefinedBeforeUse, NotCheckedWhereTheReferenceDoesNotCheck) {
  EXPECT_TRUE(accepted("(ap (\"k\" undefined) %m)"));           // ap-map value
  EXPECT_TRUE(accepted("(fail undefined)"));                      // fail operand
  EXPECT_TRUE(accepted("(ap :error:.$.[undefined] y)"));          // keys in error lenses
  EXPECT_TRUE(accepted("(ap %last_error%.$.[undefined] y)"));
}

TEST(DefinedBeforeUse, OnlyTheFirstUnresolvedUsePerNameIsReported) {
  EXPECT_EQ(messages("(seq (ap x a) (ap x b))"), Msgs{"variable 'x' wasn't defined"});
}

TEST(DefinedBeforeUse, SigilIsPartOfTheName) {
  EXPECT_EQ(messages("(seq (ap 1 $x) (ap x y))"), Msgs{"variable 'x' wasn't defined"});
}

TEST(NextInsideFold, NextOutsideAnyFoldIsRejected) {
  EXPECT_EQ(messages("(next i)"), Msgs{"iterable 'i' wasn't defined"});
}

TEST(NextInsideFold, NextOfAnotherIteratorIsRejected) {
  EXPECT_EQ(messages("(fold [] i (next j))"), Msgs{"iterable 'j' wasn't defined"});
}

TEST(NextInsideFold, OnlyTheFirstNextPerNameIsChecked) {
  // Quirk: the second next is outside the fold but the reference checks only the first one.
  EXPECT_TRUE(accepted("(seq (fold [] i (next i)) (next i))"));
}

TEST(OneNextPerFold, SecondNextIsRejected) {
  EXPECT_EQ(messages("(fold [] i (par (next i) (next i)))"),
            Msgs{"multiple next instructions for iterator 'i' found for one fold, that is "
                 "prohibited"});
}

TEST(OneNextPerFold, NextsInDifferentFoldsAreFine) {
  EXPECT_TRUE(accepted("(seq (fold [] i (next i)) (fold [] i (next i)))"));
}

TEST(NewOnIterator, NewMustNotNameAnEnclosingIterator) {
  EXPECT_EQ(messages("(fold [] i (new i (next i)))"),
            Msgs{"new can't be applied to a 'i' because it's an iterator"});
  EXPECT_TRUE(accepted("(seq (fold [] i (next i)) (new i (null)))"));
}

TEST(NestedFolds, IteratorNameCannotBeReused) {
  EXPECT_EQ(messages("(fold [] i (fold [] i (next i)))"),
            Msgs{"multiple iterable values found for iterator name 'i'"});
}

TEST(FailCode, ZeroIsRejected) {
  EXPECT_EQ(messages("(fail 0 \"x\")"), Msgs{"error code 0 with fail is unsupported"});
  EXPECT_TRUE(accepted("(fail -1 \"x\")"));
}

TEST(AfterNext, InstructionAfterNextInStreamFoldIsRejected) {
  EXPECT_EQ(messages("(seq (ap 1 $s) (fold $s i (seq (next i) (null))))"),
            Msgs{"fold can not have instructions after next"});
  EXPECT_EQ(messages("(seq (ap (\"k\" 1) %m) (fold %m i (par (next i) (null))))"),
            Msgs{"fold can not have instructions after next"});
}

TEST(AfterNext, ScalarFoldsAllowInstructionsAfterNext) {
  EXPECT_TRUE(accepted("(fold [] i (seq (next i) (null)))"));
}

TEST(AfterNext, NextLastIsFine) {
  EXPECT_TRUE(accepted("(seq (ap 1 $s) (fold $s i (seq (null) (next i))))"));
  EXPECT_TRUE(accepted("(seq (ap 1 $s) (fold $s i (seq (null) (next i)) (null)))"));
}

TEST(AfterNext, XorWithNextInOneBranchIsFine) {
  EXPECT_TRUE(accepted("(seq (ap 1 $s) (fold $s i (xor (next i) (null))))"));
}

TEST(AfterNext, WrappingInstructionsPassTheNextUp) {
  EXPECT_EQ(messages("(seq (ap 1 $s) (fold $s i (seq (new x (next i)) (null))))"),
            Msgs{"fold can not have instructions after next"});
  EXPECT_EQ(messages("(seq (ap 1 $s) (fold $s i (seq (match 1 1 (next i)) (null))))"),
            Msgs{"fold can not have instructions after next"});
}

TEST(AfterNext, QuirkScalarFoldLeavesAMarkForALaterStreamFold) {
  // The reference's checker keys pending "after next" findings by iterator name only, so a scalar
  // fold's next followed by an instruction poisons a later stream fold over the same name.
  EXPECT_EQ(messages("(seq (ap 1 $s) (seq (fold [] i (seq (next i) (null))) (fold $s i (null))))"),
            Msgs{"fold can not have instructions after next"});
}

TEST(Diagnostics, GroupedByCheckInTheReferenceOrder) {
  // Within a check, in the order the instructions are reduced (inner fold first).
  EXPECT_EQ(messages("(fold $s i (fold $t i (next i)))"),
            (Msgs{"variable '$t' wasn't defined", "variable '$s' wasn't defined",
                  "multiple iterable values found for iterator name 'i'"}));
}

TEST(Diagnostics, RenderedLikeTheReference) {
  ParseResult r = parse_air("(seq\n  (call \"p\" (\"s\" \"f\") [x] y)\n  (null)\n)\n");
  EXPECT_EQ(r.error_text,
            "error: \n  ┌─ script.air:2:3\n  │\n2 │   (call \"p\" (\"s\" \"f\") [x] y)\n  │   "
            "^^^^^^^^^^^^^^^^^^^^^^^^^^ variable 'x' wasn't defined\n\n");
}

}  // namespace
}  // namespace fluence::air::test
