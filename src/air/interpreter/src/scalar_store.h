// ScalarStore<T>: scalars (and, in separate instances, canon streams and canon maps) in the
// depth model of air.md §5.3: name -> stack of (depth, value | unset-by-new), visible only at
// allowed depths, so that fold iterations cannot see each other's values.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fluence::air {

enum class ScalarLookup { kFound, kNotFound, kUnset };

template <class T>
class ScalarStore {
 public:
  ScalarStore() { allowed_.assign(1, true); }

  // Returns false when the name already holds a value in the global scope (20007).
  bool set(std::string_view name, T value) {
    auto it = cells_.find(name);
    if (it == cells_.end()) {
      cells_[name].push_back(Cell{depth_, std::move(value)});
      return true;
    }
    auto& stack = it->second;
    if (depth_ == 0 && stack.back().value.has_value()) return false;
    if (stack.back().depth == depth_) {
      stack.back().value = std::move(value);
    } else {
      stack.push_back(Cell{depth_, std::move(value)});
    }
    return true;
  }

  // Global-scope check used before a call runs (20007).
  bool could_be_set(std::string_view name) const {
    if (depth_ != 0) return true;
    auto it = cells_.find(name);
    return it == cells_.end() || !it->second.back().value.has_value();
  }

  ScalarLookup get(std::string_view name, const T** out) const {
    auto it = cells_.find(name);
    if (it == cells_.end()) return ScalarLookup::kNotFound;
    const Cell& top = it->second.back();
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

  void meet_new_start(std::string_view name) { cells_[name].push_back(Cell{depth_, std::nullopt}); }
  // False if the state is corrupted (20008).
  bool meet_new_end(std::string_view name) {
    auto it = cells_.find(name);
    if (it == cells_.end() || it->second.back().depth != depth_) return false;
    it->second.pop_back();
    if (it->second.empty()) cells_.erase(it);
    return true;
  }

 private:
  struct Cell {
    std::size_t depth;
    std::optional<T> value;
  };
  void allow(std::size_t depth, bool on) {
    if (allowed_.size() <= depth) allowed_.resize(depth + 1, false);
    allowed_[depth] = on;
  }
  void cleanup() {
    // Values set deeper than the current depth die. Only names touched below depth 0 can be
    // affected; scanning all is what the reference does and is cheap for real scripts.
    for (auto it = cells_.begin(); it != cells_.end();) {
      auto& stack = it->second;
      const std::size_t d = stack.back().depth;
      if (d != 0 && d > depth_) {
        stack.pop_back();
        if (stack.empty()) {
          it = cells_.erase(it);
          continue;
        }
      }
      ++it;
    }
  }

  std::unordered_map<std::string_view, std::vector<Cell>> cells_;
  std::vector<bool> allowed_;
  std::size_t depth_ = 0;
};

}  // namespace fluence::air
