// Resolution of value forms and lenses (air.md §5.5-§5.7).
#include <boost/json.hpp>
#include <charconv>

#include "executor.h"
#include "fluence/core/canonical_json.h"

namespace fluence::air {

namespace {

ErrPtr lens_error(std::string message) { return make_error(kLambdaApplierError, std::move(message)); }

std::string accessor_text(const LensAccessor& a) {
  switch (a.kind) {
    case LensAccessorKind::kArrayIndex: return "[" + std::to_string(a.index) + "]";
    case LensAccessorKind::kScalarKey: return "[" + std::string(a.name) + "]";
    case LensAccessorKind::kFieldName: return std::string(a.name);
  }
  return {};
}

}  // namespace

ValueAggregate Executor::literal(JValue v) {
  return ValueAggregate{make_json(std::move(v)), init_literal_tetraplet_,
                        static_cast<std::uint32_t>(trace_.trace_pos()), Provenance{}};
}

// A value stored again keeps of its tetraplet what its provenance allows (§5.5).
ValueAggregate Executor::restore(JPtr value, TetrapletPtr t, std::uint32_t pos, Provenance prov) {
  ValueAggregate v{std::move(value), std::move(t), pos, std::move(prov)};
  restore_in_place(v, pos);
  return v;
}

void Executor::restore_in_place(ValueAggregate& v, std::uint32_t pos) {
  TetrapletPtr& t = v.tetraplet;
  switch (v.provenance.kind) {
    case ProvenanceKind::kLiteral:
      if (!t->service_id.empty() || !t->function_name.empty() || !t->lens.empty())
        t = make_tetraplet(t->peer_pk);
      break;
    case ProvenanceKind::kCanon:
      if (!t->service_id.empty() || !t->function_name.empty())
        t = make_tetraplet(t->peer_pk, {}, {}, t->lens);
      break;
    case ProvenanceKind::kServiceResult: break;
  }
  v.trace_pos = pos;
}

namespace {

// The tetraplet of item `index` of an array: the array's, with `.$.[index]` added to its lens.
TetrapletPtr array_item_tetraplet(const SecurityTetraplet& array, std::size_t index) {
  auto item = std::make_shared<SecurityTetraplet>(array);
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  item->lens.reserve(array.lens.size() + 5 + static_cast<std::size_t>(end - digits));
  item->lens.append(".$.[").append(digits, end).push_back(']');
  return item;
}

}  // namespace

ErrPtr Executor::lookup_scalar(std::uint32_t id, std::string_view name, ValueAggregate& out) {
  const ValueAggregate* found = nullptr;
  if (auto e = find_scalar(id, name, found)) return e;
  out = *found;
  return nullptr;
}

ErrPtr Executor::find_scalar(std::uint32_t id, std::string_view name, const ValueAggregate*& out,
                             bool with_tetraplet) {
  if (FoldState* state = iterable(id)) {
    ValueAggregate& item = state->items[state->cursor];
    if (with_tetraplet && !item.tetraplet && state->array_tetraplet)
      item.tetraplet = array_item_tetraplet(*state->array_tetraplet, state->cursor);
    out = &item;
    return nullptr;
  }
  switch (scalars_.get(id, &out)) {
    case ScalarLookup::kFound: return nullptr;
    case ScalarLookup::kNotFound: return variable_not_found(name);
    case ScalarLookup::kUnset: break;
  }
  return make_error(kVariableNotInitializedAfterNew,
                    "variable with name '" + std::string(name) + "' was cleared by new and then wasn't set");
}

ErrPtr Executor::lookup_canon(std::uint32_t id, std::string_view name, CanonStreamPtr& out) {
  const CanonStreamPtr* v = nullptr;
  switch (canons_.get(id, &v)) {
    case ScalarLookup::kFound: out = *v; return nullptr;
    case ScalarLookup::kNotFound: return variable_not_found(name);
    case ScalarLookup::kUnset: break;
  }
  return make_error(kVariableNotInitializedAfterNew,
                    "variable with name '" + std::string(name) + "' was cleared by new and then wasn't set");
}

ErrPtr Executor::lookup_canon_map(std::uint32_t id, std::string_view name, CanonMapPtr& out) {
  const CanonMapPtr* v = nullptr;
  switch (canon_maps_.get(id, &v)) {
    case ScalarLookup::kFound: out = *v; return nullptr;
    case ScalarLookup::kNotFound: return variable_not_found(name);
    case ScalarLookup::kUnset: break;
  }
  return make_error(kVariableNotInitializedAfterNew,
                    "variable with name '" + std::string(name) + "' was cleared by new and then wasn't set");
}

// A [name] accessor: the value of scalar `name` (or the current item of a fold over it).
ErrPtr Executor::accessor_key(const LensAccessor& acc, JValue& key, bool& from_iterator) {
  from_iterator = iterable(acc.name_id) != nullptr;
  ValueAggregate v;
  if (auto e = lookup_scalar(acc.name_id, acc.name, v)) return e;
  key = *v.value;
  return nullptr;
}

// What one accessor selects: an array index or an object field, a scalar key's value deciding
// which (shared by the tree and the text forms of apply_lens).
ErrPtr Executor::lens_step(const LensAccessor& a, LensStep& out) {
  out.by_index = a.kind == LensAccessorKind::kArrayIndex;
  out.index = a.index;
  if (a.kind == LensAccessorKind::kFieldName) out.field = std::string(a.name);
  if (a.kind == LensAccessorKind::kScalarKey) {
    JValue key;
    bool from_iterator = false;
    if (auto e = accessor_key(a, key, from_iterator)) return e;
    if (key.is_string()) {
      out.field = std::string(key.get_string());
    } else if (key.is_number()) {
      if (!key.is_uint64() || key.get_uint64() > 0xffffffffu)
        return lens_error("index accessor `" + canonical_json(key) + " can't be converted to u32`");
      out.by_index = true;
      out.index = key.get_uint64();
    } else {
      return lens_error("scalar accessor `" + canonical_json(key) + "` should has number or string type");
    }
  }
  return nullptr;
}

ErrPtr Executor::apply_lens_json(const JValue& root, std::span<const LensAccessor> accessors,
                                 const JValue*& out) {
  const JValue* cur = &root;
  for (const LensAccessor& a : accessors) {
    LensStep step;
    if (auto e = lens_step(a, step)) return e;
    const bool by_index = step.by_index;
    const std::uint64_t index = step.index;
    const std::string& field = step.field;
    if (by_index) {
      if (!cur->is_array())
        return lens_error("value '" + canonical_json(*cur) +
                          "' is not an array-type to match array accessor with idx = '" +
                          std::to_string(index) + "'");
      const auto& arr = cur->get_array();
      if (index >= arr.size())
        return lens_error("value '" + canonical_json(*cur) +
                          "' does not contain element for idx = '" + std::to_string(index) + "'");
      cur = &arr[index];
    } else {
      if (!cur->is_object())
        return lens_error("value '" + canonical_json(*cur) +
                          "' is not an map-type to match field accessor with field_name = '" +
                          field + "'");
      const auto& obj = cur->get_object();
      auto it = obj.find(field);
      if (it == obj.end())
        return lens_error("value '" + canonical_json(*cur) +
                          "' does not contain element with field name = '" + field + "'");
      cur = &it->value();
    }
  }
  out = cur;
  return nullptr;
}

std::optional<std::string_view> Executor::text_field(
    const std::shared_ptr<const std::string>& owner, std::string_view object,
    std::string_view name) {
  // Small objects are cheaper to rescan than to index.
  constexpr std::size_t kIndexedObjectSize = 4096;
  if (object.size() < kIndexedObjectSize) return json_text::field(object, name);
  TextObjectMembers& entry = text_objects_[object.data()];
  if (entry.owner != owner || entry.size != object.size())
    entry = TextObjectMembers{owner, object.size(), json_text::members(object)};
  std::string key;
  append_json_string(key, name);
  for (const auto& [k, v] : entry.members)
    if (k == key) return v;
  return std::nullopt;
}

ErrPtr Executor::apply_lens(const JPtr& root, std::span<const LensAccessor> accessors, JPtr& out) {
  if (!root.is_text()) {
    const JValue* selected = nullptr;
    if (auto e = apply_lens_json(*root, accessors, selected)) return e;
    out = JPtr(root, selected);
    return nullptr;
  }
  // The same rules read straight out of canonical text (error texts quote it as it is).
  std::string_view cur = root.text();
  for (const LensAccessor& a : accessors) {
    LensStep step;
    if (auto e = lens_step(a, step)) return e;
    const bool by_index = step.by_index;
    const std::uint64_t index = step.index;
    const std::string& field = step.field;
    if (by_index) {
      if (json_text::kind_of(cur) != json_text::Kind::kArray)
        return lens_error("value '" + std::string(cur) +
                          "' is not an array-type to match array accessor with idx = '" +
                          std::to_string(index) + "'");
      auto element = json_text::element(cur, static_cast<std::size_t>(index));
      if (!element)
        return lens_error("value '" + std::string(cur) +
                          "' does not contain element for idx = '" + std::to_string(index) + "'");
      cur = *element;
    } else {
      if (json_text::kind_of(cur) != json_text::Kind::kObject)
        return lens_error("value '" + std::string(cur) +
                          "' is not an map-type to match field accessor with field_name = '" +
                          field + "'");
      auto value = text_field(root.text_owner(), cur, field);
      if (!value)
        return lens_error("value '" + std::string(cur) +
                          "' does not contain element with field name = '" + field + "'");
      cur = *value;
    }
  }
  out = JPtr::text(root.text_owner(), cur);
  return nullptr;
}

ErrPtr Executor::scalar_with_lens(const ValueAggregate& base, const Lens& lens,
                                  ValueAggregate& out) {
  if (lens.is_length) {
    if (value_kind(base.value) != json_text::Kind::kArray)
      return make_error(kLengthFunctorOnNonArray,
                        "the length functor could applied only to an array-like value, but it's applied to '" +
                            canonical_text(base.value) + "'");
    out = ValueAggregate{make_json(JValue(static_cast<std::uint64_t>(array_length(base.value)))),
                         make_tetraplet("", "", "", ".length"), base.trace_pos, base.provenance};
    return nullptr;
  }
  JPtr selected;
  if (auto e = apply_lens(base.value, lens.accessors, selected)) return e;
  const SecurityTetraplet& t = *base.tetraplet;
  out = ValueAggregate{std::move(selected),
                       make_tetraplet(t.peer_pk, t.service_id, t.function_name,
                                      t.lens + std::string(lens.text)),
                       base.trace_pos, base.provenance};
  return nullptr;
}

ErrPtr Executor::canon_with_lens(const CanonStreamValue& canon, const Lens& lens,
                                 ValueAggregate& out) {
  if (lens.is_length) {
    out = ValueAggregate{make_json(JValue(static_cast<std::uint64_t>(canon.values.size()))),
                         make_tetraplet(params_.current_peer_id, ".length"),
                         static_cast<std::uint32_t>(trace_.trace_pos()),
                         Provenance{ProvenanceKind::kCanon, canon.cid}};
    return nullptr;
  }
  const LensAccessor& first = lens.accessors[0];
  std::uint64_t index = first.index;
  if (first.kind == LensAccessorKind::kFieldName)
    return lens_error("field accessor (with field name = '" + std::string(first.name) +
                      "') can't be applied to a stream");
  if (first.kind == LensAccessorKind::kScalarKey) {
    JValue key;
    bool from_iterator = false;
    if (auto e = accessor_key(first, key, from_iterator)) return e;
    if (!key.is_uint64() || key.get_uint64() > 0xffffffffu)
      return lens_error("stream accessor `" + canonical_json(key) + "` should has number (u32) type");
    index = key.get_uint64();
  }
  if (index >= canon.values.size())
    return lens_error("lambda is applied to a stream that have only '" +
                      std::to_string(canon.values.size()) + "' elements, but '" +
                      std::to_string(index) + "' requested");
  const ValueAggregate& element = canon.values[index];
  JPtr selected;
  if (auto e = apply_lens(element.value, lens.accessors.subspan(1), selected)) return e;
  out = ValueAggregate{std::move(selected), element.tetraplet, element.trace_pos,
                       element.provenance};
  return nullptr;
}

ErrPtr Executor::canon_map_with_lens(const CanonMapValue& canon, const Lens& lens,
                                     ValueAggregate& out) {
  if (lens.is_length) {
    out = ValueAggregate{make_json(JValue(static_cast<std::uint64_t>(canon.values.size()))),
                         make_tetraplet(params_.current_peer_id, "", "", "length"),
                         static_cast<std::uint32_t>(trace_.trace_pos()),
                         Provenance{ProvenanceKind::kCanon, canon.cid}};
    return nullptr;
  }
  const LensAccessor& first = lens.accessors[0];
  std::string key;
  switch (first.kind) {
    case LensAccessorKind::kArrayIndex: key = "i" + std::to_string(first.index); break;
    case LensAccessorKind::kFieldName: key = "s" + std::string(first.name); break;
    case LensAccessorKind::kScalarKey: {
      JValue k;
      bool from_iterator = false;
      if (auto e = accessor_key(first, k, from_iterator)) return e;
      if (from_iterator) return lens_error("canon stream map accessor must not be iterable");
      key = map_key_tag(k);
      if (key.empty())
        return lens_error("canon stream map accessor `" + canonical_json(k) +
                          "` should be either string or number");
      break;
    }
  }
  static const std::vector<std::size_t> kNone;
  auto it = canon.index.find(key);
  const std::vector<std::size_t>& indices = it == canon.index.end() ? kNone : it->second;
  if (lens.accessors.size() == 1) {
    std::vector<JPtr> values;
    values.reserve(indices.size());
    for (std::size_t i : indices) values.push_back(field_of(canon.values[i].value, "value"));
    out = ValueAggregate{array_value(values),
                         make_tetraplet(canon.tetraplet->peer_pk, "", "", std::string(lens.text)),
                         static_cast<std::uint32_t>(trace_.trace_pos()),
                         Provenance{ProvenanceKind::kCanon, canon.cid}};
    return nullptr;
  }
  const LensAccessor& second = lens.accessors[1];
  std::uint64_t index = second.index;
  if (second.kind == LensAccessorKind::kFieldName)
    return lens_error("field accessor (with field name = '" + std::string(second.name) +
                      "') can't be applied to a stream");
  if (second.kind == LensAccessorKind::kScalarKey) {
    JValue k;
    bool from_iterator = false;
    if (auto e = accessor_key(second, k, from_iterator)) return e;
    if (!k.is_uint64() || k.get_uint64() > 0xffffffffu)
      return lens_error("stream accessor `" + canonical_json(k) + "` should has number (u32) type");
    index = k.get_uint64();
  }
  if (index >= indices.size())
    return lens_error("lambda is applied to a stream that have only '" +
                      std::to_string(indices.size()) + "' elements, but '" +
                      std::to_string(index) + "' requested");
  const ValueAggregate& element = canon.values[indices[index]];
  JPtr value = field_of(element.value, "value");
  JPtr selected;
  auto rest = lens.accessors.subspan(2);
  if (auto e = apply_lens(value, rest, selected)) return e;
  std::string suffix;
  for (const auto& a : rest) suffix += "." + accessor_text(a);
  const SecurityTetraplet& t = *element.tetraplet;
  // The selected element is attributed to the canon map, not to where it came from.
  out = ValueAggregate{std::move(selected),
                       make_tetraplet(t.peer_pk, t.service_id, t.function_name, t.lens + suffix),
                       element.trace_pos, Provenance{ProvenanceKind::kCanon, canon.cid}};
  return nullptr;
}

ErrPtr Executor::error_value(const ErrorValue& e, const Lens* lens, ValueAggregate& out) {
  TetrapletPtr t = e.tetraplet ? e.tetraplet : init_literal_tetraplet_;
  if (!lens) {
    out = ValueAggregate{e.object, t, static_cast<std::uint32_t>(trace_.trace_pos()), e.provenance};
    return nullptr;
  }
  if (lens->is_length) {
    ValueAggregate base{e.object, t, 0, e.provenance};
    if (auto err = scalar_with_lens(base, *lens, out)) return err;
    out.tetraplet = t;
    return nullptr;
  }
  JPtr selected;
  if (auto err = apply_lens(e.object, lens->accessors, selected)) return err;
  out = ValueAggregate{std::move(selected), t, static_cast<std::uint32_t>(trace_.trace_pos()),
                       e.provenance};
  return nullptr;
}

ErrPtr Executor::resolve_aggregate(const Value& v, ValueAggregate& out) {
  switch (v.kind) {
    case ValueKind::kInitPeerId: out = literal(JValue(params_.init_peer_id)); return nullptr;
    case ValueKind::kLastError: return error_value(last_error_, v.lens, out);
    case ValueKind::kError: return error_value(error_, v.lens, out);
    case ValueKind::kTimestamp: out = literal(JValue(params_.timestamp)); return nullptr;
    case ValueKind::kTtl: out = literal(JValue(static_cast<std::uint64_t>(params_.ttl))); return nullptr;
    case ValueKind::kLiteral: out = literal(JValue(boost::json::string(v.text))); return nullptr;
    case ValueKind::kInt: out = literal(json_int(v.integer)); return nullptr;
    case ValueKind::kFloat: out = literal(JValue(v.floating)); return nullptr;
    case ValueKind::kBool: out = literal(JValue(v.boolean)); return nullptr;
    case ValueKind::kEmptyArray: out = literal(JValue(boost::json::array())); return nullptr;
    case ValueKind::kVariable: break;
  }
  const Variable& var = v.var;
  switch (var.kind) {
    case VarKind::kScalar: {
      if (!var.lens) return lookup_scalar(var.id, var.name, out);
      ValueAggregate base;
      if (auto e = lookup_scalar(var.id, var.name, base)) return e;
      return scalar_with_lens(base, *var.lens, out);
    }
    case VarKind::kCanonStream: {
      CanonStreamPtr c;
      if (auto e = lookup_canon(var.id, var.name, c)) return e;
      if (var.lens) return canon_with_lens(*c, *var.lens, out);
      std::vector<JPtr> items;
      items.reserve(c->values.size());
      for (const auto& x : c->values) items.push_back(x.value);
      out = ValueAggregate{array_value(items), c->tetraplet,
                           static_cast<std::uint32_t>(trace_.trace_pos()),
                           Provenance{ProvenanceKind::kCanon, c->cid}};
      return nullptr;
    }
    case VarKind::kCanonStreamMap: {
      CanonMapPtr c;
      if (auto e = lookup_canon_map(var.id, var.name, c)) return e;
      if (var.lens) return canon_map_with_lens(*c, *var.lens, out);
      // {key: [values with that key, in order]}, keys in first-seen order (the tree keeps it;
      // canonical text sorts anyway).
      std::vector<std::pair<std::string, std::vector<JPtr>>> groups;
      std::unordered_map<std::string, std::size_t> group_of;
      for (const auto& x : c->values) {
        // Keep the field alive: the reference points into the tree it owns.
        const JPtr key_field = field_of(x.value, "key");
        const JValue& k = *key_field;
        std::string key = k.is_string() ? std::string(k.get_string()) : canonical_json(k);
        auto [it, fresh] = group_of.emplace(key, groups.size());
        if (fresh) groups.emplace_back(key, std::vector<JPtr>{});
        groups[it->second].second.push_back(field_of(x.value, "value"));
      }
      std::vector<std::pair<std::string, JPtr>> members;
      members.reserve(groups.size());
      for (const auto& [key, values] : groups) members.emplace_back(key, array_value(values));
      out = ValueAggregate{object_value(members), c->tetraplet,
                           static_cast<std::uint32_t>(trace_.trace_pos()),
                           Provenance{ProvenanceKind::kCanon, c->cid}};
      return nullptr;
    }
    case VarKind::kStream:
    case VarKind::kStreamMap: break;
  }
  return make_error(20000, "streams cannot be used as values");
}

ErrPtr Executor::resolve_json(const Value& v, JPtr& out) {
  if (v.kind == ValueKind::kVariable && v.var.kind == VarKind::kScalar && !v.var.lens) {
    // Only the value: no copy of the aggregate, no tetraplet made for a fold item.
    const ValueAggregate* found = nullptr;
    if (auto e = find_scalar(v.var.id, v.var.name, found, false)) return e;
    out = found->value;
    return nullptr;
  }
  ValueAggregate a;
  if (auto e = resolve_aggregate(v, a)) return e;
  out = std::move(a.value);
  return nullptr;
}

ErrPtr Executor::resolve_for_call(const Value& v, JPtr& value,
                                  std::vector<TetrapletPtr>& tetraplets) {
  if (v.kind == ValueKind::kVariable && !v.var.lens &&
      (v.var.kind == VarKind::kCanonStream || v.var.kind == VarKind::kCanonStreamMap)) {
    ValueAggregate a;
    if (auto e = resolve_aggregate(v, a)) return e;
    value = std::move(a.value);
    tetraplets.clear();
    if (v.var.kind == VarKind::kCanonStream) {
      CanonStreamPtr c;
      lookup_canon(v.var.id, v.var.name, c);
      for (const auto& x : c->values) tetraplets.push_back(x.tetraplet);
    } else {
      CanonMapPtr c;
      lookup_canon_map(v.var.id, v.var.name, c);
      for (const auto& x : c->values) tetraplets.push_back(x.tetraplet);
    }
    return nullptr;
  }
  ValueAggregate a;
  if (auto e = resolve_aggregate(v, a)) return e;
  value = std::move(a.value);
  tetraplets.assign(1, std::move(a.tetraplet));
  return nullptr;
}

ErrPtr Executor::resolve_string(const Value& v, std::string& out) {
  std::string_view view;
  if (auto e = resolve_string_view(v, out, view)) return e;
  if (view.data() != out.data()) out = std::string(view);
  return nullptr;
}

ErrPtr Executor::resolve_string_view(const Value& v, std::string& storage, std::string_view& out) {
  switch (v.kind) {
    case ValueKind::kInitPeerId: out = params_.init_peer_id; return nullptr;
    case ValueKind::kLiteral: out = v.text; return nullptr;
    default: break;
  }
  JPtr j;
  if (auto e = resolve_json(v, j)) return e;
  if (value_kind(j) != json_text::Kind::kString)
    return make_error(kNonStringTriplet, "call cannot resolve non-String triplet variable part `" +
                                             std::string(v.var.name) + "` with value '" +
                                             canonical_text(j) + "'");
  storage = std::string(j->get_string());
  out = storage;
  return nullptr;
}

}  // namespace fluence::air
