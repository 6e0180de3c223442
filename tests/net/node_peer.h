// NodePeer: a js-libp2p peer (tests/interop/net/peer.mjs) run as a child process and driven
// through its stdin/stdout JSON line protocol while our io_context keeps running.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fluence/net/asio.h"

namespace fluence::net::testing {

inline std::filesystem::path interop_dir() { return std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests/interop/net"; }

// GTEST_SKIP only when the npm packages are missing outside CI.
inline bool interop_unavailable() {
  return !std::filesystem::exists(interop_dir() / "node_modules/libp2p") && std::getenv("CI") == nullptr;
}

class NodePeer {
 public:
  NodePeer(asio::io_context& io, const std::vector<std::string>& extra_args) : out_(io) {
    int in_pipe[2], out_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    std::string script = (interop_dir() / "peer.mjs").string();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in_pipe[0], 0);
      dup2(out_pipe[1], 1);
      close(in_pipe[1]);
      close(out_pipe[0]);
      std::vector<std::string> args = {"node", script};
      args.insert(args.end(), extra_args.begin(), extra_args.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("node", argv.data());
      _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    stdin_fd_ = in_pipe[1];
    out_.assign(out_pipe[0]);
  }
  ~NodePeer() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      usleep(100000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  NodePeer(const NodePeer&) = delete;
  NodePeer& operator=(const NodePeer&) = delete;

  Task<boost::json::object> read_json() {
    std::size_t n = co_await asio::async_read_until(out_, buffer_, '\n', use_awaitable);
    std::string line(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(n));
    buffer_.consume(n);
    co_return boost::json::parse(line).as_object();
  }

  void send(std::string line) {
    line += "\n";
    if (write(stdin_fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      throw std::runtime_error("cannot write to node");
  }

  Task<boost::json::object> request(std::string line) {
    send(std::move(line));
    co_return co_await read_json();
  }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  asio::posix::stream_descriptor out_;
  asio::streambuf buffer_;
};

}  // namespace fluence::net::testing
