// get_call_parameters in every host API version lowers the record layout of marine.md §9.3.
#include <gtest/gtest.h>

#include "fluence/marine/it_binary.h"
#include "fluence/marine/marine.h"
#include "fluence/marine/wasm_sections.h"
#include "fluence/sdk/declarations.h"
#include "test_support.h"

namespace fluence::marine {
namespace {

using namespace testing;

const char* kDeclarations = R"(
record Tetraplet { peer_pk: string, service_id: string, function_name: string, lens: string }
record CallParametersV0 { init_peer_id: string, service_id: string, service_creator_peer_id: string, host_id: string, particle_id: string, tetraplets: [][]Tetraplet }
record CallParametersV1 { init_peer_id: string, service_id: string, service_creator_peer_id: string, host_id: string, worker_id: string, particle_id: string, tetraplets: [][]Tetraplet }
record ParticleParameters { id: string, init_peer_id: string, timestamp: u64, ttl: u32, script: string, signature: bytes, token: string }
record CallParametersV3 { particle: ParticleParameters, service_id: string, service_creator_peer_id: string, host_id: string, worker_id: string, tetraplets: [][]Tetraplet }
fn probe_v0() -> CallParametersV0
fn probe_v1() -> CallParametersV1
fn probe_v2() -> CallParametersV3
fn probe_v3() -> CallParametersV3
)";

class HostApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto it = encode_it_section(sdk::generate_it(sdk::parse_declarations(kDeclarations)));
    auto wasm = replace_custom_section(read_file(fixture_dir() + "/call_params.wasm"), "interface-types", it);
    wasm = replace_custom_section(wasm, "__fluence_sdk_version", {'0', '.', '1', '4', '.', '0'});
    marine_.load_module("cp", wasm, ModuleConfig{});
    p_.particle = {"pid", "init", 1700000000000, 120000, "(null)", {1, 2, 3}, "tok"};
    p_.service_id = "svc";
    p_.service_creator_peer_id = "creator";
    p_.host_id = "host";
    p_.worker_id = "worker";
    p_.tetraplets = {{{"peer", "s", "f", ".$.a"}, {"peer2", "s2", "f2", ""}}, {}};
  }
  IValue probe(const std::string& fn) { return marine_.call("cp", fn, {}, p_).at(0); }
  IValue tetraplets() {
    auto t = [](const char* a, const char* b, const char* c, const char* d) {
      return IValue::record({IValue::string(a), IValue::string(b), IValue::string(c), IValue::string(d)});
    };
    return IValue::array({IValue::array({t("peer", "s", "f", ".$.a"), t("peer2", "s2", "f2", "")}), IValue::array({})});
  }
  Marine marine_;
  CallParameters p_;
};

TEST_F(HostApi, V0LayoutCarriesParticleIdAndInitPeer) {
  auto s = [](const char* x) { return IValue::string(x); };
  EXPECT_EQ(probe("probe_v0"), IValue::record({s("init"), s("svc"), s("creator"), s("host"), s("pid"), tetraplets()}));
}

TEST_F(HostApi, V1LayoutAddsTheWorkerId) {
  auto s = [](const char* x) { return IValue::string(x); };
  EXPECT_EQ(probe("probe_v1"), IValue::record({s("init"), s("svc"), s("creator"), s("host"), s("worker"), s("pid"), tetraplets()}));
}

TEST_F(HostApi, V2AndV3LayoutsNestTheParticle) {
  auto s = [](const char* x) { return IValue::string(x); };
  IValue particle = IValue::record({s("pid"), s("init"), IValue::u64(1700000000000), IValue::u32(120000), s("(null)"),
                                    IValue::byte_array({1, 2, 3}), s("tok")});
  IValue expected = IValue::record({particle, s("svc"), s("creator"), s("host"), s("worker"), tetraplets()});
  EXPECT_EQ(probe("probe_v2"), expected);
  EXPECT_EQ(probe("probe_v3"), expected);
}

}  // namespace
}  // namespace fluence::marine
