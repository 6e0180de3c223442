// The module system on real files: relative imports, -I folders, node_modules lookup,
// `use ... as`, declares, cycles (aqua.md §2).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace fluence::aqua {
namespace {

namespace fs = std::filesystem;
using testing::air_of;
using testing::errors_of;

class AquaModules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("aqua-modules-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

const char* kLib = "aqua Lib declares hi, LIMIT\n\nconst LIMIT = 3\n\nservice G(\"g\"):\n  hi(s: string) -> string\n\nfunc hi(s: string) -> string:\n  r <- G.hi(s)\n  <- r\n\nfunc hidden() -> u32:\n  <- 1\n";

TEST_F(AquaModules, RelativeImportAppendsExtension) {
  write("lib.aqua", kLib);
  auto main = write("main.aqua", "aqua M\nimport \"lib\"\nexport f\n\nfunc f() -> string:\n  r <- hi(\"x\")\n  <- r\n");
  auto r = compile_file(main, {});
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_NE(air_of(r).find("(\"g\" \"hi\") [\"x\"]"), std::string::npos);
}

TEST_F(AquaModules, ImportFolderOption) {
  write("libs/shared/lib.aqua", kLib);
  auto main = write("src/main.aqua", "aqua M\nimport hi from \"shared/lib.aqua\"\nexport f\n\nfunc f() -> string:\n  r <- hi(\"x\")\n  <- r\n");
  EXPECT_FALSE(compile_file(main, {}).ok());
  CompileOptions o;
  o.import_dirs = {(dir_ / "libs").string()};
  auto r = compile_file(main, o);
  EXPECT_TRUE(r.ok()) << r.render_diagnostics();
}

TEST_F(AquaModules, NodeModulesAboveTheFile) {
  write("node_modules/@acme/lib/lib.aqua", kLib);
  auto main = write("app/src/main.aqua", "aqua M\nimport \"@acme/lib/lib.aqua\"\nexport f\n\nfunc f() -> u32:\n  <- LIMIT\n");
  auto r = compile_file(main, {});
  ASSERT_TRUE(r.ok()) << r.render_diagnostics();
  EXPECT_NE(air_of(r).find("[3]"), std::string::npos);
}

TEST_F(AquaModules, UseAsPrefixesNames) {
  write("lib.aqua", kLib);
  auto main = write("main.aqua", "aqua M\nuse \"lib.aqua\" as L\nexport f\n\nfunc f() -> string, u32:\n  r <- L.hi(\"x\")\n  s <- L.hi(r)\n  <- s, L.LIMIT\n");
  auto r = compile_file(main, {});
  EXPECT_TRUE(r.ok()) << r.render_diagnostics();
}

TEST_F(AquaModules, UndeclaredNamesAreNotImported) {
  write("lib.aqua", kLib);
  auto main = write("main.aqua", "aqua M\nimport \"lib.aqua\"\nexport f\n\nfunc f() -> u32:\n  <- hidden()\n");
  auto r = compile_file(main, {});
  EXPECT_EQ(errors_of(r), "6:6: Name `hidden` is not defined in this scope\n");
}

TEST_F(AquaModules, ImportCycleIsAnError) {
  write("a.aqua", "aqua A declares *\nimport \"b.aqua\"\n\nfunc fa() -> u32:\n  <- 1\n");
  write("b.aqua", "aqua B declares *\nimport \"a.aqua\"\n\nfunc fb() -> u32:\n  <- 2\n");
  auto r = compile_file((dir_ / "a.aqua").string(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.render_diagnostics().find("Import cycle"), std::string::npos) << r.render_diagnostics();
}

TEST_F(AquaModules, ErrorsInImportedFilesNameThatFile) {
  write("lib.aqua", "aqua Lib declares *\n\nfunc g() -> u32:\n  <- nope\n");
  auto main = write("main.aqua", "aqua M\nimport \"lib.aqua\"\n");
  auto r = compile_file(main, {});
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].file, (dir_ / "lib.aqua").string());
  EXPECT_EQ(r.diagnostics[0].line, 4u);
}

TEST_F(AquaModules, MissingFile) {
  auto r = compile_file((dir_ / "none.aqua").string(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.diagnostics[0].message.find("Cannot read the file"), std::string::npos);
}

}  // namespace
}  // namespace fluence::aqua
