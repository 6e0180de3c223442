/* Fluence Marine module SDK for C and C++ (marine.md §16).
 *
 * A module exports plain Wasm functions with the raw signatures of marine.md §8.4 and
 * declares their interface-types signatures with FLUENCE_MARINE_DECLARE; the build step
 * (fluence marine build, or fluence_add_marine_module in CMake) turns the declarations into
 * the `interface-types` and `__fluence_sdk_version` sections. Build with clang for wasm32-wasi
 * as a reactor; link sdk/src/marine_sdk.c, which provides the six ABI exports.
 *
 * Declarations, one per FLUENCE_MARINE_DECLARE (no double quotes inside):
 *   "fn NAME(ARG: TYPE, ...) -> TYPE"            an exported function (result optional)
 *   "record NAME { FIELD: TYPE, ... }"           a record type
 *   "import MODULE.NAME(ARG: TYPE, ...) -> TYPE" a function of a module loaded earlier
 * TYPE: bool s8 s16 s32 s64 u8 u16 u32 u64 f32 f64 string bytes []TYPE or a record name.
 *
 * Raw passing: scalars as Wasm values (64-bit as long long); string/bytes/[]T as
 * (ptr, len) pairs; records as one pointer to their packed little-endian fields. Argument
 * buffers belong to the module (free them with free()); results are returned with the
 * fluence_return_* functions and stay alive until the runtime calls release_objects. */
#ifndef FLUENCE_MARINE_SDK_H
#define FLUENCE_MARINE_SDK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLUENCE_MARINE_SDK_VERSION "0.14.0"

/* Places one declaration in the module's __fluence_marine_decl custom section. */
#define FLUENCE_MARINE_DECLARE(text) \
  __asm__(".section .custom_section.__fluence_marine_decl,\"\",@\n.ascii \"" text "\\n\"\n.text\n")

/* Exports a C function under its own name. */
#define FLUENCE_MARINE_EXPORT(name) __attribute__((export_name(#name))) name

/* Memory from the SDK allocator, released at the next release_objects call. */
void* fluence_alloc_result(size_t size);

/* Result of the current export call: string/bytes/array pointer and length (elements for
 * arrays), or a record pointer. The memory must come from fluence_alloc_result. */
void fluence_return_bytes(const void* ptr, size_t len);
void fluence_return_record(const void* ptr);
/* Copies a string/byte result into SDK memory and returns it. */
void fluence_return_copy(const void* data, size_t len);

/* Values last set by the runtime after an import or host call (marine.md §8.2). */
uint32_t fluence_result_ptr(void);
uint32_t fluence_result_size(void);

/* Little-endian field access in record/array buffers. */
static inline uint32_t fluence_load_u32(const void* p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t fluence_load_u64(const void* p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void fluence_store_u32(void* p, uint32_t v) { memcpy(p, &v, 4); }
static inline void fluence_store_u64(void* p, uint64_t v) { memcpy(p, &v, 8); }

/* Logging through the host (level 1 error .. 5 trace); needs logger_enabled. */
void fluence_log(int level, const char* message, size_t len);

/* A string field of the current call parameters (host API v3). `which`: 0 particle id,
 * 1 init peer id, 2 service id, 3 service creator, 4 host id, 5 worker id. Returns a
 * malloc'ed NUL-terminated copy (free it). */
char* fluence_call_parameter(int which);

/* Result of a mounted binary (MountedBinaryResult). stdout/stderr are malloc'ed. */
typedef struct {
  int32_t ret_code;
  char* error;
  uint8_t* out;
  size_t out_len;
  uint8_t* err;
  size_t err_len;
} fluence_binary_result;

/* Calls a mounted-binary import (a function imported from __marine_host_api_v3 with the
 * signature void(int32_t args_ptr, int32_t args_count)) with argv strings. */
typedef void (*fluence_binary_import)(int32_t, int32_t);
fluence_binary_result fluence_run_binary(fluence_binary_import fn, const char* const* argv, size_t argc);
void fluence_free_binary_result(fluence_binary_result* r);

#define FLUENCE_MARINE_HOST_IMPORT(name) \
  __attribute__((import_module("__marine_host_api_v3"), import_name(#name))) name

#ifdef __cplusplus
}
#endif

#endif
