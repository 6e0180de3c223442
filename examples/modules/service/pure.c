// Pure module: formats a stamp using the effector's date (a cross-module call).
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("import effector.date(args: []string) -> string");
FLUENCE_MARINE_DECLARE("fn stamp(text: string, epoch: s64) -> string");

__attribute__((import_module("effector"), import_name("date"))) void effector_date(int32_t ptr, int32_t count);

void FLUENCE_MARINE_EXPORT(stamp)(char* text, size_t len, int64_t epoch) {
  char at[32];
  int n = 0;
  at[n++] = '@';
  char digits[24];
  int d = 0;
  uint64_t v = epoch < 0 ? (uint64_t)(-epoch) : (uint64_t)epoch;
  do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v);
  if (epoch < 0) at[n++] = '-';
  while (d) at[n++] = digits[--d];
  at[n] = 0;
  const char* args[] = {"-u", "-d", at, "+%Y-%m-%d"};
  char* strs[4];
  uint8_t* pairs = (uint8_t*)malloc(4 * 8);
  for (int i = 0; i < 4; ++i) {
    size_t l = strlen(args[i]);
    strs[i] = (char*)malloc(l);
    memcpy(strs[i], args[i], l);
    fluence_store_u32(pairs + 8 * i, (uint32_t)(uintptr_t)strs[i]);
    fluence_store_u32(pairs + 8 * i + 4, (uint32_t)l);
  }
  effector_date((int32_t)(uintptr_t)pairs, 4);  // the runtime lifts our buffers, then releases objects
  for (int i = 0; i < 4; ++i) free(strs[i]);
  free(pairs);
  char* date = (char*)(uintptr_t)fluence_result_ptr();
  size_t date_len = fluence_result_size();
  static const char kAt[] = " on ";
  char* out = (char*)fluence_alloc_result(len + sizeof kAt - 1 + date_len);
  if (len) memcpy(out, text, len);
  memcpy(out + len, kAt, sizeof kAt - 1);
  if (date_len) memcpy(out + len + sizeof kAt - 1, date, date_len);
  if (date_len) free(date);
  if (len) free(text);
  fluence_return_bytes(out, len + sizeof kAt - 1 + date_len);
}
