// TextHash: the hash of the particle data's lookup tables.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "fluence/air/data/text_hash.h"

namespace fluence::air {
namespace {

std::string text_of(std::size_t size) {
  std::string s;
  for (std::size_t i = 0; i < size; ++i) s.push_back(static_cast<char>('a' + (i * 7) % 26));
  return s;
}

TEST(TextHash, EqualTextsHashEqual) {
  for (std::size_t n = 0; n <= 80; ++n) {
    const std::string a = text_of(n), b = text_of(n);
    EXPECT_EQ(text_hash(a), text_hash(b)) << n;
  }
}

// Every byte takes part: one changed byte anywhere, in texts of every length around the
// 4-, 8- and 16-byte steps, changes the hash (64 bits: a collision here would be a defect).
TEST(TextHash, EveryByteOfEveryLengthChangesTheHash) {
  for (std::size_t n = 1; n <= 80; ++n) {
    const std::string base = text_of(n);
    std::set<std::size_t> seen = {text_hash(base)};
    for (std::size_t i = 0; i < n; ++i) {
      for (unsigned char flip : {0x01, 0x80}) {
        std::string t = base;
        t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ flip);
        EXPECT_TRUE(seen.insert(text_hash(t)).second) << "length " << n << " byte " << i;
      }
    }
  }
}

// Texts that differ only in length (trailing zero bytes) hash apart.
TEST(TextHash, LengthTakesPart) {
  std::set<std::size_t> seen;
  std::string t;
  for (std::size_t n = 0; n <= 40; ++n, t.push_back('\0')) EXPECT_TRUE(seen.insert(text_hash(t)).second) << n;
}

}  // namespace
}  // namespace fluence::air
