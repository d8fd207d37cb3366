// module.c section "DB and Key APIs - Generic API": the client's database,
// the context flags, and opening, inspecting, expiring and deleting keys.
// Values live in the TypeScript keyspace (src/modules/key-api/generic.ts):
// each function that needs one is one bridgeKeyOp.
#include "db_keys.h"

#include <cerrno>
#include <vector>

#include "automemory.h"
#include "bridge.h"
#include "host.h"
#include "server_state.h"
#include "strings.h"

ServerState g_serverState;

// The id of the client running the command (0 for the internal client of
// OnLoad/OnUnload, which has no connection). Main thread.
unsigned long long RM_GetClientId(RedisModuleCtx *ctx) { return ctx->client.id; }

// The database the context's client has selected. Main thread.
int RM_GetSelectedDb(RedisModuleCtx *ctx) { return ctx->client.db; }

// Selects another database for the rest of the command, and for the client
// after it, as SELECT would. REDISMODULE_ERR when the id is out of range.
// Main thread.
int RM_SelectDb(RedisModuleCtx *ctx, int newid) {
  if (newid < 0 || newid >= g_serverState.databases) return REDISMODULE_ERR;
  ctx->client.db = newid;
  return REDISMODULE_OK;
}

// REDISMODULE_CTX_FLAGS_* describing the server and, when there is one, the
// client. Server-wide bits come from the JS side (config, role); the client's
// protocol is known here. Main thread.
int RM_GetContextFlags(RedisModuleCtx *ctx) {
  int flags = g_serverState.contextFlags;
  if (ctx != nullptr && !(ctx->flags & CTX_TEMP_CLIENT)) {
    flags |= ctx->client.ctxFlags;
    if (ctx->client.resp == 3) flags |= REDISMODULE_CTX_FLAGS_RESP3;
  }
  return flags;
}

// ---- Keys --------------------------------------------------------------------

namespace {
// Operation numbers; src/modules/key-api/generic.ts has the same list.
enum GenericOp : int {
  kOpOpenKey = kKeyOpsGeneric + 0,
  // 1 was CloseKey's own crossing: closed keys now go through KeyIo::closing.
  kOpKeyType = kKeyOpsGeneric + 2,
  kOpValueLength = kKeyOpsGeneric + 3,
  kOpDeleteKey = kKeyOpsGeneric + 4,
  kOpUnlinkKey = kKeyOpsGeneric + 5,
  kOpGetExpire = kKeyOpsGeneric + 6,
  kOpSetExpire = kKeyOpsGeneric + 7,
  kOpGetAbsExpire = kKeyOpsGeneric + 8,
  kOpSetAbsExpire = kKeyOpsGeneric + 9,
  kOpKeyExists = kKeyOpsGeneric + 10,
  kOpResetDataset = kKeyOpsGeneric + 11,
  kOpDbSize = kKeyOpsGeneric + 12,
  kOpRandomKey = kKeyOpsGeneric + 13,
  kOpSignalModifiedKey = kKeyOpsGeneric + 14,
  kOpAttachKey = kKeyOpsGeneric + 15,
  kOpFinishClosed = kKeyOpsGeneric + 16,
};

// An operation on no open key: its two numbers in num[3] and num[4], and
// `name` (may be null) as its one string. False when JS could not be reached.
bool dbOp(int op, double arg3, double arg4, const RedisModuleString *name, KeyOutSink sink = nullptr,
          void *opaque = nullptr) {
  double *num = keyIo().num;
  num[2] = -1;
  num[3] = arg3;
  num[4] = arg4;
  if (name == nullptr) return bridgeKeyOp(op, nullptr, 0, sink, opaque);
  BridgeArg arg = bridgeArg(name);
  return bridgeKeyOp(op, &arg, 1, sink, opaque);
}

// OpenKey (or AttachKey) of `name` in `db` on the JS side: the record's slot,
// or -1 when there is none (a READ of a missing key, JS unreachable).
int32_t keyOpenSlot(int op, int db, const RedisModuleString *name, int mode) {
  if (!dbOp(op, db, mode, name)) return -1;
  double slot = keyIo().num[0];
  return slot < 0 ? -1 : static_cast<int32_t>(slot);
}


// A key handle for a record the JS side just made.
RedisModuleKey *keyNew(RedisModuleCtx *ctx, RedisModuleString *name, int db, int mode, int32_t slot) {
  RedisModuleKey *key = new RedisModuleKey();
  key->ctx = ctx;
  key->db = db;
  key->mode = mode;
  key->name = name;
  stringRetain(name);
  key->slot = slot;
  return key;
}
}  // namespace

namespace {
// The key's type and length as the operation that just returned left them.
void keyCacheFill(RedisModuleKey *key) {
  const double *num = keyIo().num;
  key->cachedType = static_cast<int>(num[kKeyIoTypeSlot]);
  key->cachedLength = static_cast<size_t>(num[kKeyIoLengthSlot]);
  key->cacheEpoch = bridgeEpoch();
}

bool keyCacheValid(const RedisModuleKey *key) { return key->cacheEpoch == bridgeEpoch(); }
}  // namespace

// A key opened for writing that no operation has reached yet: OpenKey did
// not cross (a write open always succeeds), its first operation opens it.
constexpr int32_t kSlotOpenFirst = -2;
// num[] slots of that protocol (src/modules/key-api/call.ts, NUM_OPEN_*).
constexpr int kNumOpenDb = 60, kNumOpenMode = 61, kNumOpenedSlot = 60;

void keyOutNewString(void *opaque, size_t, const char *ptr, size_t len) {
  *static_cast<RedisModuleString **>(opaque) = stringCreate(ptr, len);
}

double keyOp(RedisModuleKey *key, int op, const BridgeArg *in, size_t nin, KeyOutSink sink, void *opaque,
             double failure) {
  double *num = keyIo().num;
  if (key->slot == kSlotOpenFirst) {
    // The key's name goes first, then the operation's own strings.
    BridgeArg small[8];
    std::vector<BridgeArg> large;
    BridgeArg *all = small;
    if (nin + 1 > 8) {
      large.resize(nin + 1);
      all = large.data();
    }
    all[0] = bridgeArg(key->name);
    for (size_t i = 0; i < nin; i++) all[i + 1] = in[i];
    num[2] = kSlotOpenFirst;
    num[kNumOpenDb] = key->db;
    num[kNumOpenMode] = key->mode;
    if (!bridgeKeyOp(op, all, nin + 1, sink, opaque)) return failure;
    key->slot = static_cast<int32_t>(num[kNumOpenedSlot]);
  } else {
    num[2] = key->slot;
    if (!bridgeKeyOp(op, in, nin, sink, opaque)) return failure;
  }
  if (num[1] != 0) errno = static_cast<int>(num[1]);
  double result = num[0];
  keyCacheFill(key);
  return result;
}

namespace {
// Opens a key whose open was left to its first operation, when it gets none
// (closed untouched): the lookup's effects (expiry, access time) and the
// record must still happen.
void keyOpenNow(RedisModuleKey *key) {
  int32_t slot = keyOpenSlot(kOpOpenKey, key->db, key->name, key->mode);
  if (slot >= 0) key->slot = slot;
}

// Records a closed key for JS to finish (KeyIo::closing): no crossing
// unless the list is full. Frees the native handle.
void keyRecordClosed(RedisModuleKey *key, bool signal) {
  int32_t *closing = keyIo().closing;
  if (closing[0] >= kKeyIoMaxClosing) keysFinishClosed();
  // keysFinishClosed cannot empty the list when JS is unreachable (an
  // exception pending, no environment): writing anyway would go past the
  // end of the shared array. The record is dropped then: its JS slot stays
  // taken, which is harmless next to the failure already under way.
  if (closing[0] < kKeyIoMaxClosing && key->slot >= 0) closing[++closing[0]] = key->slot * 2 + (signal ? 1 : 0);
  stringRelease(key->name);
  delete key;
}
}  // namespace

RedisModuleKey *keyAttach(RedisModuleCtx *ctx, RedisModuleString *name, int mode) {
  int32_t slot = keyOpenSlot(kOpAttachKey, ctx->client.db, name, mode);
  return slot < 0 ? nullptr : keyNew(ctx, name, ctx->client.db, mode, slot);
}

void keyDetach(RedisModuleKey *key) { keyRecordClosed(key, false); }

// Opens a key of the context's database. READ: NULL when the key does not
// exist (a keyspace miss, as a read command counts it). WRITE: a handle
// even for a missing key, which the first write creates with the right type.
// OPEN_KEY_NOTOUCH leaves the access time alone. Main thread.
//
// A WRITE open cannot fail, so it does not cross: the key's first operation
// opens it on the JS side in the same crossing (keyOp). Only a
// RedisModule_Call made in between could tell: the lookup's effects (lazy
// expiry, access time) then come after that call instead of before it.
RedisModuleKey *RM_OpenKey(RedisModuleCtx *ctx, RedisModuleString *keyname, int mode) {
  if (mode & REDISMODULE_WRITE) {
    RedisModuleKey *key = keyNew(ctx, keyname, ctx->client.db, mode, kSlotOpenFirst);
    autoMemoryAdd(ctx, AutoMemoryEntry::kKey, key);
    return key;
  }
  int32_t slot = keyOpenSlot(kOpOpenKey, ctx->client.db, keyname, mode);
  if (slot < 0) return nullptr;
  RedisModuleKey *key = keyNew(ctx, keyname, ctx->client.db, mode, slot);
  keyCacheFill(key);
  autoMemoryAdd(ctx, AutoMemoryEntry::kKey, key);
  return key;
}

void keysFinishClosed() {
  if (keyIo().closing[0] != 0) dbOp(kOpFinishClosed, 0, 0, nullptr);
}

// Closes a key. A key opened for writing tells WATCH and client tracking
// that it changed, unless the module asked for no implicit signal
// (REDISMODULE_OPTION_NO_IMPLICIT_SIGNAL_MODIFIED). NULL is accepted.
// No crossing: the key is recorded in KeyIo::closing and JS finishes it
// before anything could observe the difference (its next key operation,
// the end of the command or of the context).
void RM_CloseKey(RedisModuleKey *key) {
  if (key == nullptr) return;
  bool signal = (key->mode & REDISMODULE_WRITE) &&
                !(key->ctx->module != nullptr &&
                  (key->ctx->module->options & REDISMODULE_OPTION_NO_IMPLICIT_SIGNAL_MODIFIED));
  if (key->slot == kSlotOpenFirst) keyOpenNow(key);
  autoMemoryForget(key->ctx, AutoMemoryEntry::kKey, key);
  keyRecordClosed(key, signal);
}

// REDISMODULE_KEYTYPE_* of the value; EMPTY for NULL or a missing key.
int RM_KeyType(RedisModuleKey *key) {
  if (key == nullptr) return REDISMODULE_KEYTYPE_EMPTY;
  if (keyCacheValid(key)) return key->cachedType;
  return static_cast<int>(keyOp(key, kOpKeyType, nullptr, 0, nullptr, nullptr, REDISMODULE_KEYTYPE_EMPTY));
}

// The value's length: bytes of a string, elements of an aggregate, 0 for an
// empty key (and for module values, as in Redis).
size_t RM_ValueLength(RedisModuleKey *key) {
  if (key == nullptr) return 0;
  if (keyCacheValid(key)) return key->cachedLength;
  return static_cast<size_t>(keyOp(key, kOpValueLength, nullptr, 0, nullptr, nullptr, 0));
}

// Deletes the key's value; the key stays open, now empty. ERR unless the
// key was opened for writing.
int RM_DeleteKey(RedisModuleKey *key) {
  if (key == nullptr || !(key->mode & REDISMODULE_WRITE)) return REDISMODULE_ERR;
  return static_cast<int>(keyOp(key, kOpDeleteKey, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// As DeleteKey (Redis may free the value in the background: UNLINK).
int RM_UnlinkKey(RedisModuleKey *key) {
  if (key == nullptr || !(key->mode & REDISMODULE_WRITE)) return REDISMODULE_ERR;
  return static_cast<int>(keyOp(key, kOpUnlinkKey, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// Milliseconds left to live, or REDISMODULE_NO_EXPIRE for a key without a
// deadline or an empty key.
mstime_t RM_GetExpire(RedisModuleKey *key) {
  if (key == nullptr) return REDISMODULE_NO_EXPIRE;
  return static_cast<mstime_t>(keyOp(key, kOpGetExpire, nullptr, 0, nullptr, nullptr, REDISMODULE_NO_EXPIRE));
}

// Sets the time to live in milliseconds, or removes the deadline with
// REDISMODULE_NO_EXPIRE. ERR for a key not open for writing, an empty key,
// or a negative time other than NO_EXPIRE.
int RM_SetExpire(RedisModuleKey *key, mstime_t expire) {
  if (key == nullptr || !(key->mode & REDISMODULE_WRITE) || (expire < 0 && expire != REDISMODULE_NO_EXPIRE))
    return REDISMODULE_ERR;
  keyIo().num[3] = static_cast<double>(expire);
  return static_cast<int>(keyOp(key, kOpSetExpire, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// The deadline as a Unix time in milliseconds, or REDISMODULE_NO_EXPIRE.
mstime_t RM_GetAbsExpire(RedisModuleKey *key) {
  if (key == nullptr) return REDISMODULE_NO_EXPIRE;
  return static_cast<mstime_t>(
      keyOp(key, kOpGetAbsExpire, nullptr, 0, nullptr, nullptr, REDISMODULE_NO_EXPIRE));
}

// Sets the deadline as a Unix time in milliseconds (NO_EXPIRE removes it),
// with SetExpire's rules.
int RM_SetAbsExpire(RedisModuleKey *key, mstime_t expire) {
  if (key == nullptr || !(key->mode & REDISMODULE_WRITE) || (expire < 0 && expire != REDISMODULE_NO_EXPIRE))
    return REDISMODULE_ERR;
  keyIo().num[3] = static_cast<double>(expire);
  return static_cast<int>(keyOp(key, kOpSetAbsExpire, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// Whether the key exists in the context's database, without opening it and
// without touching its access time.
int RM_KeyExists(RedisModuleCtx *ctx, RedisModuleString *keyname) {
  return dbOp(kOpKeyExists, ctx->client.db, 0, keyname) && keyIo().num[0] != 0;
}

// Empties every database, as FLUSHALL (async frees in the background in
// Redis; here both are immediate). No AOF here, so restart_aof has no effect.
void RM_ResetDataset(int restart_aof, int async) {
  (void)restart_aof;
  dbOp(kOpResetDataset, async, 0, nullptr);
}

// The number of keys in the context's database.
unsigned long long RM_DbSize(RedisModuleCtx *ctx) {
  if (!dbOp(kOpDbSize, ctx->client.db, 0, nullptr)) return 0;
  return static_cast<unsigned long long>(keyIo().num[0]);
}

// A random key name of the context's database, or NULL when it is empty.
RedisModuleString *RM_RandomKey(RedisModuleCtx *ctx) {
  RedisModuleString *name = nullptr;
  if (!dbOp(kOpRandomKey, ctx->client.db, 0, nullptr, keyOutNewString, &name)) return nullptr;
  if (name != nullptr) autoMemoryAdd(ctx, AutoMemoryEntry::kString, name);
  return name;
}

// The name the key was opened with (owned by the key).
const RedisModuleString *RM_GetKeyNameFromModuleKey(RedisModuleKey *key) {
  return key != nullptr ? key->name : nullptr;
}

// The database the key was opened in.
int RM_GetDbIdFromModuleKey(RedisModuleKey *key) { return key != nullptr ? key->db : -1; }

// Tells WATCH and client tracking that a key changed: what CloseKey does by
// itself unless the module turned implicit signals off.
int RM_SignalModifiedKey(RedisModuleCtx *ctx, RedisModuleString *keyname) {
  dbOp(kOpSignalModifiedKey, ctx->client.db, 0, keyname);
  return REDISMODULE_OK;
}
