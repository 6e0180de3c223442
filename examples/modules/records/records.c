// Records and arrays: builds, transforms and summarizes records through linear memory.
#include <stdlib.h>
#include <string.h>

#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("record User { name: string, age: u32, tags: []string, admin: bool }");
FLUENCE_MARINE_DECLARE("record Stats { count: u64, total_age: u64, oldest: string, names: []string }");
FLUENCE_MARINE_DECLARE("fn stats(users: []User) -> Stats");
FLUENCE_MARINE_DECLARE("fn make_user(name: string, age: u32) -> User");
FLUENCE_MARINE_DECLARE("fn reverse(data: bytes) -> bytes");
FLUENCE_MARINE_DECLARE("fn sum(values: []s64) -> s64");
FLUENCE_MARINE_DECLARE("fn echo_all(b: bool, a: s8, c: u16, d: s32, e: u64, f: f32, g: f64) -> f64");

/* User layout: name ptr@0 len@4, age@8, tags ptr@12 count@16, admin@20 (21 bytes). */
enum { kUserSize = 21, kStatsSize = 32 };

static char* copy_to_result(const char* s, size_t len) {
  char* p = (char*)fluence_alloc_result(len);
  if (len) memcpy(p, s, len);
  return p;
}

static void free_user(uint8_t* u) {
  if (fluence_load_u32(u + 4)) free((void*)(uintptr_t)fluence_load_u32(u));
  uint32_t tags = fluence_load_u32(u + 12), n = fluence_load_u32(u + 16);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t* pair = (uint8_t*)(uintptr_t)(tags + 8 * i);
    if (fluence_load_u32(pair + 4)) free((void*)(uintptr_t)fluence_load_u32(pair));
  }
  if (n) free((void*)(uintptr_t)tags);
  free(u);
}

void FLUENCE_MARINE_EXPORT(stats)(uint8_t* users, size_t count) {
  uint64_t total = 0;
  uint32_t oldest_age = 0;
  const char* oldest = "";
  size_t oldest_len = 0;
  uint8_t* names = (uint8_t*)fluence_alloc_result(count * 8 + 1);
  uint8_t* stats = (uint8_t*)fluence_alloc_result(kStatsSize);
  for (size_t i = 0; i < count; ++i) {
    uint8_t* u = (uint8_t*)(uintptr_t)fluence_load_u32(users + 4 * i);
    uint32_t age = fluence_load_u32(u + 8);
    const char* name = (const char*)(uintptr_t)fluence_load_u32(u);
    uint32_t name_len = fluence_load_u32(u + 4);
    total += age;
    char* copy = copy_to_result(name, name_len);
    fluence_store_u32(names + 8 * i, (uint32_t)(uintptr_t)copy);
    fluence_store_u32(names + 8 * i + 4, name_len);
    if (i == 0 || age > oldest_age) {
      oldest_age = age;
      oldest = copy;
      oldest_len = name_len;
    }
  }
  for (size_t i = 0; i < count; ++i) free_user((uint8_t*)(uintptr_t)fluence_load_u32(users + 4 * i));
  if (count) free(users);
  fluence_store_u64(stats, count);
  fluence_store_u64(stats + 8, total);
  fluence_store_u32(stats + 16, (uint32_t)(uintptr_t)oldest);
  fluence_store_u32(stats + 20, (uint32_t)oldest_len);
  fluence_store_u32(stats + 24, (uint32_t)(uintptr_t)names);
  fluence_store_u32(stats + 28, (uint32_t)count);
  fluence_return_record(stats);
}

void FLUENCE_MARINE_EXPORT(make_user)(char* name, size_t len, uint32_t age) {
  uint8_t* u = (uint8_t*)fluence_alloc_result(kUserSize);
  char* n = copy_to_result(name, len);
  if (len) free(name);
  uint8_t* tags = (uint8_t*)fluence_alloc_result(16);
  char* t1 = copy_to_result("new", 3);
  char* t2 = copy_to_result(age >= 18 ? "adult" : "minor", age >= 18 ? 5 : 5);
  fluence_store_u32(tags, (uint32_t)(uintptr_t)t1);
  fluence_store_u32(tags + 4, 3);
  fluence_store_u32(tags + 8, (uint32_t)(uintptr_t)t2);
  fluence_store_u32(tags + 12, 5);
  fluence_store_u32(u, (uint32_t)(uintptr_t)n);
  fluence_store_u32(u + 4, (uint32_t)len);
  fluence_store_u32(u + 8, age);
  fluence_store_u32(u + 12, (uint32_t)(uintptr_t)tags);
  fluence_store_u32(u + 16, 2);
  u[20] = age > 100;
  fluence_return_record(u);
}

void FLUENCE_MARINE_EXPORT(reverse)(uint8_t* data, size_t len) {
  uint8_t* out = (uint8_t*)fluence_alloc_result(len);
  for (size_t i = 0; i < len; ++i) out[i] = data[len - 1 - i];
  if (len) free(data);
  fluence_return_bytes(out, len);
}

int64_t FLUENCE_MARINE_EXPORT(sum)(int64_t* values, size_t count) {
  int64_t s = 0;
  for (size_t i = 0; i < count; ++i) s += values[i];
  if (count) free(values);
  return s;
}

double FLUENCE_MARINE_EXPORT(echo_all)(int32_t b, int32_t a, int32_t c, int32_t d, uint64_t e, float f, double g) {
  return (double)b + a + c + d + (double)e + f + g;
}
