// SignatureStore: one Ed25519 signature per peer over the CIDs it produced (air.md §9.8),
// kept as the raw archive bytes (key checks belong to verification, error 9, not decoding).
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "fluence/core/bytes.h"

namespace fluence::air {

struct SignatureEntry {
  Bytes public_key;  // 0x00 || 32-byte Ed25519 key (33 bytes)
  Bytes signature;   // 0x00 || 64-byte Ed25519 signature (65 bytes)
  bool operator==(const SignatureEntry&) const = default;
};

struct SignatureStore {
  std::vector<SignatureEntry> entries;

  // Replaces the entry of the same public key, or appends.
  void put(SignatureEntry entry) {
    for (auto& e : entries) {
      if (e.public_key == entry.public_key) {
        e = std::move(entry);
        return;
      }
    }
    entries.push_back(std::move(entry));
  }
  const SignatureEntry* find(ByteView public_key) const {
    for (const auto& e : entries) {
      if (ByteView(e.public_key).size() == public_key.size() &&
          std::equal(public_key.begin(), public_key.end(), e.public_key.begin()))
        return &e;
    }
    return nullptr;
  }
  std::size_t size() const { return entries.size(); }
  bool operator==(const SignatureStore&) const = default;
};

}  // namespace fluence::air
