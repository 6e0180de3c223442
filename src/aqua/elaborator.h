// The elaborator: semantic analysis and inlining in one walk. It type-checks a function body
// (reporting diagnostics) and, for exported functions, inlines every call into one tree of
// operations (ops.h) wrapped in the client calling convention of aqua.md §9.5.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <unordered_map>

#include "fluence/aqua/compiler.h"
#include "ops.h"
#include "values.h"

namespace fluence::aqua {

// Inlined statements per function: stops exponential expansion (each call inlines its callee).
constexpr size_t kMaxInlineWork = 200000;

class Elaborator {
 public:
  Elaborator(TypePool& pool, DiagnosticSink& diags, const CompileOptions& opts);

  const Type* resolve_type(const TypeExpr& t, ModuleScope* scope);
  const Type* arrow_type(const ArrowSig& sig, ModuleScope* scope);
  const Type* error_struct() const { return error_struct_; }

  // Checks a function on its own (parameters are symbolic). Reports diagnostics.
  void check_function(const FuncDef& f, ModuleScope* scope);
  // Inlines an exported function into AIR text.
  FunctionOutput compile_export(const FuncDef& f, ModuleScope* scope, const std::string& name);

  // Looks up a dotted top-level name (module prefixes resolved); null if unknown.
  const GlobalSym* lookup_global(ModuleScope* scope, const std::string& dotted);
  std::vector<std::string> visible_globals(ModuleScope* scope);

  // Literal value of a constant expression (literal or constant name); kError when not constant.
  CValue const_value(const Expr& e, ModuleScope* scope);

 private:
  // ---- function compile state ----
  struct Frame;
  void reset();
  Env* new_env(Env* parent, ModuleScope* module);
  std::string fresh(const std::string& base);
  std::string fresh_suffixed(const std::string& base);
  Op* op(Op::Kind k);
  Op* seq_op();
  void emit(Op* o) { cur_->kids.push_back(o); }
  // Runs `inner` wrapped in tracing events when tracing is on (aqua.md §9.11).
  void traced(const std::string& name, const std::function<void()>& inner);

  // ---- statements ----
  std::vector<CValue> body(const std::vector<StmtP>& stmts, Env* env, const std::vector<const Type*>* results,
                           Pos fn_pos, bool is_root, bool broken = false);
  CValue return_value(const CValue& v, const Type* rt, Pos p, bool is_root);
  void stmt(const std::vector<StmtP>& stmts, size_t& i, Env* env);
  void stmt_one(const Stmt& s, Env* env);
  void block(const std::vector<StmtP>& stmts, Env* env, Op* into);
  Op* block_op(const std::vector<StmtP>& stmts, Env* env);
  void on_stmt(const Stmt& s, Env* env, bool parseq_branch);
  void if_stmt(const Stmt& s, const Stmt* else_s, Env* env);
  void for_stmt(const Stmt& s, Env* env);
  void parseq_stmt(const Stmt& s, Env* env);
  void call_stmt(const Stmt& s, Env* env);
  void bind_name(Env* env, const std::string& name, Pos pos, CValue v);

  // ---- values ----
  CValue value(const Expr& e, Env* env);
  std::vector<CValue> call(const Expr& e, Env* env);
  std::vector<CValue> call_arrow(const CValue& arrow, const std::vector<CValue>& args, const std::vector<CValue>& abilities,
                                 Pos pos);
  std::vector<CValue> eval_args(const Expr& e, Env* env, const Type* arrow_type, std::vector<CValue>& abilities);
  CValue coerce(const CValue& v, const Type* expected, Pos pos, const std::string& what);
  CValue canon_of(const CValue& stream_val);
  CValue lookup(const std::string& name, Env* env, Pos pos, bool report = true);
  CValue resolve_path(const Expr& e, Env* env, bool& found);
  CValue field_of(const CValue& v, const std::string& field, Pos pos);
  CValue index_of(const CValue& v, const CValue& idx, Pos pos, bool bang);
  CValue stream_gate(const CValue& st, const CValue& idx, bool read, bool idx_is_length = false);
  CValue binary_with(const Expr& e, const CValue& lhs, Env* env);
  CValue length_of(const CValue& v, Pos pos);
  CValue binary(const Expr& e, Env* env, const CValue* lhs_done = nullptr);
  CValue collection(const Expr& e, Env* env);
  CValue construct(const Type* t, const std::vector<Arg>& args, Env* env, Pos pos, const CValue* copy_from);
  CValue data(const std::string& operand, const Type* t, bool literal = false) const;
  CValue symbolic(const Type* t, const std::string& name);
  CValue error_value() const;
  void unknown_name(const std::string& name, Env* env, Pos pos);
  CValue ability_from_args(const Type* t, const std::vector<Arg>& args, Env* env, Pos pos);

  TypePool& pool_;
  DiagnosticSink& diags_;
  const CompileOptions& opts_;
  const Type* error_struct_ = nullptr;

  OpArena ops_;
  LocationTable locs_;
  std::deque<Env> envs_;
  std::unordered_map<std::string, int> names_;
  Op* cur_ = nullptr;
  int loc_ = 0;
  int inline_depth_ = 0;
  bool codegen_ = false;  // false while checking only
  size_t work_ = 0;
  size_t prev_start_ = 0;
  int callbacks_ = 0;
  std::unordered_map<std::string, int> fix_counters_;  // -X-fix-N: shared by a file's functions, like the reference
  bool in_trace_ = false;  // the arrow being elaborated is already wrapped in tracing  // callback results are init_call_res0, init_call_res1, ...
  std::vector<std::string> root_streams_;  // restricted around the whole function (stream literals)
  std::unordered_map<const Stmt*, std::string> hoisted_;  // root-level streams: AIR name  // where the previous statement's operations begin in cur_       // inlined statements, to stop runaway expansion
};

}  // namespace fluence::aqua
