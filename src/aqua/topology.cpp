// Topology: where each instruction runs and which hops bring the particle there (aqua.md §9.3),
// then AIR text in the reference's layout (§9.2).
#include <deque>

#include "ops.h"

namespace fluence::aqua {

std::vector<const Scope*> LocationTable::chain(int id) const {
  std::vector<const Scope*> out;
  for (int i = id; i >= 0; i = parent[i]) out.push_back(&scope[i]);
  std::vector<const Scope*> rev(out.rbegin(), out.rend());
  return rev;
}

namespace {

struct Air {
  std::string head;
  bool leaf = true;
  bool on_xor = false;  // the error-propagation xor of an `on`: exits go into its first branch
  std::vector<const Air*> kids;
};

class Emitter {
 public:
  Emitter(const LocationTable& locs, const TopologyOptions& opts) : locs_(locs), opts_(opts) {}

  const Air* run(const Op* root) {
    Cur cur{0, false};
    return seq(emit(root, cur, false));
  }

  static void print(const Air* n, int indent, std::string& out) {
    out.append(indent, ' ');
    out += '(';
    out += n->head;
    if (n->leaf) {
      out += ")\n";
      return;
    }
    out += '\n';
    for (const Air* k : n->kids) print(k, indent + 1, out);
    out.append(indent, ' ');
    out += ")\n";
  }

 private:
  struct Cur {
    int loc;
    bool detour;  // left the location's peer through its relays without arriving anywhere else
  };
  using List = std::vector<const Air*>;

  const LocationTable& locs_;
  TopologyOptions opts_;
  std::deque<Air> nodes_;

  const Air* leaf(std::string head) {
    Air& a = nodes_.emplace_back();
    a.head = std::move(head);
    return &a;
  }
  const Air* node(std::string head, List kids) {
    Air& a = nodes_.emplace_back();
    a.head = std::move(head);
    a.leaf = false;
    a.kids = std::move(kids);
    return &a;
  }
  const Air* seq(const List& l) {
    if (l.empty()) return leaf("null");
    const Air* acc = l[0];
    for (size_t i = 1; i < l.size(); ++i) acc = node("seq", {acc, l[i]});
    return acc;
  }

  const Air* hop(const std::string& peer, bool collection) {
    if (collection) {
      const Air* inner = hop("-via-peer-", false);
      return node("fold " + peer + " -via-peer-", {node("seq", {inner, leaf("next -via-peer-")}), leaf("null")});
    }
    return node("new $-hop-", {node("new #-hopc-", {leaf("canon " + peer + " $-hop-  #-hopc-")})});
  }

  // Peers between location a and location b (both excluded), per aqua.md §9.3.
  std::vector<std::pair<std::string, bool>> path(int a, int b) {
    std::vector<std::pair<std::string, bool>> out;
    if (a == b) return out;
    auto ca = locs_.chain(a);
    auto cb = locs_.chain(b);
    size_t k = 0;
    while (k < ca.size() && k < cb.size() && *ca[k] == *cb[k]) ++k;
    if (k == ca.size() && k == cb.size()) return out;
    const std::string& pa = ca.back()->peer;
    const std::string& pb = cb.back()->peer;
    std::vector<const Scope*> ra(ca.begin() + k, ca.end()), rb(cb.begin() + k, cb.end());
    if (ra.empty() && pa != pb) ra.push_back(ca.back());
    if (rb.empty() && pa != pb) rb.push_back(cb.back());
    std::vector<std::pair<std::string, bool>> full;
    full.emplace_back(pa, false);
    for (auto it = ra.rbegin(); it != ra.rend(); ++it) {
      for (auto v = (*it)->vias.rbegin(); v != (*it)->vias.rend(); ++v) full.push_back(*v);
    }
    for (const Scope* s : rb) {
      for (const auto& v : s->vias) full.push_back(v);
    }
    full.emplace_back(pb, false);
    std::vector<std::pair<std::string, bool>> clean;
    for (auto& p : full) {
      if (!clean.empty() && clean.back().first == p.first) continue;
      size_t found = clean.size();
      for (size_t i = 0; i < clean.size(); ++i) {
        if (clean[i].first == p.first) {
          found = i;
          break;
        }
      }
      if (found < clean.size()) {
        clean.resize(found + 1);
        continue;
      }
      clean.push_back(p);
    }
    for (size_t i = 1; i + 1 < clean.size(); ++i) out.push_back(clean[i]);
    return out;
  }

  void add_hops(List& l, const std::vector<std::pair<std::string, bool>>& p) {
    for (const auto& h : p) l.push_back(hop(h.first, h.second));
  }

  // Hops back from `cur` to location `to`, ending on `to`'s peer itself. When the branch ends
  // with an `on` block, the hops go inside its success branch (as the reference places them).
  void return_to(List& l, const Cur& cur, int to) {
    if (!l.empty() && l.back()->on_xor) {
      Air* x = const_cast<Air*>(l.back());
      List inner{x->kids[0]};
      return_to_plain(inner, cur, to);
      x->kids[0] = seq(inner);
      return;
    }
    return_to_plain(l, cur, to);
  }
  void return_to_plain(List& l, const Cur& cur, int to) {
    add_hops(l, path(cur.loc, to));
    if (cur.loc != to || cur.detour) {
      auto ca = locs_.chain(cur.loc);
      auto cb = locs_.chain(to);
      bool same = ca.size() == cb.size();
      for (size_t i = 0; same && i < ca.size(); ++i) same = *ca[i] == *cb[i];
      if (!same || cur.detour) l.push_back(hop(locs_.peer(to), false));
    }
  }

  static bool has_exec(const Op* op) {
    if (op->kind == Op::kCall || op->kind == Op::kCanon) return true;
    for (const Op* k : op->kids) {
      if (has_exec(k)) return true;
    }
    return false;
  }

  List emit(const Op* op, Cur& cur, bool has_after) {
    List out;
    switch (op->kind) {
      case Op::kSeq: {
        for (size_t i = 0; i < op->kids.size(); ++i) {
          List part = emit(op->kids[i], cur, has_after || i + 1 < op->kids.size());
          out.insert(out.end(), part.begin(), part.end());
        }
        return out;
      }
      case Op::kCall:
      case Op::kCanon: {
        if (!op->flag) {
          add_hops(out, path(cur.loc, op->loc));
          cur = Cur{op->loc, false};
        }
        const std::string& peer = locs_.peer(op->loc);
        if (op->kind == Op::kCanon) {
          out.push_back(leaf("canon " + peer + " " + op->a + "  " + op->b));
        } else {
          std::string h = "call " + peer + " (" + op->a + " " + op->b + ") [";
          for (size_t i = 0; i < op->args.size(); ++i) h += (i ? " " : "") + op->args[i];
          h += "]";
          if (!op->c.empty()) h += " " + op->c;
          out.push_back(leaf(h));
        }
        return out;
      }
      case Op::kAp: out.push_back(leaf("ap " + op->a + " " + op->b)); return out;
      case Op::kApKV: out.push_back(leaf("ap (" + op->a + " " + op->b + ") " + op->c)); return out;
      case Op::kNull: out.push_back(leaf("null")); return out;
      case Op::kNever: out.push_back(leaf("never")); return out;
      case Op::kNext: out.push_back(leaf("next " + op->a)); return out;
      case Op::kFail: out.push_back(leaf("fail " + op->a)); return out;
      case Op::kNew: {
        List body = emit(op->kids[0], cur, has_after);
        out.push_back(node("new " + op->a, {seq(body)}));
        return out;
      }
      case Op::kMatch:
      case Op::kMismatch: {
        List body = emit(op->kids[0], cur, has_after);
        out.push_back(node(std::string(op->kind == Op::kMatch ? "match " : "mismatch ") + op->a + " " + op->b, {seq(body)}));
        return out;
      }
      case Op::kXor: {
        Cur start = cur;
        List a = emit(op->kids[0], cur, has_after);
        Cur end_a = cur;
        Cur c2 = start;
        List b = emit(op->kids[1], c2, has_after);
        cur = end_a;
        out.push_back(node("xor", {seq(a), seq(b)}));
        return out;
      }
      case Op::kPar: {
        Cur start = cur;
        Cur ca = start;
        List a = emit(op->kids[0], ca, true);
        Cur cb = start;
        List b = emit(op->kids[1], cb, true);
        if (has_after && !op->flag) {
          return_to(a, ca, start.loc);
          return_to(b, cb, start.loc);
        }
        cur = start;
        out.push_back(node("par", {seq(a), seq(b)}));
        return out;
      }
      case Op::kFold: {
        Cur start = cur;
        Cur c = start;
        List body = emit(op->kids[0], c, true);
        const std::string& item = op->b;
        const Air* next = leaf("next " + item);
        std::string head = "fold " + op->a + " " + item;
        switch (op->fold_mode) {
          case Op::kFoldSeq:
          case Op::kFoldTry: {
            if (c.loc != start.loc || c.detour) add_hops(body, path(c.loc, start.loc));
            const Air* inner = node(op->fold_mode == Op::kFoldSeq ? "seq" : "xor", {seq(body), next});
            out.push_back(node(head, {inner, leaf("null")}));
            break;
          }
          case Op::kFoldPar: {
            if (has_after) return_to(body, c, start.loc);
            const Air* f = node(head, {node("par", {seq(body), next}), leaf("never")});
            out.push_back(node("par", {f, leaf("null")}));
            break;
          }
          case Op::kFoldRaw: {
            out.push_back(node(head, {seq(body), leaf(op->c)}));
            break;
          }
          case Op::kFoldParseq: {
            out.push_back(node(head, {node("par", {seq(body), next}), leaf("never")}));
            break;
          }
        }
        cur = start;
        return out;
      }
      case Op::kOn: {
        if (!has_exec(op)) {
          // Nothing runs there: the peer is never visited.
          return emit(op->kids[0], cur, has_after);
        }
        List body = emit(op->kids[0], cur, true);
        if (opts_.no_xor) return body;
        Cur inner = cur;
        add_hops(body, path(inner.loc, op->parent_loc));
        List fail;
        add_hops(fail, path(op->loc, op->parent_loc));
        fail.push_back(hop(locs_.peer(op->parent_loc), false));
        fail.push_back(leaf("fail :error:"));
        cur = Cur{op->parent_loc, inner.loc != op->parent_loc};
        const Air* x = node("xor", {seq(body), seq(fail)});
        const_cast<Air*>(x)->on_xor = true;
        out.push_back(x);
        return out;
      }
    }
    return out;
  }
};

}  // namespace

std::string emit_air(const Op* root, const LocationTable& locs, const TopologyOptions& opts) {
  Emitter e(locs, opts);
  const auto* air = e.run(root);
  std::string out;
  out.reserve(4096);
  Emitter::print(air, 0, out);
  return out;
}

}  // namespace fluence::aqua
