// JSON <-> IValue conversion by IT signature (marine.md §12.3), as the node, the REPL and
// marine-js do it.
#pragma once

#include <vector>

#include <boost/json.hpp>

#include "fluence/marine/ivalue.h"
#include "fluence/marine/module_interface.h"

namespace fluence::marine {

// Converts call arguments (array: positional; object: by name; null: no arguments; any
// other value: the single argument). Throws fluence::Error naming the offending argument.
std::vector<IValue> json_to_arguments(const boost::json::value& args, const FunctionSignature& sig,
                                      const ModuleInterface& iface);

IValue json_to_ivalue(const boost::json::value& v, const IType& type, const ModuleInterface& iface);

// Results: none -> null, one -> its JSON; records as objects keyed by field name.
boost::json::value results_to_json(const std::vector<IValue>& results, const FunctionSignature& sig,
                                   const ModuleInterface& iface);
boost::json::value ivalue_to_json(const IValue& v, const IType* type, const ModuleInterface& iface);

}  // namespace fluence::marine
