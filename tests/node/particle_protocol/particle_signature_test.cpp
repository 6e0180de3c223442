#include "fluence/node/particle_signature.h"

#include <gtest/gtest.h>

#include "fluence/core/base_encoding.h"
#include "fluence/core/peer_id.h"
#include "nox_vector.h"

namespace fluence::node {
namespace {

using testing::nox_test_key;
using testing::nox_test_particle;

TEST(ParticleSignature, SignedBytesAreIdThenLittleEndianTimestampAndTtlThenScript) {
  EXPECT_EQ(base64_encode(particle_signed_bytes(nox_test_particle()), false, true),
            "Mjg4M2Y5NTktZTllNy00ODQzLThjMzctMjA1ZDM5M2NhMzcy/kguGYsBAABYGwAAYWJj");
}

TEST(ParticleSignature, SigningWithTheNoxTestKeyGivesNoxsSignatureAndPeerId) {
  Particle expected = nox_test_particle();
  Particle p = expected;
  p.init_peer_id.clear();
  p.signature.clear();
  sign_particle(p, nox_test_key());
  EXPECT_EQ(p.init_peer_id, expected.init_peer_id);
  EXPECT_EQ(p.signature, expected.signature);
}

TEST(ParticleSignature, TheNoxVectorVerifies) {
  EXPECT_EQ(particle_signature_error(nox_test_particle()), "");
  EXPECT_TRUE(verify_particle_signature(nox_test_particle()));
}

TEST(ParticleSignature, DataIsNotSigned) {
  Particle p = nox_test_particle();
  p.data = {9, 9, 9, 9};
  EXPECT_TRUE(verify_particle_signature(p));
}

TEST(ParticleSignature, EverySignedFieldIsCovered) {
  Particle p = nox_test_particle();
  p.id.back() = '4';
  EXPECT_FALSE(verify_particle_signature(p));
  p = nox_test_particle();
  p.timestamp += 1;
  EXPECT_FALSE(verify_particle_signature(p));
  p = nox_test_particle();
  p.ttl += 1;
  EXPECT_FALSE(verify_particle_signature(p));
  p = nox_test_particle();
  p.script = "abd";
  EXPECT_NE(particle_signature_error(p).find("does not verify"), std::string::npos);
}

TEST(ParticleSignature, AnotherInitPeerIdDoesNotVerify) {
  Particle p = nox_test_particle();
  p.init_peer_id = PeerId::from_ed25519(Ed25519KeyPair::generate().public_key()).to_base58();
  EXPECT_FALSE(verify_particle_signature(p));
}

TEST(ParticleSignature, Sha256PeerIdsCannotBeVerified) {
  Particle p = nox_test_particle();
  // An RSA-style peer id: the sha2-256 multihash of some key bytes ("Qm...").
  p.init_peer_id = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
  EXPECT_NE(particle_signature_error(p).find("does not embed its public key"), std::string::npos);
}

TEST(ParticleSignature, UnparsableInitPeerIdIsReportedNotThrown) {
  Particle p = nox_test_particle();
  p.init_peer_id = "not a peer";
  EXPECT_NE(particle_signature_error(p).find("is not a peer id"), std::string::npos);
}

TEST(ParticleSignature, SignatureOfTheWrongLengthIsReported) {
  Particle p = nox_test_particle();
  p.signature.pop_back();
  EXPECT_NE(particle_signature_error(p).find("63 bytes"), std::string::npos);
}

}  // namespace
}  // namespace fluence::node
