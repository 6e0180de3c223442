// The compiler driver: loads files and their imports, builds module scopes from definitions,
// checks every function, and inlines the exported ones into AIR.
#include "fluence/aqua/compiler.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "elaborator.h"
#include "parser.h"

namespace fluence::aqua {

namespace fs = std::filesystem;

bool CompileResult::ok() const {
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::kError) return false;
  }
  return true;
}

std::string CompileResult::render_diagnostics() const {
  std::string out;
  for (const auto& d : diagnostics) out += d.render();
  return out;
}

namespace {

constexpr const char* kBuiltinPrefix = "@fluencelabs/aqua-lib/";
constexpr const char* kBuiltinVirtual = "<aqua-lib>/";
constexpr size_t kMaxFileBytes = 64u << 20;
constexpr size_t kMaxFiles = 10000;

class Driver {
 public:
  explicit Driver(const CompileOptions& opts) : opts_(opts), diags_(&files_), elab_(pool_, diags_, opts_) {}

  CompileResult run(const std::string& path, const std::string* text) {
    CompileResult out;
    std::string key = text ? path : normalize(path);
    if (!text) {
      std::string content;
      if (!read_file(key, content)) {
        diags_.error(Pos{}, "Cannot read the file `" + path + "`");
        out.diagnostics = diags_.take();
        out.diagnostics.back().file = path;
        return out;
      }
      main_ = load_text(key, std::move(content));
    } else {
      main_ = load_text(key, *text);
    }
    if (main_ && !diags_.has_errors()) compile_exports(out);
    out.diagnostics = diags_.take();
    // In source order: files in the order they were loaded, then line and column.
    std::unordered_map<std::string, size_t> file_order;
    for (size_t i = 0; i < files_.size(); ++i) file_order.emplace(files_[i].path, i);
    std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
      size_t fa = file_order.count(a.file) ? file_order[a.file] : 0, fb = file_order.count(b.file) ? file_order[b.file] : 0;
      if (fa != fb) return fa < fb;
      if (a.line != b.line) return a.line < b.line;
      return a.col < b.col;
    });
    if (!CompileResult{{}, {}, out.diagnostics}.ok()) out.functions.clear();
    return out;
  }

 private:
  struct Loaded {
    Module module;
    ModuleScope* scope = nullptr;
    bool done = false;
  };

  const CompileOptions& opts_;
  std::vector<SourceFile> files_;
  DiagnosticSink diags_;
  TypePool pool_;
  Elaborator elab_;
  std::unordered_map<std::string, std::unique_ptr<Loaded>> loaded_;
  std::deque<ModuleScope> scopes_;
  std::vector<std::string> loading_;  // import stack, for cycles
  Loaded* main_ = nullptr;

  static std::string normalize(const std::string& p) {
    if (p.rfind(kBuiltinVirtual, 0) == 0) return p;
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    if (ec) return p;
    return abs.lexically_normal().string();
  }

  static bool read_file(const std::string& path, std::string& out) {
    if (path.rfind(kBuiltinVirtual, 0) == 0) {
      const char* t = builtin_library(path.substr(std::char_traits<char>::length(kBuiltinVirtual)));
      if (!t) return false;
      out = t;
      return true;
    }
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    auto size = fs::file_size(path, ec);
    if (ec || size > kMaxFileBytes) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
  }

  static bool exists(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
  }

  std::string resolve_import(const std::string& importer, std::string p) {
    if (p.size() < 5 || p.substr(p.size() - 5) != ".aqua") p += ".aqua";
    bool virtual_importer = importer.rfind(kBuiltinVirtual, 0) == 0;
    if (virtual_importer) {
      // Files of the built-in library import each other relatively.
      std::string name = p;
      if (name.rfind("./", 0) == 0) name = name.substr(2);
      if (builtin_library(name)) return kBuiltinVirtual + name;
    }
    fs::path dir = virtual_importer ? fs::current_path() : fs::path(importer).parent_path();
    fs::path rel(p);
    if (rel.is_absolute() && exists(rel)) return normalize(rel.string());
    if (exists(dir / rel)) return normalize((dir / rel).string());
    for (const auto& root : opts_.import_dirs) {
      if (exists(fs::path(root) / rel)) return normalize((fs::path(root) / rel).string());
    }
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
      fs::path cand = d / "node_modules" / rel;
      if (exists(cand)) return normalize(cand.string());
      if (d == d.parent_path()) break;
    }
    if (p.rfind(kBuiltinPrefix, 0) == 0) {
      std::string name = p.substr(std::char_traits<char>::length(kBuiltinPrefix));
      if (builtin_library(name)) return kBuiltinVirtual + name;
    }
    return "";
  }

  Loaded* load_text(const std::string& key, std::string text) {
    auto it = loaded_.find(key);
    if (it != loaded_.end()) return it->second.get();
    if (files_.size() >= kMaxFiles) return nullptr;
    int32_t idx = static_cast<int32_t>(files_.size());
    files_.emplace_back(key.rfind(kBuiltinVirtual, 0) == 0 ? "@fluencelabs/aqua-lib/" + key.substr(std::char_traits<char>::length(kBuiltinVirtual)) : key,
                        std::move(text));
    auto owned = std::make_unique<Loaded>();
    Loaded* l = owned.get();
    loaded_[key] = std::move(owned);
    l->module = parse_module(files_[idx], idx, diags_);
    ModuleScope& sc = scopes_.emplace_back();
    sc.name = l->module.name;
    sc.file = idx;
    sc.declares_all = l->module.declares_all;
    for (auto& d : l->module.declares) sc.declares.push_back(d.name);
    l->scope = &sc;
    loading_.push_back(key);
    process_header(*l, key);
    define_all(*l);
    loading_.pop_back();
    l->done = true;
    return l;
  }

  bool is_declared(const ModuleScope& m, const std::string& name) {
    if (m.declares_all) return std::find(m.own.begin(), m.own.end(), name) != m.own.end();
    return std::find(m.declares.begin(), m.declares.end(), name) != m.declares.end();
  }

  std::vector<std::string> declared_names(const ModuleScope& m) {
    if (m.declares_all) return m.own;
    std::vector<std::string> out;
    for (const auto& d : m.declares) {
      if (m.syms.count(d)) out.push_back(d);
    }
    return out;
  }

  void add_sym(ModuleScope& scope, const std::string& name, const GlobalSym& sym, Pos pos) {
    auto it = scope.syms.find(name);
    if (it != scope.syms.end()) {
      std::string where;
      if (it->second.pos.file >= 0 && static_cast<size_t>(it->second.pos.file) < files_.size()) {
        where = " (at " + files_[it->second.pos.file].path + ":" + std::to_string(it->second.pos.line) + ":" +
                std::to_string(it->second.pos.col) + ")";
      }
      diags_.error(pos, "Name `" + name + "` was already defined" + where);
      return;
    }
    scope.syms[name] = sym;
  }

  void process_header(Loaded& l, const std::string& key) {
    ModuleScope& scope = *l.scope;
    for (const auto& h : l.module.header) {
      if (h.kind == HeaderLine::kExport) continue;
      std::string target = resolve_import(key, h.path);
      if (target.empty()) {
        diags_.error(h.path_pos, "Cannot resolve the import \"" + h.path + "\": no such file next to this one, in the import folders (-I) or in node_modules");
        continue;
      }
      if (std::find(loading_.begin(), loading_.end(), target) != loading_.end()) {
        diags_.error(h.path_pos, "Import cycle: \"" + h.path + "\" is already being imported");
        continue;
      }
      Loaded* lib = nullptr;
      auto it = loaded_.find(target);
      if (it != loaded_.end()) {
        lib = it->second.get();
      } else {
        std::string content;
        if (!read_file(target, content)) {
          diags_.error(h.path_pos, "Cannot read the imported file `" + target + "`");
          continue;
        }
        lib = load_text(target, std::move(content));
      }
      if (!lib) continue;
      ModuleScope& ls = *lib->scope;
      auto pick = [&](const ImportItem& item, ModuleScope& into) {
        if (!is_declared(ls, item.name) || !ls.syms.count(item.name)) {
          std::string decl = ls.declares_all ? "*" : "";
          for (size_t i = 0; i < ls.declares.size(); ++i) decl += (i ? ", " : "") + ls.declares[i];
          diags_.error(item.pos, "Imported file `declares " + decl + "`, no " + item.name +
                                     " declared. Try adding `declares " + item.name + "` to that file.");
          return;
        }
        add_sym(into, item.as.empty() ? item.name : item.as, ls.syms.at(item.name), item.pos);
      };
      switch (h.kind) {
        case HeaderLine::kImport:
          for (const auto& n : declared_names(ls)) add_sym(scope, n, ls.syms.at(n), h.pos);
          break;
        case HeaderLine::kImportFrom:
          for (const auto& item : h.items) pick(item, scope);
          break;
        case HeaderLine::kUse:
        case HeaderLine::kUseFrom: {
          ModuleScope& view = scopes_.emplace_back();
          view.name = h.as.empty() ? ls.name : h.as;
          if (h.kind == HeaderLine::kUse) {
            for (const auto& n : declared_names(ls)) view.syms[n] = ls.syms.at(n);
          } else {
            for (const auto& item : h.items) pick(item, view);
          }
          if (view.name.empty()) {
            diags_.error(h.pos, "`use` needs a module name: the imported file has none, add `as Name`");
            break;
          }
          GlobalSym m;
          m.kind = GlobalSym::kModule;
          m.module = &view;
          m.pos = h.pos;
          add_sym(scope, view.name, m, h.pos);
          break;
        }
        default:
          break;
      }
    }
  }

  void apply_override(ConstDef& c, CValue& v) {
    for (const auto& o : opts_.constants) {
      auto eq = o.find('=');
      if (eq == std::string::npos) continue;
      std::string name = o.substr(0, eq);
      std::string val = o.substr(eq + 1);
      auto trim = [](std::string s) {
        size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
        return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
      };
      name = trim(name);
      val = trim(val);
      if (name != c.name) continue;
      CValue nv;
      nv.kind = CValue::kData;
      nv.literal = true;
      nv.base = val;
      if (val == "true" || val == "false") {
        nv.type = pool_.scalar(Type::kBool);
      } else if (val.size() >= 2 && val.front() == '"' && val.back() == '"') {
        nv.type = pool_.scalar(Type::kString);
      } else if (!val.empty() && (std::isdigit(static_cast<unsigned char>(val[0])) || val[0] == '-')) {
        bool flt = val.find('.') != std::string::npos;
        nv.type = pool_.scalar(flt ? Type::kLitFloat : val[0] == '-' ? Type::kLitSigned : Type::kLitUnsigned);
      } else {
        diags_.error(c.pos, "The override of constant " + c.name + " is not a literal: `" + val + "`");
        return;
      }
      if (!c.overridable) {
        diags_.warning(c.pos, "Constant " + c.name + " is defined with `=`, so the override `" + o + "` is ignored; use `?=` to allow overrides");
        return;
      }
      if (!accepts(v.type, nv.type) && v.kind != CValue::kError) {
        diags_.error(c.pos, "The override of constant " + c.name + " has type " + type_text(nv.type) + ", but " + type_text(v.type) + " is expected");
        return;
      }
      v = nv;
    }
  }

  void define_all(Loaded& l) {
    ModuleScope& scope = *l.scope;
    for (auto& d : l.module.defs) {
      switch (d.kind) {
        case TopDef::kConst: {
          ConstDef& c = *d.const_def;
          CValue v = elab_.const_value(*c.value, &scope);
          apply_override(c, v);
          GlobalSym s;
          s.kind = GlobalSym::kConst;
          s.value = v;
          s.pos = c.pos;
          add_sym(scope, c.name, s, c.pos);
          scope.own.push_back(c.name);
          break;
        }
        case TopDef::kAlias: {
          AliasDef& a = *d.alias_def;
          GlobalSym s;
          s.kind = GlobalSym::kType;
          s.type = elab_.resolve_type(*a.type, &scope);
          s.pos = a.pos;
          add_sym(scope, a.name, s, a.pos);
          scope.own.push_back(a.name);
          break;
        }
        case TopDef::kData:
        case TopDef::kAbility: {
          DataDef& dd = *d.data_def;
          Type* t = pool_.make();
          t->kind = dd.is_ability ? Type::kAbility : Type::kStruct;
          t->name = dd.name;
          for (auto& f : dd.fields) {
            if (std::find(t->field_names.begin(), t->field_names.end(), f.name) != t->field_names.end()) {
              diags_.error(f.pos, "Field `" + f.name + "` is defined twice");
              continue;
            }
            const Type* ft = elab_.resolve_type(*f.type, &scope);
            if (!dd.is_ability && !ft->is_data()) diags_.error(f.pos, "Fields of a data structure must be data types, given " + type_text(ft));
            t->field_names.push_back(f.name);
            t->fields.push_back(ft);
          }
          if (dd.fields.empty()) diags_.error(dd.pos, std::string(dd.is_ability ? "An ability" : "A data structure") + " needs at least one field");
          GlobalSym s;
          s.kind = GlobalSym::kType;
          s.type = t;
          s.pos = dd.pos;
          add_sym(scope, dd.name, s, dd.pos);
          scope.own.push_back(dd.name);
          break;
        }
        case TopDef::kService: {
          ServiceDef& sd = *d.service_def;
          Type* t = pool_.make();
          t->kind = Type::kService;
          t->name = sd.name;
          for (auto& m : sd.methods) {
            const Type* mt = elab_.resolve_type(*m.type, &scope);
            if (mt->results.size() > 1) diags_.error(m.pos, "Service functions cannot have multiple results");
            if (std::find(t->field_names.begin(), t->field_names.end(), m.name) != t->field_names.end()) {
              diags_.error(m.pos, "Method `" + m.name + "` is defined twice");
              continue;
            }
            t->field_names.push_back(m.name);
            t->fields.push_back(mt);
          }
          if (sd.methods.empty()) diags_.error(sd.pos, "A service needs at least one method");
          CValue v;
          v.kind = CValue::kService;
          v.type = t;
          if (sd.default_id) {
            CValue id = elab_.const_value(*sd.default_id, &scope);
            if (id.kind == CValue::kData && !accepts(pool_.scalar(Type::kString), id.type)) {
              diags_.error(sd.default_id->pos, "The default service id must be a string, given " + type_text(id.type));
            }
            v.service_id = std::make_shared<CValue>(id);
          }
          GlobalSym s;
          s.kind = GlobalSym::kService;
          s.value = v;
          s.pos = sd.pos;
          add_sym(scope, sd.name, s, sd.pos);
          // A service name is also usable as a type (ability parameters).
          scope.own.push_back(sd.name);
          break;
        }
        case TopDef::kFunc: {
          FuncDef& f = *d.func_def;
          elab_.check_function(f, &scope);
          CValue v;
          v.kind = CValue::kArrow;
          v.type = elab_.arrow_type(f.sig, &scope);
          v.arrow = std::make_shared<ArrowImpl>();
          v.arrow->kind = ArrowImpl::kFunc;
          v.arrow->type = v.type;
          v.arrow->func = &f;
          v.arrow->scope = &scope;
          GlobalSym s;
          s.kind = GlobalSym::kFunc;
          s.value = v;
          s.pos = f.pos;
          // Diagnostics of the signature were reported by check_function; don't repeat them.
          add_sym(scope, f.name, s, f.pos);
          scope.own.push_back(f.name);
          break;
        }
      }
    }
    if (!scope.declares_all) {
      for (const auto& d : l.module.declares) {
        if (!scope.syms.count(d.name) || std::find(scope.own.begin(), scope.own.end(), d.name) == scope.own.end()) {
          diags_.error(d.pos, "`" + d.name + "` is expected to be declared, but declaration is not found in the file");
        }
      }
    }
  }

  void compile_exports(CompileResult& out) {
    ModuleScope& scope = *main_->scope;
    // name exported -> (sym name, position); the same function exported twice keeps the last name.
    std::vector<std::pair<std::string, std::string>> funcs;  // (source name, exported name)
    for (const auto& h : main_->module.header) {
      if (h.kind != HeaderLine::kExport) continue;
      for (const auto& item : h.items) {
        const GlobalSym* g = elab_.lookup_global(&scope, item.name);
        if (!g) {
          diags_.error(item.pos, "Cannot export `" + item.name + "`: it is not defined in this file or imported");
          continue;
        }
        std::string as = item.as.empty() ? item.name : item.as;
        if (g->kind == GlobalSym::kFunc) {
          const Type* t = g->value.type;
          bool bad = !t->abilities.empty();
          for (const Type* r : t->results) bad = bad || r->kind == Type::kArrow || r->kind == Type::kAbility;
          for (const Type* p : t->fields) bad = bad || p->kind == Type::kAbility;
          if (bad) {
            diags_.error(item.pos, "The function '" + item.name + "' cannot be exported, because it takes an ability or returns an arrow or an ability");
            continue;
          }
          bool replaced = false;
          for (auto& f : funcs) {
            if (f.first == item.name) {
              f.second = as;
              replaced = true;
            }
          }
          if (!replaced) funcs.emplace_back(item.name, as);
        } else if (g->kind == GlobalSym::kService) {
          ServiceOutput so;
          so.name = as;
          const CValue& v = g->value;
          if (v.service_id && v.service_id->literal) {
            std::string id = v.service_id->base;
            if (id.size() >= 2 && id.front() == '"') id = id.substr(1, id.size() - 2);
            so.default_id = id;
          }
          for (size_t i = 0; i < v.type->field_names.size(); ++i) so.methods.emplace_back(v.type->field_names[i], type_text(v.type->fields[i]));
          std::string tj = type_def_json(v.type);  // {"tag":"service","name":...,"fields":{...}}
          so.functions_json = "{\"tag\":\"labeledProduct\",\"fields\":" + tj.substr(tj.find("\"fields\":") + 9);
          out.services.push_back(std::move(so));
        } else {
          diags_.error(item.pos, "`" + item.name + "` cannot be exported: only functions and services can be");
        }
      }
    }
    if (diags_.has_errors()) return;
    for (const auto& [src, as] : funcs) {
      const GlobalSym* g = elab_.lookup_global(&scope, src);
      out.functions.push_back(elab_.compile_export(*g->value.arrow->func, g->value.arrow->scope, as));
    }
  }
};

}  // namespace

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  Driver d(options);
  return d.run(path, nullptr);
}

CompileResult compile_string(const std::string& text, const std::string& virtual_path, const CompileOptions& options) {
  Driver d(options);
  return d.run(virtual_path, &text);
}

}  // namespace fluence::aqua
