#include "archive_writer.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "archive_layout.h"
#include "fluence/air/data/flat_text_index.h"
#include "fluence/air/data/data_error.h"

namespace fluence::air {
namespace {

using namespace archive;

class ArchiveWriter {
 public:
  // With `release`, the writer drops each value text of that store (the value store of the
  // data being written) as soon as it is copied out.
  ArchiveWriter(Bytes& out, ValueStore* release)
      : out_(out), base_(out.size()), end_(out.size()), release_(release) {}

  // Drops the zeroed room after the last byte written.
  void finish() { out_.resize(end_); }

  void write(const InterpreterData& data) {
    const CidInfo& info = data.cid_info;
    // Roughly two distinct Rc texts per store entry (its CID, a CID or hash inside it), which
    // also covers the CIDs of the trace: no rehashing on the way.
    rc_strs_.reserve(2 * (info.value_store.size() + info.tetraplet_store.size() +
                          info.canon_element_store.size() + info.canon_result_store.size() +
                          info.service_result_store.size()));
    std::uint32_t trace = write_states(data.trace);
    std::size_t written = 0;
    std::uint32_t values = write_store(info.value_store, kRawValueSize, [&](const std::string& v) {
      std::uint32_t at = write_raw_value(v);
      if (release_) release_->release_value(written++);
      return at;
    });
    std::uint32_t tetraplets = write_store(info.tetraplet_store, kTetrapletSize,
                                           [&](const SecurityTetraplet& t) {
                                             return write_tetraplet(t);
                                           });
    std::uint32_t elements = write_store(info.canon_element_store, kCanonElementSize,
                                         [&](const CanonElementAggregate& a) {
                                           return write_canon_element(a);
                                         });
    std::uint32_t results = write_store(info.canon_result_store, kCanonResultSize,
                                        [&](const CanonResultAggregate& a) {
                                          return write_canon_result(a);
                                        });
    std::uint32_t services = write_store(info.service_result_store, kServiceResultSize,
                                         [&](const ServiceResultAggregate& a) {
                                           return write_service_result(a);
                                         });
    std::uint32_t signatures = write_signatures(data.signatures);

    std::uint32_t root = begin_object(kRootSize);
    put_slice(root + kRootTrace, trace, data.trace.size());
    put_u32(root + kRootLastCallRequestId, data.last_call_request_id);
    put_slice(root + kRootValueStore, values, info.value_store.size());
    put_slice(root + kRootTetrapletStore, tetraplets, info.tetraplet_store.size());
    put_slice(root + kRootCanonElementStore, elements, info.canon_element_store.size());
    put_slice(root + kRootCanonResultStore, results, info.canon_result_store.size());
    put_slice(root + kRootServiceResultStore, services, info.service_result_store.size());
    put_slice(root + kRootSignatures, signatures, data.signatures.size());
  }

 private:
  // The output grows in zeroed chunks, written up to end_; the bytes between end_ and
  // out_.size() are zero, so an object's unset fields and padding need no zeroing of their
  // own (one memset per chunk instead of one per trace state and entry). finish() trims.
  static constexpr std::size_t kChunk = 64 * 1024;

  // Position relative to the archive start.
  std::uint32_t pos() const {
    std::size_t p = end_ - base_;
    if (p > 0x7fffffff) throw DataError(kInnerDataDecodeError, "interpreter data exceeds 2 GiB");
    return static_cast<std::uint32_t>(p);
  }
  // Room for `size` more bytes after end_.
  void ensure(std::size_t size) {
    if (out_.size() - end_ >= size) return;
    grow(size);
  }
  [[gnu::noinline]] void grow(std::size_t size) {
    std::size_t want = std::max(end_ + size, out_.size() + kChunk);
    // Stay within the reserved capacity when it is enough, so the buffer is not reallocated.
    if (end_ + size <= out_.capacity()) want = std::min(want, out_.capacity());
    out_.resize(want, 0);
  }
  // Aligns, claims `size` zero bytes for an object and returns its position.
  std::uint32_t begin_object(std::size_t size) {
    const std::size_t padding = (4 - (end_ - base_) % 4) % 4;
    const std::size_t start = end_ + padding;
    if (start - base_ > 0x7fffffff)
      throw DataError(kInnerDataDecodeError, "interpreter data exceeds 2 GiB");
    ensure(padding + size);
    end_ = start + size;
    return static_cast<std::uint32_t>(start - base_);
  }
  std::uint8_t* at(std::uint32_t p) { return out_.data() + base_ + p; }
  void put_u8(std::uint32_t p, std::uint8_t v) { *at(p) = v; }
  void put_u32(std::uint32_t p, std::uint32_t v) {
    std::uint8_t* d = at(p);
    d[0] = std::uint8_t(v >> 24);
    d[1] = std::uint8_t(v >> 16);
    d[2] = std::uint8_t(v >> 8);
    d[3] = std::uint8_t(v);
  }
  static std::uint32_t offset(std::uint32_t from, std::uint32_t to) {
    return static_cast<std::uint32_t>(static_cast<std::int32_t>(to) -
                                      static_cast<std::int32_t>(from));
  }
  void put_ptr(std::uint32_t field, std::uint32_t target) {
    put_u32(field, offset(field, target));
  }
  void put_slice(std::uint32_t field, std::uint32_t target, std::size_t count) {
    put_ptr(field, target);
    put_u32(field + 4, static_cast<std::uint32_t>(count));
  }

  std::uint32_t write_raw(std::string_view bytes) {
    std::uint32_t p = pos();
    if (bytes.size() > kChunk) {
      // A big value is appended without zeroing its room first (the zeroed tail is dropped;
      // the pointer range makes insert a memmove, a char range would copy byte by byte).
      out_.resize(end_);
      const auto* first = reinterpret_cast<const std::uint8_t*>(bytes.data());
      out_.insert(out_.end(), first, first + bytes.size());
      end_ = out_.size();
      return p;
    }
    ensure(bytes.size());
    if (!bytes.empty()) std::memcpy(at(p), bytes.data(), bytes.size());
    end_ += bytes.size();
    return p;
  }

  // --- leaves ----------------------------------------------------------------------------

  // Rc<str> (CIDs, argument hashes): one copy per distinct text.
  std::uint32_t write_rc_str(const SharedText& text) {
    if (text.empty()) {
      // A zero-length Rc target takes no bytes, so the next target would get its address, and
      // rkyv's validator keys Rc targets by address: a later Rc there would be taken for this
      // one. A padding byte keeps the addresses apart.
      std::uint32_t p = pos();
      ensure(1);
      ++end_;  // a zero byte
      return p;
    }
    // One hash per text: the slot is claimed first and filled once the bytes are written.
    auto [slot, inserted] = rc_strs_.try_emplace(text.view(), 0);
    if (!inserted) return *slot;
    *slot = write_raw(text.view());
    return *slot;
  }
  void put_rc_str(std::uint32_t field, const SharedText& text, std::uint32_t target) {
    put_slice(field, target, text.size());
  }

  // The out-of-line bytes of an archived String (nothing for inline ones).
  std::uint32_t write_string_bytes(std::string_view s) {
    return s.size() > kInlineStringCapacity ? write_raw(s) : 0;
  }
  void put_string(std::uint32_t p, std::string_view s, std::uint32_t bytes_at) {
    if (s.size() <= kInlineStringCapacity) {
      if (!s.empty()) std::memcpy(at(p), s.data(), s.size());
      put_u8(p + 7, static_cast<std::uint8_t>(s.size()));
      return;
    }
    put_u32(p, static_cast<std::uint32_t>(s.size()));
    std::uint32_t off = offset(p, bytes_at);  // little-endian, rkyv's quirk
    std::uint8_t* d = at(p + 4);
    d[0] = std::uint8_t(off);
    d[1] = std::uint8_t(off >> 8);
    d[2] = std::uint8_t(off >> 16);
    d[3] = std::uint8_t(off >> 24);
  }

  // Rc<String> (peer ids): one String object per distinct text.
  std::uint32_t write_rc_string(const SharedText& text) {
    auto [slot, inserted] = rc_strings_.try_emplace(text.view(), 0);
    if (!inserted) return *slot;
    std::uint32_t bytes = write_string_bytes(text.view());
    std::uint32_t obj = begin_object(kStringSize);
    put_string(obj, text.view(), bytes);
    *slot = obj;
    return obj;
  }

  // --- trace -----------------------------------------------------------------------------

  // What a state points to, written before the state array.
  struct StateDeps {
    std::uint32_t a = 0;  // Rc target / vec position
  };

  std::uint32_t write_states(const Trace& trace) {
    std::vector<std::uint32_t> deps(trace.size());
    for (std::size_t i = 0; i < trace.size(); ++i) deps[i] = write_state_deps(trace[i]);
    std::uint32_t array = begin_object(kStateSize * trace.size());
    for (std::size_t i = 0; i < trace.size(); ++i)
      put_state(array + std::uint32_t(i * kStateSize), trace[i], deps[i]);
    return array;
  }

  std::uint32_t write_state_deps(const ExecutedState& state) {
    switch (state.index()) {
      case kCall: {
        const auto& call = std::get<CallResult>(state);
        if (auto* sent = std::get_if<CallRequestSentBy>(&call)) {
          if (auto* p = std::get_if<SenderPeerId>(&sent->sender))
            return write_rc_string(p->peer_id);
          return write_rc_string(std::get<SenderPeerIdWithCallId>(sent->sender).peer_id);
        }
        if (auto* executed = std::get_if<CallExecuted>(&call))
          return write_rc_str(value_ref_cid(executed->value));
        return write_rc_str(std::get<CallFailed>(call).cid);
      }
      case kFold:
        return write_lore(std::get<FoldResult>(state).lore);
      case kAp: {
        const auto& gens = std::get<ApResult>(state).generations;
        std::uint32_t array = begin_object(4 * gens.size());
        for (std::size_t i = 0; i < gens.size(); ++i) put_u32(array + std::uint32_t(4 * i), gens[i]);
        return array;
      }
      case kCanon: {
        const auto& canon = std::get<CanonResult>(state);
        if (auto* sent = std::get_if<CanonRequestSentBy>(&canon))
          return write_rc_string(sent->peer_id);
        return write_rc_str(std::get<CanonExecuted>(canon).cid);
      }
      default:
        return 0;
    }
  }

  static const CidText& value_ref_cid(const ValueRef& ref) {
    switch (ref.index()) {
      case kScalar:
        return std::get<ScalarValueRef>(ref).cid;
      case kStream:
        return std::get<StreamValueRef>(ref).cid;
      default:
        return std::get<UnusedValueRef>(ref).cid;
    }
  }

  std::uint32_t write_lore(const std::vector<FoldSubTraceLore>& lore) {
    // The descriptor arrays are written back to back: their sizes are multiples of 8 and the
    // first one is aligned, so each starts where the previous one ends (no padding between),
    // and their positions need no temporary list.
    std::uint32_t first = 0;
    for (std::size_t i = 0; i < lore.size(); ++i) {
      const auto& d = lore[i].subtraces_desc;
      std::uint32_t array = begin_object(kSubTraceDescSize * d.size());
      if (i == 0) first = array;
      for (std::size_t k = 0; k < d.size(); ++k) {
        std::uint32_t p = array + std::uint32_t(k * kSubTraceDescSize);
        put_u32(p, d[k].begin_pos);
        put_u32(p + 4, d[k].subtrace_len);
      }
    }
    std::uint32_t array = begin_object(kFoldLoreSize * lore.size());
    std::uint32_t descs = first;
    for (std::size_t i = 0; i < lore.size(); ++i) {
      std::uint32_t p = array + std::uint32_t(i * kFoldLoreSize);
      put_u32(p, lore[i].value_pos);
      put_slice(p + 4, descs, lore[i].subtraces_desc.size());
      descs += std::uint32_t(kSubTraceDescSize * lore[i].subtraces_desc.size());
    }
    return array;
  }

  void put_state(std::uint32_t p, const ExecutedState& state, std::uint32_t dep) {
    put_u8(p, static_cast<std::uint8_t>(state.index()));
    switch (state.index()) {
      case kPar: {
        const auto& par = std::get<ParResult>(state);
        put_u32(p + 4, par.left_size);
        put_u32(p + 8, par.right_size);
        break;
      }
      case kCall: {
        const auto& call = std::get<CallResult>(state);
        put_u8(p + 4, static_cast<std::uint8_t>(call.index()));
        if (auto* sent = std::get_if<CallRequestSentBy>(&call)) {
          put_u8(p + 8, static_cast<std::uint8_t>(sent->sender.index()));
          put_ptr(p + 12, dep);
          if (auto* w = std::get_if<SenderPeerIdWithCallId>(&sent->sender))
            put_u32(p + 16, w->call_id);
        } else if (auto* executed = std::get_if<CallExecuted>(&call)) {
          put_u8(p + 8, static_cast<std::uint8_t>(executed->value.index()));
          const CidText& cid = value_ref_cid(executed->value);
          put_rc_str(p + 12, cid, dep);
          if (auto* s = std::get_if<StreamValueRef>(&executed->value))
            put_u32(p + 20, s->generation);
        } else {
          put_rc_str(p + 8, std::get<CallFailed>(call).cid, dep);
        }
        break;
      }
      case kFold:
        put_slice(p + 4, dep, std::get<FoldResult>(state).lore.size());
        break;
      case kAp:
        put_slice(p + 4, dep, std::get<ApResult>(state).generations.size());
        break;
      case kCanon: {
        const auto& canon = std::get<CanonResult>(state);
        put_u8(p + 4, static_cast<std::uint8_t>(canon.index()));
        if (std::holds_alternative<CanonRequestSentBy>(canon)) {
          put_ptr(p + 8, dep);
        } else {
          put_rc_str(p + 8, std::get<CanonExecuted>(canon).cid, dep);
        }
        break;
      }
    }
  }

  // --- stores ----------------------------------------------------------------------------

  template <class T, class WriteValue>
  std::uint32_t write_store(const CidStore<T>& store, std::size_t value_size,
                            WriteValue&& write_value) {
    (void)value_size;
    struct EntryDeps {
      std::uint32_t key;
      std::uint32_t value;
    };
    std::vector<EntryDeps> deps;
    deps.reserve(store.size());
    for (const auto& e : store.entries()) {
      std::uint32_t key = write_rc_str(e.cid);
      std::uint32_t value = write_value(*e.value);
      deps.push_back({key, value});
    }
    std::uint32_t array = begin_object(kStoreEntrySize * store.size());
    for (std::size_t i = 0; i < deps.size(); ++i) {
      std::uint32_t p = array + std::uint32_t(i * kStoreEntrySize);
      put_rc_str(p, store.entries()[i].cid, deps[i].key);
      put_ptr(p + 8, deps[i].value);
    }
    return array;
  }

  std::uint32_t write_raw_value(const std::string& raw) {
    std::uint32_t bytes = write_raw(raw);
    std::uint32_t obj = begin_object(kRawValueSize);
    put_slice(obj, bytes, raw.size());
    return obj;
  }

  std::uint32_t write_tetraplet(const SecurityTetraplet& t) {
    std::uint32_t b0 = write_string_bytes(t.peer_pk);
    std::uint32_t b1 = write_string_bytes(t.service_id);
    std::uint32_t b2 = write_string_bytes(t.function_name);
    std::uint32_t b3 = write_string_bytes(t.lens);
    std::uint32_t obj = begin_object(kTetrapletSize);
    put_string(obj, t.peer_pk, b0);
    put_string(obj + 8, t.service_id, b1);
    put_string(obj + 16, t.function_name, b2);
    put_string(obj + 24, t.lens, b3);
    return obj;
  }

  std::uint32_t write_service_result(const ServiceResultAggregate& a) {
    std::uint32_t v = write_rc_str(a.value_cid);
    std::uint32_t h = write_rc_str(a.argument_hash);
    std::uint32_t t = write_rc_str(a.tetraplet_cid);
    std::uint32_t obj = begin_object(kServiceResultSize);
    put_rc_str(obj, a.value_cid, v);
    put_rc_str(obj + 8, a.argument_hash, h);
    put_rc_str(obj + 16, a.tetraplet_cid, t);
    return obj;
  }

  std::uint32_t write_canon_element(const CanonElementAggregate& a) {
    std::uint32_t v = write_rc_str(a.value);
    std::uint32_t t = write_rc_str(a.tetraplet);
    bool has_cid = a.provenance.kind != ProvenanceKind::kLiteral;
    std::uint32_t c = has_cid ? write_rc_str(a.provenance.cid) : 0;
    std::uint32_t obj = begin_object(kCanonElementSize);
    put_rc_str(obj, a.value, v);
    put_rc_str(obj + 8, a.tetraplet, t);
    put_u8(obj + 16, static_cast<std::uint8_t>(a.provenance.kind));
    if (has_cid) put_rc_str(obj + 20, a.provenance.cid, c);
    return obj;
  }

  std::uint32_t write_canon_result(const CanonResultAggregate& a) {
    std::uint32_t t = write_rc_str(a.tetraplet);
    std::vector<std::uint32_t> values(a.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i) values[i] = write_rc_str(a.values[i]);
    std::uint32_t array = begin_object(kSlicePtrSize * a.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i)
      put_rc_str(array + std::uint32_t(i * kSlicePtrSize), a.values[i], values[i]);
    std::uint32_t obj = begin_object(kCanonResultSize);
    put_rc_str(obj, a.tetraplet, t);
    put_slice(obj + 8, array, a.values.size());
    return obj;
  }

  std::uint32_t write_signatures(const SignatureStore& store) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deps;
    deps.reserve(store.size());
    for (const auto& e : store.entries) {
      std::uint32_t key = write_raw(as_chars(e.public_key));
      std::uint32_t sig = write_raw(as_chars(e.signature));
      deps.emplace_back(key, sig);
    }
    std::uint32_t array = begin_object(kSignatureEntrySize * store.size());
    for (std::size_t i = 0; i < deps.size(); ++i) {
      std::uint32_t p = array + std::uint32_t(i * kSignatureEntrySize);
      put_slice(p, deps[i].first, store.entries[i].public_key.size());
      put_slice(p + 8, deps[i].second, store.entries[i].signature.size());
    }
    return array;
  }

  Bytes& out_;
  std::size_t base_;
  std::size_t end_;  // end of the bytes written so far
  ValueStore* release_;
  FlatTextIndex rc_strs_;
  FlatTextIndex rc_strings_;
};

}  // namespace

std::size_t archive_size_hint(const InterpreterData& d) {
  // Generous per-item allowances (CID texts are 61 bytes, objects up to 32, pointers 8-12):
  // reserving once keeps a 100 MB value from being copied by vector growth.
  std::size_t n = 64 + 96 * d.trace.size();
  for (const auto& s : d.trace)
    if (auto* f = std::get_if<FoldResult>(&s)) n += 32 * f->lore.size() + 8;
  const CidInfo& c = d.cid_info;
  for (const auto& e : c.value_store.entries()) n += e.value->size() + 96;
  for (const auto& e : c.tetraplet_store.entries())
    n += 112 + e.value->peer_pk.size() + e.value->service_id.size() +
         e.value->function_name.size() + e.value->lens.size();
  n += 240 * (c.canon_element_store.size() + c.service_result_store.size());
  for (const auto& e : c.canon_result_store.entries()) n += 160 + 72 * e.value->values.size();
  for (const auto& e : d.signatures.entries)
    n += 24 + e.public_key.size() + e.signature.size();
  return n;
}

void append_inner_data(Bytes& out, const InterpreterData& data, ValueStore* release_values,
                       bool reserve) {
  if (reserve) out.reserve(out.size() + archive_size_hint(data));
  ArchiveWriter writer(out, release_values);
  writer.write(data);
  writer.finish();
}

}  // namespace fluence::air
