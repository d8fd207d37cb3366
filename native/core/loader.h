// Loading and unloading module libraries (Redis's moduleLoad / moduleUnload).
#pragma once
#include <string>
#include <vector>

#include "host.h"

// Loads the library at `path` and runs its RedisModule_OnLoad with `args`.
// On failure returns nullptr and logs the reason as Redis does; `reason`
// receives the same text for the caller.
Module *moduleLoad(const std::string &path, const std::vector<std::string> &args,
                   std::string *reason);

// Unloads a module by name. On failure returns false and sets `error` to the
// text Redis puts after "Error unloading module: ". `freedCommandIds`
// receives the ids of the commands that are gone.
bool moduleUnload(const std::string &name, std::string *error,
                  std::vector<uint32_t> *freedCommandIds);

Module *moduleLookup(const std::string &name);
// Loaded modules in load order.
const std::vector<Module *> &modulesLoaded();

// The context of the module whose OnLoad is running (SetModuleAttribs
// creates the Module inside it).
Module *moduleCreate(RedisModuleCtx *ctx, const char *name, int ver, int apiver);
