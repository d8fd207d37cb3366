// Internal structures of the host: what the opaque types of include/redismodule.h
// really are here. Every native file includes this header (never the module view
// of redismodule.h, except native/core/api_table.cc, which checks the ABI).
#pragma once

#define REDISMODULE_CORE 1
#include "redismodule.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct Module;

// The reply bytes of one context, in the client's protocol (RESP2 or RESP3).
// Postponed aggregate lengths are recorded as offsets; their headers are
// inserted when the length becomes known (always innermost first, as Redis's
// ReplySet*Length closes the latest open one).
struct ReplyBuffer {
  std::string bytes;
  struct Postponed {
    size_t offset;
    char kind;  // '*' array, '%' map, '~' set, '|' attribute
  };
  std::vector<Postponed> postponed;
};

// The client a context runs for. In Redis this is a `client *`; here the
// TypeScript server owns clients and passes what native code needs per call.
struct HostClient {
  uint64_t id = 0;
  int db = 0;
  int resp = 2;
  int ctxFlags = 0;  // REDISMODULE_CTX_FLAGS_* that depend on the client
};

// One object left for AutoMemory to release when the handler returns.
struct AutoMemoryEntry {
  enum Kind : uint8_t { kString, kKey, kCallReply, kDict, kInfo } kind;
  void *ptr;
};

// A RedisModuleString: refcounted bytes with a terminating NUL (modules rely
// on StringPtrLen returning a C string). Argument strings are allocated with
// their bytes inline (one allocation per argument); a string that must grow
// moves its bytes to a separate heap block.
struct RedisModuleString {
  uint32_t refcount;
  uint8_t inline_data;  // bytes live right after this struct
  size_t len;
  size_t cap;           // usable bytes at ptr, not counting the NUL
  char *ptr;
};

// Memory handed out by PoolAlloc, freed in one go when the context ends.
struct PoolBlock {
  PoolBlock *next;
  size_t size;
  size_t used;
  alignas(16) char data[];
};

// Context flags (Redis's REDISMODULE_CTX_* internal flags: values are ours).
enum : int {
  CTX_AUTO_MEMORY = 1 << 0,
  CTX_KEYS_POS_REQUEST = 1 << 1,
  CTX_CHANNELS_POS_REQUEST = 1 << 2,
  CTX_TEMP_CLIENT = 1 << 3,       // no real client: OnLoad, OnUnload
  CTX_IN_ONLOAD = 1 << 4,
  // The JS caller finishes the keys this context closed (a command: the JS
  // handler does it when the command returns, with no extra crossing).
  CTX_CALLER_FINISHES_KEYS = 1 << 5,
};

// Positions collected by KeyAtPos / ChannelAtPos during a position request.
struct PositionResult {
  int pos;
  int flags;
};

struct RedisModuleCtx {
  // Must stay the first member: RedisModule_Init reads it as ((void**)ctx)[0].
  void *getapifuncptr;
  Module *module = nullptr;
  int flags = 0;
  HostClient client;
  const RedisModuleCommand *command = nullptr;  // the command running, if any
  std::vector<AutoMemoryEntry> automemory;
  ReplyBuffer reply;
  PoolBlock *pool = nullptr;
  std::vector<PositionResult> positions;       // KeyAtPos / ChannelAtPos

  RedisModuleCtx(Module *m, int ctxflags);
  ~RedisModuleCtx();  // releases AutoMemory objects and the pool
  RedisModuleCtx(const RedisModuleCtx &) = delete;
  RedisModuleCtx &operator=(const RedisModuleCtx &) = delete;
};

// What SetCommandInfo stored, deep-copied (the module's structs may be
// stack-allocated). Rendered for COMMAND INFO / COMMAND DOCS by the JS side.
struct CommandInfoCopy;

struct RedisModuleCommand {
  Module *module = nullptr;
  RedisModuleCmdFunc func = nullptr;
  RedisModuleCommand *parent = nullptr;        // set for subcommands
  std::vector<RedisModuleCommand *> subcommands;
  std::string declared_name;                   // as given to Create*Command
  std::string fullname;                        // "parent|sub" for subcommands
  int arity = -1;
  uint64_t flags = 0;                          // CMD_* bits below
  int firstkey = 0, lastkey = 0, keystep = 0;
  CommandInfoCopy *info = nullptr;             // from SetCommandInfo
  uint32_t id = 0;                             // handle used by the JS side
};

// Command flags as Redis reports them in COMMAND INFO. Values are ours; the
// JS side receives the flag names.
enum : uint64_t {
  CMD_WRITE = 1ull << 0,
  CMD_READONLY = 1ull << 1,
  CMD_ADMIN = 1ull << 2,
  CMD_DENYOOM = 1ull << 3,
  CMD_DENY_SCRIPT = 1ull << 4,   // "deny-script" -> noscript
  CMD_ALLOW_LOADING = 1ull << 5,
  CMD_PUBSUB = 1ull << 6,
  CMD_RANDOM = 1ull << 7,        // accepted, not reported (as in 7.0)
  CMD_ALLOW_STALE = 1ull << 8,
  CMD_NO_MONITOR = 1ull << 9,
  CMD_NO_SLOWLOG = 1ull << 10,
  CMD_FAST = 1ull << 11,
  CMD_GETKEYS_API = 1ull << 12,  // module provides keys via IsKeysPositionRequest
  CMD_NO_CLUSTER = 1ull << 13,
  CMD_NO_AUTH = 1ull << 14,
  CMD_MAY_REPLICATE = 1ull << 15,
  CMD_NO_MANDATORY_KEYS = 1ull << 16,
  CMD_NO_MULTI = 1ull << 17,
  CMD_ALLOW_BUSY = 1ull << 18,
  CMD_GETCHANNELS_API = 1ull << 19,
  CMD_MODULE = 1ull << 20,
};

struct Module {
  std::string name;
  int ver = 0;
  int apiver = 0;
  void *handle = nullptr;
  std::string path;
  std::vector<std::string> load_args;          // raw bytes, for MODULE LIST args
  std::vector<RedisModuleCommand *> commands;  // top-level commands only
  int options = 0;                             // SetModuleOptions
  bool onload_done = false;
};

// An open key (OpenKey). The value lives in the TypeScript keyspace: the key
// names its record there by `slot`, and every operation on it crosses the
// bridge with that slot (native/core/bridge.h, bridgeKeyOp).
struct RedisModuleKey {
  RedisModuleCtx *ctx = nullptr;
  int db = 0;
  int mode = 0;                        // REDISMODULE_READ/WRITE and OPEN_KEY_* bits
  RedisModuleString *name = nullptr;   // retained; GetKeyNameFromModuleKey returns it
  int32_t slot = -1;                   // the JS side's open-key record
  // KeyType and ValueLength as the last operation on this key left them,
  // valid while nothing else ran in JS since (cacheEpoch == bridgeEpoch()):
  // the commonest reads then cost no crossing.
  uint64_t cacheEpoch = 0;
  int cachedType = 0;
  size_t cachedLength = 0;
};

// Module data types and their RDB/AOF IO arrive with the data-type family;
// only what other families already read is here.
struct RedisModuleType {
  Module *module = nullptr;
};

struct RedisModuleIO {
  RedisModuleType *type = nullptr;
};

// Redis's zmalloc/zrealloc for host-owned memory that modules may free with
// RedisModule_Free: malloc-backed, a zero-byte request still returns a unique
// pointer, and running out of memory aborts with Redis's OOM message.
// Implemented in native/api/memory.cc. Any thread.
void *hostAlloc(size_t bytes);
void *hostRealloc(void *ptr, size_t bytes);
