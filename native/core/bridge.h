// native -> JS. Everything native code asks of the JavaScript side goes through
// these functions; native/core/bridge.cc is the only file that calls into JS.
// All of them must be called on the main thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

struct RedisModuleString;

enum class LogLevel : int { Debug = 0, Verbose = 1, Notice = 2, Warning = 3 };

// One log line in the server's log (the JS logger adds Redis's prefix).
void bridgeLog(LogLevel level, const std::string &message);
// printf-style convenience for the host's own messages.
void bridgeLogf(LogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct HostClient;

// One argument of bridgeCall: bytes the caller keeps alive for the call.
struct BridgeArg {
  const char *ptr;
  size_t len;
};

// RedisModule_Call's way into the server: runs argv (command name first) as
// a temporary client of `client`'s database that replies in protocol `resp`.
// `flags` are module.c's REDISMODULE_ARGV_* bits (see native/api/call.cc).
// *errnoOut receives the errno Redis would set (0 if none); the reply bytes,
// if there are any, are handed to sink before this returns (they live only
// for that call). Returns false when JS could not be reached or threw: the
// exception is then left pending for the JS entry point to rethrow.
bool bridgeCall(const BridgeArg *argv, size_t argc, const HostClient &client, int resp, int flags,
                int *errnoOut, void (*sink)(void *opaque, const char *bytes, size_t len), void *opaque);

// ---- Key operations (the key API families: native/api/keys_*.cc) ----------
//
// A key operation is one call into the JS keyspace (src/modules/key-api/).
// Its inputs and outputs travel through memory shared with JS, so a call
// creates no JS value per argument:
//   num[0]  in: the operation's number; out: its result   (Float64Array)
//   num[1]  in: the count of input strings; out: the errno Redis would set, or 0
//   num[2]  in:  the open key's slot (RedisModuleKey::slot), or -1
//   num[3.. 61] in/out: the operation's own numbers
//   num[62], num[63] out: after an operation on an open key, the key's
//   REDISMODULE_KEYTYPE_* and ValueLength (cached in RedisModuleKey)
//   lens[i], bytes: input strings back to back, then (after JS read them)
//   output strings back to back.
// JS reads every input before it writes any output, so operations nested in
// one (a keyspace event handled by a module) may reuse the same memory.
struct KeyIo {
  double *num = nullptr;
  int32_t *lens = nullptr;
  char *bytes = nullptr;
  size_t bytesCap = 0;
  // Keys closed but not yet finished on the JS side: closing[0] is the
  // count, then one entry per key: slot * 2 + (1 if WATCH must hear of it).
  // JS finishes them (frees the slot, signals the key) at its next key
  // operation, when a command returns, or when a context ends.
  int32_t *closing = nullptr;
};
constexpr int kKeyIoMaxClosing = 4096;
constexpr int kKeyIoNumSlots = 64;
constexpr int kKeyIoTypeSlot = 62, kKeyIoLengthSlot = 63;

// Counts the moments JS may have run (every crossing into JS, every context
// created for a call from JS). Anything native code caches about JS state
// is valid only while this has not changed.
uint64_t bridgeEpoch();
void bridgeEpochBump();
constexpr int kKeyIoMaxStrings = 1024;
// Operation numbers: each family owns a range and names its operations in
// its own file, beside the JS file with the same numbers.
constexpr int kKeyOpsGeneric = 0, kKeyOpsString = 30, kKeyOpsList = 40, kKeyOpsHash = 50,
              kKeyOpsZset = 60, kKeyOpsStream = 80, kKeyOpsScan = 100, kKeyOpsEvents = 110,
              kKeyOpsEnd = 128;

// The shared memory; its pointers are valid once the addon is loaded.
KeyIo &keyIo();

// Receives output string `index` of an operation (ptr is valid only during
// the call, except where the operation says otherwise, e.g. StringDMA).
using KeyOutSink = void (*)(void *opaque, size_t index, const char *ptr, size_t len);

// Runs key operation `op` in JS. Numbers are already in keyIo().num; the
// `nin` input strings are copied in here. Output strings go to sink (may be
// null when the operation has none). Returns false when JS could not be
// reached or threw: the exception then stays pending for the JS entry point,
// and the caller returns its failure value to the module.
bool bridgeKeyOp(int op, const BridgeArg *in, size_t nin, KeyOutSink sink, void *opaque);

// A module string as an input string.
BridgeArg bridgeArg(const RedisModuleString *s);
