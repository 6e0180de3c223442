// Lexical rules of AIR (spec air.md §4.1-§4.2), observed through the parser's AST.
#include <gtest/gtest.h>

#include <deque>

#include "corpus_util.h"
#include "fluence/air/syntax/instruction_text.h"

namespace fluence::air::test {
namespace {

// Scripts parsed by the helpers stay alive for the whole test run: Values point into them.
Script& keep(Script s) {
  static std::deque<Script> kept;
  kept.push_back(std::move(s));
  return kept.back();
}

// The single argument of `(call "p" ("s" "f") [ARG])` (ARG must not need a definition).
Value arg_of(const std::string& arg) {
  ParseResult r = parse_air("(call \"p\" (\"s\" \"f\") [" + arg + "])");
  EXPECT_TRUE(r.ok()) << arg << "\n" << r.error_text;
  if (!r.ok()) return {};
  const auto& call = keep(std::move(*r.script)).root().as<Call>();
  EXPECT_EQ(call.args.size(), 1u);
  return call.args[0];
}

// The first diagnostic's message for a script that must be rejected.
std::string error_of(const std::string& script) {
  ParseResult r = parse_air(script);
  EXPECT_FALSE(r.ok()) << script;
  return r.diagnostics.empty() ? std::string() : r.diagnostics.front().message;
}

// The ap argument of `(seq (ap 1 x) (ap ARG y))` (x is defined).
Value ap_arg(const std::string& arg) {
  ParseResult r = parse_air("(seq (ap 1 x) (ap " + arg + " y))");
  EXPECT_TRUE(r.ok()) << arg << "\n" << r.error_text;
  if (!r.ok()) return {};
  return keep(std::move(*r.script)).root().as<Seq>().right->as<Ap>().argument;
}

TEST(Lexer, StringLiteralHasNoEscapes) {
  Value v = arg_of("\"a\\nb\\\\ (x) [y]\nz\"");
  EXPECT_EQ(v.kind, ValueKind::kLiteral);
  EXPECT_EQ(v.text, "a\\nb\\\\ (x) [y]\nz");
}

TEST(Lexer, EmptyStringLiteralIsAllowed) { EXPECT_EQ(arg_of("\"\"").text, ""); }

TEST(Lexer, UnterminatedStringIsAnError) {
  EXPECT_EQ(error_of("(ap \"abc y)"), "this string literal has unclosed quote");
}

TEST(Lexer, CommentRunsToEndOfLine) {
  ParseResult r = parse_air("; leading comment (seq\n(null) ; trailing (never)\n; last");
  ASSERT_TRUE(r.ok()) << r.error_text;
  EXPECT_EQ(r.script->root().kind(), InstrKind::kNull);
}

TEST(Lexer, WordEndsAtUnbalancedClosingBracket) {
  Value v = ap_arg("x.$.[0]");
  ParseResult r = parse_air("(seq (ap 1 x) (ap x.$.a)");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(v.var.lens->text, ".$.[0]");
  // `(ap x.$.a)`: the word stops before ")" and the ap lacks its result.
  EXPECT_EQ(r.diagnostics.front().message, "expected Scalar or Stream");
}

TEST(Lexer, UnicodeWhitespaceSeparatesTokens) {
  ParseResult r = parse_air("(seq\u00A0(null)\u2003(never))");
  EXPECT_TRUE(r.ok()) << r.error_text;
}

TEST(Lexer, KeywordsAreExactWords) {
  EXPECT_EQ(error_of("(nul)"), "expected ap or call or canon or fail or fold or match_ or mismatch "
                               "or never or new or next or null or par or seq or xor");
  EXPECT_EQ(error_of("(embed x)"), "expected ap or call or canon or fail or fold or match_ or "
                                   "mismatch or never or new or next or null or par or seq or xor");
}

TEST(Lexer, IntegerIsSignedSixtyFourBit) {
  EXPECT_EQ(arg_of("-9223372036854775808").integer, INT64_MIN);
  EXPECT_EQ(arg_of("+42").integer, 42);
  EXPECT_EQ(arg_of("007").integer, 7);
  EXPECT_EQ(error_of("(ap 9223372036854775808 y)"), "number too large to fit in target type");
  EXPECT_EQ(error_of("(ap -9223372036854775809 y)"), "number too small to fit in target type");
}

TEST(Lexer, LoneSignIsAnInvalidNumber) {
  EXPECT_EQ(error_of("(ap - y)"), "invalid digit found in string");
  EXPECT_EQ(error_of("(ap + y)"), "invalid digit found in string");
}

TEST(Lexer, FloatHasOneDotAndAtMostElevenCharacters) {
  Value v = arg_of("-1.5");
  EXPECT_EQ(v.kind, ValueKind::kFloat);
  EXPECT_EQ(v.floating, -1.5);
  EXPECT_EQ(arg_of("1.").floating, 1.0);
  EXPECT_EQ(arg_of("1234567.891").kind, ValueKind::kFloat);
  EXPECT_EQ(error_of("(ap 1234567.8912 y)"),
            "this float is too big, a float could contain less than 12 digits");
  EXPECT_EQ(error_of("(ap 1.2.3 y)"), "a digit could contain only digits or one dot");
  EXPECT_EQ(error_of("(ap 1.5e3 y)"), "a digit could contain only digits or one dot");
}

TEST(Lexer, FloatNeedsDigitBeforeDot) {
  const char* kMessage =
      "leading dot without any symbols before - please write 0 if it's float or variable name if "
      "it's a lambda";
  EXPECT_EQ(error_of("(ap .5 y)"), kMessage);
  EXPECT_EQ(error_of("(ap -.5 y)"), kMessage);
}

TEST(Lexer, NonAsciiDigitsAreNumericButNotParsable) {
  EXPECT_EQ(error_of("(ap \u0661 y)"), "invalid digit found in string");
  EXPECT_EQ(error_of("(ap 1.\u0662 y)"), "invalid float literal");
}

TEST(Lexer, NumberFollowedByLetterIsAScalarName) {
  ParseResult r = parse_air("(seq (ap 1 1abc) (ap -x y))");
  ASSERT_FALSE(r.ok());
  // 1abc is a scalar definition; -x is an undefined scalar use.
  EXPECT_EQ(r.diagnostics.front().message, "variable '-x' wasn't defined");
}

TEST(Lexer, SigilsSelectVariableKinds) {
  ParseResult r = parse_air(
      "(seq (ap 1 $s) (seq (ap (\"k\" 1) %m) (seq (canon \"p\" $s #$c) (seq (canon \"p\" %m #%n) "
      "(call \"p\" (\"s\" \"f\") [#$c #%n])))))");
  ASSERT_TRUE(r.ok()) << r.error_text;
  const auto& s1 = r.script->root().as<Seq>();
  EXPECT_EQ(s1.left->as<Ap>().result.kind, VarKind::kStream);
  const auto& s2 = s1.right->as<Seq>();
  EXPECT_EQ(s2.left->as<ApMap>().map.kind, VarKind::kStreamMap);
  const auto& s3 = s2.right->as<Seq>();
  EXPECT_EQ(s3.left->as<Canon>().canon_stream.kind, VarKind::kCanonStream);
  const auto& s4 = s3.right->as<Seq>();
  EXPECT_EQ(s4.left->as<CanonMap>().canon_stream_map.kind, VarKind::kCanonStreamMap);
  const auto& args = s4.right->as<Call>().args;
  EXPECT_EQ(args[0].var.name, "#$c");
  EXPECT_EQ(args[1].var.name, "#%n");
}

TEST(Lexer, HashOnlyNameIsACanonStreamDistinctFromHashDollar) {
  ParseResult r = parse_air("(seq (canon \"p\" $s #c) (call \"p\" (\"s\" \"f\") [#$c]))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().message, "variable '#$c' wasn't defined");
  ParseResult ok = parse_air("(seq (canon \"p\" $s #c) (call \"p\" (\"s\" \"f\") [#c]))");
  ASSERT_TRUE(ok.ok()) << ok.error_text;
  EXPECT_EQ(ok.script->root().as<Seq>().left->as<Canon>().canon_stream.kind, VarKind::kCanonStream);
}

TEST(Lexer, OneCharacterTaggedNameCannotTakeALens) {
  EXPECT_EQ(error_of("(seq (canon \"p\" $s #c) (ap #c.$.[0] y))"), "a canon name should be non empty");
  EXPECT_EQ(error_of("(ap $s.$.a x)"), "a canon name should be non empty");
}

TEST(Lexer, SecondCharacterPercentMakesACanonStreamMap) {
  // `a%b` is classified as a canon stream map, which ap does not accept bare.
  EXPECT_EQ(error_of("(ap a%b y)").rfind("expected \"(\" or \"[\" or Boolean", 0), 0u);
  ParseResult r = parse_air("(new a%b (null))");
  ASSERT_TRUE(r.ok()) << r.error_text;
  EXPECT_EQ(r.script->root().as<New>().argument.kind, VarKind::kCanonStreamMap);
}

TEST(Lexer, LoneSigilIsAnError) {
  EXPECT_EQ(error_of("(ap $ y)"), "a tagged name should be non empty");
  EXPECT_EQ(error_of("(ap % y)"), "a tagged name should be non empty");
  EXPECT_EQ(error_of("(ap # y)"), "a tagged name should be non empty");
  EXPECT_EQ(error_of("(ap #$ y)"), "a canon name should be non empty");
  EXPECT_EQ(error_of("(ap #% y)"), "a canon name should be non empty");
}

TEST(Lexer, NamesAllowOnlyAlphanumericUnderscoreDash) {
  EXPECT_EQ(error_of("(ap x\" y)"),
            "only alphanumeric, '_', and '-' characters are allowed in this position");
  ParseResult r = parse_air("(seq (ap 1 \u0438\u043c\u044f_2-x) (ap \u0438\u043c\u044f_2-x y))");
  EXPECT_TRUE(r.ok()) << r.error_text;
}

TEST(Lexer, LensCanonicalText) {
  EXPECT_EQ(ap_arg("x.$.a.[0]!").var.lens->text, ".$.a.[0]");
  EXPECT_EQ(ap_arg("x.$[1]").var.lens->text, ".$.[1]");
  EXPECT_EQ(ap_arg("x.$.a[2].b").var.lens->text, ".$.a.[2].b");
  EXPECT_EQ(ap_arg("x.$.[x]").var.lens->text, ".$.[x]");
}

TEST(Lens, AccessorKinds) {
  const Lens* lens = ap_arg("x.$.f.[3].[x]").var.lens;
  ASSERT_EQ(lens->accessors.size(), 3u);
  EXPECT_EQ(lens->accessors[0].kind, LensAccessorKind::kFieldName);
  EXPECT_EQ(lens->accessors[0].name, "f");
  EXPECT_EQ(lens->accessors[1].kind, LensAccessorKind::kArrayIndex);
  EXPECT_EQ(lens->accessors[1].index, 3u);
  EXPECT_EQ(lens->accessors[2].kind, LensAccessorKind::kScalarKey);
  EXPECT_EQ(lens->accessors[2].name, "x");
}

TEST(Lens, LengthFunctorOnlyWhenTheWholeLensIsLength) {
  EXPECT_TRUE(ap_arg("x.length").var.lens->is_length);
  const Lens* field = ap_arg("x.$.length").var.lens;
  EXPECT_FALSE(field->is_length);
  EXPECT_EQ(field->accessors[0].name, "length");
  EXPECT_EQ(error_of("(seq (ap 1 x) (ap x.lengthx y))"), "User { error: UnexpectedSymbol(0, 8) }");
}

TEST(Lens, ValuePathNeedsAnAccessor) {
  EXPECT_EQ(error_of("(seq (ap 1 x) (ap x.$ y))"),
            "provided lambda expression doesn't contain any accessor");
}

TEST(Lens, FlatteningMarkOnlyAtTheEnd) {
  EXPECT_EQ(ap_arg("x.$.a!").var.lens->text, ".$.a");
  EXPECT_EQ(error_of("(seq (ap 1 x) (ap x.$.a!.b y))"), "invalid character in lambda");
}

TEST(Lens, IndexMustFitU32) {
  EXPECT_EQ(ap_arg("x.$.[4294967295]").var.lens->accessors[0].index, 4294967295u);
  EXPECT_EQ(error_of("(seq (ap 1 x) (ap x.$.[4294967296] y))"),
            "User { error: ParseIntError(4, 14, ParseIntError { kind: PosOverflow }) }");
}

TEST(Lens, GrammarErrorsListRecoveredTokens) {
  EXPECT_EQ(error_of("(seq (ap 1 x) (ap x.$.1a y))"),
            "[ErrorRecovery { error: UnrecognizedToken { token: (3, NumberAccessor(1), 4), "
            "expected: [\"\\\"[\\\"\", \"string_accessor\"] }, dropped_tokens: [(3, "
            "NumberAccessor(1), 4), (4, StringAccessor(\"a\"), 5)] }]");
}

TEST(Lexer, ErrorValuesTakeLenses) {
  Value e = arg_of(":error:.$.message");
  EXPECT_EQ(e.kind, ValueKind::kError);
  EXPECT_EQ(e.lens->text, ".$.message");
  Value l = arg_of("%last_error%.$.peer_id");
  EXPECT_EQ(l.kind, ValueKind::kLastError);
  EXPECT_EQ(l.lens->text, ".$.peer_id");
  EXPECT_EQ(arg_of(":error:").lens, nullptr);
  EXPECT_EQ(error_of("(ap :error:x y)"), "User { error: UnexpectedSymbol(0, 1) }");
}

TEST(Lexer, Constants) {
  EXPECT_EQ(arg_of("%init_peer_id%").kind, ValueKind::kInitPeerId);
  EXPECT_EQ(arg_of("%timestamp%").kind, ValueKind::kTimestamp);
  EXPECT_EQ(arg_of("%ttl%").kind, ValueKind::kTtl);
  EXPECT_TRUE(arg_of("true").boolean);
  EXPECT_EQ(arg_of("false").kind, ValueKind::kBool);
  EXPECT_EQ(arg_of("[]").kind, ValueKind::kEmptyArray);
  EXPECT_EQ(arg_of("[ ]").kind, ValueKind::kEmptyArray);
}

TEST(Lexer, InvalidUtf8IsRejected) {
  ParseResult r = parse_air(std::string("(call \"p\" (\"s\" \"f\") [\"\xff\"])"));
  EXPECT_FALSE(r.ok());
}

TEST(Lexer, PositionsAreByteOffsets) {
  ParseResult r = parse_air("(seq (ap 1 \u00e9) (ap \u00e9 y))");
  ASSERT_TRUE(r.ok()) << r.error_text;
  const auto& ap = r.script->root().as<Seq>().right->as<Ap>();
  EXPECT_EQ(ap.argument.var.position, 19u);
  EXPECT_EQ(ap.result.position, 22u);
}

}  // namespace
}  // namespace fluence::air::test
