#include "fluence/core/ed25519_batch.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "ed25519_key_cache.h"
#include "ed25519_msm.h"
#include "ed25519_point.h"
#include "ed25519_scalar.h"
#include "fluence/core/ed25519.h"
#include "fluence/core/error.h"

namespace fluence {
namespace {

using ed25519::EdwardsPoint;
using ed25519::Scalar;

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::kCrypto, "libsodium failed to initialise");
}

// Scalar arithmetic on 64-bit limbs for z * k and the sum of z * S: z has 128 bits and k, S
// fewer than 256, so a product has fewer than 384 bits, and a chunk's sum of at most 256 such
// products fits the 512 bits that libsodium's reduction mod L takes.
using Wide = std::array<std::uint64_t, 8>;

std::uint64_t load_limb(const std::uint8_t* bytes) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | bytes[i];
  return v;
}

// acc += z * x for a 16-byte z and a 32-byte x.
void add_product(Wide& acc, const std::uint8_t* z, const std::uint8_t* x) {
  using u128 = unsigned __int128;
  const std::uint64_t zl[2] = {load_limb(z), load_limb(z + 8)};
  for (int i = 0; i < 2; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 t = u128(zl[i]) * load_limb(x + 8 * j) + acc[i + j] + carry;
      acc[i + j] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
    for (int j = i + 4; j < 8 && carry; ++j) {
      acc[j] += carry;
      carry = acc[j] < carry;
    }
  }
}

Scalar reduce_wide(const Wide& w) {
  std::uint8_t bytes[64];
  for (int i = 0; i < 64; ++i) bytes[i] = static_cast<std::uint8_t>(w[i / 8] >> (8 * (i % 8)));
  Scalar out;
  crypto_core_ed25519_scalar_reduce(out.data(), bytes);
  return out;
}

// The odd multiples tables of every R_i (tables[2i]) and A_i (tables[2i + 1]), if all of
// them are as libsodium's crypto_sign_verify_detached accepts them (stricter than
// ed25519_verify_nonstrict): canonical encodings of curve points of more than small order. A table of A
// may come from the per-thread memo of keys; the points still to decode are decoded two at a
// time (their square roots computed side by side).
bool build_tables(std::span<const Ed25519BatchItem> items,
                  std::vector<ed25519::OddMultiples>& tables) {
  thread_local std::vector<std::size_t> pending;  // indices into `tables`
  pending.clear();
  for (std::size_t i = 0; i < items.size(); ++i) {
    pending.push_back(2 * i);
    if (const ed25519::OddMultiples* known = ed25519::find_key_table(items[i].public_key.data()))
      tables[2 * i + 1] = *known;
    else
      pending.push_back(2 * i + 1);
  }
  auto encoding = [&items](std::size_t table) {
    const Ed25519BatchItem& item = items[table / 2];
    return table % 2 == 0 ? item.signature.data() : item.public_key.data();
  };
  for (std::size_t p = 0; p < pending.size(); p += 2) {
    std::optional<EdwardsPoint> points[2];
    const std::size_t count = std::min<std::size_t>(2, pending.size() - p);
    if (count == 2) {
      ed25519::decode_point_pair(encoding(pending[p]), encoding(pending[p + 1]), &points[0],
                                 &points[1]);
    } else {
      points[0] = ed25519::decode_point(encoding(pending[p]));
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (!points[k] || ed25519::has_small_order_y(points[k]->Y)) return false;
      const std::size_t table = pending[p + k];
      tables[table] = ed25519::odd_multiples_of(*points[k]);
      if (table % 2 == 1) ed25519::remember_key_table(encoding(table), tables[table]);
    }
  }
  return true;
}

// k = SHA-512(R || A || M) mod L.
Scalar challenge(const Ed25519BatchItem& item) {
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, item.signature.data(), 32);
  crypto_hash_sha512_update(&state, item.public_key.data(), 32);
  crypto_hash_sha512_update(&state, item.message.data(), item.message.size());
  std::uint8_t digest[64];
  crypto_hash_sha512_final(&state, digest);
  Scalar k;
  crypto_core_ed25519_scalar_reduce(k.data(), digest);
  return k;
}

// Batches are checked in chunks of at most this many items: memory stays bounded (~2.6 KiB of
// tables per item) whatever the input, and a chunk's shared doubling chain is already spread
// thin at this size.
constexpr std::size_t kMaxChunk = 256;

// One chunk of 2..kMaxChunk items.
bool verify_chunk(std::span<const Ed25519BatchItem> items) {
  // Terms of the combination: R_i with z_i and A_i with z_i * k_i; B's scalar is summed.
  // Per-thread buffers kept between calls (fresh large ones cost page faults every time).
  thread_local std::vector<ed25519::OddMultiples> tables;
  thread_local std::vector<Scalar> scalars;
  tables.resize(2 * items.size());
  scalars.resize(2 * items.size());
  Wide zs_sum{};
  std::vector<std::uint8_t> randomness(16 * items.size());
  randombytes_buf(randomness.data(), randomness.size());
  for (const Ed25519BatchItem& item : items) {
    if (item.public_key.size() != 32 || item.signature.size() != 64) return false;
    if (!ed25519::is_canonical_scalar(item.signature.data() + 32)) return false;
  }
  if (!build_tables(items, tables)) return false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Ed25519BatchItem& item = items[i];
    const std::uint8_t* s = item.signature.data() + 32;
    const std::uint8_t* z = randomness.data() + 16 * i;  // 128 random bits
    std::fill(scalars[2 * i].begin(), scalars[2 * i].end(), 0);
    std::copy(z, z + 16, scalars[2 * i].begin());
    const Scalar k = challenge(item);
    Wide zk{};
    add_product(zk, z, k.data());
    scalars[2 * i + 1] = reduce_wide(zk);
    add_product(zs_sum, z, s);
  }
  Scalar base_scalar;
  crypto_core_ed25519_scalar_negate(base_scalar.data(), reduce_wide(zs_sum).data());
  // sB = R + kA for every item makes the sum zero; the factor 8 (three doublings inside
  // has_small_order) clears small-order parts, the cofactored form of the equation.
  const EdwardsPoint sum = ed25519::multiscalar_mul(base_scalar, tables, scalars);
  return ed25519::has_small_order(sum);
}

}  // namespace

bool ed25519_verify_batch(std::span<const Ed25519BatchItem> items) {
  if (items.empty()) return true;
  if (items.size() == 1)
    return ed25519_verify_nonstrict(items[0].public_key, items[0].message, items[0].signature);
  ensure_sodium();
  // Equal chunks (so no chunk is a lone item), each with its own random coefficients.
  const std::size_t chunks = (items.size() + kMaxChunk - 1) / kMaxChunk;
  const std::size_t chunk_size = (items.size() + chunks - 1) / chunks;
  for (std::size_t start = 0; start < items.size(); start += chunk_size) {
    if (!verify_chunk(items.subspan(start, std::min(chunk_size, items.size() - start))))
      return false;
  }
  return true;
}

}  // namespace fluence
