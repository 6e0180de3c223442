#include "fluence/node/particle_signature.h"

#include "fluence/core/error.h"
#include "fluence/core/peer_id.h"

namespace fluence::node {

namespace {

void append_le(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace

Bytes particle_signed_bytes(const Particle& p) {
  Bytes out;
  out.reserve(p.id.size() + 12 + p.script.size());
  out.insert(out.end(), p.id.begin(), p.id.end());
  append_le(out, p.timestamp, 8);
  append_le(out, p.ttl, 4);
  out.insert(out.end(), p.script.begin(), p.script.end());
  return out;
}

void sign_particle(Particle& p, const Ed25519KeyPair& key) {
  p.init_peer_id = PeerId::from_ed25519(key.public_key()).to_base58();
  auto signature = key.sign(particle_signed_bytes(p));
  p.signature.assign(signature.begin(), signature.end());
}

std::string particle_signature_error(const Particle& p) {
  std::optional<PeerId> peer;
  try {
    peer = PeerId::parse(p.init_peer_id);
  } catch (const Error& e) {
    return "init_peer_id '" + p.init_peer_id + "' is not a peer id: " + e.what();
  }
  auto key = peer->public_key();
  if (!key) return "init_peer_id " + p.init_peer_id + " does not embed its public key (sha256 peer id)";
  if (key->type != KeyType::kEd25519) {
    return "init_peer_id " + p.init_peer_id + " has a key type other than Ed25519 (" +
           std::to_string(static_cast<int>(key->type)) + "), which this node cannot verify";
  }
  if (p.signature.size() != 64) {
    return "signature has " + std::to_string(p.signature.size()) + " bytes, Ed25519 needs 64";
  }
  if (!ed25519_verify(key->data, particle_signed_bytes(p), p.signature)) {
    return "signature does not verify against init_peer_id " + p.init_peer_id;
  }
  return "";
}

}  // namespace fluence::node
