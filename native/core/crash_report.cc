// Redis-style crash report for faults inside module code.
//
// V8 installs a SIGSEGV handler of its own (WebAssembly trap handling), and
// Node may too; a fault that is not ours must reach them untouched. So the
// handler reports only faults whose instruction lies in a loaded module or in
// this addon, and otherwise hands the signal to the handler it replaced.
#include "crash_report.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "loader.h"

namespace {
// SIGABRT is left alone: Node aborts on its own fatal errors, and those are
// not module crashes.
const int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
struct sigaction g_previous[sizeof(kSignals) / sizeof(kSignals[0])];
bool g_installed = false;
char g_altstack[64 * 1024];

void out(const char *s) {
  ssize_t ignored = write(STDERR_FILENO, s, strlen(s));
  (void)ignored;
}

// "pid:M 21 Nov 2026 05:53:59.016 # " as Redis prefixes its log lines.
void logPrefix() {
  char buf[128];
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  struct tm tm;
  localtime_r(&tv.tv_sec, &tm);
  char date[64];
  strftime(date, sizeof(date), "%d %b %Y %H:%M:%S.", &tm);
  snprintf(buf, sizeof(buf), "%d:M %s%03d # ", static_cast<int>(getpid()), date,
           static_cast<int>(tv.tv_usec / 1000));
  out(buf);
}

void *faultingInstruction(void *uctx) {
#if defined(__x86_64__)
  return reinterpret_cast<void *>(static_cast<ucontext_t *>(uctx)->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return reinterpret_cast<void *>(static_cast<ucontext_t *>(uctx)->uc_mcontext.pc);
#else
  (void)uctx;
  return nullptr;
#endif
}

// A jump through a NULL function pointer: typically a module calling a
// RedisModule_* API that GetApi did not resolve (not implemented here).
bool isNullCall(void *pc) { return reinterpret_cast<uintptr_t>(pc) < 4096; }

// Where a NULL call came from: the return address the call pushed.
void *nullCallReturnAddress(void *uctx) {
#if defined(__x86_64__)
  auto *sp = reinterpret_cast<void **>(static_cast<ucontext_t *>(uctx)->uc_mcontext.gregs[REG_RSP]);
  return sp != nullptr ? *sp : nullptr;
#else
  (void)uctx;
  return nullptr;
#endif
}

// True when `pc` is in this addon or in a library we dlopen'ed as a module.
bool isOurs(void *pc) {
  if (pc == nullptr) return false;
  Dl_info at, self;
  if (dladdr(pc, &at) == 0 || at.dli_fbase == nullptr) return false;
  if (dladdr(reinterpret_cast<void *>(&crashReportInstall), &self) != 0 &&
      at.dli_fbase == self.dli_fbase)
    return true;
  for (const Module *m : modulesLoaded()) {
    Dl_info mi;
    void *sym = dlsym(m->handle, "RedisModule_OnLoad");
    if (sym != nullptr && dladdr(sym, &mi) != 0 && mi.dli_fbase == at.dli_fbase) return true;
  }
  return false;
}

void writeReport(const char *reason, const siginfo_t *info, void *pc, void *caller) {
  char buf[256];
  out("\n\n=== REDIS BUG REPORT START: Cut & paste starting from here ===\n");
  logPrefix();
  if (info != nullptr) {
    snprintf(buf, sizeof(buf), "Redis 7.0.15 crashed by signal: %d, si_code: %d\n", info->si_signo,
             info->si_code);
    out(buf);
    if (info->si_signo == SIGSEGV || info->si_signo == SIGBUS || info->si_signo == SIGFPE ||
        info->si_signo == SIGILL) {
      logPrefix();
      snprintf(buf, sizeof(buf), "Accessing address: %p\n", info->si_addr);
      out(buf);
    }
    if (pc != nullptr) {
      logPrefix();
      snprintf(buf, sizeof(buf), "Crashed running the instruction at: %p\n", pc);
      out(buf);
    }
  } else {
    snprintf(buf, sizeof(buf), "Redis 7.0.15 (redis-module-host) %s\n", reason);
    out(buf);
  }
  if (caller != nullptr) {
    logPrefix();
    out("The crash is a call through a NULL function pointer. If the caller below is a "
        "module, it most likely called a RedisModule_* function that redis-module-host "
        "does not implement yet (GetApi left it NULL): see docs/api-status.md.\n");
  }
  out("\n------ STACK TRACE ------\n");
  if (pc != nullptr && caller == nullptr) {
    out("EIP:\n");
    backtrace_symbols_fd(&pc, 1, STDERR_FILENO);
  }
  if (caller != nullptr) {
    out("Called from:\n");
    backtrace_symbols_fd(&caller, 1, STDERR_FILENO);
  }
  out("\nBacktrace:\n");
  void *frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  out("\n------ MODULES INFO OUTPUT ------\n");
  for (const Module *m : modulesLoaded()) {
    snprintf(buf, sizeof(buf), "module:name=%s,ver=%d,path=%s\n", m->name.c_str(), m->ver,
             m->path.c_str());
    out(buf);
  }
  out("\n=== REDIS BUG REPORT END. Make sure to include from START to END. ===\n\n");
}

void onFatalSignal(int sig, siginfo_t *info, void *uctx) {
  void *pc = faultingInstruction(uctx);
  size_t i = 0;
  while (kSignals[i] != sig) i++;
  void *caller = isNullCall(pc) ? nullCallReturnAddress(uctx) : nullptr;
  if (isOurs(pc) || (caller != nullptr && isOurs(caller))) {
    writeReport(nullptr, info, pc, caller);
    // Die of the same signal so the exit status says what happened.
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  // Not our fault: hand the signal to whoever was there before (V8's wasm
  // trap handler, Node's, or the default action). Calling it, rather than
  // reinstalling it and returning, also works for a signal that was sent
  // (kill), which would not happen again, and keeps our handler in place.
  const struct sigaction &prev = g_previous[i];
  if ((prev.sa_flags & SA_SIGINFO) && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, uctx);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;
  if (prev.sa_handler != SIG_DFL && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}
}  // namespace

void crashReportInstall() {
  if (g_installed) return;
  g_installed = true;
  stack_t ss;
  ss.ss_sp = g_altstack;
  ss.ss_size = sizeof(g_altstack);
  ss.ss_flags = 0;
  sigaltstack(&ss, nullptr);  // a stack overflow in a module still gets a report
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sa.sa_sigaction = onFatalSignal;
    sigaction(kSignals[i], &sa, &g_previous[i]);
  }
}

void crashLogLine(const char *text) {
  logPrefix();
  out(text);
  out("\n");
}

void crashReportAndDie(const char *reason, const void *siginfo) {
  writeReport(reason, static_cast<const siginfo_t *>(siginfo), nullptr, nullptr);
  signal(SIGABRT, SIG_DFL);
  abort();
}
