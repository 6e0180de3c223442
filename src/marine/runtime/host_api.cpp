#include "host_api.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "fluence/core/error.h"

extern char** environ;

namespace fluence::marine {
namespace {

IType str() { return IType::scalar(ITypeKind::kString); }

// Record types of the call-parameters layouts: 0 SecurityTetraplet, 1 ParticleParameters,
// 2 CallParameters of the requested version, 3 MountedBinaryResult.
ItSection host_records(int version) {
  ItSection s;
  s.version = "0.27.0";
  const char* fourth = version <= 1 ? "json_path" : version == 2 ? "lambda" : "lens";
  s.types.push_back({RecordType{"SecurityTetraplet",
                                {{"peer_pk", str()}, {"service_id", str()}, {"function_name", str()}, {fourth, str()}}}});
  s.types.push_back({RecordType{"ParticleParameters",
                                {{"id", str()},
                                 {"init_peer_id", str()},
                                 {"timestamp", IType::scalar(ITypeKind::kU64)},
                                 {"ttl", IType::scalar(ITypeKind::kU32)},
                                 {"script", str()},
                                 {"signature", IType::scalar(ITypeKind::kByteArray)},
                                 {"token", str()}}}});
  IType tetraplets = IType::array(IType::array(IType::record(0)));
  if (version == 0) {
    s.types.push_back({RecordType{"CallParameters",
                                  {{"init_peer_id", str()}, {"service_id", str()}, {"service_creator_peer_id", str()},
                                   {"host_id", str()}, {"particle_id", str()}, {"tetraplets", tetraplets}}}});
  } else if (version == 1) {
    s.types.push_back({RecordType{"CallParameters",
                                  {{"init_peer_id", str()}, {"service_id", str()}, {"service_creator_peer_id", str()},
                                   {"host_id", str()}, {"worker_id", str()}, {"particle_id", str()},
                                   {"tetraplets", tetraplets}}}});
  } else {
    s.types.push_back({RecordType{"CallParameters",
                                  {{"particle", IType::record(1)}, {"service_id", str()},
                                   {"service_creator_peer_id", str()}, {"host_id", str()}, {"worker_id", str()},
                                   {"tetraplets", tetraplets}}}});
  }
  s.types.push_back({RecordType{"MountedBinaryResult",
                                {{"ret_code", IType::scalar(ITypeKind::kS32)},
                                 {"error", str()},
                                 {"stdout", IType::scalar(ITypeKind::kByteArray)},
                                 {"stderr", IType::scalar(ITypeKind::kByteArray)}}}});
  return s;
}

IValue call_parameters_value(int version, const CallParameters& p) {
  std::vector<IValue> tps;
  for (const auto& arg : p.tetraplets) {
    std::vector<IValue> inner;
    for (const auto& t : arg)
      inner.push_back(IValue::record({IValue::string(t.peer_pk), IValue::string(t.service_id),
                                      IValue::string(t.function_name), IValue::string(t.lens)}));
    tps.push_back(IValue::array(std::move(inner)));
  }
  IValue tetraplets = IValue::array(std::move(tps));
  if (version == 0)
    return IValue::record({IValue::string(p.particle.init_peer_id), IValue::string(p.service_id),
                           IValue::string(p.service_creator_peer_id), IValue::string(p.host_id),
                           IValue::string(p.particle.id), tetraplets});
  if (version == 1)
    return IValue::record({IValue::string(p.particle.init_peer_id), IValue::string(p.service_id),
                           IValue::string(p.service_creator_peer_id), IValue::string(p.host_id),
                           IValue::string(p.worker_id), IValue::string(p.particle.id), tetraplets});
  IValue particle = IValue::record({IValue::string(p.particle.id), IValue::string(p.particle.init_peer_id),
                                    IValue::u64(p.particle.timestamp), IValue::u32(p.particle.ttl),
                                    IValue::string(p.particle.script), IValue::byte_array(p.particle.signature),
                                    IValue::string(p.particle.token)});
  return IValue::record({particle, IValue::string(p.service_id), IValue::string(p.service_creator_peer_id),
                         IValue::string(p.host_id), IValue::string(p.worker_id), tetraplets});
}

void set_result(LoadedModule& m, const char* fn, uint32_t value) {
  int idx = m.instance->find_function(fn);
  if (idx < 0) throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "' does not export " + fn);
  WasmValue arg = WasmValue::i32(value);
  m.call_wasm(idx, &arg, 1, nullptr, 0);
}

const std::vector<ItSection>& all_host_records() {
  static const std::vector<ItSection> s = {host_records(0), host_records(1), host_records(2), host_records(3)};
  return s;
}

}  // namespace

int host_api_version(const std::string& ns) {
  if (ns == "host") return 0;
  if (ns == "__marine_host_api_v1") return 1;
  if (ns == "__marine_host_api_v2") return 2;
  if (ns == "__marine_host_api_v3") return 3;
  return -1;
}

uint32_t lower_call_parameters(LoadedModule& m, int version, const CallParameters& params) {
  const ItSection& records = all_host_records()[static_cast<size_t>(version)];
  Lilo lilo{*m.instance, records, [&m](uint32_t size, uint32_t tag) { return m.allocate(size, tag); }};
  return lilo.lower_record(2, call_parameters_value(version, params));
}

BinaryResult run_binary(const std::string& path, const std::vector<std::string>& args) {
  BinaryResult res;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) { res.ret_code = 100001; res.error = std::strerror(errno); return res; }
  if (pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]); ::close(out[1]);
    res.ret_code = 100001; res.error = std::strerror(errno); return res;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(out[0]); ::close(err[0]);
    res.ret_code = 100001;
    res.error = std::strerror(rc);
    return res;
  }
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_count = 2;
  char buf[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) { ::close(fds[i].fd); fds[i].fd = -1; --open_count; continue; }
      (i == 0 ? res.stdout_bytes : res.stderr_bytes).append(buf, static_cast<size_t>(n));
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status)) res.ret_code = WEXITSTATUS(status);
  else { res.ret_code = 100000; res.error = "the process was killed by a signal"; }
  return res;
}

HostFunction make_host_function(LoadedModule& m, int version, const std::string& name, const FuncSig& sig) {
  LoadedModule* mp = &m;
  if (name == "log_utf8_string") {
    if (!m.config.logger_enabled)
      throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "' imports log_utf8_string but its logger is disabled "
                                            "(set logger_enabled = true)");
    FuncSig want{{ValType::kI32, ValType::kI32, ValType::kI32, ValType::kI32}, {}};
    if (sig != want)
      throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "': log_utf8_string has signature " + to_string(sig));
    return [mp](const WasmValue* a, WasmValue*) {
      int32_t level = static_cast<int32_t>(a[0].as_u32());
      int32_t target = static_cast<int32_t>(a[1].as_u32());
      if (target != 0 && (target & mp->config.logging_mask) == 0) return;
      std::string msg;
      try {
        msg = mp->lilo().read_bytes(a[2].as_u32(), a[3].as_u32());
      } catch (const Error& e) {
        spdlog::warn("module '{}' logged from an invalid address: {}", mp->name, e.what());
        return;
      }
      auto& sink = mp->runtime->options.log_sink;
      if (sink) { sink(mp->name, level, msg); return; }
      auto lvl = level == 1 ? spdlog::level::err : level == 2 ? spdlog::level::warn : level == 3 ? spdlog::level::info
                 : level == 4 ? spdlog::level::debug : spdlog::level::trace;
      spdlog::log(lvl, "[{}] {}", mp->name, msg);
    };
  }
  if (name == "get_call_parameters") {
    if (sig != FuncSig{})
      throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "': get_call_parameters has signature " + to_string(sig));
    return [mp, version](const WasmValue*, WasmValue*) {
      uint32_t ptr = lower_call_parameters(*mp, version, mp->runtime->call_parameters);
      set_result(*mp, "set_result_ptr", ptr);
    };
  }
  auto bin = m.config.mounted_binaries.find(name);
  if (bin == m.config.mounted_binaries.end())
    throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "' imports host function '" + name +
                                              "' which is not allowed (no such mounted binary in its config)");
  FuncSig want{{ValType::kI32, ValType::kI32}, {}};
  if (sig != want)
    throw Error(ErrorKind::kInvalidInput, "module '" + m.name + "': mounted binary '" + name + "' has signature " +
                                              to_string(sig) + ", expected (i32, i32) -> ()");
  std::string path = bin->second;
  return [mp, path](const WasmValue* a, WasmValue*) {
    const ItSection& records = all_host_records()[3];
    Lilo lilo{*mp->instance, records, [mp](uint32_t size, uint32_t tag) { return mp->allocate(size, tag); }};
    BinaryResult r;
    std::vector<std::string> args;
    try {
      IValue arr = lilo.lift_array(IType::scalar(ITypeKind::kString), a[0].as_u32(), a[1].as_u32());
      for (auto& v : arr.items) args.push_back(v.str);
      r = run_binary(path, args);
    } catch (const Error& e) {
      r.ret_code = 100002;
      r.error = std::string("malformed arguments: ") + e.what();
    }
    IValue value = IValue::record({IValue::s32(r.ret_code), IValue::string(r.error),
                                   IValue::byte_array(std::vector<uint8_t>(r.stdout_bytes.begin(), r.stdout_bytes.end())),
                                   IValue::byte_array(std::vector<uint8_t>(r.stderr_bytes.begin(), r.stderr_bytes.end()))});
    uint32_t ptr = lilo.lower_record(3, value);
    set_result(*mp, "set_result_ptr", ptr);
  };
}

}  // namespace fluence::marine
