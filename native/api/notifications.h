// module.c section "Module Keyspace Notifications API": what the rest of the
// host needs of it.
#pragma once
#include <cstddef>

struct Module;

// Runs the callbacks of the modules subscribed to `type` (REDISMODULE_NOTIFY_*
// class of the event) for one event on `key` in database `db`. Main thread.
void keyspaceEventsDispatch(int type, const char *event, size_t eventLen, const char *key, size_t keyLen,
                            int db);

// Drops every subscription of a module (Redis's moduleUnsubscribeNotifications):
// the loader calls it when the module is unloaded, before its library closes.
void keyspaceEventsUnsubscribeModule(Module *module);
