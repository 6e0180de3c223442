// The intermediate tree the elaborator produces for one exported function: AIR-like operations
// plus `on` scopes and locations. The topology pass (topology.h) turns it into AIR text,
// inserting the hops through relays and the error propagation around `on`.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace fluence::aqua {

// One `on` scope: a peer and the relays to reach it (each relay may be a collection of peers).
struct Scope {
  std::string peer;
  std::vector<std::pair<std::string, bool>> vias;  // operand, is a collection
  bool operator==(const Scope& o) const { return peer == o.peer && vias == o.vias; }
};

// Locations form a tree: id 0 is the root (the init peer, via the relay), each `on` adds a child.
struct LocationTable {
  std::vector<int> parent;
  std::vector<Scope> scope;
  int add(int parent_id, Scope s) {
    parent.push_back(parent_id);
    scope.push_back(std::move(s));
    return static_cast<int>(scope.size()) - 1;
  }
  std::vector<const Scope*> chain(int id) const;  // root first
  const std::string& peer(int id) const { return scope[id].peer; }
};

struct Op {
  enum Kind { kSeq, kPar, kXor, kFold, kNext, kNew, kNull, kNever, kMatch, kMismatch, kCall, kAp, kApKV, kCanon, kFail, kOn };
  enum FoldMode { kFoldSeq, kFoldTry, kFoldPar, kFoldParseq, kFoldRaw };  // raw: kids[0] holds next; c = last instr
  Kind kind = kSeq;
  std::vector<Op*> kids;
  // kCall: a=service operand, b=function name (quoted), c=result; args. kAp: a=value, b=dst.
  // kApKV: a=key, b=value, c=dst. kCanon: a=stream, b=dst. kFold: a=iterable, b=item.
  // kNew: a=name. kMatch/kMismatch: a, b. kFail: a. kNext: a.
  std::string a, b, c;
  std::vector<std::string> args;
  int loc = 0;         // kCall/kCanon: where it runs; kOn: the inner location
  int parent_loc = 0;  // kOn
  bool flag = false;   // kPar: `co` (never returns); kCall: no hops (top-level error handler);
                       // kOn: inside parseq (returns only to its relay)
  FoldMode fold_mode = kFoldSeq;
};

class OpArena {
 public:
  Op* make(Op::Kind k) {
    Op& op = ops_.emplace_back();
    op.kind = k;
    return &op;
  }
  void clear() { ops_.clear(); }

 private:
  std::deque<Op> ops_;
};

struct TopologyOptions {
  bool no_xor = false;
};

// Emits AIR text for the tree rooted at `root` (a kXor of body and error handler, usually).
std::string emit_air(const Op* root, const LocationTable& locs, const TopologyOptions& opts);

}  // namespace fluence::aqua
