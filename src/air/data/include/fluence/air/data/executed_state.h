// The execution trace: one ExecutedState per state-producing instruction occurrence, in
// execution order (air.md §6.1; binary layout §9.4). Mirrors AquaVM's interpreter-data crate.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <variant>
#include <vector>

#include "fluence/air/data/shared_text.h"

namespace fluence::air {

// Par(left_size, right_size): number of states produced by each branch.
struct ParResult {
  std::uint32_t left_size = 0;
  std::uint32_t right_size = 0;
  bool operator==(const ParResult&) const = default;
};

// --- Call ---------------------------------------------------------------------------------

// Sender of a call that has not produced a result yet.
struct SenderPeerId {  // forwarded to another peer by `peer_id`
  SharedText peer_id;
  bool operator==(const SenderPeerId&) const = default;
};
struct SenderPeerIdWithCallId {  // local call awaiting the result of request `call_id`
  SharedText peer_id;
  std::uint32_t call_id = 0;
  bool operator==(const SenderPeerIdWithCallId&) const = default;
};
using Sender = std::variant<SenderPeerId, SenderPeerIdWithCallId>;

// Where a successful call's result went.
struct ScalarValueRef {  // cid of the service-result aggregate
  CidText cid;
  bool operator==(const ScalarValueRef&) const = default;
};
struct StreamValueRef {  // cid of the service-result aggregate + generation in the stream
  CidText cid;
  std::uint32_t generation = 0;
  bool operator==(const StreamValueRef&) const = default;
};
struct UnusedValueRef {  // cid of the canonical JSON of the value (stored nowhere)
  CidText cid;
  bool operator==(const UnusedValueRef&) const = default;
};
using ValueRef = std::variant<ScalarValueRef, StreamValueRef, UnusedValueRef>;

struct CallRequestSentBy {
  Sender sender;
  bool operator==(const CallRequestSentBy&) const = default;
};
struct CallExecuted {
  ValueRef value;
  bool operator==(const CallExecuted&) const = default;
};
struct CallFailed {  // cid of a service-result aggregate whose value is {message, ret_code}
  CidText cid;
  bool operator==(const CallFailed&) const = default;
};
using CallResult = std::variant<CallRequestSentBy, CallExecuted, CallFailed>;

// --- Fold ---------------------------------------------------------------------------------

struct SubTraceDesc {
  std::uint32_t begin_pos = 0;
  std::uint32_t subtrace_len = 0;
  bool operator==(const SubTraceDesc&) const = default;
};
// One iteration of a fold over a stream: the value's trace position and the sub-traces
// produced before and after `next` (normally exactly two descriptors; others are decodable
// and rejected by the trace handler with 20000).
struct FoldSubTraceLore {
  std::uint32_t value_pos = 0;
  std::vector<SubTraceDesc> subtraces_desc;
  bool operator==(const FoldSubTraceLore&) const = default;
};
struct FoldResult {
  std::vector<FoldSubTraceLore> lore;
  bool operator==(const FoldResult&) const = default;
};

// --- Ap -----------------------------------------------------------------------------------

// The generations of an ap's result: a list that holds one without an allocation (every valid
// ap state has exactly one; traces have thousands of them). Other counts decode, and the trace
// handler rejects them.
class ApGenerations {
 public:
  ApGenerations() = default;
  ApGenerations(std::initializer_list<std::uint32_t> list) {
    for (std::uint32_t g : list) push_back(g);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::uint32_t* data() const { return size_ <= 1 ? &one_ : more_.data(); }
  const std::uint32_t* begin() const { return data(); }
  const std::uint32_t* end() const { return data() + size_; }
  std::uint32_t operator[](std::size_t i) const { return data()[i]; }

  void reserve(std::size_t n) {
    if (n > 1) more_.reserve(n);
  }
  void push_back(std::uint32_t g) {
    if (size_ == 0) {
      one_ = g;
    } else {
      if (size_ == 1) more_.assign(1, one_);
      more_.push_back(g);
    }
    ++size_;
  }
  void assign(std::size_t n, std::uint32_t g) {
    more_.clear();
    size_ = 0;
    for (std::size_t i = 0; i < n; ++i) push_back(g);
  }

  bool operator==(const ApGenerations& other) const {
    return size_ == other.size_ && std::equal(begin(), end(), other.begin());
  }

 private:
  std::uint32_t one_ = 0;            // the only one, when size_ == 1
  std::size_t size_ = 0;
  std::vector<std::uint32_t> more_;  // all of them, when size_ > 1
};

struct ApResult {
  ApGenerations generations;
  bool operator==(const ApResult&) const = default;
};

// --- Canon --------------------------------------------------------------------------------

struct CanonRequestSentBy {
  SharedText peer_id;
  bool operator==(const CanonRequestSentBy&) const = default;
};
struct CanonExecuted {  // cid of the canon-result aggregate
  CidText cid;
  bool operator==(const CanonExecuted&) const = default;
};
using CanonResult = std::variant<CanonRequestSentBy, CanonExecuted>;

// --- State and trace ----------------------------------------------------------------------

// Variant order = the archive's tag order (Par 0, Call 1, Fold 2, Ap 3, Canon 4).
using ExecutedState = std::variant<ParResult, CallResult, FoldResult, ApResult, CanonResult>;
using Trace = std::vector<ExecutedState>;

}  // namespace fluence::air
