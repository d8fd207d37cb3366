// native -> JS. Everything native code asks of the JavaScript side goes through
// these functions; native/core/bridge.cc is the only file that calls into JS.
// All of them must be called on the main thread.
#pragma once
#include <string>

enum class LogLevel : int { Debug = 0, Verbose = 1, Notice = 2, Warning = 3 };

// One log line in the server's log (the JS logger adds Redis's prefix).
void bridgeLog(LogLevel level, const std::string &message);
// printf-style convenience for the host's own messages.
void bridgeLogf(LogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
