// Encoding and decoding of particle data: the MessagePack envelope (air.md §9.2) around the
// rkyv-layout archive of InterpreterData (§9.3-§9.5). Decoding validates everything and throws
// DataError with the reference's code; it never trusts offsets or lengths.
#pragma once

#include <string>

#include "fluence/air/data/data_error.h"
#include "fluence/air/data/interpreter_data.h"
#include "fluence/core/bytes.h"

namespace fluence::air {

// The envelope's fields. inner_data views the input bytes, or `owned_inner` when the input
// carried it as an array of integers.
struct ParticleDataEnvelope {
  ParticleDataEnvelope() = default;
  ParticleDataEnvelope(ParticleDataEnvelope&&) = default;  // owned_inner's buffer moves along
  ParticleDataEnvelope& operator=(ParticleDataEnvelope&&) = default;
  ParticleDataEnvelope(const ParticleDataEnvelope&) = delete;  // a copy would view the original
  ParticleDataEnvelope& operator=(const ParticleDataEnvelope&) = delete;

  std::string version;              // data format version (never checked)
  std::string interpreter_version;  // semver of the interpreter that wrote the data
  ByteView inner_data;
  Bytes owned_inner;
};

// Throws DataError 3 (or 4 when both version strings were readable and valid semver).
// An empty input is not an envelope: callers treat it as "no data" (decode_particle_data does).
ParticleDataEnvelope decode_envelope(ByteView data);

// Decodes and validates an archive (code 2). With an interner, CIDs and peer ids are shared
// with other data decoded through the same interner.
InterpreterData decode_inner_data(ByteView archive, TextInterner* interner = nullptr);

struct DecodedParticleData {
  std::string version;
  std::string interpreter_version;
  InterpreterData data;
};

// Envelope + archive. Empty input gives empty data with versions 0.17.2 / 0.61.0 (air.md §3
// step 2). With check_version (for current_data) an interpreter_version below 0.61.0 gives
// DataError 6.
DecodedParticleData decode_particle_data(ByteView data, bool check_version = false,
                                         TextInterner* interner = nullptr);

// The archive alone, written in the reference's post-order (root last).
Bytes encode_inner_data(const InterpreterData& data);
// The full particle data with versions 0.17.2 / 0.62.0.
Bytes encode_particle_data(const InterpreterData& data);
// The same, consuming `data`: value texts are released as they are written (when nothing else
// holds them), so the output does not double the memory of big values.
Bytes encode_particle_data(InterpreterData&& data);

// Semver comparison helper: true if `version` parses as semver and is >= `minimum`.
// Throws DataError 3 if `version` is not valid semver.
bool interpreter_version_at_least(const std::string& version, const std::string& minimum);

}  // namespace fluence::air
