// Grammar rules of AIR (spec air.md §4.3): which operand forms each instruction takes, the
// resulting AST, spans, and the parser's robustness limits.
#include <gtest/gtest.h>

#include "corpus_util.h"

namespace fluence::air::test {
namespace {

Script parse_ok(const std::string& text) {
  ParseResult r = parse_air(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.error_text;
  if (!r.ok()) return parse_air("(null)").script.value();
  return std::move(*r.script);
}

std::string first_error(const std::string& text) {
  ParseResult r = parse_air(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.diagnostics.empty() ? "" : r.diagnostics.front().message;
}

// Prefix defining x (scalar), $s, %m, #$c and #%m, so operands can use them.
std::string with_defs(const std::string& body) {
  return "(seq (ap 1 x) (seq (ap 1 $s) (seq (ap (\"k\" 1) %m) (seq (canon \"p\" $s #$c) (seq "
         "(canon \"p\" %m #%m) " + body + ")))))";
}

const Instruction& last_of(const Script& s) {
  const Instruction* i = &s.root();
  while (const auto* seq = i->get_if<Seq>()) i = seq->right;
  return *i;
}

TEST(Grammar, CallTripletAndArguments) {
  Script s = parse_ok(with_defs(
      "(call x.$.p (#$c.$.[0] #%m.$.k) [x #$c #%m %init_peer_id% :error: [] 1 1.5 true \"l\"] $out)"));
  const auto& call = last_of(s).as<Call>();
  EXPECT_EQ(call.triplet.peer_id.var.name, "x");
  EXPECT_EQ(call.triplet.service_id.var.kind, VarKind::kCanonStream);
  EXPECT_EQ(call.triplet.function_name.var.kind, VarKind::kCanonStreamMap);
  EXPECT_EQ(call.args.size(), 10u);
  EXPECT_TRUE(call.has_output);
  EXPECT_EQ(call.output.kind, VarKind::kStream);
}

// Arguments are laid out in the arena as they are read; a lens allocated between two of them
// must not break their order or contents.
TEST(Grammar, CallArgumentsKeepTheirOrderAcrossLenses) {
  Script s = parse_ok(with_defs(
      "(call x (\"s\" \"f\") [x x.$.a \"l\" x.$.[0].b 7 #$c.$.[1]] $out)"));
  const auto& args = last_of(s).as<Call>().args;
  ASSERT_EQ(args.size(), 6u);
  EXPECT_EQ(args[0].var.name, "x");
  EXPECT_EQ(args[0].var.lens, nullptr);
  ASSERT_NE(args[1].var.lens, nullptr);
  EXPECT_EQ(args[1].var.lens->text, ".$.a");
  EXPECT_EQ(args[2].text, "l");
  ASSERT_NE(args[3].var.lens, nullptr);
  EXPECT_EQ(args[3].var.lens->text, ".$.[0].b");
  EXPECT_EQ(args[4].integer, 7);
  EXPECT_EQ(args[5].var.name, "#$c");
  EXPECT_EQ(args[5].var.lens->text, ".$.[1]");
}

TEST(Grammar, CallOutputIsOptional) {
  Script s = parse_ok("(call %init_peer_id% (\"s\" \"f\") [])");
  EXPECT_FALSE(s.root().as<Call>().has_output);
}

TEST(Grammar, CallRequiresServiceAndFunctionInParentheses) {
  EXPECT_EQ(first_error("(call \"p\" \"f\" [])"), "expected \"(\"");
  EXPECT_EQ(first_error("(call (\"p\" \"s\") \"f\" [])"),
            "expected CanonStreamMapWithLambda or CanonStreamWithLambda or InitPeerId or Literal "
            "or Scalar or ScalarWithLambda");
}

TEST(Grammar, StreamsCannotBeCallArguments) {
  EXPECT_EQ(first_error(with_defs("(call \"p\" (\"s\" \"f\") [$s])")).rfind("expected \"[\" or \"]\"", 0),
            0u);
}

TEST(Grammar, CallOutputIsScalarOrStream) {
  EXPECT_EQ(first_error("(call \"p\" (\"s\" \"f\") [] #$c)"), "expected \")\" or Scalar or Stream");
}

TEST(Grammar, CanonFormsBySourceAndTarget) {
  Script s = parse_ok("(seq (canon \"p\" $s #$c) (seq (canon \"p\" %m #%m) (canon \"p\" %m obj)))");
  const auto& seq = s.root().as<Seq>();
  EXPECT_EQ(seq.left->kind(), InstrKind::kCanon);
  EXPECT_EQ(seq.right->as<Seq>().left->kind(), InstrKind::kCanonMap);
  EXPECT_EQ(seq.right->as<Seq>().right->kind(), InstrKind::kCanonMapToScalar);
  EXPECT_EQ(first_error("(canon \"p\" $s x)"), "expected CanonStream");
  EXPECT_EQ(first_error("(canon \"p\" %m $s)"), "expected CanonStreamMap or Scalar");
  EXPECT_EQ(first_error("(canon \"p\" x #$c)"), "expected Stream or StreamMap");
}

TEST(Grammar, ApArgumentsAndResults) {
  Script s = parse_ok(with_defs("(seq (ap #$c.length $r) (seq (ap #%m.$.k y) (ap #$c z)))"));
  const auto& seq = last_of(s);
  (void)seq;
  EXPECT_EQ(first_error(with_defs("(ap #%m y)")).rfind("expected \"(\" or \"[\"", 0), 0u);
  EXPECT_EQ(first_error("(ap 1 #$c)"), "expected Scalar or Stream");
}

TEST(Grammar, ApIntoStreamMap) {
  Script s = parse_ok(with_defs("(ap (x.$.k #$c.$.[0]) %m)"));
  const auto& ap = last_of(s).as<ApMap>();
  EXPECT_EQ(ap.key.var.name, "x");
  EXPECT_EQ(ap.value.var.kind, VarKind::kCanonStream);
  EXPECT_EQ(ap.map.name, "%m");
  EXPECT_EQ(first_error("(ap (1.5 1) %m)"),
            "expected CanonStreamWithLambda or I64 or Literal or Scalar or ScalarWithLambda");
  EXPECT_EQ(first_error("(ap (\"k\" 1) x)"), "expected StreamMap");
}

TEST(Grammar, SeqParXorTakeTwoInstructions) {
  Script s = parse_ok("(par (xor (null) (never)) (seq (null) (null)))");
  EXPECT_EQ(s.root().as<Par>().left->kind(), InstrKind::kXor);
  EXPECT_EQ(first_error("(seq (null))"), "expected \"(\"");
  EXPECT_EQ(first_error("(seq (null) (null) (null))"), "expected \")\"");
}

TEST(Grammar, MatchAndMismatch) {
  Script s = parse_ok(with_defs("(match #$c [] (mismatch x.$.a %ttl% (null)))"));
  const auto& m = last_of(s).as<Match>();
  EXPECT_EQ(m.left.var.kind, VarKind::kCanonStream);
  EXPECT_EQ(m.right.kind, ValueKind::kEmptyArray);
  EXPECT_EQ(m.body->kind(), InstrKind::kMismatch);
}

TEST(Grammar, FailForms) {
  EXPECT_EQ(parse_ok("(fail 42 \"m\")").root().as<Fail>().kind, FailKind::kLiteral);
  EXPECT_EQ(parse_ok("(fail %last_error%)").root().as<Fail>().kind, FailKind::kLastError);
  EXPECT_EQ(parse_ok("(fail :error:)").root().as<Fail>().kind, FailKind::kError);
  EXPECT_EQ(parse_ok("(fail x)").root().as<Fail>().kind, FailKind::kValue);
  EXPECT_EQ(first_error("(fail 1)"), "expected Literal");
  EXPECT_EQ(first_error("(fail \"x\")"),
            "expected CanonStreamWithLambda or Error or I64 or LastError or Scalar or "
            "ScalarWithLambda");
  EXPECT_EQ(first_error("(fail %last_error%.$.message)"),
            "expected CanonStreamWithLambda or Error or I64 or LastError or Scalar or "
            "ScalarWithLambda");
}

TEST(Grammar, FoldKindsByIterable) {
  EXPECT_EQ(parse_ok(with_defs("(fold $s i (next i))")).root().kind(), InstrKind::kSeq);
  EXPECT_EQ(last_of(parse_ok(with_defs("(fold $s i (next i))"))).kind(), InstrKind::kFoldStream);
  EXPECT_EQ(last_of(parse_ok(with_defs("(fold %m i (next i))"))).kind(), InstrKind::kFoldStreamMap);
  EXPECT_EQ(last_of(parse_ok(with_defs("(fold #$c i (next i))"))).kind(), InstrKind::kFoldScalar);
  EXPECT_EQ(last_of(parse_ok(with_defs("(fold #%m.$.k i (next i))"))).kind(),
            InstrKind::kFoldScalar);
  EXPECT_EQ(parse_ok("(fold [] i (null))").root().as<FoldScalar>().iterable.kind,
            ValueKind::kEmptyArray);
}

TEST(Grammar, FoldTakesAnOptionalLastInstruction) {
  Script s = parse_ok("(fold [] i (next i) (never))");
  EXPECT_EQ(s.root().as<FoldScalar>().last->kind(), InstrKind::kNever);
  EXPECT_EQ(parse_ok("(fold [] i (next i))").root().as<FoldScalar>().last, nullptr);
  EXPECT_EQ(first_error("(fold [] i (null) x)"), "expected \"(\" or \")\"");
}

TEST(Grammar, NewTakesAnyVariableKindWithoutLens) {
  for (const char* name : {"x", "$s", "%m", "#$c", "#%m"}) {
    Script s = parse_ok(std::string("(new ") + name + " (null))");
    EXPECT_EQ(s.root().as<New>().argument.name, name);
  }
  EXPECT_EQ(first_error("(seq (ap 1 x) (new x.$.a (null)))"),
            "expected CanonStream or CanonStreamMap or Scalar or Stream or StreamMap");
}

TEST(Grammar, NextTakesAScalar) { EXPECT_EQ(first_error("(next $s)"), "expected Scalar"); }

TEST(Grammar, OnlyOneTopLevelInstruction) {
  EXPECT_EQ(first_error("(null) (null)"), "expected <nothing>");
  EXPECT_EQ(first_error(""), "expected \"(\"");
}

TEST(Grammar, SpansCoverParenToParen) {
  Script s = parse_ok("  (new $s\n (null))  ");
  EXPECT_EQ(s.root().span.left, 2u);
  EXPECT_EQ(s.root().span.right, 18u);
  EXPECT_EQ(s.root().as<New>().body->span.left, 11u);
  EXPECT_EQ(s.source().substr(s.root().span.left, s.root().span.right - s.root().span.left),
            "(new $s\n (null))");
}

TEST(Grammar, EndOfInputErrorPointsPastTheLastToken) {
  ParseResult r = parse_air("(null   ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().left, 5u);
  EXPECT_EQ(r.diagnostics.front().message, "expected \")\"");
}

TEST(Grammar, RecoversLikeTheReferenceAndReportsLaterProblems) {
  ParseResult r = parse_air("(fold $s i)");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].message, "expected \"(\"");
  EXPECT_EQ(r.diagnostics[1].message, "variable '$s' wasn't defined");
}

TEST(Grammar, LexicalErrorIsTheOnlyDiagnostic) {
  ParseResult r = parse_air("(seq (null) (ap \"x y))");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "this string literal has unclosed quote");
}

TEST(Grammar, InstructionCountCountsEveryInstruction) {
  EXPECT_EQ(parse_ok("(seq (null) (par (never) (null)))").instruction_count(), 5u);
}

// Every Variable names its text by an id: equal names (sigil included) share it, and
// Script::names() maps it back.
TEST(Grammar, EqualNamesShareAnIdThatIndexesScriptNames) {
  Script s = parse_ok(
      "(seq (ap 1 k) (seq (ap 1 x) (seq (ap x $x) (call x (\"s\" \"f\") [x.$.[k] x] y))))");
  const auto& seq1 = s.root().as<Seq>();
  const auto& seq2 = seq1.right->as<Seq>();
  const auto& seq3 = seq2.right->as<Seq>();
  const Variable& k_def = seq1.left->as<Ap>().result;
  const Variable& x_def = seq2.left->as<Ap>().result;
  const auto& ap = seq3.left->as<Ap>();
  const auto& call = seq3.right->as<Call>();
  EXPECT_EQ(ap.argument.var.id, x_def.id);
  EXPECT_EQ(call.triplet.peer_id.var.id, x_def.id);
  EXPECT_EQ(call.args[0].var.id, x_def.id);
  EXPECT_NE(ap.result.id, x_def.id);  // "$x" is another name than "x"
  EXPECT_EQ(call.args[1].var.id, x_def.id);
  ASSERT_NE(call.args[0].var.lens, nullptr);
  EXPECT_EQ(call.args[0].var.lens->accessors[0].name_id, k_def.id);
  ASSERT_EQ(s.names().size(), 4u);
  for (const Variable* v : {&k_def, &x_def, &ap.result, &call.output}) {
    ASSERT_LT(v->id, s.names().size());
    EXPECT_EQ(s.names()[v->id], v->name);
  }
}

// Names are compared by their first 8 bytes at once, read differently near the end of the text;
// neither the length nor the position may change an id.
TEST(Grammar, NameIdsDoNotDependOnLengthOrPosition) {
  Script s = parse_ok(
      "(seq (ap 1 value_long_1) (seq (ap 1 value_long_2) (seq (ap value_long_1 a) "
      "(ap value_long_2 value_long_1x))))");
  const auto& seq1 = s.root().as<Seq>();
  const auto& seq2 = seq1.right->as<Seq>();
  const auto& seq3 = seq2.right->as<Seq>();
  const uint32_t long1 = seq1.left->as<Ap>().result.id;
  const uint32_t long2 = seq2.left->as<Ap>().result.id;
  EXPECT_NE(long1, long2);
  EXPECT_EQ(seq3.left->as<Ap>().argument.var.id, long1);
  EXPECT_EQ(seq3.right->as<Ap>().argument.var.id, long2);
  EXPECT_NE(seq3.right->as<Ap>().result.id, long1);
  // The second "x" is within the last 8 bytes of the text.
  Script t = parse_ok("(seq (ap 1 x) (ap x y))");
  EXPECT_EQ(t.root().as<Seq>().right->as<Ap>().argument.var.id,
            t.root().as<Seq>().left->as<Ap>().result.id);
}

std::string nested_seqs(size_t depth) {
  std::string text;
  for (size_t i = 0; i < depth; ++i) text += "(seq (null) ";
  text += "(null)";
  text.append(depth, ')');
  return text;
}

TEST(Robustness, DeepNestingParsesWithoutRecursion) {
  // Far deeper than any recursive descent on a default 8 MiB stack would survive.
  ParseResult r = parse_air(nested_seqs(200000));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.script->instruction_count(), 400001u);
}

TEST(Robustness, NestingBeyondTheLimitIsAnError) {
  ParseOptions options;
  options.max_depth = 100;
  EXPECT_TRUE(parse_air(nested_seqs(99), options).ok());
  ParseResult r = parse_air(nested_seqs(100), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().message, "instructions are nested deeper than 100 levels");
}

TEST(Robustness, ScriptOutlivesTheInputBuffer) {
  std::optional<Script> kept;
  {
    std::string text = "(call \"peer\" (\"s\" \"f\") [\"arg\"] out)";
    kept = std::move(parse_air(text).script);
    text.assign(text.size(), 'x');
  }
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->root().as<Call>().triplet.peer_id.text, "peer");
  Script moved = std::move(*kept);
  EXPECT_EQ(moved.root().as<Call>().args[0].text, "arg");
}

TEST(Robustness, LineColumnOfOffsets) {
  LineCol lc = line_col_of("ab\ncd\u00e9f", 8);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 5u);
}

// The common forms ("(seq ", "(ap A R)", ...) are read straight from the text, the rest token by
// token (parser.cpp, Parser::read_direct); both must give the same AST, names and diagnostics.
TEST(DirectReading, ApGivesTheSameNodeAsTokenReading) {
  const std::string direct = "(seq (ap \"a\" x) (ap x   $s\t))";
  const std::string tokens = "(seq (ap \"a\" x) (ap x ;\n$s\t))";  // a comment: token path
  Script a = parse_ok(direct);
  Script b = parse_ok(tokens);
  const Seq& sa = a.root().as<Seq>();
  const Seq& sb = b.root().as<Seq>();
  for (const Seq* s : {&sa, &sb}) {
    const Ap& first = s->left->as<Ap>();
    EXPECT_EQ(first.argument.kind, ValueKind::kLiteral);
    EXPECT_EQ(first.argument.text, "a");
    EXPECT_EQ(first.argument.position, 9u);
    EXPECT_EQ(first.result.name, "x");
    EXPECT_EQ(first.result.position, 13u);
    EXPECT_EQ(s->left->span.right, 15u);
    const Ap& second = s->right->as<Ap>();
    EXPECT_EQ(second.argument.var.name, "x");
    EXPECT_EQ(second.argument.var.id, first.result.id);
    EXPECT_EQ(second.argument.position, 20u);
    EXPECT_EQ(second.result.kind, VarKind::kStream);
    EXPECT_EQ(second.result.position, 24u);
    EXPECT_EQ(s->right->span.right, 28u);
  }
  EXPECT_EQ(ast_to_json(a.root()), ast_to_json(b.root()));
  ASSERT_EQ(a.names().size(), 2u);
  EXPECT_EQ(a.names()[0], "x");
  EXPECT_EQ(a.names()[1], "$s");
}

TEST(DirectReading, EndOfInputAfterAPairKeywordPointsJustPastTheKeyword) {
  ParseResult r = parse_air("(seq   ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().left, 4u);
}

TEST(DirectReading, ApWithAnUnusualOperandIsReadByTokens) {
  EXPECT_EQ(first_error("(ap seq x)"), first_error("(ap\nseq x)"));
  EXPECT_EQ(first_error("(ap x seq)"), first_error("(ap\nx seq)"));
  EXPECT_EQ(first_error("(seq (ap \"a\" x) (ap x $s]))"), "expected \")\"");
}

TEST(DirectReading, LexicalErrorAfterADirectInstructionIsTheOnlyDiagnostic) {
  ParseResult r = parse_air("(seq (ap \"a\" x) \"x)");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "this string literal has unclosed quote");
}

TEST(DirectReading, NestingLimitCountsDirectlyReadInstructions) {
  const std::string text = "(seq (seq (ap \"a\" x) (ap \"b\" y)) (ap x z))";
  ParseOptions options;
  options.max_depth = 3;
  EXPECT_TRUE(parse_air(text, options).ok());
  options.max_depth = 2;
  ParseResult r = parse_air(text, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().left, 10u);  // the first ap's "("
  EXPECT_EQ(r.diagnostics.front().message, "instructions are nested deeper than 2 levels");
}

TEST(DirectReading, CallGivesTheSameNodeAsTokenReading) {
  // Same offsets; the comment sends the second through the token path.
  const std::string direct =
      "(seq (ap \"a\" x) (call %init_peer_id%   (\"s\" x) [x \"b\" %init_peer_id%] $s))";
  const std::string tokens =
      "(seq (ap \"a\" x) (call %init_peer_id% ;\n(\"s\" x) [x \"b\" %init_peer_id%] $s))";
  Script a = parse_ok(direct);
  Script b = parse_ok(tokens);
  EXPECT_EQ(ast_to_json(a.root()), ast_to_json(b.root()));
  ASSERT_EQ(a.names().size(), b.names().size());
  for (size_t i = 0; i < a.names().size(); ++i) EXPECT_EQ(a.names()[i], b.names()[i]);
  const Call& call = a.root().as<Seq>().right->as<Call>();
  EXPECT_EQ(call.args.size(), 3u);
  EXPECT_TRUE(call.has_output);
  EXPECT_EQ(a.root().as<Seq>().right->span.right, direct.size() - 1);
}

TEST(DirectReading, CallWithoutArgumentsOrOutput) {
  const std::string text = "(call \"p\" (\"s\" \"f\") [])";
  Script s = parse_ok(text);
  const Call& call = s.root().as<Call>();
  EXPECT_TRUE(call.args.empty());
  EXPECT_FALSE(call.has_output);
  EXPECT_EQ(s.root().span.right, text.size());
}

}  // namespace
}  // namespace fluence::air::test
