// CIDs of store entries (air.md §9.6): CIDv1, codec json, BLAKE3-256, base32 text. Values are
// hashed over their canonical JSON text; tetraplets and aggregates over their JSON with fields
// in declaration order.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/core/bytes.h"
#include "fluence/core/hash.h"

#include "fluence/air/data/cid_info.h"
#include "fluence/air/data/security_tetraplet.h"
#include "fluence/air/data/shared_text.h"

namespace fluence::air {

// `canonical_json` must already be canonical (fluence::canonical_json).
CidText value_cid(std::string_view canonical_json);

// fluence::json_cid written into a fixed buffer ('b' + 60 base32 characters): CIDs are computed
// for every new value, tetraplet and aggregate and checked for every stored one, where the
// intermediate strings of the general multibase encoder cost more than the hashing.
using JsonCidChars = std::array<char, 61>;
JsonCidChars json_cid_chars(std::string_view canonical_json);
// The same from the BLAKE3 digest of the text (when digests are computed in batches).
JsonCidChars json_cid_chars_of_digest(const Digest32& digest);
// json_cid_chars of each text, the texts hashed side by side in SIMD lanes (blake3_many): what
// checking or computing many CIDs at once needs.
std::vector<JsonCidChars> json_cid_chars_many(std::span<const ByteView> texts);
// The same without BMI2 instructions (what runs on CPUs without them; for tests elsewhere).
JsonCidChars json_cid_chars_of_digest_portable(const Digest32& digest);

std::string tetraplet_json(const SecurityTetraplet& tetraplet);
std::string service_result_json(const ServiceResultAggregate& aggregate);
void append_service_result_json(std::string& out, const ServiceResultAggregate& aggregate);
std::string canon_element_json(const CanonElementAggregate& aggregate);
std::string canon_result_json(const CanonResultAggregate& aggregate);

CidText tetraplet_cid(const SecurityTetraplet& tetraplet);
CidText service_result_cid(const ServiceResultAggregate& aggregate);
CidText canon_element_cid(const CanonElementAggregate& aggregate);
CidText canon_result_cid(const CanonResultAggregate& aggregate);

}  // namespace fluence::air
