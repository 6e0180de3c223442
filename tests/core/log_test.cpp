#include "fluence/core/log.h"

#include <gtest/gtest.h>

#include "fluence/core/error.h"

namespace fluence {
namespace {

TEST(Logging, SetsTheGlobalLevel) {
  init_logging("debug");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::debug);
  init_logging("off");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::off);
  init_logging("warn");
  EXPECT_EQ(spdlog::get_level(), spdlog::level::warn);
}

TEST(Logging, RejectsUnknownLevelNames) { EXPECT_THROW(init_logging("loud"), Error); }

}  // namespace
}  // namespace fluence
