// What other families need of the call replies (module.c section "Calling
// Redis commands from modules", native/api/call.cc).
#pragma once

#include <cstddef>

#include "host.h"

// The RESP bytes of a reply: the whole reply for a root, the slice of the
// parent's bytes for a nested one (starting at its attribute, if any).
const char *callReplyProtoBytes(const RedisModuleCallReply *reply, size_t *len);
// True once parsing found a RESP3-only type in the reply or below it. As in
// Redis this does not parse: a reply no accessor has looked at reports false.
bool callReplyIsResp3(const RedisModuleCallReply *reply);
