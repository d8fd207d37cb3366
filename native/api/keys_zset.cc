// module.c sections "Key API for Sorted Set type" and "Key API for Sorted
// Set iterator". The set and the iterator's position live in the TypeScript
// keyspace (src/modules/key-api/zset.ts, the open key's `iterator`); each
// call is at most one bridge crossing, and the mode checks that need no data
// are made here first.
#include "automemory.h"
#include "bridge.h"
#include "db_keys.h"
#include "host.h"
#include "strings.h"

namespace {
// Operation numbers; src/modules/key-api/zset.ts has the same list.
enum ZsetOp : int {
  // in: num[3] score, num[4] ZADD flags, num[5] 1 for ZsetIncrby; out: num[4]
  // ZADD flags, num[6] 1 when num[7] holds the new score.
  kOpZsetAdd = kKeyOpsZset + 0,
  kOpZsetRem = kKeyOpsZset + 1,
  kOpZsetScore = kKeyOpsZset + 2,
  kOpZsetScoreRange = kKeyOpsZset + 3,
  kOpZsetLexRange = kKeyOpsZset + 4,
  kOpZsetCurrent = kKeyOpsZset + 5,
  kOpZsetNext = kKeyOpsZset + 6,
  kOpZsetPrev = kKeyOpsZset + 7,
  kOpZsetEndReached = kKeyOpsZset + 8,
  kOpZsetStop = kKeyOpsZset + 9,
};

int zsetAddGeneric(RedisModuleKey *key, double score, RedisModuleString *ele, int *flagsptr, double *newscore,
                   bool incr) {
  if (key == nullptr || ele == nullptr || !(key->mode & REDISMODULE_WRITE)) return REDISMODULE_ERR;
  double *num = keyIo().num;
  num[3] = score;
  num[4] = flagsptr != nullptr ? *flagsptr : 0;
  num[5] = incr ? 1 : 0;
  BridgeArg arg = bridgeArg(ele);
  int rc = static_cast<int>(keyOp(key, kOpZsetAdd, &arg, 1, nullptr, nullptr, -1));
  // -1: the key holds another type, or JS was unreachable: nothing changed.
  if (rc < 0) return REDISMODULE_ERR;
  if (flagsptr != nullptr) *flagsptr = static_cast<int>(num[4]);
  if (rc != REDISMODULE_OK) return REDISMODULE_ERR;
  if (newscore != nullptr && num[6] != 0) *newscore = num[7];
  return REDISMODULE_OK;
}

int zsetRange(RedisModuleKey *key, int op, const BridgeArg *in, size_t nin) {
  if (key == nullptr) return REDISMODULE_ERR;
  return static_cast<int>(keyOp(key, op, in, nin, nullptr, nullptr, REDISMODULE_ERR));
}

struct CurrentElement {
  RedisModuleCtx *ctx;
  RedisModuleString *member = nullptr;
};

void currentElementSink(void *opaque, size_t, const char *ptr, size_t len) {
  CurrentElement *out = static_cast<CurrentElement *>(opaque);
  out->member = stringCreate(ptr, len);
  autoMemoryAdd(out->ctx, AutoMemoryEntry::kString, out->member);
}
}  // namespace

// Adds `ele` with `score`, or moves it to `score`. An empty key opened for
// writing becomes a sorted set (and wakes clients blocked on it). *flagsptr,
// when given, holds REDISMODULE_ZADD_XX/NX/GT/LT in and ADDED/UPDATED/NOP
// out. ERR for a key not open for writing, another type, or a NaN score
// (*flagsptr is then 0). Main thread.
int RM_ZsetAdd(RedisModuleKey *key, double score, RedisModuleString *ele, int *flagsptr) {
  return zsetAddGeneric(key, score, ele, flagsptr, nullptr, false);
}

// As ZsetAdd, adding `score` to the current score (0 for a new member);
// *newscore receives the result. Also ERR when the sum is NaN
// (inf + -inf). Main thread.
int RM_ZsetIncrby(RedisModuleKey *key, double score, RedisModuleString *ele, int *flagsptr, double *newscore) {
  return zsetAddGeneric(key, score, ele, flagsptr, newscore, true);
}

// Removes `ele`; *deleted (if given) says whether it was there. A set left
// empty is deleted. ERR only for a key not open for writing or another
// type. Main thread.
int RM_ZsetRem(RedisModuleKey *key, RedisModuleString *ele, int *deleted) {
  if (key == nullptr || ele == nullptr || !(key->mode & REDISMODULE_WRITE)) return REDISMODULE_ERR;
  double *num = keyIo().num;
  num[3] = 0;
  BridgeArg arg = bridgeArg(ele);
  int rc = static_cast<int>(keyOp(key, kOpZsetRem, &arg, 1, nullptr, nullptr, REDISMODULE_ERR));
  if (rc != REDISMODULE_OK) return REDISMODULE_ERR;
  if (deleted != nullptr) *deleted = num[3] != 0;
  return REDISMODULE_OK;
}

// The score of `ele`. ERR when the key is empty, not a sorted set, or has
// no such member. Main thread.
int RM_ZsetScore(RedisModuleKey *key, RedisModuleString *ele, double *score) {
  if (key == nullptr || ele == nullptr) return REDISMODULE_ERR;
  BridgeArg arg = bridgeArg(ele);
  int rc = static_cast<int>(keyOp(key, kOpZsetScore, &arg, 1, nullptr, nullptr, REDISMODULE_ERR));
  if (rc != REDISMODULE_OK) return REDISMODULE_ERR;
  if (score != nullptr) *score = keyIo().num[3];
  return REDISMODULE_OK;
}

// ---- Iterator ---------------------------------------------------------------

// Ends the key's range iteration (CloseKey does it too). Main thread.
void RM_ZsetRangeStop(RedisModuleKey *key) {
  if (key == nullptr) return;
  keyOp(key, kOpZsetStop, nullptr, 0, nullptr, nullptr, 0);
}

// 1 once the iteration went past its range (or found nothing), and for a
// key that is not a sorted set. Main thread.
int RM_ZsetRangeEndReached(RedisModuleKey *key) {
  if (key == nullptr) return 1;
  return static_cast<int>(keyOp(key, kOpZsetEndReached, nullptr, 0, nullptr, nullptr, 1));
}

// Starts an iteration at the lowest member with min <= score <= max (an
// exclusive bound when minex / maxex); the bounds may be infinite. ERR when
// the key is empty or not a sorted set. Main thread.
int RM_ZsetFirstInScoreRange(RedisModuleKey *key, double min, double max, int minex, int maxex) {
  double *num = keyIo().num;
  num[3] = min;
  num[4] = max;
  num[5] = minex;
  num[6] = maxex;
  num[7] = 1;
  return zsetRange(key, kOpZsetScoreRange, nullptr, 0);
}

// As ZsetFirstInScoreRange, starting at the highest member of the range.
int RM_ZsetLastInScoreRange(RedisModuleKey *key, double min, double max, int minex, int maxex) {
  double *num = keyIo().num;
  num[3] = min;
  num[4] = max;
  num[5] = minex;
  num[6] = maxex;
  num[7] = 0;
  return zsetRange(key, kOpZsetScoreRange, nullptr, 0);
}

// Starts an iteration at the lowest member of a ZRANGEBYLEX range ("[a",
// "(a", "-", "+"). ERR when the key is empty, not a sorted set, or a bound
// is malformed. The strings are not kept. Main thread.
int RM_ZsetFirstInLexRange(RedisModuleKey *key, RedisModuleString *min, RedisModuleString *max) {
  if (min == nullptr || max == nullptr) return REDISMODULE_ERR;
  BridgeArg in[2] = {bridgeArg(min), bridgeArg(max)};
  keyIo().num[3] = 1;
  return zsetRange(key, kOpZsetLexRange, in, 2);
}

// As ZsetFirstInLexRange, starting at the highest member of the range.
int RM_ZsetLastInLexRange(RedisModuleKey *key, RedisModuleString *min, RedisModuleString *max) {
  if (min == nullptr || max == nullptr) return REDISMODULE_ERR;
  BridgeArg in[2] = {bridgeArg(min), bridgeArg(max)};
  keyIo().num[3] = 0;
  return zsetRange(key, kOpZsetLexRange, in, 2);
}

// The member the iteration is on, as a new string (AutoMemory-tracked), and
// its score in *score when given; NULL when the range held nothing or no
// iteration is active. Main thread.
RedisModuleString *RM_ZsetRangeCurrentElement(RedisModuleKey *key, double *score) {
  if (key == nullptr) return nullptr;
  CurrentElement out{key->ctx};
  int found = static_cast<int>(keyOp(key, kOpZsetCurrent, nullptr, 0, currentElementSink, &out, 0));
  if (!found) return out.member;
  if (score != nullptr) *score = keyIo().num[3];
  return out.member;
}

// Moves to the next member; 0 (and end reached) when there is none in the
// range, the position then staying where it was. Main thread.
int RM_ZsetRangeNext(RedisModuleKey *key) {
  if (key == nullptr) return 0;
  return static_cast<int>(keyOp(key, kOpZsetNext, nullptr, 0, nullptr, nullptr, 0));
}

// Moves to the previous member, as ZsetRangeNext. Main thread.
int RM_ZsetRangePrev(RedisModuleKey *key) {
  if (key == nullptr) return 0;
  return static_cast<int>(keyOp(key, kOpZsetPrev, nullptr, 0, nullptr, nullptr, 0));
}
