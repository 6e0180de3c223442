#include "fluence/core/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"

namespace fluence {

namespace {

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Ed25519KeyPair key_from_bytes(const Bytes& bytes) {
  // Longer than a seed means seed || public, as nox decides.
  if (bytes.size() > 32) return Ed25519KeyPair::from_keypair_bytes(bytes);
  return Ed25519KeyPair::from_seed(bytes);
}

bool is_key_length(std::size_t n) { return n == 32 || n == 64; }

}  // namespace

Ed25519KeyPair parse_key_value(std::string_view text) {
  std::string_view value = trim(text);
  if (value.empty()) throw_invalid("key: empty key value");
  // A value may be base58 or base64 (either alphabet). Take the first decoding that yields a
  // seed or key pair length; a string valid in both with the right length is read as base58,
  // the form nox prints.
  std::string first_error;
  auto attempt = [&](auto decode) -> std::optional<Bytes> {
    try {
      Bytes b = decode(value);
      if (is_key_length(b.size())) return b;
      if (first_error.empty()) {
        first_error = "decodes to " + std::to_string(b.size()) + " bytes, not 32 or 64";
      }
    } catch (const Error& e) {
      if (first_error.empty()) first_error = e.what();
    }
    return std::nullopt;
  };
  std::optional<Bytes> bytes = attempt([](std::string_view v) { return base58btc_decode(v); });
  if (!bytes) bytes = attempt([](std::string_view v) { return base64_decode(v, false); });
  if (!bytes) bytes = attempt([](std::string_view v) { return base64_decode(v, true); });
  if (!bytes) {
    throw_invalid("key: not a base58 or base64 Ed25519 seed (32 bytes) or key pair (64 bytes): " +
                  first_error);
  }
  return key_from_bytes(*bytes);
}

Ed25519KeyPair read_key_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(std::filesystem::exists(path) ? ErrorKind::kIo : ErrorKind::kNotFound,
                "key file " + path.string() + ": cannot open");
  }
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  if (text.size() > 4096) throw_invalid("key file " + path.string() + ": too large for a key");
  std::string_view value = trim(text);
  try {
    // The root key file holds base64 of the seed; other key values are accepted as well.
    Bytes seed = base64_decode(value);
    if (seed.size() == 32) return Ed25519KeyPair::from_seed(seed);
  } catch (const Error&) {
  }
  try {
    return parse_key_value(value);
  } catch (const Error& e) {
    throw Error(e.kind(), "key file " + path.string() + ": " + e.what());
  }
}

void write_key_file(const std::filesystem::path& path, const Ed25519KeyPair& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    throw Error(ErrorKind::kIo, "key file " + path.string() + ": " +
                                    (err == EEXIST ? std::string("already exists, not overwriting")
                                                   : std::string(std::strerror(err))));
  }
  std::string text = base64_encode(key.seed());
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw Error(ErrorKind::kIo, "key file " + path.string() + ": " + std::strerror(err));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    throw Error(ErrorKind::kIo, "key file " + path.string() + ": " + std::strerror(errno));
  }
}

Ed25519KeyPair load_or_create_key_file(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) return read_key_file(path);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  auto key = Ed25519KeyPair::generate();
  write_key_file(path, key);
  return key;
}

}  // namespace fluence
