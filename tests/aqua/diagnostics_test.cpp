// Every diagnostic kind: its exact message and position (line:col).
#include <gtest/gtest.h>

#include "test_util.h"

namespace fluence::aqua {
namespace {

using testing::compile;
using testing::errors_of;

// The first diagnostic of `src` must be exactly `expected` ("line:col: message").
void expect_first(const std::string& src, const std::string& expected, bool warnings = false) {
  auto r = compile(src);
  std::string all = errors_of(r, warnings);
  std::string first = all.substr(0, all.find('\n'));
  EXPECT_EQ(first, expected) << all;
}

TEST(AquaDiagnostics, MissingModuleHeader) {
  expect_first("func f():\n  x = 1\n", "1:1: Missing module header at the top of the file: expected `aqua ModuleName` as the first line");
}
TEST(AquaDiagnostics, ModuleKeywordDeprecated) {
  expect_first("module M\n", "1:1: Keyword `module` is deprecated, use `aqua` instead");
}
TEST(AquaDiagnostics, UnterminatedString) {
  expect_first("aqua M\nconst S = \"abc\n", "2:11: Unterminated string literal: a string must close with '\"' on the same line");
}
TEST(AquaDiagnostics, UnexpectedCharacter) {
  expect_first("aqua M\nconst S = 1 # 2\n", "2:13: Unexpected character '#': expected a name, a literal, an operator or a bracket");
}
TEST(AquaDiagnostics, UnexpectedCharacterNonAscii) {
  expect_first("aqua M\nconst S = 1\xC3\xA9\n", "2:12: Unexpected character (byte 195): expected a name, a literal, an operator or a bracket");
}
TEST(AquaDiagnostics, InconsistentIndentation) {
  expect_first("aqua M\n\nfunc f():\n    x = 1\n  y = 2\n", "5:3: Inconsistent indentation in the block: expected the same indentation as line 4");
}
TEST(AquaDiagnostics, UnexpectedIndentation) {
  expect_first("aqua M\n\nfunc f():\n  x = 1\n   y = 2\n",
               "5:4: Unexpected indentation: this line is indented deeper than the lines before it, but the line above does not open a block (end it with ':')");
}
TEST(AquaDiagnostics, TabIsNotSpaces) {
  expect_first("aqua M\n\nfunc f():\n  x = 1\n\ty = 2\n", "5:2: Inconsistent indentation in the block: expected the same indentation as line 4");
}
TEST(AquaDiagnostics, BlockWithoutBody) {
  expect_first("aqua M\n\nfunc f():\n", "3:9: Block expression has no body: expected indented lines after ':'");
}
TEST(AquaDiagnostics, ReturnNotLast) {
  auto r = compile("aqua M\n\nfunc f() -> u32:\n  <- 1\n  x = 2\n");
  // Only the syntax error: no cascade about the missing return.
  EXPECT_EQ(errors_of(r), "4:3: Return expression must be on the top indentation level and at the end of function body\n");
}
TEST(AquaDiagnostics, EmptyArrayAssignment) {
  expect_first("aqua M\n\nfunc f():\n  x = []\n", "4:7: Assigning empty array to a variable is prohibited: use `nil` or pass `[]` in place");
}
TEST(AquaDiagnostics, NegativeIndex) {
  expect_first("aqua M\n\nfunc f(xs: []u32) -> u32:\n  <- xs!-1\n", "4:9: Collection indexes must be non-negative");
}
TEST(AquaDiagnostics, ConstantNameCase) {
  expect_first("aqua M\nconst lower = 1\n", "2:7: Constant's names must be in UPPERCASE: `lower`");
}
TEST(AquaDiagnostics, SyntaxErrorSaysWhatWasExpected) {
  expect_first("aqua M\n\nfunc f(:\n  x = 1\n", "3:8: Syntax error: expected a parameter name, found ':'");
}
TEST(AquaDiagnostics, ChainedComparison) {
  expect_first("aqua M\n\nfunc f(a: i32) -> bool:\n  <- 1 < a < 3\n",
               "4:12: Syntax error: comparisons cannot be chained (`a < b < c`); combine them with &&");
}
TEST(AquaDiagnostics, UnknownNameSuggests) {
  expect_first("aqua M\n\nfunc f(value: u32) -> u32:\n  <- valeu\n", "4:6: Name `valeu` is not defined in this scope; did you mean `value`?");
}
TEST(AquaDiagnostics, UnknownTypeSuggests) {
  expect_first("aqua M\n\nfunc f(x: strng):\n  y = x\n", "3:11: Type `strng` is not defined; did you mean `string`?");
}
TEST(AquaDiagnostics, RedefinedLocal) {
  expect_first("aqua M\n\nfunc f():\n  x = 1\n  x = 2\n", "5:3: This name was already defined in the scope: `x`");
}
TEST(AquaDiagnostics, RedefinedTopLevel) {
  expect_first("aqua M\nconst X = 1\nconst X = 2\n", "3:7: Name `X` was already defined (at test.aqua:2:7)");
}
TEST(AquaDiagnostics, TypesMismatch) {
  expect_first("aqua M\n\nservice S(\"s\"):\n  f(x: u32)\n\nfunc g():\n  S.f(\"str\")\n", "7:7: Types mismatch. expected: u32, given: string");
}
TEST(AquaDiagnostics, ServiceIdUndefined) {
  expect_first("aqua M\n\nservice S:\n  f()\n\nfunc g():\n  S.f()\n",
               "7:5: Service ID is undefined: the service `S` has no default id; bind one first with `S \"service-id\"`");
}
TEST(AquaDiagnostics, FieldNotFound) {
  expect_first("aqua M\n\ndata D:\n  a: string\n\nfunc g(d: D) -> string:\n  <- d.b\n", "7:8: Field `b` not found in type `D`, available: a");
}
TEST(AquaDiagnostics, ExpectedStream) {
  expect_first("aqua M\n\nfunc g(o: ?string):\n  o <<- \"x\"\n",
               "4:3: Expected stream value, got value of type '?string': only streams can be appended to with <<-");
}
TEST(AquaDiagnostics, NothingReturned) {
  expect_first("aqua M\n\nfunc g() -> string:\n  x = 1\n",
               "3:6: Return type is defined for the arrow, but nothing returned. Use `<- value, ...` as the last expression inside function body.");
}
TEST(AquaDiagnostics, CannotCompare) {
  expect_first("aqua M\n\nfunc g(a: string, b: u32) -> bool:\n  <- a == b\n", "4:8: Cannot compare 'string' with 'u32'");
}
TEST(AquaDiagnostics, WrongArgumentCount) {
  expect_first("aqua M\n\nservice S(\"s\"):\n  f(x: u32)\n\nfunc g():\n  S.f(1, 2)\n",
               "7:5: Wrong number of arguments: expected 1 (u32 -> ()), given 2");
}
TEST(AquaDiagnostics, OptionIndexedWithBrackets) {
  expect_first("aqua M\n\nfunc g(o: ?string, i: u32) -> string:\n  <- o[i]\n", "4:7: Options might have only one element, use ! to get it");
}
TEST(AquaDiagnostics, CannotResolveImport) {
  expect_first("aqua M\nimport \"nowhere.aqua\"\n",
               "2:8: Cannot resolve the import \"nowhere.aqua\": no such file next to this one, in the import folders (-I) or in node_modules");
}
TEST(AquaDiagnostics, DeclaredButNotDefined) {
  expect_first("aqua M declares nothing_here\n", "1:17: `nothing_here` is expected to be declared, but declaration is not found in the file");
}
TEST(AquaDiagnostics, ImportedNameNotDeclared) {
  expect_first("aqua M\nimport Nope from \"@fluencelabs/aqua-lib/math.aqua\"\n",
               "2:8: Imported file `declares *`, no Nope declared. Try adding `declares Nope` to that file.");
}
TEST(AquaDiagnostics, ExportUnknown) {
  expect_first("aqua M\nexport nope\n", "2:8: Cannot export `nope`: it is not defined in this file or imported");
}
TEST(AquaDiagnostics, ExportFunctionWithAbility) {
  expect_first("aqua M\nexport f\n\nability A:\n  x: u32\n\nfunc f{A}() -> u32:\n  <- A.x\n",
               "2:8: The function 'f' cannot be exported, because it takes an ability or returns an arrow or an ability");
}
TEST(AquaDiagnostics, ServiceMultipleResults) {
  expect_first("aqua M\n\nservice S(\"s\"):\n  f() -> u32, u32\n", "4:3: Service functions cannot have multiple results");
}
TEST(AquaDiagnostics, NotAFunction) {
  expect_first("aqua M\n\nfunc g(x: u32):\n  x()\n", "4:3: `x` is not a function (its type is u32)");
}
TEST(AquaDiagnostics, NoSuchMethod) {
  expect_first("aqua M\n\nservice S(\"s\"):\n  f()\n\nfunc g():\n  S.h()\n", "7:5: Service `S` has no method `h`, available: f");
}
TEST(AquaDiagnostics, TooManyReturned) {
  expect_first("aqua M\n\nfunc g() -> u32:\n  <- 1, 2\n", "4:9: Too many values are returned: the function's type declares 1");
}
TEST(AquaDiagnostics, TooFewReturned) {
  expect_first("aqua M\n\nfunc g() -> u32, u32:\n  <- 1\n", "4:3: Expected 1 more value to be returned, see the function's type");
}
TEST(AquaDiagnostics, UnusedResultsWarning) {
  auto r = compile("aqua M\n\nfunc two() -> u32, u32:\n  <- 1, 2\n\nfunc g() -> u32:\n  a <- two()\n  <- a\n");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(errors_of(r, true), "7:3: Arrow returns 2 values, but only 1 is used\n");
}
TEST(AquaDiagnostics, UnusedResultWarning) {
  auto r = compile("aqua M\n\nservice S(\"s\"):\n  f() -> u32\n\nfunc g():\n  S.f()\n");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(errors_of(r, true), "7:5: Arrow returns a value, but none are used\n");
}
TEST(AquaDiagnostics, ElseWithoutIf) {
  expect_first("aqua M\n\nfunc g():\n  else:\n    x = 1\n", "4:3: `else` must directly follow an `if` block");
}
TEST(AquaDiagnostics, MissingStructField) {
  expect_first("aqua M\n\ndata D:\n  a: string\n  b: u32\n\nfunc g() -> D:\n  <- D(a = \"x\")\n", "8:6: Missing fields of D: b");
}
TEST(AquaDiagnostics, UnexpectedStructFieldWarning) {
  auto r = compile("aqua M\n\ndata D:\n  a: string\n\nfunc g() -> D:\n  <- D(a = \"x\", c = 1)\n");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(errors_of(r, true), "7:17: Unexpected argument 'c': D has no such field (fields: a)\n");
}
TEST(AquaDiagnostics, ConditionMustBeBool) {
  expect_first("aqua M\n\nfunc g(x: u32):\n  if x:\n    y = 1\n", "4:6: Wrong value type, expected: bool, given: u32");
}
TEST(AquaDiagnostics, ArithmeticNeedsNumbers) {
  expect_first("aqua M\n\nfunc g(x: string) -> u32:\n  <- x + 1\n", "4:6: Arithmetic needs numbers, given: string");
}
TEST(AquaDiagnostics, CollectionOfStreams) {
  expect_first("aqua M\n\nfunc g(x: []*u32):\n  y = 1\n", "3:13: Collection elements must be data types (scalars, structs, arrays, options), not *u32");
}
TEST(AquaDiagnostics, ParWithoutPrevious) {
  expect_first("aqua M\n\nservice S(\"s\"):\n  f()\n\nfunc g():\n  par S.f()\n", "7:3: `par` needs a statement before it to run in parallel with");
}
TEST(AquaDiagnostics, RecNeedsStream) {
  expect_first("aqua M\n\nfunc g(xs: []u32):\n  for x <- xs rec:\n    y = x\n", "4:12: `for ... rec` iterates over a stream, but this is []u32");
}
TEST(AquaDiagnostics, ConstOverrideWrongType) {
  CompileOptions o;
  o.constants = {"X = \"s\""};
  auto r = compile("aqua M\nconst X ?= 1\n", o);
  EXPECT_EQ(errors_of(r), "2:7: The override of constant X has type string, but unsigned literal is expected\n");
}
TEST(AquaDiagnostics, ResultUnknownTypeWarning) {
  auto r = compile("aqua M\n\nfunc g(a: u64, b: i64) -> i64:\n  <- a + b\n");
  EXPECT_EQ(errors_of(r, true), "4:8: Result type of (u64 add i64) is unknown, using i64 instead\n");
}
TEST(AquaDiagnostics, SeveralErrorsInOneRun) {
  auto r = compile("aqua M\n\nfunc f():\n  a = nope1\n  b = nope2\n\nfunc g(:\n  x = 1\n");
  EXPECT_EQ(errors_of(r),
            "4:7: Name `nope1` is not defined in this scope\n"
            "5:7: Name `nope2` is not defined in this scope\n"
            "7:8: Syntax error: expected a parameter name, found ':'\n");
}
TEST(AquaDiagnostics, RenderShowsLineAndCaret) {
  auto r = compile("aqua M\n\nfunc f() -> u32:\n  <- nope\n");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].render(),
            "test.aqua:4:6: error: Name `nope` is not defined in this scope\n"
            "  4 |   <- nope\n"
            "    |      ^\n");
}

}  // namespace
}  // namespace fluence::aqua
