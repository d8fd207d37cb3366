// module.c section "Key API for String type": StringSet, StringDMA and
// StringTruncate. The value lives in the TypeScript keyspace
// (src/modules/key-api/string.ts); each call is at most one bridgeKeyOp, and
// the checks that need no data (NULL key, open mode, size limit) are made
// here before crossing.
#include <cstddef>

#include "bridge.h"
#include "db_keys.h"
#include "host.h"

namespace {
// Operation numbers; src/modules/key-api/string.ts has the same list.
enum StringOp : int {
  kOpStringSet = kKeyOpsString + 0,
  kOpStringDMA = kKeyOpsString + 1,
  kOpStringTruncate = kKeyOpsString + 2,
};

// What StringDMA's JS side puts in num[0].
enum DmaResult : int { kDmaWrongType = 0, kDmaValue = 1, kDmaEmptyKey = 2 };

// Redis's string limit (proto-max-bulk-len's default): StringTruncate
// refuses to grow past it.
constexpr size_t kMaxStringLength = 512ull * 1024 * 1024;

// The pointers StringDMA hands out with length 0: valid, zero bytes usable,
// read-only (a write through them faults as it would in Redis). For a key
// without a value Redis returns a string literal of its own, whose first
// byte a module may see; an empty string value is an sds, a lone NUL.
const char kEmptyKeyDma[] = "<dma-empty-string>";
const char kEmptyDma[] = "";

struct DmaOut {
  char *ptr = nullptr;
  size_t len = 0;
};

// The JS side hands over the stored Buffer itself (outOwned): its memory is
// the value, so the pointer stays valid until the value is replaced.
void sinkDma(void *opaque, size_t, const char *ptr, size_t len) {
  DmaOut *out = static_cast<DmaOut *>(opaque);
  out->ptr = const_cast<char *>(ptr);
  out->len = len;
}
}  // namespace

// Stores `str` as the key's value, replacing a value of any type and its
// expiry. ERR when the key is not open for writing or an iterator of the
// key is active (a list or stream iteration).
int RM_StringSet(RedisModuleKey *key, RedisModuleString *str) {
  if (key == nullptr || str == nullptr || !(key->mode & REDISMODULE_WRITE)) return REDISMODULE_ERR;
  BridgeArg arg = bridgeArg(str);
  return static_cast<int>(keyOp(key, kOpStringSet, &arg, 1, nullptr, nullptr, REDISMODULE_ERR));
}

// Direct access to a string value's bytes: the pointer is the stored value
// itself, valid until the next operation on the key. WRITE mode makes the
// bytes this key's alone first. An empty key gives a valid pointer and
// length 0; another type gives NULL.
char *RM_StringDMA(RedisModuleKey *key, size_t *len, int mode) {
  size_t ignored;
  if (len == nullptr) len = &ignored;
  if (key == nullptr) return nullptr;
  keyIo().num[3] = mode;
  DmaOut out;
  double result = keyOp(key, kOpStringDMA, nullptr, 0, sinkDma, &out, kDmaWrongType);
  if (result == kDmaWrongType) return nullptr;
  if (result == kDmaEmptyKey) {
    *len = 0;
    return const_cast<char *>(kEmptyKeyDma);
  }
  if (out.len == 0 || out.ptr == nullptr) {
    *len = 0;
    return const_cast<char *>(kEmptyDma);
  }
  *len = out.len;
  return out.ptr;
}

// Resizes a string value, padding with zero bytes; an empty key becomes a
// string of `newlen` zero bytes (nothing happens for 0). ERR when the key is
// not open for writing, holds another type, or newlen exceeds 512MB.
int RM_StringTruncate(RedisModuleKey *key, size_t newlen) {
  if (key == nullptr || !(key->mode & REDISMODULE_WRITE) || newlen > kMaxStringLength) return REDISMODULE_ERR;
  keyIo().num[3] = static_cast<double>(newlen);
  return static_cast<int>(keyOp(key, kOpStringTruncate, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}
