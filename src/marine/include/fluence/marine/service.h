// A Marine service: the modules of a ServiceConfig loaded in order into one Marine, with the
// facade (last module) as the service interface, JSON calls and call parameters
// (the app-service layer of marine.md §11-§14).
#pragma once

#include <memory>
#include <string>

#include <boost/json.hpp>

#include "fluence/marine/marine.h"
#include "fluence/marine/service_config.h"

namespace fluence::marine {

class Service {
 public:
  // Loads every module of `config` (reading the files). Host directories of mapped dirs are
  // created when missing. Throws fluence::Error naming the module that failed.
  Service(const ServiceConfig& config, RuntimeOptions options = {});
  // A single module as a service (name = file stem), logger enabled, no limits.
  static std::unique_ptr<Service> from_module_file(const std::string& wasm_path, RuntimeOptions options = {});

  const std::string& facade() const { return facade_; }
  Marine& marine() { return *marine_; }

  // Calls a facade function with JSON arguments (marine.md §12.3); returns the JSON result.
  boost::json::value call(const std::string& function, const boost::json::value& args,
                          const CallParameters& params = {});
  // Calls a function of any module (REPL).
  boost::json::value call_module(const std::string& module, const std::string& function,
                                 const boost::json::value& args, const CallParameters& params = {});

 private:
  std::unique_ptr<Marine> marine_;
  std::string facade_;
};

// Call parameters from (partial) JSON, missing fields default (REPL, CLI).
CallParameters call_parameters_from_json(const boost::json::value& v);

}  // namespace fluence::marine
