#include "fluence/marine/wasm_sections.h"

#include "fluence/core/error.h"

namespace fluence::marine {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorKind::kInvalidInput, "malformed Wasm module: " + what);
}

uint64_t read_uleb32(const std::vector<uint8_t>& b, size_t& pos) {
  uint64_t v = 0;
  for (int i = 0; i < 5; ++i) {
    if (pos >= b.size()) fail("truncated section header");
    uint8_t x = b[pos++];
    v |= static_cast<uint64_t>(x & 0x7f) << (7 * i);
    if (!(x & 0x80)) return v;
  }
  fail("over-long LEB128 in a section header");
}

void put_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

}  // namespace

std::vector<WasmSection> read_wasm_sections(const std::vector<uint8_t>& b) {
  static const uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (b.size() < 8 || !std::equal(kHeader, kHeader + 8, b.begin()))
    fail("not a Wasm binary (bad magic or version)");
  std::vector<WasmSection> out;
  size_t pos = 8;
  while (pos < b.size()) {
    WasmSection s;
    s.start = pos;
    s.id = b[pos++];
    uint64_t size = read_uleb32(b, pos);
    if (size > b.size() - pos) fail("section " + std::to_string(s.id) + " runs past the end");
    s.offset = pos;
    s.size = size;
    s.end = pos + size;
    if (s.id == 0) {
      size_t p = pos;
      uint64_t len = read_uleb32(b, p);
      if (p > s.end || len > s.end - p) fail("custom section name runs past the section");
      s.name.assign(reinterpret_cast<const char*>(b.data() + p), len);
      s.offset = p + len;
      s.size = s.end - s.offset;
    }
    pos = s.end;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::vector<uint8_t>> custom_sections(const std::vector<uint8_t>& wasm, const std::string& name) {
  std::vector<std::vector<uint8_t>> out;
  for (const auto& s : read_wasm_sections(wasm))
    if (s.id == 0 && s.name == name)
      out.emplace_back(wasm.begin() + s.offset, wasm.begin() + s.offset + s.size);
  return out;
}

std::vector<uint8_t> replace_custom_section(const std::vector<uint8_t>& wasm, const std::string& name,
                                            const std::vector<uint8_t>& payload) {
  auto sections = read_wasm_sections(wasm);
  std::vector<uint8_t> out(wasm.begin(), wasm.begin() + 8);
  for (const auto& s : sections) {
    if (s.id == 0 && s.name == name) continue;
    out.insert(out.end(), wasm.begin() + s.start, wasm.begin() + s.end);
  }
  std::vector<uint8_t> body;
  put_uleb(body, name.size());
  body.insert(body.end(), name.begin(), name.end());
  body.insert(body.end(), payload.begin(), payload.end());
  out.push_back(0);
  put_uleb(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace fluence::marine
