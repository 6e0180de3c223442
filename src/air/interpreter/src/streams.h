// Streams and stream maps at run time (air.md §5.4, §7.9): each instance keeps the values
// replayed from prev data, those replayed only from current data and those produced in this
// run, as lists of generations; instances are global or restricted to the span of a `new`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "fluence/air/syntax/ast.h"
#include "values.h"

namespace fluence::air {

enum class GenerationSource : std::uint8_t { kPrevious, kCurrent, kNew };

class Stream {
 public:
  using Generation = std::vector<ValueAggregate>;

  Stream() = default;

  // Appends a value (moved, or copied in place) and returns it as stored.
  template <class V>
  ValueAggregate& add(V&& value, GenerationSource source, std::uint32_t generation) {
    ++size_;
    switch (source) {
      case GenerationSource::kPrevious:
        return previous_.add(generation, std::forward<V>(value));
      case GenerationSource::kCurrent:
        return current_.add(generation, std::forward<V>(value));
      case GenerationSource::kNew:
        break;
    }
    if (new_.empty()) new_.emplace_back();
    return new_.back().emplace_back(std::forward<V>(value));
  }
  std::size_t size() const { return size_; }

  // Calls f(values) for every non-empty generation in iteration order (values: a span).
  template <class F>
  void for_each_generation(F&& f) const {
    previous_.for_each(f);
    current_.for_each(f);
    for (const auto& g : new_)
      if (!g.empty()) f(std::span<const ValueAggregate>(g));
  }
  template <class F>
  void for_each_value(F&& f) const {
    for_each_generation([&](std::span<const ValueAggregate> g) {
      for (const auto& v : g) f(v);
    });
  }

  // Generation slot counts, for folds over recursive streams (§6.4.9).
  struct Cursor {
    std::size_t previous = 0, current = 0, added = 0;
  };
  Cursor cursor() const { return {previous_.slots, current_.slots, new_.size()}; }
  // The non-empty generations after a cursor; the skip counts include empty slots while the
  // skipped lists exclude them, as the reference does [quirk].
  std::vector<Generation> generations_since(const Cursor& c) const {
    std::vector<Generation> out;
    auto take_replayed = [&](const ReplayedGenerations& m, std::size_t skip) {
      std::size_t seen = 0;
      m.for_each([&](std::span<const ValueAggregate> g) {
        if (seen++ >= skip) out.emplace_back(g.begin(), g.end());
      });
    };
    take_replayed(previous_, c.previous);
    take_replayed(current_, c.current);
    std::size_t seen = 0;
    for (const auto& g : new_) {
      if (g.empty()) continue;
      if (seen++ < c.added) continue;
      out.push_back(g);
    }
    return out;
  }
  void new_generation() { new_.emplace_back(); }
  void drop_trailing_empty_generation() {
    if (!new_.empty() && new_.back().empty()) new_.pop_back();
  }

  // Compaction (§7.9): calls f(trace_pos, generation) for every value.
  template <class F>
  bool compact(F&& f) const {
    std::uint32_t g = 0;
    bool ok = true;
    for_each_generation([&](std::span<const ValueAggregate> gen) {
      for (const auto& v : gen)
        if (ok && !f(v.trace_pos, g)) ok = false;
      ++g;
    });
    return ok;
  }

 private:
  // Generations replayed from data, by the index the data gives them. Kept sparse: the index
  // comes from outside, and a huge one must not allocate every slot below it. `slots` is the
  // highest index + 1, as a dense list's size would be (cursors count empty slots, §6.4.9).
  struct ReplayedGenerations {
    // The values with their generation indices, ordered by index (stably): data mostly replays
    // generations in increasing order, so a value is usually appended. One list, not a list per
    // generation: a trace's aps mostly leave one value per generation.
    std::vector<std::uint32_t> indices;
    std::vector<ValueAggregate> values;
    std::size_t slots = 0;

    template <class V>
    ValueAggregate& add(std::uint32_t g, V&& value) {
      slots = std::max(slots, std::size_t{g} + 1);
      if (indices.empty() || indices.back() <= g) {
        indices.push_back(g);
        return values.emplace_back(std::forward<V>(value));
      }
      auto it = std::upper_bound(indices.begin(), indices.end(), g);
      const std::size_t at = static_cast<std::size_t>(it - indices.begin());
      indices.insert(it, g);
      return *values.emplace(values.begin() + static_cast<std::ptrdiff_t>(at), std::forward<V>(value));
    }
    // f(span of the values of one generation), for every non-empty one in index order.
    template <class F>
    void for_each(F&& f) const {
      for (std::size_t from = 0; from < values.size();) {
        std::size_t to = from + 1;
        while (to < values.size() && indices[to] == indices[from]) ++to;
        f(std::span<const ValueAggregate>(values.data() + from, to - from));
        from = to;
      }
    }
  };
  ReplayedGenerations previous_, current_;
  std::vector<Generation> new_;
  std::size_t size_ = 0;
};

// All instances of streams (or of stream maps) by name id (Variable::id, dense from 0).
class StreamStore {
 public:
  // The instance a token at `position` refers to, or nullptr if none exists yet.
  Stream* find(std::uint32_t id, Pos position) {
    if (restricted_count_ != 0 && id < restricted_.size()) {
      const auto& r = restricted_[id];
      for (auto it = r.rbegin(); it != r.rend(); ++it)
        if (it->span.contains(position)) return it->stream.get();
    }
    return id < global_.size() ? global_[id].get() : nullptr;
  }
  // As find, creating the global instance on first write.
  Stream& get_or_create(std::uint32_t id, Pos position) {
    if (Stream* s = find(id, position)) return *s;
    if (id >= global_.size()) global_.resize(std::size_t{id} + 1);
    global_[id] = std::make_unique<Stream>();
    order_.push_back(id);
    return *global_[id];
  }
  void meet_new_start(std::uint32_t id, Span span) {
    if (id >= restricted_.size()) restricted_.resize(std::size_t{id} + 1);
    restricted_[id].push_back(Restricted{span, std::make_unique<Stream>()});
    ++restricted_count_;
  }
  std::unique_ptr<Stream> meet_new_end(std::uint32_t id) {
    auto& v = restricted_[id];
    auto s = std::move(v.back().stream);
    v.pop_back();
    --restricted_count_;
    return s;
  }
  // Global instances in creation order.
  template <class F>
  bool for_each_global(F&& f) const {
    for (std::uint32_t id : order_)
      if (!f(*global_[id])) return false;
    return true;
  }

 private:
  struct Restricted {
    Span span;
    std::unique_ptr<Stream> stream;
  };
  std::vector<std::unique_ptr<Stream>> global_;           // by id; null until first written
  std::vector<std::uint32_t> order_;                      // ids in creation order
  std::vector<std::vector<Restricted>> restricted_;       // by id: the `new` scopes, innermost last
  std::size_t restricted_count_ = 0;
};

}  // namespace fluence::air
