// Ed25519 key material in the forms nox accepts (network.md §1.5): the root key file
// `secret_key.ed25519` (base64 of the 32-byte seed) and key values in base64 or base58,
// each either a 32-byte seed or a 64-byte seed||public key pair.
#pragma once

#include <filesystem>
#include <string_view>

#include "fluence/core/ed25519.h"

namespace fluence {

Ed25519KeyPair parse_key_value(std::string_view text);
Ed25519KeyPair read_key_file(const std::filesystem::path& path);
// Writes base64(seed) with mode 0600; refuses to overwrite an existing file.
void write_key_file(const std::filesystem::path& path, const Ed25519KeyPair& key);
// Reads the file if it exists, else generates a key and writes it (what nox does on first start).
Ed25519KeyPair load_or_create_key_file(const std::filesystem::path& path);

}  // namespace fluence
