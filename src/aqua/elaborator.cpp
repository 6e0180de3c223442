#include "elaborator.h"

#include <algorithm>
#include <cstdlib>

#include "air_names.h"

namespace fluence::aqua {

namespace {

bool is_literal_kind(const Type* t) { return t && t->kind >= Type::kLitUnsigned && t->kind <= Type::kLitFloat; }

}  // namespace

Elaborator::Elaborator(TypePool& pool, DiagnosticSink& diags, const CompileOptions& opts)
    : pool_(pool), diags_(diags), opts_(opts) {
  Type* e = pool_.make();
  e->kind = Type::kStruct;
  e->name = "Error";
  e->field_names = {"error_code", "instruction", "message", "peer_id"};
  e->fields = {pool_.scalar(Type::kI64), pool_.scalar(Type::kString), pool_.scalar(Type::kString), pool_.scalar(Type::kString)};
  error_struct_ = e;
}

void Elaborator::reset() {
  ops_.clear();
  locs_ = LocationTable{};
  Scope root;
  root.peer = "%init_peer_id%";
  if (!opts_.no_relay) root.vias.emplace_back("-relay-", false);
  locs_.add(-1, root);
  envs_.clear();
  names_.clear();
  loc_ = 0;
  inline_depth_ = 0;
  callbacks_ = 0;
}

Env* Elaborator::new_env(Env* parent, ModuleScope* module) {
  Env& e = envs_.emplace_back();
  e.parent = parent;
  e.module = module ? module : (parent ? parent->module : nullptr);
  return &e;
}

std::string Elaborator::fresh(const std::string& base) {
  auto it = names_.find(base);
  if (it == names_.end()) {
    names_.emplace(base, 0);
    return base;
  }
  return base + "-" + std::to_string(it->second++);
}

std::string Elaborator::fresh_suffixed(const std::string& base) {
  auto it = names_.find(base);
  if (it == names_.end()) it = names_.emplace(base, 0).first;
  return base + "-" + std::to_string(it->second++);
}

Op* Elaborator::op(Op::Kind k) { return ops_.make(k); }

void Elaborator::traced(const std::string& name, const std::function<void()>& inner) {
  if (!opts_.tracing || !codegen_) {
    inner();
    return;
  }
  // aqua.md §9.11: an "enter" event, the body, an "exit" event; on error, an event with the
  // message, then the error is re-raised.
  auto event = [&](const std::string& what) {
    Op* c = op(Op::kCall);
    c->loc = loc_;
    c->a = quote("tracingSrv");
    c->b = quote("tracingEvent");
    c->args = {quote(name), what};
    Op* p = op(Op::kPar);
    p->flag = true;
    p->kids = {c, op(Op::kNull)};
    return p;
  };
  emit(event(quote("enter")));
  Op* body = seq_op();
  Op* saved = cur_;
  cur_ = body;
  inner();
  emit(event(quote("exit")));
  cur_ = saved;
  Op* msg = op(Op::kCall);
  msg->loc = loc_;
  msg->a = quote("op");
  msg->b = quote("concat_strings");
  msg->args = {"\"exit with error: \"", ":error:.$.message"};
  msg->c = "-return-error-msg-";
  Op* ev = op(Op::kCall);
  ev->loc = loc_;
  ev->a = quote("tracingSrv");
  ev->b = quote("tracingEvent");
  ev->args = {quote(name), "-return-error-msg-"};
  Op* s2 = seq_op();
  s2->kids = {msg, ev};
  Op* n = op(Op::kNew);
  n->a = "-return-error-msg-";
  n->kids.push_back(s2);
  Op* f = op(Op::kFail);
  f->a = ":error:";
  Op* err = seq_op();
  err->kids = {n, f};
  Op* x = op(Op::kXor);
  x->kids = {body, err};
  emit(x);
}
Op* Elaborator::seq_op() { return ops_.make(Op::kSeq); }

CValue Elaborator::data(const std::string& operand, const Type* t, bool literal) const {
  CValue v;
  v.kind = CValue::kData;
  v.type = t;
  v.base = operand;
  v.literal = literal;
  return v;
}

CValue Elaborator::error_value() const {
  CValue v;
  v.kind = CValue::kError;
  v.type = pool_.error();
  v.base = "null";
  return v;
}

// ---------------------------------------------------------------------------------------------
// Types

const Type* Elaborator::resolve_type(const TypeExpr& t, ModuleScope* scope) {
  switch (t.kind) {
    case TypeExpr::kTop: return pool_.top();
    case TypeExpr::kBottom: return pool_.bottom();
    case TypeExpr::kArray:
    case TypeExpr::kOption:
    case TypeExpr::kStream: {
      const Type* e = resolve_type(*t.elem, scope);
      if (!e->is_data() && e->kind != Type::kError) {
        diags_.error(t.elem->pos, "Collection elements must be data types (scalars, structs, arrays, options), not " + type_text(e));
        e = pool_.error();
      }
      return t.kind == TypeExpr::kArray ? pool_.array(e) : t.kind == TypeExpr::kOption ? pool_.option(e) : pool_.stream(e);
    }
    case TypeExpr::kArrow: {
      Type* a = pool_.make();
      a->kind = Type::kArrow;
      for (const auto& ab : t.abilities) {
        const GlobalSym* s = lookup_global(scope, ab);
        if (s && s->kind == GlobalSym::kService) {
          a->abilities.push_back(s->value.type);
        } else if (!s || s->kind != GlobalSym::kType || s->type->kind != Type::kAbility) {
          diags_.error(t.pos, "Ability `" + ab + "` is not defined");
          a->abilities.push_back(pool_.error());
        } else {
          a->abilities.push_back(s->type);
        }
      }
      for (size_t i = 0; i < t.args.size(); ++i) {
        a->field_names.push_back(i < t.arg_names.size() ? t.arg_names[i] : "");
        a->fields.push_back(resolve_type(*t.args[i], scope));
      }
      for (const auto& r : t.results) a->results.push_back(resolve_type(*r, scope));
      return a;
    }
    case TypeExpr::kNamed: {
      if (const Type* s = pool_.scalar_by_name(t.name)) return s;
      const GlobalSym* g = lookup_global(scope, t.name);
      if (g && g->kind == GlobalSym::kType) return g->type;
      if (g && g->kind == GlobalSym::kService) return g->value.type;
      std::vector<std::string> cands = {"u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "bool", "string"};
      for (auto& n : visible_globals(scope)) {
        const GlobalSym* s = lookup_global(scope, n);
        if (s && (s->kind == GlobalSym::kType || s->kind == GlobalSym::kService)) cands.push_back(n);
      }
      auto close = closest_names(t.name, cands);
      std::string msg = "Type `" + t.name + "` is not defined";
      if (!close.empty()) {
        msg += "; did you mean ";
        for (size_t i = 0; i < close.size(); ++i) msg += (i ? ", " : "") + std::string("`") + close[i] + "`";
        msg += "?";
      }
      diags_.error(t.pos, msg);
      return pool_.error();
    }
  }
  return pool_.error();
}

const Type* Elaborator::arrow_type(const ArrowSig& sig, ModuleScope* scope) {
  Type* a = pool_.make();
  a->kind = Type::kArrow;
  for (size_t i = 0; i < sig.abilities.size(); ++i) {
    const GlobalSym* s = lookup_global(scope, sig.abilities[i]);
    if (s && s->kind == GlobalSym::kService) {
      a->abilities.push_back(s->value.type);
    } else if (!s || s->kind != GlobalSym::kType || s->type->kind != Type::kAbility) {
      diags_.error(sig.ability_pos[i], "Ability `" + sig.abilities[i] + "` is not defined");
      a->abilities.push_back(pool_.error());
    } else {
      a->abilities.push_back(s->type);
    }
  }
  for (const auto& p : sig.params) {
    a->field_names.push_back(p.name);
    a->fields.push_back(resolve_type(*p.type, scope));
  }
  for (const auto& r : sig.results) a->results.push_back(resolve_type(*r, scope));
  return a;
}

const GlobalSym* Elaborator::lookup_global(ModuleScope* scope, const std::string& dotted) {
  if (!scope) return nullptr;
  auto it = scope->syms.find(dotted);
  if (it != scope->syms.end()) return &it->second;
  // A module prefix: `U.greet`, `Lib.Util.greet`, `M.Math`.
  for (size_t dot = dotted.rfind('.'); dot != std::string::npos && dot > 0; dot = dotted.rfind('.', dot - 1)) {
    auto m = scope->syms.find(dotted.substr(0, dot));
    if (m != scope->syms.end() && m->second.kind == GlobalSym::kModule) {
      return lookup_global(m->second.module, dotted.substr(dot + 1));
    }
    if (dot == 0) break;
  }
  return nullptr;
}

std::vector<std::string> Elaborator::visible_globals(ModuleScope* scope) {
  std::vector<std::string> out;
  if (!scope) return out;
  for (const auto& [k, v] : scope->syms) out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

CValue Elaborator::const_value(const Expr& e, ModuleScope* scope) {
  switch (e.kind) {
    case Expr::kString: return data(e.text, pool_.scalar(Type::kString), true);
    case Expr::kInt: return data(e.text, pool_.scalar(e.text[0] == '-' ? Type::kLitSigned : Type::kLitUnsigned), true);
    case Expr::kFloat: return data(e.text, pool_.scalar(Type::kLitFloat), true);
    case Expr::kBool: return data(e.text, pool_.scalar(Type::kBool), true);
    case Expr::kNil: return data("[]", pool_.option(pool_.bottom()), true);
    case Expr::kInitPeer: return data("%init_peer_id%", pool_.scalar(Type::kString), true);
    case Expr::kName:
    case Expr::kField: {
      std::string dotted;
      const Expr* x = &e;
      std::vector<std::string> parts;
      while (x->kind == Expr::kField) {
        parts.push_back(x->text);
        x = x->lhs.get();
      }
      if (x->kind != Expr::kName) break;
      parts.push_back(x->text);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) dotted += (dotted.empty() ? "" : ".") + *it;
      if (dotted == "INIT_PEER_ID") return data("%init_peer_id%", pool_.scalar(Type::kString), true);
      if (dotted == "HOST_PEER_ID") return data(opts_.no_relay ? "%init_peer_id%" : "-relay-", pool_.scalar(Type::kString), true);
      const GlobalSym* g = lookup_global(scope, dotted);
      if (g && g->kind == GlobalSym::kConst) return g->value;
      diags_.error(e.pos, "Constant `" + dotted + "` is not defined; a constant's value must be a literal or an earlier constant");
      return error_value();
    }
    default:
      break;
  }
  diags_.error(e.pos, "A constant's value must be a literal or another constant, not an expression");
  return error_value();
}

// ---------------------------------------------------------------------------------------------
// Functions

CValue Elaborator::symbolic(const Type* t, const std::string& name) {
  CValue v;
  v.type = t;
  switch (t->kind) {
    case Type::kArrow: {
      v.kind = CValue::kArrow;
      v.arrow = std::make_shared<ArrowImpl>();
      v.arrow->kind = ArrowImpl::kSymbolic;
      v.arrow->type = t;
      v.arrow->name = name;
      return v;
    }
    case Type::kAbility:
    case Type::kService: {
      v.kind = t->kind == Type::kAbility ? CValue::kAbility : CValue::kService;
      if (t->kind == Type::kService) {
        v.service_id = std::make_shared<CValue>(data(air_name(name) + "_id", pool_.scalar(Type::kString)));
        return v;
      }
      v.fields = std::make_shared<std::map<std::string, CValue>>();
      for (size_t i = 0; i < t->fields.size(); ++i) {
        (*v.fields)[t->field_names[i]] = symbolic(t->fields[i], name + "_" + t->field_names[i]);
      }
      return v;
    }
    case Type::kStream:
      return data("$" + air_name(name), t);
    default:
      return data(air_name(name), t);
  }
}

void Elaborator::check_function(const FuncDef& f, ModuleScope* scope) {
  reset();
  hoisted_.clear();
  codegen_ = false;
  const Type* at = arrow_type(f.sig, scope);
  Env* env = new_env(nullptr, scope);
  for (size_t i = 0; i < f.sig.abilities.size(); ++i) {
    const Type* t = at->abilities[i];
    std::string nm = f.sig.abilities[i];
    env->vars[nm] = symbolic(t, nm);
  }
  for (size_t i = 0; i < f.sig.params.size(); ++i) {
    const auto& p = f.sig.params[i];
    if (env->vars.count(p.name)) diags_.error(p.pos, "Parameter `" + p.name + "` is defined twice");
    env->vars[p.name] = symbolic(at->fields[i], "-" + p.name + "-arg-");
  }
  Op* root = seq_op();
  cur_ = root;
  body(f.body, env, &at->results, f.pos, true, f.broken);
}

FunctionOutput Elaborator::compile_export(const FuncDef& f, ModuleScope* scope, const std::string& name) {
  reset();
  codegen_ = true;
  diags_.mute++;
  FunctionOutput out;
  out.name = name;
  const Type* at = arrow_type(f.sig, scope);
  Env* env = new_env(nullptr, scope);
  Op* bodyseq = seq_op();
  cur_ = bodyseq;
  auto get_data = [&](const std::string& key, const std::string& dst) {
    Op* c = op(Op::kCall);
    c->loc = 0;
    c->a = quote("getDataSrv");
    c->b = quote(key);
    c->c = dst;
    emit(c);
  };
  if (!opts_.no_relay) get_data("-relay-", "-relay-");
  names_["-relay-"] = 0;
  for (size_t i = 0; i < f.sig.params.size(); ++i) {
    const auto& p = f.sig.params[i];
    const Type* t = at->fields[i];
    ArgInfo info{p.name, type_text(t), ""};
    if (t->kind == Type::kArrow) {
      info.kind = "arrow";
      CValue v;
      v.kind = CValue::kArrow;
      v.type = t;
      v.arrow = std::make_shared<ArrowImpl>();
      v.arrow->kind = ArrowImpl::kCallback;
      v.arrow->type = t;
      v.arrow->name = p.name;
      env->vars[p.name] = v;
    } else if (t->kind == Type::kStream) {
      info.kind = "stream";
      std::string iter = fresh(p.name + "-iter");
      std::string item = fresh_suffixed(p.name + "-item");
      std::string st = "$" + fresh("-" + p.name + "-arg-");
      get_data(p.name, iter);
      Op* fold = op(Op::kFold);
      fold->a = iter;
      fold->b = item;
      fold->fold_mode = Op::kFoldSeq;
      Op* ap = op(Op::kAp);
      ap->a = item;
      ap->b = st;
      Op* b = seq_op();
      b->kids.push_back(ap);
      fold->kids.push_back(b);
      emit(fold);
      env->vars[p.name] = data(st, t);
    } else {
      info.kind = t->kind == Type::kStruct ? "struct" : t->kind == Type::kArray ? "array" : t->kind == Type::kOption ? "option" : "scalar";
      std::string var = fresh("-" + p.name + "-arg-");
      get_data(p.name, var);
      env->vars[p.name] = data(var, t);
    }
    out.args.push_back(info);
  }
  for (const Type* r : at->results) out.results.push_back(type_text(r));
  out.arrow_json = type_def_json(at);
  // Streams declared at the function's top level wrap the whole body (as the reference does).
  hoisted_.clear();
  root_streams_.clear();
  std::vector<std::string> root_streams;
  for (const auto& st : f.body) {
    if (st->kind == Stmt::kStreamDecl) {
      std::string nm = "$" + fresh(air_name(st->name));
      hoisted_[st.get()] = nm;
      root_streams.push_back(nm);
    }
  }
  std::vector<CValue> results;
  traced(f.name, [&] { results = body(f.body, env, &at->results, f.pos, true); });
  // The client's response: results (or nothing).
  if (!results.empty() || !opts_.no_empty_response) {
    Op* c = op(Op::kCall);
    c->loc = 0;
    c->a = quote("callbackSrv");
    c->b = quote("response");
    for (auto& v : results) c->args.push_back(v.operand());
    emit(c);
  }
  diags_.mute--;
  Op* wrapped = bodyseq;
  root_streams.insert(root_streams.begin(), root_streams_.begin(), root_streams_.end());
  for (auto it = root_streams.rbegin(); it != root_streams.rend(); ++it) {
    Op* n = op(Op::kNew);
    n->a = *it;
    n->kids.push_back(wrapped);
    wrapped = n;
  }
  Op* root = op(Op::kXor);
  root->kids.push_back(wrapped);
  Op* err = op(Op::kCall);
  err->loc = 0;
  err->flag = true;
  err->a = quote("errorHandlingSrv");
  err->b = quote("error");
  err->args = {":error:", "0"};
  root->kids.push_back(err);
  TopologyOptions topo;
  topo.no_xor = opts_.no_xor;
  out.air = emit_air(root, locs_, topo);
  return out;
}

// Elaborates a function/closure body into cur_; returns the values of its final `<-`.
std::vector<CValue> Elaborator::body(const std::vector<StmtP>& stmts, Env* env, const std::vector<const Type*>* results,
                                     Pos fn_pos, bool is_root, bool broken) {
  Op* start = cur_;
  std::vector<CValue> out;
  const Stmt* ret = (!stmts.empty() && stmts.back()->kind == Stmt::kReturn) ? stmts.back().get() : nullptr;
  size_t n = stmts.size() - (ret ? 1 : 0);
  for (size_t i = 0; i < n;) stmt(stmts, i, env);
  size_t want = results ? results->size() : 0;
  std::vector<CValue> conv;
  if (ret) {
    // Each value is converted right after it is computed (streams are snapshotted in order).
    for (size_t i = 0; i < ret->values.size(); ++i) {
      out.push_back(value(*ret->values[i], env));
      if (i < want) conv.push_back(return_value(out.back(), (*results)[i], ret->values[i]->pos, is_root));
    }
  }
  if (broken) {
    // The body had a syntax error: the return line may be the one that failed.
  } else if (!ret && want > 0) {
    diags_.error(fn_pos, "Return type is defined for the arrow, but nothing returned. Use `<- value, ...` as the last expression inside function body.");
  } else if (ret && out.size() < want) {
    size_t more = want - out.size();
    diags_.error(ret->pos, "Expected " + std::to_string(more) + " more value" + (more == 1 ? "" : "s") + " to be returned, see the function's type");
  } else if (ret && out.size() > want) {
    diags_.error(ret->values[want]->pos, "Too many values are returned: the function's type declares " + std::to_string(want));
  }
  cur_ = start;
  return conv;
}

// A value leaving a function through `<-`, converted to the declared result type. A stream
// leaves its block as a canonical snapshot (flattened to a scalar when the result is an array,
// as the reference does).
CValue Elaborator::return_value(const CValue& v, const Type* rt, Pos p, bool is_root) {
  (void)is_root;
  if (!accepts(rt, v.type)) {
    diags_.error(p, "Types mismatch. expected: " + type_text(rt) + ", given: " + type_text(v.type));
    return v;
  }
  if (v.kind != CValue::kData || !v.is_stream_var()) {
    CValue r = v;
    if (r.kind == CValue::kData && !is_literal_kind(rt) && v.type && is_literal_kind(v.type)) r.type = rt;
    return r;
  }
  std::string base = strip_sigil(v.base);
  Op* c = op(Op::kCanon);
  c->loc = loc_;
  c->a = v.base;
  if (rt->kind == Type::kStream) {
    c->b = "#" + fresh(base + "_canon");
    emit(c);
    return data(c->b, v.type);
  }
  // -X-fix-N counts per stream name across the functions of the file.
  std::string n = std::to_string(codegen_ ? fix_counters_[base]++ : 0);
  c->b = "#" + fresh("-" + base + "-fix-" + n);
  emit(c);
  Op* ap = op(Op::kAp);
  ap->a = c->b;
  ap->b = fresh("-" + base + "-flat-" + n);
  emit(ap);
  return data(ap->b, rt);
}

// ---------------------------------------------------------------------------------------------
// Statements

Op* Elaborator::block_op(const std::vector<StmtP>& stmts, Env* env) {
  Op* s = seq_op();
  block(stmts, env, s);
  return s;
}

void Elaborator::block(const std::vector<StmtP>& stmts, Env* env, Op* into) {
  Op* saved = cur_;
  cur_ = into;
  for (size_t i = 0; i < stmts.size();) stmt(stmts, i, env);
  cur_ = saved;
}

static Op* take_tail(Op* seq, size_t from, OpArena& arena) {
  // The operations of the last statement (from index `from`) as one op.
  if (seq->kids.size() <= from) {
    Op* n = arena.make(Op::kNull);
    return n;
  }
  if (seq->kids.size() == from + 1) {
    Op* o = seq->kids.back();
    seq->kids.pop_back();
    return o;
  }
  Op* s = arena.make(Op::kSeq);
  s->kids.assign(seq->kids.begin() + static_cast<long>(from), seq->kids.end());
  seq->kids.resize(from);
  return s;
}

void Elaborator::stmt(const std::vector<StmtP>& stmts, size_t& i, Env* env) {
  const Stmt& s = *stmts[i];
  if (++work_ > kMaxInlineWork) {
    if (work_ == kMaxInlineWork + 1) {
      int saved = diags_.mute;
      diags_.mute = 0;
      diags_.error(s.pos, "The program expands to too much code when every call is inlined (more than " +
                              std::to_string(kMaxInlineWork) + " statements)");
      diags_.mute = saved;
    }
    i = stmts.size();
    return;
  }
  Op* seq_at_start = cur_;
  size_t start = cur_->kids.size();
  size_t prev_start = prev_start_;  // nested statements overwrite the member
  switch (s.kind) {
    case Stmt::kIf: {
      const Stmt* else_s = (i + 1 < stmts.size() && stmts[i + 1]->kind == Stmt::kElse) ? stmts[i + 1].get() : nullptr;
      if_stmt(s, else_s, env);
      i += else_s ? 2 : 1;
      break;
    }
    case Stmt::kTry:
      if (i + 1 < stmts.size() && (stmts[i + 1]->kind == Stmt::kCatch || stmts[i + 1]->kind == Stmt::kOtherwise)) {
        // try + catch/otherwise: one xor, built below.
        emit(block_op(s.body, new_env(env, nullptr)));
      } else {
        stmt_one(s, env);
      }
      ++i;
      break;
    case Stmt::kElse:
      diags_.error(s.pos, "`else` must directly follow an `if` block");
      ++i;
      break;
    case Stmt::kCatch:
    case Stmt::kOtherwise: {
      if (i == 0) {
        diags_.error(s.pos, std::string("`") + (s.kind == Stmt::kCatch ? "catch" : "otherwise") + "` must follow a statement or a `try` block");
        ++i;
        break;
      }
      ++i;
      break;
    }
    case Stmt::kPar:
    case Stmt::kCo: {
      if (s.kind == Stmt::kPar && i == 0) {
        diags_.error(s.pos, "`par` needs a statement before it to run in parallel with");
      }
      Op* branch = seq_op();
      Op* saved = cur_;
      cur_ = branch;
      stmt_one(*s.inner, env);
      cur_ = saved;
      Op* p = op(Op::kPar);
      if (s.kind == Stmt::kCo) {
        p->flag = true;
        p->kids = {branch, op(Op::kNull)};
        emit(p);
      } else {
        // Runs in parallel with the previous statement only.
        Op* prev = take_tail(cur_, prev_start, ops_);
        p->kids = {prev, branch};
        emit(p);
        start = prev_start;
      }
      ++i;
      break;
    }
    default:
      stmt_one(s, env);
      ++i;
      break;
  }
  // `catch` / `otherwise` attach to the statement just elaborated.
  while (i < stmts.size() && (stmts[i]->kind == Stmt::kCatch || stmts[i]->kind == Stmt::kOtherwise) && cur_ == seq_at_start) {
    const Stmt& r = *stmts[i];
    Op* tried = take_tail(cur_, start, ops_);
    Env* renv = new_env(env, nullptr);
    if (r.kind == Stmt::kCatch) {
      renv->vars[r.name] = data(":error:", error_struct_);
    }
    Op* rec = block_op(r.body, renv);
    Op* x = op(Op::kXor);
    x->kids = {tried, rec};
    emit(x);
    ++i;
  }
  if (cur_ == seq_at_start) prev_start_ = start;
}

void Elaborator::bind_name(Env* env, const std::string& name, Pos pos, CValue v) {
  if (env->vars.count(name)) {
    diags_.error(pos, "This name was already defined in the scope: `" + name + "`");
    return;
  }
  env->vars[name] = std::move(v);
}

void Elaborator::stmt_one(const Stmt& s, Env* env) {
  switch (s.kind) {
    case Stmt::kServiceId: {
      CValue id = value(*s.value, env);
      if (id.kind == CValue::kData && !accepts(pool_.scalar(Type::kString), id.type)) {
        diags_.error(s.value->pos, "Service id must be a string, given: " + type_text(id.type));
      }
      bool found = true;
      CValue svc = lookup(s.name, env, s.pos, false);
      if (svc.kind != CValue::kService) {
        const GlobalSym* g = lookup_global(env->module, s.name);
        if (g && g->kind == GlobalSym::kService) {
          svc = g->value;
        } else {
          found = false;
        }
      }
      if (!found) {
        unknown_name(s.name, env, s.pos);
        return;
      }
      svc.service_id = std::make_shared<CValue>(id);
      env->vars[s.name] = svc;
      return;
    }
    case Stmt::kPush: {
      CValue st = lookup(s.name, env, s.name_pos);
      CValue v = value(*s.value, env);
      if (st.kind == CValue::kError) return;
      if (!(st.kind == CValue::kData && st.type->kind == Type::kStream && st.is_stream_var())) {
        diags_.error(s.name_pos, "Expected stream value, got value of type '" + type_text(st.type) + "': only streams can be appended to with <<-");
        return;
      }
      v = coerce(v, st.type->elem, s.value->pos, "pushed value");
      Op* ap = op(Op::kAp);
      ap->a = v.operand();
      ap->b = st.base;
      emit(ap);
      return;
    }
    case Stmt::kFor: for_stmt(s, env); return;
    case Stmt::kParseq: parseq_stmt(s, env); return;
    case Stmt::kOn: on_stmt(s, env, false); return;
    case Stmt::kIf: if_stmt(s, nullptr, env); return;
    case Stmt::kTry: {
      Env* tenv = new_env(env, nullptr);
      Op* body = block_op(s.body, tenv);
      Op* x = op(Op::kXor);
      x->kids = {body, op(Op::kNull)};
      emit(x);
      return;
    }
    case Stmt::kJoin: {
      // `join st[n]` waits like a read of st[n] (the reference computes the same gate);
      // plain values need no instruction: using them later waits for them.
      for (const auto& e : s.values) value(*e, env);
      return;
    }
    case Stmt::kStreamDecl: {
      const Type* t = resolve_type(*s.type, env->module);
      if (t->kind != Type::kStream && t->kind != Type::kError) {
        diags_.error(s.type->pos, "Only streams can be declared without a value (`" + s.name + ": *" + type_text(t) + "`); given " + type_text(t));
        t = pool_.stream(t);
      }
      if (env->vars.count(s.name)) {
        diags_.error(s.name_pos, "This name was already defined in the scope: `" + s.name + "`");
        return;
      }
      auto h = inline_depth_ == 0 ? hoisted_.find(&s) : hoisted_.end();
      if (h != hoisted_.end()) {
        env->vars[s.name] = data(h->second, t);
        return;
      }
      std::string nm = "$" + fresh(air_name(s.name));
      env->vars[s.name] = data(nm, t);
      // The stream is restricted to the rest of its block.
      Op* n = op(Op::kNew);
      n->a = nm;
      Op* inner = seq_op();
      n->kids.push_back(inner);
      emit(n);
      cur_ = inner;
      return;
    }
    case Stmt::kClosure: {
      CValue v;
      v.kind = CValue::kArrow;
      v.type = arrow_type(s.sig, env->module);
      v.arrow = std::make_shared<ArrowImpl>();
      v.arrow->kind = ArrowImpl::kClosure;
      v.arrow->type = v.type;
      v.arrow->closure = &s;
      v.arrow->env = env;
      v.arrow->loc = loc_;
      v.arrow->mute = diags_.mute;
      bind_name(env, s.name, s.name_pos, v);
      if (!codegen_) {
        // Checked once here; calls in check mode only use the signature.
        Env* cenv = new_env(env, nullptr);
        for (size_t i = 0; i < s.sig.params.size(); ++i) {
          cenv->vars[s.sig.params[i].name] = symbolic(v.type->fields[i], "-" + s.sig.params[i].name + "-arg-");
        }
        Op* saved = cur_;
        cur_ = seq_op();
        body(s.body, cenv, &v.type->results, s.pos, false, s.broken);
        cur_ = saved;
      }
      return;
    }
    case Stmt::kAssign: {
      CValue v = value(*s.value, env);
      if (v.kind == CValue::kData && v.is_stream_var() && s.value->kind == Expr::kName) {
        // A stream under another name: same stream.
      }
      bind_name(env, s.name, s.name_pos, v);
      return;
    }
    case Stmt::kCall: call_stmt(s, env); return;
    case Stmt::kReturn:
      diags_.error(s.pos, "Return expression must be on the top indentation level and at the end of function body");
      return;
    case Stmt::kPar:
    case Stmt::kCo: {
      Op* branch = seq_op();
      Op* saved = cur_;
      cur_ = branch;
      stmt_one(*s.inner, env);
      cur_ = saved;
      Op* p = op(Op::kPar);
      p->flag = true;
      p->kids = {branch, op(Op::kNull)};
      emit(p);
      return;
    }
    default:
      diags_.error(s.pos, "This statement cannot be used here");
      return;
  }
}

void Elaborator::call_stmt(const Stmt& s, Env* env) {
  std::vector<CValue> res = call(*s.value, env);
  if (s.binds.empty()) {
    if (!res.empty() && res[0].kind != CValue::kError) {
      diags_.warning(s.value->pos, std::string("Arrow returns ") + (res.size() == 1 ? "a value" : std::to_string(res.size()) + " values") +
                                       ", but none are used");
    }
    return;
  }
  if (res.size() < s.binds.size()) {
    if (!(res.size() == 1 && res[0].kind == CValue::kError)) {
      diags_.error(s.bind_pos[res.size() < s.bind_pos.size() ? res.size() : 0],
                   "Arrow returns " + std::to_string(res.size()) + " value" + (res.size() == 1 ? "" : "s") + ", but " +
                       std::to_string(s.binds.size()) + " names are bound");
    }
    while (res.size() < s.binds.size()) res.push_back(error_value());
  } else if (res.size() > s.binds.size()) {
    diags_.warning(s.pos, "Arrow returns " + std::to_string(res.size()) + " values, but only " + std::to_string(s.binds.size()) +
                              (s.binds.size() == 1 ? " is used" : " are used"));
  }
  for (size_t k = 0; k < s.binds.size(); ++k) {
    const std::string& nm = s.binds[k];
    CValue v = res[k];
    // Binding into an existing stream appends to it.
    CValue existing = lookup(nm, env, s.bind_pos[k], false);
    if (existing.kind == CValue::kData && existing.is_stream_var() && existing.type->kind == Type::kStream) {
      if (v.kind == CValue::kData && v.type->kind == Type::kStream) {
        diags_.error(s.bind_pos[k], "Types mismatch. expected: " + type_text(existing.type->elem) + ", given: " + type_text(v.type) +
                                        " (a stream result cannot be appended to an existing stream)");
        continue;
      }
      v = coerce(v, existing.type->elem, s.bind_pos[k], "value");
      Op* ap = op(Op::kAp);
      ap->a = v.operand();
      ap->b = existing.base;
      emit(ap);
      continue;
    }
    bind_name(env, nm, s.bind_pos[k], v);
  }
}

void Elaborator::on_stmt(const Stmt& s, Env* env, bool parseq_branch) {
  CValue peer = value(*s.peer, env);
  if (peer.kind == CValue::kData && !accepts(pool_.scalar(Type::kString), peer.type)) {
    diags_.error(s.peer->pos, "Wrong value type, expected: string (a peer id), given: " + type_text(peer.type));
  }
  Scope sc;
  sc.peer = peer.operand();
  for (const auto& v : s.values) {
    CValue r = value(*v, env);
    if (r.kind != CValue::kData) continue;
    if (r.type->is_collection()) {
      if (!accepts(pool_.array(pool_.scalar(Type::kString)), r.type)) {
        diags_.error(v->pos, "Wrong value type, expected: string or a collection of strings (relays), given: " + type_text(r.type));
      }
      if (r.is_stream_var()) r = canon_of(r);
      sc.vias.emplace_back(r.operand(), true);
    } else {
      if (!accepts(pool_.scalar(Type::kString), r.type)) {
        diags_.error(v->pos, "Wrong value type, expected: string (a relay peer id), given: " + type_text(r.type));
      }
      sc.vias.emplace_back(r.operand(), false);
    }
  }
  int parent = loc_;
  int inner = locs_.add(parent, sc);
  Op* on = op(Op::kOn);
  on->loc = inner;
  on->parent_loc = parent;
  on->flag = parseq_branch;
  Op* b = seq_op();
  on->kids.push_back(b);
  emit(on);
  Op* saved = cur_;
  cur_ = b;
  loc_ = inner;
  for (size_t i = 0; i < s.body.size();) stmt(s.body, i, env);
  loc_ = parent;
  cur_ = saved;
}

void Elaborator::if_stmt(const Stmt& s, const Stmt* else_s, Env* env) {
  const Expr& c = *s.value;
  std::string l, r;
  bool mismatch = false;
  if (c.kind == Expr::kBinary && (c.op == BinOp::kEq || c.op == BinOp::kNe)) {
    CValue a = value(*c.lhs, env);
    CValue b = value(*c.rhs, env);
    if (a.kind == CValue::kData && b.kind == CValue::kData && !accepts(a.type, b.type) && !accepts(b.type, a.type)) {
      diags_.error(c.pos, "Cannot compare '" + type_text(a.type) + "' with '" + type_text(b.type) + "'");
    }
    if (a.is_stream_var()) a = canon_of(a);
    if (b.is_stream_var()) b = canon_of(b);
    l = a.operand();
    r = b.operand();
    mismatch = c.op == BinOp::kNe;
  } else {
    CValue v = value(c, env);
    if (v.kind == CValue::kData && !accepts(pool_.scalar(Type::kBool), v.type)) {
      diags_.error(c.pos, "Wrong value type, expected: bool, given: " + type_text(v.type));
    }
    l = v.operand();
    r = "true";
  }
  Op* then_b = block_op(s.body, new_env(env, nullptr));
  Op* m = op(mismatch ? Op::kMismatch : Op::kMatch);
  m->a = l;
  m->b = r;
  m->kids.push_back(then_b);
  Op* else_b = else_s ? block_op(else_s->body, new_env(env, nullptr)) : nullptr;
  std::string code = mismatch ? "10002" : "10001";
  if (opts_.no_xor) {
    Op* x = op(Op::kXor);
    x->kids = {m, else_b ? else_b : op(Op::kNull)};
    emit(x);
    return;
  }
  auto ap = [&](const std::string& a, const std::string& b) {
    Op* o = op(Op::kAp);
    o->a = a;
    o->b = b;
    return o;
  };
  auto match_code = [&](Op* body) {
    Op* o = op(Op::kMatch);
    o->a = ":error:.$.error_code";
    o->b = code;
    o->kids.push_back(body);
    return o;
  };
  auto fail = [&](const std::string& v) {
    Op* o = op(Op::kFail);
    o->a = v;
    return o;
  };
  auto xor2 = [&](Op* a, Op* b) {
    Op* o = op(Op::kXor);
    o->kids = {a, b};
    return o;
  };
  auto seq2 = [&](Op* a, Op* b) {
    Op* o = seq_op();
    o->kids = {a, b};
    return o;
  };
  auto new1 = [&](const std::string& n, Op* b) {
    Op* o = op(Op::kNew);
    o->a = n;
    o->kids.push_back(b);
    return o;
  };
  if (!else_b) {
    Op* errb = seq2(ap(":error:", "-if-error-"), xor2(match_code(op(Op::kNull)), fail("-if-error-")));
    emit(new1("-if-error-", xor2(m, errb)));
    return;
  }
  Op* else_err = seq2(seq2(ap(":error:", "-else-error-"),
                           xor2(match_code(ap("-if-error-", "-if-else-error-")), ap("-else-error-", "-if-else-error-"))),
                      fail("-if-else-error-"));
  Op* errb = seq2(ap(":error:", "-if-error-"), xor2(match_code(else_b), else_err));
  emit(new1("-if-else-error-", new1("-else-error-", new1("-if-error-", xor2(m, errb)))));
}

void Elaborator::for_stmt(const Stmt& s, Env* env) {
  CValue it = value(*s.value, env);
  const Type* elem = pool_.error();
  if (it.kind == CValue::kData) {
    if (it.type->is_collection()) {
      elem = it.type->elem;
    } else if (it.type->kind != Type::kError) {
      diags_.error(s.value->pos, "Wrong value type, expected: a collection (array, option or stream) to iterate over, given: " + type_text(it.type));
    }
  } else if (it.kind != CValue::kError) {
    diags_.error(s.value->pos, "Only collections can be iterated over");
  }
  bool rec = s.mode == "rec";
  if (rec && !it.is_stream_var()) {
    diags_.error(s.value->pos, "`for ... rec` iterates over a stream, but this is " + type_text(it.type));
    rec = false;
  }
  if (it.is_stream_var() && !rec) it = canon_of(it);
  std::string item = fresh_suffixed(air_name(s.name));
  Env* benv = new_env(env, nullptr);
  benv->vars[s.name] = data(item, elem);
  Op* fold = op(Op::kFold);
  fold->a = it.kind == CValue::kData ? it.operand() : "[]";
  fold->b = item;
  fold->fold_mode = s.mode == "par" || rec ? Op::kFoldPar : s.mode == "try" ? Op::kFoldTry : Op::kFoldSeq;
  fold->kids.push_back(block_op(s.body, benv));
  emit(fold);
}

void Elaborator::parseq_stmt(const Stmt& s, Env* env) {
  CValue it = value(*s.value, env);
  const Type* elem = pool_.error();
  if (it.kind == CValue::kData && it.type->is_collection()) {
    elem = it.type->elem;
  } else if (it.kind == CValue::kData && it.type->kind != Type::kError) {
    diags_.error(s.value->pos, "Wrong value type, expected: a collection to iterate over, given: " + type_text(it.type));
  }
  if (it.is_stream_var()) it = canon_of(it);
  std::string item = fresh_suffixed(air_name(s.name));
  Env* benv = new_env(env, nullptr);
  benv->vars[s.name] = data(item, elem);
  Op* fold = op(Op::kFold);
  fold->a = it.kind == CValue::kData ? it.operand() : "[]";
  fold->b = item;
  fold->fold_mode = Op::kFoldParseq;
  Op* b = seq_op();
  Op* saved = cur_;
  cur_ = b;
  {
    CValue peer = value(*s.peer, benv);
    Scope sc;
    sc.peer = peer.operand();
    for (const auto& v : s.values) {
      CValue r = value(*v, benv);
      if (r.is_stream_var()) r = canon_of(r);
      sc.vias.emplace_back(r.operand(), r.kind == CValue::kData && r.type->is_collection());
    }
    int parent = loc_;
    int inner = locs_.add(parent, sc);
    Op* o = op(Op::kOn);
    o->loc = inner;
    o->parent_loc = parent;
    o->flag = true;
    Op* ob = seq_op();
    o->kids.push_back(ob);
    emit(o);
    cur_ = ob;
    loc_ = inner;
    for (size_t i = 0; i < s.body.size();) stmt(s.body, i, benv);
    loc_ = parent;
  }
  cur_ = saved;
  fold->kids.push_back(b);
  emit(fold);
}

}  // namespace fluence::aqua
