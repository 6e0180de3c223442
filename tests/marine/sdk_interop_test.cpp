// Modules built with our C SDK load and run in the reference Marine (marine-js 0.13.0) with
// the same results as in our runtime.
#include <algorithm>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fluence/marine/service.h"
#include "test_support.h"

namespace fluence::marine {
namespace {

namespace json = boost::json;
using namespace testing;

// Canonical form for comparison: object keys sorted (marine-js sorts them, we keep field
// order) and every number as a double (JavaScript has only doubles).
json::value canonical(const json::value& v) {
  if (v.is_object()) {
    std::vector<std::string> keys;
    for (const auto& kv : v.get_object()) keys.emplace_back(kv.key());
    std::sort(keys.begin(), keys.end());
    json::object o;
    for (const auto& k : keys) o[k] = canonical(v.get_object().at(k));
    return o;
  }
  if (v.is_array()) {
    json::array a;
    for (const auto& x : v.get_array()) a.push_back(canonical(x));
    return a;
  }
  if (v.is_number()) return v.to_number<double>();
  return v;
}

std::string module_path(const std::string& name) { return std::string(FLUENCE_MARINE_EXAMPLES_DIR) + "/" + name + ".wasm"; }

// Runs `calls` (array of {function, args}) on one module in both runtimes and compares.
void compare(const std::string& module, const json::array& calls) {
  json::object cfg{{"modules", json::array{json::object{{"name", module}, {"path", module_path(module)}}}},
                   {"calls", calls}};
  std::string path = temp_path(module + "-calls.json");
  write_file(path, json::serialize(cfg));
  int status = 0;
  std::string out = run_command("cd '" + interop_dir() + "' && node harness.mjs call '" + path + "'", status);
  std::remove(path.c_str());
  ASSERT_EQ(status, 0) << out;
  json::array reference = json::parse(out).as_array();
  ASSERT_EQ(reference.size(), calls.size());

  auto service = Service::from_module_file(module_path(module));
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i].as_object();
    json::value ours;
    try {
      ours = json::object{{"ok", true},
                          {"result", service->call(std::string(c.at("function").as_string()), c.at("args"))}};
    } catch (const std::exception& e) {
      ours = json::object{{"ok", false}};
    }
    const auto& ref = reference[i].as_object();
    ASSERT_TRUE(ref.at("ok").as_bool()) << module << " call " << i << " failed in the reference: " << json::serialize(ref);
    EXPECT_EQ(json::serialize(canonical(ours)), json::serialize(canonical(json::object{{"ok", true}, {"result", ref.at("result")}})))
        << module << " call " << i << " " << json::serialize(calls[i]);
  }
}

class SdkInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (must_skip_interop()) GTEST_SKIP() << "npm packages missing in tests/interop/marine";
  }
};

TEST_F(SdkInterop, GreetingRunsInTheReference) {
  compare("greeting", json::parse(R"([{"function":"greet","args":["world"]},{"function":"greet","args":[""]},
      {"function":"greet","args":{"name":"named"}},{"function":"greet","args":["ünïcödé ✓"]}])").as_array());
}

TEST_F(SdkInterop, RecordsAndArraysRunInTheReference) {
  compare("records", json::parse(R"([
      {"function":"make_user","args":["ann", 30]},
      {"function":"make_user","args":["", 101]},
      {"function":"stats","args":[[{"name":"a","age":3,"tags":["x","y"],"admin":false},{"name":"bob","age":40,"tags":[],"admin":true}]]},
      {"function":"stats","args":[[]]},
      {"function":"reverse","args":[[1,2,3,255]]},
      {"function":"reverse","args":[[]]},
      {"function":"sum","args":[[1,-2,3000000000000]]},
      {"function":"sum","args":[[]]},
      {"function":"echo_all","args":[true,-128,65535,-2147483648,9007199254740991,0.5,0.25]}])").as_array());
}

TEST_F(SdkInterop, StatefulCounterRunsInTheReference) {
  compare("counter", json::parse(R"([{"function":"add","args":[5]},{"function":"add","args":[7]},
      {"function":"get","args":[]},{"function":"reset","args":[]},{"function":"get","args":[]}])").as_array());
}

}  // namespace
}  // namespace fluence::marine
