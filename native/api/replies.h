// RESP encoders shared by the RM_Reply* functions (native/api/replies.cc) and
// the host: each appends exactly the bytes Redis 7.0.15's networking.c writes
// for the same reply, in protocol `resp` (2 or 3) where the two differ.
// They touch only the buffer, so any thread may call them on a buffer it owns.
#pragma once

#include <cstddef>

#include "host.h"

void replyAppendRaw(ReplyBuffer &out, const char *bytes, size_t len);
// "+<msg>\r\n", bytes as given (Redis does not sanitise status replies).
void replyAppendSimpleString(ReplyBuffer &out, const char *msg, size_t len);
// An error as addReplyErrorFormat writes it: trailing CR/LF trimmed, CR/LF
// inside turned into spaces, "-ERR " prefixed unless msg starts with '-'.
void replyAppendError(ReplyBuffer &out, const char *msg, size_t len);
// ":<n>\r\n"
void replyAppendLongLong(ReplyBuffer &out, long long value);
// "$<len>\r\n<bytes>\r\n"
void replyAppendBulk(ReplyBuffer &out, const char *bytes, size_t len);
// RESP2 "$-1\r\n", RESP3 "_\r\n".
void replyAppendNull(ReplyBuffer &out, int resp);
// RESP2 "*-1\r\n", RESP3 "_\r\n".
void replyAppendNullArray(ReplyBuffer &out, int resp);
// Aggregate headers. Map under RESP2 is an array of 2*len, set an array;
// attribute exists only in RESP3.
void replyAppendArrayLen(ReplyBuffer &out, long len);
void replyAppendMapLen(ReplyBuffer &out, int resp, long len);
void replyAppendSetLen(ReplyBuffer &out, int resp, long len);
void replyAppendAttributeLen(ReplyBuffer &out, long len);
// addReplyDouble (7.0): "%.17g"; RESP2 as a bulk ("inf"/"-inf" spelled out),
// RESP3 as ",<d>\r\n".
void replyAppendDouble(ReplyBuffer &out, int resp, double value);
// addReplyHumanLongDouble: the human ld2string form; RESP2 bulk, RESP3 ','.
void replyAppendHumanLongDouble(ReplyBuffer &out, int resp, long double value);
// RESP2 ":1"/":0", RESP3 "#t"/"#f".
void replyAppendBool(ReplyBuffer &out, int resp, bool value);
// RESP2 bulk, RESP3 "(<digits>\r\n".
void replyAppendBigNumber(ReplyBuffer &out, int resp, const char *digits, size_t len);
// RESP2 bulk, RESP3 "=<len+4>\r\n<ext>:<bytes>\r\n" with ext cut or padded
// with spaces to three characters.
void replyAppendVerbatim(ReplyBuffer &out, int resp, const char *bytes, size_t len, const char *ext);

// Called by the host when the module callback has returned, before it sends
// ctx->reply. Returns false, after logging Redis's "API misuse" warning, if a
// REDISMODULE_POSTPONED_LEN aggregate was never given its length; those
// aggregates then have no header in the bytes. Main thread.
bool replyFinish(RedisModuleCtx *ctx);
