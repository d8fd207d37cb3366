// module.c section "Key API for List type": push, pop, and access by index
// (get, set, insert, delete). The list lives in the TypeScript keyspace
// (src/modules/key-api/list.ts), which also keeps the key's iterator state
// and sets errno (EINVAL, ENOTSUP, EBADF, EDOM) as Redis does. Each call is
// at most one bridgeKeyOp; NULL arguments are refused here with EINVAL.
#include <cerrno>
#include <cstddef>

#include "automemory.h"
#include "bridge.h"
#include "db_keys.h"
#include "host.h"
#include "strings.h"

namespace {
// Operation numbers; src/modules/key-api/list.ts has the same list.
enum ListOp : int {
  kOpListPush = kKeyOpsList + 0,
  kOpListPop = kKeyOpsList + 1,
  kOpListGet = kKeyOpsList + 2,
  kOpListSet = kKeyOpsList + 3,
  kOpListInsert = kKeyOpsList + 4,
  kOpListDelete = kKeyOpsList + 5,
};

// An element handed to the module: a new string, released by AutoMemory
// unless the module frees it first.
RedisModuleString *elementOp(RedisModuleKey *key, int op) {
  RedisModuleString *element = nullptr;
  if (keyOp(key, op, nullptr, 0, keyOutNewString, &element, 0) == 0 || element == nullptr) return nullptr;
  autoMemoryAdd(key->ctx, AutoMemoryEntry::kString, element);
  return element;
}

int valueOp(RedisModuleKey *key, int op, RedisModuleString *value) {
  BridgeArg arg = bridgeArg(value);
  return static_cast<int>(keyOp(key, op, &arg, 1, nullptr, nullptr, REDISMODULE_ERR));
}
}  // namespace

// Pushes `ele` at the head (REDISMODULE_LIST_HEAD) or the tail (any other
// value); an empty key opened for writing becomes a list, which wakes
// clients blocked on it. ERR with EINVAL (NULL argument), ENOTSUP (another
// type) or EBADF (not open for writing).
int RM_ListPush(RedisModuleKey *key, int where, RedisModuleString *ele) {
  if (key == nullptr || ele == nullptr) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  keyIo().num[3] = where == REDISMODULE_LIST_HEAD ? 0 : 1;
  return valueOp(key, kOpListPush, ele);
}

// Removes and returns the head or the tail element; the key goes when its
// last element does. NULL with EINVAL, ENOTSUP (empty key or another type)
// or EBADF (not open for writing).
RedisModuleString *RM_ListPop(RedisModuleKey *key, int where) {
  if (key == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  keyIo().num[3] = where == REDISMODULE_LIST_HEAD ? 0 : 1;
  return elementOp(key, kOpListPop);
}

// The element at `index` (negative counts from the tail), as LINDEX. NULL
// with EINVAL, ENOTSUP, EBADF (not open for reading) or EDOM (no such index).
// Sequential indexes are cheap, as with Redis's key iterator.
RedisModuleString *RM_ListGet(RedisModuleKey *key, long index) {
  if (key == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  keyIo().num[3] = static_cast<double>(index);
  return elementOp(key, kOpListGet);
}

// Replaces the element at `index`. ERR with EINVAL, ENOTSUP, EBADF or EDOM.
int RM_ListSet(RedisModuleKey *key, long index, RedisModuleString *value) {
  if (key == nullptr || value == nullptr) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  keyIo().num[3] = static_cast<double>(index);
  return valueOp(key, kOpListSet, value);
}

// Inserts `value` so that it ends up at `index` (negative: counted from the
// tail after the insertion). Index 0 or -1 of an empty key, and the indexes
// just past either end, push. ERR with EINVAL, ENOTSUP, EBADF or EDOM.
int RM_ListInsert(RedisModuleKey *key, long index, RedisModuleString *value) {
  if (key == nullptr || value == nullptr) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  keyIo().num[3] = static_cast<double>(index);
  return valueOp(key, kOpListInsert, value);
}

// Removes the element at `index`; the key goes with its last element. ERR
// with EINVAL, ENOTSUP, EBADF or EDOM.
int RM_ListDelete(RedisModuleKey *key, long index) {
  if (key == nullptr) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  keyIo().num[3] = static_cast<double>(index);
  return static_cast<int>(keyOp(key, kOpListDelete, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}
