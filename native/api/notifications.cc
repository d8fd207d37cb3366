// module.c section "Module Keyspace Notifications API".
#include "notifications.h"

#include "host.h"

void keyspaceEventsDispatch(int, const char *, size_t, const char *, size_t, int) {}
