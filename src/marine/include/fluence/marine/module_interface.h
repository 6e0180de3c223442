// The callable surface of a loaded module: its IT functions and record types
// (what `interface`, `marine aqua` and srv.get_interface print).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fluence/marine/itype.h"

namespace fluence::marine {

struct FunctionSignature {
  std::string name;
  std::vector<NamedType> arguments;
  std::vector<IType> outputs;
};

struct ModuleInterface {
  std::vector<FunctionSignature> functions;     // in IT export order
  std::map<uint64_t, RecordType> records;       // by type index

  std::string record_name(uint64_t id) const;
  // {function_signatures: [...], record_types: [...]} as in marine.md §14.3.
  std::string to_json() const;
};

// Aqua declarations of a module (marine.md §15.1 `marine aqua`).
std::string aqua_declarations(const ModuleInterface& iface, const std::string& service_name,
                              const std::string& service_id);

}  // namespace fluence::marine
