// Binary codec of the `interface-types` custom section (marine.md §3). The decoder accepts
// exactly what the reference produces (lists decoded as uleb, quirk Q2) and rejects malformed
// input with a fluence::Error naming the offset; the encoder lays out bytes like the reference.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fluence/marine/it_section.h"

namespace fluence::marine {

// Decodes a section payload. Throws fluence::Error (kInvalidInput) on any malformation:
// truncation, unknown kinds/opcodes/types, over-long uleb, trailing bytes, empty records,
// nesting deeper than 1024, a missing or repeated version entry.
ItSection decode_it_section(const uint8_t* data, size_t size);

// Encodes a section. Throws fluence::Error for names of 256 bytes or more (quirk Q9).
std::vector<uint8_t> encode_it_section(const ItSection& section);

// Checks the references inside a decoded section: record ids point at records, function
// type indices point at function types, adapters exist for implementations. Throws
// fluence::Error describing the first problem.
void validate_it_section(const ItSection& section);

// Compares "a.b.c" semver strings (numeric parts; pre-release suffix ignored). Throws on
// text that is not semver.
int compare_semver(const std::string& a, const std::string& b);

}  // namespace fluence::marine
