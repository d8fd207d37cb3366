// RedisModuleCtx's lifetime (module.c's moduleCreateContext and
// moduleFreeContext, minus what the host's dispatcher does around them).
#include <cstddef>

#include "api_table.h"
#include "api/automemory.h"
#include "host.h"

RedisModuleCtx::RedisModuleCtx(Module *m, int ctxflags)
    : getapifuncptr(reinterpret_cast<void *>(&moduleGetApi)), module(m), flags(ctxflags) {}

// AutoMemory objects first, then the pool, as Redis does: a type callback run
// by an automatic release may still use PoolAlloc memory.
RedisModuleCtx::~RedisModuleCtx() {
  autoMemoryCollect(this);
  poolAllocRelease(this);
}
