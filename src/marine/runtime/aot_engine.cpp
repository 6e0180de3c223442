// The ahead-of-time tier: wasm2c + the system C compiler, one shared object per module hash.
//
// The generated C calls imports as extern functions taking a pointer to an "import module
// instance"; we generate glue that defines them as trampolines into C++ host functions, and a
// switch that calls exports from an array of 64-bit values. The wasm2c runtime is compiled
// into every shared object (hidden symbols, bounds-checked memory, no signal handlers), so
// modules do not share trap state; the glue saves and restores the unwind target around
// every call so that nested host -> Wasm calls trap to the right place.
#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <spdlog/spdlog.h>

#include "fluence/core/bytes.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"
#include "fluence/marine/engine.h"

#include <wasm-rt.h>

namespace fluence::marine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGlueVersion = "fluence-aot-3";

[[noreturn]] void fail(const std::string& what) { throw Error(ErrorKind::kInvalidInput, "AOT tier: " + what); }

struct HostCall {
  void* ctx;
  int (*host)(void* ctx, uint32_t index, const uint64_t* args, uint64_t* results);
};

// The C ABI of a compiled module (see the glue below).
struct AotApi {
  size_t (*instance_size)();
  int (*instantiate)(void* inst, HostCall host);
  void (*free_instance)(void* inst);
  int (*call)(void* inst, uint32_t index, const uint64_t* args, uint64_t* results);
  void* (*memory)(void* inst);   // wasm_rt_memory_t*
  uint64_t* (*fuel)(void* inst);
  uint32_t* (*rejects)(void* inst);
  const char* (*strerror)(int code);
};

using RtMemory = wasm_rt_memory_t;
// wasm_rt_memory_t keeps the byte size in 32 bits, so the tier stops one page short of 4 GiB.
constexpr uint64_t kMaxAotPages = 65535;

struct Decl {
  std::string ret, symbol;
  std::vector<std::string> params;  // without the instance pointer
};

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

Decl parse_decl(const std::string& line) {
  Decl d;
  size_t open = line.find('('), close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos) fail("cannot read wasm2c declaration: " + line);
  std::string head = trim(line.substr(0, open));
  size_t sp = head.find_last_of(" *");
  d.symbol = head.substr(sp + 1);
  d.ret = trim(head.substr(0, sp + 1));
  std::string params = line.substr(open + 1, close - open - 1);
  std::stringstream ss(params);
  std::string p;
  bool first = true;
  while (std::getline(ss, p, ',')) {
    if (first) { first = false; continue; }
    d.params.push_back(trim(p));
  }
  return d;
}

ValType val_of(const std::string& t) {
  if (t == "u32") return ValType::kI32;
  if (t == "u64") return ValType::kI64;
  if (t == "f32") return ValType::kF32;
  if (t == "f64") return ValType::kF64;
  fail("unsupported type '" + t + "' in a function signature");
}

std::string hex_of(const std::vector<uint8_t>& data) {
  auto d = sha256(ByteView(data.data(), data.size()));
  return hex_encode(ByteView(d.data(), d.size()));
}

int run(const std::string& cmd, std::string& output) {
  std::string full = cmd + " 2>&1";
  FILE* p = popen(full.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string c_compiler() {
  if (const char* cc = std::getenv("CC")) return cc;
  for (const char* c : {"/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"})
    if (access(c, X_OK) == 0) return c;
  return "";
}

const char* kRuntimeDir = "/usr/share/wabt/wasm2c";

struct ExportEntry {
  std::string name;
  Decl decl;
  FuncSig sig;
};

// Generates the glue C file for a wasm2c header.
std::string make_glue(const std::string& header, const std::vector<ImportInfo>& wasm_imports, std::vector<ExportEntry>& exports) {
  struct Import { std::string ns, name; Decl decl; };
  std::vector<Import> imports;
  std::string fuel_symbol, rejects_symbol, memory_symbol;
  std::istringstream in(header);
  std::string line;
  while (std::getline(in, line)) {
    bool is_import = line.rfind("/* import: '", 0) == 0, is_export = line.rfind("/* export: '", 0) == 0;
    if (!is_import && !is_export) continue;
    std::string names = line.substr(12);
    std::string next;
    std::getline(in, next);
    Decl d = parse_decl(next);
    if (is_import) {
      size_t q = names.find("' '");
      size_t end = names.rfind("'");
      if (q == std::string::npos) fail("cannot read import line " + line);
      imports.push_back({names.substr(0, q), names.substr(q + 3, end - q - 3), d});
    } else {
      std::string name = names.substr(0, names.find("'"));
      if (d.ret == "wasm_rt_memory_t*") { if (name == "memory") memory_symbol = d.symbol; continue; }
      if (d.ret == "u64*" && name == "__fluence_fuel") { fuel_symbol = d.symbol; continue; }
      if (d.ret == "u32*" && name == "__fluence_grow_rejects") { rejects_symbol = d.symbol; continue; }
      if (d.ret.find('*') != std::string::npos) continue;  // other globals/tables: not callable
      ExportEntry e{name, d, {}};
      for (const auto& p : d.params) e.sig.params.push_back(val_of(p));
      if (d.ret != "void") e.sig.results.push_back(val_of(d.ret));
      exports.push_back(std::move(e));
    }
  }
  std::ostringstream g;
  g << "#include <string.h>\n#include <setjmp.h>\n#include \"m.h\"\n#include \"wasm-rt-impl.h\"\n"
    << "#define API __attribute__((visibility(\"default\")))\n"
    << "typedef struct { void* ctx; int (*host)(void*, uint32_t, const uint64_t*, uint64_t*); } HostCall;\n";
  std::map<std::string, bool> ns_seen;
  // One struct per import namespace; all carry the same host pointer.
  std::vector<std::string> ns_structs;
  for (const auto& imp : imports) {
    // The first parameter type of the import declaration names the struct.
    size_t open = header.find(imp.decl.symbol + "(");
    size_t start = header.find("struct ", open);
    size_t stop = header.find('*', start);
    std::string st = header.substr(start, stop - start);
    if (!ns_seen[st]) {
      ns_seen[st] = true;
      ns_structs.push_back(st);
      g << st << " { uint64_t magic; HostCall h; };\n";
    }
  }
  g << "#define FLUENCE_MAGIC 0xF1C0AEC0DE5EED01ull\n";
  g << "typedef struct { Z_m_instance_t m; HostCall host;";
  for (size_t i = 0; i < ns_structs.size(); ++i) g << " " << ns_structs[i] << " ns" << i << ";";
  g << " } Inst;\n";
  auto to_u64 = [](const std::string& t, const std::string& v) {
    if (t == "f32") return "({ uint32_t b_; memcpy(&b_, &" + v + ", 4); (uint64_t)b_; })";
    if (t == "f64") return "({ uint64_t b_; memcpy(&b_, &" + v + ", 8); b_; })";
    return "(uint64_t)" + v;
  };
  auto from_u64 = [](const std::string& t, const std::string& v) {
    if (t == "f32") return "({ uint32_t b_ = (uint32_t)" + v + "; f32 f_; memcpy(&f_, &b_, 4); f_; })";
    if (t == "f64") return "({ uint64_t b_ = " + v + "; f64 f_; memcpy(&f_, &b_, 8); f_; })";
    return "(" + t + ")" + v;
  };
  for (size_t i = 0; i < imports.size(); ++i) {
    const auto& d = imports[i].decl;
    size_t index = wasm_imports.size();
    for (size_t k = 0; k < wasm_imports.size(); ++k)
      if (wasm_imports[k].module == imports[i].ns && wasm_imports[k].name == imports[i].name) index = k;
    if (index == wasm_imports.size()) fail("wasm2c import " + imports[i].ns + "." + imports[i].name + " not in the module");
    size_t open = header.find(d.symbol + "(");
    size_t start = header.find("struct ", open);
    size_t stop = header.find('*', start);
    std::string st = header.substr(start, stop - start);
    g << d.ret << " " << d.symbol << "(" << st << "* ctx_";
    for (size_t k = 0; k < d.params.size(); ++k) g << ", " << d.params[k] << " a" << k;
    g << ") {\n"
      // wasm2c 1.0.32 passes the *module* instance when an imported function is reached
      // through a table (call_indirect); recognise that case by the missing magic.
      << "  HostCall* hc = ctx_->magic == FLUENCE_MAGIC ? &ctx_->h : &((Inst*)(void*)ctx_)->host;\n"
      << "  uint64_t args[" << (d.params.size() + 1) << "] = {";
    for (size_t k = 0; k < d.params.size(); ++k) g << (k ? ", " : "") << to_u64(d.params[k], "a" + std::to_string(k));
    g << "};\n  uint64_t res[2] = {0, 0};\n"
      << "  if (hc->host(hc->ctx, " << index << "u, args, res)) wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE);\n";
    if (d.ret != "void") g << "  return " << from_u64(d.ret, "res[0]") << ";\n";
    g << "}\n";
  }
  g << "static int g_initialized;\n"
    << "API size_t fluence_aot_instance_size(void) { return sizeof(Inst); }\n"
    << "API int fluence_aot_instantiate(void* p, HostCall h) {\n"
    << "  Inst* in = (Inst*)p;\n  memset(in, 0, sizeof *in);\n"
    << "  if (!g_initialized) { wasm_rt_init(); Z_m_init_module(); g_initialized = 1; }\n";
  g << "  in->host = h;\n";
  for (size_t i = 0; i < ns_structs.size(); ++i) g << "  in->ns" << i << ".h = h; in->ns" << i << ".magic = FLUENCE_MAGIC;\n";
  g << "  jmp_buf saved; memcpy(&saved, &wasm_rt_jmp_buf, sizeof saved);\n"
    << "  int code = wasm_rt_impl_try();\n"
    << "  if (code == 0) Z_m_instantiate(&in->m";
  // Instantiate takes the import structs in the header's parameter order.
  {
    size_t pos = header.find("void Z_m_instantiate(Z_m_instance_t*");
    size_t end = header.find(')', pos);
    std::string params = header.substr(pos, end - pos);
    size_t at = 0;
    while ((at = params.find("struct ", at)) != std::string::npos) {
      size_t stop = params.find('*', at);
      std::string st = params.substr(at, stop - at);
      for (size_t i = 0; i < ns_structs.size(); ++i)
        if (ns_structs[i] == st) g << ", &in->ns" << i;
      at = stop;
    }
  }
  g << ");\n  memcpy(&wasm_rt_jmp_buf, &saved, sizeof saved);\n  return code;\n}\n"
    << "API void fluence_aot_free(void* p) { Z_m_free(&((Inst*)p)->m); }\n"
    << "API void* fluence_aot_memory(void* p) { "
    << (memory_symbol.empty() ? "return 0;" : "return " + memory_symbol + "(&((Inst*)p)->m);") << " }\n"
    << "API uint64_t* fluence_aot_fuel(void* p) { "
    << (fuel_symbol.empty() ? "return 0;" : "return " + fuel_symbol + "(&((Inst*)p)->m);") << " }\n"
    << "API uint32_t* fluence_aot_rejects(void* p) { "
    << (rejects_symbol.empty() ? "return 0;" : "return " + rejects_symbol + "(&((Inst*)p)->m);") << " }\n"
    << "API const char* fluence_aot_strerror(int code) { return wasm_rt_strerror((wasm_rt_trap_t)code); }\n"
    << "API int fluence_aot_call(void* p, uint32_t index, const uint64_t* args, uint64_t* res) {\n"
    << "  Inst* in = (Inst*)p;\n"
    << "  jmp_buf saved; memcpy(&saved, &wasm_rt_jmp_buf, sizeof saved);\n"
    << "  uint32_t depth = wasm_rt_call_stack_depth;\n"
    << "  int code = wasm_rt_impl_try();\n"
    << "  if (code != 0) { memcpy(&wasm_rt_jmp_buf, &saved, sizeof saved); wasm_rt_call_stack_depth = depth; return code; }\n"
    << "  switch (index) {\n";
  for (size_t i = 0; i < exports.size(); ++i) {
    const auto& d = exports[i].decl;
    g << "    case " << i << ": ";
    std::string call = d.symbol + "(&in->m";
    for (size_t k = 0; k < d.params.size(); ++k) call += ", " + from_u64(d.params[k], "args[" + std::to_string(k) + "]");
    call += ")";
    if (d.ret == "void") g << call << "; break;\n";
    else g << "{ " << d.ret << " r_ = " << call << "; res[0] = " << to_u64(d.ret, "r_") << "; break; }\n";
  }
  g << "  }\n  memcpy(&wasm_rt_jmp_buf, &saved, sizeof saved);\n  wasm_rt_call_stack_depth = depth;\n  return 0;\n}\n";
  return g.str();
}

struct Pending {
  std::exception_ptr error;
  int depth = 0;
};

class AotModule : public EngineModule {
 public:
  std::vector<ImportInfo> imports_;
  std::vector<ExportInfo> exports_;
  std::vector<ExportEntry> callable;
  void* handle = nullptr;
  AotApi api{};
  ~AotModule() override {
    // Instances may still refer to the code; shared objects stay loaded for the process.
  }
  const std::vector<ImportInfo>& imports() const override { return imports_; }
  const std::vector<ExportInfo>& exports() const override { return exports_; }
};

class AotInstance : public EngineInstance {
 public:
  AotInstance(std::shared_ptr<AotModule> module, std::vector<HostFunction> hosts, std::shared_ptr<Pending> pending)
      : module_(std::move(module)), hosts_(std::move(hosts)), pending_(std::move(pending)),
        storage_(module_->api.instance_size()) {}

  ~AotInstance() override {
    if (live_) module_->api.free_instance(storage_.data());
  }

  static int host_trampoline(void* ctx, uint32_t index, const uint64_t* args, uint64_t* results) {
    auto* self = static_cast<AotInstance*>(ctx);
    try {
      const FuncSig& sig = self->module_->imports_.at(index).sig;
      WasmValue a[16];
      std::vector<WasmValue> big;
      WasmValue* ap = a;
      if (sig.params.size() > 16) { big.resize(sig.params.size()); ap = big.data(); }
      for (size_t i = 0; i < sig.params.size(); ++i) ap[i] = WasmValue{sig.params[i], args[i]};
      WasmValue r[4];
      self->hosts_.at(index)(ap, r);
      for (size_t i = 0; i < sig.results.size() && i < 2; ++i) results[i] = r[i].bits;
      return 0;
    } catch (...) {
      if (!self->pending_->error) self->pending_->error = std::current_exception();
      return 1;
    }
  }

  void instantiate(const InstanceLimits& limits) {
    int code = module_->api.instantiate(storage_.data(), HostCall{this, &AotInstance::host_trampoline});
    if (code != 0) {
      rethrow_pending();
      fail(std::string("instantiation trapped: ") + module_->api.strerror(code));
    }
    live_ = true;
    memory_ = static_cast<RtMemory*>(module_->api.memory(storage_.data()));
    if (memory_) declared_max_ = std::min<uint64_t>(memory_->max_pages, kMaxAotPages);
    set_memory_limit(limits.max_memory_bytes);
  }

  int find_function(const std::string& name) const override {
    for (size_t i = 0; i < module_->callable.size(); ++i)
      if (module_->callable[i].name == name) return static_cast<int>(i);
    return -1;
  }
  const FuncSig& function_sig(int index) const override { return module_->callable.at(static_cast<size_t>(index)).sig; }

  void call(int index, const WasmValue* args, size_t nargs, WasmValue* results, size_t nresults) override {
    const auto& e = module_->callable.at(static_cast<size_t>(index));
    if (nargs != e.sig.params.size() || nresults != e.sig.results.size())
      throw Error(ErrorKind::kInternal, "call of '" + e.name + "' with a wrong number of values");
    uint64_t a[32];
    std::vector<uint64_t> big;
    uint64_t* ap = a;
    if (nargs > 32) { big.resize(nargs); ap = big.data(); }
    for (size_t i = 0; i < nargs; ++i) {
      if (args[i].type != e.sig.params[i])
        throw Error(ErrorKind::kInvalidInput, "call of '" + e.name + "': argument " + std::to_string(i) + " has the wrong type");
      ap[i] = args[i].bits;
    }
    uint64_t r[2] = {0, 0};
    ++pending_->depth;
    int code = module_->api.call(storage_.data(), static_cast<uint32_t>(index), ap, r);
    --pending_->depth;
    if (code != 0) {
      if (pending_->depth == 0) rethrow_pending();
      if (pending_->error) throw WasmTrap(ErrorKind::kInvalidInput, "host function failed");
      if (fuel() < 0 && module_->api.fuel(storage_.data()))
        throw WasmTrap(ErrorKind::kLimit, "'" + e.name + "' was interrupted: it ran past its fuel budget (a runaway loop?)");
      throw WasmTrap(ErrorKind::kInvalidInput, "Wasm trap in '" + e.name + "': " + module_->api.strerror(code));
    }
    for (size_t i = 0; i < nresults; ++i) results[i] = WasmValue{e.sig.results[i], r[i]};
  }

  uint8_t* memory_data() override { return memory_ ? memory_->data : nullptr; }
  uint64_t memory_size() const override { return memory_ ? memory_->size : 0; }
  void set_memory_limit(uint64_t bytes) override {
    if (!memory_) return;
    uint64_t pages = bytes / 65536;
    if (pages < memory_->pages) pages = memory_->pages;
    if (pages > declared_max_) pages = declared_max_;
    memory_->max_pages = static_cast<uint32_t>(pages);
  }
  int64_t fuel() const override {
    uint64_t* f = module_->api.fuel(const_cast<uint8_t*>(storage_.data()));
    return f ? static_cast<int64_t>(*f) : -1;
  }
  void set_fuel(int64_t fuel) override {
    if (uint64_t* f = module_->api.fuel(storage_.data())) *f = static_cast<uint64_t>(fuel);
  }
  uint64_t grow_rejects() const override {
    uint32_t* r = module_->api.rejects(const_cast<uint8_t*>(storage_.data()));
    return r ? *r : 0;
  }

 private:
  void rethrow_pending() {
    if (pending_->error) {
      auto e = pending_->error;
      pending_->error = nullptr;
      std::rethrow_exception(e);
    }
  }

  std::shared_ptr<AotModule> module_;
  std::vector<HostFunction> hosts_;
  std::shared_ptr<Pending> pending_;
  std::vector<uint8_t> storage_;
  RtMemory* memory_ = nullptr;
  uint64_t declared_max_ = 65536;
  bool live_ = false;
};

class AotEngine : public Engine {
 public:
  explicit AotEngine(std::string cache_dir) : cache_dir_(std::move(cache_dir)), pending_(std::make_shared<Pending>()) {}

  std::string name() const override { return "aot"; }

  std::shared_ptr<EngineModule> compile(const std::vector<uint8_t>& wasm) override {
    // Validation and the import/export lists come from the interpreter's reader.
    auto info = make_interpreter_engine()->compile(wasm);
    auto module = std::make_shared<AotModule>();
    module->imports_ = info->imports();
    module->exports_ = info->exports();

    std::string key = hex_of(wasm);
    fs::path so = fs::path(cache_dir_) / (key + "-" + kGlueVersion + ".so");
    fs::path exports_file = fs::path(cache_dir_) / (key + "-" + kGlueVersion + ".exports");
    std::string header;
    if (!fs::exists(so) || !fs::exists(exports_file)) build(wasm, module->imports_, so, exports_file);
    {
      std::ifstream f(exports_file);
      std::stringstream ss;
      ss << f.rdbuf();
      header = ss.str();
    }
    make_glue(header, module->imports_, module->callable);  // recovers the export table from the cached header
    module->handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module->handle) fail(std::string("cannot load ") + so.string() + ": " + dlerror());
    auto sym = [&](const char* n) {
      void* p = dlsym(module->handle, n);
      if (!p) fail(std::string("missing symbol ") + n + " in " + so.string());
      return p;
    };
    module->api.instance_size = reinterpret_cast<size_t (*)()>(sym("fluence_aot_instance_size"));
    module->api.instantiate = reinterpret_cast<int (*)(void*, HostCall)>(sym("fluence_aot_instantiate"));
    module->api.free_instance = reinterpret_cast<void (*)(void*)>(sym("fluence_aot_free"));
    module->api.call = reinterpret_cast<int (*)(void*, uint32_t, const uint64_t*, uint64_t*)>(sym("fluence_aot_call"));
    module->api.memory = reinterpret_cast<void* (*)(void*)>(sym("fluence_aot_memory"));
    module->api.fuel = reinterpret_cast<uint64_t* (*)(void*)>(sym("fluence_aot_fuel"));
    module->api.rejects = reinterpret_cast<uint32_t* (*)(void*)>(sym("fluence_aot_rejects"));
    module->api.strerror = reinterpret_cast<const char* (*)(int)>(sym("fluence_aot_strerror"));
    return module;
  }

  std::unique_ptr<EngineInstance> instantiate(const std::shared_ptr<EngineModule>& module,
                                              std::vector<HostFunction> imports,
                                              const InstanceLimits& limits) override {
    auto m = std::static_pointer_cast<AotModule>(module);
    if (imports.size() != m->imports_.size()) throw Error(ErrorKind::kInternal, "AOT: wrong number of host functions");
    auto inst = std::make_unique<AotInstance>(m, std::move(imports), pending_);
    inst->instantiate(limits);
    return inst;
  }

 private:
  void build(const std::vector<uint8_t>& wasm, const std::vector<ImportInfo>& imports, const fs::path& so,
             const fs::path& exports_file) {
    std::string cc = c_compiler();
    if (cc.empty()) fail("no C compiler found (set CC)");
    if (access("/usr/bin/wasm2c", X_OK) != 0) fail("wasm2c is not installed");
    std::error_code ec;
    fs::create_directories(cache_dir_, ec);
    fs::path work = fs::path(cache_dir_) / ("build-" + std::to_string(::getpid()) + "-" + so.stem().string());
    fs::create_directories(work, ec);
    if (ec) fail("cannot create " + work.string() + ": " + ec.message());
    // FLUENCE_MARINE_AOT_KEEP=1 keeps the generated C for inspection.
    struct Cleanup {
      fs::path p;
      ~Cleanup() {
        std::error_code e;
        if (!std::getenv("FLUENCE_MARINE_AOT_KEEP")) fs::remove_all(p, e);
      }
    } cleanup{work};
    {
      std::ofstream o(work / "m.wasm", std::ios::binary);
      o.write(reinterpret_cast<const char*>(wasm.data()), static_cast<std::streamsize>(wasm.size()));
    }
    std::string out;
    if (run("wasm2c -n m '" + (work / "m.wasm").string() + "' -o '" + (work / "m.c").string() + "'", out) != 0)
      fail("wasm2c cannot translate this module: " + out.substr(0, out.find('\n')));
    std::ifstream hf(work / "m.h");
    std::stringstream hs;
    hs << hf.rdbuf();
    std::vector<ExportEntry> exports;
    std::string glue = make_glue(hs.str(), imports, exports);
    {
      std::ofstream g(work / "glue.c");
      g << glue;
    }
    std::string tmp_so = (work / "m.so").string();
    std::string cmd = cc + " -O2 -shared -fPIC -fvisibility=hidden -Wl,-Bsymbolic -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0"
                      " -DWASM_RT_MAX_CALL_STACK_DEPTH=10000 -w -I'" + work.string() + "' -I" + kRuntimeDir + " '" +
                      (work / "m.c").string() + "' '" + (work / "glue.c").string() + "' " + kRuntimeDir +
                      "/wasm-rt-impl.c -o '" + tmp_so + "'";
    out.clear();
    if (run(cmd, out) != 0) fail("the C compiler failed: " + out.substr(0, 400));
    // Publish atomically: other processes may read the cache concurrently.
    fs::copy_file(work / "m.h", exports_file.string() + ".tmp", fs::copy_options::overwrite_existing, ec);
    fs::rename(exports_file.string() + ".tmp", exports_file, ec);
    fs::copy_file(tmp_so, so.string() + ".tmp", fs::copy_options::overwrite_existing, ec);
    fs::rename(so.string() + ".tmp", so, ec);
    if (ec) fail("cannot write the cache: " + ec.message());
  }

  std::string cache_dir_;
  std::shared_ptr<Pending> pending_;
};

}  // namespace

std::string default_aot_cache_dir() {
  if (const char* d = std::getenv("FLUENCE_MARINE_AOT_CACHE")) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME")) return std::string(x) + "/fluence/marine-aot";
  if (const char* h = std::getenv("HOME")) return std::string(h) + "/.cache/fluence/marine-aot";
  return "/tmp/fluence-marine-aot";
}

std::unique_ptr<Engine> make_aot_engine(const std::string& cache_dir) {
  return std::make_unique<AotEngine>(cache_dir.empty() ? default_aot_cache_dir() : cache_dir);
}

}  // namespace fluence::marine
