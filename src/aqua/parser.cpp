#include "parser.h"

#include <string>

namespace fluence::aqua {
namespace {

struct ParseError {
  Pos pos;
  std::string message;
};

bool is_const_name(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !s.empty();
}

// Token cursor over one logical line.
struct Cursor {
  const std::vector<Token>& toks;
  size_t i = 0;

  const Token& peek(size_t k = 0) const { return toks[std::min(i + k, toks.size() - 1)]; }
  bool at(Tok t, size_t k = 0) const { return peek(k).kind == t; }
  bool at_word(std::string_view w, size_t k = 0) const { return peek(k).kind == Tok::kLower && peek(k).text == w; }
  const Token& take() {
    const Token& t = toks[i];
    if (i + 1 < toks.size()) ++i;
    return t;
  }
  [[noreturn]] void fail(const std::string& expected) const {
    const Token& t = peek();
    std::string found = t.kind == Tok::kEnd ? "end of line" : "'" + std::string(t.text) + "'";
    throw ParseError{t.pos, "Syntax error: expected " + expected + ", found " + found};
  }
  const Token& expect(Tok t, const std::string& what = "") {
    if (!at(t)) fail(what.empty() ? tok_name(t) : what);
    return take();
  }
  bool accept(Tok t) {
    if (!at(t)) return false;
    take();
    return true;
  }
  void expect_end() {
    if (!at(Tok::kEnd)) fail("end of line");
  }
};

class Parser {
 public:
  Parser(int32_t file, DiagnosticSink& diags) : file_(file), diags_(diags) {}

  Module parse(std::vector<std::unique_ptr<Line>>& lines) {
    Module m;
    m.file = file_;
    size_t k = 0;
    // Header: the aqua line first, then import/use/export lines.
    if (k < lines.size()) {
      Line& l = *lines[k];
      if (l.toks[0].kind == Tok::kLower && (l.toks[0].text == "aqua" || l.toks[0].text == "module")) {
        guard(l, [&] { parse_aqua_line(l, m); });
        ++k;
      }
    }
    if (!m.has_header) {
      Pos p = lines.empty() ? Pos{file_, 1, 1} : lines[0]->pos;
      diags_.error(p, "Missing module header at the top of the file: expected `aqua ModuleName` as the first line");
    }
    for (; k < lines.size(); ++k) {
      Line& l = *lines[k];
      if (l.toks[0].kind == Tok::kLower &&
          (l.toks[0].text == "import" || l.toks[0].text == "use" || l.toks[0].text == "export")) {
        guard(l, [&] { parse_header_line(l, m); });
        continue;
      }
      guard(l, [&] { parse_top(l, m); });
    }
    return m;
  }

 private:
  int32_t file_;
  DiagnosticSink& diags_;
  int depth_ = 0;

  template <typename F>
  void guard(Line& l, F&& f) {
    try {
      f();
    } catch (const ParseError& e) {
      diags_.error(e.pos, e.message);
    }
    (void)l;
  }

  static std::string unquote(std::string_view s) {
    if (s.size() >= 2) return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
  }

  std::string dotted_upper(Cursor& c, const std::string& what) {
    std::string name(c.expect(Tok::kUpper, what).text);
    while (c.at(Tok::kDot) && c.at(Tok::kUpper, 1)) {
      c.take();
      name += ".";
      name += c.take().text;
    }
    return name;
  }

  void parse_aqua_line(Line& l, Module& m) {
    Cursor c{l.toks};
    const Token& kw = c.take();
    m.pos = kw.pos;
    m.has_header = true;
    if (kw.text == "module") {
      diags_.error(kw.pos, "Keyword `module` is deprecated, use `aqua` instead");
    }
    m.name = dotted_upper(c, "module name (like `aqua MyModule`)");
    if (c.at_word("declares")) {
      c.take();
      if (c.accept(Tok::kStar)) {
        m.declares_all = true;
      } else {
        m.declares = parse_items(c, false);
      }
    }
    c.expect_end();
    if (!l.children.empty()) throw ParseError{l.children[0]->pos, "Unexpected indentation after the module header"};
  }

  std::vector<ImportItem> parse_items(Cursor& c, bool allow_as) {
    std::vector<ImportItem> items;
    do {
      ImportItem it;
      it.pos = c.peek().pos;
      if (c.at(Tok::kLower)) {
        it.name = std::string(c.take().text);
      } else if (c.at(Tok::kUpper)) {
        it.name = dotted_upper(c, "a name");
      } else {
        c.fail("a name to import, declare or export");
      }
      if (allow_as && c.at_word("as")) {
        c.take();
        if (c.at(Tok::kLower) || c.at(Tok::kUpper)) {
          it.as = std::string(c.take().text);
        } else {
          c.fail("a new name after `as`");
        }
      }
      items.push_back(std::move(it));
    } while (c.accept(Tok::kComma));
    return items;
  }

  void parse_header_line(Line& l, Module& m) {
    Cursor c{l.toks};
    HeaderLine h;
    const Token& kw = c.take();
    h.pos = kw.pos;
    if (kw.text == "export") {
      h.kind = HeaderLine::kExport;
      h.items = parse_items(c, true);
    } else if (kw.text == "import") {
      if (c.at(Tok::kString)) {
        h.kind = HeaderLine::kImport;
        h.path_pos = c.peek().pos;
        h.path = unquote(c.take().text);
      } else {
        h.kind = HeaderLine::kImportFrom;
        h.items = parse_items(c, true);
        if (!c.at_word("from")) c.fail("`from \"file.aqua\"` after the imported names");
        c.take();
        h.path_pos = c.peek().pos;
        h.path = unquote(c.expect(Tok::kString, "a file path in quotes").text);
      }
    } else {  // use
      if (c.at(Tok::kString)) {
        h.kind = HeaderLine::kUse;
        h.path_pos = c.peek().pos;
        h.path = unquote(c.take().text);
        if (c.at_word("as")) {
          c.take();
          h.as = dotted_upper(c, "a module name after `as`");
        }
      } else {
        h.kind = HeaderLine::kUseFrom;
        h.items = parse_items(c, true);
        if (!c.at_word("from")) c.fail("`from \"file.aqua\"` after the used names");
        c.take();
        h.path_pos = c.peek().pos;
        h.path = unquote(c.expect(Tok::kString, "a file path in quotes").text);
        if (!c.at_word("as")) c.fail("`as ModuleName` (mandatory for `use ... from`)");
        c.take();
        h.as = dotted_upper(c, "a module name after `as`");
      }
    }
    c.expect_end();
    m.header.push_back(std::move(h));
  }

  // ---- types ----
  TypeExprP parse_type(Cursor& c) {
    auto t = std::make_unique<TypeExpr>();
    t->pos = c.peek().pos;
    if (c.at(Tok::kLBracket) && c.at(Tok::kRBracket, 1)) {
      c.take();
      c.take();
      t->kind = TypeExpr::kArray;
      t->elem = parse_type(c);
    } else if ((c.at(Tok::kOptBracket) || c.at(Tok::kStreamBracket)) && c.at(Tok::kRBracket, 1)) {
      // `?[]T` / `*[]T` lex as collection openers; in a type they are option/stream of array.
      t->kind = c.at(Tok::kOptBracket) ? TypeExpr::kOption : TypeExpr::kStream;
      c.take();
      c.take();
      auto arr = std::make_unique<TypeExpr>();
      arr->pos = t->pos;
      arr->kind = TypeExpr::kArray;
      arr->elem = parse_type(c);
      t->elem = std::move(arr);
    } else if (c.at(Tok::kQuestion)) {
      c.take();
      t->kind = TypeExpr::kOption;
      t->elem = parse_type(c);
    } else if (c.at(Tok::kStar)) {
      c.take();
      t->kind = TypeExpr::kStream;
      t->elem = parse_type(c);
    } else if (c.at(Tok::kPow)) {  // `**T`: a stream of streams, rejected later
      c.take();
      t->kind = TypeExpr::kStream;
      auto inner = std::make_unique<TypeExpr>();
      inner->pos = t->pos;
      inner->kind = TypeExpr::kStream;
      inner->elem = parse_type(c);
      t->elem = std::move(inner);
    } else if (c.at(Tok::kTop)) {
      c.take();
      t->kind = TypeExpr::kTop;
    } else if (c.at(Tok::kBottom)) {
      c.take();
      t->kind = TypeExpr::kBottom;
    } else if (c.at(Tok::kLower)) {
      t->kind = TypeExpr::kNamed;
      t->name = std::string(c.take().text);
    } else if (c.at(Tok::kUpper)) {
      t->kind = TypeExpr::kNamed;
      t->name = dotted_upper(c, "a type");
    } else if (c.at(Tok::kLParen)) {
      c.take();
      auto inner = parse_type_or_arrow(c);
      c.expect(Tok::kRParen);
      return inner;
    } else if (c.at(Tok::kRArrow) || c.at(Tok::kLBrace)) {
      return parse_arrow_type(c);
    } else {
      c.fail("a type (like string, u32, []T, ?T, *T, A -> B)");
    }
    return t;
  }

  // A type that may be an arrow: `T, U -> R` is handled by the callers that allow lists.
  TypeExprP parse_type_or_arrow(Cursor& c) {
    if (c.at(Tok::kRArrow) || c.at(Tok::kLBrace)) return parse_arrow_type(c);
    auto first = parse_type(c);
    if (c.at(Tok::kRArrow) || c.at(Tok::kComma)) {
      // Might be an arrow with several arguments.
      size_t save = c.i;
      std::vector<TypeExprP> args;
      args.push_back(std::move(first));
      while (c.accept(Tok::kComma)) args.push_back(parse_type(c));
      if (c.at(Tok::kRArrow)) {
        auto a = std::make_unique<TypeExpr>();
        a->kind = TypeExpr::kArrow;
        a->pos = args[0]->pos;
        for (auto& x : args) {
          a->arg_names.emplace_back();
          a->args.push_back(std::move(x));
        }
        c.take();
        parse_arrow_results(c, *a);
        return a;
      }
      c.i = save;
      return std::move(args[0]);
    }
    return first;
  }

  TypeExprP parse_arrow_type(Cursor& c) {
    auto a = std::make_unique<TypeExpr>();
    a->kind = TypeExpr::kArrow;
    a->pos = c.peek().pos;
    if (c.accept(Tok::kLBrace)) {
      do a->abilities.push_back(dotted_upper(c, "an ability name"));
      while (c.accept(Tok::kComma));
      c.expect(Tok::kRBrace);
    }
    if (!c.at(Tok::kRArrow)) {
      do {
        a->arg_names.emplace_back();
        a->args.push_back(parse_type(c));
      } while (c.accept(Tok::kComma));
    }
    c.expect(Tok::kRArrow, "'->'");
    parse_arrow_results(c, *a);
    return a;
  }

  void parse_arrow_results(Cursor& c, TypeExpr& a) {
    if (c.at(Tok::kLParen) && c.at(Tok::kRParen, 1)) {
      c.take();
      c.take();
      return;
    }
    do a.results.push_back(parse_type(c));
    while (c.accept(Tok::kComma));
  }

  // ---- values ----
  ExprP mk(Expr::Kind k, Pos p) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->pos = p;
    return e;
  }

  ExprP parse_value(Cursor& c) {
    if (++depth_ > 300) {
      --depth_;
      throw ParseError{c.peek().pos, "Expression is nested too deeply (more than 300 levels)"};
    }
    auto v = parse_binary(c, 1);
    --depth_;
    return v;
  }

  static int prec(Tok t) {
    switch (t) {
      case Tok::kOr: return 1;
      case Tok::kAnd: return 2;
      case Tok::kEq: case Tok::kNe: return 3;
      case Tok::kLt: case Tok::kLe: case Tok::kGt: case Tok::kGe: return 4;
      case Tok::kPlus: case Tok::kMinus: return 5;
      case Tok::kStar: case Tok::kSlash: case Tok::kPercent: return 6;
      case Tok::kPow: return 7;
      default: return 0;
    }
  }
  static BinOp binop(Tok t) {
    switch (t) {
      case Tok::kOr: return BinOp::kOr;
      case Tok::kAnd: return BinOp::kAnd;
      case Tok::kEq: return BinOp::kEq;
      case Tok::kNe: return BinOp::kNe;
      case Tok::kLt: return BinOp::kLt;
      case Tok::kLe: return BinOp::kLe;
      case Tok::kGt: return BinOp::kGt;
      case Tok::kGe: return BinOp::kGe;
      case Tok::kPlus: return BinOp::kAdd;
      case Tok::kMinus: return BinOp::kSub;
      case Tok::kStar: return BinOp::kMul;
      case Tok::kSlash: return BinOp::kDiv;
      case Tok::kPercent: return BinOp::kRem;
      default: return BinOp::kPow;
    }
  }

  ExprP parse_binary(Cursor& c, int min_prec) {
    auto lhs = parse_unary(c);
    for (;;) {
      int p = prec(c.peek().kind);
      if (p == 0 || p < min_prec) return lhs;
      Token op = c.take();
      if (p == 4 && prec(c.peek().kind) == 4) c.fail("a value");
      auto rhs = parse_binary(c, p == 7 ? p : p + 1);  // ** is right associative
      if (p == 4 && prec(c.peek().kind) == 4) {
        throw ParseError{c.peek().pos, "Syntax error: comparisons cannot be chained (`a < b < c`); combine them with &&"};
      }
      auto b = mk(Expr::kBinary, op.pos);
      b->op = binop(op.kind);
      b->lhs = std::move(lhs);
      b->rhs = std::move(rhs);
      lhs = std::move(b);
    }
  }

  ExprP parse_unary(Cursor& c) {
    if (c.at(Tok::kBang)) {
      Pos p = c.take().pos;
      auto e = mk(Expr::kNot, p);
      if (++depth_ > 300) throw ParseError{p, "Expression is nested too deeply (more than 300 levels)"};
      e->lhs = parse_unary(c);
      --depth_;
      return e;
    }
    return parse_postfix(c, parse_basic(c));
  }

  void parse_args(Cursor& c, std::vector<Arg>& args) {
    c.expect(Tok::kLParen);
    if (c.accept(Tok::kRParen)) return;
    do {
      Arg a;
      a.pos = c.peek().pos;
      if ((c.at(Tok::kLower) || c.at(Tok::kUpper)) && c.at(Tok::kAssign, 1)) {
        a.name = std::string(c.take().text);
        c.take();
      }
      a.value = parse_value(c);
      args.push_back(std::move(a));
    } while (c.accept(Tok::kComma));
    c.expect(Tok::kRParen, "',' or ')'");
  }

  void parse_abilities(Cursor& c, std::vector<std::string>& names, std::vector<Pos>& pos) {
    c.expect(Tok::kLBrace);
    do {
      pos.push_back(c.peek().pos);
      if (c.at(Tok::kLower)) {
        names.emplace_back(c.take().text);
      } else {
        names.push_back(dotted_upper(c, "an ability"));
      }
    } while (c.accept(Tok::kComma));
    c.expect(Tok::kRBrace, "',' or '}'");
  }

  ExprP parse_basic(Cursor& c) {
    const Token& t = c.peek();
    switch (t.kind) {
      case Tok::kString: {
        auto e = mk(Expr::kString, t.pos);
        e->text = std::string(c.take().text);
        return e;
      }
      case Tok::kInt:
      case Tok::kFloat: {
        auto e = mk(t.kind == Tok::kInt ? Expr::kInt : Expr::kFloat, t.pos);
        e->text = std::string(c.take().text);
        return e;
      }
      case Tok::kMinus: {
        if ((c.at(Tok::kInt, 1) || c.at(Tok::kFloat, 1)) && !c.peek(1).space_before) {
          Pos p = c.take().pos;
          auto e = mk(c.at(Tok::kInt) ? Expr::kInt : Expr::kFloat, p);
          e->text = "-" + std::string(c.take().text);
          return e;
        }
        c.fail("a value");
      }
      case Tok::kInitPeer: {
        c.take();
        return mk(Expr::kInitPeer, t.pos);
      }
      case Tok::kLParen: {
        c.take();
        auto e = parse_value(c);
        c.expect(Tok::kRParen, "')'");
        return e;
      }
      case Tok::kLBracket:
      case Tok::kOptBracket:
      case Tok::kStreamBracket: {
        Token open = c.take();
        auto e = mk(Expr::kCollection, open.pos);
        e->coll = open.kind == Tok::kLBracket ? '[' : open.kind == Tok::kOptBracket ? '?' : '*';
        if (!c.accept(Tok::kRBracket)) {
          do e->elems.push_back(parse_value(c));
          while (c.accept(Tok::kComma));
          c.expect(Tok::kRBracket, "',' or ']'");
        }
        return e;
      }
      case Tok::kLower:
      case Tok::kUpper: {
        if (t.text == "true" || t.text == "false") {
          auto e = mk(Expr::kBool, t.pos);
          e->text = std::string(c.take().text);
          return e;
        }
        if (t.text == "nil") {
          c.take();
          return mk(Expr::kNil, t.pos);
        }
        Token name = c.take();
        if (c.at(Tok::kLParen) || (c.at(Tok::kLBrace) && !c.peek().space_before)) {
          auto e = mk(Expr::kCall, name.pos);
          e->text = std::string(name.text);
          if (c.at(Tok::kLBrace)) parse_abilities(c, e->abilities, e->ability_pos);
          parse_args(c, e->args);
          return e;
        }
        auto e = mk(Expr::kName, name.pos);
        e->text = std::string(name.text);
        return e;
      }
      default:
        c.fail("a value");
    }
  }

  ExprP parse_postfix(Cursor& c, ExprP base) {
    for (;;) {
      if (c.at(Tok::kDot) && (c.at(Tok::kLower, 1) || c.at(Tok::kUpper, 1))) {
        c.take();
        Token name = c.take();
        if (name.text == "copy" && c.at(Tok::kLParen)) {
          auto e = mk(Expr::kCopy, name.pos);
          e->lhs = std::move(base);
          parse_args(c, e->args);
          base = std::move(e);
          continue;
        }
        if (c.at(Tok::kLParen) || (c.at(Tok::kLBrace) && !c.peek().space_before)) {
          auto e = mk(Expr::kMethod, name.pos);
          e->text = std::string(name.text);
          e->lhs = std::move(base);
          if (c.at(Tok::kLBrace)) parse_abilities(c, e->abilities, e->ability_pos);
          parse_args(c, e->args);
          base = std::move(e);
          continue;
        }
        auto e = mk(Expr::kField, name.pos);
        e->text = std::string(name.text);
        e->lhs = std::move(base);
        base = std::move(e);
        continue;
      }
      if (c.at(Tok::kLBracket) && !c.peek().space_before) {
        Pos p = c.take().pos;
        auto e = mk(Expr::kIndex, p);
        e->lhs = std::move(base);
        if (c.at(Tok::kMinus) && c.at(Tok::kInt, 1)) throw ParseError{c.peek().pos, "Collection indexes must be non-negative"};
        e->rhs = parse_value(c);
        c.expect(Tok::kRBracket, "']'");
        base = std::move(e);
        continue;
      }
      if (c.at(Tok::kBang) && !c.peek().space_before) {
        Pos p = c.take().pos;
        auto e = mk(Expr::kBang, p);
        e->lhs = std::move(base);
        if (c.at(Tok::kInt) && !c.peek().space_before) {
          std::string_view digits = c.take().text;
          if (digits.size() > 9) throw ParseError{p, "Collection index is too large"};
          e->index = std::stoi(std::string(digits));
        } else if (c.at(Tok::kMinus) && !c.peek().space_before) {
          throw ParseError{c.peek().pos, "Collection indexes must be non-negative"};
        } else if ((c.at(Tok::kLower) || c.at(Tok::kUpper)) && !c.peek().space_before) {
          throw ParseError{c.peek().pos, "Syntax error: `!` takes a literal index (`xs!2`); use `xs[i]` for a variable index"};
        }
        base = std::move(e);
        continue;
      }
      return base;
    }
  }

  // ---- definitions ----
  void parse_params(Cursor& c, ArrowSig& sig) {
    if (c.at(Tok::kLBrace)) parse_abilities(c, sig.abilities, sig.ability_pos);
    c.expect(Tok::kLParen, "'('");
    if (!c.accept(Tok::kRParen)) {
      do {
        Param p;
        p.pos = c.peek().pos;
        if (!c.at(Tok::kLower) && !c.at(Tok::kUpper)) c.fail("a parameter name");
        p.name = std::string(c.take().text);
        c.expect(Tok::kColon, "':' and the parameter's type");
        p.type = parse_type_or_arrow_param(c);
        sig.params.push_back(std::move(p));
      } while (c.accept(Tok::kComma));
      c.expect(Tok::kRParen, "',' or ')'");
    }
    if (c.accept(Tok::kRArrow)) {
      if (c.at(Tok::kLParen) && c.at(Tok::kRParen, 1)) {
        c.take();
        c.take();
      } else {
        do sig.results.push_back(parse_type(c));
        while (c.accept(Tok::kComma));
      }
    }
  }

  // A parameter type: arrow types with several arguments are allowed
  // (`cb: string, u32 -> string`), so a comma belongs to the type only if an arrow follows.
  TypeExprP parse_type_or_arrow_param(Cursor& c) {
    if (c.at(Tok::kRArrow) || c.at(Tok::kLBrace)) return parse_arrow_type(c);
    size_t save = c.i;
    auto first = parse_type(c);
    if (c.at(Tok::kRArrow) || c.at(Tok::kComma)) {
      // Scan ahead: types separated by commas then '->' form an arrow.
      size_t probe = c.i;
      bool arrow = c.at(Tok::kRArrow);
      if (!arrow) {
        try {
          Cursor d{c.toks, probe};
          while (d.accept(Tok::kComma)) {
            if (d.at(Tok::kLower) && d.at(Tok::kColon, 1)) break;  // next parameter
            parse_type(d);
          }
          arrow = d.at(Tok::kRArrow);
        } catch (const ParseError&) {
          arrow = false;
        }
      }
      if (arrow) {
        c.i = save;
        auto a = std::make_unique<TypeExpr>();
        a->kind = TypeExpr::kArrow;
        a->pos = c.peek().pos;
        do {
          a->arg_names.emplace_back();
          a->args.push_back(parse_type(c));
        } while (c.accept(Tok::kComma));
        c.expect(Tok::kRArrow);
        if (c.at(Tok::kLParen) && c.at(Tok::kRParen, 1)) {
          c.take();
          c.take();
        } else {
          a->results.push_back(parse_type(c));
          // Multiple results of a callback parameter would be ambiguous with the next parameter.
        }
        return a;
      }
    }
    return first;
  }

  void parse_top(Line& l, Module& m) {
    Cursor c{l.toks};
    const Token& t = c.peek();
    std::string_view w = t.text;
    if (t.kind != Tok::kLower) c.fail("a definition (const, alias, data, service, ability or func)");
    TopDef d;
    if (w == "const") {
      c.take();
      auto cd = std::make_unique<ConstDef>();
      cd->pos = c.peek().pos;
      if (!c.at(Tok::kUpper) && !c.at(Tok::kLower)) c.fail("a constant name");
      cd->name = std::string(c.take().text);
      if (!is_const_name(cd->name)) diags_.error(cd->pos, "Constant's names must be in UPPERCASE: `" + cd->name + "`");
      if (c.accept(Tok::kQAssign)) {
        cd->overridable = true;
      } else {
        c.expect(Tok::kAssign, "'=' or '?='");
      }
      cd->value = parse_value(c);
      c.expect_end();
      d.kind = TopDef::kConst;
      d.const_def = std::move(cd);
    } else if (w == "alias") {
      c.take();
      auto a = std::make_unique<AliasDef>();
      a->pos = c.peek().pos;
      a->name = std::string(c.expect(Tok::kUpper, "a type name (capitalized)").text);
      c.expect(Tok::kColon);
      a->type = parse_type_or_arrow(c);
      c.expect_end();
      d.kind = TopDef::kAlias;
      d.alias_def = std::move(a);
    } else if (w == "data" || w == "ability") {
      c.take();
      auto dd = std::make_unique<DataDef>();
      dd->is_ability = w == "ability";
      dd->pos = c.peek().pos;
      dd->name = std::string(c.expect(Tok::kUpper, "a type name (capitalized)").text);
      c.expect(Tok::kColon);
      c.expect_end();
      for (auto& ch : l.children) {
        guard(*ch, [&] {
          Cursor f{ch->toks};
          FieldDef fd;
          fd.pos = f.peek().pos;
          if (!f.at(Tok::kLower) && !f.at(Tok::kUpper)) f.fail("a field name");
          fd.name = std::string(f.take().text);
          if (dd->is_ability && f.at(Tok::kLParen)) {
            ArrowSig sig;
            parse_params(f, sig);
            fd.type = sig_to_type(sig, fd.pos);
          } else {
            f.expect(Tok::kColon, "':' and the field's type");
            fd.type = dd->is_ability ? parse_type_or_arrow(f) : parse_type(f);
          }
          f.expect_end();
          if (!ch->children.empty()) throw ParseError{ch->children[0]->pos, "Unexpected indentation inside a type definition"};
          dd->fields.push_back(std::move(fd));
        });
      }
      d.kind = dd->is_ability ? TopDef::kAbility : TopDef::kData;
      d.data_def = std::move(dd);
    } else if (w == "service") {
      c.take();
      auto s = std::make_unique<ServiceDef>();
      s->pos = c.peek().pos;
      s->name = std::string(c.expect(Tok::kUpper, "a service name (capitalized)").text);
      if (c.accept(Tok::kLParen)) {
        s->default_id = parse_value(c);
        c.expect(Tok::kRParen, "')'");
      }
      c.expect(Tok::kColon);
      c.expect_end();
      for (auto& ch : l.children) {
        guard(*ch, [&] {
          Cursor f{ch->toks};
          ServiceMethodDef md;
          md.pos = f.peek().pos;
          md.name = std::string(f.expect(Tok::kLower, "a method name").text);
          if (f.at(Tok::kLParen)) {
            ArrowSig sig;
            parse_params(f, sig);
            md.type = sig_to_type(sig, md.pos);
          } else {
            f.expect(Tok::kColon, "'(' or ':' after the method name");
            md.type = parse_type_or_arrow(f);
            if (md.type->kind != TypeExpr::kArrow) throw ParseError{md.type->pos, "Syntax error: expected an arrow type (`A -> B`)"};
          }
          f.expect_end();
          s->methods.push_back(std::move(md));
        });
      }
      d.kind = TopDef::kService;
      d.service_def = std::move(s);
    } else if (w == "func") {
      c.take();
      auto f = std::make_unique<FuncDef>();
      f->pos = c.peek().pos;
      f->name = std::string(c.expect(Tok::kLower, "a function name").text);
      parse_params(c, f->sig);
      c.expect(Tok::kColon, "':' at the end of the function header");
      c.expect_end();
      f->body = parse_block(l.children, true);
      d.kind = TopDef::kFunc;
      d.func_def = std::move(f);
    } else if (w == "import" || w == "use" || w == "aqua" || w == "module") {
      throw ParseError{t.pos, "`" + std::string(w) + "` must be in the header, before any definition"};
    } else {
      c.fail("a definition (const, alias, data, service, ability or func)");
    }
    m.defs.push_back(std::move(d));
  }

  TypeExprP sig_to_type(ArrowSig& sig, Pos pos) {
    auto a = std::make_unique<TypeExpr>();
    a->kind = TypeExpr::kArrow;
    a->pos = pos;
    a->abilities = sig.abilities;
    for (auto& p : sig.params) {
      a->arg_names.push_back(p.name);
      a->args.push_back(std::move(p.type));
    }
    a->results = std::move(sig.results);
    return a;
  }

  // ---- statements ----
  std::vector<StmtP> parse_block(std::vector<std::unique_ptr<Line>>& lines, bool allow_return) {
    std::vector<StmtP> out;
    for (size_t k = 0; k < lines.size(); ++k) {
      Line& l = *lines[k];
      try {
        auto s = parse_stmt(l);
        if (s->kind == Stmt::kReturn && (!allow_return || k + 1 != lines.size())) {
          throw ParseError{s->pos, "Return expression must be on the top indentation level and at the end of function body"};
        }
        out.push_back(std::move(s));
      } catch (const ParseError& e) {
        diags_.error(e.pos, e.message);
      }
    }
    return out;
  }

  StmtP mk_stmt(Stmt::Kind k, Pos p) {
    auto s = std::make_unique<Stmt>();
    s->kind = k;
    s->pos = p;
    return s;
  }

  void no_children(Line& l) {
    if (!l.children.empty()) throw ParseError{l.children[0]->pos, "Unexpected indentation: this statement does not open a block"};
  }

  void parse_on_tail(Cursor& c, Stmt& s) {
    s.peer = parse_value(c);
    while (c.at_word("via")) {
      c.take();
      s.values.push_back(parse_value(c));
    }
  }

  StmtP parse_stmt(Line& l) {
    Cursor c{l.toks};
    auto s = parse_stmt_inline(c, l);
    return s;
  }

  StmtP parse_stmt_inline(Cursor& c, Line& l) {
    const Token& t = c.peek();
    Pos p = t.pos;
    bool header = l.is_header() && c.i == 0 ? true : l.is_header();
    if (t.kind == Tok::kLArrow) {
      c.take();
      auto s = mk_stmt(Stmt::kReturn, p);
      do s->values.push_back(parse_value(c));
      while (c.accept(Tok::kComma));
      c.expect_end();
      no_children(l);
      return s;
    }
    if (t.kind == Tok::kLower) {
      std::string_view w = t.text;
      if (w == "for" && (c.at(Tok::kLower, 1) || c.at(Tok::kUpper, 1)) && c.at(Tok::kLArrow, 2)) {
        c.take();
        auto s = mk_stmt(Stmt::kFor, p);
        s->name_pos = c.peek().pos;
        s->name = std::string(c.take().text);
        c.take();
        s->value = parse_value(c);
        if (c.at_word("par") || c.at_word("try") || c.at_word("rec")) s->mode = std::string(c.take().text);
        c.expect(Tok::kColon, "':' (or par/try/rec) after the iterable");
        c.expect_end();
        s->body = parse_block(l.children, false);
        return s;
      }
      if (w == "parseq" && c.at(Tok::kLower, 1) && c.at(Tok::kLArrow, 2)) {
        c.take();
        auto s = mk_stmt(Stmt::kParseq, p);
        s->name_pos = c.peek().pos;
        s->name = std::string(c.take().text);
        c.take();
        s->value = parse_value(c);
        if (!c.at_word("on")) c.fail("`on PEER` after the iterable of parseq");
        c.take();
        parse_on_tail(c, *s);
        c.expect(Tok::kColon);
        c.expect_end();
        s->body = parse_block(l.children, false);
        return s;
      }
      if (w == "on" && !c.at(Tok::kLParen, 1) && !c.at(Tok::kAssign, 1) && !c.at(Tok::kLArrow, 1) && header) {
        c.take();
        auto s = mk_stmt(Stmt::kOn, p);
        parse_on_tail(c, *s);
        c.expect(Tok::kColon, "':' or `via`");
        c.expect_end();
        s->body = parse_block(l.children, false);
        return s;
      }
      if (w == "if" && !c.at(Tok::kAssign, 1) && !c.at(Tok::kLArrow, 1) && header) {
        c.take();
        auto s = mk_stmt(Stmt::kIf, p);
        s->value = parse_value(c);
        c.expect(Tok::kColon);
        c.expect_end();
        s->body = parse_block(l.children, false);
        return s;
      }
      if ((w == "else" || w == "otherwise" || w == "try") && c.at(Tok::kColon, 1)) {
        c.take();
        c.take();
        c.expect_end();
        auto s = mk_stmt(w == "else" ? Stmt::kElse : w == "try" ? Stmt::kTry : Stmt::kOtherwise, p);
        s->body = parse_block(l.children, false);
        return s;
      }
      if (w == "catch" && (c.at(Tok::kLower, 1) || c.at(Tok::kUpper, 1)) && c.at(Tok::kColon, 2)) {
        c.take();
        auto s = mk_stmt(Stmt::kCatch, p);
        s->name_pos = c.peek().pos;
        s->name = std::string(c.take().text);
        c.take();
        c.expect_end();
        s->body = parse_block(l.children, false);
        return s;
      }
      if ((w == "par" || w == "co") && (c.peek(1).kind == Tok::kLower || c.peek(1).kind == Tok::kUpper) &&
          !c.at(Tok::kAssign, 1) && !c.at(Tok::kLParen, 1)) {
        c.take();
        auto s = mk_stmt(w == "par" ? Stmt::kPar : Stmt::kCo, p);
        s->inner = parse_stmt_inline(c, l);
        auto k = s->inner->kind;
        if (k != Stmt::kOn && k != Stmt::kFor && k != Stmt::kJoin && k != Stmt::kCall) {
          throw ParseError{s->inner->pos, "Syntax error: `" + std::string(w) + "` can only prefix `on`, `for`, `join` or a call"};
        }
        return s;
      }
      if (w == "join" && !c.at(Tok::kAssign, 1) && !c.at(Tok::kLParen, 1) && !c.at(Tok::kLArrow, 1)) {
        c.take();
        auto s = mk_stmt(Stmt::kJoin, p);
        do s->values.push_back(parse_value(c));
        while (c.accept(Tok::kComma));
        c.expect_end();
        no_children(l);
        return s;
      }
    }
    if (t.kind == Tok::kUpper) {
      // Service id binding: `Srv "id"` / `Srv id` / `M.Srv x`.
      size_t k = 1;
      while (c.at(Tok::kDot, k) && c.at(Tok::kUpper, k + 1)) k += 2;
      Tok nk = c.peek(k).kind;
      if ((nk == Tok::kString || nk == Tok::kLower || nk == Tok::kUpper || nk == Tok::kInitPeer || nk == Tok::kInt) &&
          c.peek(k).space_before) {
        auto s = mk_stmt(Stmt::kServiceId, p);
        s->name = dotted_upper(c, "a service name");
        s->value = parse_value(c);
        c.expect_end();
        no_children(l);
        return s;
      }
    }
    if (t.kind == Tok::kLower || t.kind == Tok::kUpper) {
      if (c.at(Tok::kPush, 1)) {
        auto s = mk_stmt(Stmt::kPush, p);
        s->name_pos = p;
        s->name = std::string(c.take().text);
        c.take();
        s->value = parse_value(c);
        c.expect_end();
        no_children(l);
        return s;
      }
      if (c.at(Tok::kColon, 1) && !header) {
        auto s = mk_stmt(Stmt::kStreamDecl, p);
        s->name_pos = p;
        s->name = std::string(c.take().text);
        c.take();
        s->type = parse_type(c);
        c.expect_end();
        no_children(l);
        return s;
      }
      if (c.at(Tok::kAssign, 1)) {
        std::string name(c.peek().text);
        // Closure: `name = (params) -> r:` or `name = func (params) ...:`
        if (header && (c.at(Tok::kLParen, 2) || c.at_word("func", 2))) {
          auto s = mk_stmt(Stmt::kClosure, p);
          s->name_pos = p;
          s->name = name;
          c.take();
          c.take();
          if (c.at_word("func")) {
            c.take();
            s->detached = true;
          }
          parse_params(c, s->sig);
          c.expect(Tok::kColon, "':' at the end of the closure header");
          c.expect_end();
          s->body = parse_block(l.children, true);
          return s;
        }
        auto s = mk_stmt(Stmt::kAssign, p);
        s->name_pos = p;
        s->name = name;
        c.take();
        c.take();
        if (c.at(Tok::kLBracket) && c.at(Tok::kRBracket, 1)) {
          throw ParseError{c.peek().pos, "Assigning empty array to a variable is prohibited: use `nil` or pass `[]` in place"};
        }
        s->value = parse_value(c);
        c.expect_end();
        no_children(l);
        return s;
      }
    }
    // Call, optionally binding results: `a, b <- f(x)` or `f(x)`.
    auto s = mk_stmt(Stmt::kCall, p);
    {
      size_t k = 0;
      bool binds = false;
      while ((c.at(Tok::kLower, k) || c.at(Tok::kUpper, k))) {
        if (c.at(Tok::kLArrow, k + 1)) {
          binds = true;
          break;
        }
        if (!c.at(Tok::kComma, k + 1)) break;
        k += 2;
      }
      if (binds) {
        for (;;) {
          s->bind_pos.push_back(c.peek().pos);
          s->binds.emplace_back(c.take().text);
          if (c.accept(Tok::kLArrow)) break;
          c.take();  // comma
        }
      }
    }
    s->value = parse_value(c);
    c.expect_end();
    no_children(l);
    auto vk = s->value->kind;
    if (vk != Expr::kCall && vk != Expr::kMethod && s->binds.empty()) {
      throw ParseError{s->value->pos, "Syntax error: expected a statement (a call, `x <- call`, `x = value`, on, if, for, ...)"};
    }
    return s;
  }
};

}  // namespace

Module parse_module(const SourceFile& file, int32_t file_index, DiagnosticSink& diags) {
  auto lines = lex_file(file, file_index, diags);
  Parser p(file_index, diags);
  return p.parse(lines);
}

}  // namespace fluence::aqua
