// module.c section "Module information and time measurement" (with
// GetServerVersion from "Miscellaneous APIs": one version fact, one place).
#include <ctime>

#include "host.h"
#include "loader.h"
#include "server_state.h"

// Called by RedisModule_Init: creates the module the first time only, as in
// Redis (a second call keeps the first name). Main thread, OnLoad.
void RM_SetModuleAttribs(RedisModuleCtx *ctx, const char *name, int ver, int apiver) {
  if (ctx->module != nullptr) return;
  moduleCreate(ctx, name, ver, apiver);
}

// 1 when a loaded module already uses `name`. RedisModule_Init calls it to
// refuse a second module of the same name. Main thread.
int RM_IsModuleNameBusy(const char *name) { return moduleLookup(name) != nullptr; }

// Wall-clock Unix time in milliseconds (Redis's mstime()). Any thread.
long long RM_Milliseconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// A monotonic clock in microseconds, for measuring intervals. Any thread.
uint64_t RM_MonotonicMicroseconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000u + ts.tv_nsec / 1000;
}

// Stores REDISMODULE_OPTIONS_* bits; INFO modules lists them. Main thread.
void RM_SetModuleOptions(RedisModuleCtx *ctx, int options) { ctx->module->options = options; }

// The emulated Redis version as 0x00MMmmpp (7.0.15). Any thread.
int RM_GetServerVersion(void) { return kServerVersionNum; }

// Full name of the command the context runs ("parent|sub" for
// subcommands), or NULL outside a command. Main thread.
const char *RM_GetCurrentCommandName(RedisModuleCtx *ctx) {
  if (ctx == nullptr || ctx->command == nullptr) return nullptr;
  return ctx->command->fullname.c_str();
}
