// AutoMemory bookkeeping (module.c "Automatic memory management"): the
// objects a context releases by itself when its callback returns. Families
// that hand out releasable objects (strings, keys, call replies, dicts,
// server info) register them here on creation and forget them when the
// module frees them by hand.
#pragma once

#include "host.h"

// Remember ptr for release at context end; no-op unless the context enabled
// AutoMemory (Redis only tracks objects created after RM_AutoMemory).
void autoMemoryAdd(RedisModuleCtx *ctx, AutoMemoryEntry::Kind kind, void *ptr);
// Drop ptr from the release list. Returns true if it was there. The slot is
// filled with the last entry, as Redis does, which decides the later release
// order; a module can observe that order through its type callbacks.
bool autoMemoryForget(RedisModuleCtx *ctx, AutoMemoryEntry::Kind kind, void *ptr);
// Release everything still listed, oldest slot first (Redis's order), with
// the family's own free function. Called by ~RedisModuleCtx.
void autoMemoryCollect(RedisModuleCtx *ctx);

// Free every PoolAlloc block of the context (module.c's poolAllocRelease).
// Called by ~RedisModuleCtx after autoMemoryCollect.
void poolAllocRelease(RedisModuleCtx *ctx);
