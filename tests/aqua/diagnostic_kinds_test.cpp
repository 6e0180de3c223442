// More diagnostic kinds, table-driven: the first diagnostic of each source, exactly.
#include <gtest/gtest.h>

#include "test_util.h"

namespace fluence::aqua {
namespace {

struct Case {
  const char* name;
  const char* source;
  const char* first;
};

const Case kCases[] = {
    {"const_expression", "aqua M\nconst X = 1 + 2\n",
     "2:13: A constant's value must be a literal or another constant, not an expression"},
    {"service_no_methods", "aqua M\n\nservice S(\"s\"):\n",
     "3:9: A service needs at least one method"},
    {"ability_missing_def", "aqua M\n\nfunc f{Nope}():\n  x = 1\n",
     "3:8: Ability `Nope` is not defined"},
    {"empty_data", "aqua M\n\ndata D:\n",
     "3:6: A data structure needs at least one field"},
    {"arrow_no_fields", "aqua M\n\nfunc g(cb: -> ()):\n  x = cb.field\n",
     "4:10: An arrow has no fields (`.field`)"},
    {"call_returns_nothing", "aqua M\n\nservice S(\"s\"):\n  f()\n\nfunc g():\n  x = S.f()\n",
     "7:9: This call returns no value, but a value is expected here"},
    {"index_not_integer", "aqua M\n\nfunc g(xs: []string) -> string:\n  <- xs[\"a\"]\n",
     "4:8: Collection index must be an integer, given: string"},
    {"stream_field_in_data", "aqua M\n\ndata D:\n  s: *string\n",
     "4:3: Fields of a data structure must be data types, given *string"},
    {"float_compare", "aqua M\n\nfunc g(a: f64, b: f64) -> bool:\n  <- a < b\n",
     "4:8: Comparison of floating point values is not supported: f64 and f64"},
    {"float_mul_mixed", "aqua M\n\nfunc g(a: f64, b: i32) -> i64:\n  <- a * b\n",
     "4:8: Float multiplication needs both operands to be floats, given: f64 and i32"},
    {"missing_ability_fields", "aqua M\n\nability A:\n  x: u32\n  y: u32\n\nfunc g() -> u32:\n  a = A(x = 1)\n  <- 1\n",
     "8:7: Missing fields of ability A: y"},
    {"named_args_in_call", "aqua M\n\nfunc h(x: u32) -> u32:\n  <- x\n\nfunc g() -> u32:\n  r <- h(x = 1)\n  <- r\n",
     "7:10: Named arguments (`x = ...`) are only for struct and ability constructors"},
    {"param_twice", "aqua M\n\nfunc g(x: u32, x: u32):\n  y = 1\n",
     "3:16: Parameter `x` is defined twice"},
    {"iterate_non_collection", "aqua M\n\nfunc g(x: u32):\n  for y <- x:\n    z = y\n",
     "4:12: Wrong value type, expected: a collection (array, option or stream) to iterate over, given: u32"},
    {"on_non_string", "aqua M\n\nfunc g(p: u32):\n  on p:\n    x = 1\n",
     "4:6: Wrong value type, expected: string (a peer id), given: u32"},
    {"service_id_non_string", "aqua M\n\nservice S:\n  f()\n\nfunc g():\n  S 5\n  S.f()\n",
     "7:5: Service id must be a string, given: unsigned literal"},
    {"default_id_non_string", "aqua M\n\nservice S(5):\n  f()\n",
     "3:11: The default service id must be a string, given unsigned literal"},
    {"stream_decl_non_stream", "aqua M\n\nfunc g():\n  x: []string\n",
     "4:6: Only streams can be declared without a value (`x: *[]string`); given []string"},
    {"pow_signed_exponent", "aqua M\n\nfunc g(a: u32, b: i32) -> i64:\n  <- a ** b\n",
     "4:11: The exponent of ** must be unsigned, given: i32"},
    {"wrong_ability_count", "aqua M\n\nability A:\n  x: u32\n\nfunc h{A}() -> u32:\n  <- A.x\n\nfunc g() -> u32:\n  r <- h()\n  <- r\n",
     "10:8: Wrong number of abilities: expected 1, given 0"},
    {"method_twice", "aqua M\n\nservice S(\"s\"):\n  f()\n  f()\n",
     "5:3: Method `f` is defined twice"},
    {"field_twice", "aqua M\n\ndata D:\n  a: u32\n  a: u32\n",
     "5:3: Field `a` is defined twice"},
    {"header_after_defs", "aqua M\n\nconst X = 1\nimport \"x.aqua\"\n",
     "4:1: `import` must be in the header, before any definition"},
    {"stream_result_append", "aqua M\n\nfunc mk() -> *string:\n  s: *string\n  <- s\n\nfunc g():\n  st: *string\n  st <- mk()\n",
     "9:3: Types mismatch. expected: string, given: *string (a stream result cannot be appended to an existing stream)"},
    {"wrong_field_on_scalar", "aqua M\n\nfunc g(x: u32) -> u32:\n  <- x.y\n",
     "4:8: Field `y` not found: a value of type u32 has no fields"},
    {"not_exportable_kind", "aqua M\nexport D\n\ndata D:\n  a: u32\n",
     "2:8: `D` cannot be exported: only functions and services can be"},
    {"copy_non_struct", "aqua M\n\nfunc g(x: u32) -> u32:\n  <- x.copy(a = 1)\n",
     "4:8: Only structures can be copied; this value is u32"},
    {"type_not_value", "aqua M\n\ndata D:\n  a: u32\n\nfunc g() -> u32:\n  x = D\n  <- 1\n",
     "7:7: `D` is a type, not a value"},
};

class AquaDiagnosticKinds : public ::testing::TestWithParam<Case> {};

TEST_P(AquaDiagnosticKinds, FirstDiagnosticIsExact) {
  const Case& c = GetParam();
  auto r = testing::compile(c.source);
  std::string all = testing::errors_of(r, true);
  EXPECT_EQ(all.substr(0, all.find('\n')), c.first) << all;
}

INSTANTIATE_TEST_SUITE_P(Kinds, AquaDiagnosticKinds, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace fluence::aqua
