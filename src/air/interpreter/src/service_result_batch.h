// ServiceResultBatch: the service results a run produces, whose CIDs (value, argument hash,
// aggregate) are hashed together in SIMD lanes when the run first needs them, instead of one
// by one as each result arrives.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fluence/air/data/cid_info.h"

namespace fluence::air {

// A new result's CIDs only go into the trace, the values' provenance and the stores; nothing
// reads their texts before the next canon (which reads provenance CIDs) or the end of the run,
// where the executor flushes the batch. Until then the texts are placeholders.
class ServiceResultBatch {
 public:
  // Registers a result: its canonical value text, the canonical JSON array of the call's
  // arguments and its tetraplet's CID (in the tetraplet store already). Returns the
  // aggregate's CID, whose text flush() writes.
  CidText add(std::shared_ptr<const std::string> canonical_value, std::string arguments_json,
              CidText tetraplet_cid);

  // Hashes everything added, writes the CID texts and inserts the values and aggregates into
  // `stores` in the order they were added (the order the encoded stores keep).
  void flush(CidInfo& stores);

  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::shared_ptr<const std::string> value;
    std::string arguments;
    char* value_cid;  // where the CidTexts' bytes are written (the aggregate's, and its own)
    char* argument_hash;
    char* cid;
    std::shared_ptr<const ServiceResultAggregate> aggregate;
    CidText cid_text;
  };
  std::vector<Entry> entries_;
};

}  // namespace fluence::air
