#include "wasi.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <linux/openat2.h>

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

// WASI errno values.
constexpr uint32_t kSuccess = 0;
constexpr uint32_t kAcces = 2;
constexpr uint32_t kBadf = 8;
constexpr uint32_t kExist = 20;
constexpr uint32_t kFault = 21;
constexpr uint32_t kInval = 28;
constexpr uint32_t kIo = 29;
constexpr uint32_t kIsdir = 31;
constexpr uint32_t kLoop = 32;
constexpr uint32_t kNametoolong = 37;
constexpr uint32_t kNoent = 44;
constexpr uint32_t kNosys = 52;
constexpr uint32_t kNotdir = 54;
constexpr uint32_t kNotempty = 55;
constexpr uint32_t kPerm = 63;
constexpr uint32_t kSpipe = 70;
constexpr uint32_t kNotcapable = 76;
constexpr uint32_t kNospc = 51;
constexpr uint32_t kMfile = 33;

uint32_t errno_to_wasi(int e) {
  switch (e) {
    case EACCES: return kAcces;
    case EBADF: return kBadf;
    case EEXIST: return kExist;
    case EINVAL: return kInval;
    case EISDIR: return kIsdir;
    case ELOOP: return kLoop;
    case ENAMETOOLONG: return kNametoolong;
    case ENOENT: return kNoent;
    case ENOTDIR: return kNotdir;
    case ENOTEMPTY: return kNotempty;
    case EPERM: return kPerm;
    case ESPIPE: return kSpipe;
    case EXDEV: return kNotcapable;
    case ENOSPC: return kNospc;
    case EMFILE: return kMfile;
    default: return kIo;
  }
}

struct FdEntry {
  int host_fd = -1;
  bool is_dir = false;
  bool preopen = false;
  std::string guest_path;  // preopens only
};

uint8_t filetype_of(mode_t m) {
  if (S_ISDIR(m)) return 3;
  if (S_ISREG(m)) return 4;
  if (S_ISCHR(m)) return 2;
  if (S_ISBLK(m)) return 1;
  if (S_ISLNK(m)) return 7;
  if (S_ISSOCK(m)) return 6;
  return 0;
}

}  // namespace

struct WasiContext::Impl {
  std::map<uint32_t, FdEntry> fds;
  uint32_t next_fd = 3;
  std::function<EngineInstance*()> instance;

  // Bounds-checked guest memory access; an out-of-range pointer yields EFAULT via exception.
  struct Fault {};
  uint8_t* mem(uint64_t ptr, uint64_t len) {
    EngineInstance* inst = instance();
    if (!inst) throw Fault{};
    uint64_t size = inst->memory_size();
    if (ptr > size || len > size - ptr) throw Fault{};
    return inst->memory_data() + ptr;
  }
  template <typename T>
  void put(uint64_t ptr, T v) { std::memcpy(mem(ptr, sizeof(T)), &v, sizeof(T)); }
  template <typename T>
  T get(uint64_t ptr) { T v; std::memcpy(&v, mem(ptr, sizeof(T)), sizeof(T)); return v; }

  FdEntry* entry(uint32_t fd) {
    auto it = fds.find(fd);
    return it == fds.end() ? nullptr : &it->second;
  }

  // Opens `path` below directory fd `dir` without ever leaving it (openat2 RESOLVE_BENEATH:
  // no absolute paths, no "..", no symlinks out of the mapped directory).
  int open_beneath(int dir, const std::string& path, int flags, mode_t mode) {
    struct open_how how;
    std::memset(&how, 0, sizeof how);
    how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC;
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long r = syscall(SYS_openat2, dir, path.c_str(), &how, sizeof how);
    return static_cast<int>(r);
  }

  // For operations without openat2 variants: the path must be relative and free of "..".
  static bool lexically_safe(const std::string& path) {
    if (path.empty() || path[0] == '/') return false;
    size_t i = 0;
    while (i <= path.size()) {
      size_t j = path.find('/', i);
      if (j == std::string::npos) j = path.size();
      if (path.compare(i, j - i, "..") == 0 && j - i == 2) return false;
      i = j + 1;
    }
    return true;
  }
};

WasiContext::WasiContext(std::vector<std::string> env, const std::map<std::string, std::string>& mapped_dirs,
                         std::function<EngineInstance*()> memory)
    : env_(std::move(env)), impl_(std::make_unique<Impl>()) {
  impl_->instance = std::move(memory);
  for (const auto& [alias, host] : mapped_dirs) {
    int fd = ::open(host.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      throw Error(ErrorKind::kIo, "mapped directory '" + alias + "' -> '" + host + "': " + std::strerror(errno));
    FdEntry e;
    e.host_fd = fd;
    e.is_dir = true;
    e.preopen = true;
    e.guest_path = alias;
    impl_->fds[impl_->next_fd++] = e;
  }
}

WasiContext::~WasiContext() {
  for (auto& [fd, e] : impl_->fds)
    if (e.host_fd >= 0) ::close(e.host_fd);
}

std::vector<std::pair<std::string, std::string>> WasiContext::preopens() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [fd, e] : impl_->fds)
    if (e.preopen) {
      char link[64], buf[4096];
      std::snprintf(link, sizeof link, "/proc/self/fd/%d", e.host_fd);
      ssize_t n = ::readlink(link, buf, sizeof buf);
      out.emplace_back(e.guest_path, n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("?"));
    }
  return out;
}

HostFunction WasiContext::function(const std::string& name, const FuncSig& sig) {
  Impl* w = impl_.get();
  const std::vector<std::string>* env = &env_;
  auto wrap = [sig](std::function<uint32_t(const WasmValue*)> body) -> HostFunction {
    return [body, sig](const WasmValue* a, WasmValue* r) {
      uint32_t e;
      try {
        e = body(a);
      } catch (const Impl::Fault&) {
        e = kFault;
      }
      if (!sig.results.empty()) r[0] = WasmValue::i32(e);
    };
  };
  auto u32 = [](const WasmValue* a, int i) { return a[i].as_u32(); };

  if (name == "proc_exit") {
    return [](const WasmValue* a, WasmValue*) {
      throw WasmTrap(ErrorKind::kInvalidInput, "the module called proc_exit(" + std::to_string(a[0].as_u32()) +
                                                   "); Marine modules must not exit");
    };
  }
  if (name == "args_sizes_get")
    return wrap([w, u32](const WasmValue* a) { w->put<uint32_t>(u32(a, 0), 0); w->put<uint32_t>(u32(a, 1), 0); return kSuccess; });
  if (name == "args_get") return wrap([](const WasmValue*) { return kSuccess; });
  if (name == "environ_sizes_get")
    return wrap([w, env, u32](const WasmValue* a) {
      uint32_t bytes = 0;
      for (const auto& e : *env) bytes += static_cast<uint32_t>(e.size() + 1);
      w->put<uint32_t>(u32(a, 0), static_cast<uint32_t>(env->size()));
      w->put<uint32_t>(u32(a, 1), bytes);
      return kSuccess;
    });
  if (name == "environ_get")
    return wrap([w, env, u32](const WasmValue* a) {
      uint32_t ptrs = u32(a, 0), buf = u32(a, 1);
      for (const auto& e : *env) {
        w->put<uint32_t>(ptrs, buf);
        ptrs += 4;
        std::memcpy(w->mem(buf, e.size() + 1), e.c_str(), e.size() + 1);
        buf += static_cast<uint32_t>(e.size() + 1);
      }
      return kSuccess;
    });
  if (name == "clock_res_get")
    return wrap([w, u32](const WasmValue* a) {
      if (u32(a, 0) > 3) return kInval;
      w->put<uint64_t>(u32(a, 1), 1000);
      return kSuccess;
    });
  if (name == "clock_time_get")
    return wrap([w, u32](const WasmValue* a) {
      clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
      uint32_t id = u32(a, 0);
      if (id > 3) return kInval;
      timespec ts;
      clock_gettime(ids[id], &ts);
      w->put<uint64_t>(u32(a, 2), static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec));
      return kSuccess;
    });
  if (name == "random_get")
    return wrap([w, u32](const WasmValue* a) {
      uint8_t* p = w->mem(u32(a, 0), u32(a, 1));
      size_t len = u32(a, 1), done = 0;
      while (done < len) {
        ssize_t n = getrandom(p + done, len - done, 0);
        if (n <= 0) return kIo;
        done += static_cast<size_t>(n);
      }
      return kSuccess;
    });
  if (name == "sched_yield") return wrap([](const WasmValue*) { return kSuccess; });
  if (name == "fd_write" || name == "fd_read")
    return wrap([w, u32, write = name == "fd_write"](const WasmValue* a) {
      uint32_t fd = u32(a, 0), iovs = u32(a, 1), n = u32(a, 2), out = u32(a, 3);
      int host;
      if (fd == 1 || fd == 2) {
        if (!write) return kBadf;
        host = static_cast<int>(fd);
      } else if (fd == 0) {
        return kBadf;  // no stdin
      } else {
        FdEntry* e = w->entry(fd);
        if (!e || e->is_dir) return e ? kIsdir : kBadf;
        host = e->host_fd;
      }
      uint64_t total = 0;
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t buf = w->get<uint32_t>(iovs + 8ull * i), len = w->get<uint32_t>(iovs + 8ull * i + 4);
        uint8_t* p = w->mem(buf, len);
        ssize_t r = write ? ::write(host, p, len) : ::read(host, p, len);
        if (r < 0) return errno_to_wasi(errno);
        total += static_cast<uint64_t>(r);
        if (static_cast<uint32_t>(r) < len) break;
      }
      w->put<uint32_t>(out, static_cast<uint32_t>(total));
      return kSuccess;
    });
  if (name == "fd_close")
    return wrap([w, u32](const WasmValue* a) {
      uint32_t fd = u32(a, 0);
      FdEntry* e = w->entry(fd);
      if (!e) return fd <= 2 ? kSuccess : kBadf;
      if (e->preopen) return kNotcapable;
      ::close(e->host_fd);
      w->fds.erase(fd);
      return kSuccess;
    });
  if (name == "fd_seek" || name == "fd_tell")
    return wrap([w, u32, tell = name == "fd_tell"](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e) return u32(a, 0) <= 2 ? kSpipe : kBadf;
      off_t off = tell ? 0 : static_cast<off_t>(a[1].as_u64());
      int whence = tell ? SEEK_CUR : (u32(a, 2) == 0 ? SEEK_SET : u32(a, 2) == 1 ? SEEK_CUR : SEEK_END);
      off_t r = ::lseek(e->host_fd, off, whence);
      if (r < 0) return errno_to_wasi(errno);
      w->put<uint64_t>(tell ? u32(a, 1) : u32(a, 3), static_cast<uint64_t>(r));
      return kSuccess;
    });
  if (name == "fd_fdstat_get")
    return wrap([w, u32](const WasmValue* a) {
      uint32_t fd = u32(a, 0), out = u32(a, 1);
      uint8_t type;
      if (fd <= 2) type = 2;
      else {
        FdEntry* e = w->entry(fd);
        if (!e) return kBadf;
        type = e->is_dir ? 3 : 4;
      }
      uint8_t* p = w->mem(out, 24);
      std::memset(p, 0, 24);
      p[0] = type;
      uint64_t all = ~0ull;
      std::memcpy(p + 8, &all, 8);
      std::memcpy(p + 16, &all, 8);
      return kSuccess;
    });
  if (name == "fd_fdstat_set_flags") return wrap([](const WasmValue*) { return kSuccess; });
  if (name == "fd_prestat_get")
    return wrap([w, u32](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->preopen) return kBadf;
      w->put<uint32_t>(u32(a, 1), 0);
      w->put<uint32_t>(u32(a, 1) + 4, static_cast<uint32_t>(e->guest_path.size()));
      return kSuccess;
    });
  if (name == "fd_prestat_dir_name")
    return wrap([w, u32](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->preopen) return kBadf;
      if (u32(a, 2) < e->guest_path.size()) return kNametoolong;
      std::memcpy(w->mem(u32(a, 1), e->guest_path.size()), e->guest_path.data(), e->guest_path.size());
      return kSuccess;
    });
  auto write_filestat = [w](uint32_t out, const struct stat& st) {
    uint8_t* p = w->mem(out, 64);
    std::memset(p, 0, 64);
    uint64_t v[8] = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), filetype_of(st.st_mode),
                     static_cast<uint64_t>(st.st_nlink), static_cast<uint64_t>(st.st_size),
                     static_cast<uint64_t>(st.st_atim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_atim.tv_nsec),
                     static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_mtim.tv_nsec),
                     static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_ctim.tv_nsec)};
    std::memcpy(p, v, 64);
    p[16] = static_cast<uint8_t>(v[2]);
    std::memset(p + 17, 0, 7);
  };
  if (name == "fd_filestat_get")
    return wrap([w, u32, write_filestat](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e) return kBadf;
      struct stat st;
      if (fstat(e->host_fd, &st) != 0) return errno_to_wasi(errno);
      write_filestat(u32(a, 1), st);
      return kSuccess;
    });
  auto read_path = [w](uint32_t ptr, uint32_t len) {
    return std::string(reinterpret_cast<const char*>(w->mem(ptr, len)), len);
  };
  if (name == "path_filestat_get")
    return wrap([w, u32, write_filestat, read_path](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->is_dir) return kBadf;
      std::string path = read_path(u32(a, 2), u32(a, 3));
      int fd = w->open_beneath(e->host_fd, path, O_PATH, 0);
      if (fd < 0) return errno_to_wasi(errno);
      struct stat st;
      int r = fstat(fd, &st);
      ::close(fd);
      if (r != 0) return errno_to_wasi(errno);
      write_filestat(u32(a, 4), st);
      return kSuccess;
    });
  if (name == "path_open")
    return wrap([w, u32, read_path](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->is_dir) return kBadf;
      std::string path = read_path(u32(a, 2), u32(a, 3));
      uint32_t oflags = u32(a, 4);
      uint64_t rights = a[5].as_u64();
      uint32_t fdflags = u32(a, 7);
      bool rd = rights & (1ull << 1), wr = rights & (1ull << 6);
      int flags = (rd && wr) ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
      if (oflags & 1) flags |= O_CREAT;
      if (oflags & 2) flags |= O_DIRECTORY;
      if (oflags & 4) flags |= O_EXCL;
      if (oflags & 8) flags |= O_TRUNC;
      if (fdflags & 1) flags |= O_APPEND;
      if ((flags & (O_CREAT | O_TRUNC | O_APPEND)) && !(flags & (O_WRONLY | O_RDWR))) flags |= O_RDWR;
      int fd = w->open_beneath(e->host_fd, path, flags, 0644);
      if (fd < 0 && errno == EISDIR) fd = w->open_beneath(e->host_fd, path, O_RDONLY | O_DIRECTORY, 0);
      if (fd < 0) return errno_to_wasi(errno);
      struct stat st;
      fstat(fd, &st);
      FdEntry ne;
      ne.host_fd = fd;
      ne.is_dir = S_ISDIR(st.st_mode);
      uint32_t id = w->next_fd++;
      w->fds[id] = ne;
      w->put<uint32_t>(u32(a, 8), id);
      return kSuccess;
    });
  auto dir_op = [w, u32, read_path](int op) {
    return [w, u32, read_path, op](const WasmValue* a) -> uint32_t {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->is_dir) return kBadf;
      std::string path = read_path(u32(a, 1), u32(a, 2));
      if (!Impl::lexically_safe(path)) return kNotcapable;
      int r = op == 0 ? mkdirat(e->host_fd, path.c_str(), 0755)
              : op == 1 ? unlinkat(e->host_fd, path.c_str(), AT_REMOVEDIR)
                        : unlinkat(e->host_fd, path.c_str(), 0);
      return r == 0 ? kSuccess : errno_to_wasi(errno);
    };
  };
  if (name == "path_create_directory") return wrap(dir_op(0));
  if (name == "path_remove_directory") return wrap(dir_op(1));
  if (name == "path_unlink_file") return wrap(dir_op(2));
  if (name == "fd_readdir")
    return wrap([w, u32](const WasmValue* a) {
      FdEntry* e = w->entry(u32(a, 0));
      if (!e || !e->is_dir) return kBadf;
      uint32_t buf = u32(a, 1), len = u32(a, 2), out = u32(a, 4);
      uint64_t cookie = a[3].as_u64();
      int dup = ::openat(e->host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dup < 0) return errno_to_wasi(errno);
      DIR* d = fdopendir(dup);
      if (!d) { ::close(dup); return errno_to_wasi(errno); }
      uint32_t used = 0;
      uint64_t index = 0;
      while (struct dirent* de = readdir(d)) {
        if (index++ < cookie) continue;
        uint8_t head[24] = {0};
        uint64_t next = index, ino = de->d_ino;
        uint32_t namlen = static_cast<uint32_t>(std::strlen(de->d_name));
        std::memcpy(head, &next, 8);
        std::memcpy(head + 8, &ino, 8);
        std::memcpy(head + 16, &namlen, 4);
        head[20] = de->d_type == DT_DIR ? 3 : de->d_type == DT_REG ? 4 : de->d_type == DT_LNK ? 7 : 0;
        for (int k = 0; k < 24 && used < len; ++k) *w->mem(buf + used++, 1) = head[k];
        for (uint32_t k = 0; k < namlen && used < len; ++k) *w->mem(buf + used++, 1) = static_cast<uint8_t>(de->d_name[k]);
        if (used >= len) break;
      }
      closedir(d);
      w->put<uint32_t>(out, used);
      return kSuccess;
    });
  // Everything else: not offered by the sandbox.
  return [sig](const WasmValue*, WasmValue* r) {
    for (size_t i = 0; i < sig.results.size(); ++i)
      r[i] = sig.results[i] == ValType::kI64 ? WasmValue::i64(kNosys) : WasmValue::i32(kNosys);
  };
}

}  // namespace fluence::marine
