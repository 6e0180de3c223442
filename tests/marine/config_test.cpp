// Service config TOML (marine.md §13) and JSON <-> IValue conversion (§12.3).
#include <filesystem>

#include <gtest/gtest.h>

#include "fluence/core/error.h"
#include "fluence/marine/json_ivalue.h"
#include "fluence/marine/service_config.h"

namespace fluence::marine {
namespace {

namespace json = boost::json;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ServiceConfig, ParsesCurrentKeysInOrder) {
  auto dir = std::filesystem::temp_directory_path().string();
  auto cfg = parse_service_config(R"(
modules_dir = "."
total_memory_limit = "64 MiB"
[[module]]
    name = "curl_adapter"
    logging_mask = 5
    [module.mounted_binaries]
    curl = "/usr/bin/curl"
[[module]]
    name = "local_storage"
    file_name = "storage.wasm"
    logger_enabled = false
    [module.wasi]
    mapped_dirs = { "sites" = "./sites" }
    envs = { "SOME_ENV" = "value" }
[[module]]
    name = "facade"
    load_from = "/opt/facade.wasm"
)", dir);
  EXPECT_EQ(cfg.total_memory_limit, 64ull << 20);
  ASSERT_EQ(cfg.modules.size(), 3u);
  EXPECT_EQ(cfg.modules[0].name, "curl_adapter");
  EXPECT_EQ(cfg.modules[0].path, (std::filesystem::path(dir) / "curl_adapter.wasm").lexically_normal().string());
  EXPECT_EQ(cfg.modules[0].config.logging_mask, 5);
  EXPECT_TRUE(cfg.modules[0].config.logger_enabled);
  EXPECT_EQ(cfg.modules[0].config.mounted_binaries.at("curl"), "/usr/bin/curl");
  EXPECT_FALSE(cfg.modules[1].config.logger_enabled);
  EXPECT_EQ(cfg.modules[1].config.envs.at("SOME_ENV"), "value");
  EXPECT_EQ(cfg.modules[1].config.mapped_dirs.at("sites"),
            (std::filesystem::current_path() / "sites").lexically_normal().string());
  EXPECT_EQ(cfg.modules[1].path, (std::filesystem::path(dir) / "storage.wasm").lexically_normal().string());
  EXPECT_EQ(cfg.modules[2].path, "/opt/facade.wasm");
}

TEST(ServiceConfig, AcceptsAndIgnoresLegacyKeys) {
  auto cfg = parse_service_config(R"(
total_memory_limit = "Infinity"
[default]
logger_enabled = false
[[module]]
name = "old"
mem_pages_count = 100
max_heap_size = "100 MiB"
[module.wasi]
preopened_files = ["/tmp"]
)", "/tmp");
  EXPECT_EQ(cfg.total_memory_limit, 0u);
  EXPECT_EQ(cfg.modules[0].name, "old");
  EXPECT_TRUE(cfg.modules[0].config.logger_enabled);
}

TEST(ServiceConfig, TotalMemoryLimitIsRequired) {
  EXPECT_NE(error_of([] { parse_service_config("[[module]]\nname = \"a\"\n", "/tmp"); }).find("total_memory_limit is required"),
            std::string::npos);
}

TEST(ServiceConfig, SyntaxErrorsNameFileLineAndColumn) {
  auto msg = error_of([] { parse_service_config("total_memory_limit = \"1 MiB\"\n[[module]\nname = 1\n", "/tmp", "svc.toml"); });
  EXPECT_EQ(msg.rfind("svc.toml:2:", 0), 0u) << msg;
}

TEST(ServiceConfig, BadValuesAreRejectedWithAMessage) {
  EXPECT_NE(error_of([] { parse_service_config("total_memory_limit = \"12 parsecs\"\n[[module]]\nname=\"a\"", "/tmp"); })
                .find("unknown unit"), std::string::npos);
  EXPECT_NE(error_of([] { parse_service_config("total_memory_limit = \"1 MiB\"\n", "/tmp"); }).find("[[module]]"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_service_config("total_memory_limit = \"1 MiB\"\n[[module]]\nfile_name=\"x\"", "/tmp"); })
                .find("'name' is required"), std::string::npos);
  EXPECT_NE(error_of([] { parse_service_config("total_memory_limit = \"1 MiB\"\n[[module]]\nname=\"a\"\n[[module]]\nname=\"a\"", "/tmp"); })
                .find("listed twice"), std::string::npos);
  EXPECT_NE(error_of([] { parse_service_config("total_memory_limit = \"1 MiB\"\n[[module]]\nname=\"a\"\n[module.wasi]\nenvs={a=1}", "/tmp"); })
                .find("must be a string"), std::string::npos);
}

TEST(ServiceConfig, MemorySizesUseBinaryAndDecimalUnits) {
  EXPECT_EQ(parse_memory_size("64 MiB"), 64ull << 20);
  EXPECT_EQ(parse_memory_size("10 mb"), 10000000u);
  EXPECT_EQ(parse_memory_size("3 GiB"), 3ull << 30);
  EXPECT_EQ(parse_memory_size("1024"), 1024u);
  EXPECT_EQ(parse_memory_size("infinity"), 0u);
  EXPECT_THROW(parse_memory_size("MiB"), Error);
}

// ---- JSON <-> IValue ----

ModuleInterface iface_with_record() {
  ModuleInterface i;
  i.records[6] = RecordType{"Point", {{"x", IType::scalar(ITypeKind::kS32)}, {"label", IType::scalar(ITypeKind::kString)}}};
  return i;
}

FunctionSignature sig(std::vector<NamedType> args) { return FunctionSignature{"f", std::move(args), {}}; }

TEST(JsonIValue, PositionalNamedNullAndSingleArguments) {
  auto iface = iface_with_record();
  auto two = sig({{"a", IType::scalar(ITypeKind::kU32)}, {"b", IType::scalar(ITypeKind::kString)}});
  auto expected = std::vector<IValue>{IValue::u32(5), IValue::string("x")};
  EXPECT_EQ(json_to_arguments(json::parse(R"([5, "x"])"), two, iface), expected);
  EXPECT_EQ(json_to_arguments(json::parse(R"({"b": "x", "a": 5})"), two, iface), expected);
  EXPECT_TRUE(json_to_arguments(nullptr, sig({}), iface).empty());
  auto one = sig({{"s", IType::scalar(ITypeKind::kString)}});
  EXPECT_EQ(json_to_arguments(json::parse(R"("solo")"), one, iface), std::vector<IValue>{IValue::string("solo")});
  // A one-element array stands for a scalar.
  auto num = sig({{"n", IType::scalar(ITypeKind::kU32)}});
  EXPECT_EQ(json_to_arguments(json::parse("[[5]]"), num, iface), std::vector<IValue>{IValue::u32(5)});
}

TEST(JsonIValue, ArgumentErrorsNameTheArgument) {
  auto iface = iface_with_record();
  auto two = sig({{"a", IType::scalar(ITypeKind::kU8)}, {"b", IType::scalar(ITypeKind::kString)}});
  EXPECT_NE(error_of([&] { json_to_arguments(json::parse("[1]"), two, iface); }).find("takes 2 arguments"), std::string::npos);
  EXPECT_NE(error_of([&] { json_to_arguments(json::parse(R"({"a":1,"b":"x","c":2})"), two, iface); }).find("'c'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { json_to_arguments(json::parse(R"([256, "x"])"), two, iface); }).find("argument 'a'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { json_to_arguments(json::parse(R"([1, 2])"), two, iface); }).find("expected a string"),
            std::string::npos);
  EXPECT_THROW(json_to_arguments(nullptr, two, iface), Error);
}

TEST(JsonIValue, RecordsFromObjectsOrArraysAndBack) {
  auto iface = iface_with_record();
  IType point = IType::record(6);
  auto v = IValue::record({IValue::s32(-3), IValue::string("p")});
  EXPECT_EQ(json_to_ivalue(json::parse(R"({"x": -3, "label": "p"})"), point, iface), v);
  EXPECT_EQ(json_to_ivalue(json::parse(R"([-3, "p"])"), point, iface), v);
  EXPECT_THROW(json_to_ivalue(json::parse(R"({"x": -3})"), point, iface), Error);
  EXPECT_EQ(json::serialize(ivalue_to_json(v, &point, iface)), R"({"x":-3,"label":"p"})");
}

TEST(JsonIValue, U64AndBytesAreExact) {
  ModuleInterface iface;
  EXPECT_EQ(json_to_ivalue(json::parse("18446744073709551615"), IType::scalar(ITypeKind::kU64), iface), IValue::u64(UINT64_MAX));
  EXPECT_EQ(json::serialize(ivalue_to_json(IValue::u64(UINT64_MAX), nullptr, iface)), "18446744073709551615");
  EXPECT_EQ(json::serialize(ivalue_to_json(IValue::byte_array({0, 255}), nullptr, iface)), "[0,255]");
  EXPECT_THROW(json_to_ivalue(json::parse("[1, 256]"), IType::scalar(ITypeKind::kByteArray), iface), Error);
  EXPECT_THROW(json_to_ivalue(json::parse("-1"), IType::scalar(ITypeKind::kU64), iface), Error);
  EXPECT_THROW(json_to_ivalue(json::parse("1.5"), IType::scalar(ITypeKind::kS32), iface), Error);
}

}  // namespace
}  // namespace fluence::marine
