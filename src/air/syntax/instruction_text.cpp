#include "fluence/air/syntax/instruction_text.h"

#include <charconv>

namespace fluence::air {
namespace {

// Rust's `Display` for f64: shortest round-trip digits, never an exponent ("1" for 1.0).
void append_float(std::string& out, double v) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  out.append(buf, r.ptr);
}

void append_lens(std::string& out, const Lens* lens) {
  if (lens != nullptr) out += lens->text;
}

}  // namespace

void append_variable_text(std::string& out, const Variable& var) {
  out += var.name;
  append_lens(out, var.lens);
}

void append_value_text(std::string& out, const Value& v) {
  switch (v.kind) {
    case ValueKind::kInitPeerId: out += "%init_peer_id%"; break;
    case ValueKind::kLastError:
      out += "%last_error%";
      append_lens(out, v.lens);
      break;
    case ValueKind::kError:
      out += ":error:";
      append_lens(out, v.lens);
      break;
    case ValueKind::kTimestamp: out += "%timestamp%"; break;
    case ValueKind::kTtl: out += "%ttl%"; break;
    case ValueKind::kLiteral:
      out += '"';
      out += v.text;
      out += '"';
      break;
    case ValueKind::kInt: out += std::to_string(v.integer); break;
    case ValueKind::kFloat: append_float(out, v.floating); break;
    case ValueKind::kBool: out += v.boolean ? "true" : "false"; break;
    case ValueKind::kEmptyArray: out += "[]"; break;
    case ValueKind::kVariable: append_variable_text(out, v.var); break;
  }
}

void append_instruction_text(std::string& out, const Instruction& instr) {
  switch (instr.kind()) {
    case InstrKind::kCall: {
      const auto& c = instr.as<Call>();
      out += "call ";
      append_value_text(out, c.triplet.peer_id);
      out += " (";
      append_value_text(out, c.triplet.service_id);
      out += ' ';
      append_value_text(out, c.triplet.function_name);
      out += ") [";
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i > 0) out += ' ';
        append_value_text(out, c.args[i]);
      }
      out += "] ";
      if (c.has_output) append_variable_text(out, c.output);
      break;
    }
    case InstrKind::kCanon: {
      const auto& c = instr.as<Canon>();
      out += "canon ";
      append_value_text(out, c.peer_id);
      out += ' ';
      append_variable_text(out, c.stream);
      out += ' ';
      append_variable_text(out, c.canon_stream);
      break;
    }
    case InstrKind::kCanonMap: {
      const auto& c = instr.as<CanonMap>();
      out += "canon ";
      append_value_text(out, c.peer_id);
      out += ' ';
      append_variable_text(out, c.stream_map);
      out += ' ';
      append_variable_text(out, c.canon_stream_map);
      break;
    }
    case InstrKind::kCanonMapToScalar: {
      const auto& c = instr.as<CanonMapToScalar>();
      out += "canon ";
      append_value_text(out, c.peer_id);
      out += ' ';
      append_variable_text(out, c.stream_map);
      out += ' ';
      append_variable_text(out, c.scalar);
      break;
    }
    case InstrKind::kAp: {
      const auto& a = instr.as<Ap>();
      out += "ap ";
      append_value_text(out, a.argument);
      out += ' ';
      append_variable_text(out, a.result);
      break;
    }
    case InstrKind::kApMap: {
      const auto& a = instr.as<ApMap>();
      out += "ap (";
      append_value_text(out, a.key);
      out += ' ';
      append_value_text(out, a.value);
      out += ") ";
      append_variable_text(out, a.map);
      break;
    }
    case InstrKind::kSeq: out += "seq"; break;
    case InstrKind::kPar: out += "par"; break;
    case InstrKind::kXor: out += "xor"; break;
    case InstrKind::kMatch: {
      const auto& m = instr.as<Match>();
      out += "match ";
      append_value_text(out, m.left);
      out += ' ';
      append_value_text(out, m.right);
      break;
    }
    case InstrKind::kMismatch: {
      const auto& m = instr.as<Mismatch>();
      out += "mismatch ";
      append_value_text(out, m.left);
      out += ' ';
      append_value_text(out, m.right);
      break;
    }
    case InstrKind::kFail: {
      const auto& f = instr.as<Fail>();
      out += "fail ";
      switch (f.kind) {
        case FailKind::kValue: append_value_text(out, f.value); break;
        case FailKind::kLiteral:
          out += std::to_string(f.code);
          out += " \"";
          out += f.message;
          out += '"';
          break;
        case FailKind::kLastError: out += "%last_error%"; break;
        case FailKind::kError: out += ":error:"; break;
      }
      break;
    }
    case InstrKind::kFoldScalar: {
      const auto& f = instr.as<FoldScalar>();
      out += "fold ";
      append_value_text(out, f.iterable);
      out += ' ';
      append_variable_text(out, f.iterator);
      break;
    }
    case InstrKind::kFoldStream: {
      const auto& f = instr.as<FoldStream>();
      out += "fold ";
      append_variable_text(out, f.iterable);
      out += ' ';
      append_variable_text(out, f.iterator);
      break;
    }
    case InstrKind::kFoldStreamMap: {
      const auto& f = instr.as<FoldStreamMap>();
      out += "fold ";
      append_variable_text(out, f.iterable);
      out += ' ';
      append_variable_text(out, f.iterator);
      break;
    }
    case InstrKind::kNext:
      out += "next ";
      append_variable_text(out, instr.as<Next>().iterator);
      break;
    case InstrKind::kNew:
      out += "new ";
      append_variable_text(out, instr.as<New>().argument);
      break;
    case InstrKind::kNull: out += "null"; break;
    case InstrKind::kNever: out += "never"; break;
  }
}

std::string instruction_text(const Instruction& instr) {
  std::string out;
  append_instruction_text(out, instr);
  return out;
}

}  // namespace fluence::air
