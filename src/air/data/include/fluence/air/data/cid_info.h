// The five CID stores of the particle data (air.md §9.4, §9.7) and the aggregates they hold.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fluence/air/data/cid_store.h"
#include "fluence/air/data/security_tetraplet.h"
#include "fluence/air/data/shared_text.h"

namespace fluence::air {

// What a call's Executed(Scalar|Stream) or Failed state points to.
struct ServiceResultAggregate {
  CidText value_cid;       // in the value store
  SharedText argument_hash;  // CID of the canonical JSON array of the call's arguments
  CidText tetraplet_cid;   // in the tetraplet store
  bool operator==(const ServiceResultAggregate&) const = default;
};

// Where a canon element's value came from. Variant order = archive tag order.
enum class ProvenanceKind : std::uint8_t { kLiteral = 0, kServiceResult = 1, kCanon = 2 };
struct Provenance {
  ProvenanceKind kind = ProvenanceKind::kLiteral;
  CidText cid;  // empty for kLiteral; service-result or canon-result store otherwise
  bool operator==(const Provenance&) const = default;
};

// One element of a canon stream.
struct CanonElementAggregate {
  CidText value;      // in the value store
  CidText tetraplet;  // in the tetraplet store
  Provenance provenance;
  bool operator==(const CanonElementAggregate&) const = default;
};

// What a Canon(Executed) state points to.
struct CanonResultAggregate {
  CidText tetraplet;            // in the tetraplet store
  std::vector<CidText> values;  // in the canon element store
  bool operator==(const CanonResultAggregate&) const = default;
};

// value_store: canonical JSON text of values, kept exactly as hashed (may be huge; shared).
using ValueStore = CidStore<std::string>;
using TetrapletStore = CidStore<SecurityTetraplet>;
using CanonElementStore = CidStore<CanonElementAggregate>;
using CanonResultStore = CidStore<CanonResultAggregate>;
using ServiceResultStore = CidStore<ServiceResultAggregate>;

// Field order = the archive's.
struct CidInfo {
  ValueStore value_store;
  TetrapletStore tetraplet_store;
  CanonElementStore canon_element_store;
  CanonResultStore canon_result_store;
  ServiceResultStore service_result_store;

  // Union with another data's stores (air.md §7.7).
  void merge(const CidInfo& other) {
    value_store.merge(other.value_store);
    tetraplet_store.merge(other.tetraplet_store);
    canon_element_store.merge(other.canon_element_store);
    canon_result_store.merge(other.canon_result_store);
    service_result_store.merge(other.service_result_store);
  }
  bool operator==(const CidInfo&) const = default;
};

}  // namespace fluence::air
