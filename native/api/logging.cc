// module.c section "Logging": module log lines in the server log, and the
// module's own assertion.
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "bridge.h"
#include "crash_report.h"
#include "host.h"

namespace {
// Redis's LOG_MAX_LEN: longer module lines are truncated, not split.
constexpr size_t kLogMaxLen = 1024;

LogLevel levelFromName(const char *levelstr) {
  if (strcasecmp(levelstr, "debug") == 0) return LogLevel::Debug;
  if (strcasecmp(levelstr, "verbose") == 0) return LogLevel::Verbose;
  if (strcasecmp(levelstr, "notice") == 0) return LogLevel::Notice;
  if (strcasecmp(levelstr, "warning") == 0) return LogLevel::Warning;
  return LogLevel::Verbose;  // Redis's default for an unknown level name
}

void moduleLogv(const Module *module, const char *levelstr, const char *fmt, va_list ap) {
  char msg[kLogMaxLen];
  int prefix = snprintf(msg, sizeof(msg), "<%s> ", module ? module->name.c_str() : "module");
  if (prefix < 0) return;
  if (static_cast<size_t>(prefix) < sizeof(msg)) vsnprintf(msg + prefix, sizeof(msg) - prefix, fmt, ap);
  bridgeLog(levelFromName(levelstr), msg);
}
}  // namespace

// A line in the server log, prefixed "<module> ". Levels: "debug",
// "verbose", "notice", "warning" (others count as verbose); lines below the
// server's loglevel are dropped by the logger. ctx may be NULL. Main thread.
void RM_Log(RedisModuleCtx *ctx, const char *levelstr, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  moduleLogv(ctx ? ctx->module : nullptr, levelstr, fmt, ap);
  va_end(ap);
}

// Log from an RDB/AOF callback, attributed to the type's module. Main thread.
void RM_LogIOError(RedisModuleIO *io, const char *levelstr, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  moduleLogv(io && io->type ? io->type->module : nullptr, levelstr, fmt, ap);
  va_end(ap);
}

// RedisModule_Assert's target: logs the failed expression and crashes with
// a report, as Redis's serverAssert does. Never returns. Any thread.
void RM__Assert(const char *estr, const char *file, int line) {
  char buf[512];
  crashLogLine("=== ASSERTION FAILED ===");
  snprintf(buf, sizeof(buf), "==> %s:%d '%s' is not true", file, line, estr);
  crashLogLine(buf);
  crashReportAndDie("assertion failed", nullptr);
}
