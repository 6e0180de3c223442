#include "types.h"

namespace fluence::aqua {

bool Type::is_data() const {
  switch (kind) {
    case kStream: case kArrow: case kService: case kAbility: return false;
    default: return true;
  }
}

const Type* Type::field(const std::string& n) const {
  for (size_t i = 0; i < field_names.size(); ++i) {
    if (field_names[i] == n) return fields[i];
  }
  return nullptr;
}

TypePool::TypePool() {
  scalars_.resize(Type::kTop + 1);
  for (int k = 0; k <= Type::kTop; ++k) scalars_[k].kind = static_cast<Type::Kind>(k);
}

const Type* TypePool::scalar_by_name(const std::string& n) const {
  static const char* names[] = {"u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "bool", "string"};
  for (int k = 0; k < 12; ++k) {
    if (n == names[k]) return scalar(static_cast<Type::Kind>(Type::kU8 + k));
  }
  return nullptr;
}

const Type* TypePool::wrap(Type::Kind k, const Type* e) {
  Type* t = make();
  t->kind = k;
  t->elem = e;
  return t;
}

namespace {

// Numeric subtyping table of aqua.md §3.2.
bool scalar_accepts(Type::Kind exp, Type::Kind giv) {
  using K = Type;
  if (exp == giv) return true;
  switch (giv) {
    case K::kU8: return exp == K::kU16 || exp == K::kU32 || exp == K::kU64 || exp == K::kI16 || exp == K::kI32 || exp == K::kI64 || exp == K::kF32 || exp == K::kF64;
    case K::kU16: return exp == K::kU32 || exp == K::kU64 || exp == K::kI32 || exp == K::kI64 || exp == K::kF32 || exp == K::kF64;
    case K::kU32: return exp == K::kU64 || exp == K::kI64 || exp == K::kF64;
    case K::kU64: return exp == K::kI64;
    case K::kI8: return exp == K::kI16 || exp == K::kI32 || exp == K::kI64 || exp == K::kF32 || exp == K::kF64;
    case K::kI16: return exp == K::kI32 || exp == K::kI64 || exp == K::kF32 || exp == K::kF64;
    case K::kI32: return exp == K::kI64 || exp == K::kF64;
    case K::kF32: return exp == K::kF64;
    case K::kLitUnsigned: return (exp >= K::kU8 && exp <= K::kF64) || exp == K::kLitSigned || exp == K::kLitFloat;
    case K::kLitSigned: return (exp >= K::kI8 && exp <= K::kF64) || exp == K::kLitFloat;
    case K::kLitFloat: return exp == K::kF32 || exp == K::kF64;
    default: return false;
  }
}

}  // namespace

bool accepts(const Type* e, const Type* g) {
  if (e == nullptr || g == nullptr) return true;
  if (e->kind == Type::kError || g->kind == Type::kError) return true;
  if (e == g) return true;
  if (e->kind == Type::kTop) return true;
  if (g->kind == Type::kBottom) return true;
  if (e->is_scalar() && g->is_scalar()) return scalar_accepts(e->kind, g->kind);
  switch (e->kind) {
    case Type::kArray:
    case Type::kOption:
      if (g->kind == Type::kArray || g->kind == Type::kOption || g->kind == Type::kStream) return accepts(e->elem, g->elem);
      return false;
    case Type::kStream:
      return g->kind == Type::kStream && accepts(e->elem, g->elem);
    case Type::kStruct:
      if (g->kind != Type::kStruct) return false;
      for (size_t i = 0; i < e->fields.size(); ++i) {
        const Type* gf = g->field(e->field_names[i]);
        if (!gf || !accepts(e->fields[i], gf)) return false;
      }
      return true;
    case Type::kAbility:
    case Type::kService:
      if (g->kind != Type::kAbility && g->kind != Type::kService) return false;
      if (e->kind == g->kind && e->name == g->name) return true;
      for (size_t i = 0; i < e->fields.size(); ++i) {
        const Type* gf = g->field(e->field_names[i]);
        if (!gf || !accepts(e->fields[i], gf)) return false;
      }
      return true;
    case Type::kArrow: {
      if (g->kind != Type::kArrow) return false;
      if (e->fields.size() != g->fields.size() || e->results.size() != g->results.size()) return false;
      for (size_t i = 0; i < e->fields.size(); ++i) {
        if (!accepts(g->fields[i], e->fields[i])) return false;
      }
      for (size_t i = 0; i < e->results.size(); ++i) {
        if (!accepts(e->results[i], g->results[i])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

std::string type_text(const Type* t) {
  if (t == nullptr) return "?";
  switch (t->kind) {
    case Type::kError: return "<error>";
    case Type::kU8: return "u8";
    case Type::kU16: return "u16";
    case Type::kU32: return "u32";
    case Type::kU64: return "u64";
    case Type::kI8: return "i8";
    case Type::kI16: return "i16";
    case Type::kI32: return "i32";
    case Type::kI64: return "i64";
    case Type::kF32: return "f32";
    case Type::kF64: return "f64";
    case Type::kBool: return "bool";
    case Type::kString: return "string";
    case Type::kLitUnsigned: return "unsigned literal";
    case Type::kLitSigned: return "signed literal";
    case Type::kLitFloat: return "float literal";
    case Type::kBottom: return "⊥";
    case Type::kTop: return "⊤";
    case Type::kArray: return "[]" + type_text(t->elem);
    case Type::kOption: return "?" + type_text(t->elem);
    case Type::kStream: return "*" + type_text(t->elem);
    case Type::kStruct:
    case Type::kService:
    case Type::kAbility: return t->name;
    case Type::kArrow: {
      std::string s;
      if (!t->abilities.empty()) {
        s += "{";
        for (size_t i = 0; i < t->abilities.size(); ++i) s += (i ? ", " : "") + type_text(t->abilities[i]);
        s += "} ";
      }
      for (size_t i = 0; i < t->fields.size(); ++i) s += (i ? ", " : "") + type_text(t->fields[i]);
      s += t->fields.empty() ? "-> " : " -> ";
      if (t->results.empty()) s += "()";
      for (size_t i = 0; i < t->results.size(); ++i) s += (i ? ", " : "") + type_text(t->results[i]);
      return s;
    }
  }
  return "?";
}

namespace {

std::string json_str(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string fields_obj(const std::vector<std::string>& names, const std::vector<const Type*>& types) {
  std::string f = "{";
  for (size_t i = 0; i < names.size() && i < types.size(); ++i) {
    f += (i ? "," : "") + json_str(names[i]) + ":" + type_def_json(types[i]);
  }
  return f + "}";
}

std::string labeled(const std::vector<std::string>& names, const std::vector<const Type*>& types) {
  return "{\"tag\":\"labeledProduct\",\"fields\":" + fields_obj(names, types) + "}";
}

}  // namespace

std::string type_def_json(const Type* t) {
  if (t == nullptr) return "{\"tag\":\"nil\"}";
  switch (t->kind) {
    case Type::kArray: return "{\"tag\":\"array\",\"type\":" + type_def_json(t->elem) + "}";
    case Type::kOption: return "{\"tag\":\"option\",\"type\":" + type_def_json(t->elem) + "}";
    case Type::kStream: return "{\"tag\":\"stream\",\"type\":" + type_def_json(t->elem) + "}";
    case Type::kStruct: return "{\"tag\":\"struct\",\"name\":" + json_str(t->name) + ",\"fields\":" + fields_obj(t->field_names, t->fields) + "}";
    case Type::kTop: return "{\"tag\":\"topType\"}";
    case Type::kBottom: return "{\"tag\":\"bottomType\"}";
    case Type::kService:
    case Type::kAbility:
      return "{\"tag\":\"" + std::string(t->kind == Type::kService ? "service" : "ability") + "\",\"name\":" + json_str(t->name) +
             ",\"fields\":" + fields_obj(t->field_names, t->fields) + "}";
    case Type::kArrow: {
      std::vector<std::string> names = t->field_names;
      for (size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) names[i] = "arg" + std::to_string(i);
      }
      std::string dom = t->fields.empty() ? "{\"tag\":\"nil\"}" : labeled(names, t->fields);
      std::string cod = "{\"tag\":\"nil\"}";
      if (!t->results.empty()) {
        cod = "{\"tag\":\"unlabeledProduct\",\"items\":[";
        for (size_t i = 0; i < t->results.size(); ++i) cod += (i ? "," : "") + type_def_json(t->results[i]);
        cod += "]}";
      }
      return "{\"tag\":\"arrow\",\"domain\":" + dom + ",\"codomain\":" + cod + "}";
    }
    case Type::kError: return "{\"tag\":\"topType\"}";
    default: {
      std::string n = type_text(t);
      if (t->kind == Type::kLitUnsigned) n = "u64";
      if (t->kind == Type::kLitSigned) n = "i64";
      if (t->kind == Type::kLitFloat) n = "f64";
      return "{\"tag\":\"scalar\",\"name\":" + json_str(n) + "}";
    }
  }
}

const Type* numeric_union(const TypePool& pool, const Type* a, const Type* b) {
  auto lit = [](const Type* t) { return t->kind >= Type::kLitUnsigned && t->kind <= Type::kLitFloat; };
  if (lit(a) && lit(b)) return a->kind > b->kind ? a : b;
  // u64 mixed with a signed type has no common type in the reference (it warns and uses i64).
  auto is_signed = [](const Type* t) { return t->kind >= Type::kI8 && t->kind <= Type::kI64; };
  if ((a->kind == Type::kU64 && is_signed(b)) || (b->kind == Type::kU64 && is_signed(a))) return nullptr;
  if (lit(a) && accepts(b, a)) return b;
  if (lit(b) && accepts(a, b)) return a;
  if (!lit(a) && !lit(b)) {
    if (accepts(a, b)) return a;
    if (accepts(b, a)) return b;
  }
  static const Type::Kind order[] = {Type::kU8, Type::kU16, Type::kU32, Type::kU64, Type::kI8, Type::kI16,
                                     Type::kI32, Type::kI64, Type::kF32, Type::kF64};
  for (Type::Kind k : order) {
    const Type* t = pool.scalar(k);
    if (accepts(t, a) && accepts(t, b)) return t;
  }
  return nullptr;
}

}  // namespace fluence::aqua
