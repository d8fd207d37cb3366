// RedisModuleCtx's lifetime (module.c's moduleCreateContext and
// moduleFreeContext, minus what the host's dispatcher does around them).
#include <cstddef>

#include "api_table.h"
#include "api/automemory.h"
#include "api/db_keys.h"
#include "bridge.h"
#include "host.h"

// A context is made when JS hands control to module code; JS may have
// changed anything since native code last looked.
RedisModuleCtx::RedisModuleCtx(Module *m, int ctxflags)
    : getapifuncptr(reinterpret_cast<void *>(&moduleGetApi)), module(m), flags(ctxflags) {
  bridgeEpochBump();
}

// AutoMemory objects first (keys it closes are then finished with the rest),
// then the pool, as Redis does: a type callback run by an automatic release
// may still use PoolAlloc memory.
RedisModuleCtx::~RedisModuleCtx() {
  autoMemoryCollect(this);
  if (!(flags & CTX_CALLER_FINISHES_KEYS)) keysFinishClosed();
  poolAllocRelease(this);
}
