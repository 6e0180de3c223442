// fluence::Error is the one exception type every layer throws for bad input or failed
// operations; the kind says which family of problem it is, the message says what and where.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fluence {

enum class ErrorKind {
  kInvalidInput,   // malformed bytes, text or configuration supplied from outside
  kNotFound,       // a named thing (file, service, peer) does not exist
  kCrypto,         // bad key, bad signature
  kIo,             // file system or socket failure
  kProtocol,       // a peer broke a wire protocol
  kLimit,          // a size, time or memory limit was exceeded
  kInternal,       // a bug in this program
};

std::string_view to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Shorthand for the most common case: input from outside that cannot be decoded.
[[noreturn]] void throw_invalid(const std::string& message);

}  // namespace fluence
