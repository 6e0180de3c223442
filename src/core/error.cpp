#include "fluence/core/error.h"

namespace fluence {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "invalid input";
    case ErrorKind::kNotFound: return "not found";
    case ErrorKind::kCrypto: return "crypto";
    case ErrorKind::kIo: return "i/o";
    case ErrorKind::kProtocol: return "protocol";
    case ErrorKind::kLimit: return "limit";
    case ErrorKind::kInternal: return "internal";
  }
  return "unknown";
}

void throw_invalid(const std::string& message) { throw Error(ErrorKind::kInvalidInput, message); }

}  // namespace fluence
