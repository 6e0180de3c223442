#include "service_result_batch.h"

#include <cstring>

#include "fluence/air/data/store_cids.h"

namespace fluence::air {
namespace {

// A CID text written when the batch is hashed; `chars` is where.
SharedText placeholder(char*& chars) {
  return SharedText::written_later(std::tuple_size_v<JsonCidChars>, chars);
}

// In place: the CidTexts sharing the buffer see the CID.
void write_cid(char* text, const JsonCidChars& chars) {
  std::memcpy(text, chars.data(), chars.size());
}

}  // namespace

CidText ServiceResultBatch::add(std::shared_ptr<const std::string> canonical_value,
                                std::string arguments_json, CidText tetraplet_cid) {
  Entry e{std::move(canonical_value), std::move(arguments_json), nullptr, nullptr, nullptr,
          nullptr, {}};
  CidText value_cid = placeholder(e.value_cid);
  SharedText argument_hash = placeholder(e.argument_hash);
  e.cid_text = placeholder(e.cid);
  e.aggregate = std::make_shared<const ServiceResultAggregate>(
      ServiceResultAggregate{std::move(value_cid), std::move(argument_hash), std::move(tetraplet_cid)});
  CidText cid = e.cid_text;
  entries_.push_back(std::move(e));
  return cid;
}

void ServiceResultBatch::flush(CidInfo& stores) {
  if (entries_.empty()) return;
  const std::size_t n = entries_.size();
  // Values and argument arrays first: the aggregates' JSON holds their CIDs.
  std::vector<ByteView> inputs;
  inputs.reserve(2 * n);
  for (const Entry& e : entries_) {
    inputs.push_back(as_bytes(*e.value));
    inputs.push_back(as_bytes(e.arguments));
  }
  std::vector<JsonCidChars> cids = json_cid_chars_many(inputs);
  for (std::size_t i = 0; i < n; ++i) {
    write_cid(entries_[i].value_cid, cids[2 * i]);
    write_cid(entries_[i].argument_hash, cids[2 * i + 1]);
  }
  // The aggregates' JSON, all in one buffer.
  std::string json;
  json.reserve(n * 240);
  std::vector<std::size_t> ends;
  ends.reserve(n);
  for (const Entry& e : entries_) {
    append_service_result_json(json, *e.aggregate);
    ends.push_back(json.size());
  }
  inputs.clear();
  for (std::size_t i = 0, from = 0; i < n; from = ends[i++])
    inputs.push_back(as_bytes(std::string_view(json).substr(from, ends[i] - from)));
  cids = json_cid_chars_many(inputs);
  for (std::size_t i = 0; i < n; ++i) {
    Entry& e = entries_[i];
    write_cid(e.cid, cids[i]);
    stores.value_store.insert(e.aggregate->value_cid, std::move(e.value));
    stores.service_result_store.insert(std::move(e.cid_text), std::move(e.aggregate));
  }
  entries_.clear();
}

}  // namespace fluence::air
