// BLAKE3 on large inputs against Debian's b3sum (integration: a few MiB of temp files).
#include <gtest/gtest.h>

#include "b3sum_runner.h"
#include "fluence/core/blake3.h"

namespace fluence {
namespace {

using fluence::testing::b3sum_available;
using fluence::testing::b3sum_hex;
using fluence::testing::blake3_test_input;

class Blake3LargeInputs : public ::testing::TestWithParam<Blake3Kernel> {
 protected:
  void SetUp() override {
    saved_ = blake3_kernel();
    blake3_use_kernel(GetParam());
  }
  void TearDown() override { blake3_use_kernel(saved_); }
  Blake3Kernel saved_{};
};

TEST_P(Blake3LargeInputs, MatchB3sum) {
  if (!b3sum_available()) GTEST_SKIP() << "b3sum is not installed";
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1023}, std::size_t{1024},
                        std::size_t{1025}, std::size_t{2048}, std::size_t{1} << 20,
                        std::size_t{10} << 20, (std::size_t{3} << 20) + 12345}) {
    Bytes input = blake3_test_input(n);
    Blake3Hasher h;
    h.update(input);
    EXPECT_EQ(hex_encode(h.finalize()), b3sum_hex(input)) << "length " << n;
  }
}

TEST_P(Blake3LargeInputs, ExtendedOutputOfAMebibyteMatchesB3sum) {
  if (!b3sum_available()) GTEST_SKIP() << "b3sum is not installed";
  Bytes input = blake3_test_input(std::size_t{1} << 20);
  Blake3Hasher h;
  h.update(input);
  Bytes out(4096);
  h.finalize(out);
  EXPECT_EQ(hex_encode(out), b3sum_hex(input, out.size()));
}

INSTANTIATE_TEST_SUITE_P(AllAvailable, Blake3LargeInputs,
                         ::testing::ValuesIn(blake3_available_kernels()),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace fluence
