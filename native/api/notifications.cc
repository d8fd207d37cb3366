// module.c section "Module Keyspace Notifications API": modules firing
// keyspace events, and modules hearing them.
//
// Events happen in the TypeScript keyspace (keyspace.notifyEvent). The JS side
// (src/modules/key-api/events.ts) forwards those of the classes some module
// subscribed to, through the addon's keyspaceEvent entry, to
// keyspaceEventsDispatch here; it learns which classes those are from the
// subscriptions made here.
#include "notifications.h"

#include <cstring>
#include <vector>

#include "bridge.h"
#include "host.h"
#include "strings.h"

namespace {
// Operation numbers; src/modules/key-api/events.ts has the same list.
enum EventOp : int {
  kOpSubscribedTypes = kKeyOpsEvents + 0,
  kOpNotify = kKeyOpsEvents + 1,
  kOpNotifyFlags = kKeyOpsEvents + 2,
};

struct Subscriber {
  Module *module;
  RedisModuleNotificationFunc callback;
  int mask;
  // Set while its callback runs: an event the callback itself causes does
  // not reach it again (Redis's `active`), which stops feedback loops.
  bool active;
  // Its module was unloaded (or failed OnLoad): never called again, erased
  // once no dispatch is walking the list.
  bool dead;
};

// In subscription order, as Redis calls them. Pointers, so that a
// subscription made from inside a callback does not move the one running.
std::vector<Subscriber *> g_subscribers;
// Dispatches in progress (a callback may cause events): subscribers are only
// erased from the list when none is, so no loop loses its place.
int g_dispatchDepth = 0;
bool g_haveDead = false;

// Tells the JS side the union of the subscribed classes.
void publishSubscribedTypes() {
  int types = 0;
  for (const Subscriber *s : g_subscribers)
    if (!s->dead) types |= s->mask;
  double *num = keyIo().num;
  num[2] = -1;
  num[3] = types;
  bridgeKeyOp(kOpSubscribedTypes, nullptr, 0, nullptr, nullptr);
}
}  // namespace

// Calls `callback` for every keyspace event of the classes in `types`
// (REDISMODULE_NOTIFY_*), whatever notify-keyspace-events says. The
// callback's context is the module's, with the event's database selected.
// Always OK. Main thread.
int RM_SubscribeToKeyspaceEvents(RedisModuleCtx *ctx, int types, RedisModuleNotificationFunc callback) {
  g_subscribers.push_back(new Subscriber{ctx->module, callback, types, false, false});
  publishSubscribedTypes();
  return REDISMODULE_OK;
}

// The notify-keyspace-events configuration as REDISMODULE_NOTIFY_* bits.
int RM_GetNotifyKeyspaceEvents() {
  double *num = keyIo().num;
  num[2] = -1;
  if (!bridgeKeyOp(kOpNotifyFlags, nullptr, 0, nullptr, nullptr)) return 0;
  return static_cast<int>(num[0]);
}

// Every class bit this server knows, so a module can test for one.
int RM_GetKeyspaceNotificationFlagsAll() { return _REDISMODULE_NOTIFY_NEXT - 1; }

// Fires a keyspace event in the context's database, as the server's own
// commands do: module subscribers of the class hear it, and pub/sub carries
// it when notify-keyspace-events enables the class. ERR without a context.
int RM_NotifyKeyspaceEvent(RedisModuleCtx *ctx, int type, const char *event, RedisModuleString *key) {
  if (ctx == nullptr || event == nullptr || key == nullptr) return REDISMODULE_ERR;
  double *num = keyIo().num;
  num[2] = -1;
  num[3] = type;
  num[4] = ctx->client.db;
  BridgeArg args[2] = {bridgeArg(key), BridgeArg{event, strlen(event)}};
  bridgeKeyOp(kOpNotify, args, 2, nullptr, nullptr);
  return REDISMODULE_OK;
}

namespace {
void eraseDead() {
  if (!g_haveDead || g_dispatchDepth > 0) return;
  g_haveDead = false;
  size_t kept = 0;
  for (Subscriber *sub : g_subscribers) {
    if (sub->dead) delete sub;
    else g_subscribers[kept++] = sub;
  }
  g_subscribers.resize(kept);
  publishSubscribedTypes();
}
}  // namespace

void keyspaceEventsDispatch(int type, const char *event, size_t eventLen, const char *key, size_t keyLen,
                            int db) {
  (void)eventLen;
  if (g_subscribers.empty()) return;
  // Which channel the event would go to is no concern of a subscriber.
  type &= ~(REDISMODULE_NOTIFY_KEYSPACE | REDISMODULE_NOTIFY_KEYEVENT);
  RedisModuleString *name = nullptr;
  // By index: a callback may subscribe (append) while this runs.
  for (size_t i = 0; i < g_subscribers.size(); i++) {
    Subscriber *sub = g_subscribers[i];
    if ((sub->mask & type) == 0 || sub->active || sub->dead) continue;
    if (name == nullptr) name = stringCreateArg(key, keyLen);
    RedisModuleCtx ctx(sub->module, CTX_TEMP_CLIENT);
    ctx.client.db = db;
    sub->active = true;
    g_dispatchDepth++;
    sub->callback(&ctx, type, event, name);
    g_dispatchDepth--;
    sub->active = false;
  }
  if (name != nullptr) stringRelease(name);
  eraseDead();
}

void keyspaceEventsUnsubscribeModule(Module *module) {
  for (Subscriber *sub : g_subscribers) {
    if (sub->module == module) {
      sub->dead = true;
      g_haveDead = true;
    }
  }
  eraseDead();
}
