// A C++ module: classes and templates over the C SDK. (Debian's wasi-libc ships no C++
// standard library, so this uses only the C library; install libc++-14-dev-wasm32 for std::.)
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("fn count_words(text: string) -> u32");
FLUENCE_MARINE_DECLARE("fn shout(text: string) -> string");

namespace {

// Owns a string argument the runtime handed to the module.
class Argument {
 public:
  Argument(char* data, size_t len) : data_(data), len_(len) {}
  ~Argument() {
    if (len_) free(data_);
  }
  Argument(const Argument&) = delete;
  Argument& operator=(const Argument&) = delete;
  const char* data() const { return data_; }
  size_t size() const { return len_; }

 private:
  char* data_;
  size_t len_;
};

template <typename Predicate>
size_t count_runs(const Argument& text, Predicate in_run) {
  size_t runs = 0;
  bool inside = false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool now = in_run(text.data()[i]);
    if (now && !inside) ++runs;
    inside = now;
  }
  return runs;
}

}  // namespace

extern "C" uint32_t FLUENCE_MARINE_EXPORT(count_words)(char* text, size_t len) {
  Argument arg(text, len);
  return static_cast<uint32_t>(count_runs(arg, [](char c) { return c != ' ' && c != '\n' && c != '\t'; }));
}

extern "C" void FLUENCE_MARINE_EXPORT(shout)(char* text, size_t len) {
  Argument arg(text, len);
  char* out = static_cast<char*>(fluence_alloc_result(len + 1));
  for (size_t i = 0; i < len; ++i) {
    char c = arg.data()[i];
    out[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  out[len] = '!';
  fluence_return_bytes(out, len + 1);
}
