// The Aqua syntax tree: types, values, statements and top-level definitions, with positions.
// Produced by the parser, read by the elaborator (semantics + inlining).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fluence/aqua/diagnostics.h"

namespace fluence::aqua {

struct TypeExpr;
using TypeExprP = std::unique_ptr<TypeExpr>;

struct TypeExpr {
  enum Kind { kNamed, kArray, kOption, kStream, kArrow, kTop, kBottom } kind = kNamed;
  Pos pos;
  std::string name;  // kNamed: possibly dotted (M.Type)
  TypeExprP elem;
  // kArrow
  std::vector<std::string> abilities;
  std::vector<std::string> arg_names;  // empty strings for unnamed arguments
  std::vector<TypeExprP> args;
  std::vector<TypeExprP> results;
};

struct Expr;
using ExprP = std::unique_ptr<Expr>;

struct Arg {
  std::string name;  // set for `name = value` (struct/ability constructors, copy)
  Pos pos;
  ExprP value;  // null for the short form `D(a, b)` of a named argument... (value = variable)
};

enum class BinOp { kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv, kRem, kPow };

struct Expr {
  enum Kind {
    kString, kInt, kFloat, kBool, kNil, kInitPeer,
    kName,        // text = name
    kCall,        // text = callee name; abilities; args
    kCollection,  // coll = '[' '?' '*'; elems
    kNot,         // lhs
    kBinary,      // op, lhs, rhs
    kField,       // lhs.text
    kMethod,      // lhs.text{abilities}(args)
    kCopy,        // lhs.copy(args)
    kIndex,       // lhs[rhs]
    kBang,        // lhs!index (index = number)
  } kind = kName;
  Pos pos;
  std::string text;
  std::vector<std::string> abilities;
  std::vector<Pos> ability_pos;
  std::vector<Arg> args;
  std::vector<ExprP> elems;
  char coll = '[';
  BinOp op = BinOp::kAdd;
  ExprP lhs, rhs;
  int index = 0;
};

struct Stmt;
using StmtP = std::unique_ptr<Stmt>;

struct Param {
  std::string name;
  Pos pos;
  TypeExprP type;
};

struct ArrowSig {
  std::vector<std::string> abilities;
  std::vector<Pos> ability_pos;
  std::vector<Param> params;
  std::vector<TypeExprP> results;
};

struct Stmt {
  enum Kind {
    kServiceId, kPush, kFor, kOn, kIf, kElse, kOtherwise, kTry, kCatch, kParseq, kPar, kCo, kJoin,
    kStreamDecl, kClosure, kAssign, kCall, kReturn
  } kind = kCall;
  Pos pos;
  std::string name;  // service / push target / item / catch var / stream / closure / assign name
  Pos name_pos;
  ExprP value;       // id, pushed value, iterable, peer, condition, assigned value, call
  std::vector<ExprP> values;  // via list, join list, return values
  std::vector<std::string> binds;  // call binds
  std::vector<Pos> bind_pos;
  std::string mode;  // for: "", "par", "try", "rec"
  ExprP peer;        // parseq peer
  TypeExprP type;    // stream declaration
  ArrowSig sig;      // closure
  bool detached = false;
  std::vector<StmtP> body;
  StmtP inner;  // par / co
};

struct FuncDef {
  std::string name;
  Pos pos;
  ArrowSig sig;
  std::vector<StmtP> body;
};

struct ServiceMethodDef {
  std::string name;
  Pos pos;
  TypeExprP type;  // kArrow
};

struct ServiceDef {
  std::string name;
  Pos pos;
  ExprP default_id;
  std::vector<ServiceMethodDef> methods;
};

struct FieldDef {
  std::string name;
  Pos pos;
  TypeExprP type;
};

struct DataDef {
  std::string name;
  Pos pos;
  std::vector<FieldDef> fields;
  bool is_ability = false;
};

struct AliasDef {
  std::string name;
  Pos pos;
  TypeExprP type;
};

struct ConstDef {
  std::string name;
  Pos pos;
  ExprP value;
  bool overridable = false;
};

struct TopDef {
  enum Kind { kConst, kAlias, kData, kAbility, kService, kFunc } kind;
  std::unique_ptr<ConstDef> const_def;
  std::unique_ptr<AliasDef> alias_def;
  std::unique_ptr<DataDef> data_def;
  std::unique_ptr<ServiceDef> service_def;
  std::unique_ptr<FuncDef> func_def;
};

struct ImportItem {
  std::string name;
  std::string as;  // empty when not renamed
  Pos pos;
};

struct HeaderLine {
  enum Kind { kImport, kImportFrom, kUse, kUseFrom, kExport } kind;
  Pos pos;
  std::string path;  // unquoted
  Pos path_pos;
  std::vector<ImportItem> items;
  std::string as;  // use ... as X
};

struct Module {
  int32_t file = -1;
  std::string name;  // from the aqua line
  Pos pos;
  bool has_header = false;
  bool declares_all = false;
  std::vector<ImportItem> declares;
  std::vector<HeaderLine> header;
  std::vector<TopDef> defs;
};

}  // namespace fluence::aqua
