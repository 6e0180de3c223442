#include "values.h"

#include <cstdlib>
#include <map>

#include <boost/json.hpp>

#include "fluence/core/canonical_json.h"

namespace fluence::air {

const JValue* JPtr::get() const {
  if (tree_ || !text_) return tree_.get();
  if (!text_->tree) text_->tree = std::make_shared<const JValue>(parse_json(text_->view));
  return text_->tree.get();
}

std::string canonical_text(const JPtr& v) {
  return v.is_text() ? std::string(v.text()) : canonical_json(*v);
}

void append_canonical_text(std::string& out, const JPtr& v) {
  if (v.is_text()) {
    out.append(v.text());
  } else {
    append_canonical_json(out, *v);
  }
}

std::shared_ptr<const std::string> shared_canonical_text(const JPtr& v) {
  if (auto whole = v.whole_text()) return whole;
  return std::make_shared<const std::string>(canonical_text(v));
}

std::size_t text_value_threshold() {
  static const std::size_t threshold = [] {
    const char* env = std::getenv("FLUENCE_AIR_TEXT_VALUES_FROM");
    if (env && *env) return static_cast<std::size_t>(std::strtoull(env, nullptr, 10));
    return std::size_t{64} << 10;
  }();
  return threshold;
}

JPtr value_from_canonical(std::shared_ptr<const std::string> canonical) {
  if (canonical->size() >= text_value_threshold()) {
    std::string_view view = *canonical;
    return JPtr::text(std::move(canonical), view);
  }
  return make_json(parse_json(*canonical));
}

json_text::Kind value_kind(const JPtr& v) {
  if (v.is_text()) return json_text::kind_of(v.text());
  switch (v->kind()) {
    case boost::json::kind::null: return json_text::Kind::kNull;
    case boost::json::kind::bool_: return json_text::Kind::kBool;
    case boost::json::kind::string: return json_text::Kind::kString;
    case boost::json::kind::array: return json_text::Kind::kArray;
    case boost::json::kind::object: return json_text::Kind::kObject;
    default: return json_text::Kind::kNumber;
  }
}

bool value_is_integer(const JPtr& v) {
  if (v.is_text()) return json_text::is_integer(v.text());
  return v->is_int64() || v->is_uint64();
}

JPtr field_of(const JPtr& v, std::string_view name) {
  if (v.is_text()) {
    auto f = json_text::field(v.text(), name);
    return f ? JPtr::text(v.text_owner(), *f) : JPtr();
  }
  const JValue* f = v->is_object() ? v->get_object().if_contains(name) : nullptr;
  return f ? JPtr(v, f) : JPtr();
}

std::size_t array_length(const JPtr& v) {
  return v.is_text() ? json_text::array_size(v.text()) : v->get_array().size();
}

std::vector<JPtr> array_items(const JPtr& v) {
  std::vector<JPtr> out;
  if (v.is_text()) {
    for (std::string_view e : json_text::elements(v.text())) out.push_back(JPtr::text(v.text_owner(), e));
    return out;
  }
  const auto& arr = v->get_array();
  out.reserve(arr.size());
  for (const auto& e : arr) out.push_back(JPtr(v, &e));
  return out;
}

namespace {

bool any_text(const std::vector<JPtr>& items) {
  for (const auto& i : items)
    if (i.is_text()) return true;
  return false;
}

JPtr text_value(std::string text) {
  auto owner = std::make_shared<const std::string>(std::move(text));
  std::string_view view = *owner;
  return JPtr::text(std::move(owner), view);
}

}  // namespace

JPtr array_value(const std::vector<JPtr>& items) {
  if (!any_text(items)) {
    boost::json::array arr;
    arr.reserve(items.size());
    for (const auto& i : items) arr.push_back(*i);
    return make_json(std::move(arr));
  }
  // Reserved exactly: growing a 100 MB string by doubling would briefly hold it twice.
  std::size_t size = 2 + items.size();
  for (const auto& i : items) size += i.is_text() ? i.text().size() : 0;
  std::string s;
  s.reserve(size);
  s.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s.push_back(',');
    append_canonical_text(s, items[i]);
  }
  s.push_back(']');
  return text_value(std::move(s));
}

JPtr object_value(const std::vector<std::pair<std::string, JPtr>>& members) {
  bool text = false;
  for (const auto& m : members) text = text || m.second.is_text();
  if (!text) {
    boost::json::object obj;
    for (const auto& [k, v] : members) obj[k] = *v;
    return make_json(std::move(obj));
  }
  // Canonical order: keys by bytes, the last of equal keys wins (as assigning into a tree does).
  std::map<std::string, const JPtr*> sorted;
  for (const auto& [k, v] : members) sorted[k] = &v;
  std::size_t size = 2;
  for (const auto& [k, v] : sorted) size += k.size() + 4 + (v->is_text() ? v->text().size() : 0);
  std::string s;
  s.reserve(size);
  s.push_back('{');
  bool first = true;
  for (const auto& [k, v] : sorted) {
    if (!first) s.push_back(',');
    first = false;
    append_json_string(s, k);
    s.push_back(':');
    append_canonical_text(s, *v);
  }
  s.push_back('}');
  return text_value(std::move(s));
}

}  // namespace fluence::air
