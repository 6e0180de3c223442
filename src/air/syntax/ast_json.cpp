// The reference's `ast` export is serde's externally tagged JSON of its AST types, whose shape
// depends on the position an operand appears in (call arguments wrap variables in
// "Variable"/"VariableWithLambda", ap arguments do not, ...). Each position gets its own writer.
#include "fluence/air/syntax/ast_json.h"

#include <vector>

#include "fluence/core/canonical_json.h"

namespace fluence::air {
namespace {

class JsonWriter {
 public:
  std::string out;

  void str(std::string_view s) { append_json_string(out, s); }
  void raw(std::string_view s) { out += s; }

  void lens(const Lens* lens) {
    if (lens == nullptr) {
      raw("null");
      return;
    }
    if (lens->is_length) {
      raw(R"({"Functor":"Length"})");
      return;
    }
    raw(R"({"ValuePath":[)");
    bool first = true;
    for (const auto& a : lens->accessors) {
      if (!first) raw(",");
      first = false;
      switch (a.kind) {
        case LensAccessorKind::kArrayIndex:
          raw(R"({"ArrayAccess":{"idx":)");
          raw(std::to_string(a.index));
          raw("}}");
          break;
        case LensAccessorKind::kFieldName:
          raw(R"({"FieldAccessByName":{"field_name":)");
          str(a.name);
          raw("}}");
          break;
        case LensAccessorKind::kScalarKey:
          raw(R"({"FieldAccessByScalar":{"scalar_name":)");
          str(a.name);
          raw("}}");
          break;
      }
    }
    raw("]}");
  }

  // {"name":..,"lambda":..,"position":..} (lambda only when present).
  void variable_body(const Variable& v) {
    raw(R"({"name":)");
    str(v.name);
    if (v.lens != nullptr) {
      raw(R"(,"lambda":)");
      lens(v.lens);
    }
    raw(R"(,"position":)");
    raw(std::to_string(v.position));
    raw("}");
  }

  static const char* kind_name(VarKind k) {
    switch (k) {
      case VarKind::kScalar: return "Scalar";
      case VarKind::kStream: return "Stream";
      case VarKind::kStreamMap: return "StreamMap";
      case VarKind::kCanonStream: return "CanonStream";
      case VarKind::kCanonStreamMap: return "CanonStreamMap";
    }
    return "";
  }

  // {"ScalarWithLambda":{...}} / {"CanonStream":{...}}: the kind tag carries the lens.
  void tagged_variable(const Variable& v) {
    raw("{\"");
    raw(kind_name(v.kind));
    if (v.lens != nullptr) raw("WithLambda");
    raw("\":");
    variable_body(v);
    raw("}");
  }

  // {"Scalar":{...}}: tag without the lens suffix (outputs, new arguments).
  void plain_tagged_variable(const Variable& v) {
    raw("{\"");
    raw(kind_name(v.kind));
    raw("\":");
    variable_body(v);
    raw("}");
  }

  void number(const Value& v) {
    if (v.kind == ValueKind::kInt) {
      raw(R"({"Int":)");
      raw(std::to_string(v.integer));
    } else {
      raw(R"({"Float":)");
      append_json_double(out, v.floating);
    }
    raw("}");
  }

  // Constants shared by every value position; false if `v` is not one.
  bool constant(const Value& v) {
    switch (v.kind) {
      case ValueKind::kInitPeerId: raw(R"("InitPeerId")"); return true;
      case ValueKind::kTimestamp: raw(R"("Timestamp")"); return true;
      case ValueKind::kTtl: raw(R"("TTL")"); return true;
      case ValueKind::kEmptyArray: raw(R"("EmptyArray")"); return true;
      case ValueKind::kLiteral:
        raw(R"({"Literal":)");
        str(v.text);
        raw("}");
        return true;
      case ValueKind::kInt:
      case ValueKind::kFloat:
        raw(R"({"Number":)");
        number(v);
        raw("}");
        return true;
      case ValueKind::kBool:
        raw(v.boolean ? R"({"Boolean":true})" : R"({"Boolean":false})");
        return true;
      case ValueKind::kLastError:
        raw(R"({"LastError":)");
        lens(v.lens);
        raw("}");
        return true;
      case ValueKind::kError:
        raw(R"({"Error":{"lens":)");
        lens(v.lens);
        raw("}}");
        return true;
      case ValueKind::kVariable:
        return false;
    }
    return false;
  }

  // Call arguments and match operands (ImmutableValue).
  void immutable_value(const Value& v) {
    if (constant(v)) return;
    raw(v.var.lens != nullptr ? R"({"VariableWithLambda":)" : R"({"Variable":)");
    plain_tagged_variable(v.var);
    raw("}");
  }

  // Triplet parts, ap arguments, ap-map keys, fail bodies, fold iterables.
  void flat_value(const Value& v) {
    if (constant(v)) return;
    tagged_variable(v.var);
  }

  void map_key(const Value& v) {
    if (v.kind == ValueKind::kInt) {
      raw(R"({"Int":)");
      raw(std::to_string(v.integer));
      raw("}");
      return;
    }
    flat_value(v);
  }

  void span(Span s) {
    raw(R"("span":{"left":)");
    raw(std::to_string(s.left));
    raw(R"(,"right":)");
    raw(std::to_string(s.right));
    raw("}");
  }
};

// Iterative pre-order writer: a stack of pending actions (an instruction to open, or text to
// write after its children), so deep nesting cannot overflow the C++ stack.
struct Pending {
  enum Mode : uint8_t { kInstruction, kText, kSpan } mode;
  InstrPtr instr;          // kInstruction: what to write; kSpan: whose span
  std::string_view text;   // kText: static text to write
};

Pending write(InstrPtr instr) { return {Pending::kInstruction, instr, {}}; }
Pending text(std::string_view t) { return {Pending::kText, nullptr, t}; }
Pending span_of(InstrPtr instr) { return {Pending::kSpan, instr, {}}; }

}  // namespace

std::string ast_to_json(const Instruction& root) {
  JsonWriter w;
  std::vector<Pending> todo;
  todo.push_back(write(&root));
  while (!todo.empty()) {
    Pending p = todo.back();
    todo.pop_back();
    if (p.mode == Pending::kText) {
      w.raw(p.text);
      continue;
    }
    if (p.mode == Pending::kSpan) {
      w.raw(",");
      w.span(p.instr->span);
      continue;
    }
    const Instruction& instr = *p.instr;
    switch (instr.kind()) {
      case InstrKind::kCall: {
        const auto& c = instr.as<Call>();
        w.raw(R"({"Call":{"triplet":{"peer_id":)");
        w.flat_value(c.triplet.peer_id);
        w.raw(R"(,"service_id":)");
        w.flat_value(c.triplet.service_id);
        w.raw(R"(,"function_name":)");
        w.flat_value(c.triplet.function_name);
        w.raw(R"(},"args":[)");
        for (size_t i = 0; i < c.args.size(); ++i) {
          if (i > 0) w.raw(",");
          w.immutable_value(c.args[i]);
        }
        w.raw(R"(],"output":)");
        if (c.has_output) {
          w.plain_tagged_variable(c.output);
        } else {
          w.raw(R"("None")");
        }
        w.raw("}}");
        break;
      }
      case InstrKind::kCanon: {
        const auto& c = instr.as<Canon>();
        w.raw(R"({"Canon":{"peer_id":)");
        w.flat_value(c.peer_id);
        w.raw(R"(,"stream":)");
        w.variable_body(c.stream);
        w.raw(R"(,"canon_stream":)");
        w.variable_body(c.canon_stream);
        w.raw("}}");
        break;
      }
      case InstrKind::kCanonMap: {
        const auto& c = instr.as<CanonMap>();
        w.raw(R"({"CanonMap":{"peer_id":)");
        w.flat_value(c.peer_id);
        w.raw(R"(,"stream_map":)");
        w.variable_body(c.stream_map);
        w.raw(R"(,"canon_stream_map":)");
        w.variable_body(c.canon_stream_map);
        w.raw("}}");
        break;
      }
      case InstrKind::kCanonMapToScalar: {
        const auto& c = instr.as<CanonMapToScalar>();
        w.raw(R"({"CanonStreamMapScalar":{"peer_id":)");
        w.flat_value(c.peer_id);
        w.raw(R"(,"stream_map":)");
        w.variable_body(c.stream_map);
        w.raw(R"(,"scalar":)");
        w.variable_body(c.scalar);
        w.raw("}}");
        break;
      }
      case InstrKind::kAp: {
        const auto& a = instr.as<Ap>();
        w.raw(R"({"Ap":{"argument":)");
        w.flat_value(a.argument);
        w.raw(R"(,"result":)");
        w.plain_tagged_variable(a.result);
        w.raw("}}");
        break;
      }
      case InstrKind::kApMap: {
        const auto& a = instr.as<ApMap>();
        w.raw(R"({"ApMap":{"key":)");
        w.map_key(a.key);
        w.raw(R"(,"value":)");
        w.flat_value(a.value);
        w.raw(R"(,"map":)");
        w.variable_body(a.map);
        w.raw("}}");
        break;
      }
      case InstrKind::kSeq:
      case InstrKind::kPar:
      case InstrKind::kXor: {
        InstrPtr l;
        InstrPtr r;
        if (const auto* s = instr.get_if<Seq>()) {
          w.raw(R"({"Seq":[)");
          l = s->left, r = s->right;
        } else if (const auto* s = instr.get_if<Par>()) {
          w.raw(R"({"Par":[)");
          l = s->left, r = s->right;
        } else {
          const auto& x = instr.as<Xor>();
          w.raw(R"({"Xor":[)");
          l = x.left, r = x.right;
        }
        todo.push_back(text("]}"));
        todo.push_back(write(r));
        todo.push_back(text(","));
        todo.push_back(write(l));
        break;
      }
      case InstrKind::kMatch:
      case InstrKind::kMismatch: {
        const bool is_match = instr.kind() == InstrKind::kMatch;
        const Value& left = is_match ? instr.as<Match>().left : instr.as<Mismatch>().left;
        const Value& right = is_match ? instr.as<Match>().right : instr.as<Mismatch>().right;
        InstrPtr body = is_match ? instr.as<Match>().body : instr.as<Mismatch>().body;
        w.raw(is_match ? R"({"Match":{"left_value":)" : R"({"MisMatch":{"left_value":)");
        w.immutable_value(left);
        w.raw(R"(,"right_value":)");
        w.immutable_value(right);
        w.raw(R"(,"instruction":)");
        todo.push_back(text("}}"));
        todo.push_back(write(body));
        break;
      }
      case InstrKind::kFail: {
        const auto& f = instr.as<Fail>();
        w.raw(R"({"Fail":)");
        switch (f.kind) {
          case FailKind::kValue: w.flat_value(f.value); break;
          case FailKind::kLiteral:
            w.raw(R"({"Literal":{"ret_code":)");
            w.raw(std::to_string(f.code));
            w.raw(R"(,"error_message":)");
            w.str(f.message);
            w.raw("}}");
            break;
          case FailKind::kLastError: w.raw(R"("LastError")"); break;
          case FailKind::kError: w.raw(R"("Error")"); break;
        }
        w.raw("}");
        break;
      }
      case InstrKind::kFoldScalar:
      case InstrKind::kFoldStream:
      case InstrKind::kFoldStreamMap: {
        InstrPtr body;
        InstrPtr last;
        const Variable* iterator;
        if (const auto* f = instr.get_if<FoldScalar>()) {
          w.raw(R"({"FoldScalar":{"iterable":)");
          w.flat_value(f->iterable);
          body = f->body, last = f->last, iterator = &f->iterator;
        } else if (const auto* f = instr.get_if<FoldStream>()) {
          w.raw(R"({"FoldStream":{"iterable":)");
          w.variable_body(f->iterable);
          body = f->body, last = f->last, iterator = &f->iterator;
        } else {
          const auto& g = instr.as<FoldStreamMap>();
          w.raw(R"({"FoldStreamMap":{"iterable":)");
          w.variable_body(g.iterable);
          body = g.body, last = g.last, iterator = &g.iterator;
        }
        w.raw(R"(,"iterator":)");
        w.variable_body(*iterator);
        w.raw(R"(,"instruction":)");
        todo.push_back(text("}}"));
        todo.push_back(span_of(&instr));
        if (last != nullptr) {
          todo.push_back(write(last));
          todo.push_back(text(R"(,"last_instruction":)"));
        } else {
          todo.push_back(text(R"(,"last_instruction":null)"));
        }
        todo.push_back(write(body));
        break;
      }
      case InstrKind::kNext:
        w.raw(R"({"Next":{"iterator":)");
        w.variable_body(instr.as<Next>().iterator);
        w.raw("}}");
        break;
      case InstrKind::kNew: {
        const auto& n = instr.as<New>();
        w.raw(R"({"New":{"argument":)");
        w.plain_tagged_variable(n.argument);
        w.raw(R"(,"instruction":)");
        todo.push_back(text("}}"));
        todo.push_back(span_of(&instr));
        todo.push_back(write(n.body));
        break;
      }
      case InstrKind::kNull: w.raw(R"({"Null":null})"); break;
      case InstrKind::kNever: w.raw(R"({"Never":null})"); break;
    }
  }
  return std::move(w.out);
}

}  // namespace fluence::air
