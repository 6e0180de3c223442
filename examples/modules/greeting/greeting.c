// A pure greeting: greet(name) -> "Hi, <name>".
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("fn greet(name: string) -> string");

void FLUENCE_MARINE_EXPORT(greet)(char* name, size_t len) {
  static const char kPrefix[] = "Hi, ";
  size_t n = sizeof kPrefix - 1;
  char* out = (char*)fluence_alloc_result(n + len);
  memcpy(out, kPrefix, n);
  if (len) memcpy(out + n, name, len);
  if (len) free(name);  // argument buffers belong to the module
  fluence_return_bytes(out, n + len);
}
