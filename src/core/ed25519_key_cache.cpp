#include "ed25519_key_cache.h"

#include <algorithm>
#include <array>
#include <memory>

namespace fluence::ed25519 {
namespace {

// Direct mapped: a key's slot comes from its first bytes (uniform for real keys; a crafted
// collision only costs a recomputation). 128 slots of ~1.3 KiB, allocated on a thread's first
// batch so threads that never verify pay nothing.
constexpr std::size_t kSlots = 128;

struct Slot {
  bool used = false;
  std::array<std::uint8_t, 32> key{};
  OddMultiples table;
};

using KeyTables = std::array<Slot, kSlots>;

KeyTables& this_thread_tables() {
  thread_local std::unique_ptr<KeyTables> tables = std::make_unique<KeyTables>();
  return *tables;
}

Slot& slot_of(const std::uint8_t* key) {
  return this_thread_tables()[(key[0] | (std::size_t{key[1]} << 8)) % kSlots];
}

}  // namespace

const OddMultiples* find_key_table(const std::uint8_t* key) {
  const Slot& slot = slot_of(key);
  if (!slot.used || !std::equal(slot.key.begin(), slot.key.end(), key)) return nullptr;
  return &slot.table;
}

void remember_key_table(const std::uint8_t* key, const OddMultiples& table) {
  Slot& slot = slot_of(key);
  slot.used = true;
  std::copy(key, key + 32, slot.key.begin());
  slot.table = table;
}

}  // namespace fluence::ed25519
