// The MessagePack envelope of particle data (air.md §9.2) and the entry points of the codec.
// The envelope is scanned in place, without a DOM, so a 100 MB inner_data is never copied.
// Input rules follow what rmp-serde + serde accept in the reference: a map whose keys may be
// str or bin; the three fields exactly once; extra entries (any msgpack) ignored; inner_data as
// bin, str or an array of u8-sized integers; trailing bytes after the map ignored.
#include <cstring>
#include <optional>
#include <string>

#include "archive_writer.h"
#include "fluence/air/data/particle_data_codec.h"
#include "fluence/core/msgpack.h"
#include "semver.h"

namespace fluence::air {
namespace {

// What a scanned msgpack item is.
enum class ItemType { kNil, kBool, kInt, kFloat, kStr, kBin, kArray, kMap, kExt };

struct Item {
  ItemType type = ItemType::kNil;
  std::size_t begin = 0;     // first byte of the item
  std::size_t payload = 0;   // str/bin/ext bytes
  std::uint64_t length = 0;  // str/bin/ext bytes, array/map children count
  bool negative = false;       // kInt: the value is below zero
  bool signed_marker = false;  // kInt: a negative fixint or int8..int64 marker
  std::uint64_t int_value = 0;
};

struct EnvelopeSyntaxError {
  std::string message;
};

// A bounds-checked msgpack cursor over the envelope.
class Scanner {
 public:
  explicit Scanner(ByteView data) : d_(data.data()), n_(data.size()) {}

  std::size_t position() const { return pos_; }

  // Reads one item's header (and for str/bin/ext skips its payload).
  Item header() {
    Item it;
    it.begin = pos_;
    std::uint8_t b = byte();
    if (b <= 0x7f) return integer(it, false, b);
    if (b >= 0xe0) return integer(it, true, std::uint64_t(std::int64_t(std::int8_t(b))));
    if ((b & 0xf0) == 0x80) return container(it, ItemType::kMap, b & 0x0f);
    if ((b & 0xf0) == 0x90) return container(it, ItemType::kArray, b & 0x0f);
    if ((b & 0xe0) == 0xa0) return bytes(it, ItemType::kStr, b & 0x1f);
    switch (b) {
      case 0xc0: it.type = ItemType::kNil; return it;
      case 0xc2: case 0xc3: it.type = ItemType::kBool; it.int_value = b & 1; return it;
      case 0xc4: return bytes(it, ItemType::kBin, be(1));
      case 0xc5: return bytes(it, ItemType::kBin, be(2));
      case 0xc6: return bytes(it, ItemType::kBin, be(4));
      case 0xc7: { auto len = be(1); skip(1); return bytes(it, ItemType::kExt, len); }
      case 0xc8: { auto len = be(2); skip(1); return bytes(it, ItemType::kExt, len); }
      case 0xc9: { auto len = be(4); skip(1); return bytes(it, ItemType::kExt, len); }
      case 0xca: skip(4); it.type = ItemType::kFloat; return it;
      case 0xcb: skip(8); it.type = ItemType::kFloat; return it;
      case 0xcc: return integer(it, false, be(1));
      case 0xcd: return integer(it, false, be(2));
      case 0xce: return integer(it, false, be(4));
      case 0xcf: return integer(it, false, be(8));
      case 0xd0: return integer(it, true, std::uint64_t(std::int64_t(std::int8_t(be(1)))));
      case 0xd1: return integer(it, true, std::uint64_t(std::int64_t(std::int16_t(be(2)))));
      case 0xd2: return integer(it, true, std::uint64_t(std::int64_t(std::int32_t(be(4)))));
      case 0xd3: return integer(it, true, be(8));
      case 0xd4: skip(1); return bytes(it, ItemType::kExt, 1);
      case 0xd5: skip(1); return bytes(it, ItemType::kExt, 2);
      case 0xd6: skip(1); return bytes(it, ItemType::kExt, 4);
      case 0xd7: skip(1); return bytes(it, ItemType::kExt, 8);
      case 0xd8: skip(1); return bytes(it, ItemType::kExt, 16);
      case 0xd9: return bytes(it, ItemType::kStr, be(1));
      case 0xda: return bytes(it, ItemType::kStr, be(2));
      case 0xdb: return bytes(it, ItemType::kStr, be(4));
      case 0xdc: return container(it, ItemType::kArray, be(2));
      case 0xdd: return container(it, ItemType::kArray, be(4));
      case 0xde: return container(it, ItemType::kMap, be(2));
      case 0xdf: return container(it, ItemType::kMap, be(4));
      default: throw EnvelopeSyntaxError{"invalid MessagePack marker 0xc1"};
    }
  }

  // Skips one whole item, iteratively (no recursion, so nesting depth cannot hurt).
  void skip_item() {
    std::uint64_t pending = 1;
    while (pending > 0) {
      --pending;
      Item it = header();
      if (it.type == ItemType::kArray) pending += it.length;
      if (it.type == ItemType::kMap) pending += 2 * it.length;
      // Every child takes at least one byte: a count beyond the input is truncated input.
      if (pending > n_ - pos_ + 1) throw EnvelopeSyntaxError{"unexpected end of input"};
    }
  }

  std::string_view text(const Item& it) const {
    return {reinterpret_cast<const char*>(d_ + it.payload), static_cast<std::size_t>(it.length)};
  }
  ByteView view(const Item& it) const { return {d_ + it.payload, static_cast<std::size_t>(it.length)}; }

 private:
  std::uint8_t byte() {
    if (pos_ >= n_) throw EnvelopeSyntaxError{"unexpected end of input"};
    return d_[pos_++];
  }
  void skip(std::size_t k) {
    if (n_ - pos_ < k) throw EnvelopeSyntaxError{"unexpected end of input"};
    pos_ += k;
  }
  std::uint64_t be(std::size_t k) {
    if (n_ - pos_ < k) throw EnvelopeSyntaxError{"unexpected end of input"};
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < k; ++i) v = (v << 8) | d_[pos_ + i];
    pos_ += k;
    return v;
  }
  Item integer(Item it, bool negative, std::uint64_t v) {
    it.type = ItemType::kInt;
    it.signed_marker = negative;
    it.negative = negative && std::int64_t(v) < 0;
    it.int_value = v;
    return it;
  }
  Item container(Item it, ItemType type, std::uint64_t count) {
    it.type = type;
    it.length = count;
    return it;
  }
  Item bytes(Item it, ItemType type, std::uint64_t len) {
    it.type = type;
    it.length = len;
    it.payload = pos_;
    skip(static_cast<std::size_t>(std::min<std::uint64_t>(len, n_ - pos_ + 1)));
    return it;
  }

  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

const char* type_name(ItemType t) {
  switch (t) {
    case ItemType::kNil: return "unit value";
    case ItemType::kBool: return "boolean";
    case ItemType::kInt: return "integer";
    case ItemType::kFloat: return "floating point";
    case ItemType::kStr: return "string";
    case ItemType::kBin: return "byte array";
    case ItemType::kArray: return "sequence";
    case ItemType::kMap: return "map";
    case ItemType::kExt: return "extension";
  }
  return "value";
}

// serde's "unexpected" rendering of a value in type errors.
std::string unexpected(const Item& it) {
  switch (it.type) {
    case ItemType::kInt:
      return std::string("integer `") +
             (it.negative ? std::to_string(std::int64_t(it.int_value)) : std::to_string(it.int_value)) +
             "`";
    case ItemType::kBool:
      return it.int_value ? "boolean `true`" : "boolean `false`";
    default:
      return type_name(it.type);
  }
}

struct Entry {
  Item key;
  Item value;
};

// Skips the children of an array or map item (their headers were not read yet).
void skip_children(Scanner& s, const Item& item, std::size_t remaining) {
  if (item.type != ItemType::kArray && item.type != ItemType::kMap) return;
  std::uint64_t count = item.type == ItemType::kMap ? 2 * item.length : item.length;
  // Every item takes at least one byte.
  if (count > remaining) throw EnvelopeSyntaxError{"unexpected end of input"};
  for (std::uint64_t k = 0; k < count; ++k) s.skip_item();
}

// A version field value: a str holding a semver.
std::optional<std::string> read_version(const Scanner& s, const Item& value, std::string& error) {
  if (value.type != ItemType::kStr) {
    error = "invalid type: " + unexpected(value) + ", expected semver version";
    return std::nullopt;
  }
  std::string text(s.text(value));
  if (!Semver::parse(text, &error)) return std::nullopt;
  return text;
}

bool key_is(const Scanner& s, const Item& key, std::string_view name) {
  return (key.type == ItemType::kStr || key.type == ItemType::kBin) && s.text(key) == name;
}

// The reference's fallback when the full envelope does not decode: a struct of the two
// versions, whose keys may also be field indices (0, 1) written with unsigned markers; serde
// rejects any other kind of key there (a signed integer, nil, bool, float, array, map, ext).
bool read_versions_only(const Scanner& s, const std::vector<Entry>& entries, std::string& version,
                        std::string& interpreter_version) {
  std::optional<std::string> v, iv;
  std::string error;
  for (const auto& e : entries) {
    int field = -1;
    if (key_is(s, e.key, "version")) field = 0;
    if (key_is(s, e.key, "interpreter_version")) field = 1;
    bool name_key = e.key.type == ItemType::kStr || e.key.type == ItemType::kBin;
    bool index_key = e.key.type == ItemType::kInt && !e.key.signed_marker;
    if (!name_key && !index_key) return false;
    if (index_key && e.key.int_value < 2) field = static_cast<int>(e.key.int_value);
    if (field < 0) continue;
    auto& slot = field == 0 ? v : iv;
    if (slot) return false;  // duplicate field
    slot = read_version(s, e.value, error);
    if (!slot) return false;
  }
  if (!v || !iv) return false;
  version = *v;
  interpreter_version = *iv;
  return true;
}

std::string envelope_error_text(const std::string& detail) {
  return "an error occurred while envelope deserialization: Envelope(Syntax(\"" + detail +
         "\")).\nAquaVM version is " + std::string(kInterpreterVersion) + " and it expects " +
         std::string(kDataFormatVersion) + " version.";
}

}  // namespace

ParticleDataEnvelope decode_envelope(ByteView data) {
  Scanner s(data);
  std::vector<Entry> entries;
  try {
    Item top = s.header();
    if (top.type != ItemType::kMap)
      throw EnvelopeSyntaxError{"invalid type: " + unexpected(top) +
                                ", expected struct InterpreterDataEnvelope"};
    if (top.length > data.size()) throw EnvelopeSyntaxError{"unexpected end of input"};
    for (std::uint64_t i = 0; i < top.length; ++i) {
      Entry e;
      e.key = s.header();
      skip_children(s, e.key, data.size() - s.position());
      e.value = s.header();
      skip_children(s, e.value, data.size() - s.position());
      entries.push_back(e);
    }
  } catch (const EnvelopeSyntaxError& e) {
    throw DataError(kEnvelopeDecodeError, envelope_error_text(e.message));
  }

  // The full envelope.
  std::string error;
  ParticleDataEnvelope env;
  const Entry* version = nullptr;
  const Entry* interpreter_version = nullptr;
  const Entry* inner = nullptr;
  for (const auto& e : entries) {
    const Entry** slot = nullptr;
    const char* name = nullptr;
    if (key_is(s, e.key, "version")) slot = &version, name = "version";
    if (key_is(s, e.key, "interpreter_version"))
      slot = &interpreter_version, name = "interpreter_version";
    if (key_is(s, e.key, "inner_data")) slot = &inner, name = "inner_data";
    if (!slot) continue;
    if (*slot && error.empty()) error = std::string("duplicate field `") + name + "`";
    *slot = &e;
  }
  if (error.empty() && !inner) error = "missing field `inner_data`";
  if (error.empty() && !version) error = "missing field `version`";
  if (error.empty() && !interpreter_version) error = "missing field `interpreter_version`";
  if (error.empty()) {
    auto v = read_version(s, version->value, error);
    auto iv = v ? read_version(s, interpreter_version->value, error) : std::nullopt;
    if (v && iv) {
      env.version = *v;
      env.interpreter_version = *iv;
      const Item& value = inner->value;
      if (value.type == ItemType::kBin || value.type == ItemType::kStr) {
        env.inner_data = s.view(value);
      } else if (value.type == ItemType::kArray) {
        // Elements were validated as msgpack while skipping; read them again as u8s.
        env.owned_inner.reserve(static_cast<std::size_t>(value.length));
        Scanner at(data.subspan(value.begin));
        Item array = at.header();
        for (std::uint64_t k = 0; k < array.length && error.empty(); ++k) {
          Item x = at.header();
          if (x.type != ItemType::kInt || x.negative || x.int_value > 255) {
            if (x.type == ItemType::kInt)
              error = "invalid value: integer `" +
                      (x.negative ? std::to_string(std::int64_t(x.int_value))
                                  : std::to_string(x.int_value)) +
                      "`, expected u8";
            else
              error = "invalid type: " + unexpected(x) + ", expected u8";
            break;
          }
          env.owned_inner.push_back(static_cast<std::uint8_t>(x.int_value));
        }
        env.inner_data = env.owned_inner;
      } else {
        error = "invalid type: " + unexpected(value) + ", expected a byte array";
      }
    }
  }
  if (error.empty()) return env;

  std::string v, iv;
  if (read_versions_only(s, entries, v, iv)) {
    throw DataError(kEnvelopeDecodeErrorWithVersions,
                    "an error occurred while data deserialization: Envelope(Syntax(\"" + error +
                        "\")).\nAquaVM's version is " + std::string(kInterpreterVersion) +
                        " and it expects data of " + std::string(kDataFormatVersion) +
                        " version.\nSupplied data version is " + v +
                        ", it's produced by AquaVM of " + iv + " version.");
  }
  throw DataError(kEnvelopeDecodeError, envelope_error_text(error));
}

bool interpreter_version_at_least(const std::string& version, const std::string& minimum) {
  std::string error;
  auto v = Semver::parse(version, &error);
  if (!v) throw DataError(kEnvelopeDecodeError, envelope_error_text(error));
  auto m = Semver::parse(minimum);
  if (!m) throw DataError(kEnvelopeDecodeError, "invalid minimum version " + minimum);
  return v->compare(*m) >= 0;
}

DecodedParticleData decode_particle_data(ByteView data, bool check_version,
                                         TextInterner* interner) {
  DecodedParticleData out;
  if (data.empty()) {
    out.version = kDataFormatVersion;
    out.interpreter_version = kMinSupportedInterpreterVersion;
    return out;
  }
  ParticleDataEnvelope env = decode_envelope(data);
  if (check_version && !interpreter_version_at_least(env.interpreter_version,
                                                     kMinSupportedInterpreterVersion)) {
    throw DataError(kUnsupportedInterpreterVersion,
                    "supplied data was produced by `" + env.interpreter_version +
                        "` version of interpreter, but minimum `" +
                        std::string(kMinSupportedInterpreterVersion) + "` version is required");
  }
  out.version = std::move(env.version);
  out.interpreter_version = std::move(env.interpreter_version);
  out.data = decode_inner_data(env.inner_data, interner);
  return out;
}

Bytes encode_inner_data(const InterpreterData& data) {
  Bytes out;
  append_inner_data(out, data);
  return out;
}

namespace {

Bytes encode_particle_data(const InterpreterData& data, ValueStore* release_values) {
  // The archive is written after room for the longest header (bin32), then the header is put
  // right before it; only archives below 64 KiB (shorter headers) are moved, and cheaply.
  msgpack::Writer header;
  header.map_header(3);
  header.string("version");
  header.string(kDataFormatVersion);
  header.string("interpreter_version");
  header.string(kInterpreterVersion);
  header.string("inner_data");
  const std::size_t fixed = header.bytes().size();
  const std::size_t room = fixed + 5;

  Bytes out;
  out.reserve(room + archive_size_hint(data));
  out.resize(room, 0);
  append_inner_data(out, data, release_values, /*reserve=*/false);
  std::size_t size = out.size() - room;
  Bytes& h = header.bytes();
  if (size < 0x100) {
    h.push_back(0xc4);
    h.push_back(static_cast<std::uint8_t>(size));
  } else if (size < 0x10000) {
    h.push_back(0xc5);
    h.push_back(static_cast<std::uint8_t>(size >> 8));
    h.push_back(static_cast<std::uint8_t>(size));
  } else {
    h.push_back(0xc6);
    for (int shift = 24; shift >= 0; shift -= 8) h.push_back(static_cast<std::uint8_t>(size >> shift));
  }
  std::size_t start = room - h.size();
  std::memcpy(out.data() + start, h.data(), h.size());
  if (start != 0) out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(start));
  return out;
}

}  // namespace

Bytes encode_particle_data(const InterpreterData& data) { return encode_particle_data(data, nullptr); }

Bytes encode_particle_data(InterpreterData&& data) {
  InterpreterData consumed = std::move(data);
  return encode_particle_data(consumed, &consumed.cid_info.value_store);
}

}  // namespace fluence::air
