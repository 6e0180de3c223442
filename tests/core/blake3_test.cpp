#include "fluence/core/blake3.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "b3sum_runner.h"
#include "fluence/core/error.h"
#include "fluence/core/hash.h"

namespace fluence {
namespace {

using fluence::testing::b3sum_available;
using fluence::testing::b3sum_hex;
using fluence::testing::blake3_test_input;

// The input lengths of the official BLAKE3 test vectors (test_vectors.json).
const std::size_t kOfficialLengths[] = {0,    1,    63,   64,   65,   127,  128,   129,   1023, 1024,
                                        1025, 2048, 2049, 3072, 3073, 4096, 4097,  5120,  5121, 6144,
                                        6145, 7168, 7169, 8192, 8193, 16384, 31744, 102400};

std::string hash_hex(ByteView data, std::size_t out_len = 32) {
  Blake3Hasher h;
  h.update(data);
  Bytes out(out_len);
  h.finalize(out);
  return hex_encode(out);
}

// Runs the body once with each kernel this CPU supports, then restores the default.
class Blake3Kernels : public ::testing::TestWithParam<Blake3Kernel> {
 protected:
  void SetUp() override {
    saved_ = blake3_kernel();
    blake3_use_kernel(GetParam());
  }
  void TearDown() override { blake3_use_kernel(saved_); }
  Blake3Kernel saved_{};
};

TEST(Blake3, EmptyInputHasTheSpecDigest) {
  EXPECT_EQ(hash_hex({}), "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
}

TEST(Blake3, PortableKernelIsAlwaysAvailable) {
  auto kernels = blake3_available_kernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_EQ(kernels.front(), Blake3Kernel::kPortable);
}

TEST(Blake3, DefaultKernelIsTheWidestAvailable) {
  EXPECT_EQ(blake3_kernel(), blake3_available_kernels().back());
}

TEST_P(Blake3Kernels, OfficialVectorLengthsMatchB3sum) {
  if (!b3sum_available()) GTEST_SKIP() << "b3sum is not installed";
  for (std::size_t n : kOfficialLengths) {
    Bytes input = blake3_test_input(n);
    EXPECT_EQ(hash_hex(input), b3sum_hex(input)) << "length " << n;
  }
}

TEST_P(Blake3Kernels, ExtendedOutputMatchesB3sumLength) {
  if (!b3sum_available()) GTEST_SKIP() << "b3sum is not installed";
  // The official vectors use 131 bytes of extended output; 1000 crosses many output blocks.
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1025}, std::size_t{8193},
                        std::size_t{102400}}) {
    Bytes input = blake3_test_input(n);
    EXPECT_EQ(hash_hex(input, 131), b3sum_hex(input, 131)) << "length " << n;
    EXPECT_EQ(hash_hex(input, 1000), b3sum_hex(input, 1000)) << "length " << n;
  }
}

TEST_P(Blake3Kernels, ExtendedOutputStartsWithTheDefaultHash) {
  Bytes input = blake3_test_input(5000);
  EXPECT_EQ(hash_hex(input, 100).substr(0, 64), hash_hex(input));
}

TEST_P(Blake3Kernels, AgreesWithPortableKernelOnEveryLengthUpTo70Chunks) {
  std::vector<std::string> fast;
  Bytes input = blake3_test_input(70 * 1024 + 1);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= input.size(); n += (n < 4200 ? 1 : 509)) lengths.push_back(n);
  for (auto n : lengths) fast.push_back(hash_hex(ByteView(input).first(n)));
  blake3_use_kernel(Blake3Kernel::kPortable);
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    ASSERT_EQ(fast[i], hash_hex(ByteView(input).first(lengths[i]))) << "length " << lengths[i];
  }
}

// blake3_many hashes each input as blake3() does: every length up to two chunks (so every
// last-block length in every lane position), in shuffled order, with each kernel.
TEST_P(Blake3Kernels, ManyInputsHashLikeOneByOne) {
  Bytes input = blake3_test_input(2 * 1024 + 64);
  std::vector<ByteView> inputs;
  for (std::size_t n = 0; n <= input.size(); ++n) inputs.push_back(ByteView(input).subspan(n % 7, n - n % 7));
  std::mt19937 rng(7);
  std::shuffle(inputs.begin(), inputs.end(), rng);
  std::vector<Digest32> many(inputs.size());
  blake3_many(inputs, many);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    ASSERT_EQ(many[i], blake3(inputs[i])) << "input " << i << " of length " << inputs[i].size();
}

TEST(Blake3, ManyWithFewOrNoInputs) {
  std::vector<Digest32> none;
  blake3_many({}, none);
  const Bytes a = {1, 2, 3};
  std::vector<ByteView> one = {ByteView(a)};
  std::vector<Digest32> out(1);
  blake3_many(one, out);
  EXPECT_EQ(out[0], blake3(a));
  std::vector<Digest32> wrong(2);
  EXPECT_THROW(blake3_many(one, wrong), Error);
}

TEST_P(Blake3Kernels, IncrementalUpdatesEqualOneShot) {
  std::mt19937 rng(42);
  Bytes input = blake3_test_input(300 * 1024 + 77);
  std::string expected = hash_hex(input);
  for (int trial = 0; trial < 20; ++trial) {
    Blake3Hasher h;
    std::size_t pos = 0;
    while (pos < input.size()) {
      std::size_t step = trial % 2 ? rng() % 3000 : rng() % 70000;
      step = std::min(step, input.size() - pos);
      h.update(ByteView(input).subspan(pos, step));
      pos += step;
    }
    EXPECT_EQ(hex_encode(h.finalize()), expected) << "trial " << trial;
  }
}

TEST_P(Blake3Kernels, UnalignedLargeUpdatesMatchB3sum) {
  if (!b3sum_available()) GTEST_SKIP() << "b3sum is not installed";
  // Runs of whole chunks that start at odd chunk counters and span several 256-chunk batches.
  Bytes input = blake3_test_input((1536 << 10) + 777);
  std::mt19937 rng(3);
  Blake3Hasher h;
  std::size_t pos = 0;
  for (std::size_t step : {std::size_t{3 * 1024 + 5}, std::size_t{700 << 10}, std::size_t{1},
                           std::size_t{1023}, std::size_t{300 << 10}}) {
    h.update(ByteView(input).subspan(pos, step));
    pos += step;
  }
  while (pos < input.size()) {
    std::size_t step = std::min<std::size_t>(rng() % 200000, input.size() - pos);
    h.update(ByteView(input).subspan(pos, step));
    pos += step;
  }
  EXPECT_EQ(hex_encode(h.finalize()), b3sum_hex(input));
}

TEST_P(Blake3Kernels, FinalizeDoesNotChangeTheState) {
  Blake3Hasher h;
  Bytes input = blake3_test_input(4097);
  h.update(ByteView(input).first(2000));
  auto early = h.finalize();
  EXPECT_EQ(h.finalize(), early);
  h.update(ByteView(input).subspan(2000));
  EXPECT_EQ(hex_encode(h.finalize()), hash_hex(input));
}

INSTANTIATE_TEST_SUITE_P(AllAvailable, Blake3Kernels,
                         ::testing::ValuesIn(blake3_available_kernels()),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(Blake3, UsingAnUnavailableKernelThrows) {
  auto kernels = blake3_available_kernels();
  for (auto k : {Blake3Kernel::kAvx2, Blake3Kernel::kAvx512}) {
    if (std::find(kernels.begin(), kernels.end(), k) == kernels.end()) {
      EXPECT_THROW(blake3_use_kernel(k), Error);
    }
  }
}

}  // namespace
}  // namespace fluence
