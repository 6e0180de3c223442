// Semver: a semantic version as the Rust `semver` crate parses it (strict x.y.z, optional
// pre-release and build metadata) and orders it, for the envelope's version fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fluence::air {

struct Semver {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::vector<std::string> pre;    // dot-separated identifiers
  std::vector<std::string> build;  // dot-separated identifiers

  // nullopt with `error` set when `text` is not a valid version.
  static std::optional<Semver> parse(std::string_view text, std::string* error = nullptr);
  // <0, 0, >0 as the semver crate's Ord (pre-release < release; then build metadata).
  int compare(const Semver& other) const;
};

}  // namespace fluence::air
