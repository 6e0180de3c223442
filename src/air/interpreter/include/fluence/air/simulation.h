// The multi-peer simulation of `fluence air run --simulate`: named peers, a service table that
// answers calls, and the oracle's deterministic scheduler (../shared/oracle README, "Scheduling,
// precisely"), so our output can be diffed with the reference run-air.mjs / run-reference.mjs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "fluence/air/call_request_codec.h"
#include "fluence/air/interpreter.h"

namespace fluence::air {

// A peer with a known key: the seed of a named peer is SHA-256(utf8(name)).
struct PeerIdentity {
  std::string name;  // empty for a raw peer id of unknown key
  std::string peer_id;
  Bytes seed;        // empty when unknown
};

// Named peers in the order they were first named; {{name}} placeholders.
class PeerBook {
 public:
  const PeerIdentity& named(const std::string& name);
  const PeerIdentity& add(const std::string& name, ByteView seed);
  // A name, or a peer id (known ids and those of client, relay, peer0..peer19 get their names).
  PeerIdentity resolve(const std::string& name_or_id);
  std::string name_of(const std::string& peer_id) const;
  // Replaces {{name}} with the peer id of `name`.
  std::string substitute(const std::string& text);
  boost::json::object to_json() const;

 private:
  std::vector<PeerIdentity> peers_;
  std::map<std::string, std::size_t> by_name_;
  std::map<std::string, std::size_t> by_id_;
};

bool looks_like_peer_id(const std::string& s);
PeerIdentity identity_for_name(const std::string& name);
PeerIdentity identity_for_seed(const std::string& name, ByteView seed);

// The service table (same format as the oracle's).
class ServiceTable {
 public:
  ServiceTable(const boost::json::value& raw, PeerBook& book);  // throws fluence::Error

  struct Answer {
    std::int32_t ret_code = 0;
    boost::json::value result;
    std::optional<std::string> result_json;  // {"result_json": TEXT}: handed over verbatim
    bool matched = true;
  };
  Answer call(const std::string& peer_id, const std::string& service, const std::string& function,
              const boost::json::array& args);

  std::optional<std::string> init_peer() const;
  const boost::json::value* particle() const;

 private:
  Answer respond(const boost::json::value& response, const boost::json::array& args,
                 const std::string& counter_key);
  boost::json::object table_;
  std::vector<std::string> rule_peer_ids_;
  std::map<std::string, std::size_t> counters_;
};

struct ParticleInfo {
  std::string id = "00000000-0000-4000-8000-000000000000";
  std::uint64_t timestamp = 1700000000000;
  std::uint32_t ttl = 120000;
};

// One interpreter step; defaults to `invoke`.
using StepRunner = std::function<InterpreterOutcome(std::string_view script, ByteView prev,
                                                    ByteView data, const RunParameters& params,
                                                    ByteView call_results)>;

struct SimulationOptions {
  std::optional<std::string> init_peer;
  std::optional<std::string> particle_id;
  std::optional<std::uint64_t> timestamp;
  std::optional<std::uint32_t> ttl;
  std::size_t max_steps = 1000;
  bool include_tetraplets = true;
  bool include_trace = false;
  bool include_data = false;  // final_data: each peer's last data, human readable
  StepRunner runner;
};

// Particle data as the oracle shows it (data.human, final_data): the human-readable rendering
// (to_human_readable_data) as JSON, null for empty data, the error text for data that does
// not decode.
boost::json::value human_readable_value(ByteView data);

// Runs `script` (with {{name}} placeholders) to quiescence; returns the oracle's JSON
// (mode, particle, peers, complete, steps, init_peer, calls, errors, ...).
boost::json::object simulate(const std::string& script, const boost::json::value& table,
                             const SimulationOptions& options);

// JSON as JavaScript sees it (for comparing with the node harness): integral doubles become
// integers, so 1.0 and 1 compare equal.
boost::json::value js_normalized(const boost::json::value& v);
// JSON.stringify of a value (the text js-client hands to AquaVM as a call result).
std::string js_stringify(const boost::json::value& v);

}  // namespace fluence::air
