// ExecError: an error raised while executing a script (air.md §8): catchable (10000-10012),
// uncatchable (20000-20020). Instructions return a null pointer on success.
#pragma once

#include <memory>
#include <string>

#include "values.h"

namespace fluence::air {

struct ExecError {
  int code = 0;
  std::string message;
  // For fail forms: the user's error object that was raised (10006), or the original error
  // re-raised by `fail :error:`.
  JPtr error_object;
  // `fail :error:` re-raising the error an xor caught: keeps :error: unchanged.
  bool rethrown_original = false;

  bool catchable() const { return code >= 10000 && code < 20000; }
  bool joinable() const { return code == 10003; }
  // match/mismatch errors do not update %last_error%.
  bool affects_last_error() const { return code != 10001 && code != 10002; }
};

using ErrPtr = std::shared_ptr<const ExecError>;

inline ErrPtr make_error(int code, std::string message) {
  return std::make_shared<const ExecError>(ExecError{code, std::move(message), nullptr, false});
}

// The catchable error codes (§8.4).
enum CatchableCode : int {
  kLocalServiceError = 10000,
  kMatchValuesNotEqual = 10001,
  kMismatchValuesEqual = 10002,
  kVariableNotFound = 10003,
  kFoldIteratesOverNonArray = 10005,
  kUserError = 10006,
  kLambdaApplierError = 10007,
  kInvalidErrorObject = 10008,
  kVariableNotInitializedAfterNew = 10009,
  kLengthFunctorOnNonArray = 10010,
  kNonStringTriplet = 10011,
  kStreamMapKeyError = 10012,
};

inline ErrPtr variable_not_found(std::string_view name) {
  return make_error(kVariableNotFound, "variable with name '" + std::string(name) +
                                           "' wasn't defined during script execution");
}

}  // namespace fluence::air
