// Live comparison with the reference parser (label interop): runs AquaVM 0.62's `ast` export
// through reference_ast.mjs on the whole corpus, and the reference interpreter on the
// instruction-text scripts, and compares with our parser. Needs tests/interop/air/node_modules
// (scripts/install-interop.sh); skipped without it unless CI is set.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "corpus_util.h"
#include "fluence/air/syntax/instruction_text.h"
#include "fluence/core/canonical_json.h"
#include "support/command_output.h"

namespace fluence::air::test {
namespace {

const std::filesystem::path kSource = FLUENCE_SOURCE_DIR;

bool reference_available() {
  return std::filesystem::exists(kSource / "tests/interop/air/node_modules/@fluencelabs/avm");
}

#define REQUIRE_REFERENCE()                                                                \
  do {                                                                                     \
    if (!reference_available()) {                                                          \
      if (std::getenv("CI") == nullptr) GTEST_SKIP() << "tests/interop/air/node_modules missing"; \
      FAIL() << "CI is set but tests/interop/air/node_modules is missing";                \
    }                                                                                      \
  } while (0)

std::string run(const std::string& command) { return fluence::testing::run_command(command).out; }

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

TEST(ReferenceInterop, AstExportAgreesOnTheCorpus) {
  REQUIRE_REFERENCE();
  const std::string out = run("node " + quoted(kSource / "tests/air/syntax/reference_ast.mjs") +
                              " " + quoted(corpus_dir()));
  size_t compared = 0;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    auto line = parse_json(std::string_view(out).substr(start, end - start));
    start = end + 1;
    const std::string name(line.at("name").as_string());
    const std::string reference(line.at("output").as_string());
    const std::string ours = our_output(read_file(corpus_dir() / name));
    if (reference.starts_with("error")) {
      EXPECT_TRUE(ours.starts_with("error")) << name << " is rejected by the reference";
      EXPECT_TRUE(same_diagnostic(ours, reference))
          << name << "\nours:\n" << ours << "reference:\n" << reference;
    } else {
      EXPECT_EQ(ours, reference) << name;
    }
    ++compared;
  }
  EXPECT_EQ(compared, corpus_scripts().size());
}

TEST(ReferenceInterop, ErrorObjectsCarryOurInstructionText) {
  REQUIRE_REFERENCE();
  const auto dir = kSource / "tests/air/syntax/instruction_text";
  size_t compared = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".air") continue;
    const std::string out =
        run("node " + quoted(kSource / "tests/interop/air/run-reference.mjs") + " " +
            quoted(e.path()) + " --peer client --init-peer client --compact --no-raw");
    auto result = parse_json(out);
    const auto& requests = result.at("call_requests").as_array();
    ASSERT_FALSE(requests.empty()) << e.path().filename() << ": " << out;
    const std::string reference(requests[0].at("arguments").as_array()[0].as_string());

    ParseResult r = parse_air(read_file(e.path()));
    ASSERT_TRUE(r.ok()) << r.error_text;
    const Instruction* i = &r.script->root();
    while (i->kind() == InstrKind::kSeq) i = i->as<Seq>().right;
    ASSERT_EQ(i->kind(), InstrKind::kXor) << e.path().filename();
    EXPECT_EQ(instruction_text(*i->as<Xor>().left), reference) << e.path().filename();
    ++compared;
  }
  EXPECT_GE(compared, 30u);
}

}  // namespace
}  // namespace fluence::air::test
