// The only file that calls into JavaScript. Every function here runs on the
// main thread: the JS functions were handed over by init() in that thread.
#include "bridge.h"

#include <cstdarg>
#include <cstdio>

#include "addon.h"

void bridgeLog(LogLevel level, const std::string &message) {
  HostAddon *host = HostAddon::active();
  if (host == nullptr || host->bridgeLog.IsEmpty()) {
    // No JS logger (init not called yet, or the environment is gone): the
    // line must not be lost, so it goes to stderr.
    fprintf(stderr, "%s\n", message.c_str());
    return;
  }
  Napi::Env env = host->env();
  Napi::HandleScope scope(env);
  host->bridgeLog.Call({Napi::Number::New(env, static_cast<int>(level)),
                        Napi::String::New(env, message)});
  // A throwing logger must not unwind into module code: the exception stays
  // pending and surfaces when control returns to JS.
}

void bridgeLogf(LogLevel level, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  bridgeLog(level, buf);
}
