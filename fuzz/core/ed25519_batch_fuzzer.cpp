// Fuzzes ed25519_verify_batch against single ed25519_verify_nonstrict answers. When every item's key is
// canonical and of more than small order and no R has the y of a small-order point, the batch
// must equal the AND of the single answers (the cofactor is the only other difference, and it
// needs a signer who plants a small-order component in R, which mutations do not find). Any
// other item makes the batch false: it applies libsodium's strict rules, which ed25519_verify_nonstrict
// (ed25519-dalek's) does not.
// Input byte 0 picks a mode. Bit 7 clear: a batch of 2..9 valid items (fixed keys and
// messages) that the rest of the input corrupts with (item, offset, xor) triples over each
// item's key || signature || message. Bit 7 set: raw items, each 32 key bytes, 64 signature
// bytes, a length byte and that many message bytes.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ed25519_point.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/ed25519_batch.h"
#include "fuzz_check.h"

namespace {

struct OwnedItem {
  fluence::Ed25519PublicKey key;
  fluence::Ed25519Signature signature;
  fluence::Bytes message;
};

const std::vector<OwnedItem>& valid_items() {
  static const std::vector<OwnedItem> items = [] {
    std::vector<OwnedItem> out;
    for (std::uint8_t i = 0; i < 8; ++i) {
      auto pair =
          fluence::Ed25519KeyPair::from_seed(fluence::Bytes(32, static_cast<std::uint8_t>(i + 1)));
      fluence::Bytes message(i * 9, static_cast<std::uint8_t>(0x30 + i));
      out.push_back({pair.public_key(), pair.sign(message), message});
    }
    return out;
  }();
  return items;
}

void xor_into(OwnedItem& item, std::size_t offset, std::uint8_t mask) {
  const std::size_t total = 32 + 64 + item.message.size();
  offset %= total;
  if (offset < 32) {
    item.key[offset] ^= mask;
  } else if (offset < 96) {
    item.signature[offset - 32] ^= mask;
  } else {
    item.message[offset - 96] ^= mask;
  }
}

std::vector<OwnedItem> raw_items(const std::uint8_t* data, std::size_t size) {
  std::vector<OwnedItem> out;
  while (size >= 97 && out.size() < 16) {
    OwnedItem item;
    std::copy(data, data + 32, item.key.begin());
    std::copy(data + 32, data + 96, item.signature.begin());
    std::size_t len = std::min<std::size_t>(data[96], size - 97);
    item.message.assign(data + 97, data + 97 + len);
    data += 97 + len;
    size -= 97 + len;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<OwnedItem> items;
  if (data[0] & 0x80) {
    items = raw_items(data + 1, size - 1);
  } else {
    const std::size_t n = 2 + data[0] % 8;
    for (std::size_t i = 0; i < n; ++i) items.push_back(valid_items()[i % valid_items().size()]);
    for (std::size_t at = 1; at + 3 <= size; at += 3)
      xor_into(items[data[at] % n], data[at + 1], data[at + 2]);
  }
  std::vector<fluence::Ed25519BatchItem> batch;
  bool all_single = true, all_strict = true;
  for (const auto& item : items) {
    batch.push_back({item.key, item.message, item.signature});
    all_single = fluence::ed25519_verify_nonstrict(item.key, item.message, item.signature) && all_single;
    const auto key = fluence::ed25519::decode_point(item.key.data());
    all_strict = all_strict && key && !fluence::ed25519::has_small_order_y(key->Y) &&
                 !fluence::ed25519::has_small_order_y(
                     fluence::ed25519::fe_from_bytes(item.signature.data()));
  }
  const bool batch_ok = fluence::ed25519_verify_batch(batch);
  // A batch of one is ed25519_verify_nonstrict itself.
  FUZZ_CHECK(all_strict || items.size() == 1 ? batch_ok == all_single : !batch_ok);
  return 0;
}
