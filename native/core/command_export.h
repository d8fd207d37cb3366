// Module commands as the JS objects of NativeCommandSpec (src/native.ts).
#pragma once
#include <napi.h>

#include <vector>

#include "host.h"

// Every command of the module, subcommands right after their parent, in
// creation order. Main thread.
Napi::Array exportModuleCommands(Napi::Env env, Module *module);

// The given commands in the given order (e.g. commandsTakeCreatedAfterLoad()).
// Main thread.
Napi::Array exportCommands(Napi::Env env, const std::vector<RedisModuleCommand *> &commands);
