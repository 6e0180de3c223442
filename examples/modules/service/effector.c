// Effector module: runs the mounted binary `date` (allowed by the service config only).
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("fn date(args: []string) -> string");

__attribute__((import_module("__marine_host_api_v3"), import_name("date"))) void mounted_date(int32_t args_ptr, int32_t args_count);

void FLUENCE_MARINE_EXPORT(date)(uint8_t* args, size_t count) {
  const char** argv = (const char**)malloc((count + 1) * sizeof(char*));
  for (size_t i = 0; i < count; ++i) {
    uint32_t p = fluence_load_u32(args + 8 * i), n = fluence_load_u32(args + 8 * i + 4);
    char* s = (char*)malloc(n + 1);
    if (n) memcpy(s, (const void*)(uintptr_t)p, n);
    s[n] = 0;
    if (n) free((void*)(uintptr_t)p);
    argv[i] = s;
  }
  if (count) free(args);
  fluence_binary_result r = fluence_run_binary(mounted_date, argv, count);
  for (size_t i = 0; i < count; ++i) free((void*)argv[i]);
  free(argv);
  size_t len = r.out_len;
  while (len && (r.out[len - 1] == '\n' || r.out[len - 1] == '\r')) --len;
  if (r.ret_code != 0) fluence_return_copy(r.error, strlen(r.error));
  else fluence_return_copy(r.out, len);
  fluence_free_binary_result(&r);
}
