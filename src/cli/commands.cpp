#include "commands.h"

#include <algorithm>
#include <utility>

namespace fluence::cli {
namespace {

// A function-local static so registration works whatever the static initialisation order.
std::vector<std::pair<int, CommandAdder>>& registry() {
  static std::vector<std::pair<int, CommandAdder>> entries;
  return entries;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, CommandAdder adder) {
  registry().emplace_back(order, adder);
}

std::vector<CommandAdder> registered_commands() {
  auto entries = registry();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CommandAdder> out;
  for (const auto& e : entries) out.push_back(e.second);
  return out;
}

}  // namespace fluence::cli
