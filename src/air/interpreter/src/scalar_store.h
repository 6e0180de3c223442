// ScalarStore<T>: scalars (and, in separate instances, canon streams and canon maps) in the
// depth model of air.md §5.3: name -> stack of (depth, value | unset-by-new), visible only at
// allowed depths, so that fold iterations cannot see each other's values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace fluence::air {

enum class ScalarLookup { kFound, kNotFound, kUnset };

// Names are the script's variable ids (Variable::id, dense from 0): each has its stack in a
// slot of an array, and the names that hold any cell are listed for the cleanup after a fold
// iteration.
template <class T>
class ScalarStore {
 public:
  ScalarStore() { allowed_.assign(1, 1); }

  // Room for ids below `count` (the script's distinct names); larger ids grow it.
  void reserve_names(std::size_t count) {
    if (cells_.size() < count) cells_.resize(count);
  }

  // Returns false when the name already holds a value in the global scope (20007).
  bool set(std::uint32_t id, T&& value) {
    std::vector<Cell>& stack = slot(id);
    if (stack.empty()) {
      stack.push_back(Cell{depth_, std::move(value)});
      live_.push_back(id);
      return true;
    }
    if (depth_ == 0 && stack.back().value.has_value()) return false;
    if (stack.back().depth == depth_) {
      stack.back().value = std::move(value);
    } else {
      stack.push_back(Cell{depth_, std::move(value)});
    }
    return true;
  }

  // Global-scope check used before a call runs (20007).
  bool could_be_set(std::uint32_t id) const {
    if (depth_ != 0) return true;
    return id >= cells_.size() || cells_[id].empty() || !cells_[id].back().value.has_value();
  }

  ScalarLookup get(std::uint32_t id, const T** out) const {
    if (id >= cells_.size() || cells_[id].empty()) return ScalarLookup::kNotFound;
    const Cell& top = cells_[id].back();
    if (top.depth >= allowed_.size() || !allowed_[top.depth]) return ScalarLookup::kNotFound;
    if (!top.value) return ScalarLookup::kUnset;
    *out = &*top.value;
    return ScalarLookup::kFound;
  }

  void meet_fold_start() {
    ++depth_;
    allow(depth_, true);
  }
  void meet_next_before() {
    allow(depth_, false);
    ++depth_;
    allow(depth_, true);
  }
  void meet_next_after() {
    allow(depth_, false);
    --depth_;
    allow(depth_, true);
    cleanup();
  }
  void meet_fold_end() {
    allow(depth_, false);
    --depth_;
    cleanup();
  }

  void meet_new_start(std::uint32_t id) {
    std::vector<Cell>& stack = slot(id);
    if (stack.empty()) live_.push_back(id);
    stack.push_back(Cell{depth_, std::nullopt});
  }
  // False if the state is corrupted (20008).
  bool meet_new_end(std::uint32_t id) {
    if (id >= cells_.size() || cells_[id].empty() || cells_[id].back().depth != depth_) return false;
    cells_[id].pop_back();
    if (cells_[id].empty()) forget(id);
    return true;
  }

 private:
  struct Cell {
    std::size_t depth;
    std::optional<T> value;
  };
  std::vector<Cell>& slot(std::uint32_t id) {
    if (id >= cells_.size()) cells_.resize(std::size_t{id} + 1);
    return cells_[id];
  }
  void forget(std::uint32_t id) {
    auto it = std::find(live_.begin(), live_.end(), id);
    if (it != live_.end()) {
      *it = live_.back();
      live_.pop_back();
    }
  }
  void allow(std::size_t depth, bool on) {
    // Depth grows by one per nested fold iteration (a fold over a thousand items in a par goes
    // a thousand deep): grown geometrically, with bytes, not bits.
    if (allowed_.size() <= depth) allowed_.resize(std::max(depth + 1, 2 * allowed_.size()), 0);
    allowed_[depth] = on;
  }
  void cleanup() {
    // Values set deeper than the current depth die. Only names touched below depth 0 can be
    // affected; scanning all live names is what the reference does and is cheap for real
    // scripts.
    for (std::size_t i = 0; i < live_.size();) {
      std::vector<Cell>& stack = cells_[live_[i]];
      const std::size_t d = stack.back().depth;
      if (d != 0 && d > depth_) {
        stack.pop_back();
        if (stack.empty()) {
          live_[i] = live_.back();
          live_.pop_back();
          continue;
        }
      }
      ++i;
    }
  }

  std::vector<std::vector<Cell>> cells_;  // by name id
  std::vector<std::uint32_t> live_;       // the ids whose stack is not empty
  std::vector<std::uint8_t> allowed_;  // by depth: whether values set there are visible
  std::size_t depth_ = 0;
};

}  // namespace fluence::air
