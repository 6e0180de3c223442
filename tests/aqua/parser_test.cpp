// Parser rules: header forms, definitions, statements and expression precedence (aqua.md §2-§7).
#include <gtest/gtest.h>

#include "parser.h"

namespace fluence::aqua {
namespace {

struct Parsed {
  std::vector<SourceFile> files;
  DiagnosticSink diags{&files};
  Module m;
  explicit Parsed(const std::string& text) {
    files.emplace_back("t.aqua", text);
    m = parse_module(files[0], 0, diags);
  }
  const FuncDef& func(size_t i = 0) {
    size_t k = 0;
    for (auto& d : m.defs) {
      if (d.kind == TopDef::kFunc && k++ == i) return *d.func_def;
    }
    throw std::runtime_error("no func");
  }
};

TEST(AquaParser, HeaderWithDeclares) {
  Parsed p("aqua Lib.Util declares greet, Greeter\n");
  EXPECT_EQ(p.m.name, "Lib.Util");
  ASSERT_EQ(p.m.declares.size(), 2u);
  EXPECT_EQ(p.m.declares[1].name, "Greeter");
}

TEST(AquaParser, DeclaresStar) {
  Parsed p("aqua A declares *\n");
  EXPECT_TRUE(p.m.declares_all);
}

TEST(AquaParser, ImportForms) {
  Parsed p("aqua A\nimport \"a.aqua\"\nimport x, Y as Z from \"b\"\nuse \"c\" as C\nuse q from \"d\" as D\nexport f, g as h\n");
  ASSERT_EQ(p.m.header.size(), 5u);
  EXPECT_EQ(p.m.header[0].kind, HeaderLine::kImport);
  EXPECT_EQ(p.m.header[1].kind, HeaderLine::kImportFrom);
  EXPECT_EQ(p.m.header[1].items[1].as, "Z");
  EXPECT_EQ(p.m.header[2].as, "C");
  EXPECT_EQ(p.m.header[3].kind, HeaderLine::kUseFrom);
  EXPECT_EQ(p.m.header[4].items[1].as, "h");
  EXPECT_FALSE(p.diags.has_errors());
}

TEST(AquaParser, ServiceNamedAndUnnamedMethods) {
  Parsed p("aqua A\n\nservice S(\"id\"):\n  a(x: u32) -> string\n  b: string, u32 -> bool\n");
  const ServiceDef& s = *p.m.defs[0].service_def;
  ASSERT_EQ(s.methods.size(), 2u);
  EXPECT_EQ(s.methods[1].type->args.size(), 2u);
  EXPECT_EQ(s.default_id->text, "\"id\"");
}

TEST(AquaParser, FunctionWithAbilitiesAndCallbackParam) {
  Parsed p("aqua A\n\nfunc f{Ab}(cb: string, u32 -> string, x: u32) -> u32, string:\n  <- 1, \"a\"\n");
  const FuncDef& f = p.func();
  EXPECT_EQ(f.sig.abilities, std::vector<std::string>{"Ab"});
  ASSERT_EQ(f.sig.params.size(), 2u);
  EXPECT_EQ(f.sig.params[0].type->kind, TypeExpr::kArrow);
  EXPECT_EQ(f.sig.params[0].type->args.size(), 2u);
  EXPECT_EQ(f.sig.results.size(), 2u);
}

TEST(AquaParser, PrecedenceMulBeforeAdd) {
  Parsed p("aqua A\n\nfunc f() -> u32:\n  <- 1 + 2 * 3\n");
  const Expr& e = *p.func().body[0]->values[0];
  EXPECT_EQ(e.op, BinOp::kAdd);
  EXPECT_EQ(e.rhs->op, BinOp::kMul);
}

TEST(AquaParser, PowIsRightAssociative) {
  Parsed p("aqua A\n\nfunc f() -> u32:\n  <- 2 ** 3 ** 2\n");
  const Expr& e = *p.func().body[0]->values[0];
  EXPECT_EQ(e.op, BinOp::kPow);
  EXPECT_EQ(e.rhs->kind, Expr::kBinary);
}

TEST(AquaParser, AndBindsTighterThanOr) {
  Parsed p("aqua A\n\nfunc f(a: bool, b: bool, c: bool) -> bool:\n  <- a || b && c\n");
  const Expr& e = *p.func().body[0]->values[0];
  EXPECT_EQ(e.op, BinOp::kOr);
  EXPECT_EQ(e.rhs->op, BinOp::kAnd);
}

TEST(AquaParser, PostfixProperties) {
  Parsed p("aqua A\n\nfunc f(x: D) -> u32:\n  <- x.a.b[1]!2\n");
  const Expr& e = *p.func().body[0]->values[0];
  EXPECT_EQ(e.kind, Expr::kBang);
  EXPECT_EQ(e.index, 2);
  EXPECT_EQ(e.lhs->kind, Expr::kIndex);
}

TEST(AquaParser, StatementKinds) {
  Parsed p(
      "aqua A\n\nfunc f(xs: []string):\n  S \"id\"\n  st: *string\n  st <<- \"a\"\n  for x <- xs par:\n    S.a()\n  on \"p\" via \"r\":\n"
      "    S.a()\n  par S.b()\n  co S.c()\n  join st[0]\n  c = (y: u32) -> u32:\n    <- y\n  try:\n    S.a()\n  catch e:\n    S.b()\n"
      "  a, b <- g()\n");
  const auto& b = p.func().body;
  std::vector<Stmt::Kind> k;
  for (const auto& s : b) k.push_back(s->kind);
  EXPECT_EQ(k, (std::vector<Stmt::Kind>{Stmt::kServiceId, Stmt::kStreamDecl, Stmt::kPush, Stmt::kFor, Stmt::kOn, Stmt::kPar, Stmt::kCo,
                                        Stmt::kJoin, Stmt::kClosure, Stmt::kTry, Stmt::kCatch, Stmt::kCall}));
  EXPECT_EQ(b[3]->mode, "par");
  EXPECT_EQ(b[4]->values.size(), 1u);
  EXPECT_EQ(b[11]->binds.size(), 2u);
  EXPECT_FALSE(p.diags.has_errors());
}

TEST(AquaParser, DetachedClosure) {
  Parsed p("aqua A\n\nfunc f():\n  c = func ():\n    S.a()\n  c()\n");
  EXPECT_TRUE(p.func().body[0]->detached);
}

TEST(AquaParser, ParseqWithVia) {
  Parsed p("aqua A\n\nfunc f(ps: []string):\n  parseq x <- ps on x via \"r\":\n    S.a()\n");
  const Stmt& s = *p.func().body[0];
  EXPECT_EQ(s.kind, Stmt::kParseq);
  EXPECT_EQ(s.values.size(), 1u);
}

TEST(AquaParser, BadLineIsSkippedAndOthersParsed) {
  Parsed p("aqua A\n\nfunc f():\n  x = = 1\n  y = 2\n");
  EXPECT_TRUE(p.diags.has_errors());
  EXPECT_EQ(p.func().body.size(), 1u);
}

TEST(AquaParser, OptionOfArrayType) {
  Parsed p("aqua A\n\ndata D:\n  a: ?[]u8\n");
  const TypeExpr& t = *p.m.defs[0].data_def->fields[0].type;
  EXPECT_EQ(t.kind, TypeExpr::kOption);
  EXPECT_EQ(t.elem->kind, TypeExpr::kArray);
  EXPECT_FALSE(p.diags.has_errors());
}

}  // namespace
}  // namespace fluence::aqua
