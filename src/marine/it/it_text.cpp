#include "fluence/marine/it_text.h"

namespace fluence::marine {
namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string named_fields(const std::vector<NamedType>& list, const char* word) {
  std::string out;
  for (const auto& nt : list) {
    out += " ";
    out += word;
    out += " $" + nt.name + ": " + it_text(nt.type);
  }
  return out;
}

}  // namespace

std::string it_section_to_text(const ItSection& s) {
  std::string out = ";; Types\n";
  for (size_t i = 0; i < s.types.size(); ++i) {
    const auto& t = s.types[i];
    out += "(@interface type ";
    if (t.is_record()) {
      out += "(record $" + t.record().name + " (" + named_fields(t.record().fields, "field") + " )))";
    } else {
      out += "(func";
      for (const auto& a : t.function().arguments) out += " (param $" + a.name + ": " + it_text(a.type) + ")";
      for (const auto& o : t.function().outputs) out += " (result " + it_text(o) + ")";
      out += "))";
    }
    out += " ;; " + std::to_string(i) + "\n";
  }
  out += "\n;; Imports\n";
  for (const auto& imp : s.imports)
    out += "(@interface import " + quote(imp.ns) + " " + quote(imp.name) + " (func (type " +
           std::to_string(imp.function_type) + ")))\n";
  out += "\n;; Adapters\n";
  for (const auto& a : s.adapters) {
    out += "(@interface func (type " + std::to_string(a.function_type) + ")";
    for (const auto& ins : a.body) {
      out += "\n  ";
      out += opcode_name(ins.op);
      switch (ins.op) {
        case Opcode::kArgGet: case Opcode::kCallCore: case Opcode::kI32Push: case Opcode::kI64Push:
        case Opcode::kRecordLiftMemory: case Opcode::kRecordLowerMemory:
          out += " " + std::to_string(ins.imm);
          break;
        case Opcode::kArrayLiftMemory: case Opcode::kArrayLowerMemory:
          out += " " + it_text(ins.type);
          break;
        default:
          break;
      }
    }
    out += ")\n";
  }
  out += "\n;; Exports\n";
  for (const auto& e : s.exports)
    out += "(@interface export " + quote(e.name) + " (func " + std::to_string(e.function_type) + "))\n";
  out += "\n;; Implementations\n";
  for (const auto& im : s.implementations)
    out += "(@interface implement (func " + std::to_string(im.core_type) + ") (func " +
           std::to_string(im.adapter_type) + "))\n";
  out += "\n(@interface it_version " + quote(s.version) + ")\n";
  return out;
}

}  // namespace fluence::marine
