// Shared helpers of the particle-data tests: reference fixtures and a sample InterpreterData
// holding every kind of state and store entry, with consistent CIDs.
#pragma once

#include <string>

#include "fluence/air/data/interpreter_data.h"
#include "fluence/core/bytes.h"
#include "fluence/core/ed25519.h"

namespace fluence::air::testing {

// The oracle's default particle id, the salt of the fixtures' signatures.
inline constexpr const char* kFixtureParticleId = "00000000-0000-4000-8000-000000000000";

Bytes read_fixture(const std::string& name);        // tests/air/data/fixtures/NAME
std::string read_fixture_text(const std::string& name);

Ed25519KeyPair key_from_byte(std::uint8_t b);  // seed = 32 x b
std::string peer_id_of(const Ed25519KeyPair& key);

// A data set with Par, every Call variant, Fold, Ap and both Canon variants, all five stores
// filled (CIDs computed, references resolvable), signed by `key` with salt `particle_id`.
InterpreterData sample_data(const Ed25519KeyPair& key, const std::string& particle_id);

}  // namespace fluence::air::testing
