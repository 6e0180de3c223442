#include "fluence/core/msgpack.h"

#include <cstring>
#include <string>

#include "fluence/core/error.h"
#include "fluence/core/utf8.h"

namespace fluence::msgpack {

namespace {

void put_be(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// Appends raw bytes as one block copy (inserting a char range into bytes goes byte by byte).
void append_raw(Bytes& out, const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  out.insert(out.end(), p, p + n);
}

// Reads one value at a time from a buffer, checking every length against what is left.
class Reader {
 public:
  Reader(ByteView data, std::size_t max_depth) : data_(data), max_depth_(max_depth) {}

  Value value(std::size_t depth) {
    std::size_t start = pos_;
    std::uint8_t b = byte();
    if (b <= 0x7f) return {std::uint64_t{b}};
    if (b >= 0xe0) return {std::int64_t{static_cast<std::int8_t>(b)}};
    if ((b & 0xe0) == 0xa0) return str(b & 0x1f, start);
    if ((b & 0xf0) == 0x90) return array(b & 0x0f, depth, start);
    if ((b & 0xf0) == 0x80) return map(b & 0x0f, depth, start);
    switch (b) {
      case 0xc0: return {Nil{}};
      case 0xc2: return {false};
      case 0xc3: return {true};
      case 0xc4: return {Binary{take(be(1))}};
      case 0xc5: return {Binary{take(be(2))}};
      case 0xc6: return {Binary{take(be(4))}};
      case 0xc7: return ext(be(1));
      case 0xc8: return ext(be(2));
      case 0xc9: return ext(be(4));
      case 0xca: {
        auto bits = static_cast<std::uint32_t>(be(4));
        float f;
        std::memcpy(&f, &bits, 4);
        return {static_cast<double>(f)};
      }
      case 0xcb: {
        std::uint64_t bits = be(8);
        double d;
        std::memcpy(&d, &bits, 8);
        return {d};
      }
      case 0xcc: return {be(1)};
      case 0xcd: return {be(2)};
      case 0xce: return {be(4)};
      case 0xcf: return {be(8)};
      case 0xd0: return signed_value(static_cast<std::int8_t>(be(1)));
      case 0xd1: return signed_value(static_cast<std::int16_t>(be(2)));
      case 0xd2: return signed_value(static_cast<std::int32_t>(be(4)));
      case 0xd3: return signed_value(static_cast<std::int64_t>(be(8)));
      case 0xd4: return ext(1);
      case 0xd5: return ext(2);
      case 0xd6: return ext(4);
      case 0xd7: return ext(8);
      case 0xd8: return ext(16);
      case 0xd9: return str(be(1), start);
      case 0xda: return str(be(2), start);
      case 0xdb: return str(be(4), start);
      case 0xdc: return array(be(2), depth, start);
      case 0xdd: return array(be(4), depth, start);
      case 0xde: return map(be(2), depth, start);
      case 0xdf: return map(be(4), depth, start);
      default: fail("reserved byte 0xc1", start);
    }
  }

  std::size_t pos() const { return pos_; }

  // One integer, one representation: non-negative values are uint64 whatever their encoding,
  // as the writer produces them.
  static Value signed_value(std::int64_t i) {
    if (i >= 0) return {static_cast<std::uint64_t>(i)};
    return {i};
  }

 private:
  [[noreturn]] void fail(const std::string& what, std::size_t at) {
    throw_invalid("msgpack: " + what + " at offset " + std::to_string(at));
  }

  void need(std::uint64_t n) {
    if (n > data_.size() - pos_) {
      fail("truncated: needs " + std::to_string(n) + " bytes, " +
               std::to_string(data_.size() - pos_) + " left",
           pos_);
    }
  }

  std::uint8_t byte() {
    need(1);
    return data_[pos_++];
  }

  std::uint64_t be(int n) {
    need(static_cast<std::uint64_t>(n));
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | data_[pos_++];
    return v;
  }

  Bytes take(std::uint64_t n) {
    need(n);
    Bytes out(data_.begin() + static_cast<std::ptrdiff_t>(pos_),
              data_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return out;
  }

  Value ext(std::uint64_t n) {
    auto type = static_cast<std::int8_t>(byte());
    return {Extension{type, take(n)}};
  }

  Value str(std::uint64_t n, std::size_t start) {
    need(n);
    std::string_view s(reinterpret_cast<const char*>(data_.data()) + pos_, n);
    if (!is_valid_utf8(s)) fail("invalid UTF-8 in str", start);
    pos_ += n;
    return {std::string(s)};
  }

  void enter(std::size_t depth, std::size_t start) {
    if (depth + 1 > max_depth_) {
      fail("nesting deeper than " + std::to_string(max_depth_), start);
    }
  }

  Value array(std::uint64_t n, std::size_t depth, std::size_t start) {
    enter(depth, start);
    Array items;
    // Every element takes at least one byte: never reserve more than could follow.
    items.reserve(std::min<std::uint64_t>(n, data_.size() - pos_));
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(value(depth + 1));
    return {std::move(items)};
  }

  Value map(std::uint64_t n, std::size_t depth, std::size_t start) {
    enter(depth, start);
    Map entries;
    entries.reserve(std::min<std::uint64_t>(n, (data_.size() - pos_) / 2));
    for (std::uint64_t i = 0; i < n; ++i) {
      Value key = value(depth + 1);
      Value val = value(depth + 1);
      entries.emplace_back(std::move(key), std::move(val));
    }
    return {std::move(entries)};
  }


  ByteView data_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
};

}  // namespace

const Value* Value::find(std::string_view key) const {
  const auto* map = std::get_if<Map>(&v);
  if (!map) return nullptr;
  for (const auto& [k, val] : *map) {
    if (const auto* s = std::get_if<std::string>(&k.v); s && *s == key) return &val;
  }
  return nullptr;
}

void Writer::nil() { out_.push_back(0xc0); }

void Writer::boolean(bool b) { out_.push_back(b ? 0xc3 : 0xc2); }

void Writer::integer(std::int64_t i) {
  if (i >= 0) return unsigned_integer(static_cast<std::uint64_t>(i));
  if (i >= -32) {
    out_.push_back(static_cast<std::uint8_t>(i));
  } else if (i >= INT8_MIN) {
    out_.push_back(0xd0);
    put_be(out_, static_cast<std::uint64_t>(i), 1);
  } else if (i >= INT16_MIN) {
    out_.push_back(0xd1);
    put_be(out_, static_cast<std::uint64_t>(i), 2);
  } else if (i >= INT32_MIN) {
    out_.push_back(0xd2);
    put_be(out_, static_cast<std::uint64_t>(i), 4);
  } else {
    out_.push_back(0xd3);
    put_be(out_, static_cast<std::uint64_t>(i), 8);
  }
}

void Writer::unsigned_integer(std::uint64_t u) {
  if (u <= 0x7f) {
    out_.push_back(static_cast<std::uint8_t>(u));
  } else if (u <= UINT8_MAX) {
    out_.push_back(0xcc);
    put_be(out_, u, 1);
  } else if (u <= UINT16_MAX) {
    out_.push_back(0xcd);
    put_be(out_, u, 2);
  } else if (u <= UINT32_MAX) {
    out_.push_back(0xce);
    put_be(out_, u, 4);
  } else {
    out_.push_back(0xcf);
    put_be(out_, u, 8);
  }
}

void Writer::float64(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, 8);
  out_.push_back(0xcb);
  put_be(out_, bits, 8);
}

void Writer::string(std::string_view s) {
  std::size_t n = s.size();
  if (n <= 31) {
    out_.push_back(static_cast<std::uint8_t>(0xa0 | n));
  } else if (n <= UINT8_MAX) {
    out_.push_back(0xd9);
    put_be(out_, n, 1);
  } else if (n <= UINT16_MAX) {
    out_.push_back(0xda);
    put_be(out_, n, 2);
  } else if (n <= UINT32_MAX) {
    out_.push_back(0xdb);
    put_be(out_, n, 4);
  } else {
    throw Error(ErrorKind::kLimit, "msgpack: string longer than 4 GiB");
  }
  append_raw(out_, s.data(), s.size());
}

void Writer::binary(ByteView b) {
  std::size_t n = b.size();
  if (n <= UINT8_MAX) {
    out_.push_back(0xc4);
    put_be(out_, n, 1);
  } else if (n <= UINT16_MAX) {
    out_.push_back(0xc5);
    put_be(out_, n, 2);
  } else if (n <= UINT32_MAX) {
    out_.push_back(0xc6);
    put_be(out_, n, 4);
  } else {
    throw Error(ErrorKind::kLimit, "msgpack: binary longer than 4 GiB");
  }
  append_raw(out_, b.data(), b.size());
}

void Writer::array_header(std::uint32_t n) {
  if (n <= 15) {
    out_.push_back(static_cast<std::uint8_t>(0x90 | n));
  } else if (n <= UINT16_MAX) {
    out_.push_back(0xdc);
    put_be(out_, n, 2);
  } else {
    out_.push_back(0xdd);
    put_be(out_, n, 4);
  }
}

void Writer::map_header(std::uint32_t n) {
  if (n <= 15) {
    out_.push_back(static_cast<std::uint8_t>(0x80 | n));
  } else if (n <= UINT16_MAX) {
    out_.push_back(0xde);
    put_be(out_, n, 2);
  } else {
    out_.push_back(0xdf);
    put_be(out_, n, 4);
  }
}

void Writer::extension(std::int8_t type, ByteView data) {
  std::size_t n = data.size();
  auto fixed = [&](std::uint8_t marker) { out_.push_back(marker); };
  switch (n) {
    case 1: fixed(0xd4); break;
    case 2: fixed(0xd5); break;
    case 4: fixed(0xd6); break;
    case 8: fixed(0xd7); break;
    case 16: fixed(0xd8); break;
    default:
      if (n <= UINT8_MAX) {
        out_.push_back(0xc7);
        put_be(out_, n, 1);
      } else if (n <= UINT16_MAX) {
        out_.push_back(0xc8);
        put_be(out_, n, 2);
      } else if (n <= UINT32_MAX) {
        out_.push_back(0xc9);
        put_be(out_, n, 4);
      } else {
        throw Error(ErrorKind::kLimit, "msgpack: extension longer than 4 GiB");
      }
  }
  out_.push_back(static_cast<std::uint8_t>(type));
  append_raw(out_, data.data(), data.size());
}

void Writer::value(const Value& v) {
  struct Visitor {
    Writer& w;
    void operator()(const Nil&) { w.nil(); }
    void operator()(bool b) { w.boolean(b); }
    void operator()(std::int64_t i) { w.integer(i); }
    void operator()(std::uint64_t u) { w.unsigned_integer(u); }
    void operator()(double d) { w.float64(d); }
    void operator()(const std::string& s) { w.string(s); }
    void operator()(const Binary& b) { w.binary(b.data); }
    void operator()(const Array& a) {
      if (a.size() > UINT32_MAX) throw Error(ErrorKind::kLimit, "msgpack: array too long");
      w.array_header(static_cast<std::uint32_t>(a.size()));
      for (const auto& item : a) w.value(item);
    }
    void operator()(const Map& m) {
      if (m.size() > UINT32_MAX) throw Error(ErrorKind::kLimit, "msgpack: map too long");
      w.map_header(static_cast<std::uint32_t>(m.size()));
      for (const auto& [k, val] : m) {
        w.value(k);
        w.value(val);
      }
    }
    void operator()(const Extension& e) { w.extension(e.type, e.data); }
  };
  std::visit(Visitor{*this}, v.v);
}

Value decode(ByteView data, std::size_t max_depth) {
  Reader reader(data, max_depth);
  Value v = reader.value(0);
  if (reader.pos() != data.size()) {
    throw_invalid("msgpack: " + std::to_string(data.size() - reader.pos()) +
                  " trailing bytes at offset " + std::to_string(reader.pos()));
  }
  return v;
}

}  // namespace fluence::msgpack
