// Text form of an IT section (marine.md §3.8), as printed by `marine it`.
#pragma once

#include <string>

#include "fluence/marine/it_section.h"

namespace fluence::marine {

std::string it_section_to_text(const ItSection& section);

}  // namespace fluence::marine
