// Facade module: the service interface; delegates to the pure module.
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("import pure.stamp(text: string, epoch: s64) -> string");
FLUENCE_MARINE_DECLARE("fn hello(name: string) -> string");

__attribute__((import_module("pure"), import_name("stamp"))) void pure_stamp(int32_t ptr, int32_t len, int64_t epoch);

void FLUENCE_MARINE_EXPORT(hello)(char* name, size_t len) {
  static const char kHello[] = "Hello, ";
  size_t n = sizeof kHello - 1;
  char* text = (char*)malloc(n + len + 1);
  memcpy(text, kHello, n);
  if (len) memcpy(text + n, name, len);
  if (len) free(name);
  pure_stamp((int32_t)(uintptr_t)text, (int32_t)(n + len), 0);
  free(text);
  char* r = (char*)(uintptr_t)fluence_result_ptr();
  size_t rl = fluence_result_size();
  fluence_return_copy(r, rl);
  if (rl) free(r);
}
