// The particle of network.md §10.3 (from nox's unit tests): its key, fields and signature.
#pragma once

#include <string>

#include "fluence/core/base_encoding.h"
#include "fluence/core/ed25519.h"
#include "fluence/node/particle.h"

namespace fluence::node::testing {

inline Ed25519KeyPair nox_test_key() {
  return Ed25519KeyPair::from_seed(base64_decode("7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=", false));
}

inline Particle nox_test_particle() {
  Particle p;
  p.id = "2883f959-e9e7-4843-8c37-205d393ca372";
  p.init_peer_id = "12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D";
  p.timestamp = 1696934545662;
  p.ttl = 7000;
  p.script = "abc";
  p.signature = base64_decode(
      "KceXDnOfqe0dOnAxiDsyWBIvUq6WHoT0ge+VMHXOZsjZvCNH7/10oufdlYfcPomfv28On6E87ZhDcHGBZcb7Bw==", false);
  p.data = {1, 2, 3};
  return p;
}

}  // namespace fluence::node::testing
