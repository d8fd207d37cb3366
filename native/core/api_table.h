// The API table: every RedisModule_* name the host implements, resolved by
// RedisModule_GetApi. The table itself is native/core/api_table.cc.
#pragma once

// What a module's RedisModule_Init calls through ctx->getapifuncptr.
// Returns REDISMODULE_OK and stores the pointer, or REDISMODULE_ERR and
// leaves *target untouched when the name is not implemented.
int moduleGetApi(const char *funcname, void **target);

// Number of names registered (for tests and the unsupported-list check).
size_t apiTableSize();
const char *apiTableName(size_t i);
