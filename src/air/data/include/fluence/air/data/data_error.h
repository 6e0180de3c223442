// DataError: a particle-data problem with the reference's preparation error code
// (air.md §8.4): 2 inner data, 3 envelope, 4 envelope with readable versions, 6 too old an
// interpreter version, 8 CID store verification, 9 signature verification.
#pragma once

#include <string>

#include "fluence/core/error.h"

namespace fluence::air {

enum DataErrorCode : int {
  kInnerDataDecodeError = 2,
  kEnvelopeDecodeError = 3,
  kEnvelopeDecodeErrorWithVersions = 4,
  kUnsupportedInterpreterVersion = 6,
  kCidStoreVerificationError = 8,
  kSignatureVerificationError = 9,
};

class DataError : public Error {
 public:
  DataError(int code, const std::string& message)
      : Error(ErrorKind::kInvalidInput, message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

}  // namespace fluence::air
