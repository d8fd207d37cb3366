// module.c section "DB and Key APIs - Generic API": the client's database and
// the context flags. (The key functions of this section come with the key API.)
#include "host.h"
#include "server_state.h"

ServerState g_serverState;

// The id of the client running the command (0 for the internal client of
// OnLoad/OnUnload, which has no connection). Main thread.
unsigned long long RM_GetClientId(RedisModuleCtx *ctx) { return ctx->client.id; }

// The database the context's client has selected. Main thread.
int RM_GetSelectedDb(RedisModuleCtx *ctx) { return ctx->client.db; }

// Selects another database for the rest of the command, and for the client
// after it, as SELECT would. REDISMODULE_ERR when the id is out of range.
// Main thread.
int RM_SelectDb(RedisModuleCtx *ctx, int newid) {
  if (newid < 0 || newid >= g_serverState.databases) return REDISMODULE_ERR;
  ctx->client.db = newid;
  return REDISMODULE_OK;
}

// REDISMODULE_CTX_FLAGS_* describing the server and, when there is one, the
// client. Server-wide bits come from the JS side (config, role); the client's
// protocol is known here. Main thread.
int RM_GetContextFlags(RedisModuleCtx *ctx) {
  int flags = g_serverState.contextFlags;
  if (ctx != nullptr && !(ctx->flags & CTX_TEMP_CLIENT)) {
    flags |= ctx->client.ctxFlags;
    if (ctx->client.resp == 3) flags |= REDISMODULE_CTX_FLAGS_RESP3;
  }
  return flags;
}
