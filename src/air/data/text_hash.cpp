#include "fluence/air/data/text_hash.h"

#include <random>

namespace fluence::air::text_hash_detail {

Keys random_keys() {
  std::random_device device;
  auto word = [&] { return (std::uint64_t{device()} << 32) | device(); };
  return Keys{word(), word(), word()};
}

}  // namespace fluence::air::text_hash_detail
