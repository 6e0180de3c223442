// Particle signatures (network.md §10.3): the initiator signs id || u64le(timestamp) ||
// u32le(ttl) || script with its key; anyone verifies with the key inside init_peer_id.
#pragma once

#include <string>

#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"
#include "fluence/node/particle.h"

namespace fluence::node {

// The signed bytes: no separators and no length prefixes; data and init_peer_id not included.
Bytes particle_signed_bytes(const Particle& p);

// Sets p.init_peer_id to the key's peer id and p.signature to its signature.
void sign_particle(Particle& p, const Ed25519KeyPair& key);

// Empty when the signature verifies against the public key embedded in init_peer_id; else the
// reason (an unparsable or sha256 peer id, a key type we cannot verify, a bad signature).
std::string particle_signature_error(const Particle& p);
inline bool verify_particle_signature(const Particle& p) { return particle_signature_error(p).empty(); }

}  // namespace fluence::node
