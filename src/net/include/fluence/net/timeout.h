// with_timeout: runs a task with a deadline. Unlike a bare `task || timer`, an exception from
// the task ends the wait at once (awaitable_operators' `||` waits for a *successful* branch).
#pragma once

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "fluence/core/error.h"
#include "fluence/net/asio.h"

namespace fluence::net {

template <typename T>
Task<std::pair<std::optional<T>, std::exception_ptr>> capture_outcome(Task<T> task) {
  try {
    co_return std::make_pair(std::optional<T>(co_await std::move(task)), std::exception_ptr{});
  } catch (...) {
    co_return std::make_pair(std::optional<T>{}, std::current_exception());
  }
}

// Throws Error(kIo, what + " timed out") after `timeout`; otherwise the task's value or error.
template <typename T>
Task<T> with_timeout(Task<T> task, std::chrono::milliseconds timeout, std::string what) {
  using namespace boost::asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
  auto result = co_await (capture_outcome(std::move(task)) || timer.async_wait(use_awaitable));
  if (result.index() == 1) throw Error(ErrorKind::kIo, what + " timed out");
  auto outcome = std::move(std::get<0>(result));
  if (outcome.second) std::rethrow_exception(outcome.second);
  co_return std::move(*outcome.first);
}

}  // namespace fluence::net
