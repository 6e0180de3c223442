#include "fluence/core/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

#include "fluence/core/base_encoding.h"
#include "fluence/core/error.h"

namespace fluence {
namespace {

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fluence-keyfile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

const Bytes kSeed(32, 0x01);

TEST(KeyValue, AcceptsBase64Seed) {
  auto pair = parse_key_value(base64_encode(kSeed));
  EXPECT_EQ(Bytes(pair.seed().begin(), pair.seed().end()), kSeed);
}

TEST(KeyValue, AcceptsBase58Seed) {
  auto pair = parse_key_value(base58btc_encode(kSeed));
  EXPECT_EQ(Bytes(pair.seed().begin(), pair.seed().end()), kSeed);
}

TEST(KeyValue, LongerThan32BytesIsAKeyPairInEitherBase) {
  Bytes kp = Ed25519KeyPair::from_seed(kSeed).keypair_bytes();
  EXPECT_EQ(parse_key_value(base58btc_encode(kp)).keypair_bytes(), kp);
  EXPECT_EQ(parse_key_value(base64_encode(kp)).keypair_bytes(), kp);
}

TEST(KeyValue, KeyPairWithWrongPublicHalfIsRejected) {
  Bytes kp = Ed25519KeyPair::from_seed(kSeed).keypair_bytes();
  kp[63] ^= 1;
  EXPECT_THROW(parse_key_value(base58btc_encode(kp)), Error);
}

TEST(KeyValue, IgnoresSurroundingWhitespace) {
  auto pair = parse_key_value("  " + base64_encode(kSeed) + "\n");
  EXPECT_EQ(Bytes(pair.seed().begin(), pair.seed().end()), kSeed);
}

TEST(KeyValue, RejectsWrongLengthsAndGarbage) {
  EXPECT_THROW(parse_key_value(""), Error);
  EXPECT_THROW(parse_key_value(base64_encode(Bytes(31, 1))), Error);
  EXPECT_THROW(parse_key_value(base58btc_encode(Bytes(48, 1))), Error);
  EXPECT_THROW(parse_key_value("not a key!"), Error);
}

TEST_F(KeyFileTest, WritesBase64SeedWithMode0600) {
  auto path = dir_ / "secret_key.ed25519";
  auto pair = Ed25519KeyPair::from_seed(kSeed);
  write_key_file(path, pair);
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, base64_encode(kSeed));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(read_key_file(path).public_key(), pair.public_key());
}

TEST_F(KeyFileTest, RefusesToOverwrite) {
  auto path = dir_ / "k";
  write_key_file(path, Ed25519KeyPair::generate());
  EXPECT_THROW(write_key_file(path, Ed25519KeyPair::generate()), Error);
}

TEST_F(KeyFileTest, ReadingAMissingFileIsNotFound) {
  try {
    read_key_file(dir_ / "missing");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
  }
}

TEST_F(KeyFileTest, ReadsFileWithTrailingNewline) {
  auto path = dir_ / "k";
  std::ofstream(path) << base64_encode(kSeed) << "\n";
  EXPECT_EQ(read_key_file(path).public_key(), Ed25519KeyPair::from_seed(kSeed).public_key());
}

TEST_F(KeyFileTest, CorruptFileGivesAnErrorNamingTheFile) {
  auto path = dir_ / "k";
  std::ofstream(path) << "garbage!";
  try {
    read_key_file(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST_F(KeyFileTest, LoadOrCreateGeneratesOnceThenReuses) {
  auto path = dir_ / "sub" / "secret_key.ed25519";
  auto first = load_or_create_key_file(path);
  auto second = load_or_create_key_file(path);
  EXPECT_EQ(first.public_key(), second.public_key());
}

}  // namespace
}  // namespace fluence
