#include "fluence/marine/json_ivalue.h"

#include <cmath>
#include <limits>

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& what) { throw Error(ErrorKind::kInvalidInput, what); }

std::string show(const json::value& v) {
  std::string s = json::serialize(v);
  return s.size() > 64 ? s.substr(0, 64) + "..." : s;
}

bool as_integer(const json::value& v, __int128& out) {
  if (v.is_int64()) { out = v.get_int64(); return true; }
  if (v.is_uint64()) { out = v.get_uint64(); return true; }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::floor(d) != d || std::fabs(d) > 1.8e19) return false;
    out = static_cast<__int128>(d);
    return true;
  }
  return false;
}

IValue integer(const json::value& v, ITypeKind k) {
  __int128 x;
  if (!as_integer(v, x)) fail("expected an integer (" + std::string(kind_name(k)) + "), found " + show(v));
  __int128 lo, hi;
  switch (k) {
    case ITypeKind::kS8: lo = INT8_MIN; hi = INT8_MAX; break;
    case ITypeKind::kS16: lo = INT16_MIN; hi = INT16_MAX; break;
    case ITypeKind::kS32: case ITypeKind::kI32: lo = INT32_MIN; hi = INT32_MAX; break;
    case ITypeKind::kS64: case ITypeKind::kI64: lo = INT64_MIN; hi = INT64_MAX; break;
    case ITypeKind::kU8: lo = 0; hi = UINT8_MAX; break;
    case ITypeKind::kU16: lo = 0; hi = UINT16_MAX; break;
    case ITypeKind::kU32: lo = 0; hi = UINT32_MAX; break;
    default: lo = 0; hi = UINT64_MAX; break;
  }
  if (x < lo || x > hi) fail("value " + show(v) + " is out of range for " + kind_name(k));
  IValue out;
  out.kind = k;
  if (lo < 0) out.s = static_cast<int64_t>(x);
  else out.u = static_cast<uint64_t>(x);
  return out;
}

}  // namespace

IValue json_to_ivalue(const json::value& v, const IType& type, const ModuleInterface& iface) {
  // A one-element array stands for a scalar (reference behaviour, §12.3).
  if (v.is_array() && v.get_array().size() == 1 && type.kind != ITypeKind::kArray &&
      type.kind != ITypeKind::kByteArray && type.kind != ITypeKind::kRecord)
    return json_to_ivalue(v.get_array()[0], type, iface);
  switch (type.kind) {
    case ITypeKind::kBoolean:
      if (!v.is_bool()) fail("expected a boolean, found " + show(v));
      return IValue::boolean(v.get_bool());
    case ITypeKind::kF32: case ITypeKind::kF64: {
      double d;
      if (v.is_double()) d = v.get_double();
      else if (v.is_int64()) d = static_cast<double>(v.get_int64());
      else if (v.is_uint64()) d = static_cast<double>(v.get_uint64());
      else fail("expected a number, found " + show(v));
      return type.kind == ITypeKind::kF32 ? IValue::f32v(static_cast<float>(d)) : IValue::f64v(d);
    }
    case ITypeKind::kString:
      if (!v.is_string()) fail("expected a string, found " + show(v));
      return IValue::string(std::string(v.get_string()));
    case ITypeKind::kByteArray: {
      if (!v.is_array()) fail("expected an array of bytes, found " + show(v));
      std::vector<IValue> items;
      for (const auto& x : v.get_array()) items.push_back(integer(x, ITypeKind::kU8));
      return IValue::array(std::move(items));
    }
    case ITypeKind::kArray: {
      if (!v.is_array()) fail("expected an array, found " + show(v));
      std::vector<IValue> items;
      for (const auto& x : v.get_array()) items.push_back(json_to_ivalue(x, *type.element, iface));
      return IValue::array(std::move(items));
    }
    case ITypeKind::kRecord: {
      auto rec = iface.records.find(type.record_id);
      if (rec == iface.records.end()) fail("record type " + std::to_string(type.record_id) + " is not defined");
      const auto& fields = rec->second.fields;
      std::vector<IValue> out;
      if (v.is_object()) {
        const auto& obj = v.get_object();
        if (obj.size() != fields.size())
          fail("record " + rec->second.name + " has " + std::to_string(fields.size()) + " fields, the object has " +
               std::to_string(obj.size()));
        for (const auto& f : fields) {
          auto it = obj.find(f.name);
          if (it == obj.end()) fail("record " + rec->second.name + ": missing field '" + f.name + "'");
          try {
            out.push_back(json_to_ivalue(it->value(), f.type, iface));
          } catch (const Error& e) {
            fail("field '" + f.name + "': " + e.what());
          }
        }
      } else if (v.is_array()) {
        const auto& arr = v.get_array();
        if (arr.size() != fields.size())
          fail("record " + rec->second.name + " has " + std::to_string(fields.size()) + " fields, the array has " +
               std::to_string(arr.size()));
        for (size_t i = 0; i < fields.size(); ++i) out.push_back(json_to_ivalue(arr[i], fields[i].type, iface));
      } else {
        fail("expected an object for record " + rec->second.name + ", found " + show(v));
      }
      return IValue::record(std::move(out));
    }
    default:
      return integer(v, type.kind);
  }
}

std::vector<IValue> json_to_arguments(const json::value& args, const FunctionSignature& sig, const ModuleInterface& iface) {
  const auto& params = sig.arguments;
  std::vector<IValue> out;
  auto convert = [&](const json::value& v, size_t i) {
    try {
      out.push_back(json_to_ivalue(v, params[i].type, iface));
    } catch (const Error& e) {
      fail("argument '" + params[i].name + "' of " + sig.name + ": " + e.what());
    }
  };
  if (args.is_null()) {
    if (!params.empty()) fail(sig.name + " takes " + std::to_string(params.size()) + " arguments, got null");
  } else if (args.is_array() && !(params.size() == 1 && args.get_array().size() != 1 &&
                                   (params[0].type.kind == ITypeKind::kArray || params[0].type.kind == ITypeKind::kByteArray ||
                                    params[0].type.kind == ITypeKind::kRecord))) {
    const auto& arr = args.get_array();
    if (arr.size() != params.size())
      fail(sig.name + " takes " + std::to_string(params.size()) + " arguments, got " + std::to_string(arr.size()));
    for (size_t i = 0; i < arr.size(); ++i) convert(arr[i], i);
  } else if (args.is_object() && !(params.size() == 1 && params[0].type.kind == ITypeKind::kRecord &&
                                   !args.get_object().contains(params[0].name))) {
    const auto& obj = args.get_object();
    for (const auto& kv : obj) {
      bool known = false;
      for (const auto& p : params) known = known || p.name == kv.key();
      if (!known) fail(sig.name + " has no argument named '" + std::string(kv.key()) + "'");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      auto it = obj.find(params[i].name);
      if (it == obj.end()) fail(sig.name + ": missing argument '" + params[i].name + "'");
      convert(it->value(), i);
    }
  } else {
    if (params.size() != 1) fail(sig.name + " takes " + std::to_string(params.size()) + " arguments, got one value");
    convert(args, 0);
  }
  return out;
}

json::value ivalue_to_json(const IValue& v, const IType* type, const ModuleInterface& iface) {
  switch (v.kind) {
    case ITypeKind::kBoolean: return v.b;
    case ITypeKind::kS8: case ITypeKind::kS16: case ITypeKind::kS32: case ITypeKind::kS64:
    case ITypeKind::kI32: case ITypeKind::kI64:
      return v.s;
    case ITypeKind::kU8: case ITypeKind::kU16: case ITypeKind::kU32: case ITypeKind::kU64:
      return v.u;
    case ITypeKind::kF32: return static_cast<double>(v.f32);
    case ITypeKind::kF64: return v.f64;
    case ITypeKind::kString: return json::string(v.str);
    case ITypeKind::kByteArray: {
      json::array a;
      for (uint8_t b : v.bytes) a.push_back(static_cast<uint64_t>(b));
      return a;
    }
    case ITypeKind::kArray: {
      const IType* elem = type && type->kind == ITypeKind::kArray ? type->element.get() : nullptr;
      json::array a;
      for (const auto& x : v.items) a.push_back(ivalue_to_json(x, elem, iface));
      return a;
    }
    case ITypeKind::kRecord: {
      const RecordType* rec = nullptr;
      if (type && type->kind == ITypeKind::kRecord) {
        auto it = iface.records.find(type->record_id);
        if (it != iface.records.end() && it->second.fields.size() == v.items.size()) rec = &it->second;
      }
      if (!rec) {
        json::array a;
        for (const auto& x : v.items) a.push_back(ivalue_to_json(x, nullptr, iface));
        return a;
      }
      json::object o;
      for (size_t i = 0; i < v.items.size(); ++i)
        o[rec->fields[i].name] = ivalue_to_json(v.items[i], &rec->fields[i].type, iface);
      return o;
    }
  }
  return nullptr;
}

json::value results_to_json(const std::vector<IValue>& results, const FunctionSignature& sig, const ModuleInterface& iface) {
  if (results.empty()) return nullptr;
  if (results.size() > 1) fail(sig.name + " returned " + std::to_string(results.size()) + " values; only one is supported");
  return ivalue_to_json(results[0], sig.outputs.empty() ? nullptr : &sig.outputs[0], iface);
}

}  // namespace fluence::marine
