// Writer of the rkyv 0.7 archive of InterpreterData in rkyv's own order (air.md §9.5):
// post-order, dependencies of every object before it, the root last. Identical CID texts and
// peer ids (Rc targets) are written once and shared, as the reference does for shared Rcs.
#pragma once

#include <cstddef>

#include "fluence/air/data/interpreter_data.h"
#include "fluence/core/bytes.h"

namespace fluence::air {

// Appends the archive of `data` to `out`. Alignment is relative to `out.size()` at the call,
// so a caller may put a header before it. With `release_values` (data's own value store, when
// data is not needed afterwards) each value text is dropped once written, so a big value is
// not held twice (store and output) while the output grows. Without `reserve`, the caller has
// reserved archive_size_hint(data) already (the hint walks the whole data: once is enough).
void append_inner_data(Bytes& out, const InterpreterData& data, ValueStore* release_values = nullptr,
                       bool reserve = true);

// An upper estimate of the archive's size, to reserve the output once.
std::size_t archive_size_hint(const InterpreterData& data);

}  // namespace fluence::air
