// The diagnostic JSON rendering of particle data, shaped like AquaVM's to_human_readable_data:
// {"data": {"cid_info", "lcid", "signatures", "trace"}, "versions": {...}}, keys sorted.
#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "fluence/air/data/particle_data_codec.h"

namespace fluence::air {

boost::json::value human_readable_json(const DecodedParticleData& data);
boost::json::value trace_json(const Trace& trace);

// Decodes raw particle data (DataError on bad input) and renders it as compact JSON text.
std::string to_human_readable_data(ByteView data);

}  // namespace fluence::air
