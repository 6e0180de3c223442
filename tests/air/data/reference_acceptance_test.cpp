// Interop with the reference AquaVM 0.62 (reference_data_check.mjs, run by node with the
// packages pinned in tests/interop/air): data written by our encoder is accepted by the
// reference as prev and current data and treated exactly like the reference's own encoding,
// and malformed data gets the same error code from the reference as from our decoder.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include <boost/json.hpp>

#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/human_readable.h"
#include "fluence/air/data/signatures.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/hash.h"
#include "fluence/core/msgpack.h"
#include "test_data.h"

namespace fluence::air {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

fs::path source_dir() { return fs::path(FLUENCE_SOURCE_DIR); }

bool reference_available() {
  return fs::exists(source_dir() / "tests/interop/air/node_modules/@fluencelabs/avm/dist/avm.wasm");
}

#define REQUIRE_REFERENCE()                                                                   \
  do {                                                                                        \
    if (!reference_available()) {                                                             \
      if (std::getenv("CI") == nullptr)                                                       \
        GTEST_SKIP() << "tests/interop/air/node_modules missing (run scripts/install-interop.sh)"; \
      FAIL() << "reference packages are not installed in tests/interop/air";                  \
    }                                                                                         \
  } while (0)

struct Job {
  std::string name;
  std::string script;
  std::string current_peer;
  std::string init_peer;
  Bytes secret_key;
  std::string particle_id = testing::kFixtureParticleId;
  Bytes prev_data;
  Bytes data;
};

struct Outcome {
  std::int64_t ret_code = -1;
  std::string error_message;
  Bytes data;
  json::value human;
};

std::vector<Outcome> run_reference(const std::vector<Job>& jobs) {
  json::array arr;
  for (const auto& j : jobs) {
    arr.push_back(json::object{{"name", j.name},
                               {"script", j.script},
                               {"current_peer", j.current_peer},
                               {"init_peer", j.init_peer},
                               {"secret_key", base64_encode(j.secret_key)},
                               {"particle_id", j.particle_id},
                               {"prev_data", base64_encode(j.prev_data)},
                               {"data", base64_encode(j.data)}});
  }
  fs::path file = fs::temp_directory_path() /
                  ("fluence-air-data-jobs-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << json::serialize(arr);
  fs::path output = file;
  output += ".out";
  fs::path errors = file;
  errors += ".stderr";
  std::string cmd = "node '" + (source_dir() / "tests/air/data/reference_data_check.mjs").string() +
                    "' '" + file.string() + "' '" + output.string() + "' >'" + errors.string() +
                    "' 2>&1";
  int status = std::system(cmd.c_str());
  std::string out;
  {
    std::ifstream in(output);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::remove(file);
  fs::remove(output);
  std::vector<Outcome> results;
  json::error_code ec;
  json::value v = json::parse(out, ec);
  if (ec || !v.is_array()) {
    std::ifstream in(errors);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ADD_FAILURE() << "reference_data_check.mjs failed (status " << status << "): "
                  << text.substr(0, 2000);
    fs::remove(errors);
    return results;
  }
  fs::remove(errors);
  for (const auto& r : v.as_array()) {
    Outcome o;
    o.ret_code = r.at("ret_code").to_number<std::int64_t>();
    o.error_message = std::string(r.at("error_message").as_string());
    o.data = base64_decode(std::string_view(r.at("data").as_string()));
    o.human = r.at("human");
    results.push_back(std::move(o));
  }
  return results;
}

Ed25519KeyPair named_key(const std::string& name) {
  return Ed25519KeyPair::from_seed(sha256(as_bytes(name)));
}
Bytes seed_of(const Ed25519KeyPair& k) { return Bytes(k.seed().begin(), k.seed().end()); }

std::string fixture_script(const std::string& name) {
  std::string s = testing::read_fixture_text(name);
  const std::string alice = testing::peer_id_of(named_key("alice"));
  for (std::size_t at; (at = s.find("{{alice}}")) != std::string::npos;) s.replace(at, 9, alice);
  return s;
}

// Our decoder's verdict on current_data, in the reference's codes (and our message).
int our_code(ByteView data, const std::string& particle_id, std::string* message = nullptr) {
  try {
    auto d = decode_particle_data(data, true);
    verify_cid_info(d.data.cid_info);
    verify_signatures(d.data, particle_id);
  } catch (const DataError& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return 0;
}

Bytes reencode(const Bytes& data) { return encode_particle_data(decode_particle_data(data).data); }

// Each fixture fed to the reference twice, in the reference's and in our encoding, by the peer
// that would receive it: the outcomes must be identical.
TEST(ReferenceAcceptance, ReferenceTreatsOurEncodingLikeItsOwn) {
  REQUIRE_REFERENCE();
  auto client = named_key("client");
  auto alice = named_key("alice");
  const std::string client_id = testing::peer_id_of(client);
  const std::string alice_id = testing::peer_id_of(alice);
  const std::string all = fixture_script("all-state-kinds.air");
  struct Case {
    std::string fixture;
    std::string script;
    const Ed25519KeyPair* peer;
    bool as_prev;
  };
  std::vector<Case> cases = {
      {"null", "(null)", &client, false},
      {"par-call-requests", all, &client, true},
      {"all-state-kinds", all, &alice, false},
      {"all-state-kinds", all, &client, true},
      {"two-peers", all, &client, false},
      {"call-forwarded", fixture_script("call-forwarded.air"), &alice, false},
  };
  std::vector<Job> jobs;
  for (const auto& c : cases) {
    Bytes theirs = testing::read_fixture(c.fixture + ".dat");
    Bytes ours = reencode(theirs);
    for (const Bytes* data : {&theirs, &ours}) {
      Job j;
      j.name = c.fixture;
      j.script = c.script;
      j.current_peer = testing::peer_id_of(*c.peer);
      j.init_peer = client_id;
      j.secret_key = seed_of(*c.peer);
      (c.as_prev ? j.prev_data : j.data) = *data;
      jobs.push_back(std::move(j));
    }
  }
  auto out = run_reference(jobs);
  ASSERT_EQ(out.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); i += 2) {
    SCOPED_TRACE(jobs[i].name + (jobs[i].prev_data.empty() ? " as current data" : " as prev data"));
    EXPECT_EQ(out[i].ret_code, 0) << out[i].error_message;
    EXPECT_EQ(out[i + 1].ret_code, out[i].ret_code) << out[i + 1].error_message;
    EXPECT_EQ(out[i + 1].error_message, out[i].error_message);
    EXPECT_EQ(out[i + 1].human, out[i].human);
    // And we read what the reference wrote back.
    if (!out[i].data.empty()) {
      EXPECT_EQ(human_readable_json(decode_particle_data(out[i].data, true)), out[i].human);
    }
  }
}

TEST(ReferenceAcceptance, ReferenceAcceptsEveryStateKindWrittenByUs) {
  REQUIRE_REFERENCE();
  auto ours = named_key("ours");
  InterpreterData data = testing::sample_data(ours, "interop-particle");
  Job j;
  j.name = "sample";
  j.script = "(null)";
  j.current_peer = testing::peer_id_of(named_key("bob"));
  j.init_peer = j.current_peer;
  j.secret_key = seed_of(named_key("bob"));
  j.particle_id = "interop-particle";
  j.data = encode_particle_data(data);
  Job as_prev = j;
  as_prev.name = "sample as prev";
  std::swap(as_prev.prev_data, as_prev.data);
  auto out = run_reference({j, as_prev});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].ret_code, 0) << out[0].error_message;
  EXPECT_EQ(out[1].ret_code, 0) << out[1].error_message;
  // The reference signs (null) with bob's key and keeps our peer's verified signature.
  auto back = decode_particle_data(out[0].data, true).data;
  EXPECT_EQ(back.signatures.size(), 2u);
}

TEST(ReferenceAcceptance, ErrorCodesAgreeWithReference) {
  REQUIRE_REFERENCE();
  auto ours = named_key("ours");
  const std::string pid = "interop-particle";
  const InterpreterData base = testing::sample_data(ours, pid);

  auto envelope = [](std::string version, const Bytes& inner, bool with_inner = true) {
    msgpack::Writer w;
    w.map_header(with_inner ? 3 : 2);
    w.string("version");
    w.string("0.17.2");
    w.string("interpreter_version");
    w.string(version);
    if (with_inner) {
      w.string("inner_data");
      w.binary(inner);
    }
    return w.take();
  };

  struct Variant {
    std::string name;
    Bytes bytes;
    int expected;
  };
  std::vector<Variant> variants;
  variants.push_back({"valid", encode_particle_data(base), 0});
  {
    InterpreterData d = base;
    CidText cid = d.cid_info.value_store.entries().front().cid;
    ValueStore store;
    for (const auto& e : d.cid_info.value_store.entries())
      store.insert(e.cid, e.cid == cid ? std::make_shared<const std::string>("\"tampered\"") : e.value);
    d.cid_info.value_store = std::move(store);
    variants.push_back({"value does not match its CID", encode_particle_data(d), 8});
  }
  {
    InterpreterData d = base;
    d.cid_info.tetraplet_store = TetrapletStore{};
    variants.push_back({"missing referenced tetraplet", encode_particle_data(d), 8});
  }
  {
    InterpreterData d = base;
    d.signatures.entries[0].signature[20] ^= 0x40;
    variants.push_back({"tampered signature", encode_particle_data(d), 9});
  }
  {
    InterpreterData d = base;
    d.signatures = SignatureStore{};
    variants.push_back({"producer without signature", encode_particle_data(d), 9});
  }
  {
    InterpreterData d = base;
    d.signatures.entries[0].public_key[0] = 0x05;
    variants.push_back({"malformed public key", encode_particle_data(d), 9});
  }
  {
    Bytes inner = encode_inner_data(base);
    std::size_t root = inner.size() - 60;
    std::int32_t off = std::int32_t((std::uint32_t(inner[root]) << 24) | (inner[root + 1] << 16) |
                                    (inner[root + 2] << 8) | inner[root + 3]);
    inner[std::size_t(std::int64_t(root) + off)] = 9;  // first state's tag
    variants.push_back({"invalid state tag", envelope("0.62.0", inner), 2});
    Bytes truncated(inner.begin() + 4, inner.end() - 4);
    variants.push_back({"truncated archive", envelope("0.62.0", truncated), 2});
  }
  variants.push_back({"interpreter 0.60.0", envelope("0.60.0", encode_inner_data(base)), 6});
  variants.push_back({"interpreter 0.61.0-rc.1", envelope("0.61.0-rc.1", encode_inner_data(base)), 6});
  variants.push_back({"interpreter 0.61.0+meta", envelope("0.61.0+meta", encode_inner_data(base)), 0});
  variants.push_back({"invalid semver", envelope("0.62", encode_inner_data(base)), 3});
  variants.push_back({"missing inner_data", envelope("0.62.0", {}, false), 4});
  variants.push_back({"not a map", Bytes{0x93, 0x01, 0x02, 0x03}, 3});

  std::vector<Job> jobs;
  for (const auto& v : variants) {
    Job j;
    j.name = v.name;
    j.script = "(null)";
    j.current_peer = testing::peer_id_of(named_key("bob"));
    j.init_peer = j.current_peer;
    j.secret_key = seed_of(named_key("bob"));
    j.particle_id = pid;
    j.data = v.bytes;
    jobs.push_back(std::move(j));
  }
  auto out = run_reference(jobs);
  ASSERT_EQ(out.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(out[i].ret_code, variants[i].expected)
        << jobs[i].name << ": reference says " << out[i].error_message;
    EXPECT_EQ(our_code(jobs[i].data, pid), out[i].ret_code)
        << jobs[i].name << ": reference says " << out[i].error_message;
  }
}

// Random corruptions of archives (ours and the reference's): the reference and our decoder
// accept or reject each one alike (rkyv validation emulated rule for rule).
TEST(ReferenceAcceptance, CorruptedArchivesAreJudgedAlike) {
  REQUIRE_REFERENCE();
  const std::string pid = testing::kFixtureParticleId;
  std::vector<Bytes> sources = {
      encode_inner_data(testing::sample_data(named_key("ours"), pid)),
  };
  for (const char* f : {"all-state-kinds.dat", "two-peers.dat"}) {
    Bytes d = testing::read_fixture(f);
    std::size_t header = d[54] == 0xc4 ? 56 : d[54] == 0xc5 ? 57 : 59;
    sources.emplace_back(d.begin() + static_cast<std::ptrdiff_t>(header), d.end());
  }
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<Job> jobs;
  for (int i = 0; i < 600; ++i) {
    Bytes a = sources[std::size_t(i) % sources.size()];
    int flips = 1 + int(next() % 3);
    for (int k = 0; k < flips; ++k) {
      std::size_t at = next() % a.size();
      // Half of the corruptions hit the pointer-dense tail (root and last arrays).
      if (k == 0 && i % 2 == 0) at = a.size() - 1 - next() % std::min<std::size_t>(a.size(), 160);
      a[at] ^= std::uint8_t(1u << (next() % 8));
    }
    msgpack::Writer w;
    w.map_header(3);
    w.string("version");
    w.string("0.17.2");
    w.string("interpreter_version");
    w.string("0.62.0");
    w.string("inner_data");
    w.binary(a);
    Job j;
    j.name = "corruption " + std::to_string(i);
    j.script = "(null)";
    j.current_peer = testing::peer_id_of(named_key("bob"));
    j.init_peer = j.current_peer;
    j.secret_key = seed_of(named_key("bob"));
    j.particle_id = pid;
    j.data = w.take();
    jobs.push_back(std::move(j));
  }
  auto out = run_reference(jobs);
  ASSERT_EQ(out.size(), jobs.size());
  int rejected = 0, traps = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (out[i].ret_code == -1) {  // the reference trapped (e.g. a trace CID absent from stores)
      ++traps;
      continue;
    }
    std::string ours_message;
    int ours = our_code(jobs[i].data, pid, &ours_message);
    EXPECT_EQ(ours, out[i].ret_code) << jobs[i].name << ": reference says " << out[i].error_message
                                     << "; we say " << ours_message;
    rejected += out[i].ret_code == 2;
  }
  EXPECT_GT(rejected, 100);  // the corruptions do exercise the validator
  EXPECT_LT(traps, 150);
}

// The merge of prev and current signature stores: a peer's CID multisets must be ordered by
// inclusion (air.md §9.8); the reference and our merge agree on which pairs are consistent.
TEST(ReferenceAcceptance, SignatureMergeAgreesWithReference) {
  REQUIRE_REFERENCE();
  const std::string pid = "merge-particle";
  auto ours = named_key("ours");
  const InterpreterData full = testing::sample_data(ours, pid);
  auto variant = [&](std::vector<std::size_t> keep) {
    InterpreterData d = full;
    d.trace.clear();
    for (auto i : keep) d.trace.push_back(full.trace[i]);
    d.signatures = SignatureStore{};
    sign_current_peer(d, ours, pid);
    return d;
  };
  // Produced CIDs sit at trace positions 1 (scalar), 2 (stream), 4 (failed), 9 (canon).
  struct Case {
    std::string name;
    InterpreterData prev, current;
    int expected;
  };
  std::vector<Case> cases = {
      {"prev subset of current", variant({1, 2}), variant({1, 2, 4, 9}), 0},
      {"current subset of prev", variant({1, 2, 4, 9}), variant({1, 2}), 0},
      {"equal", variant({1, 4}), variant({1, 4}), 0},
      {"same size, different", variant({1, 4}), variant({2, 4}), 9},
      {"incomparable", variant({1, 2, 9}), variant({4, 9}), 9},
      {"multiplicity", variant({1, 1}), variant({1, 2}), 9},
      {"other peer only in prev", variant({1}), testing::sample_data(named_key("x"), pid), 0},
  };
  std::vector<Job> jobs;
  for (const auto& c : cases) {
    Job j;
    j.name = c.name;
    j.script = "(null)";
    j.current_peer = testing::peer_id_of(named_key("bob"));
    j.init_peer = j.current_peer;
    j.secret_key = seed_of(named_key("bob"));
    j.particle_id = pid;
    j.prev_data = encode_particle_data(c.prev);
    j.data = encode_particle_data(c.current);
    jobs.push_back(std::move(j));
  }
  auto out = run_reference(jobs);
  ASSERT_EQ(out.size(), jobs.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    int code = 0;
    try {
      verify_signatures(cases[i].current, pid);
      merge_signatures(cases[i].prev, cases[i].current);
    } catch (const DataError& e) {
      code = e.code();
    }
    EXPECT_EQ(out[i].ret_code, cases[i].expected) << cases[i].name << ": " << out[i].error_message;
    EXPECT_EQ(code, out[i].ret_code) << cases[i].name;
  }
}

// Random corruptions of the MessagePack envelope around a valid archive: same codes (0, 3, 4,
// 6, 2) from the reference and from us.
TEST(ReferenceAcceptance, CorruptedEnvelopesAreJudgedAlike) {
  REQUIRE_REFERENCE();
  const std::string pid = testing::kFixtureParticleId;
  const Bytes valid = testing::read_fixture("null.dat");
  std::uint64_t state = 0x2545f4914f6cdd1dULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<Job> jobs;
  for (int i = 0; i < 400; ++i) {
    Bytes a = valid;
    switch (i % 4) {
      case 0:  // bit flips in the header
      case 1: {
        int flips = 1 + int(next() % 2);
        for (int k = 0; k < flips; ++k) a[next() % 56] ^= std::uint8_t(1u << (next() % 8));
        break;
      }
      case 2:  // a byte of the header replaced by a random marker
        a[next() % 56] = std::uint8_t(next());
        break;
      default:  // truncation
        a.resize(next() % a.size());
        break;
    }
    Job j;
    j.name = "envelope corruption " + std::to_string(i);
    j.script = "(null)";
    j.current_peer = testing::peer_id_of(named_key("bob"));
    j.init_peer = j.current_peer;
    j.secret_key = seed_of(named_key("bob"));
    j.particle_id = pid;
    j.data = std::move(a);
    jobs.push_back(std::move(j));
  }
  auto out = run_reference(jobs);
  ASSERT_EQ(out.size(), jobs.size());
  int codes[16] = {};
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (out[i].ret_code == -1) continue;
    std::string ours_message;
    int ours = our_code(jobs[i].data, pid, &ours_message);
    EXPECT_EQ(ours, out[i].ret_code) << jobs[i].name << ": reference says " << out[i].error_message
                                     << "; we say " << ours_message;
    if (out[i].ret_code >= 0 && out[i].ret_code < 16) ++codes[out[i].ret_code];
  }
  EXPECT_GT(codes[3], 20);
  EXPECT_GT(codes[4], 5);
}

}  // namespace
}  // namespace fluence::air
