// Module loading, in the order Redis's moduleLoad() does it, with the same
// log lines, so a user reading our log sees what Redis would have said.
#include "loader.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <strings.h>

#include <cerrno>

#include "bridge.h"
#include "api/commands.h"
#include "api/notifications.h"
#include "api/strings.h"

namespace {
// Module names are unique; load order is kept for MODULE LIST and INFO.
std::vector<Module *> g_modules;

using OnLoadFunc = int (*)(void *, void **, int);
using OnUnloadFunc = int (*)(void *);

void freeModule(Module *m) { delete m; }
}  // namespace

// Module names compare case-insensitively, as Redis's modules dictionary does.
Module *moduleLookup(const std::string &name) {
  for (Module *m : g_modules)
    if (strcasecmp(m->name.c_str(), name.c_str()) == 0) return m;
  return nullptr;
}

const std::vector<Module *> &modulesLoaded() { return g_modules; }

Module *moduleCreate(RedisModuleCtx *ctx, const char *name, int ver, int apiver) {
  Module *m = new Module();
  m->name = name;
  m->ver = ver;
  m->apiver = apiver;
  ctx->module = m;
  return m;
}

Module *moduleLoad(const std::string &path, const std::vector<std::string> &args,
                   std::string *reason) {
  // Best effort, as in Redis: a file we can stat but not execute is refused
  // with its own message; a missing file falls through to dlopen's error.
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
    *reason = "Module " + path + " failed to load: It does not have execute permissions.";
    bridgeLog(LogLevel::Warning, *reason);
    return nullptr;
  }

  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char *err = dlerror();
    *reason = "Module " + path + " failed to load: " + (err ? err : "unknown error");
    bridgeLog(LogLevel::Warning, *reason);
    return nullptr;
  }
  auto onload = reinterpret_cast<OnLoadFunc>(dlsym(handle, "RedisModule_OnLoad"));
  if (onload == nullptr) {
    dlclose(handle);
    *reason = "Module " + path + " does not export RedisModule_OnLoad() symbol. Module not loaded.";
    bridgeLog(LogLevel::Warning, *reason);
    return nullptr;
  }

  // The arguments are strings the module may retain; ours are released
  // after OnLoad, so a retained one lives on through its refcount.
  std::vector<RedisModuleString *> argv;
  argv.reserve(args.size());
  for (const std::string &a : args) argv.push_back(stringCreate(a.data(), a.size()));

  int status;
  Module *m;
  {
    RedisModuleCtx ctx(nullptr, CTX_TEMP_CLIENT | CTX_IN_ONLOAD);
    ctx.client.db = 0;
    status = onload(&ctx, reinterpret_cast<void **>(argv.data()), static_cast<int>(argv.size()));
    m = ctx.module;
    if (m != nullptr) m->onload_done = true;
  }
  for (RedisModuleString *s : argv) stringRelease(s);

  if (status == REDISMODULE_ERR || m == nullptr) {
    // Redis dereferences a NULL module when OnLoad returns OK without calling
    // RedisModule_Init, and crashes. We refuse the module instead and say why.
    *reason = "Module " + path + " initialization failed. Module not loaded";
    bridgeLog(LogLevel::Warning, *reason);
    if (m == nullptr && status != REDISMODULE_ERR)
      bridgeLog(LogLevel::Warning, "Module " + path +
                                       ": RedisModule_OnLoad returned OK without calling "
                                       "RedisModule_Init");
    if (m != nullptr) {
      commandsUnregisterModule(m, nullptr);
      keyspaceEventsUnsubscribeModule(m);
      freeModule(m);
    }
    dlclose(handle);
    return nullptr;
  }

  m->handle = handle;
  m->path = path;
  m->load_args = args;
  g_modules.push_back(m);
  bridgeLog(LogLevel::Notice, "Module '" + m->name + "' loaded from " + path);
  return m;
}

bool moduleUnload(const std::string &name, std::string *error,
                  std::vector<uint32_t> *freedCommandIds) {
  Module *m = moduleLookup(name);
  if (m == nullptr) {
    *error = "no such module with that name";
    return false;
  }
  // Data types, exported APIs, blocked clients and timers are refused here in
  // Redis; this host does not implement those families yet, so none can exist.

  auto onunload = reinterpret_cast<OnUnloadFunc>(dlsym(m->handle, "RedisModule_OnUnload"));
  if (onunload != nullptr) {
    int status;
    {
      RedisModuleCtx ctx(m, CTX_TEMP_CLIENT);
      status = onunload(&ctx);
    }
    if (status == REDISMODULE_ERR) {
      bridgeLog(LogLevel::Warning, "Module " + name + " OnUnload failed.  Unload canceled.");
      *error = "operation not possible.";
      return false;
    }
  }

  commandsUnregisterModule(m, freedCommandIds);
  keyspaceEventsUnsubscribeModule(m);
  if (dlclose(m->handle) != 0) {
    const char *err = dlerror();
    bridgeLog(LogLevel::Warning, "Error when trying to close the " + m->name +
                                     " module: " + (err ? err : "Unknown error"));
  }
  bridgeLog(LogLevel::Notice, "Module " + m->name + " unloaded");
  g_modules.erase(std::find(g_modules.begin(), g_modules.end(), m));
  freeModule(m);
  return true;
}
