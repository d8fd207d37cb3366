// Crash reports: a module that crashes takes the process down, as in Redis,
// but first prints a report in Redis's format (without it, Node dies with
// exit code 139 and no output).
#pragma once

// Installs the fatal-signal handlers once. Main thread, at init.
void crashReportInstall();

// One line in Redis's log format ("pid:M date # text") on stderr, safe in a
// signal handler or on a dying thread (no JS, no allocation).
void crashLogLine(const char *text);

// Prints the report for `reason` and aborts. `siginfo` may be null.
[[noreturn]] void crashReportAndDie(const char *reason, const void *siginfo);
