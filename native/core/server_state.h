// What native code knows of the server's state, pushed from JS whenever it
// changes (config, role, loading): read by GetContextFlags and SelectDb.
#pragma once

struct ServerState {
  int contextFlags = 0;  // REDISMODULE_CTX_FLAGS_* bits that do not depend on the client
  int databases = 16;
};

extern ServerState g_serverState;

// Redis 7.0.15 as REDIS_VERSION_NUM: 0x00MMmmpp.
constexpr int kServerVersionNum = (7 << 16) | (0 << 8) | 15;
