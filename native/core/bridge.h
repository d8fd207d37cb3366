// native -> JS. Everything native code asks of the JavaScript side goes through
// these functions; native/core/bridge.cc is the only file that calls into JS.
// All of them must be called on the main thread.
#pragma once
#include <cstddef>
#include <string>

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
