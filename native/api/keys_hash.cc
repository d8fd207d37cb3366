// module.c section "Key API for Hash type": HashSet and HashGet. The hash
// lives in the TypeScript keyspace (src/modules/key-api/hash.ts); each call
// gathers all of its variadic field/value pairs here and crosses once.
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <vector>

#include "automemory.h"
#include "bridge.h"
#include "db_keys.h"
#include "host.h"
#include "strings.h"

namespace {
// Operation numbers; src/modules/key-api/hash.ts has the same list.
enum HashOp : int {
  kOpHashSet = kKeyOpsHash + 0,
  kOpHashGet = kKeyOpsHash + 1,
};

// What the JS side found before touching anything (num[3] on return): the
// errno HashSet sets is platform-specific, so it is chosen here.
enum HashStatus : int { kStatusOk = 0, kStatusWrongType = 1, kStatusNotWritable = 2 };

// Per-pair kinds sent as HashSet's first input string.
constexpr char kPairSet = 0;
constexpr char kPairDelete = 1;

constexpr int kHashSetFlags =
    REDISMODULE_HASH_NX | REDISMODULE_HASH_XX | REDISMODULE_HASH_CFIELDS | REDISMODULE_HASH_COUNT_ALL;

// A list that lives on the stack for the usual handful of pairs and moves
// to the heap only for calls with many: HashSet/HashGet are on the hot path.
template <typename T, size_t kInline>
class SmallList {
 public:
  void push(const T &item) {
    if (count_ < kInline) {
      inline_[count_++] = item;
      return;
    }
    if (heap_.empty()) heap_.assign(inline_, inline_ + kInline);
    heap_.push_back(item);
    count_++;
  }
  void assign(const T *items, size_t n) {
    count_ = 0;
    heap_.clear();
    for (size_t i = 0; i < n; i++) push(items[i]);
  }
  T &operator[](size_t i) { return heap_.empty() ? inline_[i] : heap_[i]; }
  const T &operator[](size_t i) const { return heap_.empty() ? inline_[i] : heap_[i]; }
  const T *data() const { return heap_.empty() ? inline_ : heap_.data(); }
  size_t size() const { return count_; }

 private:
  T inline_[kInline];
  std::vector<T> heap_;
  size_t count_ = 0;
};

constexpr size_t kInlinePairs = 16;
using ArgList = SmallList<BridgeArg, 2 * kInlinePairs + 1>;

// A field name as the caller gave it: a C string under CFIELDS.
BridgeArg fieldArg(void *field, bool cfields) {
  if (cfields) {
    const char *c = static_cast<const char *>(field);
    return BridgeArg{c, strlen(c)};
  }
  return bridgeArg(static_cast<RedisModuleString *>(field));
}

// HashGet's outputs: a byte per field (1 = present), then the value of each
// present field in order (none under HASH_EXISTS).
using TargetList = SmallList<void *, kInlinePairs>;
struct HashGetSink {
  RedisModuleCtx *ctx;
  TargetList *targets;
  SmallList<char, kInlinePairs> presence;
  size_t nextField = 0;
};

void hashGetSink(void *opaque, size_t index, const char *ptr, size_t len) {
  HashGetSink *sink = static_cast<HashGetSink *>(opaque);
  if (index == 0) {
    sink->presence.assign(ptr, len);
    return;
  }
  size_t n = sink->presence.size();
  while (sink->nextField < n && sink->presence[sink->nextField] == 0) sink->nextField++;
  if (sink->nextField >= n) return;
  void *target = (*sink->targets)[sink->nextField++];
  if (target == nullptr) return;
  RedisModuleString *value = stringCreate(ptr, len);
  autoMemoryAdd(sink->ctx, AutoMemoryEntry::kString, value);
  *static_cast<RedisModuleString **>(target) = value;
}
}  // namespace

// Sets, updates or deletes (value REDISMODULE_HASH_DELETE) fields, given as
// NULL-terminated field/value pairs (fields as C strings under
// HASH_CFIELDS). NX / XX skip pairs whose field exists / is missing. An
// empty key opened for writing becomes a hash; a hash left empty is deleted.
// Returns the fields updated or deleted (plus those added with
// HASH_COUNT_ALL); when 0, errno says why: EINVAL (NULL key, unknown flag),
// ENOTSUP (not a hash), EBADF (not open for writing), ENOENT (nothing
// counted). Main thread.
int RM_HashSet(RedisModuleKey *key, int flags, ...) {
  if (key == nullptr || (flags & ~kHashSetFlags)) {
    errno = EINVAL;
    return 0;
  }
  const bool cfields = (flags & REDISMODULE_HASH_CFIELDS) != 0;
  ArgList args;
  // Input 0 is the pairs' kinds, filled once the pairs are known.
  args.push(BridgeArg{nullptr, 0});
  SmallList<char, kInlinePairs> kinds;
  if (key->mode & REDISMODULE_WRITE) {
    va_list ap;
    va_start(ap, flags);
    for (;;) {
      void *field = va_arg(ap, void *);
      if (field == nullptr) break;
      RedisModuleString *value = va_arg(ap, RedisModuleString *);
      // Redis dereferences a NULL value; skipping the pair keeps the server up.
      if (value == nullptr) continue;
      BridgeArg f = fieldArg(field, cfields);
      args.push(f);
      if (value == REDISMODULE_HASH_DELETE) {
        kinds.push(kPairDelete);
        args.push(BridgeArg{nullptr, 0});
      } else {
        kinds.push(kPairSet);
        args.push(bridgeArg(value));
      }
    }
    va_end(ap);
  }
  args[0] = BridgeArg{kinds.data(), kinds.size()};
  double *num = keyIo().num;
  num[3] = flags;
  int count = static_cast<int>(keyOp(key, kOpHashSet, args.data(), args.size(), nullptr, nullptr, -1));
  if (count < 0) {
    errno = EINVAL;
    return 0;
  }
  switch (static_cast<int>(num[3])) {
    case kStatusWrongType:
      errno = ENOTSUP;
      return 0;
    case kStatusNotWritable:
      errno = EBADF;
      return 0;
    default:
      break;
  }
  if (count == 0) errno = ENOENT;
  return count;
}

// Reads fields, given as NULL-terminated pairs of a field (a C string under
// HASH_CFIELDS) and where to store its value: a RedisModuleString** set to a
// new string (AutoMemory-tracked) or NULL when missing, or with HASH_EXISTS
// an int* set to 1 or 0. An empty key reads as an empty hash. ERR when the
// key holds another type (nothing is written then). Main thread.
int RM_HashGet(RedisModuleKey *key, int flags, ...) {
  if (key == nullptr) return REDISMODULE_ERR;
  const bool cfields = (flags & REDISMODULE_HASH_CFIELDS) != 0;
  const bool existsOnly = (flags & REDISMODULE_HASH_EXISTS) != 0;
  ArgList args;
  TargetList targets;
  va_list ap;
  va_start(ap, flags);
  for (;;) {
    void *field = va_arg(ap, void *);
    if (field == nullptr) break;
    void *target = va_arg(ap, void *);
    BridgeArg f = fieldArg(field, cfields);
    args.push(f);
    targets.push(target);
  }
  va_end(ap);
  HashGetSink sink{key->ctx, &targets, {}, 0};
  keyIo().num[3] = existsOnly ? 1 : 0;
  int rc = static_cast<int>(keyOp(key, kOpHashGet, args.data(), args.size(), hashGetSink, &sink, REDISMODULE_ERR));
  if (rc != REDISMODULE_OK) return REDISMODULE_ERR;
  for (size_t i = 0; i < targets.size(); i++) {
    bool present = i < sink.presence.size() && sink.presence[i] != 0;
    if (targets[i] == nullptr) continue;
    if (existsOnly) {
      *static_cast<int *>(targets[i]) = present ? 1 : 0;
    } else if (!present) {
      *static_cast<RedisModuleString **>(targets[i]) = nullptr;
    }
  }
  return REDISMODULE_OK;
}
