// module.c section "Automatic memory management for modules".
#include "automemory.h"

#include "strings.h"

// The other families' free functions. Weak, so this file links before those
// families exist; an entry of a kind whose family is missing cannot have
// been created in the first place, so a null target is never reached.
void RM_CloseKey(RedisModuleKey *key) __attribute__((weak));
void RM_FreeCallReply(RedisModuleCallReply *reply) __attribute__((weak));
void RM_FreeDict(RedisModuleCtx *ctx, RedisModuleDict *d) __attribute__((weak));
void RM_FreeServerInfo(RedisModuleCtx *ctx, RedisModuleServerInfoData *data) __attribute__((weak));

// From now on, strings, keys, call replies, dicts and server info created
// with this context are released when the callback returns, unless the
// module frees (or retains) them first. Objects created before the call are
// not tracked. Context's thread.
void RM_AutoMemory(RedisModuleCtx *ctx) { ctx->flags |= CTX_AUTO_MEMORY; }

void autoMemoryAdd(RedisModuleCtx *ctx, AutoMemoryEntry::Kind kind, void *ptr) {
  if (!(ctx->flags & CTX_AUTO_MEMORY)) return;
  ctx->automemory.push_back(AutoMemoryEntry{kind, ptr});
}

bool autoMemoryForget(RedisModuleCtx *ctx, AutoMemoryEntry::Kind kind, void *ptr) {
  if (!(ctx->flags & CTX_AUTO_MEMORY)) return false;
  std::vector<AutoMemoryEntry> &queue = ctx->automemory;
  const size_t used = queue.size();
  // Redis scans from both ends at once (newest first): objects freed by hand
  // are usually the most recent or the oldest ones.
  for (size_t step = 0; step < (used + 1) / 2; step++) {
    for (int side = 0; side < 2; side++) {
      size_t i = side == 0 ? used - 1 - step : step;
      if (queue[i].kind != kind || queue[i].ptr != ptr) continue;
      // Move the last entry into the hole so a create/free loop does not
      // grow the queue; this is also what fixes the later release order.
      if (i != used - 1) queue[i] = queue[used - 1];
      queue.pop_back();
      return true;
    }
  }
  return false;
}

void autoMemoryCollect(RedisModuleCtx *ctx) {
  if (!(ctx->flags & CTX_AUTO_MEMORY)) return;
  // The free functions below call autoMemoryForget with this context; with
  // the flag off they leave the queue alone while we walk it.
  ctx->flags &= ~CTX_AUTO_MEMORY;
  std::vector<AutoMemoryEntry> queue;
  queue.swap(ctx->automemory);
  for (const AutoMemoryEntry &entry : queue) {
    switch (entry.kind) {
      case AutoMemoryEntry::kString:
        stringRelease(static_cast<RedisModuleString *>(entry.ptr));
        break;
      case AutoMemoryEntry::kCallReply:
        if (RM_FreeCallReply) RM_FreeCallReply(static_cast<RedisModuleCallReply *>(entry.ptr));
        break;
      case AutoMemoryEntry::kKey:
        if (RM_CloseKey) RM_CloseKey(static_cast<RedisModuleKey *>(entry.ptr));
        break;
      case AutoMemoryEntry::kDict:
        if (RM_FreeDict) RM_FreeDict(nullptr, static_cast<RedisModuleDict *>(entry.ptr));
        break;
      case AutoMemoryEntry::kInfo:
        if (RM_FreeServerInfo) RM_FreeServerInfo(nullptr, static_cast<RedisModuleServerInfoData *>(entry.ptr));
        break;
    }
  }
  // Redis leaves AutoMemory on: a context that lives on (thread-safe
  // contexts) keeps tracking after a collection.
  ctx->flags |= CTX_AUTO_MEMORY;
}
