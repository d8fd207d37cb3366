// module.c sections "Heap allocation raw functions" and "Pool allocator".
// Module memory is plain malloc memory: what Alloc returns, Free releases,
// and host code that hands memory to modules uses hostAlloc, so the two
// always agree on the allocator.
#include <unistd.h>

#include <cstdio>
#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "automemory.h"
#include "crash_report.h"
#include "host.h"
#include "strings.h"

namespace {

// Redis's REDISMODULE_POOL_ALLOC_MIN_SIZE and REDISMODULE_POOL_ALLOC_ALIGN.
constexpr size_t kPoolBlockMinSize = 8 * 1024;
constexpr size_t kPoolAlign = sizeof(void *);

// zmalloc turns a zero-byte request into sizeof(long), so Alloc(0) is a real,
// unique pointer rather than malloc's implementation-defined answer.
inline size_t nonZero(size_t bytes) { return bytes ? bytes : sizeof(long); }

// Redis's OOM handler: a warning line, then a panic. We may be on a module
// thread, so the lines go straight to stderr (no JS).
[[noreturn]] void outOfMemory(size_t bytes) {
  char line[160];
  int n = snprintf(line, sizeof(line), "Out Of Memory allocating %zu bytes!\n", bytes);
  if (n > 0) {
    ssize_t ignored = write(STDERR_FILENO, line, static_cast<size_t>(n));
    (void)ignored;
  }
  snprintf(line, sizeof(line), "Redis aborting for OUT OF MEMORY. Allocating %zu bytes!", bytes);
  crashReportAndDie(line, nullptr);
}

}  // namespace

void *hostAlloc(size_t bytes) {
  void *p = malloc(nonZero(bytes));
  if (p == nullptr) outOfMemory(bytes);
  return p;
}

void *hostRealloc(void *ptr, size_t bytes) {
  // zrealloc: size 0 frees, NULL allocates.
  if (bytes == 0 && ptr != nullptr) {
    free(ptr);
    return nullptr;
  }
  if (ptr == nullptr) return hostAlloc(bytes);
  void *p = realloc(ptr, bytes);
  if (p == nullptr) outOfMemory(bytes);
  return p;
}

// malloc() that aborts the process with Redis's out-of-memory report instead
// of returning NULL; Alloc(0) returns a valid pointer. Any thread.
void *RM_Alloc(size_t bytes) { return hostAlloc(bytes); }

// Alloc that returns NULL on failure instead of aborting. Any thread.
void *RM_TryAlloc(size_t bytes) { return malloc(nonZero(bytes)); }

// Zeroed memory of nmemb*size bytes. The product is not overflow-checked,
// exactly as Redis's zcalloc(nmemb*size). Aborts on OOM. Any thread.
void *RM_Calloc(size_t nmemb, size_t size) {
  size_t bytes = nmemb * size;
  void *p = calloc(1, nonZero(bytes));
  if (p == nullptr) outOfMemory(bytes);
  return p;
}

// realloc() for Alloc'd memory: ptr NULL allocates, bytes 0 frees and returns
// NULL (zrealloc's rules). Aborts on OOM. Any thread.
void *RM_Realloc(void *ptr, size_t bytes) { return hostRealloc(ptr, bytes); }

// Releases memory from Alloc/Calloc/Realloc/Strdup/TryAlloc; NULL is a no-op.
// Any thread.
void RM_Free(void *ptr) { free(ptr); }

// strdup() into Alloc memory. Aborts on OOM. Any thread.
char *RM_Strdup(const char *str) {
  size_t len = strlen(str) + 1;
  char *p = static_cast<char *>(hostAlloc(len));
  memcpy(p, str, len);
  return p;
}

void poolAllocRelease(RedisModuleCtx *ctx) {
  PoolBlock *block = ctx->pool;
  while (block != nullptr) {
    PoolBlock *next = block->next;
    free(block);
    block = next;
  }
  ctx->pool = nullptr;
}

// The allocation size behind ptr, as Redis's zmalloc_size reports it for
// jemalloc: the usable size, which may exceed what was asked. Any thread.
size_t RM_MallocSize(void *ptr) { return malloc_usable_size(ptr); }

// The same, named for modules that want the usable size explicitly (7.0.1+).
// Any thread.
size_t RM_MallocUsableSize(void *ptr) { return malloc_usable_size(ptr); }

// Bytes a string object holds: the string header plus its byte block (one
// block when the bytes are inline). Sizes are this host's, not Redis's robj
// and sds sizes. Any thread.
size_t RM_MallocSizeString(RedisModuleString *str) {
  // A host-owned string on a native stack frame has no heap block to measure.
  if (str->refcount == kStaticRefcount) return sizeof(*str) + str->len + 1;
  size_t size = malloc_usable_size(str);
  if (!str->inline_data && str->ptr != nullptr) size += malloc_usable_size(str->ptr);
  return size;
}

// Memory that lives until the context ends (the callback returns), carved
// from 8 KiB blocks. Alignment follows Redis: word-aligned for requests of at
// least a word, otherwise the smallest power of two not below the request
// (3 bytes -> 4, 2 -> 2, 1 -> 1). Returns NULL for 0 bytes. Context's thread.
void *RM_PoolAlloc(RedisModuleCtx *ctx, size_t bytes) {
  if (bytes == 0) return nullptr;
  PoolBlock *block = ctx->pool;
  size_t left = block ? block->size - block->used : 0;

  // Alignment is only fixed up in a block that can take the request before
  // padding; a fresh block starts aligned anyway.
  if (left >= bytes) {
    size_t alignment = kPoolAlign;
    while (bytes < alignment && alignment / 2 >= bytes) alignment /= 2;
    if (block->used % alignment) block->used += alignment - (block->used % alignment);
    left = block->used > block->size ? 0 : block->size - block->used;
  }

  if (left < bytes) {
    size_t blocksize = bytes > kPoolBlockMinSize ? bytes : kPoolBlockMinSize;
    block = static_cast<PoolBlock *>(hostAlloc(sizeof(PoolBlock) + blocksize));
    block->size = blocksize;
    block->used = 0;
    block->next = ctx->pool;
    ctx->pool = block;
  }

  char *p = block->data + block->used;
  block->used += bytes;
  return p;
}
