// `fluence key`: make and inspect Ed25519 identities in the formats nox uses.
#include <filesystem>
#include <iostream>
#include <string>

#include <boost/json.hpp>

#include "commands.h"
#include "fluence/core/base_encoding.h"
#include "fluence/core/key_file.h"
#include "fluence/core/peer_id.h"

namespace fluence::cli {
namespace {

boost::json::object describe(const Ed25519KeyPair& key) {
  boost::json::object o;
  o["peer_id"] = PeerId::from_ed25519(key.public_key()).to_base58();
  o["public_key"] = base64_encode(key.public_key());
  return o;
}

}  // namespace

namespace {

void add_key_commands(CLI::App& app) {
  auto* key = app.add_subcommand("key", "Ed25519 identities: create a key file, show a peer id");
  key->require_subcommand(1);

  auto* make = key->add_subcommand("new", "Generate a key; write it as a nox key file or print it");
  static std::string out_path;
  make->add_option("-o,--out", out_path, "write base64(seed) here (secret_key.ed25519 format)");
  make->callback([] {
    auto pair = Ed25519KeyPair::generate();
    auto info = describe(pair);
    if (!out_path.empty()) {
      write_key_file(out_path, pair);
      info["file"] = out_path;
    } else {
      info["secret_key"] = base64_encode(pair.seed());
    }
    std::cout << boost::json::serialize(info) << "\n";
  });

  auto* show = key->add_subcommand("show", "Print the peer id of a key file or key value as JSON");
  static std::string source;
  show->add_option("KEY", source, "a key file path, or a base64/base58 seed or key pair")->required();
  show->callback([] {
    auto pair = std::filesystem::exists(source) ? read_key_file(source) : parse_key_value(source);
    std::cout << boost::json::serialize(describe(pair)) << "\n";
  });
}

const CommandRegistration kRegistration{10, add_key_commands};

}  // namespace

}  // namespace fluence::cli
