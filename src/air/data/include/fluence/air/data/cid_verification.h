// Verification of the CID stores of untrusted current_data (air.md §9.7): every key is a
// json-codec CID whose hash (sha2-256 or blake3-256) matches its entry, and every reference
// between stores resolves. Failure: DataError 8.
#pragma once

#include "fluence/air/data/cid_info.h"

namespace fluence::air {

void verify_cid_info(const CidInfo& cid_info);

}  // namespace fluence::air
