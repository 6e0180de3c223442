// The AIR parser: a hand-written equivalent of AquaVM 0.62's LALRPOP grammar that uses an explicit
// stack instead of recursion (so no input can overflow the C++ stack), reports the first syntax
// error with the reference's "expected ..." token lists, and feeds the validator in the
// reference's reduction order.
#include "fluence/air/syntax/parser.h"

#include <string>
#include <vector>

#include "diagnostic_renderer.h"
#include "fluence/air/syntax/arena.h"
#include "lexer.h"
#include "validator.h"

namespace fluence::air {
namespace {

// Terminal categories in the ASCII order of the reference's terminal names, which is the order
// its "expected" lists print them in.
enum Cat : uint8_t {
  kCatOpenRound, kCatCloseRound, kCatOpenSquare, kCatCloseSquare,
  kCatBoolean, kCatCanonStream, kCatCanonStreamMap, kCatCanonStreamMapWithLambda,
  kCatCanonStreamWithLambda, kCatError, kCatErrorWithLambda, kCatF64, kCatI64, kCatInitPeerId,
  kCatLastError, kCatLastErrorWithLambda, kCatLiteral, kCatScalar, kCatScalarWithLambda,
  kCatStream, kCatStreamMap, kCatStreamMapWithLambda, kCatStreamWithLambda, kCatTTL,
  kCatTimestamp,
  kCatAp, kCatCall, kCatCanon, kCatFail, kCatFold, kCatMatch, kCatMismatch, kCatNever, kCatNew,
  kCatNext, kCatNull, kCatPar, kCatSeq, kCatXor,
  kCatEnd,
};

constexpr const char* kCatNames[] = {
    "\"(\"", "\")\"", "\"[\"", "\"]\"",
    "Boolean", "CanonStream", "CanonStreamMap", "CanonStreamMapWithLambda",
    "CanonStreamWithLambda", "Error", "ErrorWithLambda", "F64", "I64", "InitPeerId",
    "LastError", "LastErrorWithLambda", "Literal", "Scalar", "ScalarWithLambda",
    "Stream", "StreamMap", "StreamMapWithLambda", "StreamWithLambda", "TTL",
    "Timestamp",
    "ap", "call", "canon", "fail", "fold", "match_", "mismatch", "never", "new",
    "next", "null", "par", "seq", "xor",
    "EOF",
};

using CatSet = uint64_t;
constexpr CatSet bit(Cat c) { return CatSet{1} << c; }
template <typename... Cs>
constexpr CatSet set_of(Cs... cs) { return (bit(cs) | ...); }

constexpr CatSet kPeerSet = set_of(kCatCanonStreamMapWithLambda, kCatCanonStreamWithLambda,
                                   kCatInitPeerId, kCatLiteral, kCatScalar, kCatScalarWithLambda);
constexpr CatSet kStringSet = set_of(kCatCanonStreamMapWithLambda, kCatCanonStreamWithLambda,
                                     kCatLiteral, kCatScalar, kCatScalarWithLambda);
constexpr CatSet kValueSet =
    set_of(kCatOpenSquare, kCatBoolean, kCatCanonStream, kCatCanonStreamMap,
           kCatCanonStreamMapWithLambda, kCatCanonStreamWithLambda, kCatError, kCatErrorWithLambda,
           kCatF64, kCatI64, kCatInitPeerId, kCatLastError, kCatLastErrorWithLambda, kCatLiteral,
           kCatScalar, kCatScalarWithLambda, kCatTTL, kCatTimestamp);
constexpr CatSet kArgSet = kValueSet | bit(kCatCloseSquare);
constexpr CatSet kApValueSet = kValueSet & ~bit(kCatCanonStreamMap);
constexpr CatSet kApArgSet = kApValueSet | bit(kCatOpenRound);
constexpr CatSet kOutputSet = set_of(kCatCloseRound, kCatScalar, kCatStream);
constexpr CatSet kApResultSet = set_of(kCatScalar, kCatStream);
constexpr CatSet kMapKeySet = set_of(kCatCanonStreamWithLambda, kCatI64, kCatLiteral, kCatScalar,
                                     kCatScalarWithLambda);
constexpr CatSet kFailSet = set_of(kCatCanonStreamWithLambda, kCatError, kCatI64, kCatLastError,
                                   kCatScalar, kCatScalarWithLambda);
constexpr CatSet kFoldIterableSet =
    set_of(kCatOpenSquare, kCatCanonStream, kCatCanonStreamMap, kCatCanonStreamMapWithLambda,
           kCatScalar, kCatScalarWithLambda, kCatStream, kCatStreamMap);
constexpr CatSet kNewSet =
    set_of(kCatCanonStream, kCatCanonStreamMap, kCatScalar, kCatStream, kCatStreamMap);
constexpr CatSet kKeywordSet =
    set_of(kCatAp, kCatCall, kCatCanon, kCatFail, kCatFold, kCatMatch, kCatMismatch, kCatNever,
           kCatNew, kCatNext, kCatNull, kCatPar, kCatSeq, kCatXor);

Cat category(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd: return kCatEnd;
    case TokenKind::kOpenRound: return kCatOpenRound;
    case TokenKind::kCloseRound: return kCatCloseRound;
    case TokenKind::kOpenSquare: return kCatOpenSquare;
    case TokenKind::kCloseSquare: return kCatCloseSquare;
    case TokenKind::kLiteral: return kCatLiteral;
    case TokenKind::kInitPeerId: return kCatInitPeerId;
    case TokenKind::kLastError: return t.lens ? kCatLastErrorWithLambda : kCatLastError;
    case TokenKind::kError: return t.lens ? kCatErrorWithLambda : kCatError;
    case TokenKind::kTimestamp: return kCatTimestamp;
    case TokenKind::kTtl: return kCatTTL;
    case TokenKind::kBool: return kCatBoolean;
    case TokenKind::kInt: return kCatI64;
    case TokenKind::kFloat: return kCatF64;
    case TokenKind::kKeyword:
      switch (t.keyword) {
        case Keyword::kCall: return kCatCall;
        case Keyword::kCanon: return kCatCanon;
        case Keyword::kAp: return kCatAp;
        case Keyword::kSeq: return kCatSeq;
        case Keyword::kPar: return kCatPar;
        case Keyword::kFail: return kCatFail;
        case Keyword::kFold: return kCatFold;
        case Keyword::kXor: return kCatXor;
        case Keyword::kNever: return kCatNever;
        case Keyword::kNew: return kCatNew;
        case Keyword::kNext: return kCatNext;
        case Keyword::kNull: return kCatNull;
        case Keyword::kMatch: return kCatMatch;
        case Keyword::kMismatch: return kCatMismatch;
      }
      return kCatEnd;
    case TokenKind::kVariable: {
      const bool l = t.lens != nullptr;
      switch (t.var_kind) {
        case VarKind::kScalar: return l ? kCatScalarWithLambda : kCatScalar;
        case VarKind::kStream: return l ? kCatStreamWithLambda : kCatStream;
        case VarKind::kStreamMap: return l ? kCatStreamMapWithLambda : kCatStreamMap;
        case VarKind::kCanonStream: return l ? kCatCanonStreamWithLambda : kCatCanonStream;
        case VarKind::kCanonStreamMap:
          return l ? kCatCanonStreamMapWithLambda : kCatCanonStreamMap;
      }
      return kCatEnd;
    }
  }
  return kCatEnd;
}

std::string expected_text(CatSet set) {
  if (set == 0) return "expected <nothing>";
  std::string s = "expected ";
  bool first = true;
  for (int c = 0; c < kCatEnd; ++c) {
    if (set & (CatSet{1} << c)) {
      if (!first) s += " or ";
      s += kCatNames[c];
      first = false;
    }
  }
  return s;
}

Variable to_variable(const Token& t) {
  Variable v;
  v.kind = t.var_kind;
  v.position = t.left;
  v.name = t.text;
  v.lens = t.lens;
  return v;
}

// One instruction being parsed: its header is complete, its child instructions are coming.
struct Frame {
  Instruction instr;
  bool header_done = false;
  uint8_t required = 0;  // child instructions required (fold: 1)
  uint8_t max = 0;       // child instructions allowed (fold: 2, its last instruction)
  uint8_t have = 0;
  InstrPtr children[2] = {nullptr, nullptr};

  // What may follow the children parsed so far.
  CatSet next_set() const {
    if (have < required) return bit(kCatOpenRound);
    if (have < max) return set_of(kCatOpenRound, kCatCloseRound);
    return bit(kCatCloseRound);
  }
};

class Parser {
 public:
  Parser(std::string_view text, AstArena& arena) : lexer_(text, arena), arena_(arena) {}

  // The root instruction, or nullptr with error_ set.
  InstrPtr parse();

  // Syntax errors met (parsing goes on after each, as the reference's LR parser recovers).
  std::vector<ParseDiagnostic> errors_;
  // A lexical error ends parsing at once and is then the only diagnostic.
  bool fatal_ = false;
  ParseDiagnostic fatal_error_;
  AirValidator validator_;
  size_t instruction_count_ = 0;

 private:
  bool advance() {
    LexError e;
    if (!lexer_.next(tok_, e)) {
      fatal_ = true;
      fatal_error_ = {e.left, e.right, std::move(e.message)};
      return false;
    }
    return true;
  }
  bool unexpected(CatSet expected) {
    if (tok_.kind == TokenKind::kEnd) {
      Pos at = lexer_.last_end();
      errors_.push_back({at, at + 1, expected_text(expected)});
    } else {
      errors_.push_back({tok_.left, tok_.right, expected_text(expected)});
    }
    return false;
  }
  bool recover(std::vector<Frame>& stack, bool& root_done);
  InstrPtr error_placeholder();
  // Checks the current token's category, without consuming it.
  bool want(CatSet allowed) { return (allowed & bit(category(tok_))) ? true : unexpected(allowed); }
  bool expect(Cat c) { return want(bit(c)) && advance(); }

  bool read_value(CatSet allowed, Value& out);
  bool read_variable(CatSet allowed, Variable& out) {
    if (!want(allowed)) return false;
    out = to_variable(tok_);
    return advance();
  }
  bool begin_instruction(Frame& frame);
  InstrPtr finish(Frame& frame);

  AirLexer lexer_;
  AstArena& arena_;
  Token tok_;
  std::vector<Value> args_;  // scratch for call arguments
};

bool Parser::read_value(CatSet allowed, Value& out) {
  if (!want(allowed)) return false;
  out = Value{};
  out.position = tok_.left;
  switch (tok_.kind) {
    case TokenKind::kOpenSquare:
      if (!advance()) return false;
      if (!expect(kCatCloseSquare)) return false;
      out.kind = ValueKind::kEmptyArray;
      return true;
    case TokenKind::kLiteral:
      out.kind = ValueKind::kLiteral;
      out.text = tok_.text;
      break;
    case TokenKind::kInitPeerId:
      out.kind = ValueKind::kInitPeerId;
      break;
    case TokenKind::kLastError:
      out.kind = ValueKind::kLastError;
      out.lens = tok_.lens;
      break;
    case TokenKind::kError:
      out.kind = ValueKind::kError;
      out.lens = tok_.lens;
      break;
    case TokenKind::kTimestamp:
      out.kind = ValueKind::kTimestamp;
      break;
    case TokenKind::kTtl:
      out.kind = ValueKind::kTtl;
      break;
    case TokenKind::kBool:
      out.kind = ValueKind::kBool;
      out.boolean = tok_.boolean;
      break;
    case TokenKind::kInt:
      out.kind = ValueKind::kInt;
      out.integer = tok_.integer;
      out.text = tok_.text;
      break;
    case TokenKind::kFloat:
      out.kind = ValueKind::kFloat;
      out.floating = tok_.floating;
      out.text = tok_.text;
      break;
    case TokenKind::kVariable:
      out.kind = ValueKind::kVariable;
      out.var = to_variable(tok_);
      break;
    default:
      return unexpected(allowed);
  }
  return advance();
}

// Parses "(" keyword header..., leaving the child instructions and ")" to the caller.
bool Parser::begin_instruction(Frame& frame) {
  frame = Frame{};
  frame.instr.span.left = tok_.left;
  if (!expect(kCatOpenRound)) return false;
  if (!want(kKeywordSet)) return false;
  const Keyword kw = tok_.keyword;
  if (!advance()) return false;
  Instruction& instr = frame.instr;
  switch (kw) {
    case Keyword::kCall: {
      Call call;
      if (!read_value(kPeerSet, call.triplet.peer_id)) return false;
      if (!expect(kCatOpenRound)) return false;
      if (!read_value(kStringSet, call.triplet.service_id)) return false;
      if (!read_value(kStringSet, call.triplet.function_name)) return false;
      if (!expect(kCatCloseRound)) return false;
      if (!expect(kCatOpenSquare)) return false;
      args_.clear();
      while (true) {
        if (!want(kArgSet)) return false;
        if (tok_.kind == TokenKind::kCloseSquare) break;
        Value v;
        if (!read_value(kArgSet, v)) return false;
        args_.push_back(v);
      }
      if (!advance()) return false;  // "]"
      call.args = arena_.copy(std::span<const Value>(args_));
      if (!want(kOutputSet)) return false;
      if (tok_.kind != TokenKind::kCloseRound) {
        call.has_output = true;
        call.output = to_variable(tok_);
        if (!advance()) return false;
      }
      instr.node = call;
      break;
    }
    case Keyword::kCanon: {
      Value peer;
      Variable source;
      Variable target;
      if (!read_value(kPeerSet, peer)) return false;
      if (!read_variable(set_of(kCatStream, kCatStreamMap), source)) return false;
      if (source.kind == VarKind::kStream) {
        if (!read_variable(bit(kCatCanonStream), target)) return false;
        instr.node = Canon{peer, source, target};
      } else {
        if (!read_variable(set_of(kCatCanonStreamMap, kCatScalar), target)) return false;
        if (target.kind == VarKind::kScalar) {
          instr.node = CanonMapToScalar{peer, source, target};
        } else {
          instr.node = CanonMap{peer, source, target};
        }
      }
      break;
    }
    case Keyword::kAp: {
      if (!want(kApArgSet)) return false;
      if (tok_.kind == TokenKind::kOpenRound) {
        ApMap ap;
        if (!advance()) return false;
        if (!read_value(kMapKeySet, ap.key)) return false;
        if (!read_value(kApValueSet, ap.value)) return false;
        if (!expect(kCatCloseRound)) return false;
        if (!read_variable(bit(kCatStreamMap), ap.map)) return false;
        instr.node = ap;
      } else {
        Ap ap;
        if (!read_value(kApArgSet, ap.argument)) return false;
        if (!read_variable(kApResultSet, ap.result)) return false;
        instr.node = ap;
      }
      break;
    }
    case Keyword::kSeq:
      instr.node = Seq{};
      frame.required = frame.max = 2;
      break;
    case Keyword::kPar:
      instr.node = Par{};
      frame.required = frame.max = 2;
      break;
    case Keyword::kXor:
      instr.node = Xor{};
      frame.required = frame.max = 2;
      break;
    case Keyword::kMatch:
    case Keyword::kMismatch: {
      Value left;
      Value right;
      if (!read_value(kValueSet, left)) return false;
      if (!read_value(kValueSet, right)) return false;
      if (kw == Keyword::kMatch) {
        instr.node = Match{left, right, nullptr};
      } else {
        instr.node = Mismatch{left, right, nullptr};
      }
      frame.required = frame.max = 1;
      break;
    }
    case Keyword::kFail: {
      Fail fail;
      if (!want(kFailSet)) return false;
      switch (tok_.kind) {
        case TokenKind::kInt:
          fail.kind = FailKind::kLiteral;
          fail.code = tok_.integer;
          if (!advance()) return false;
          if (!want(bit(kCatLiteral))) return false;
          fail.message = tok_.text;
          fail.message_position = tok_.left;
          if (!advance()) return false;
          break;
        case TokenKind::kLastError:
          fail.kind = FailKind::kLastError;
          if (!advance()) return false;
          break;
        case TokenKind::kError:
          fail.kind = FailKind::kError;
          if (!advance()) return false;
          break;
        default:
          fail.kind = FailKind::kValue;
          if (!read_value(kFailSet, fail.value)) return false;
          break;
      }
      instr.node = fail;
      break;
    }
    case Keyword::kFold: {
      Value iterable;
      Variable iterator;
      if (!read_value(kFoldIterableSet, iterable)) return false;
      if (!read_variable(bit(kCatScalar), iterator)) return false;
      if (iterable.kind == ValueKind::kVariable && iterable.var.kind == VarKind::kStream) {
        instr.node = FoldStream{iterable.var, iterator, nullptr, nullptr};
      } else if (iterable.kind == ValueKind::kVariable &&
                 iterable.var.kind == VarKind::kStreamMap) {
        instr.node = FoldStreamMap{iterable.var, iterator, nullptr, nullptr};
      } else {
        instr.node = FoldScalar{iterable, iterator, nullptr, nullptr};
      }
      frame.required = 1;
      frame.max = 2;
      break;
    }
    case Keyword::kNext: {
      Next next;
      if (!read_variable(bit(kCatScalar), next.iterator)) return false;
      instr.node = next;
      break;
    }
    case Keyword::kNew: {
      New n;
      if (!read_variable(kNewSet, n.argument)) return false;
      instr.node = n;
      frame.required = frame.max = 1;
      break;
    }
    case Keyword::kNull:
      instr.node = Null{};
      break;
    case Keyword::kNever:
      instr.node = Never{};
      break;
  }
  return true;
}

InstrPtr Parser::finish(Frame& frame) {
  Instruction& instr = frame.instr;
  instr.span.right = tok_.right;  // the ")" (not consumed yet)
  InstrPtr a = frame.children[0];
  InstrPtr b = frame.children[1];
  std::visit(
      [&](auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, Seq> || std::is_same_v<T, Par> || std::is_same_v<T, Xor>) {
          node.left = a;
          node.right = b;
        } else if constexpr (std::is_same_v<T, Match> || std::is_same_v<T, Mismatch> ||
                             std::is_same_v<T, New>) {
          node.body = a;
        } else if constexpr (std::is_same_v<T, FoldScalar> || std::is_same_v<T, FoldStream> ||
                             std::is_same_v<T, FoldStreamMap>) {
          node.body = a;
          node.last = b;
        }
      },
      instr.node);
  Instruction* stored = arena_.make<Instruction>(instr);
  ++instruction_count_;
  validator_.met(*stored);
  return stored;
}

// Stands for an instruction the parser gave up on; never reaches a successful result.
InstrPtr Parser::error_placeholder() {
  Instruction* i = arena_.make<Instruction>();
  i->node = Null{};
  return i;
}

// The reference's LR error recovery: find the innermost position on the parse stack where an
// instruction may start such that, with an erroneous instruction put there, the current token is
// acceptable; if there is none, drop the token and try again with the next one. The outermost
// position (the whole script) always accepts the end of input.
bool Parser::recover(std::vector<Frame>& stack, bool& root_done) {
  if (fatal_) return false;
  while (true) {
    const CatSet here = bit(category(tok_));
    if (!root_done) {
      for (size_t i = stack.size(); i-- > 0;) {
        Frame& f = stack[i];
        if (!f.header_done) continue;
        for (int j = f.have; j >= 0; --j) {
          if (j >= f.max) continue;
          Frame probe = f;
          probe.have = static_cast<uint8_t>(j + 1);
          if (probe.next_set() & here) {
            stack.resize(i + 1);
            f.children[j] = error_placeholder();
            f.have = static_cast<uint8_t>(j + 1);
            return true;
          }
        }
      }
    }
    if (tok_.kind == TokenKind::kEnd) {
      stack.clear();
      root_done = true;
      return true;
    }
    if (!advance()) return false;
  }
}

InstrPtr Parser::parse() {
  if (!advance()) return nullptr;
  std::vector<Frame> stack;
  stack.reserve(64);
  bool root_done = false;
  InstrPtr root = nullptr;
  while (true) {
    if (root_done) {
      if (tok_.kind == TokenKind::kEnd) break;
      unexpected(0);
      if (!recover(stack, root_done)) return nullptr;
      continue;
    }
    if (stack.empty() || stack.back().have < stack.back().required ||
        (stack.back().have < stack.back().max && tok_.kind == TokenKind::kOpenRound)) {
      // An instruction starts here.
      if (!stack.empty() && !want(stack.back().next_set())) {
        if (!recover(stack, root_done)) return nullptr;
        continue;
      }
      if (stack.size() >= kMaxNestingDepth) {
        fatal_ = true;
        fatal_error_ = {tok_.left, tok_.right,
                        "instructions are nested deeper than " +
                            std::to_string(kMaxNestingDepth) + " levels"};
        return nullptr;
      }
      stack.emplace_back();
      if (!begin_instruction(stack.back())) {
        if (!recover(stack, root_done)) return nullptr;
        continue;
      }
      stack.back().header_done = true;
      continue;
    }
    Frame& top = stack.back();
    if (!want(top.next_set())) {
      if (!recover(stack, root_done)) return nullptr;
      continue;
    }
    InstrPtr done = finish(top);
    stack.pop_back();
    if (!advance()) return nullptr;  // past ")"
    if (stack.empty()) {
      root_done = true;
      root = done;
      continue;
    }
    Frame& parent = stack.back();
    parent.children[parent.have++] = done;
  }
  return errors_.empty() ? root : nullptr;
}

}  // namespace

ParseResult parse_air(std::string_view text) {
  ParseResult result;
  auto fail = [&](ParseDiagnostic d, std::string_view shown) {
    result.diagnostics.push_back(std::move(d));
    result.error_text = render_diagnostics(shown, result.diagnostics);
    return std::move(result);
  };
  if (text.size() >= 0xFFFFFFFFu) {
    return fail({0, 0, "the script is larger than 4 GiB"}, {});
  }
  if (!is_valid_utf8(text)) {
    return fail({0, 0, "the script is not valid UTF-8"}, {});
  }
  auto source = std::make_unique<std::string>(text);
  auto arena = std::make_unique<AstArena>();
  Parser parser(*source, *arena);
  InstrPtr root = parser.parse();
  if (parser.fatal_) return fail(std::move(parser.fatal_error_), *source);
  result.diagnostics = std::move(parser.errors_);
  parser.validator_.finish(result.diagnostics);
  if (root == nullptr || !result.diagnostics.empty()) {
    result.error_text = render_diagnostics(*source, result.diagnostics);
    return result;
  }
  size_t count = parser.instruction_count_;
  result.script.emplace(std::move(source), std::move(arena), root, count);
  return result;
}

}  // namespace fluence::air
