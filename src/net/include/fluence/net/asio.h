// The Asio names the net layer uses everywhere (C++20 coroutines on Boost.Asio).
#pragma once

#include <boost/asio.hpp>

namespace fluence::net {

namespace asio = boost::asio;
template <typename T = void>
using Task = asio::awaitable<T>;
using asio::use_awaitable;

}  // namespace fluence::net
