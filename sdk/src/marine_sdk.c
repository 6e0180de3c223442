/* The Marine module ABI for C/C++ modules (marine.md §8): allocate, release_objects and the
 * result pointer/size exports, plus the helpers declared in fluence/marine_sdk.h. */
#include "fluence/marine_sdk.h"

#include <stdlib.h>

static uint32_t g_result_ptr;
static uint32_t g_result_size;

/* Objects to free at the next release_objects. */
static void** g_owned;
static size_t g_owned_len, g_owned_cap;

static void own(void* p) {
  if (!p) return;
  if (g_owned_len == g_owned_cap) {
    size_t cap = g_owned_cap ? g_owned_cap * 2 : 16;
    void** n = (void**)realloc(g_owned, cap * sizeof(void*));
    if (!n) __builtin_trap();
    g_owned = n;
    g_owned_cap = cap;
  }
  g_owned[g_owned_len++] = p;
}

/* size is a byte count; malloc aligns to 16, enough for every tag. */
__attribute__((export_name("allocate"))) uint32_t fluence_sdk_allocate(uint32_t size, uint32_t tag) {
  (void)tag;
  if (size == 0) return 0;
  void* p = malloc(size);
  if (!p) __builtin_trap();
  return (uint32_t)(uintptr_t)p;
}

__attribute__((export_name("release_objects"))) void fluence_sdk_release_objects(void) {
  for (size_t i = 0; i < g_owned_len; ++i) free(g_owned[i]);
  g_owned_len = 0;
}

__attribute__((export_name("get_result_ptr"))) uint32_t fluence_sdk_get_result_ptr(void) { return g_result_ptr; }
__attribute__((export_name("get_result_size"))) uint32_t fluence_sdk_get_result_size(void) { return g_result_size; }
__attribute__((export_name("set_result_ptr"))) void fluence_sdk_set_result_ptr(uint32_t p) { g_result_ptr = p; }
__attribute__((export_name("set_result_size"))) void fluence_sdk_set_result_size(uint32_t s) { g_result_size = s; }

uint32_t fluence_result_ptr(void) { return g_result_ptr; }
uint32_t fluence_result_size(void) { return g_result_size; }

void* fluence_alloc_result(size_t size) {
  void* p = malloc(size ? size : 1);
  if (!p) __builtin_trap();
  own(p);
  return p;
}

void fluence_return_bytes(const void* ptr, size_t len) {
  g_result_ptr = (uint32_t)(uintptr_t)ptr;
  g_result_size = (uint32_t)len;
}

void fluence_return_record(const void* ptr) { g_result_ptr = (uint32_t)(uintptr_t)ptr; }

void fluence_return_copy(const void* data, size_t len) {
  void* p = fluence_alloc_result(len);
  if (len) memcpy(p, data, len);
  fluence_return_bytes(p, len);
}

__attribute__((import_module("__marine_host_api_v3"), import_name("log_utf8_string")))
void fluence_host_log(int32_t level, int32_t target, int32_t ptr, int32_t len);

void fluence_log(int level, const char* message, size_t len) {
  fluence_host_log(level, 0, (int32_t)(uintptr_t)message, (int32_t)len);
}

__attribute__((import_module("__marine_host_api_v3"), import_name("get_call_parameters")))
void fluence_host_get_call_parameters(void);

static char* take_string(const uint8_t* field) {
  uint32_t ptr = fluence_load_u32(field), len = fluence_load_u32(field + 4);
  char* s = (char*)malloc(len + 1);
  if (!s) __builtin_trap();
  if (len) memcpy(s, (const void*)(uintptr_t)ptr, len);
  s[len] = 0;
  return s;
}

/* Frees every buffer of the lowered CallParameters record (v3 layout), which the module owns. */
static void free_call_parameters(uint8_t* cp) {
  uint8_t* particle = (uint8_t*)(uintptr_t)fluence_load_u32(cp);
  static const int particle_buffers[] = {0, 8, 28, 36, 44};
  for (int i = 0; i < 5; ++i)
    if (fluence_load_u32(particle + particle_buffers[i] + 4)) free((void*)(uintptr_t)fluence_load_u32(particle + particle_buffers[i]));
  free(particle);
  for (int off = 4; off <= 28; off += 8)
    if (fluence_load_u32(cp + off + 4)) free((void*)(uintptr_t)fluence_load_u32(cp + off));
  uint32_t outer = fluence_load_u32(cp + 36), outer_n = fluence_load_u32(cp + 40);
  for (uint32_t i = 0; i < outer_n; ++i) {
    uint8_t* pair = (uint8_t*)(uintptr_t)(outer + 8 * i);
    uint32_t inner = fluence_load_u32(pair), inner_n = fluence_load_u32(pair + 4);
    for (uint32_t j = 0; j < inner_n; ++j) {
      uint8_t* t = (uint8_t*)(uintptr_t)fluence_load_u32((void*)(uintptr_t)(inner + 4 * j));
      for (int f = 0; f < 4; ++f)
        if (fluence_load_u32(t + 8 * f + 4)) free((void*)(uintptr_t)fluence_load_u32(t + 8 * f));
      free(t);
    }
    if (inner_n) free((void*)(uintptr_t)inner);
  }
  if (outer_n) free((void*)(uintptr_t)outer);
  free(cp);
}

char* fluence_call_parameter(int which) {
  fluence_host_get_call_parameters();
  uint8_t* cp = (uint8_t*)(uintptr_t)g_result_ptr;
  uint8_t* particle = (uint8_t*)(uintptr_t)fluence_load_u32(cp);
  char* out;
  switch (which) {
    case 0: out = take_string(particle); break;
    case 1: out = take_string(particle + 8); break;
    case 2: out = take_string(cp + 4); break;
    case 3: out = take_string(cp + 12); break;
    case 4: out = take_string(cp + 20); break;
    default: out = take_string(cp + 28); break;
  }
  free_call_parameters(cp);
  return out;
}

fluence_binary_result fluence_run_binary(fluence_binary_import fn, const char* const* argv, size_t argc) {
  uint8_t* pairs = (uint8_t*)malloc(argc * 8 + 1);
  if (!pairs) __builtin_trap();
  for (size_t i = 0; i < argc; ++i) {
    fluence_store_u32(pairs + 8 * i, (uint32_t)(uintptr_t)argv[i]);
    fluence_store_u32(pairs + 8 * i + 4, (uint32_t)strlen(argv[i]));
  }
  fn((int32_t)(uintptr_t)pairs, (int32_t)argc);
  free(pairs);
  uint8_t* rec = (uint8_t*)(uintptr_t)g_result_ptr;
  fluence_binary_result r;
  r.ret_code = (int32_t)fluence_load_u32(rec);
  r.error = take_string(rec + 4);
  if (fluence_load_u32(rec + 8)) free((void*)(uintptr_t)fluence_load_u32(rec + 4));
  r.out = (uint8_t*)(uintptr_t)fluence_load_u32(rec + 12);
  r.out_len = fluence_load_u32(rec + 16);
  r.err = (uint8_t*)(uintptr_t)fluence_load_u32(rec + 20);
  r.err_len = fluence_load_u32(rec + 24);
  if (!r.out_len) r.out = NULL;
  if (!r.err_len) r.err = NULL;
  free(rec);
  return r;
}

void fluence_free_binary_result(fluence_binary_result* r) {
  free(r->error);
  free(r->out);
  free(r->err);
  r->error = NULL;
  r->out = r->err = NULL;
}
