// Signal: wakes coroutines waiting on one io_context thread. Waiters re-check their condition
// in a loop, so a notify with nobody waiting is harmless (single-threaded, no lost wake-ups).
#pragma once

#include <chrono>

#include "fluence/net/asio.h"

namespace fluence::net {

class Signal {
 public:
  explicit Signal(asio::any_io_executor ex) : timer_(ex, asio::steady_timer::time_point::max()) {}
  // Throws operation_aborted if the awaiting coroutine was cancelled (e.g. by with_timeout),
  // so that cancellation is not mistaken for a wake-up and waited through.
  Task<void> wait() {
    timer_.expires_at(asio::steady_timer::time_point::max());
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(use_awaitable, ec));
    auto cs = co_await asio::this_coro::cancellation_state;
    if (cs.cancelled() != asio::cancellation_type::none)
      throw boost::system::system_error(asio::error::operation_aborted);
  }
  // Like wait(), but returns false if `timeout` passed without a notify.
  Task<bool> wait_for(std::chrono::steady_clock::duration timeout) {
    timer_.expires_after(timeout);
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(use_awaitable, ec));
    co_return ec == asio::error::operation_aborted;
  }
  void notify() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
};

}  // namespace fluence::net
