// Reader of the rkyv 0.7 archive of InterpreterData (air.md §9.3-§9.5). It validates exactly
// like rkyv's ArchiveValidator + SharedValidator: every pointer target lies in the buffer, is
// aligned, and lies in the current "subtree range"; checking an object narrows the range to
// the bytes before it (its dependencies), and afterwards the range continues after it, so the
// targets of sibling fields must be increasing and disjoint. Rc targets are checked at their
// first encounter only; later references just need the same type.
#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "archive_layout.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/core/utf8.h"

namespace fluence::air {
namespace {

using namespace archive;

// The archived type an Rc target was first checked as (rkyv keys this by TypeId).
enum class SharedKind : std::uint8_t {
  kStr,  // CIDs and argument hashes (Rc<str>)
  kString,  // peer ids (Rc<String>)
  kRawValue,
  kTetraplet,
  kCanonElement,
  kCanonResult,
  kServiceResult,
};

class ArchiveReader {
 public:
  ArchiveReader(ByteView buffer, TextInterner* interner)
      : buf_(buffer.data()), len_(buffer.size()), interner_(interner) {}

  InterpreterData read() {
    if (len_ < kRootSize) fail("archive shorter than its root object", 0);
    std::size_t root = len_ - kRootSize;
    check_layout(root, kRootSize, 4);
    start_ = 0;
    end_ = len_;
    check_subtree(root, kRootSize);
    Range saved = push_prefix(root, kRootSize);
    // Roughly one Rc target per state and three per store entry; the counts are only a hint
    // (bounded by the buffer size, as every element takes bytes).
    std::uint64_t hint = u32(root + kRootTrace + 4);
    for (std::size_t field : {kRootValueStore, kRootTetrapletStore, kRootCanonElementStore,
                              kRootCanonResultStore, kRootServiceResultStore})
      hint += 3 * std::uint64_t(u32(root + field + 4));
    const auto expected = static_cast<std::size_t>(std::min<std::uint64_t>(hint, len_ / 8));
    slots_.reserve(expected);
    std::size_t capacity = 64;
    while (capacity < 2 * expected + 2) capacity *= 2;
    index_.assign(capacity, 0);

    InterpreterData data;
    read_slice(root + kRootTrace, kStateSize, 4, [&](std::size_t count) {
      data.trace.reserve(count);
    }, [&](std::size_t pos) { data.trace.push_back(read_state(pos)); });
    data.last_call_request_id = u32(root + kRootLastCallRequestId);
    CidInfo& info = data.cid_info;
    read_store(root + kRootValueStore, info.value_store, SharedKind::kRawValue, kRawValueSize,
               [&](std::size_t pos) { return read_raw_value(pos); });
    read_store(root + kRootTetrapletStore, info.tetraplet_store, SharedKind::kTetraplet,
               kTetrapletSize, [&](std::size_t pos) { return read_tetraplet(pos); });
    read_store(root + kRootCanonElementStore, info.canon_element_store,
               SharedKind::kCanonElement, kCanonElementSize,
               [&](std::size_t pos) { return read_canon_element(pos); });
    read_store(root + kRootCanonResultStore, info.canon_result_store, SharedKind::kCanonResult,
               kCanonResultSize, [&](std::size_t pos) { return read_canon_result(pos); });
    read_store(root + kRootServiceResultStore, info.service_result_store,
               SharedKind::kServiceResult, kServiceResultSize,
               [&](std::size_t pos) { return read_service_result(pos); });
    std::unordered_map<std::string, std::size_t> key_index;  // a duplicate key replaces, as in a HashMap
    auto& signatures = data.signatures.entries;
    read_slice(root + kRootSignatures, kSignatureEntrySize, 4, [&](std::size_t count) {
      signatures.reserve(count);
    }, [&](std::size_t pos) {
      SignatureEntry entry;
      entry.public_key = read_bytes(pos);
      entry.signature = read_bytes(pos + 8);
      auto [it, inserted] = key_index.try_emplace(std::string(as_chars(entry.public_key)), signatures.size());
      if (inserted) {
        signatures.push_back(std::move(entry));
      } else {
        signatures[it->second] = std::move(entry);
      }
    });
    pop(saved);
    return data;
  }

 private:
  struct Range {
    std::size_t start;
    std::size_t end;
  };

  // Out of line and cold: the checks around every pointer stay small enough to inline.
  [[noreturn, gnu::noinline, gnu::cold]] void fail(const char* what, std::size_t pos) const {
    // The reference's frame around rkyv's CheckBytesError (whose details name addresses).
    throw DataError(kInnerDataDecodeError,
                    "an error occurred while data deserialization: Data(Validation(" +
                        std::string(what) + " at offset " + std::to_string(pos) +
                        ")).\nAquaVM version is " + kInterpreterVersion + " and it expects " +
                        kDataFormatVersion + " version.");
  }

  std::uint32_t u32(std::size_t pos) const {
    std::uint32_t v;
    std::memcpy(&v, buf_ + pos, 4);
    return __builtin_bswap32(v);  // big-endian (rkyv's archive_be)
  }
  std::int32_t i32(std::size_t pos) const { return static_cast<std::int32_t>(u32(pos)); }
  std::int32_t i32_le(std::size_t pos) const {
    return static_cast<std::int32_t>(std::uint32_t(buf_[pos]) | (std::uint32_t(buf_[pos + 1]) << 8) |
                                     (std::uint32_t(buf_[pos + 2]) << 16) |
                                     (std::uint32_t(buf_[pos + 3]) << 24));
  }

  // --- rkyv's validator primitives ---------------------------------------------------------

  // The target of a relative pointer at `base`: inside the buffer (its end included).
  std::size_t target_of(std::size_t base, std::int32_t offset) const {
    std::int64_t target = static_cast<std::int64_t>(base) + offset;
    if (target < 0 || static_cast<std::uint64_t>(target) > len_)
      fail("pointer out of bounds", base);
    return static_cast<std::size_t>(target);
  }
  // `size` bytes at `target` fit in the buffer and `target` is aligned.
  void check_layout(std::size_t target, std::uint64_t size, std::size_t align) const {
    if (target % align != 0) fail("unaligned pointer", target);
    if (len_ - target < size) fail("pointer overruns the buffer", target);
  }
  // The object lies in the current subtree range (zero-sized ones may sit at its end).
  void check_subtree(std::size_t target, std::uint64_t size) const {
    if (size == 0) {
      if (target < start_ || target > end_) fail("subtree pointer out of bounds", target);
      return;
    }
    if (target < start_ || target >= end_) fail("subtree pointer out of bounds", target);
    if (end_ - target < size) fail("subtree pointer overruns its range", target);
  }
  // While the object at [target, target+size) is checked, its dependencies must lie before
  // it; afterwards the range continues after it.
  Range push_prefix(std::size_t target, std::uint64_t size) {
    Range saved{target + static_cast<std::size_t>(size), end_};
    end_ = target;
    return saved;
  }
  void pop(Range saved) {
    start_ = saved.start;
    end_ = saved.end;
  }
  // What an Rc target was decoded to at its first encounter.
  struct SharedSlot {
    std::size_t target;
    SharedKind kind;
    SharedText text;                    // Rc<str> and Rc<String> targets
    std::shared_ptr<const void> value;  // store values
  };

  // Registers an Rc target; `inserted` at its first encounter. A second encounter as another
  // type is an error. Returns the slot's index (slots move when later targets are added).
  std::pair<std::size_t, bool> register_shared(std::size_t target, SharedKind kind) {
    // Open addressing over the slot indices (+1; 0 is empty), at most half full: one probe
    // per Rc field in the common case, and no allocation per target. Four bytes per cell
    // keep the table in cache.
    if (2 * (slots_.size() + 1) > index_.size()) grow_index();
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = hash_target(target) & mask;; i = (i + 1) & mask) {
      const std::uint32_t at = index_[i];
      if (at == 0) {
        slots_.push_back(SharedSlot{target, kind, {}, {}});
        index_[i] = static_cast<std::uint32_t>(slots_.size());
        return {slots_.size() - 1, true};
      }
      SharedSlot& slot = slots_[at - 1];
      if (slot.target == target) {
        if (slot.kind != kind)
          fail("the same memory region has been claimed as two different types", target);
        return {at - 1, false};
      }
    }
  }
  static std::size_t hash_target(std::size_t target) {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(target) * 0x9E3779B97F4A7C15ull) >> 20);
  }
  [[gnu::noinline]] void grow_index() {
    std::vector<std::uint32_t> bigger(std::max<std::size_t>(64, index_.size() * 2), 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t k = 0; k < slots_.size(); ++k) {
      std::size_t i = hash_target(slots_[k].target) & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = static_cast<std::uint32_t>(k + 1);
    }
    index_.swap(bigger);
  }

  // Most Rc texts are CIDs and ids in ASCII: eight bytes per test, the last word overlapping.
  static bool is_ascii(const std::uint8_t* p, std::size_t size) {
    std::uint64_t bits = 0;
    if (size < 8) {
      for (std::size_t i = 0; i < size; ++i) bits |= p[i];
    } else {
      std::uint64_t word;
      for (std::size_t i = 0; i + 8 <= size; i += 8) {
        std::memcpy(&word, p + i, 8);
        bits |= word;
      }
      std::memcpy(&word, p + size - 8, 8);
      bits |= word;
    }
    return (bits & 0x8080808080808080ull) == 0;
  }

  SharedText make_text(std::string_view text) {
    return interner_ ? interner_->intern(text) : SharedText(text);
  }

  // --- slices --------------------------------------------------------------------------------

  // A Vec/Box<[T]> field at `field`: checks the target and calls `each(pos)` per element while
  // the elements' dependencies are confined to the bytes before the array.
  template <class Reserve, class Each>
  void read_slice(std::size_t field, std::size_t elem_size, std::size_t align, Reserve&& reserve,
                  Each&& each) {
    std::int32_t offset = i32(field);
    std::uint32_t count = u32(field + 4);
    std::size_t target = target_of(field, offset);
    std::uint64_t size = std::uint64_t(count) * elem_size;
    check_layout(target, size, align);
    check_subtree(target, size);
    Range saved = push_prefix(target, size);
    reserve(count);  // bounded: count * elem_size bytes exist in the buffer
    for (std::uint32_t i = 0; i < count; ++i) each(target + std::size_t(i) * elem_size);
    pop(saved);
  }

  void check_utf8(std::size_t pos, std::size_t size) const {
    if (is_ascii(buf_ + pos, size)) return;
    if (!fluence::is_valid_utf8(std::string_view(reinterpret_cast<const char*>(buf_ + pos), size)))
      fail("invalid UTF-8 in a string", pos);
  }

  // A Box<str> (not shared): returns [pos, size) of its validated bytes.
  std::pair<std::size_t, std::size_t> read_boxed_str(std::size_t field) {
    std::int32_t offset = i32(field);
    std::uint32_t size = u32(field + 4);
    std::size_t target = target_of(field, offset);
    check_layout(target, size, 1);
    check_subtree(target, size);
    pop(push_prefix(target, size));
    check_utf8(target, size);
    return {target, size};
  }

  Bytes read_bytes(std::size_t field) {
    std::int32_t offset = i32(field);
    std::uint32_t size = u32(field + 4);
    std::size_t target = target_of(field, offset);
    check_layout(target, size, 1);
    check_subtree(target, size);
    pop(push_prefix(target, size));
    return Bytes(buf_ + target, buf_ + target + size);
  }

  // An archived String object at `pos` (inline, or out of line with a little-endian offset).
  std::string_view read_string(std::size_t pos) {
    std::uint8_t last = buf_[pos + 7];
    if ((last & 0x80) == 0) {
      if (last > kInlineStringCapacity) fail("inline string longer than its capacity", pos);
      check_utf8(pos, last);
      return {reinterpret_cast<const char*>(buf_ + pos), last};
    }
    std::uint32_t size = u32(pos);
    std::size_t target = target_of(pos, i32_le(pos + 4));
    check_layout(target, size, 1);
    check_subtree(target, size);
    pop(push_prefix(target, size));
    check_utf8(target, size);
    return {reinterpret_cast<const char*>(buf_ + target), size};
  }

  // --- shared (Rc) pointers ------------------------------------------------------------------

  // Rc<str>: CIDs and argument hashes.
  SharedText read_rc_str(std::size_t field) {
    std::int32_t offset = i32(field);
    std::uint32_t size = u32(field + 4);
    std::size_t target = target_of(field, offset);
    check_layout(target, size, 1);
    auto [index, inserted] = register_shared(target, SharedKind::kStr);
    SharedSlot* slot = &slots_[index];
    std::string_view bytes(reinterpret_cast<const char*>(buf_ + target), size);
    if (inserted) {
      check_subtree(target, size);
      pop(push_prefix(target, size));
      check_utf8(target, size);
      slot->text = make_text(bytes);
      return slot->text;
    }
    // A later reference: rkyv only bounds-checks it, and its shared deserializer reuses the
    // data of the Rc decoded at the first encounter with *this* reference's length. A shorter
    // length gives a prefix; a longer one reads past the first allocation in the reference
    // (undefined there; we extend with zero bytes, which is what avm.wasm was seen to read).
    if (size == slot->text.size()) return slot->text;
    std::string text(slot->text.view().substr(0, size));
    text.resize(size, '\0');
    return make_text(text);
  }

  // Rc<String>: peer ids of RequestSentBy states.
  SharedText read_rc_string(std::size_t field) {
    std::size_t target = target_of(field, i32(field));
    check_layout(target, kStringSize, 4);
    auto [index, inserted] = register_shared(target, SharedKind::kString);
    SharedSlot* slot = &slots_[index];
    if (inserted) {
      check_subtree(target, kStringSize);
      Range saved = push_prefix(target, kStringSize);
      slot->text = make_text(read_string(target));
      pop(saved);
    }
    return slot->text;
  }

  // Rc<T> store values, decoded once per target.
  template <class T, class Decode>
  std::shared_ptr<const T> read_rc(std::size_t field, SharedKind kind, std::size_t size,
                                   Decode&& decode) {
    std::size_t target = target_of(field, i32(field));
    check_layout(target, size, 4);
    auto [index, inserted] = register_shared(target, kind);
    if (inserted) {
      check_subtree(target, size);
      Range saved = push_prefix(target, size);
      auto value = std::make_shared<const T>(decode(target));
      pop(saved);
      slots_[index].value = value;  // by index: decoding may have added slots (and moved them)
      return value;
    }
    return std::static_pointer_cast<const T>(slots_[index].value);
  }

  template <class T, class Decode>
  void read_store(std::size_t field, CidStore<T>& store, SharedKind kind, std::size_t size,
                  Decode&& decode) {
    read_slice(field, kStoreEntrySize, 4, [&](std::size_t count) { store.reserve(count); },
               [&](std::size_t pos) {
                 CidText cid = read_rc_str(pos);
                 auto value = read_rc<T>(pos + 8, kind, size, decode);
                 // Duplicate keys cannot come from a hash map; like the reference's HashMap
                 // the last one wins.
                 store.insert_or_assign(std::move(cid), std::move(value));
               });
  }

  // --- objects -------------------------------------------------------------------------------

  std::string read_raw_value(std::size_t pos) {
    auto [at, size] = read_boxed_str(pos);
    return std::string(reinterpret_cast<const char*>(buf_ + at), size);
  }

  SecurityTetraplet read_tetraplet(std::size_t pos) {
    SecurityTetraplet t;
    t.peer_pk = read_string(pos);
    t.service_id = read_string(pos + 8);
    t.function_name = read_string(pos + 16);
    t.lens = read_string(pos + 24);
    return t;
  }

  ServiceResultAggregate read_service_result(std::size_t pos) {
    ServiceResultAggregate a;
    a.value_cid = read_rc_str(pos);
    a.argument_hash = read_rc_str(pos + 8);
    a.tetraplet_cid = read_rc_str(pos + 16);
    return a;
  }

  CanonElementAggregate read_canon_element(std::size_t pos) {
    CanonElementAggregate a;
    a.value = read_rc_str(pos);
    a.tetraplet = read_rc_str(pos + 8);
    std::uint8_t tag = buf_[pos + 16];
    if (tag > 2) fail("invalid provenance tag", pos + 16);
    a.provenance.kind = static_cast<ProvenanceKind>(tag);
    if (tag != 0) a.provenance.cid = read_rc_str(pos + 20);
    return a;
  }

  CanonResultAggregate read_canon_result(std::size_t pos) {
    CanonResultAggregate a;
    a.tetraplet = read_rc_str(pos);
    read_slice(pos + 8, kSlicePtrSize, 4, [&](std::size_t count) { a.values.reserve(count); },
               [&](std::size_t p) { a.values.push_back(read_rc_str(p)); });
    return a;
  }

  ExecutedState read_state(std::size_t pos) {
    switch (buf_[pos]) {
      case kPar:
        return ParResult{u32(pos + 4), u32(pos + 8)};
      case kCall:
        return read_call(pos);
      case kFold: {
        FoldResult fold;
        read_slice(pos + 4, kFoldLoreSize, 4,
                   [&](std::size_t count) { fold.lore.reserve(count); },
                   [&](std::size_t p) {
                     FoldSubTraceLore lore;
                     lore.value_pos = u32(p);
                     read_slice(p + 4, kSubTraceDescSize, 4,
                                [&](std::size_t count) { lore.subtraces_desc.reserve(count); },
                                [&](std::size_t d) {
                                  lore.subtraces_desc.push_back(SubTraceDesc{u32(d), u32(d + 4)});
                                });
                     fold.lore.push_back(std::move(lore));
                   });
        return fold;
      }
      case kAp: {
        ApResult ap;
        read_slice(pos + 4, 4, 4, [&](std::size_t count) { ap.generations.reserve(count); },
                   [&](std::size_t p) { ap.generations.push_back(u32(p)); });
        return ap;
      }
      case kCanon:
        switch (buf_[pos + 4]) {
          case kCanonRequestSentBy:
            return CanonResult(CanonRequestSentBy{read_rc_string(pos + 8)});
          case kCanonExecuted:
            return CanonResult(CanonExecuted{read_rc_str(pos + 8)});
          default:
            fail("invalid canon result tag", pos + 4);
        }
      default:
        fail("invalid executed state tag", pos);
    }
  }

  ExecutedState read_call(std::size_t pos) {
    switch (buf_[pos + 4]) {
      case kRequestSentBy:
        switch (buf_[pos + 8]) {
          case kPeerId:
            return CallResult(CallRequestSentBy{SenderPeerId{read_rc_string(pos + 12)}});
          case kPeerIdWithCallId: {
            SharedText peer = read_rc_string(pos + 12);
            return CallResult(
                CallRequestSentBy{SenderPeerIdWithCallId{std::move(peer), u32(pos + 16)}});
          }
          default:
            fail("invalid sender tag", pos + 8);
        }
      case kExecuted:
        switch (buf_[pos + 8]) {
          case kScalar:
            return CallResult(CallExecuted{ScalarValueRef{read_rc_str(pos + 12)}});
          case kStream: {
            CidText cid = read_rc_str(pos + 12);
            return CallResult(CallExecuted{StreamValueRef{std::move(cid), u32(pos + 20)}});
          }
          case kUnused:
            return CallResult(CallExecuted{UnusedValueRef{read_rc_str(pos + 12)}});
          default:
            fail("invalid value ref tag", pos + 8);
        }
      case kFailed:
        return CallResult(CallFailed{read_rc_str(pos + 8)});
      default:
        fail("invalid call result tag", pos + 4);
    }
  }

  const std::uint8_t* buf_;
  std::size_t len_;
  TextInterner* interner_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::vector<SharedSlot> slots_;     // Rc targets in order of first encounter
  std::vector<std::uint32_t> index_;  // open-addressing table: slot index + 1, 0 when empty
};

}  // namespace

InterpreterData decode_inner_data(ByteView archive, TextInterner* interner) {
  ArchiveReader reader(archive, interner);
  return reader.read();
}

}  // namespace fluence::air
