// A stateful counter: state lives in the module's memory between calls.
#include "fluence/marine_sdk.h"

FLUENCE_MARINE_DECLARE("fn add(n: u32) -> u64");
FLUENCE_MARINE_DECLARE("fn get() -> u64");
FLUENCE_MARINE_DECLARE("fn reset()");

static uint64_t g_count;

uint64_t FLUENCE_MARINE_EXPORT(add)(uint32_t n) { return g_count += n; }
uint64_t FLUENCE_MARINE_EXPORT(get)(void) { return g_count; }
void FLUENCE_MARINE_EXPORT(reset)(void) { g_count = 0; }
