// module.c section "Key API for Stream type": adding, deleting, iterating and
// trimming stream entries. The stream lives in the TypeScript keyspace
// (src/modules/key-api/stream.ts, same operation numbers); each function is
// at most one bridgeKeyOp. Argument checks that need no data (NULL pointers,
// flag bits) are made here, in Redis's order; the rest (type, mode, iterator
// state) need the value and are made on the JS side, still in Redis's order
// (ENOTSUP before EBADF, which is why the mode is not checked here).
//
// Stream IDs cross as four numbers, the 32-bit halves of ms and seq: a double
// holds 53 bits exactly, a uint64 does not fit.
#include <cerrno>
#include <cstdint>
#include <vector>

#include "automemory.h"
#include "bridge.h"
#include "db_keys.h"
#include "host.h"
#include "strings.h"

namespace {
// Operation numbers; src/modules/key-api/stream.ts has the same list.
enum StreamOp : int {
  kOpStreamAdd = kKeyOpsStream + 0,
  kOpStreamDelete = kKeyOpsStream + 1,
  kOpIteratorStart = kKeyOpsStream + 2,
  kOpIteratorStop = kKeyOpsStream + 3,
  kOpIteratorNextId = kKeyOpsStream + 4,
  kOpIteratorNextField = kKeyOpsStream + 5,
  kOpIteratorDelete = kKeyOpsStream + 6,
  kOpTrimByLength = kKeyOpsStream + 7,
  kOpTrimById = kKeyOpsStream + 8,
};

void putId(double *at, uint64_t ms, uint64_t seq) {
  at[0] = static_cast<double>(static_cast<uint32_t>(ms >> 32));
  at[1] = static_cast<double>(static_cast<uint32_t>(ms));
  at[2] = static_cast<double>(static_cast<uint32_t>(seq >> 32));
  at[3] = static_cast<double>(static_cast<uint32_t>(seq));
}

uint64_t takeU64(const double *at) {
  return (static_cast<uint64_t>(at[0]) << 32) | static_cast<uint64_t>(at[1]);
}

void takeId(const double *at, RedisModuleStreamID *id) {
  id->ms = takeU64(at);
  id->seq = takeU64(at + 2);
}

int fail(int err) {
  errno = err;
  return REDISMODULE_ERR;
}

// NextField's outputs: field then value, each a new string the key's context
// releases when AutoMemory is on (as createRawStringObject + autoMemoryAdd).
struct FieldSink {
  RedisModuleKey *key;
  RedisModuleString **field;
  RedisModuleString **value;
};

void sinkField(void *opaque, size_t index, const char *ptr, size_t len) {
  FieldSink *out = static_cast<FieldSink *>(opaque);
  RedisModuleString **slot = index == 0 ? out->field : out->value;
  if (slot == nullptr) return;
  *slot = stringCreate(ptr, len);
  autoMemoryAdd(out->key->ctx, AutoMemoryEntry::kString, *slot);
}
}  // namespace

// Appends an entry, as XADD without trimming. AUTOID picks the ID (returned
// in *id when id is not NULL); otherwise *id is the ID to use. An empty key
// open for writing becomes a stream. errno on ERR: EINVAL (bad arguments),
// ENOTSUP (not a stream), EBADF (not open for writing), EDOM (ID 0-0 or not
// above the stream's last), EFBIG (last possible ID reached), ERANGE
// (elements too large).
int RM_StreamAdd(RedisModuleKey *key, int flags, RedisModuleStreamID *id, RedisModuleString **argv,
                 int64_t numfields) {
  if (key == nullptr || (numfields != 0 && argv == nullptr) || (flags & ~REDISMODULE_STREAM_ADD_AUTOID) ||
      (!(flags & REDISMODULE_STREAM_ADD_AUTOID) && id == nullptr))
    return fail(EINVAL);
  double *num = keyIo().num;
  num[3] = flags;
  if (!(flags & REDISMODULE_STREAM_ADD_AUTOID)) putId(num + 4, id->ms, id->seq);
  size_t nin = numfields > 0 ? static_cast<size_t>(numfields) * 2 : 0;
  constexpr size_t kStackArgs = 32;
  BridgeArg stackArgs[kStackArgs];
  std::vector<BridgeArg> heapArgs;
  BridgeArg *args = stackArgs;
  if (nin > kStackArgs) {
    heapArgs.resize(nin);
    args = heapArgs.data();
  }
  for (size_t i = 0; i < nin; i++) args[i] = bridgeArg(argv[i]);
  int rc = static_cast<int>(keyOp(key, kOpStreamAdd, args, nin, nullptr, nullptr, REDISMODULE_ERR));
  if (rc == REDISMODULE_OK && id != nullptr) takeId(num + 4, id);
  return rc;
}

// Deletes the entry with the given ID. errno on ERR: EINVAL, ENOTSUP (empty
// key or not a stream), EBADF (not open for writing, or an iterator is
// running on the key), ENOENT (no such entry).
int RM_StreamDelete(RedisModuleKey *key, RedisModuleStreamID *id) {
  if (key == nullptr || id == nullptr) return fail(EINVAL);
  putId(keyIo().num + 3, id->ms, id->seq);
  return static_cast<int>(keyOp(key, kOpStreamDelete, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// Starts iterating the entries between start and end (NULL: the stream's
// edges), EXCLUSIVE leaving the bounds out, REVERSE from end to start.
// errno on ERR: EINVAL, ENOTSUP, EBADF (an iterator is already running),
// EDOM (an exclusive bound with nothing beyond it).
int RM_StreamIteratorStart(RedisModuleKey *key, int flags, RedisModuleStreamID *start, RedisModuleStreamID *end) {
  if (key == nullptr ||
      (flags & ~(REDISMODULE_STREAM_ITERATOR_EXCLUSIVE | REDISMODULE_STREAM_ITERATOR_REVERSE)))
    return fail(EINVAL);
  double *num = keyIo().num;
  num[3] = flags;
  num[4] = start != nullptr ? 1 : 0;
  if (start != nullptr) putId(num + 5, start->ms, start->seq);
  num[9] = end != nullptr ? 1 : 0;
  if (end != nullptr) putId(num + 10, end->ms, end->seq);
  return static_cast<int>(keyOp(key, kOpIteratorStart, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// Ends the key's iterator. errno on ERR: EINVAL, ENOTSUP, EBADF (none running).
int RM_StreamIteratorStop(RedisModuleKey *key) {
  if (key == nullptr) return fail(EINVAL);
  return static_cast<int>(keyOp(key, kOpIteratorStop, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// The next entry's ID and field count (either pointer may be NULL). errno on
// ERR: EINVAL, ENOTSUP, EBADF (no iterator), ENOENT (no more entries).
int RM_StreamIteratorNextID(RedisModuleKey *key, RedisModuleStreamID *id, long *numfields) {
  if (key == nullptr) return fail(EINVAL);
  double *num = keyIo().num;
  int rc = static_cast<int>(keyOp(key, kOpIteratorNextId, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
  if (rc != REDISMODULE_OK) return rc;
  if (id != nullptr) takeId(num + 3, id);
  if (numfields != nullptr) *numfields = static_cast<long>(num[7]);
  return REDISMODULE_OK;
}

// The current entry's next field and value, as new strings (released by
// AutoMemory, else by the caller); either pointer may be NULL. errno on ERR:
// EINVAL, ENOTSUP, EBADF (no iterator), ENOENT (no more fields).
int RM_StreamIteratorNextField(RedisModuleKey *key, RedisModuleString **field_ptr, RedisModuleString **value_ptr) {
  if (key == nullptr) return fail(EINVAL);
  FieldSink out{key, field_ptr, value_ptr};
  // Bit 0: the field is wanted, bit 1: the value: nothing unwanted is copied.
  keyIo().num[3] = (field_ptr != nullptr ? 1 : 0) | (value_ptr != nullptr ? 2 : 0);
  return static_cast<int>(keyOp(key, kOpIteratorNextField, nullptr, 0, sinkField, &out, REDISMODULE_ERR));
}

// Deletes the entry NextID last returned. errno on ERR: EINVAL, ENOTSUP,
// EBADF (not open for writing, or no iterator), ENOENT (no current entry).
int RM_StreamIteratorDelete(RedisModuleKey *key) {
  if (key == nullptr) return fail(EINVAL);
  return static_cast<int>(keyOp(key, kOpIteratorDelete, nullptr, 0, nullptr, nullptr, REDISMODULE_ERR));
}

// XTRIM MAXLEN: keeps the newest `length` entries (APPROX: whole nodes only).
// The number of entries deleted, or -1 with errno EINVAL, ENOTSUP or EBADF.
long long RM_StreamTrimByLength(RedisModuleKey *key, int flags, long long length) {
  if (key == nullptr || (flags & ~REDISMODULE_STREAM_TRIM_APPROX) || length < 0) {
    errno = EINVAL;
    return -1;
  }
  double *num = keyIo().num;
  num[3] = flags;
  // Lengths past 2^53 round, but any length above the stream's trims nothing.
  num[4] = static_cast<double>(length);
  return static_cast<long long>(keyOp(key, kOpTrimByLength, nullptr, 0, nullptr, nullptr, -1));
}

// XTRIM MINID: deletes the entries below id (APPROX: whole nodes only).
// The number of entries deleted, or -1 with errno EINVAL, ENOTSUP or EBADF.
long long RM_StreamTrimByID(RedisModuleKey *key, int flags, RedisModuleStreamID *id) {
  if (key == nullptr || (flags & ~REDISMODULE_STREAM_TRIM_APPROX) || id == nullptr) {
    errno = EINVAL;
    return -1;
  }
  double *num = keyIo().num;
  num[3] = flags;
  putId(num + 4, id->ms, id->seq);
  return static_cast<long long>(keyOp(key, kOpTrimById, nullptr, 0, nullptr, nullptr, -1));
}
