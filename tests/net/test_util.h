// Test helper: runs a coroutine on an io_context until it finishes (or a deadline passes).
#pragma once

#include <chrono>
#include <future>
#include <stdexcept>

#include "fluence/net/asio.h"

namespace fluence::net::testing {

template <typename T>
T run_task(asio::io_context& io, Task<T> task, std::chrono::seconds limit = std::chrono::seconds(20)) {
  auto fut = asio::co_spawn(io, std::move(task), asio::use_future);
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (fut.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test task timed out");
    io.run_one_for(std::chrono::milliseconds(50));
  }
  return fut.get();
}

// Lets pending handlers run for `d` (e.g. for closes and resets to propagate).
inline void settle(asio::io_context& io, std::chrono::milliseconds d = std::chrono::milliseconds(200)) {
  auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until) io.run_one_for(std::chrono::milliseconds(10));
}

}  // namespace fluence::net::testing
