// The elaborator's values: names, calls (inlining), operators, collections, structs, streams.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "air_names.h"
#include "elaborator.h"

namespace fluence::aqua {

namespace {

// The dotted name of a chain of names (`A.B.c`), or "" when it is something else.
std::string dotted_of(const Expr& e) {
  if (e.kind == Expr::kName) return e.text;
  if (e.kind == Expr::kField && e.lhs) {
    std::string l = dotted_of(*e.lhs);
    if (l.empty()) return "";
    return l + "." + e.text;
  }
  return "";
}

const Expr* head_of(const Expr& e) {
  const Expr* x = &e;
  while (x->kind == Expr::kField && x->lhs) x = x->lhs.get();
  return x->kind == Expr::kName ? x : nullptr;
}

bool parse_int(const std::string& s, long long& out) {
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return errno == 0 && end && *end == 0;
}

std::string join_names(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

}  // namespace

CValue Elaborator::lookup(const std::string& name, Env* env, Pos pos, bool report) {
  for (Env* e = env; e; e = e->parent) {
    auto it = e->vars.find(name);
    if (it != e->vars.end()) return it->second;
  }
  if (name == "INIT_PEER_ID") return data("%init_peer_id%", pool_.scalar(Type::kString), true);
  if (name == "HOST_PEER_ID") return data(opts_.no_relay ? "%init_peer_id%" : "-relay-", pool_.scalar(Type::kString), true);
  if (name == "PARTICLE_TTL") return data("%ttl%", pool_.scalar(Type::kU32), true);
  if (name == "PARTICLE_TIMESTAMP") return data("%timestamp%", pool_.scalar(Type::kU64), true);
  if (name == "LAST_ERROR") return data(":error:", error_struct_);
  ModuleScope* m = env ? env->module : nullptr;
  if (const GlobalSym* g = lookup_global(m, name)) {
    switch (g->kind) {
      case GlobalSym::kConst:
      case GlobalSym::kService:
      case GlobalSym::kFunc:
        return g->value;
      case GlobalSym::kModule: {
        CValue v;
        v.kind = CValue::kModule;
        v.module = g->module;
        v.type = pool_.error();
        return v;
      }
      case GlobalSym::kType:
        if (report) diags_.error(pos, "`" + name + "` is a type, not a value");
        return error_value();
    }
  }
  if (report) unknown_name(name, env, pos);
  return error_value();
}

void Elaborator::unknown_name(const std::string& name, Env* env, Pos pos) {
  std::vector<std::string> cands = {"INIT_PEER_ID", "HOST_PEER_ID", "PARTICLE_TTL", "PARTICLE_TIMESTAMP", "LAST_ERROR"};
  for (Env* e = env; e; e = e->parent) {
    for (const auto& [k, v] : e->vars) cands.push_back(k);
  }
  if (env) {
    for (auto& n : visible_globals(env->module)) cands.push_back(n);
  }
  auto close = closest_names(name, cands);
  std::string msg = "Name `" + name + "` is not defined in this scope";
  if (!close.empty()) {
    msg += "; did you mean ";
    for (size_t i = 0; i < close.size(); ++i) msg += (i ? ", " : "") + std::string("`") + close[i] + "`";
    msg += "?";
  }
  diags_.error(pos, msg);
}

CValue Elaborator::canon_of(const CValue& st) {
  std::string name = "#" + fresh(strip_sigil(st.base) + "_canon");
  Op* c = op(Op::kCanon);
  c->loc = loc_;
  c->a = st.base;
  c->b = name;
  emit(c);
  return data(name, st.type);
}

CValue Elaborator::coerce(const CValue& v, const Type* expected, Pos pos, const std::string& what) {
  if (v.kind == CValue::kError || expected == nullptr || expected->kind == Type::kError) return v;
  if (expected->kind == Type::kStream) {
    if (!(v.kind == CValue::kData && v.type->kind == Type::kStream)) {
      diags_.error(pos, "Expected stream value, got value of type '" + type_text(v.type) + "'");
      return v;
    }
    if (!accepts(expected, v.type)) diags_.error(pos, "Types mismatch. expected: " + type_text(expected) + ", given: " + type_text(v.type));
    return v;
  }
  if (!accepts(expected, v.type)) {
    std::string msg = "Types mismatch. expected: " + type_text(expected) + ", given: " + type_text(v.type);
    if (expected->kind == Type::kOption && v.type && v.type->is_scalar()) msg += " (to pass a value where an option is expected, write ?[value])";
    if (!what.empty()) msg += " (" + what + ")";
    diags_.error(pos, msg);
    return v;
  }
  if (v.kind == CValue::kData && v.is_stream_var()) return canon_of(v);
  return v;
}

std::vector<CValue> Elaborator::eval_args(const Expr& e, Env* env, const Type* at, std::vector<CValue>& abilities) {
  std::vector<CValue> out;
  for (size_t i = 0; i < e.abilities.size(); ++i) {
    const std::string& an = e.abilities[i];
    CValue a = lookup(an, env, e.ability_pos[i]);
    if (a.kind != CValue::kAbility && a.kind != CValue::kService && a.kind != CValue::kError) {
      diags_.error(e.ability_pos[i], "`" + an + "` is not an ability or a service");
      a = error_value();
    }
    if (a.kind == CValue::kService) {
      // Like the reference: a service passed as an ability keeps its default id when it has
      // one, whatever id was bound in the caller's scope.
      const GlobalSym* g = lookup_global(env->module, an);
      if (g && g->kind == GlobalSym::kService && g->value.service_id) a = g->value;
    }
    abilities.push_back(a);
  }
  for (size_t i = 0; i < e.args.size(); ++i) {
    const Arg& a = e.args[i];
    if (!a.name.empty()) diags_.error(a.pos, "Named arguments (`" + a.name + " = ...`) are only for struct and ability constructors");
    CValue v = value(*a.value, env);
    const Type* pt = (at && at->kind == Type::kArrow && i < at->fields.size()) ? at->fields[i] : nullptr;
    if (pt) v = coerce(v, pt, a.value->pos, "");
    out.push_back(v);
  }
  if (at && at->kind == Type::kArrow) {
    if (out.size() != at->fields.size()) {
      diags_.error(e.pos, "Wrong number of arguments: expected " + std::to_string(at->fields.size()) + " (" +
                              type_text(at) + "), given " + std::to_string(out.size()));
    }
    if (abilities.size() != at->abilities.size()) {
      diags_.error(e.pos, "Wrong number of abilities: expected " + std::to_string(at->abilities.size()) + ", given " +
                              std::to_string(abilities.size()));
    } else {
      for (size_t i = 0; i < abilities.size(); ++i) {
        if (abilities[i].kind != CValue::kError && !accepts(at->abilities[i], abilities[i].type)) {
          diags_.error(e.ability_pos[i], "Types mismatch. expected ability: " + type_text(at->abilities[i]) + ", given: " + type_text(abilities[i].type));
        }
      }
    }
  }
  return out;
}

std::vector<CValue> Elaborator::call_arrow(const CValue& arrow, const std::vector<CValue>& args,
                                           const std::vector<CValue>& abilities, Pos pos) {
  std::vector<CValue> out;
  if (arrow.kind != CValue::kArrow || !arrow.arrow) return {error_value()};
  const ArrowImpl& a = *arrow.arrow;
  const Type* t = a.type;
  if (args.size() != t->fields.size()) {
    // Reported by eval_args; fill in to continue.
    std::vector<CValue> fixed = args;
    fixed.resize(t->fields.size(), error_value());
    if (fixed.size() != args.size()) return call_arrow(arrow, fixed, abilities, pos);
  }
  ArrowImpl::Kind kind = a.kind;
  if (!codegen_ && (kind == ArrowImpl::kFunc || kind == ArrowImpl::kClosure)) {
    // Checking only: the callee was checked on its own; its signature is enough here.
    kind = ArrowImpl::kSymbolic;
  }
  switch (kind) {
    case ArrowImpl::kSymbolic: {
      for (const Type* r : t->results) out.push_back(symbolic(r, fresh(air_name(a.name.empty() ? "call" : a.name) + "_res")));
      return out;
    }
    case ArrowImpl::kServiceMethod: {
      if (opts_.tracing && codegen_ && !in_trace_) {
        in_trace_ = true;
        traced(a.service.type->name + "." + a.name, [&] { out = call_arrow(arrow, args, abilities, pos); });
        in_trace_ = false;
        return out;
      }
      const CValue& svc = a.service;
      if (!svc.service_id) {
        diags_.error(pos, "Service ID is undefined: the service `" + svc.type->name +
                              "` has no default id; bind one first with `" + svc.type->name + " \"service-id\"`");
      }
      Op* c = op(Op::kCall);
      c->loc = loc_;
      c->a = svc.service_id ? svc.service_id->operand() : "\"\"";
      c->b = quote(a.name);
      for (const auto& v : args) c->args.push_back(v.operand());
      if (!t->results.empty()) {
        c->c = fresh("ret");
        out.push_back(data(c->c, t->results[0]));
      }
      emit(c);
      return out;
    }
    case ArrowImpl::kCallback: {
      Op* c = op(Op::kCall);
      c->loc = 0;
      c->a = quote("callbackSrv");
      c->b = quote(a.name);
      for (const auto& v : args) c->args.push_back(v.operand());
      if (!t->results.empty()) {
        c->c = fresh("init_call_res" + std::to_string(callbacks_++));
        out.push_back(data(c->c, t->results[0]));
      }
      Op* x = op(Op::kXor);
      Op* f = op(Op::kFail);
      f->a = ":error:";
      x->kids = {c, f};
      emit(x);
      return out;
    }
    case ArrowImpl::kFunc: {
      if (work_ > kMaxInlineWork) {
        for (const Type* r : t->results) out.push_back(data("null", r));
        return out;
      }
      if (inline_depth_ > 500) {
        diags_.error(pos, "Calls are nested too deeply to inline (more than 500 levels)");
        for (const Type* r : t->results) out.push_back(data("null", r));
        return out;
      }
      if (opts_.tracing && !in_trace_) {
        in_trace_ = true;
        traced(a.func->name, [&] { out = call_arrow(arrow, args, abilities, pos); });
        in_trace_ = false;
        return out;
      }
      Env* fenv = new_env(nullptr, a.scope);
      const FuncDef& f = *a.func;
      bool saved_trace = in_trace_;
      in_trace_ = false;
      for (size_t i = 0; i < f.sig.abilities.size() && i < abilities.size(); ++i) fenv->vars[f.sig.abilities[i]] = abilities[i];
      for (size_t i = 0; i < f.sig.params.size() && i < args.size(); ++i) fenv->vars[f.sig.params[i].name] = args[i];
      diags_.mute++;
      inline_depth_++;
      int saved_mute = 0;
      (void)saved_mute;
      out = body(f.body, fenv, &t->results, f.pos, false, f.broken);
      inline_depth_--;
      diags_.mute--;
      in_trace_ = saved_trace;
      return out;
    }
    case ArrowImpl::kClosure: {
      if (work_ > kMaxInlineWork) {
        for (const Type* r : t->results) out.push_back(data("null", r));
        return out;
      }
      if (inline_depth_ > 500) {
        diags_.error(pos, "Calls are nested too deeply to inline (more than 500 levels)");
        for (const Type* r : t->results) out.push_back(data("null", r));
        return out;
      }
      const Stmt& cl = *a.closure;
      Env* cenv = new_env(a.env, nullptr);
      for (size_t i = 0; i < cl.sig.params.size() && i < args.size(); ++i) cenv->vars[cl.sig.params[i].name] = args[i];
      int saved_mute = diags_.mute;
      diags_.mute = a.mute;
      inline_depth_++;
      int saved_loc = loc_;
      Op* saved_cur = cur_;
      bool moved = !cl.detached && a.loc != loc_;
      if (moved) {
        Op* on = op(Op::kOn);
        on->loc = a.loc;
        on->parent_loc = loc_;
        Op* b = seq_op();
        on->kids.push_back(b);
        emit(on);
        cur_ = b;
        loc_ = a.loc;
      }
      out = body(cl.body, cenv, &t->results, cl.pos, false, cl.broken);
      cur_ = saved_cur;
      loc_ = saved_loc;
      inline_depth_--;
      diags_.mute = saved_mute;
      return out;
    }
  }
  return out;
}

std::vector<CValue> Elaborator::call(const Expr& e, Env* env) {
  std::vector<CValue> abilities;
  if (e.kind == Expr::kCall) {
    CValue callee = lookup(e.text, env, e.pos, false);
    if (callee.kind == CValue::kError) {
      const GlobalSym* g = lookup_global(env->module, e.text);
      if (g && g->kind == GlobalSym::kType && g->type->kind == Type::kStruct) return {construct(g->type, e.args, env, e.pos, nullptr)};
      if (g && g->kind == GlobalSym::kType && g->type->kind == Type::kAbility) return {ability_from_args(g->type, e.args, env, e.pos)};
      if (!g) unknown_name(e.text, env, e.pos);
      else diags_.error(e.pos, "`" + e.text + "` cannot be called");
      for (const auto& a : e.args) value(*a.value, env);
      return {error_value()};
    }
    if (callee.kind != CValue::kArrow) {
      diags_.error(e.pos, "`" + e.text + "` is not a function (its type is " + type_text(callee.type) + ")");
      return {error_value()};
    }
    auto args = eval_args(e, env, callee.type, abilities);
    return call_arrow(callee, args, abilities, e.pos);
  }
  if (e.kind == Expr::kMethod) {
    // `Module.func(...)`, `Module.Struct(...)`, `Srv.method(...)`, `Ab.arrow(...)`, `M.Srv.method(...)`.
    std::string prefix = dotted_of(*e.lhs);
    const Expr* head = head_of(*e.lhs);
    bool head_local = false;
    if (head) {
      for (Env* x = env; x; x = x->parent) {
        if (x->vars.count(head->text)) head_local = true;
      }
    }
    if (!prefix.empty() && !head_local) {
      const GlobalSym* g = lookup_global(env->module, prefix + "." + e.text);
      if (g) {
        if (g->kind == GlobalSym::kType && g->type->kind == Type::kStruct) return {construct(g->type, e.args, env, e.pos, nullptr)};
        if (g->kind == GlobalSym::kType && g->type->kind == Type::kAbility) return {ability_from_args(g->type, e.args, env, e.pos)};
        if (g->kind == GlobalSym::kFunc) {
          auto args = eval_args(e, env, g->value.type, abilities);
          return call_arrow(g->value, args, abilities, e.pos);
        }
      }
    }
    CValue base = value(*e.lhs, env);
    if (base.kind == CValue::kError) {
      for (const auto& a : e.args) value(*a.value, env);
      return {error_value()};
    }
    CValue fn = field_of(base, e.text, e.pos);
    if (fn.kind == CValue::kError) {
      for (const auto& a : e.args) value(*a.value, env);
      return {error_value()};
    }
    if (fn.kind != CValue::kArrow) {
      diags_.error(e.pos, "`" + e.text + "` is not a method (its type is " + type_text(fn.type) + ")");
      return {error_value()};
    }
    auto args = eval_args(e, env, fn.type, abilities);
    return call_arrow(fn, args, abilities, e.pos);
  }
  CValue v = value(e, env);
  return {v};
}

CValue Elaborator::field_of(const CValue& v, const std::string& field, Pos pos) {
  switch (v.kind) {
    case CValue::kError: return v;
    case CValue::kAbility: {
      auto it = v.fields ? v.fields->find(field) : decltype(v.fields->find(field)){};
      if (v.fields && it != v.fields->end()) return it->second;
      std::vector<std::string> names;
      if (v.type) names = v.type->field_names;
      diags_.error(pos, "Field `" + field + "` not found in ability `" + type_text(v.type) + "`, available: " + join_names(names));
      return error_value();
    }
    case CValue::kService: {
      const Type* mt = v.type->field(field);
      if (!mt) {
        diags_.error(pos, "Service `" + v.type->name + "` has no method `" + field + "`, available: " + join_names(v.type->field_names));
        return error_value();
      }
      CValue r;
      r.kind = CValue::kArrow;
      r.type = mt;
      r.arrow = std::make_shared<ArrowImpl>();
      r.arrow->kind = ArrowImpl::kServiceMethod;
      r.arrow->type = mt;
      r.arrow->service = v;
      r.arrow->name = field;
      return r;
    }
    case CValue::kModule: {
      const GlobalSym* g = lookup_global(v.module, field);
      if (!g) {
        diags_.error(pos, "Module has no declared name `" + field + "`");
        return error_value();
      }
      if (g->kind == GlobalSym::kModule) {
        CValue m;
        m.kind = CValue::kModule;
        m.module = g->module;
        m.type = pool_.error();
        return m;
      }
      if (g->kind == GlobalSym::kType) {
        diags_.error(pos, "`" + field + "` is a type, not a value");
        return error_value();
      }
      return g->value;
    }
    case CValue::kArrow:
      diags_.error(pos, "An arrow has no fields (`." + field + "`)");
      return error_value();
    case CValue::kData: break;
  }
  const Type* t = v.type;
  if (field == "length" && (t->is_collection() || t->kind == Type::kError)) return length_of(v, pos);
  if (t->kind == Type::kStruct) {
    const Type* ft = t->field(field);
    if (!ft) {
      diags_.error(pos, "Field `" + field + "` not found in type `" + t->name + "`, available: " + join_names(t->field_names));
      return error_value();
    }
    if (v.literal) return error_value();
    CValue r = v;
    r.type = ft;
    r.lens += "." + field;
    return r;
  }
  if (t->kind == Type::kError) return error_value();
  diags_.error(pos, "Field `" + field + "` not found: a value of type " + type_text(t) + " has no fields");
  return error_value();
}

CValue Elaborator::length_of(const CValue& v, Pos) {
  const Type* u32 = pool_.scalar(Type::kU32);
  std::string nm = air_name(strip_sigil(v.base));
  if (v.base == "[]") return data("0", pool_.scalar(Type::kLitUnsigned), true);
  std::string functor;
  if (v.is_stream_var()) {
    functor = "#" + fresh(nm + "_to_functor");
    Op* c = op(Op::kCanon);
    c->loc = loc_;
    c->a = v.base;
    c->b = functor;
    emit(c);
  } else if (!v.base.empty() && v.base[0] == '#' && v.lens.empty()) {
    functor = v.base;
  } else {
    functor = fresh(nm + "_to_functor");
    Op* ap = op(Op::kAp);
    ap->a = v.operand();
    ap->b = functor;
    emit(ap);
  }
  std::string len = fresh(nm + "_length");
  Op* ap = op(Op::kAp);
  ap->a = functor + ".length";
  ap->b = len;
  emit(ap);
  return data(len, u32);
}

CValue Elaborator::stream_gate(const CValue& st, const CValue& idx, bool read, bool idx_is_length) {
  std::string nm = air_name(strip_sigil(st.base));
  std::string len;
  std::string idx_op = idx.operand();
  if (idx_is_length) {
    len = idx_op;
  } else if (idx.literal) {
    long long n = 0;
    parse_int(idx.base, n);
    len = std::to_string(n + 1);
  } else {
    len = fresh("add");
    Op* c = op(Op::kCall);
    c->loc = loc_;
    c->a = quote("math");
    c->b = quote("add");
    c->args = {idx_op, "1"};
    c->c = len;
    emit(c);
  }
  std::string test = "$" + fresh(nm + "_test");
  std::string var = fresh(nm + "_fold_var");
  std::string iter = "#" + fresh(nm + "_iter_canon");
  std::string result = "#" + fresh(nm + "_result_canon");
  std::string gate = fresh(nm + "_gate");
  auto mk = [&](Op::Kind k, std::string a = "", std::string b = "") {
    Op* o = op(k);
    o->a = std::move(a);
    o->b = std::move(b);
    return o;
  };
  Op* ap1 = mk(Op::kAp, var, test);
  Op* c1 = mk(Op::kCanon, test, iter);
  c1->loc = loc_;
  Op* s1 = seq_op();
  s1->kids = {ap1, c1};
  Op* m = mk(Op::kMatch, iter + ".length", len);
  m->kids.push_back(op(Op::kNull));
  Op* x = op(Op::kXor);
  x->kids = {m, mk(Op::kNext, var)};
  Op* body = seq_op();
  body->kids = {s1, x};
  Op* fold = op(Op::kFold);
  fold->a = st.base;
  fold->b = var;
  fold->c = "never";
  fold->fold_mode = Op::kFoldRaw;
  fold->kids.push_back(body);
  Op* c2 = mk(Op::kCanon, test, result);
  c2->loc = loc_;
  Op* ap2 = mk(Op::kAp, result, gate);
  Op* inner = seq_op();
  inner->kids = {fold, c2, ap2};
  Op* n = mk(Op::kNew, test);
  n->kids.push_back(inner);
  emit(n);
  if (!read) return error_value();
  if (!idx.literal) {
    // The reference recomputes the index from the length it waited for (a visible call).
    std::string st_idx = fresh(nm + "_idx");
    Op* c = op(Op::kCall);
    c->loc = loc_;
    c->a = quote("math");
    c->b = quote("sub");
    c->args = {len, "1"};
    c->c = st_idx;
    emit(c);
    idx_op = st_idx;
  }
  CValue r = data(gate, st.type->elem);
  r.lens = ".[" + idx_op + "]";
  return r;
}

CValue Elaborator::index_of(const CValue& v, const CValue& idx_in, Pos pos, bool bang) {
  if (v.kind == CValue::kError || idx_in.kind == CValue::kError) return error_value();
  if (v.kind != CValue::kData) {
    diags_.error(pos, "Only collections can be indexed, this is " + type_text(v.type));
    return error_value();
  }
  const Type* t = v.type;
  if (!t->is_collection()) {
    if (t->kind != Type::kError) diags_.error(pos, "Only collections can be indexed, this is " + type_text(t));
    return error_value();
  }
  if (t->kind == Type::kOption && !bang) {
    diags_.error(pos, "Options might have only one element, use ! to get it");
    return error_value();
  }
  if (!idx_in.type->is_integer() && idx_in.type->kind != Type::kError) {
    diags_.error(pos, "Collection index must be an integer, given: " + type_text(idx_in.type));
    return error_value();
  }
  CValue idx = idx_in;
  if (!idx.literal && !idx.lens.empty()) {
    std::string tmp = fresh(air_name(strip_sigil(idx.base)) + "_idx");
    Op* ap = op(Op::kAp);
    ap->a = idx.operand();
    ap->b = tmp;
    emit(ap);
    idx = data(tmp, idx.type);
  }
  if (idx.literal && !idx.base.empty() && idx.base[0] == '-') {
    diags_.error(pos, "Collection indexes must be non-negative");
    return error_value();
  }
  if (v.is_stream_var()) return stream_gate(v, idx, true);
  if (v.base == "[]") {
    CValue r = data("[]", t->elem);
    r.lens = ".[" + idx.operand() + "]";
    return r;
  }
  CValue r = v;
  r.type = t->elem;
  r.literal = false;
  r.lens += ".[" + idx.operand() + "]";
  return r;
}

CValue Elaborator::binary_with(const Expr& e, const CValue& lhs, Env* env) { return binary(e, env, &lhs); }

CValue Elaborator::binary(const Expr& e, Env* env, const CValue* lhs_done) {
  auto mk = [&](Op::Kind k, std::string a = "", std::string b = "") {
    Op* o = op(k);
    o->a = std::move(a);
    o->b = std::move(b);
    return o;
  };
  const Type* boolean = pool_.scalar(Type::kBool);
  if (e.kind == Expr::kNot) {
    CValue a = value(*e.lhs, env);
    if (a.kind == CValue::kData && !accepts(boolean, a.type)) diags_.error(e.lhs->pos, "Wrong value type, expected: bool, given: " + type_text(a.type));
    if (a.literal && (a.base == "true" || a.base == "false")) return data(a.base == "true" ? "false" : "true", boolean, true);
    std::string res = fresh("not");
    Op* m = mk(Op::kMatch, a.operand(), "true");
    m->kids.push_back(mk(Op::kAp, "false", res));
    Op* x = op(Op::kXor);
    x->kids = {m, mk(Op::kAp, "true", res)};
    emit(x);
    return data(res, boolean);
  }
  switch (e.op) {
    case BinOp::kAnd:
    case BinOp::kOr: {
      bool is_and = e.op == BinOp::kAnd;
      CValue a = value(*e.lhs, env);
      if (a.kind == CValue::kData && !accepts(boolean, a.type)) diags_.error(e.lhs->pos, "Wrong value type, expected: bool, given: " + type_text(a.type));
      Op* rseq = seq_op();
      Op* saved = cur_;
      cur_ = rseq;
      CValue b = value(*e.rhs, env);
      if (b.kind == CValue::kData && !accepts(boolean, b.type)) diags_.error(e.rhs->pos, "Wrong value type, expected: bool, given: " + type_text(b.type));
      std::string res = fresh(is_and ? "and" : "or");
      emit(mk(Op::kAp, b.operand(), res));
      cur_ = saved;
      Op* m = mk(Op::kMatch, a.operand(), is_and ? "false" : "true");
      m->kids.push_back(mk(Op::kAp, a.operand(), res));
      Op* x = op(Op::kXor);
      x->kids = {m, rseq};
      emit(x);
      return data(res, boolean);
    }
    case BinOp::kEq:
    case BinOp::kNe: {
      CValue a = value(*e.lhs, env);
      CValue b = value(*e.rhs, env);
      if (a.kind == CValue::kData && b.kind == CValue::kData && !accepts(a.type, b.type) && !accepts(b.type, a.type)) {
        diags_.error(e.pos, "Cannot compare '" + type_text(a.type) + "' with '" + type_text(b.type) + "'");
      } else if ((a.kind != CValue::kData && a.kind != CValue::kError) || (b.kind != CValue::kData && b.kind != CValue::kError)) {
        diags_.error(e.pos, "Only data values can be compared");
      }
      if (a.is_stream_var()) a = canon_of(a);
      if (b.is_stream_var()) b = canon_of(b);
      bool eq = e.op == BinOp::kEq;
      std::string res = fresh(eq ? "eq" : "neq");
      Op* m = mk(eq ? Op::kMatch : Op::kMismatch, a.operand(), b.operand());
      m->kids.push_back(mk(Op::kAp, "true", res));
      Op* x = op(Op::kXor);
      x->kids = {m, mk(Op::kAp, "false", res)};
      emit(x);
      return data(res, boolean);
    }
    default: break;
  }
  CValue a = lhs_done ? *lhs_done : value(*e.lhs, env);
  CValue b = value(*e.rhs, env);
  if (a.kind == CValue::kError || b.kind == CValue::kError) return error_value();
  bool cmp = e.op == BinOp::kLt || e.op == BinOp::kLe || e.op == BinOp::kGt || e.op == BinOp::kGe;
  for (const CValue* x : {&a, &b}) {
    const Expr& src = x == &a ? *e.lhs : *e.rhs;
    if (x->kind != CValue::kData || !x->type->is_number()) {
      diags_.error(src.pos, std::string(cmp ? "Comparison" : "Arithmetic") + " needs numbers, given: " + type_text(x->type));
      return error_value();
    }
  }
  const char* fn = "add";
  switch (e.op) {
    case BinOp::kAdd: fn = "add"; break;
    case BinOp::kSub: fn = "sub"; break;
    case BinOp::kMul: fn = "mul"; break;
    case BinOp::kDiv: fn = "div"; break;
    case BinOp::kRem: fn = "rem"; break;
    case BinOp::kPow: fn = "pow"; break;
    case BinOp::kLt: fn = "lt"; break;
    case BinOp::kLe: fn = "lte"; break;
    case BinOp::kGt: fn = "gt"; break;
    case BinOp::kGe: fn = "gte"; break;
    default: break;
  }
  if (cmp) {
    if (a.type->is_float() || b.type->is_float()) {
      diags_.error(e.pos, "Comparison of floating point values is not supported: " + type_text(a.type) + " and " + type_text(b.type));
    }
  }
  // Literal arithmetic is folded at compile time.
  long long x = 0, y = 0;
  if (!cmp && a.literal && b.literal && a.type->is_integer() && b.type->is_integer() && parse_int(a.base, x) && parse_int(b.base, y)) {
    long long r = 0;
    bool ok = true;
    switch (e.op) {
      case BinOp::kAdd: ok = !__builtin_add_overflow(x, y, &r); break;
      case BinOp::kSub: ok = !__builtin_sub_overflow(x, y, &r); break;
      case BinOp::kMul: ok = !__builtin_mul_overflow(x, y, &r); break;
      case BinOp::kDiv: ok = y != 0 && !(x == LLONG_MIN && y == -1); if (ok) r = x / y; break;
      case BinOp::kRem: ok = y != 0 && !(x == LLONG_MIN && y == -1); if (ok) r = x % y; break;
      case BinOp::kPow: {
        ok = y >= 0;
        r = 1;
        for (long long k = 0; ok && k < y; ++k) ok = !__builtin_mul_overflow(r, x, &r);
        break;
      }
      default: ok = false;
    }
    if (ok) return data(std::to_string(r), pool_.scalar(r < 0 ? Type::kLitSigned : Type::kLitUnsigned), true);
  }
  const Type* rt = boolean;
  if (!cmp) {
    if (e.op == BinOp::kMul && (a.type->is_float() || b.type->is_float())) {
      if (!a.type->is_float() || !b.type->is_float()) {
        if (!(a.literal || b.literal)) diags_.error(e.pos, "Float multiplication needs both operands to be floats, given: " + type_text(a.type) + " and " + type_text(b.type));
      }
      fn = "fmul";
      rt = pool_.scalar(Type::kI64);
    } else {
      rt = numeric_union(pool_, a.type, b.type);
      if (!rt) {
        diags_.warning(e.pos, "Result type of (" + type_text(a.type) + " " + fn + " " + type_text(b.type) + ") is unknown, using i64 instead");
        rt = pool_.scalar(Type::kI64);
      }
      if (e.op == BinOp::kPow && !accepts(pool_.scalar(Type::kU64), b.type)) {
        diags_.error(e.rhs->pos, "The exponent of ** must be unsigned, given: " + type_text(b.type));
      }
    }
  }
  std::string res = fresh(fn);
  Op* c = op(Op::kCall);
  c->loc = loc_;
  c->a = quote(cmp ? "cmp" : "math");
  c->b = quote(fn);
  c->args = {a.operand(), b.operand()};
  c->c = res;
  emit(c);
  return data(res, rt);
}

CValue Elaborator::collection(const Expr& e, Env* env) {
  std::vector<CValue> vals;
  const Type* elem = pool_.bottom();
  for (const auto& x : e.elems) {
    CValue v = value(*x, env);
    if (v.kind != CValue::kData && v.kind != CValue::kError) {
      diags_.error(x->pos, "Only data values can be put into a collection, given " + type_text(v.type));
      v = error_value();
    }
    if (v.is_stream_var()) v = canon_of(v);
    if (v.kind == CValue::kData && !v.type->is_data()) {
      diags_.error(x->pos, "Collections cannot hold " + type_text(v.type));
    }
    const Type* t = v.type;
    if (t->kind == Type::kStream) t = pool_.array(t->elem);
    if (accepts(t, elem)) {
      elem = t;
    } else if (!accepts(elem, t)) {
      const Type* u = (elem->is_number() && t->is_number()) ? numeric_union(pool_, elem, t) : nullptr;
      elem = u ? u : pool_.top();
    }
    vals.push_back(v);
  }
  const Type* type = e.coll == '[' ? pool_.array(elem) : e.coll == '?' ? pool_.option(elem) : pool_.stream(elem);
  auto ap = [&](const CValue& v, const std::string& dst) {
    Op* o = op(Op::kAp);
    o->a = v.operand();
    o->b = dst;
    return o;
  };
  if (e.coll == '*') {
    std::string st = "$" + fresh_suffixed("stream-anon");
    root_streams_.push_back(st);
    for (const auto& v : vals) emit(ap(v, st));
    return data(st, type);
  }
  if (vals.empty()) return data("[]", type, true);
  std::string base = e.coll == '[' ? "array-inline" : "option-inline";
  std::string st = "$" + fresh(base);
  std::string canon = "#" + fresh(base + "-0");
  Op* body = seq_op();
  if (e.coll == '[') {
    for (const auto& v : vals) body->kids.push_back(ap(v, st));
  } else {
    Op* acc = ap(vals[0], st);
    for (size_t i = 1; i < vals.size(); ++i) {
      Op* x = op(Op::kXor);
      x->kids = {acc, ap(vals[i], st)};
      acc = x;
    }
    Op* x = op(Op::kXor);
    x->kids = {acc, op(Op::kNull)};
    body->kids.push_back(x);
  }
  Op* c = op(Op::kCanon);
  c->loc = loc_;
  c->a = st;
  c->b = canon;
  body->kids.push_back(c);
  Op* n = op(Op::kNew);
  n->a = st;
  n->kids.push_back(body);
  emit(n);
  return data(canon, type);
}

CValue Elaborator::construct(const Type* t, const std::vector<Arg>& args, Env* env, Pos pos, const CValue* copy_from) {
  if (t->kind != Type::kStruct) {
    if (t->kind != Type::kError) diags_.error(pos, "Only structures can be copied; this value is " + type_text(t));
    for (const auto& a : args) value(*a.value, env);
    return error_value();
  }
  std::map<std::string, CValue> given;
  for (const auto& a : args) {
    std::string name = a.name;
    if (name.empty()) {
      if (a.value->kind == Expr::kName) {
        name = a.value->text;
      } else {
        diags_.error(a.pos, "Struct fields are given as `field = value`");
        value(*a.value, env);
        continue;
      }
    }
    CValue v = value(*a.value, env);
    const Type* ft = t->field(name);
    if (!ft) {
      diags_.warning(a.pos, "Unexpected argument '" + name + "': " + t->name + " has no such field (fields: " + join_names(t->field_names) + ")");
      continue;
    }
    if (given.count(name)) diags_.error(a.pos, "Field `" + name + "` is given twice");
    given[name] = coerce(v, ft, a.value->pos, "field " + name);
  }
  std::vector<std::string> missing;
  if (!copy_from) {
    for (const auto& f : t->field_names) {
      if (!given.count(f)) missing.push_back(f);
    }
    if (!missing.empty()) {
      diags_.error(pos, "Missing fields of " + t->name + ": " + join_names(missing));
      return error_value();
    }
  }
  std::string tn = air_name(t->name);
  std::string map = "%" + fresh(tn + (copy_from ? "_obj_copy_map" : "_obj_map"));
  std::string res = fresh(tn + (copy_from ? "_obj_copy" : "_obj"));
  std::vector<std::string> keys = t->field_names;
  std::sort(keys.begin(), keys.end());
  Op* body = seq_op();
  for (const auto& k : keys) {
    std::string val;
    auto it = given.find(k);
    if (it != given.end()) {
      val = it->second.operand();
    } else if (copy_from) {
      CValue f = *copy_from;
      f.lens += "." + k;
      val = f.operand();
    } else {
      continue;
    }
    Op* ap = op(Op::kApKV);
    ap->a = quote(k);
    ap->b = val;
    ap->c = map;
    body->kids.push_back(ap);
  }
  Op* c = op(Op::kCanon);
  c->loc = loc_;
  c->a = map;
  c->b = res;
  body->kids.push_back(c);
  Op* n = op(Op::kNew);
  n->a = map;
  n->kids.push_back(body);
  emit(n);
  return data(res, t);
}

CValue Elaborator::ability_from_args(const Type* t, const std::vector<Arg>& args, Env* env, Pos pos) {
  CValue v;
  v.kind = CValue::kAbility;
  v.type = t;
  v.fields = std::make_shared<std::map<std::string, CValue>>();
  for (const auto& a : args) {
    std::string name = a.name.empty() && a.value->kind == Expr::kName ? a.value->text : a.name;
    CValue x = value(*a.value, env);
    const Type* ft = t->field(name);
    if (!ft) {
      diags_.error(a.pos, "Ability " + t->name + " has no field `" + name + "` (fields: " + join_names(t->field_names) + ")");
      continue;
    }
    if (!accepts(ft, x.type)) diags_.error(a.value->pos, "Types mismatch. expected: " + type_text(ft) + ", given: " + type_text(x.type));
    if (x.is_stream_var()) x = canon_of(x);
    if (x.kind == CValue::kData && x.literal) {
      // Like the reference: a literal stored in an ability becomes a variable (so that
      // arithmetic on it is not folded).
      std::string ap1 = fresh("literal_ap"), ap2 = fresh("literal_props");
      Op* o1 = op(Op::kAp);
      o1->a = x.operand();
      o1->b = ap1;
      emit(o1);
      Op* o2 = op(Op::kAp);
      o2->a = ap1;
      o2->b = ap2;
      emit(o2);
      x = data(ap2, x.type);
    }
    (*v.fields)[name] = x;
  }
  std::vector<std::string> missing;
  for (const auto& f : t->field_names) {
    if (!v.fields->count(f)) missing.push_back(f);
  }
  if (!missing.empty()) diags_.error(pos, "Missing fields of ability " + t->name + ": " + join_names(missing));
  return v;
}

CValue Elaborator::value(const Expr& e, Env* env) {
  switch (e.kind) {
    case Expr::kString: return data(e.text, pool_.scalar(Type::kString), true);
    case Expr::kInt: return data(e.text, pool_.scalar(e.text[0] == '-' ? Type::kLitSigned : Type::kLitUnsigned), true);
    case Expr::kFloat: return data(e.text, pool_.scalar(Type::kLitFloat), true);
    case Expr::kBool: return data(e.text, pool_.scalar(Type::kBool), true);
    case Expr::kNil: return data("[]", pool_.option(pool_.bottom()), true);
    case Expr::kInitPeer: return data("%init_peer_id%", pool_.scalar(Type::kString), true);
    case Expr::kName: return lookup(e.text, env, e.pos);
    case Expr::kField: {
      std::string dotted = dotted_of(e);
      const Expr* head = head_of(e);
      if (!dotted.empty() && head) {
        bool local = false;
        for (Env* x = env; x; x = x->parent) {
          if (x->vars.count(head->text)) local = true;
        }
        if (!local) {
          const GlobalSym* g = lookup_global(env->module, dotted);
          if (g && g->kind != GlobalSym::kType && g->kind != GlobalSym::kModule) return g->value;
        }
      }
      CValue base = value(*e.lhs, env);
      return field_of(base, e.text, e.pos);
    }
    case Expr::kCall:
    case Expr::kMethod: {
      auto res = call(e, env);
      if (res.empty()) {
        diags_.error(e.pos, "This call returns no value, but a value is expected here");
        return error_value();
      }
      if (res.size() > 1) diags_.warning(e.pos, "Arrow returns " + std::to_string(res.size()) + " values, but only 1 is used");
      return res[0];
    }
    case Expr::kCollection: return collection(e, env);
    case Expr::kNot:
    case Expr::kBinary: return binary(e, env);
    case Expr::kCopy: {
      CValue base = value(*e.lhs, env);
      if (base.kind == CValue::kError) return base;
      if (base.kind != CValue::kData) {
        diags_.error(e.pos, "Only structures can be copied");
        return error_value();
      }
      return construct(base.type, e.args, env, e.pos, &base);
    }
    case Expr::kIndex: {
      CValue base = value(*e.lhs, env);
      const Expr& ie = *e.rhs;
      if (base.is_stream_var() && ie.kind == Expr::kBinary && (ie.op == BinOp::kSub || ie.op == BinOp::kAdd) &&
          ie.rhs->kind == Expr::kInt && ie.rhs->text[0] != '-') {
        // `st[x - c]` waits for length x - c + 1: like the reference, fold the +1 into the
        // expression instead of computing the index first.
        long long c = std::atoll(ie.rhs->text.c_str());
        long long delta = ie.op == BinOp::kSub ? 1 - c : c + 1;
        CValue x = value(*ie.lhs, env);
        if (x.kind == CValue::kData && !x.literal && x.type->is_integer()) {
          std::string len;
          if (delta == 0) {
            len = x.operand();
          } else {
            len = fresh(delta > 0 ? "add" : "sub");
            Op* call = op(Op::kCall);
            call->loc = loc_;
            call->a = quote("math");
            call->b = quote(delta > 0 ? "add" : "sub");
            call->args = {x.operand(), std::to_string(delta > 0 ? delta : -delta)};
            call->c = len;
            emit(call);
          }
          return stream_gate(base, data(len, x.type), true, true);
        }
        CValue idx = binary_with(ie, x, env);
        return index_of(base, idx, e.pos, false);
      }
      CValue idx = value(ie, env);
      return index_of(base, idx, e.pos, false);
    }
    case Expr::kBang: {
      CValue base = value(*e.lhs, env);
      return index_of(base, data(std::to_string(e.index), pool_.scalar(Type::kLitUnsigned), true), e.pos, true);
    }
  }
  return error_value();
}

}  // namespace fluence::aqua
