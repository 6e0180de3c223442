// Loading the AIR conformance corpus and comparing two simulation outputs (ours and the
// reference AquaVM's) the way the issue demands: per-peer call sequences with arguments,
// tetraplets and answers, completion, step count, and errors (peer, ret_code, message; for parse
// errors, code 1, only the code since the rendered diagnostic is not normative).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "fluence/air/simulation.h"

namespace fluence::air::conformance {

inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(FLUENCE_SOURCE_DIR) / "tests" / "air" / "conformance";
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Scenario names (the .air files), sorted.
inline std::vector<std::string> scenario_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(corpus_dir()))
    if (e.path().extension() == ".air") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

inline boost::json::value scenario_table(const std::string& name) {
  auto own = corpus_dir() / (name + ".services.json");
  auto file = std::filesystem::exists(own) ? own : corpus_dir() / "_default.services.json";
  return boost::json::parse(read_text(file));
}

// Our simulation of a scenario, with the corpus's step limit.
inline boost::json::object simulate_scenario(const std::string& name) {
  SimulationOptions o;
  o.max_steps = 200;
  return simulate(read_text(corpus_dir() / (name + ".air")), scenario_table(name), o);
}

// Differences between an expected (reference) and an actual simulation output; empty if equal.
inline std::vector<std::string> compare_simulations(const boost::json::value& expected_raw,
                                                    const boost::json::value& actual_raw) {
  std::vector<std::string> diffs;
  const auto expected = js_normalized(expected_raw).as_object();
  const auto actual = js_normalized(actual_raw).as_object();
  auto field = [](const boost::json::object& o, const char* k) -> boost::json::value {
    const auto* v = o.if_contains(k);
    return v ? *v : boost::json::value();
  };
  if (field(expected, "complete") != field(actual, "complete"))
    diffs.push_back("complete: expected " + serialize(field(expected, "complete")) + ", got " +
                    serialize(field(actual, "complete")));
  if (field(expected, "steps") != field(actual, "steps"))
    diffs.push_back("steps: expected " + serialize(field(expected, "steps")) + ", got " +
                    serialize(field(actual, "steps")));
  const auto ec = field(expected, "calls");
  const auto ac = field(actual, "calls");
  boost::json::object empty;
  const auto& eo = ec.is_object() ? ec.get_object() : empty;
  const auto& ao = ac.is_object() ? ac.get_object() : empty;
  std::vector<std::string> peers;
  for (const auto& kv : eo) peers.emplace_back(kv.key());
  for (const auto& kv : ao)
    if (!eo.contains(kv.key())) peers.emplace_back(kv.key());
  for (const auto& peer : peers) {
    static const boost::json::array kNone;
    const auto* e = eo.if_contains(peer);
    const auto* a = ao.if_contains(peer);
    const auto& el = e ? e->get_array() : kNone;
    const auto& al = a ? a->get_array() : kNone;
    for (std::size_t i = 0; i < std::max(el.size(), al.size()); ++i) {
      if (i >= el.size() || i >= al.size() || el[i] != al[i]) {
        diffs.push_back("calls of " + peer + " differ at #" + std::to_string(i) + " (" +
                        std::to_string(el.size()) + " vs " + std::to_string(al.size()) +
                        "):\n  expected " + (i < el.size() ? serialize(el[i]) : "none") +
                        "\n  actual   " + (i < al.size() ? serialize(al[i]) : "none"));
        break;
      }
    }
  }
  auto errors = [&](const boost::json::object& o) {
    boost::json::array out;
    auto v = field(o, "errors");
    if (!v.is_array()) return out;
    for (const auto& e : v.get_array()) {
      const auto& eo2 = e.get_object();
      boost::json::object x{{"peer", eo2.at("peer")}, {"ret_code", eo2.at("ret_code")}};
      if (eo2.at("ret_code") != boost::json::value(1)) x["error_message"] = eo2.at("error_message");
      out.push_back(std::move(x));
    }
    return out;
  };
  auto ee = errors(expected), ae = errors(actual);
  if (ee != ae) diffs.push_back("errors: expected " + serialize(ee) + "\n  actual " + serialize(ae));
  return diffs;
}

}  // namespace fluence::air::conformance
