// avm.wasm (@fluencelabs/avm 0.62.0) runs `invoke` in our runtime with the same outcomes as
// in the reference Marine (marine-js 0.13.0), on the scripts of tests/interop/marine/avm-cases.json.
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/marine/json_ivalue.h"
#include "fluence/marine/marine.h"
#include "test_support.h"

namespace fluence::marine {
namespace {

namespace json = boost::json;
using namespace testing;

json::value run_node(const std::string& args) {
  int status = 0;
  std::string out = run_command("cd '" + interop_dir() + "' && node harness.mjs " + args, status);
  EXPECT_EQ(status, 0) << out;
  return json::parse(out);
}

// Our invoke, shaped like marine-js's result ({ok, result} with the outcome record as an object).
json::value invoke_ours(Marine& marine, const json::array& args) {
  const auto& sig = marine.function_signature("avm", "invoke");
  auto iface = marine.module_interface("avm");
  try {
    auto values = json_to_arguments(args, sig, iface);
    auto results = marine.call("avm", "invoke", values);
    return json::object{{"ok", true}, {"result", results_to_json(results, sig, iface)}};
  } catch (const std::exception& e) {
    return json::object{{"ok", false}, {"error", e.what()}};
  }
}

TEST(AvmInterop, InvokeOutcomesMatchTheReference) {
  if (must_skip_interop()) GTEST_SKIP() << "npm packages missing in tests/interop/marine (run scripts/install-interop.sh)";
  json::value reference = run_node("avm-cases avm-cases.json");

  Marine marine;
  ModuleConfig config;
  config.logger_enabled = true;
  config.logging_mask = 0;
  config.envs["WASM_LOG"] = "off";
  marine.load_module("avm", read_file(avm_wasm_path()), config);

  json::array ours;
  json::array expected;
  std::vector<std::string> labels;
  for (const auto& c : reference.at("cases").as_array()) {
    json::value prev = json::array{};
    int step = 0;
    for (const auto& s : c.at("steps").as_array()) {
      json::array args{s.at("air"), prev, json::array{}, s.at("params"), s.at("call_results")};
      json::value out = invoke_ours(marine, args);
      if (out.at("ok").as_bool()) prev = out.at("result").at("data");
      ours.push_back(out);
      expected.push_back(s.at("reference"));
      labels.push_back(std::string(c.at("name").as_string()) + " step " + std::to_string(++step));
    }
  }
  ASSERT_GE(reference.at("cases").as_array().size(), 20u);

  std::string path = temp_path("avm-outcomes.json");
  write_file(path, json::serialize(ours));
  json::value normalized = run_node("avm-normalize '" + path + "'");
  std::remove(path.c_str());
  ASSERT_EQ(normalized.as_array().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(json::serialize(normalized.as_array()[i]), json::serialize(expected[i])) << labels[i];
}

}  // namespace
}  // namespace fluence::marine
