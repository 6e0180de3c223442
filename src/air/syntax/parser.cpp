// The AIR parser: a hand-written equivalent of AquaVM 0.62's LALRPOP grammar that uses an explicit
// stack instead of recursion (so no input can overflow the C++ stack), reports the first syntax
// error with the reference's "expected ..." token lists, and feeds the validator in the
// reference's reduction order.
#include "fluence/air/syntax/parser.h"

#include <algorithm>
#include <string>
#include <vector>

#include "diagnostic_renderer.h"
#include "fluence/air/syntax/arena.h"
#include "fluence/core/utf8.h"
#include "lexer.h"
#include "validator.h"

namespace fluence::air {
namespace {

// The parser's name for the lexer's terminals.
using Cat = Terminal;
constexpr Cat kCatOpenRound = kTermOpenRound, kCatCloseRound = kTermCloseRound,
              kCatOpenSquare = kTermOpenSquare, kCatCloseSquare = kTermCloseSquare,
              kCatBoolean = kTermBoolean, kCatCanonStream = kTermCanonStream,
              kCatCanonStreamMap = kTermCanonStreamMap,
              kCatCanonStreamMapWithLambda = kTermCanonStreamMapWithLambda,
              kCatCanonStreamWithLambda = kTermCanonStreamWithLambda, kCatError = kTermError,
              kCatErrorWithLambda = kTermErrorWithLambda, kCatF64 = kTermF64, kCatI64 = kTermI64,
              kCatInitPeerId = kTermInitPeerId, kCatLastError = kTermLastError,
              kCatLastErrorWithLambda = kTermLastErrorWithLambda, kCatLiteral = kTermLiteral,
              kCatScalar = kTermScalar, kCatScalarWithLambda = kTermScalarWithLambda,
              kCatStream = kTermStream, kCatStreamMap = kTermStreamMap, kCatTTL = kTermTTL,
              kCatTimestamp = kTermTimestamp, kCatAp = kTermAp, kCatCall = kTermCall,
              kCatCanon = kTermCanon, kCatFail = kTermFail, kCatFold = kTermFold,
              kCatMatch = kTermMatch, kCatMismatch = kTermMismatch, kCatNever = kTermNever,
              kCatNew = kTermNew, kCatNext = kTermNext, kCatNull = kTermNull, kCatPar = kTermPar,
              kCatSeq = kTermSeq, kCatXor = kTermXor, kCatEnd = kTermEnd;

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

// Sets `v` to the variable token `t`, field by field (building a Variable aside and copying it
// costs a block copy per variable).
void set_variable(Variable& v, const Token& t) {
  v.kind = t.var_kind;
  v.position = t.left;
  v.name = t.text;
  v.lens = t.lens;
  v.id = t.name_id;
}

// One instruction being parsed: its header is complete, its child instructions are coming.
// The instruction lives in the arena from its "(" on; a frame only tracks its children.
struct Frame {
  Instruction* instr = nullptr;
  InstrPtr* child[2] = {nullptr, nullptr};  // where the node keeps its child instructions
  bool header_done = false;
  uint8_t required = 0;  // child instructions required (fold: 1)
  uint8_t max = 0;       // child instructions allowed (fold: 2, its last instruction)
  uint8_t have = 0;

  // What may follow the children parsed so far.
  CatSet next_set() const {
    if (have < required) return bit(kCatOpenRound);
    if (have < max) return set_of(kCatOpenRound, kCatCloseRound);
    return bit(kCatCloseRound);
  }
};

// An instruction and its node in one arena allocation.
template <typename T>
struct InstructionWithNode {
  Instruction instr;
  T node;
};

// Stores a new instruction starting at `left` with `node` in the arena; returns its node.
template <typename T>
T& make_instruction(AstArena& arena, Instruction*& instr, Pos left, const T& node) {
  auto* b = arena.make<InstructionWithNode<T>>(
      InstructionWithNode<T>{Instruction{instr_kind_of<T>(), Span{left, 0}, nullptr}, node});
  b->instr.payload = &b->node;
  instr = &b->instr;
  return b->node;
}

// A new instruction starting at `left` with a default node, to be filled in place (nodes are
// large enough that building one aside and copying it costs a memcpy call).
template <typename T>
[[gnu::always_inline]] inline T& new_instruction(AstArena& arena, Instruction*& instr, Pos left) {
  auto* b = new (arena.allocate(sizeof(InstructionWithNode<T>), alignof(InstructionWithNode<T>)))
      InstructionWithNode<T>;
  b->instr.kind_ = instr_kind_of<T>();
  b->instr.span.left = left;
  b->instr.payload = &b->node;
  instr = &b->instr;
  return b->node;
}

class Parser {
 public:
  Parser(std::string_view text, AstArena& arena, size_t max_depth)
      : lexer_(text, arena), arena_(arena), max_depth_(max_depth) {}

  // The root instruction, or nullptr with error_ set. Not inlined into parse_air_owned: with the
  // parser object behind `this` instead of in the caller's frame, the hot loop's code does not
  // shift with unrelated changes to the caller.
  [[gnu::noinline]] InstrPtr parse();
  // The distinct variable names met, indexed by Variable::id.
  const std::vector<std::string_view>& names() const { return lexer_.names(); }

  // Syntax errors met (parsing goes on after each, as the reference's LR parser recovers).
  std::vector<ParseDiagnostic> errors_;
  // A lexical error ends parsing at once and is then the only diagnostic.
  bool fatal_ = false;
  ParseDiagnostic fatal_error_;
  AirValidator validator_;
  size_t instruction_count_ = 0;

 private:
  // Moves to the next token (the lexer's fast path is inlined here, once).
  [[gnu::noinline]] bool advance();
  [[gnu::noinline]] bool advance_slow();
  // Records a syntax error at the current token; returns false. Out of line and cold, so that
  // the hot paths that check tokens carry none of its code.
  [[gnu::noinline, gnu::cold]] bool unexpected(CatSet expected) {
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
  bool want(CatSet allowed) { return (allowed & bit(tok_.term)) ? true : unexpected(allowed); }
  [[gnu::always_inline]] bool expect(Cat c) { return want(bit(c)) && advance(); }

  // Reads a value into `out`, a default-constructed Value: the common kinds inline, the rest in
  // read_other_value().
  bool read_value(CatSet allowed, Value& out) {
    if (!(allowed & bit(tok_.term))) return unexpected(allowed);
    out.position = tok_.left;
    switch (tok_.kind) {
      case TokenKind::kVariable:
        out.kind = ValueKind::kVariable;
        set_variable(out.var, tok_);
        return advance();
      case TokenKind::kLiteral:
        out.kind = ValueKind::kLiteral;
        out.text = tok_.text;
        return advance();
      case TokenKind::kInitPeerId:
        out.kind = ValueKind::kInitPeerId;
        return advance();
      default:
        return read_other_value(allowed, out);
    }
  }
  [[gnu::noinline]] bool read_other_value(CatSet allowed, Value& out);
  bool read_variable(CatSet allowed, Variable& out) {
    if (!want(allowed)) return false;
    set_variable(out, tok_);
    return advance();
  }
  // What read_direct() did.
  enum class Direct : uint8_t {
    kNothing,  // read nothing: the instruction at the current "(" is to be read token by token
    kSome,     // read some instructions; the current token is the one after them
    kFatal,    // a lexical error after them (fatal_ is set)
  };
  [[gnu::noinline]] Direct read_direct(std::vector<Frame>& stack, InstrPtr& root,
                                       bool& root_done);
  // The "(ap A R)" whose "(" is at `open`, when read_direct() takes it: returns the instruction
  // and sets `end` just past its ")"; else nullptr.
  [[gnu::always_inline]] inline InstrPtr read_direct_ap(size_t open, size_t& end);
  // The same for "(call P (S F) [A...] R?)" with operands as read_direct_value() takes them.
  [[gnu::always_inline]] inline InstrPtr read_direct_call(size_t open, size_t& end);
  struct DirectValue {
    ValueKind kind;  // kLiteral, kInitPeerId or kVariable (a plain scalar)
    size_t at;       // its first byte
    size_t end;      // just past it
  };
  // A literal, %init_peer_id% (when `peer_allowed`) or a plain scalar at `q`, as its token
  // would be lexed; returns false when it is none of those.
  [[gnu::always_inline]] inline bool read_direct_value(size_t q, bool peer_allowed,
                                                       DirectValue& value);
  // Fills the default-constructed `out` with `value` (interning its name).
  [[gnu::always_inline]] inline void set_direct_value(Value& out, const DirectValue& value);
  // Fills `out` with the name at [at, end) of the given kind (interning it).
  [[gnu::always_inline]] inline void set_direct_variable(Variable& out, size_t at, size_t end,
                                                         VarKind kind);
  bool begin_instruction(Frame& frame);
  // The rest of begin_instruction() once the keyword has been read.
  [[gnu::noinline]] bool begin_other_instruction(Frame& frame, Keyword kw, Pos left);
  InstrPtr finish(Frame& frame);

  Token tok_;  // the current token
  AirLexer lexer_;
  AstArena& arena_;
  size_t max_depth_;
  LexError lex_error_;
  std::vector<Value*> arg_slots_;  // scratch: where the current call's arguments are
};

bool Parser::advance() {
  if (lexer_.next_fast(tok_)) [[likely]] return true;
  return advance_slow();
}

bool Parser::advance_slow() {
  if (lexer_.next_slow(tok_, lex_error_)) return true;
  fatal_ = true;
  fatal_error_ = {lex_error_.left, lex_error_.right, std::move(lex_error_.message)};
  return false;
}

bool Parser::read_other_value(CatSet allowed, Value& out) {
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
      set_variable(out.var, tok_);
      break;
    default:
      return unexpected(allowed);
  }
  return advance();
}

InstrPtr Parser::read_direct_ap(size_t open, size_t& end) {
  using namespace lexer_internal;
  const char* const s = lexer_.data();
  const size_t n = lexer_.size();
  const size_t p = open + 1;
  if (!(p + 3 <= n && s[p] == 'a' && s[p + 1] == 'p' && (class_of(s[p + 2]) & kClsSpace))) {
    return nullptr;
  }
  DirectValue argument;
  if (!read_direct_value(skip_space(s, p + 3), false, argument)) return nullptr;
  // A name must end at a space here (a lens, for one, is left to the token path).
  if (argument.kind == ValueKind::kVariable && !(class_of(s[argument.end]) & kClsSpace)) return nullptr;
  const size_t result_at = skip_space(s, argument.end);
  VarKind result_kind;
  const size_t result_end = read_plain_name(s, result_at, true, result_kind);
  if (result_end == 0) return nullptr;
  const size_t r = skip_space(s, result_end);
  if (s[r] != ')') return nullptr;
  end = r + 1;

  // As the lexer would, names are interned in text order.
  Instruction* instr = nullptr;
  Ap& ap = new_instruction<Ap>(arena_, instr, static_cast<Pos>(open));
  instr->span.right = static_cast<Pos>(end);
  set_direct_value(ap.argument, argument);
  set_direct_variable(ap.result, result_at, result_end, result_kind);
  ++instruction_count_;
  const uint32_t argument_id =
      argument.kind == ValueKind::kVariable ? ap.argument.var.id : AirValidator::kNoName;
  validator_.met_plain_ap(argument_id, ap.result.id, instr->span);
  return instr;
}

bool Parser::read_direct_value(size_t q, bool peer_allowed, DirectValue& value) {
  using namespace lexer_internal;
  const char* const s = lexer_.data();
  const size_t n = lexer_.size();
  value.at = q;
  if (s[q] == '"') {
    size_t e = q + 1;
    while (s[e] != '"') {
      if (s[e] == '\0' && e >= n) return false;  // unclosed
      ++e;
    }
    value.kind = ValueKind::kLiteral;
    value.end = e + 1;
    return true;
  }
  if (s[q] == '%') {
    if (!peer_allowed || q + 14 > n || !bytes_are(s + q, "%init_peer_id%") ||
        !(class_of(s[q + 14]) & kClsEnd)) {
      return false;
    }
    value.kind = ValueKind::kInitPeerId;
    value.end = q + 14;
    return true;
  }
  VarKind kind;
  value.kind = ValueKind::kVariable;
  value.end = read_plain_name(s, q, false, kind);
  return value.end != 0;
}

void Parser::set_direct_value(Value& out, const DirectValue& value) {
  const char* const s = lexer_.data();
  out.kind = value.kind;
  out.position = static_cast<Pos>(value.at);
  if (value.kind == ValueKind::kLiteral) {
    out.text = std::string_view(s + value.at + 1, value.end - value.at - 2);
  } else if (value.kind == ValueKind::kVariable) {
    set_direct_variable(out.var, value.at, value.end, VarKind::kScalar);
  }
}

void Parser::set_direct_variable(Variable& out, size_t at, size_t end, VarKind kind) {
  const std::string_view name(lexer_.data() + at, end - at);
  out.kind = kind;
  out.position = static_cast<Pos>(at);
  out.name = name;
  out.id = lexer_.intern(name);
}

InstrPtr Parser::read_direct_call(size_t open, size_t& end) {
  using namespace lexer_internal;
  const char* const s = lexer_.data();
  const size_t n = lexer_.size();
  const size_t p = open + 1;
  if (!(p + 5 <= n && bytes_are(s + p, "call") && (class_of(s[p + 4]) & kClsSpace))) {
    return nullptr;
  }
  DirectValue peer, service, function;
  if (!read_direct_value(skip_space(s, p + 5), true, peer)) return nullptr;
  size_t q = skip_space(s, peer.end);
  if (s[q] != '(') return nullptr;
  if (!read_direct_value(skip_space(s, q + 1), false, service)) return nullptr;
  if (!read_direct_value(skip_space(s, service.end), false, function)) return nullptr;
  q = skip_space(s, function.end);
  if (s[q] != ')') return nullptr;
  q = skip_space(s, q + 1);
  if (s[q] != '[') return nullptr;
  // Calls with more arguments are left to the token path.
  constexpr size_t kMaxArgs = 16;
  DirectValue args[kMaxArgs];
  size_t count = 0;
  q = skip_space(s, q + 1);
  while (s[q] != ']') {
    if (count == kMaxArgs || !read_direct_value(q, true, args[count])) return nullptr;
    q = skip_space(s, args[count].end);
    ++count;
  }
  q = skip_space(s, q + 1);
  size_t output_at = q;
  size_t output_end = q;
  VarKind output_kind = VarKind::kScalar;
  if (s[q] != ')') {
    output_end = read_plain_name(s, q, true, output_kind);
    if (output_end == 0) return nullptr;
    q = skip_space(s, output_end);
    if (s[q] != ')') return nullptr;
  }
  end = q + 1;

  // As the lexer would, names are interned in text order.
  Instruction* instr = nullptr;
  Call& call = new_instruction<Call>(arena_, instr, static_cast<Pos>(open));
  instr->span.right = static_cast<Pos>(end);
  set_direct_value(call.triplet.peer_id, peer);
  set_direct_value(call.triplet.service_id, service);
  set_direct_value(call.triplet.function_name, function);
  if (count > 0) {
    auto* values = static_cast<Value*>(arena_.allocate(sizeof(Value) * count, alignof(Value)));
    for (size_t i = 0; i < count; ++i) set_direct_value(*new (values + i) Value, args[i]);
    call.args = {values, count};
  }
  if (output_end != output_at) {
    call.has_output = true;
    set_direct_variable(call.output, output_at, output_end, output_kind);
  }
  ++instruction_count_;
  validator_.met_plain_call(call, instr->span);
  return instr;
}

// The forms that make up most scripts, read straight from the text, starting at the current
// token, a "(" where an instruction may start: the header "(seq ", "(par " or "(xor " of a pair
// (its children follow), a whole "(ap A R)" with A a literal or a plain scalar and R a plain
// scalar or stream, and the ")" that close instructions. Reading these token by token gives the
// same instructions, spans, names (interned in the same text order), validator calls and lexer
// position; this costs half as much (no Token written and read back per word, no trip through
// parse()'s loop per token). Anything else (other forms and operands, lenses, comments,
// non-ASCII whitespace, every error) is left for the token path, which has the reference's
// error messages and recovery.
Parser::Direct Parser::read_direct(std::vector<Frame>& stack, InstrPtr& root, bool& root_done) {
  using namespace lexer_internal;
  const char* const s = lexer_.data();
  const size_t n = lexer_.size();
  size_t open = tok_.left;  // the "(" of the instruction to read
  size_t end = 0;           // just past the last token read
  bool progress = false;
  // Hands over with the "(" at `open` as the current token, as the lexer leaves it.
  auto leave_at_open = [&]() {
    if (!progress) return Direct::kNothing;
    tok_.kind = TokenKind::kOpenRound;
    tok_.term = kTermOpenRound;
    tok_.left = static_cast<Pos>(open);
    tok_.right = static_cast<Pos>(open + 1);
    lexer_.move_to(open + 1);
    return Direct::kSome;
  };
  // Hands over with the token after `end` as the current one.
  auto leave_after_end = [&]() {
    lexer_.move_to(end);
    return advance() ? Direct::kSome : Direct::kFatal;
  };
  while (true) {
    if (stack.size() >= max_depth_) return leave_at_open();
    const size_t p = open + 1;
    Keyword kw;
    if (p + 4 <= n && (class_of(s[p + 3]) & kClsSpace) && keyword_of(s + p, 3, kw) &&
        kw != Keyword::kNew) {
      Frame& frame = stack.emplace_back();
      auto pair = [&](auto& node) {
        frame.child[0] = &node.left;
        frame.child[1] = &node.right;
      };
      switch (kw) {
        case Keyword::kSeq: pair(new_instruction<Seq>(arena_, frame.instr, open)); break;
        case Keyword::kPar: pair(new_instruction<Par>(arena_, frame.instr, open)); break;
        default: pair(new_instruction<Xor>(arena_, frame.instr, open)); break;
      }
      frame.required = frame.max = 2;
      frame.header_done = true;
      end = p + 3;
    } else {
      InstrPtr done = read_direct_ap(open, end);
      if (done == nullptr) done = read_direct_call(open, end);
      if (done == nullptr) return leave_at_open();
      if (stack.empty()) {
        root = done;
        root_done = true;
        return leave_after_end();
      }
      Frame& parent = stack.back();
      *parent.child[parent.have++] = done;
    }
    progress = true;
    // The ")"s that follow, then the next "(" (or a token for the token path).
    while (true) {
      const size_t q = skip_space(s, end);
      Frame& top = stack.back();
      if (s[q] == '(' && top.have < top.max) {
        open = q;
        break;
      }
      if (s[q] != ')' || top.have < top.required) return leave_after_end();
      end = q + 1;
      top.instr->span.right = static_cast<Pos>(end);
      ++instruction_count_;
      validator_.met(*top.instr);
      const InstrPtr done = top.instr;
      stack.pop_back();
      if (stack.empty()) {
        root = done;
        root_done = true;
        return leave_after_end();
      }
      Frame& parent = stack.back();
      *parent.child[parent.have++] = done;
    }
  }
}

// Parses "(" keyword header..., leaving the child instructions and ")" to the caller.
// `frame` is a new, empty Frame. The instructions that make up most scripts (seq, par, xor, ap,
// null) are read here; the others by begin_other_instruction(), out of line, so that this
// function stays small (no stack frame for the temporaries of the rare forms).
bool Parser::begin_instruction(Frame& frame) {
  const Pos left = tok_.left;
  if (!expect(kCatOpenRound)) return false;
  if (!want(kKeywordSet)) return false;
  const Keyword kw = tok_.keyword;
  if (!advance()) return false;
  auto pair = [&](auto& node) {
    frame.child[0] = &node.left;
    frame.child[1] = &node.right;
    frame.required = frame.max = 2;
    return true;
  };
  switch (kw) {
    case Keyword::kSeq: return pair(new_instruction<Seq>(arena_, frame.instr, left));
    case Keyword::kPar: return pair(new_instruction<Par>(arena_, frame.instr, left));
    case Keyword::kXor: return pair(new_instruction<Xor>(arena_, frame.instr, left));
    case Keyword::kNull:
      new_instruction<Null>(arena_, frame.instr, left);
      return true;
    case Keyword::kAp:
      if (tok_.kind != TokenKind::kOpenRound) {
        Ap& ap = new_instruction<Ap>(arena_, frame.instr, left);
        return read_value(kApArgSet, ap.argument) && read_variable(kApResultSet, ap.result);
      }
      break;
    default:
      break;
  }
  return begin_other_instruction(frame, kw, left);
}

bool Parser::begin_other_instruction(Frame& frame, Keyword kw, Pos left) {
  Instruction*& instr = frame.instr;
  switch (kw) {
    case Keyword::kCall: {
      Call& call = new_instruction<Call>(arena_, instr, left);
      if (!read_value(kPeerSet, call.triplet.peer_id)) return false;
      if (!expect(kCatOpenRound)) return false;
      if (!read_value(kStringSet, call.triplet.service_id)) return false;
      if (!read_value(kStringSet, call.triplet.function_name)) return false;
      if (!expect(kCatCloseRound)) return false;
      if (!expect(kCatOpenSquare)) return false;
      // The arguments go straight into the arena, one after the other. A lens the lexer
      // allocates in between (or a new arena block) breaks the run; they are then copied into
      // one block.
      arg_slots_.clear();
      bool contiguous = true;
      while (true) {
        if (!want(kArgSet)) return false;
        if (tok_.kind == TokenKind::kCloseSquare) break;
        Value* slot = new (arena_.allocate(sizeof(Value), alignof(Value))) Value;
        contiguous = contiguous && (arg_slots_.empty() || slot == arg_slots_.back() + 1);
        arg_slots_.push_back(slot);
        if (!read_value(kArgSet, *slot)) return false;
      }
      if (!advance()) return false;  // "]"
      if (contiguous) {
        if (!arg_slots_.empty()) call.args = {arg_slots_.front(), arg_slots_.size()};
      } else {
        auto* block = static_cast<Value*>(
            arena_.allocate(sizeof(Value) * arg_slots_.size(), alignof(Value)));
        for (size_t i = 0; i < arg_slots_.size(); ++i) new (block + i) Value(*arg_slots_[i]);
        call.args = {block, arg_slots_.size()};
      }
      if (!want(kOutputSet)) return false;
      if (tok_.kind != TokenKind::kCloseRound) {
        call.has_output = true;
        set_variable(call.output, tok_);
        if (!advance()) return false;
      }
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
        make_instruction(arena_, instr, left, Canon{peer, source, target});
      } else {
        if (!read_variable(set_of(kCatCanonStreamMap, kCatScalar), target)) return false;
        if (target.kind == VarKind::kScalar) {
          make_instruction(arena_, instr, left, CanonMapToScalar{peer, source, target});
        } else {
          make_instruction(arena_, instr, left, CanonMap{peer, source, target});
        }
      }
      break;
    }
    case Keyword::kAp: {
      if (!want(kApArgSet)) return false;
      if (tok_.kind == TokenKind::kOpenRound) {
        ApMap& ap = new_instruction<ApMap>(arena_, instr, left);
        if (!advance()) return false;
        if (!read_value(kMapKeySet, ap.key)) return false;
        if (!read_value(kApValueSet, ap.value)) return false;
        if (!expect(kCatCloseRound)) return false;
        if (!read_variable(bit(kCatStreamMap), ap.map)) return false;
      } else {
        Ap& ap = new_instruction<Ap>(arena_, instr, left);
        if (!read_value(kApArgSet, ap.argument)) return false;
        if (!read_variable(kApResultSet, ap.result)) return false;
      }
      break;
    }
    case Keyword::kSeq:
      {
        Seq& node = new_instruction<Seq>(arena_, instr, left);
        frame.child[0] = &node.left;
        frame.child[1] = &node.right;
      }
      frame.required = frame.max = 2;
      break;
    case Keyword::kPar:
      {
        Par& node = new_instruction<Par>(arena_, instr, left);
        frame.child[0] = &node.left;
        frame.child[1] = &node.right;
      }
      frame.required = frame.max = 2;
      break;
    case Keyword::kXor:
      {
        Xor& node = new_instruction<Xor>(arena_, instr, left);
        frame.child[0] = &node.left;
        frame.child[1] = &node.right;
      }
      frame.required = frame.max = 2;
      break;
    case Keyword::kMatch:
    case Keyword::kMismatch: {
      Value lhs;
      Value rhs;
      if (!read_value(kValueSet, lhs)) return false;
      if (!read_value(kValueSet, rhs)) return false;
      if (kw == Keyword::kMatch) {
        frame.child[0] = &make_instruction(arena_, instr, left, Match{lhs, rhs, nullptr}).body;
      } else {
        frame.child[0] =
            &make_instruction(arena_, instr, left, Mismatch{lhs, rhs, nullptr}).body;
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
      make_instruction(arena_, instr, left, fail);
      break;
    }
    case Keyword::kFold: {
      Value iterable;
      Variable iterator;
      if (!read_value(kFoldIterableSet, iterable)) return false;
      if (!read_variable(bit(kCatScalar), iterator)) return false;
      auto set_children = [&](auto& node) {
        frame.child[0] = &node.body;
        frame.child[1] = &node.last;
      };
      if (iterable.kind == ValueKind::kVariable && iterable.var.kind == VarKind::kStream) {
        set_children(make_instruction(arena_, instr, left,
                                      FoldStream{iterable.var, iterator, nullptr, nullptr}));
      } else if (iterable.kind == ValueKind::kVariable &&
                 iterable.var.kind == VarKind::kStreamMap) {
        set_children(make_instruction(arena_, instr, left,
                                      FoldStreamMap{iterable.var, iterator, nullptr, nullptr}));
      } else {
        set_children(make_instruction(arena_, instr, left,
                                      FoldScalar{iterable, iterator, nullptr, nullptr}));
      }
      frame.required = 1;
      frame.max = 2;
      break;
    }
    case Keyword::kNext: {
      Next next;
      if (!read_variable(bit(kCatScalar), next.iterator)) return false;
      make_instruction(arena_, instr, left, next);
      break;
    }
    case Keyword::kNew: {
      New n;
      if (!read_variable(kNewSet, n.argument)) return false;
      frame.child[0] = &make_instruction(arena_, instr, left, n).body;
      frame.required = frame.max = 1;
      break;
    }
    case Keyword::kNull:
      make_instruction(arena_, instr, left, Null{});
      break;
    case Keyword::kNever:
      make_instruction(arena_, instr, left, Never{});
      break;
  }
  return true;
}

InstrPtr Parser::finish(Frame& frame) {
  frame.instr->span.right = tok_.right;  // the ")" (not consumed yet)
  ++instruction_count_;
  validator_.met(*frame.instr);
  return frame.instr;
}

// Stands for an instruction the parser gave up on; never reaches a successful result.
InstrPtr Parser::error_placeholder() {
  Instruction* i = nullptr;
  make_instruction(arena_, i, 0, Null{});
  return i;
}

// The reference's LR error recovery: find the innermost position on the parse stack where an
// instruction may start such that, with an erroneous instruction put there, the current token is
// acceptable; if there is none, drop the token and try again with the next one. The outermost
// position (the whole script) always accepts the end of input.
bool Parser::recover(std::vector<Frame>& stack, bool& root_done) {
  if (fatal_) return false;
  while (true) {
    const CatSet here = bit(tok_.term);
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
            *f.child[j] = error_placeholder();
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
      if (!stack.empty() && tok_.kind != TokenKind::kOpenRound &&
          !want(stack.back().next_set())) {
        if (!recover(stack, root_done)) return nullptr;
        continue;
      }
      if (stack.size() >= max_depth_) {
        fatal_ = true;
        fatal_error_ = {tok_.left, tok_.right,
                        "instructions are nested deeper than " + std::to_string(max_depth_) +
                            " levels"};
        return nullptr;
      }
      if (tok_.kind == TokenKind::kOpenRound) {
        const Direct direct = read_direct(stack, root, root_done);
        if (direct == Direct::kSome) continue;
        if (direct == Direct::kFatal) return nullptr;
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
    if (tok_.kind != TokenKind::kCloseRound && !want(top.next_set())) {
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
    *parent.child[parent.have++] = done;
  }
  return errors_.empty() ? root : nullptr;
}

}  // namespace

ParseResult parse_air(std::string_view text, const ParseOptions& options) {
  return parse_air_owned(std::string(text), options);
}

ParseResult parse_air_owned(std::string owned, const ParseOptions& options) {
  const std::string_view text = owned;
  ParseResult result;
  auto fail = [&](ParseDiagnostic d, std::string_view shown) {
    result.diagnostics.push_back(std::move(d));
    result.error_text = render_diagnostics(shown, result.diagnostics);
    return std::move(result);
  };
  if (text.size() >= 0xFFFFFFFFu) {
    return fail({0, 0, "the script is larger than 4 GiB"}, {});
  }
  if (!fluence::is_valid_utf8(text)) {  // what Rust's &str guarantees the reference
    return fail({0, 0, "the script is not valid UTF-8"}, {});
  }
  auto source = std::make_unique<std::string>(std::move(owned));
  // About 4 bytes of AST per byte of typical AIR text.
  auto arena = std::make_unique<AstArena>(std::min<size_t>(source->size() * 4, size_t{64} << 20));
  Parser parser(*source, *arena, options.max_depth);
  InstrPtr root = parser.parse();
  if (parser.fatal_) return fail(std::move(parser.fatal_error_), *source);
  result.diagnostics = std::move(parser.errors_);
  parser.validator_.finish(parser.names(), result.diagnostics);
  if (root == nullptr || !result.diagnostics.empty()) {
    result.error_text = render_diagnostics(*source, result.diagnostics);
    return result;
  }
  size_t count = parser.instruction_count_;
  auto names = arena->copy(std::span<const std::string_view>(parser.names()));
  result.script.emplace(std::move(source), std::move(arena), root, count, names);
  return result;
}

}  // namespace fluence::air
