#include "fluence/node/particle_codec.h"

#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "fluence/core/error.h"
#include "fluence/core/msgpack.h"
#include "fluence/core/utf8.h"

namespace fluence::node {

namespace {

// Reads the particle map straight from the wire: a DOM would turn a 100 MB `data` sent as an
// array of numbers into 100 million values.
class BodyReader {
 public:
  explicit BodyReader(ByteView bytes) : b_(bytes) {}

  bool done() const { return pos_ == b_.size(); }
  std::size_t pos() const { return pos_; }

  std::uint32_t map_header() {
    std::uint8_t t = byte("the particle map");
    if ((t & 0xf0) == 0x80) return t & 0x0f;
    if (t == 0xde) return static_cast<std::uint32_t>(be(2, "map length"));
    if (t == 0xdf) return static_cast<std::uint32_t>(be(4, "map length"));
    fail("the body is not a MessagePack map (type byte 0x" + hex(t) + ")", pos_ - 1);
  }

  std::string string(std::string_view field) {
    std::size_t at = pos_;
    std::uint8_t t = byte(field);
    std::uint64_t n;
    if ((t & 0xe0) == 0xa0) n = t & 0x1f;
    else if (t == 0xd9) n = be(1, field);
    else if (t == 0xda) n = be(2, field);
    else if (t == 0xdb) n = be(4, field);
    else fail(std::string(field) + ": expected a string, found type byte 0x" + hex(t), at);
    auto raw = take(n, field);
    std::string_view text(reinterpret_cast<const char*>(raw.data()), raw.size());
    if (!is_valid_utf8(text)) fail(std::string(field) + ": invalid UTF-8", at);
    return std::string(text);
  }

  // Any unsigned integer width, a non-negative signed one, or an integral float64/float32.
  std::uint64_t unsigned_integer(std::string_view field) {
    std::size_t at = pos_;
    std::uint8_t t = byte(field);
    if (t <= 0x7f) return t;
    switch (t) {
      case 0xcc: return be(1, field);
      case 0xcd: return be(2, field);
      case 0xce: return be(4, field);
      case 0xcf: return be(8, field);
      case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
        int width = 1 << (t - 0xd0);
        std::uint64_t raw = be(width, field);
        int shift = 64 - 8 * width;
        auto value = static_cast<std::int64_t>(raw << shift) >> shift;
        if (value < 0) fail(std::string(field) + ": negative value " + std::to_string(value), at);
        return static_cast<std::uint64_t>(value);
      }
      case 0xca: case 0xcb: {
        double d;
        if (t == 0xcb) {
          std::uint64_t raw = be(8, field);
          std::memcpy(&d, &raw, 8);
        } else {
          auto raw = static_cast<std::uint32_t>(be(4, field));
          float f;
          std::memcpy(&f, &raw, 4);
          d = f;
        }
        // msgpack-lite writes JS numbers above 2^32 as float64.
        if (!(d >= 0) || d != std::floor(d) || d >= 18446744073709551616.0) {
          fail(std::string(field) + ": not a non-negative integer", at);
        }
        return static_cast<std::uint64_t>(d);
      }
      default:
        fail(std::string(field) + ": expected an unsigned integer, found type byte 0x" + hex(t), at);
    }
  }

  // `bin` as the node sends it, or an array of integers 0..255 as js-client sends it.
  Bytes bytes(std::string_view field) {
    std::size_t at = pos_;
    std::uint8_t t = byte(field);
    std::uint64_t n;
    switch (t) {
      case 0xc4: n = be(1, field); break;
      case 0xc5: n = be(2, field); break;
      case 0xc6: n = be(4, field); break;
      case 0xdc: return array_bytes(be(2, field), field);
      case 0xdd: return array_bytes(be(4, field), field);
      default:
        if ((t & 0xf0) == 0x90) return array_bytes(t & 0x0f, field);
        fail(std::string(field) + ": expected bytes (bin or an array), found type byte 0x" + hex(t), at);
    }
    auto raw = take(n, field);
    return Bytes(raw.begin(), raw.end());
  }

  // Skips one value of any type (an unknown key's value), nesting at most 64 deep.
  void skip(int depth = 0) {
    if (depth > 64) fail("a value nests deeper than 64 levels", pos_);
    std::size_t at = pos_;
    std::uint8_t t = byte("a value");
    auto skip_items = [&](std::uint64_t n) {
      for (std::uint64_t i = 0; i < n; ++i) skip(depth + 1);
    };
    if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) return;
    if ((t & 0xe0) == 0xa0) { take(t & 0x1f, "a string"); return; }
    if ((t & 0xf0) == 0x90) { skip_items(t & 0x0f); return; }
    if ((t & 0xf0) == 0x80) { skip_items(2u * (t & 0x0f)); return; }
    switch (t) {
      case 0xc4: case 0xd9: take(be(1, "a length"), "a value"); return;
      case 0xc5: case 0xda: take(be(2, "a length"), "a value"); return;
      case 0xc6: case 0xdb: take(be(4, "a length"), "a value"); return;
      case 0xc7: { auto n = be(1, "a length"); take(n + 1, "an extension"); return; }
      case 0xc8: { auto n = be(2, "a length"); take(n + 1, "an extension"); return; }
      case 0xc9: { auto n = be(4, "a length"); take(n + 1, "an extension"); return; }
      case 0xca: take(4, "a float"); return;
      case 0xcb: take(8, "a float"); return;
      case 0xcc: case 0xd0: take(1, "an integer"); return;
      case 0xcd: case 0xd1: take(2, "an integer"); return;
      case 0xce: case 0xd2: take(4, "an integer"); return;
      case 0xcf: case 0xd3: take(8, "an integer"); return;
      case 0xd4: take(2, "an extension"); return;
      case 0xd5: take(3, "an extension"); return;
      case 0xd6: take(5, "an extension"); return;
      case 0xd7: take(9, "an extension"); return;
      case 0xd8: take(17, "an extension"); return;
      case 0xdc: skip_items(be(2, "an array length")); return;
      case 0xdd: skip_items(be(4, "an array length")); return;
      case 0xde: skip_items(2 * be(2, "a map length")); return;
      case 0xdf: skip_items(2 * be(4, "a map length")); return;
      default: fail("reserved MessagePack type byte 0xc1", at);
    }
  }

  [[noreturn]] static void fail(const std::string& what, std::size_t at) {
    throw_invalid("particle body: " + what + " (at byte " + std::to_string(at + 2) + ")");
  }

 private:
  Bytes array_bytes(std::uint64_t n, std::string_view field) {
    // Every element takes at least one byte: refuse a length the input cannot hold before
    // reserving memory for it.
    if (n > b_.size() - pos_) fail(std::string(field) + ": array longer than the body", pos_);
    Bytes out;
    out.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      std::size_t at = pos_;
      std::uint64_t v = unsigned_integer(field);
      if (v > 255) fail(std::string(field) + ": array element " + std::to_string(v) + " is not a byte", at);
      out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
  }

  std::uint8_t byte(std::string_view what) {
    if (pos_ >= b_.size()) fail("truncated while reading " + std::string(what), pos_);
    return b_[pos_++];
  }

  std::uint64_t be(int width, std::string_view what) {
    if (b_.size() - pos_ < static_cast<std::size_t>(width)) fail("truncated while reading " + std::string(what), pos_);
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | b_[pos_++];
    return v;
  }

  ByteView take(std::uint64_t n, std::string_view what) {
    if (n > b_.size() - pos_) fail("truncated while reading " + std::string(what), pos_);
    ByteView out = b_.subspan(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }

  static std::string hex(std::uint8_t t) {
    static const char* digits = "0123456789abcdef";
    return {digits[t >> 4], digits[t & 15]};
  }

  ByteView b_;
  std::size_t pos_ = 0;
};

}  // namespace

Bytes encode_particle_body(const Particle& p) {
  msgpack::Writer w;
  Bytes& out = w.bytes();
  out.reserve(p.id.size() + p.init_peer_id.size() + p.script.size() + p.signature.size() +
              p.data.size() + 128);
  out.push_back(0x81);
  out.push_back(0x04);
  w.map_header(8);
  w.string("action");
  w.string("Particle");
  w.string("id");
  w.string(p.id);
  w.string("init_peer_id");
  w.string(p.init_peer_id);
  w.string("timestamp");
  w.unsigned_integer(p.timestamp);
  w.string("ttl");
  w.unsigned_integer(p.ttl);
  w.string("script");
  w.string(p.script);
  w.string("signature");
  w.binary(p.signature);
  w.string("data");
  w.binary(p.data);
  return w.take();
}

Particle decode_particle_body(ByteView body) {
  if (body.size() < 2 || body[0] != 0x81 || body[1] != 0x04) {
    throw_invalid("particle body: not MessagePack (the multicodec prefix must be 81 04)");
  }
  BodyReader r(body.subspan(2));
  Particle p;
  enum Field : unsigned { kAction = 1, kId = 2, kInit = 4, kTimestamp = 8, kTtl = 16, kScript = 32, kSignature = 64, kData = 128 };
  unsigned seen = 0;
  auto once = [&](Field f, std::string_view name, std::size_t at) {
    if (seen & f) BodyReader::fail("duplicate field `" + std::string(name) + "`", at);
    seen |= f;
  };
  std::uint32_t entries = r.map_header();
  for (std::uint32_t i = 0; i < entries; ++i) {
    std::size_t at = r.pos();
    std::string key = r.string("a map key");
    if (key == "action") {
      once(kAction, key, at);
      std::string action = r.string("action");
      if (action != "Particle") BodyReader::fail("action is `" + action + "`, expected `Particle`", at);
    } else if (key == "id") {
      once(kId, key, at);
      p.id = r.string("id");
    } else if (key == "init_peer_id") {
      once(kInit, key, at);
      p.init_peer_id = r.string("init_peer_id");
    } else if (key == "timestamp") {
      once(kTimestamp, key, at);
      p.timestamp = r.unsigned_integer("timestamp");
    } else if (key == "ttl") {
      once(kTtl, key, at);
      std::uint64_t ttl = r.unsigned_integer("ttl");
      if (ttl > 0xffffffffu) BodyReader::fail("ttl " + std::to_string(ttl) + " does not fit in u32", at);
      p.ttl = static_cast<std::uint32_t>(ttl);
    } else if (key == "script") {
      once(kScript, key, at);
      p.script = r.string("script");
    } else if (key == "signature") {
      once(kSignature, key, at);
      p.signature = r.bytes("signature");
    } else if (key == "data") {
      once(kData, key, at);
      p.data = r.bytes("data");
    } else {
      r.skip();
    }
  }
  if (!r.done()) BodyReader::fail("trailing bytes after the particle map", r.pos());
  static constexpr std::pair<unsigned, const char*> kRequired[] = {
      {kAction, "action"}, {kId, "id"}, {kInit, "init_peer_id"}, {kTimestamp, "timestamp"}, {kTtl, "ttl"},
      {kScript, "script"}, {kSignature, "signature"}, {kData, "data"}};
  for (const auto& [bit, name] : kRequired) {
    if (!(seen & bit)) throw_invalid(std::string("particle body: missing field `") + name + "`");
  }
  return p;
}

}  // namespace fluence::node
