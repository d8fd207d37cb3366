// module.c section "Scanning keyspace and hashes": Scan over a database,
// ScanKey over a hash, set or sorted set.
//
// The iteration state lives on the JS side (src/modules/key-api/scan.ts):
// each RM_Scan / RM_ScanKey call is one crossing that brings back a batch of
// names (or field/value pairs), then the module's callback runs once per
// element here. A cursor only remembers the JS state's id and whether the
// scan ended, as Redis's cursor remembers its dictScan position.
#include <cerrno>
#include <vector>

#include "bridge.h"
#include "db_keys.h"
#include "host.h"
#include "strings.h"

struct RedisModuleScanCursor {
  double state = 0;  // the JS side's iteration state; 0 = none yet
  bool done = false;
};

namespace {
// Operation numbers; src/modules/key-api/scan.ts has the same list.
enum ScanOp : int {
  kOpScanBatch = kKeyOpsScan + 0,
  kOpScanKeyBatch = kKeyOpsScan + 1,
  kOpScanRelease = kKeyOpsScan + 2,
};

// num[] slots of the scan operations (after the common three).
constexpr int kNumState = 3;     // in/out: the cursor's JS state (0 = start one)
constexpr int kNumDb = 4;        // in (Scan): the database
constexpr int kNumPaired = 4;    // out (ScanKey): 1 when outputs are field/value pairs
constexpr int kNumMore = 5;      // out: 1 while elements remain

// Output strings become module strings while they are readable; the
// callbacks run after the crossing, since they may cross again themselves.
void sinkCollect(void *opaque, size_t, const char *ptr, size_t len) {
  static_cast<std::vector<RedisModuleString *> *>(opaque)->push_back(stringCreateArg(ptr, len));
}

// Tells JS to drop a cursor's iteration state.
void releaseState(RedisModuleScanCursor *cursor) {
  if (cursor->state == 0) return;
  double *num = keyIo().num;
  num[2] = -1;
  num[kNumState] = cursor->state;
  cursor->state = 0;
  bridgeKeyOp(kOpScanRelease, nullptr, 0, nullptr, nullptr);
}
}  // namespace

// A cursor at the start. No JS state until the first Scan. Any thread.
RedisModuleScanCursor *RM_ScanCursorCreate() { return new RedisModuleScanCursor(); }

// Back to the start: the next Scan begins a new pass.
void RM_ScanCursorRestart(RedisModuleScanCursor *cursor) {
  releaseState(cursor);
  cursor->done = false;
}

void RM_ScanCursorDestroy(RedisModuleScanCursor *cursor) {
  if (cursor == nullptr) return;
  releaseState(cursor);
  delete cursor;
}

// Calls fn for the next batch of keys of the context's database, each with
// a handle opened READ (no stats, no access time). Returns 1 while keys
// remain, 0 at the end (errno 0), or 0 with errno ENOENT on a finished
// cursor. Every key present from the first call to the last is seen at
// least once; the callback may delete the key it is given.
int RM_Scan(RedisModuleCtx *ctx, RedisModuleScanCursor *cursor, RedisModuleScanCB fn, void *privdata) {
  if (cursor->done) {
    errno = ENOENT;
    return 0;
  }
  double *num = keyIo().num;
  num[2] = -1;
  num[kNumState] = cursor->state;
  num[kNumDb] = ctx->client.db;
  std::vector<RedisModuleString *> names;
  if (!bridgeKeyOp(kOpScanBatch, nullptr, 0, sinkCollect, &names)) {
    for (RedisModuleString *name : names) stringRelease(name);
    return 0;
  }
  cursor->state = num[kNumState];
  bool more = num[kNumMore] != 0;
  if (!more) {
    // JS dropped the state with the last batch.
    cursor->state = 0;
    cursor->done = true;
  }
  for (RedisModuleString *name : names) {
    // An earlier callback of the batch may have deleted this key.
    RedisModuleKey *key = keyAttach(ctx, name, REDISMODULE_READ);
    if (key != nullptr) {
      fn(ctx, name, key, privdata);
      keyDetach(key);
    }
    stringRelease(name);
  }
  errno = 0;
  return more ? 1 : 0;
}

// Calls fn for the next batch of elements of a hash (field, value), a set
// (member, NULL) or a sorted set (member, score as text). EINVAL for a NULL
// or empty key or another type, ENOENT on a finished cursor; otherwise 1
// while elements remain and 0 at the end, errno 0.
int RM_ScanKey(RedisModuleKey *key, RedisModuleScanCursor *cursor, RedisModuleScanKeyCB fn, void *privdata) {
  if (key == nullptr) {
    errno = EINVAL;
    return 0;
  }
  // The type check comes before the cursor's own state, as in Redis.
  double *num = keyIo().num;
  num[kNumState] = cursor->done ? -1 : cursor->state;
  std::vector<RedisModuleString *> out;
  double status = keyOp(key, kOpScanKeyBatch, nullptr, 0, sinkCollect, &out, -2);
  if (status != 0) {
    for (RedisModuleString *s : out) stringRelease(s);
    if (status == -1) errno = EINVAL;
    else if (status == -3) errno = ENOENT;
    return 0;
  }
  cursor->state = num[kNumState];
  bool more = num[kNumMore] != 0;
  bool paired = num[kNumPaired] != 0;
  if (!more) {
    cursor->state = 0;
    cursor->done = true;
  }
  size_t step = paired ? 2 : 1;
  for (size_t i = 0; i + step <= out.size(); i += step) {
    fn(key, out[i], paired ? out[i + 1] : nullptr, privdata);
  }
  for (RedisModuleString *s : out) stringRelease(s);
  errno = 0;
  return more ? 1 : 0;
}
