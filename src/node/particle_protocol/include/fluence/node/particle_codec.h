// The body of a particle on /fluence/particle/2.0.0 (network.md §10.2): the MessagePack
// multicodec prefix 81 04, then a map with string keys. (Each body travels in one
// varint-length frame: net/stream_io.h.)
#pragma once

#include <cstddef>

#include "fluence/core/bytes.h"
#include "fluence/node/particle.h"

namespace fluence::node {

// The largest body the reference node accepts, and the largest a js-client decoder accepts
// (it-length-prefixed's default): never send a client a bigger one.
inline constexpr std::size_t kMaxParticleBodyBytes = 100u * 1024 * 1024;
inline constexpr std::size_t kMaxClientParticleBodyBytes = 4u * 1024 * 1024;

// The form the node must send: `action` first, the eight keys, signature and data as `bin`,
// integers in their smallest width.
Bytes encode_particle_body(const Particle& p);

// Accepts what nox and js-client send: keys in any order, unknown keys ignored, bytes as `bin`
// or as arrays of small unsigned integers, any unsigned integer width (and integral floats
// for timestamp and ttl). Throws Error(kInvalidInput) naming the field for anything else:
// another multicodec prefix, an action other than `Particle`, a missing or duplicate field, a wrong type, ttl above u32, trailing bytes.
Particle decode_particle_body(ByteView body);

}  // namespace fluence::node
