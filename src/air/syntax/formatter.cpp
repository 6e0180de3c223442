#include "fluence/air/syntax/formatter.h"

#include <vector>

#include "fluence/air/syntax/instruction_text.h"

namespace fluence::air {
namespace {

// Operands as written in the source where the canonical text would change their meaning:
// numbers keep their original spelling (the canonical "1" of the float 1.0 would parse back as
// an integer).
void append_operand(std::string& out, const Value& v) {
  if (v.kind == ValueKind::kInt || v.kind == ValueKind::kFloat) {
    out += v.text;
    return;
  }
  append_value_text(out, v);
}

void append_header(std::string& out, const Instruction& instr) {
  switch (instr.kind()) {
    case InstrKind::kCall: {
      const auto& c = instr.as<Call>();
      out += "call ";
      append_operand(out, c.triplet.peer_id);
      out += " (";
      append_operand(out, c.triplet.service_id);
      out += ' ';
      append_operand(out, c.triplet.function_name);
      out += ") [";
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i > 0) out += ' ';
        append_operand(out, c.args[i]);
      }
      out += ']';
      if (c.has_output) {
        out += ' ';
        append_variable_text(out, c.output);
      }
      return;
    }
    case InstrKind::kAp: {
      const auto& a = instr.as<Ap>();
      out += "ap ";
      append_operand(out, a.argument);
      out += ' ';
      append_variable_text(out, a.result);
      return;
    }
    case InstrKind::kApMap: {
      const auto& a = instr.as<ApMap>();
      out += "ap (";
      append_operand(out, a.key);
      out += ' ';
      append_operand(out, a.value);
      out += ") ";
      append_variable_text(out, a.map);
      return;
    }
    case InstrKind::kMatch:
    case InstrKind::kMismatch: {
      const bool m = instr.kind() == InstrKind::kMatch;
      out += m ? "match " : "mismatch ";
      append_operand(out, m ? instr.as<Match>().left : instr.as<Mismatch>().left);
      out += ' ';
      append_operand(out, m ? instr.as<Match>().right : instr.as<Mismatch>().right);
      return;
    }
    case InstrKind::kFail: {
      const auto& f = instr.as<Fail>();
      if (f.kind == FailKind::kValue) {
        out += "fail ";
        append_operand(out, f.value);
        return;
      }
      break;
    }
    default:
      break;
  }
  append_instruction_text(out, instr);
}

void children_of(const Instruction& instr, InstrPtr& a, InstrPtr& b) {
  a = b = nullptr;
  switch (instr.kind()) {
    case InstrKind::kSeq: a = instr.as<Seq>().left, b = instr.as<Seq>().right; break;
    case InstrKind::kPar: a = instr.as<Par>().left, b = instr.as<Par>().right; break;
    case InstrKind::kXor: a = instr.as<Xor>().left, b = instr.as<Xor>().right; break;
    case InstrKind::kMatch: a = instr.as<Match>().body; break;
    case InstrKind::kMismatch: a = instr.as<Mismatch>().body; break;
    case InstrKind::kNew: a = instr.as<New>().body; break;
    case InstrKind::kFoldScalar: a = instr.as<FoldScalar>().body, b = instr.as<FoldScalar>().last; break;
    case InstrKind::kFoldStream: a = instr.as<FoldStream>().body, b = instr.as<FoldStream>().last; break;
    case InstrKind::kFoldStreamMap:
      a = instr.as<FoldStreamMap>().body, b = instr.as<FoldStreamMap>().last;
      break;
    default: break;
  }
}

struct Pending {
  InstrPtr instr;  // nullptr: a closing ")" line
  size_t depth;
};

}  // namespace

std::string format_air(const Instruction& root, const FormatOptions& options) {
  std::string out;
  std::vector<Pending> todo{{&root, 0}};
  const size_t step = options.indent > 0 ? static_cast<size_t>(options.indent) : 0;
  while (!todo.empty()) {
    Pending p = todo.back();
    todo.pop_back();
    out.append(p.depth * step, ' ');
    if (p.instr == nullptr) {
      out += ")\n";
      continue;
    }
    out += '(';
    append_header(out, *p.instr);
    InstrPtr a;
    InstrPtr b;
    children_of(*p.instr, a, b);
    if (a == nullptr) {
      out += ")\n";
      continue;
    }
    out += '\n';
    todo.push_back({nullptr, p.depth});
    if (b != nullptr) todo.push_back({b, p.depth + 1});
    todo.push_back({a, p.depth + 1});
  }
  return out;
}

}  // namespace fluence::air
