// `fluence air data`: decode particle data (AquaVM 0.62 format) and print it as JSON in the
// shape of AquaVM's to_human_readable_data; optionally verify its CIDs and signatures.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/air/data/cid_verification.h"
#include "fluence/air/data/human_readable.h"
#include "fluence/air/data/signatures.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/canonical_json.h"

namespace fluence::cli {
namespace {

struct AirDataOptions {
  std::string path;
  std::string verify_particle_id;
  bool verify = false;
};

// Raw data, or the JSON printed by `fluence air run` / the oracle's run-air.mjs, whose
// data.base64 holds the raw data.
Bytes load_data(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::kIo, "cannot read " + path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw Error(ErrorKind::kInvalidInput, path + ": not particle data and not JSON: " + ec.message());
    const boost::json::value* data = v.is_object() ? v.as_object().if_contains("data") : nullptr;
    const boost::json::value* b64 =
        data && data->is_object() ? data->as_object().if_contains("base64") : nullptr;
    if (!b64 || !b64->is_string())
      throw Error(ErrorKind::kInvalidInput, path + ": JSON without data.base64");
    return base64_decode(std::string_view(b64->as_string()));
  }
  return to_bytes(text);
}

int run(const AirDataOptions& o) {
  Bytes raw;
  try {
    raw = load_data(o.path);
  } catch (const Error& e) {
    std::cerr << "fluence air data: " << e.what() << "\n";
    return 2;
  }
  try {
    air::DecodedParticleData decoded = air::decode_particle_data(raw, o.verify);
    boost::json::value out = air::human_readable_json(decoded);
    if (o.verify) {
      air::verify_cid_info(decoded.data.cid_info);
      air::verify_signatures(decoded.data, o.verify_particle_id);
      out.as_object()["verified"] = true;
    }
    std::cout << canonical_json(out) << "\n";
    return 0;
  } catch (const air::DataError& e) {
    std::cerr << "fluence air data: " << o.path << ": " << e.what() << " (code " << e.code() << ")\n";
    return 1;
  }
}

void add_air_data_command(CLI::App& app) {
  CLI::App* air = nullptr;
  for (CLI::App* sub : app.get_subcommands({}))
    if (sub->get_name() == "air") air = sub;
  if (!air) {
    air = app.add_subcommand("air", "AIR scripts: run, format and inspect them");
    air->require_subcommand(1);
  }
  auto* data = air->add_subcommand(
      "data",
      "Decode particle data (AquaVM 0.62, data format 0.17.2) and print it as JSON shaped like "
      "AquaVM's to_human_readable_data: {\"data\": {cid_info, lcid, signatures, trace}, "
      "\"versions\": {...}}. Exit 1 with the reference's error code on malformed data");
  static AirDataOptions o;
  data->add_option("FILE", o.path,
                   "raw particle data, a JSON run output whose data.base64 is used, or - for stdin")
      ->required();
  data->add_option("--verify", o.verify_particle_id,
                   "also check the interpreter version, the CID stores and the signatures, the "
                   "particle id being the signatures' salt; adds \"verified\": true");
  data->callback([] {
    o.verify = !o.verify_particle_id.empty();
    std::exit(run(o));
  });
}

const CommandRegistration kRegistration{42, add_air_data_command};

}  // namespace
}  // namespace fluence::cli
