// Signatures of the CIDs each peer produced (air.md §9.8): attribution of trace CIDs to peers,
// the Borsh-encoded signed message, signing, verification of current_data (DataError 9) and the
// merge of prev and current signature stores.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fluence/air/data/interpreter_data.h"
#include "fluence/core/ed25519.h"

namespace fluence::air {

// Peer id text -> the CIDs attributed to it in trace order (with multiplicity): the
// service-result CID of every Call Executed(Scalar|Stream)/Failed state, attributed to its
// tetraplet's peer_pk, and the canon-result CID of every Canon Executed state, attributed to
// the canon result tetraplet's peer_pk. A CID missing from the stores throws DataError 9.
using PeerCids = std::map<std::string, std::vector<CidText>, std::less<>>;
PeerCids collect_peer_cids(const Trace& trace, const CidInfo& cid_info);

// Borsh((cids sorted by bytes, salt)).
Bytes signed_message(const std::vector<CidText>& cids, std::string_view salt);

// The store entry of `key` signing `cids` with salt = particle id.
SignatureEntry sign_cids(const Ed25519KeyPair& key, std::vector<CidText> cids,
                         std::string_view salt);

// A store entry that verify_signatures accepted, with the message it was verified against.
struct VerifiedSignature {
  SignatureEntry entry;
  Bytes message;
  std::vector<CidText> cids;  // the signed CIDs in trace order (the message sorts them)
};

// Signs what `peer_cids(data)` attributes to the key's peer and puts it into data.signatures
// (replacing that key's previous entry), as the interpreter does at the end of every run.
// Ed25519 signing is deterministic (RFC 8032, as libsodium and the reference's dalek sign), so
// when `verified` holds this key's signature over the very same message, that signature is
// what signing would produce again and is reused (a run that added nothing for this peer).
void sign_current_peer(InterpreterData& data, const Ed25519KeyPair& key, std::string_view salt,
                       const std::vector<VerifiedSignature>& verified = {});

// Peer id text (base58) of a store public key (0x00 || 32 bytes); throws DataError 9 if the
// bytes are not an Ed25519 key of that form.
std::string signature_peer_id(const SignatureEntry& entry);

// Verifies current_data's signatures; throws DataError 9. Returns what it verified.
std::vector<VerifiedSignature> verify_signatures(const InterpreterData& current,
                                                 std::string_view salt);

// Merged signature store of prev and current (current already verified): per peer, the entry
// whose CID multiset is larger; the smaller must be contained in it. Throws DataError 9.
SignatureStore merge_signatures(const InterpreterData& prev, const InterpreterData& current);

}  // namespace fluence::air
