#include "fluence/air/data/text_hash.h"

#include <random>

namespace fluence::air::text_hash_detail {

const Keys& keys() {
  static const Keys k = [] {
    std::random_device device;
    auto word = [&] { return (std::uint64_t{device()} << 32) | device(); };
    return Keys{word(), word(), word()};
  }();
  return k;
}

}  // namespace fluence::air::text_hash_detail
