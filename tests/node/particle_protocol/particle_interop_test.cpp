// Our particle bodies and signatures against js-client 0.9.0's own particle code
// (tests/interop/node/particle.mjs): what we send, js accepts and verifies; what js sends, we
// decode and verify.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "fluence/core/base_encoding.h"
#include "fluence/node/particle_codec.h"
#include "fluence/node/particle_signature.h"
#include "nox_vector.h"
#include "support/command_output.h"

namespace fluence::node {
namespace {

const std::string kDir = std::string(FLUENCE_SOURCE_DIR) + "/tests/interop/node";

bool must_skip() {
  return !std::filesystem::exists(kDir + "/node_modules/@fluencelabs/js-client") && std::getenv("CI") == nullptr;
}

// Runs particle.mjs COMMAND with the JSON request on stdin; returns its JSON answer.
boost::json::object run_js(const std::string& command, const boost::json::object& request) {
  auto input = std::filesystem::temp_directory_path() / ("particle-interop-" + std::to_string(::getpid()) + ".json");
  std::ofstream(input) << boost::json::serialize(request);
  std::string cmd = "node " + kDir + "/particle.mjs " + command + " < " + input.string();
  auto [out, status] = fluence::testing::run_command(cmd);
  std::filesystem::remove(input);
  if (status != 0) throw std::runtime_error(cmd + " failed: " + out);
  auto answer = boost::json::parse(out).as_object();
  if (answer.contains("error")) throw std::runtime_error("js-client: " + std::string(answer.at("error").as_string()));
  return answer;
}

boost::json::object js_read(const Particle& p) {
  return run_js("read", {{"body_hex", hex_encode(encode_particle_body(p))}});
}

void expect_js_sees(const boost::json::object& js, const Particle& p) {
  EXPECT_EQ(js.at("id").as_string(), p.id);
  EXPECT_EQ(js.at("init_peer_id").as_string(), p.init_peer_id);
  EXPECT_EQ(js.at("timestamp").to_number<std::uint64_t>(), p.timestamp);
  EXPECT_EQ(js.at("ttl").to_number<std::uint64_t>(), p.ttl);
  EXPECT_EQ(js.at("script").as_string(), p.script);
  EXPECT_EQ(js.at("signature_hex").as_string(), hex_encode(p.signature));
  EXPECT_EQ(js.at("data_hex").as_string(), hex_encode(p.data));
}

Particle signed_particle(const Ed25519KeyPair& key, std::string script, Bytes data) {
  Particle p;
  p.id = "5b1a7c52-0c7e-4f5e-9d6a-0f4e8b7d2c11";
  p.timestamp = 1763700000123;
  p.ttl = 120000;
  p.script = std::move(script);
  p.data = std::move(data);
  sign_particle(p, key);
  return p;
}

class ParticleInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (must_skip()) GTEST_SKIP() << "npm packages of tests/interop/node are not installed";
  }
};

TEST_F(ParticleInterop, JsClientAcceptsAndVerifiesWhatWeSend) {
  Bytes data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<std::uint8_t>(i * 7));
  Particle p = signed_particle(Ed25519KeyPair::generate(), "(seq (null) (call %init_peer_id% (\"s\" \"f\") [\"ü\"]))", data);
  auto js = js_read(p);
  expect_js_sees(js, p);
  EXPECT_TRUE(js.at("verified").as_bool());
}

TEST_F(ParticleInterop, JsClientReadsTheNoxVectorAsWeEncodeIt) {
  auto js = js_read(testing::nox_test_particle());
  expect_js_sees(js, testing::nox_test_particle());
  EXPECT_TRUE(js.at("verified").as_bool());
}

TEST_F(ParticleInterop, WeDecodeAndVerifyWhatJsClientSends) {
  Ed25519KeyPair key = Ed25519KeyPair::generate();
  Bytes data(1000, 0xfe);
  auto js = run_js("make", {{"seed_hex", hex_encode(key.seed())},
                            {"script", "(call %init_peer_id% (\"peer\" \"identify\") [] x)"},
                            {"ttl", 7000},
                            {"data_hex", hex_encode(data)}});
  Particle p = decode_particle_body(hex_decode(std::string(js.at("body_hex").as_string())));
  EXPECT_EQ(p.init_peer_id, std::string(js.at("init_peer_id").as_string()));
  EXPECT_EQ(p.script, "(call %init_peer_id% (\"peer\" \"identify\") [] x)");
  EXPECT_EQ(p.ttl, 7000u);
  EXPECT_EQ(p.data, data);
  EXPECT_EQ(particle_signature_error(p), "");
  // Re-sent by us (as a node forwards it), js still accepts it.
  auto back = js_read(p);
  expect_js_sees(back, p);
  EXPECT_TRUE(back.at("verified").as_bool());
}

TEST_F(ParticleInterop, JsClientSendsTheBodyTheSpecListsForTheNoxVector) {
  Particle nox = testing::nox_test_particle();
  auto js = run_js("make", {{"seed_hex", hex_encode(testing::nox_test_key().seed())},
                            {"script", nox.script},
                            {"ttl", nox.ttl},
                            {"data_hex", hex_encode(nox.data)},
                            {"id", nox.id},
                            {"timestamp", nox.timestamp}});
  Bytes body = hex_decode(std::string(js.at("body_hex").as_string()));
  EXPECT_EQ(decode_particle_body(body), nox);
  // Only signature and data differ in form (arrays instead of bin).
  EXPECT_NE(body, encode_particle_body(nox));
}

TEST_F(ParticleInterop, ForwardingWithNewDataKeepsTheSignatureValidForJs) {
  Particle p = signed_particle(Ed25519KeyPair::generate(), "(null)", {1});
  p.data = Bytes(5000, 0x42);
  EXPECT_TRUE(js_read(p).at("verified").as_bool());
  p.script = "(never)";
  EXPECT_FALSE(js_read(p).at("verified").as_bool());
  EXPECT_FALSE(verify_particle_signature(p));
}

}  // namespace
}  // namespace fluence::node
