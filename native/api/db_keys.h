// What the key families (native/api/keys_*.cc, scan.cc) share with the
// generic key functions of db_keys.cc.
#pragma once
#include <cstddef>

#include "bridge.h"
#include "host.h"

// Runs key operation `op` on `key` (its slot goes in num[2]; the caller put
// the operation's numbers in keyIo().num[3..]). Sets errno when the JS side
// reports one. Returns num[0], or `failure` when JS could not be reached.
double keyOp(RedisModuleKey *key, int op, const BridgeArg *in, size_t nin, KeyOutSink sink, void *opaque,
             double failure);

// A KeyOutSink for an operation with one output string: stores a new
// RedisModuleString of it in *(RedisModuleString **)opaque.
void keyOutNewString(void *opaque, size_t index, const char *ptr, size_t len);

// A handle on an existing key without the effects of a lookup (no stats,
// no access time, no expiry): what RM_Scan hands its callback. Not tracked
// by AutoMemory. NULL when the key is gone. keyDetach closes it without
// signalling a modification.
RedisModuleKey *keyAttach(RedisModuleCtx *ctx, RedisModuleString *name, int mode);
void keyDetach(RedisModuleKey *key);

// Finishes on the JS side the keys closed so far (one crossing, none when
// there are none). CloseKey only records a closed key; see KeyIo::closing.
void keysFinishClosed();
