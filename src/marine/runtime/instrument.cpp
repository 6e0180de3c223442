#include "fluence/marine/instrument.h"

#include <string>

#include "fluence/core/error.h"
#include "fluence/marine/wasm_sections.h"

namespace fluence::marine {
namespace {

[[noreturn]] void fail(size_t at, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput, "cannot instrument module: " + what + " at byte " + std::to_string(at));
}

class Cursor {
 public:
  Cursor(const std::vector<uint8_t>& b, size_t pos, size_t end) : b_(b), pos_(pos), end_(end) {}
  size_t pos() const { return pos_; }
  bool done() const { return pos_ >= end_; }
  uint8_t byte() {
    if (pos_ >= end_) fail(pos_, "unexpected end");
    return b_[pos_++];
  }
  uint64_t uleb() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t x = byte();
      v |= static_cast<uint64_t>(x & 0x7f) << shift;
      if (!(x & 0x80)) return v;
    }
    fail(pos_, "over-long LEB128");
  }
  void sleb() {
    for (int i = 0; i < 10; ++i)
      if (!(byte() & 0x80)) return;
    fail(pos_, "over-long LEB128");
  }
  void skip(size_t n) {
    if (n > end_ - pos_) fail(pos_, "unexpected end");
    pos_ += n;
  }
  void memarg() { uleb(); uleb(); }
  void blocktype() {
    if (pos_ >= end_) fail(pos_, "unexpected end");
    uint8_t t = b_[pos_];
    if (t == 0x40 || t == 0x7f || t == 0x7e || t == 0x7d || t == 0x7c || t == 0x7b || t == 0x70 || t == 0x6f) ++pos_;
    else sleb();
  }

 private:
  const std::vector<uint8_t>& b_;
  size_t pos_, end_;
};

void put_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

// Skips the immediates of the instruction whose opcode was just read.
void skip_immediates(Cursor& c, uint8_t op, size_t at) {
  switch (op) {
    case 0x02: case 0x03: case 0x04: case 0x06: c.blocktype(); return;
    case 0x07: case 0x08: case 0x09: case 0x18: case 0x0c: case 0x0d: case 0x10: case 0x12:
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xd2:
      c.uleb(); return;
    case 0x0e: { uint64_t n = c.uleb(); for (uint64_t i = 0; i <= n; ++i) c.uleb(); return; }
    case 0x11: case 0x13: c.uleb(); c.uleb(); return;
    case 0x1c: { uint64_t n = c.uleb(); c.skip(n); return; }
    case 0x3f: case 0x40: c.uleb(); return;
    case 0x41: case 0x42: c.sleb(); return;
    case 0x43: c.skip(4); return;
    case 0x44: c.skip(8); return;
    case 0xd0: c.byte(); return;
    case 0xfc: {
      uint64_t sub = c.uleb();
      if (sub <= 7) return;
      if (sub == 8) { c.uleb(); c.uleb(); return; }
      if (sub == 9 || sub == 13 || (sub >= 15 && sub <= 17)) { c.uleb(); return; }
      if (sub == 10 || sub == 12 || sub == 14) { c.uleb(); c.uleb(); return; }
      if (sub == 11) { c.uleb(); return; }
      fail(at, "unknown 0xfc instruction " + std::to_string(sub));
    }
    case 0xfd: {
      uint64_t sub = c.uleb();
      if (sub <= 11 || sub == 92 || sub == 93) { c.memarg(); return; }
      if (sub == 12 || sub == 13) { c.skip(16); return; }
      if (sub >= 21 && sub <= 34) { c.byte(); return; }
      if (sub >= 84 && sub <= 91) { c.memarg(); c.byte(); return; }
      if (sub <= 0x113) return;  // plain SIMD operators
      fail(at, "unknown SIMD instruction " + std::to_string(sub));
    }
    case 0xfe: {
      uint64_t sub = c.uleb();
      if (sub == 3) { c.byte(); return; }
      c.memarg();
      return;
    }
    default:
      if (op >= 0x28 && op <= 0x3e) { c.memarg(); return; }
      if (op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f || op == 0x19 || op == 0x1a || op == 0x1b ||
          op == 0xd1 || (op >= 0x45 && op <= 0xc4))
        return;
      fail(at, "unknown opcode " + std::to_string(op));
  }
}

}  // namespace

InstrumentResult instrument_module(const std::vector<uint8_t>& wasm) {
  auto sections = read_wasm_sections(wasm);
  uint32_t imported_globals = 0, defined_globals = 0;
  for (const auto& s : sections) {
    if (s.id == 2) {
      Cursor c(wasm, s.offset, s.end);
      uint64_t n = c.uleb();
      for (uint64_t i = 0; i < n; ++i) {
        c.skip(c.uleb());
        c.skip(c.uleb());
        uint8_t kind = c.byte();
        if (kind == 0) c.uleb();
        else if (kind == 1) { c.byte(); uint8_t f = c.byte(); c.uleb(); if (f & 1) c.uleb(); }
        else if (kind == 2) { uint8_t f = c.byte(); c.uleb(); if (f & 1) c.uleb(); }
        else if (kind == 3) { c.byte(); c.byte(); ++imported_globals; }
        else if (kind == 4) { c.byte(); c.uleb(); }
        else fail(c.pos(), "unknown import kind");
      }
    } else if (s.id == 6) {
      Cursor c(wasm, s.offset, s.end);
      defined_globals = static_cast<uint32_t>(c.uleb());
    }
  }
  const uint32_t fuel = imported_globals + defined_globals, rejects = fuel + 1, scratch = fuel + 2;
  std::vector<uint8_t> fuel_idx, rejects_idx, scratch_idx;
  put_uleb(fuel_idx, fuel);
  put_uleb(rejects_idx, rejects);
  put_uleb(scratch_idx, scratch);

  // New globals: fuel i64 = INT64_MAX, rejects i32 = 0, scratch i32 = 0.
  std::vector<uint8_t> new_globals = {0x7e, 0x01, 0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x0b,
                                      0x7f, 0x01, 0x41, 0x00, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b};
  auto append_export = [](std::vector<uint8_t>& out, const std::string& name, uint32_t idx) {
    put_uleb(out, name.size());
    out.insert(out.end(), name.begin(), name.end());
    out.push_back(0x03);
    put_uleb(out, idx);
  };

  InstrumentResult result;
  std::vector<uint8_t>& out = result.wasm;
  out.assign(wasm.begin(), wasm.begin() + 8);
  auto emit_section = [&out](uint8_t id, const std::vector<uint8_t>& payload) {
    out.push_back(id);
    put_uleb(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
  };
  bool have_globals = false, have_exports = false;
  // Section order by id: global (6) before export (7); insert missing ones in place.
  auto global_payload = [&](const WasmSection* s) {
    std::vector<uint8_t> p;
    put_uleb(p, defined_globals + 3);
    if (s) {
      Cursor c(wasm, s->offset, s->end);
      c.uleb();
      p.insert(p.end(), wasm.begin() + static_cast<long>(c.pos()), wasm.begin() + static_cast<long>(s->end));
    }
    p.insert(p.end(), new_globals.begin(), new_globals.end());
    return p;
  };
  auto export_payload = [&](const WasmSection* s) {
    std::vector<uint8_t> p;
    uint64_t n = 0;
    size_t body = 0;
    if (s) {
      Cursor c(wasm, s->offset, s->end);
      n = c.uleb();
      body = c.pos();
    }
    put_uleb(p, n + 2);
    if (s) p.insert(p.end(), wasm.begin() + static_cast<long>(body), wasm.begin() + static_cast<long>(s->end));
    append_export(p, "__fluence_fuel", fuel);
    append_export(p, "__fluence_grow_rejects", rejects);
    return p;
  };
  static const int kOrder[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11};  // id -> position (datacount=12 before code)
  auto rank = [](uint8_t id) { return id < 13 ? kOrder[id] : 100; };

  for (const auto& s : sections) {
    if (s.id != 0) {
      if (!have_globals && rank(s.id) > rank(6)) { emit_section(6, global_payload(nullptr)); have_globals = true; }
      if (!have_exports && rank(s.id) > rank(7)) { emit_section(7, export_payload(nullptr)); have_exports = true; }
    }
    if (s.id == 6) { emit_section(6, global_payload(&s)); have_globals = true; continue; }
    if (s.id == 7) { emit_section(7, export_payload(&s)); have_exports = true; continue; }
    if (s.id != 10) {
      out.insert(out.end(), wasm.begin() + static_cast<long>(s.start), wasm.begin() + static_cast<long>(s.end));
      continue;
    }
    // Code section: rewrite every body.
    Cursor c(wasm, s.offset, s.end);
    uint64_t count = c.uleb();
    std::vector<uint8_t> payload;
    payload.reserve(s.size + s.size / 8);
    put_uleb(payload, count);
    std::vector<uint8_t> body;
    for (uint64_t f = 0; f < count; ++f) {
      uint64_t size = c.uleb();
      size_t start = c.pos(), end = start + size;
      if (size > s.end - start) fail(start, "function body runs past the code section");
      Cursor fc(wasm, start, end);
      uint64_t groups = fc.uleb();
      for (uint64_t g = 0; g < groups; ++g) { fc.uleb(); fc.byte(); }
      body.assign(wasm.begin() + static_cast<long>(start), wasm.begin() + static_cast<long>(fc.pos()));
      size_t copied = fc.pos();
      while (!fc.done()) {
        size_t at = fc.pos();
        uint8_t op = fc.byte();
        skip_immediates(fc, op, at);
        // Immediates are skipped by declared lengths, which malformed input can point past the body.
        if (fc.pos() > end) fail(at, "instruction immediates run past the end of the function body");
        if (op == 0xfd) result.uses_simd = true;
        if (op == 0x03) {
          body.insert(body.end(), wasm.begin() + static_cast<long>(copied), wasm.begin() + static_cast<long>(fc.pos()));
          copied = fc.pos();
          // fuel -= 1; if (fuel < 0) unreachable
          body.push_back(0x23); body.insert(body.end(), fuel_idx.begin(), fuel_idx.end());
          body.insert(body.end(), {0x42, 0x01, 0x7d, 0x24});
          body.insert(body.end(), fuel_idx.begin(), fuel_idx.end());
          body.push_back(0x23); body.insert(body.end(), fuel_idx.begin(), fuel_idx.end());
          body.insert(body.end(), {0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b});
          ++result.loops;
        } else if (op == 0x40) {
          body.insert(body.end(), wasm.begin() + static_cast<long>(copied), wasm.begin() + static_cast<long>(fc.pos()));
          copied = fc.pos();
          // scratch = result; rejects += (scratch == -1); push scratch
          body.push_back(0x24); body.insert(body.end(), scratch_idx.begin(), scratch_idx.end());
          body.push_back(0x23); body.insert(body.end(), scratch_idx.begin(), scratch_idx.end());
          body.insert(body.end(), {0x41, 0x7f, 0x46, 0x23});
          body.insert(body.end(), rejects_idx.begin(), rejects_idx.end());
          body.insert(body.end(), {0x6a, 0x24});
          body.insert(body.end(), rejects_idx.begin(), rejects_idx.end());
          body.push_back(0x23); body.insert(body.end(), scratch_idx.begin(), scratch_idx.end());
          ++result.memory_grows;
        }
      }
      body.insert(body.end(), wasm.begin() + static_cast<long>(copied), wasm.begin() + static_cast<long>(end));
      put_uleb(payload, body.size());
      payload.insert(payload.end(), body.begin(), body.end());
      c.skip(size);
    }
    emit_section(10, payload);
  }
  if (!have_globals) emit_section(6, global_payload(nullptr));
  if (!have_exports) emit_section(7, export_payload(nullptr));
  return result;
}

}  // namespace fluence::marine
