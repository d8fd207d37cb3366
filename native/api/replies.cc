// module.c section "Reply APIs": RESP bytes appended to the context's reply
// buffer in the client's protocol. Contexts without a client (OnLoad, timers)
// still collect bytes here; the host discards them, which is what Redis's
// temp/absent reply client amounts to (the functions return REDISMODULE_OK).
#include "replies.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "call.h"
#include "strings.h"

namespace {

void appendAggregateLen(std::string &out, char prefix, long len) {
  char buf[32];
  buf[0] = prefix;
  size_t n = 1 + formatLongLong(buf + 1, sizeof(buf) - 1, len);
  buf[n++] = '\r';
  buf[n++] = '\n';
  out.append(buf, n);
}

const char *moduleName(const RedisModuleCtx *ctx) {
  return ctx->module ? ctx->module->name.c_str() : "";
}

// Kinds of moduleReplyWithCollection / moduleReplySetCollectionLength.
enum class Collection { Array, Map, Set, Attribute };

int replyWithCollection(RedisModuleCtx *ctx, long len, Collection kind) {
  ReplyBuffer &out = ctx->reply;
  const int resp = ctx->client.resp;
  if (len == REDISMODULE_POSTPONED_LEN) {
    static const char kKindChar[] = {'*', '%', '~', '|'};
    out.postponed.push_back(ReplyBuffer::Postponed{out.bytes.size(), kKindChar[static_cast<int>(kind)]});
    return REDISMODULE_OK;
  }
  switch (kind) {
    case Collection::Array: replyAppendArrayLen(out, len); break;
    case Collection::Map: replyAppendMapLen(out, resp, len); break;
    case Collection::Set: replyAppendSetLen(out, resp, len); break;
    case Collection::Attribute: replyAppendAttributeLen(out, len); break;
  }
  return REDISMODULE_OK;
}

// Redis closes the most recent postponed aggregate whatever kind it was
// opened as: the header follows the kind of the Set*Length call.
void replySetCollectionLength(RedisModuleCtx *ctx, long len, Collection kind) {
  ReplyBuffer &out = ctx->reply;
  if (out.postponed.empty()) {
    logWarningAnyThread(std::string("API misuse detected in module ") + moduleName(ctx) +
                        ": RedisModule_ReplySet*Length() called without previous "
                        "RedisModule_ReplyWith*(ctx,REDISMODULE_POSTPONED_LEN) call.");
    return;
  }
  size_t offset = out.postponed.back().offset;
  out.postponed.pop_back();
  const int resp = ctx->client.resp;
  std::string header;
  switch (kind) {
    case Collection::Array: appendAggregateLen(header, '*', len); break;
    case Collection::Map:
      appendAggregateLen(header, resp == 2 ? '*' : '%', resp == 2 ? len * 2 : len);
      break;
    case Collection::Set: appendAggregateLen(header, resp == 2 ? '*' : '~', len); break;
    case Collection::Attribute: appendAggregateLen(header, '|', len); break;
  }
  // Open aggregates are closed innermost first, so every offset still
  // recorded lies before this one and stays valid.
  out.bytes.insert(offset, header);
}

}  // namespace

// ---------------------------------------------------------------------------
// Encoders (replies.h)
// ---------------------------------------------------------------------------

void replyAppendRaw(ReplyBuffer &out, const char *bytes, size_t len) { out.bytes.append(bytes, len); }

void replyAppendSimpleString(ReplyBuffer &out, const char *msg, size_t len) {
  out.bytes.push_back('+');
  out.bytes.append(msg, len);
  out.bytes.append("\r\n", 2);
}

void replyAppendError(ReplyBuffer &out, const char *msg, size_t len) {
  // sdstrim(s, "\r\n"): both ends.
  size_t start = 0, end = len;
  while (start < end && (msg[start] == '\r' || msg[start] == '\n')) start++;
  while (end > start && (msg[end - 1] == '\r' || msg[end - 1] == '\n')) end--;
  if (end == start || msg[start] != '-') out.bytes.append("-ERR ", 5);
  size_t at = out.bytes.size();
  out.bytes.append(msg + start, end - start);
  for (size_t i = at; i < out.bytes.size(); i++) {
    if (out.bytes[i] == '\r' || out.bytes[i] == '\n') out.bytes[i] = ' ';
  }
  out.bytes.append("\r\n", 2);
}

void replyAppendLongLong(ReplyBuffer &out, long long value) {
  char buf[32];
  buf[0] = ':';
  size_t n = 1 + formatLongLong(buf + 1, sizeof(buf) - 1, value);
  buf[n++] = '\r';
  buf[n++] = '\n';
  out.bytes.append(buf, n);
}

void replyAppendBulk(ReplyBuffer &out, const char *bytes, size_t len) {
  char buf[32];
  buf[0] = '$';
  size_t n = 1 + formatULongLong(buf + 1, sizeof(buf) - 1, len);
  buf[n++] = '\r';
  buf[n++] = '\n';
  out.bytes.append(buf, n);
  out.bytes.append(bytes, len);
  out.bytes.append("\r\n", 2);
}

void replyAppendNull(ReplyBuffer &out, int resp) {
  if (resp == 2) {
    out.bytes.append("$-1\r\n", 5);
  } else {
    out.bytes.append("_\r\n", 3);
  }
}

void replyAppendNullArray(ReplyBuffer &out, int resp) {
  if (resp == 2) {
    out.bytes.append("*-1\r\n", 5);
  } else {
    out.bytes.append("_\r\n", 3);
  }
}

void replyAppendArrayLen(ReplyBuffer &out, long len) { appendAggregateLen(out.bytes, '*', len); }

void replyAppendMapLen(ReplyBuffer &out, int resp, long len) {
  if (resp == 2) {
    appendAggregateLen(out.bytes, '*', len * 2);
  } else {
    appendAggregateLen(out.bytes, '%', len);
  }
}

void replyAppendSetLen(ReplyBuffer &out, int resp, long len) {
  appendAggregateLen(out.bytes, resp == 2 ? '*' : '~', len);
}

void replyAppendAttributeLen(ReplyBuffer &out, long len) { appendAggregateLen(out.bytes, '|', len); }

void replyAppendDouble(ReplyBuffer &out, int resp, double value) {
  if (std::isinf(value)) {
    // Spelled out rather than left to the libc, as Redis does.
    if (resp == 2) {
      if (value > 0) {
        replyAppendBulk(out, "inf", 3);
      } else {
        replyAppendBulk(out, "-inf", 4);
      }
    } else {
      out.bytes.append(value > 0 ? ",inf\r\n" : ",-inf\r\n");
    }
    return;
  }
  char buf[64];
  int n = snprintf(buf, sizeof(buf), "%.17g", value);
  if (n < 0) n = 0;
  if (resp == 2) {
    replyAppendBulk(out, buf, static_cast<size_t>(n));
  } else {
    out.bytes.push_back(',');
    out.bytes.append(buf, static_cast<size_t>(n));
    out.bytes.append("\r\n", 2);
  }
}

void replyAppendHumanLongDouble(ReplyBuffer &out, int resp, long double value) {
  char buf[kMaxLongDoubleChars];
  size_t n = formatLongDouble(buf, sizeof(buf), value, true);
  if (resp == 2) {
    replyAppendBulk(out, buf, n);
  } else {
    out.bytes.push_back(',');
    out.bytes.append(buf, n);
    out.bytes.append("\r\n", 2);
  }
}

void replyAppendBool(ReplyBuffer &out, int resp, bool value) {
  if (resp == 2) {
    out.bytes.append(value ? ":1\r\n" : ":0\r\n", 4);
  } else {
    out.bytes.append(value ? "#t\r\n" : "#f\r\n", 4);
  }
}

void replyAppendBigNumber(ReplyBuffer &out, int resp, const char *digits, size_t len) {
  if (resp == 2) {
    replyAppendBulk(out, digits, len);
    return;
  }
  out.bytes.push_back('(');
  out.bytes.append(digits, len);
  out.bytes.append("\r\n", 2);
}

void replyAppendVerbatim(ReplyBuffer &out, int resp, const char *bytes, size_t len, const char *ext) {
  if (resp == 2) {
    replyAppendBulk(out, bytes, len);
    return;
  }
  char buf[48];
  int n = snprintf(buf, sizeof(buf), "=%zu\r\n", len + 4);
  // Three format characters: a shorter ext is padded with spaces.
  for (int i = 0; i < 3; i++) buf[n++] = *ext != '\0' ? *ext++ : ' ';
  buf[n++] = ':';
  out.bytes.append(buf, static_cast<size_t>(n));
  out.bytes.append(bytes, len);
  out.bytes.append("\r\n", 2);
}

bool replyFinish(RedisModuleCtx *ctx) {
  if (ctx->reply.postponed.empty()) return true;
  ctx->reply.postponed.clear();
  logWarningAnyThread(std::string("API misuse detected in module ") + moduleName(ctx) +
                      ": RedisModule_ReplyWith*(REDISMODULE_POSTPONED_LEN) not matched by the same "
                      "number of RedisModule_SetReply*Len() calls.");
  return false;
}

// ---------------------------------------------------------------------------
// RM_ functions. Main thread, or the thread that owns a thread-safe context.
// All return REDISMODULE_OK unless stated.
// ---------------------------------------------------------------------------

// "-ERR wrong number of arguments for '<command>' command", with the running
// command's full name as declared ("parent|sub" for subcommands).
int RM_WrongArity(RedisModuleCtx *ctx) {
  std::string msg = "wrong number of arguments for '";
  if (ctx->command != nullptr) msg += ctx->command->fullname;
  msg += "' command";
  replyAppendError(ctx->reply, msg.data(), msg.size());
  return REDISMODULE_OK;
}

// ":<ll>\r\n"
int RM_ReplyWithLongLong(RedisModuleCtx *ctx, long long ll) {
  replyAppendLongLong(ctx->reply, ll);
  return REDISMODULE_OK;
}

// "-<err>\r\n": err must carry its own code ("ERR ...", "WRONGTYPE ...").
// Trailing CR/LF are dropped and inner ones become spaces.
int RM_ReplyWithError(RedisModuleCtx *ctx, const char *err) {
  std::string msg = "-";
  msg += err;
  replyAppendError(ctx->reply, msg.data(), msg.size());
  return REDISMODULE_OK;
}

// "+<msg>\r\n"; msg must be free of CR/LF (not checked, as in Redis).
int RM_ReplyWithSimpleString(RedisModuleCtx *ctx, const char *msg) {
  replyAppendSimpleString(ctx->reply, msg, strlen(msg));
  return REDISMODULE_OK;
}

// An array of len elements to follow, or REDISMODULE_POSTPONED_LEN with
// ReplySetArrayLength later.
int RM_ReplyWithArray(RedisModuleCtx *ctx, long len) {
  return replyWithCollection(ctx, len, Collection::Array);
}

// A map of len pairs (2*len replies follow); a flat array of 2*len under
// RESP2. Postponable.
int RM_ReplyWithMap(RedisModuleCtx *ctx, long len) { return replyWithCollection(ctx, len, Collection::Map); }

// A set of len elements; an array under RESP2. Postponable.
int RM_ReplyWithSet(RedisModuleCtx *ctx, long len) { return replyWithCollection(ctx, len, Collection::Set); }

// Attribute map of len pairs, before the reply it annotates. RESP3 only:
// under RESP2 writes nothing and returns REDISMODULE_ERR. Postponable.
int RM_ReplyWithAttribute(RedisModuleCtx *ctx, long len) {
  if (ctx->client.resp == 2) return REDISMODULE_ERR;
  return replyWithCollection(ctx, len, Collection::Attribute);
}

// RESP2 "*-1\r\n", RESP3 "_\r\n".
int RM_ReplyWithNullArray(RedisModuleCtx *ctx) {
  replyAppendNullArray(ctx->reply, ctx->client.resp);
  return REDISMODULE_OK;
}

// "*0\r\n" in both protocols.
int RM_ReplyWithEmptyArray(RedisModuleCtx *ctx) {
  replyAppendArrayLen(ctx->reply, 0);
  return REDISMODULE_OK;
}

// Sets the length of the most recently postponed aggregate (whatever kind it
// was opened as) to an array of len. Without one, logs Redis's misuse warning.
void RM_ReplySetArrayLength(RedisModuleCtx *ctx, long len) {
  replySetCollectionLength(ctx, len, Collection::Array);
}

// As ReplySetArrayLength for a map of len pairs (array of 2*len under RESP2).
void RM_ReplySetMapLength(RedisModuleCtx *ctx, long len) { replySetCollectionLength(ctx, len, Collection::Map); }

// As ReplySetArrayLength for a set (array under RESP2).
void RM_ReplySetSetLength(RedisModuleCtx *ctx, long len) { replySetCollectionLength(ctx, len, Collection::Set); }

// As ReplySetMapLength for an attribute; does nothing under RESP2, where
// ReplyWithAttribute postponed nothing.
void RM_ReplySetAttributeLength(RedisModuleCtx *ctx, long len) {
  if (ctx->client.resp == 2) return;
  replySetCollectionLength(ctx, len, Collection::Attribute);
}

// Bulk string of len bytes at buf.
int RM_ReplyWithStringBuffer(RedisModuleCtx *ctx, const char *buf, size_t len) {
  replyAppendBulk(ctx->reply, buf, len);
  return REDISMODULE_OK;
}

// Bulk string of the C string buf; a NULL buf is a null reply (Redis's
// addReplyBulkCString).
int RM_ReplyWithCString(RedisModuleCtx *ctx, const char *buf) {
  if (buf == nullptr) {
    replyAppendNull(ctx->reply, ctx->client.resp);
  } else {
    replyAppendBulk(ctx->reply, buf, strlen(buf));
  }
  return REDISMODULE_OK;
}

// Bulk string with str's bytes. (Redis crashes on NULL; we reply null.)
int RM_ReplyWithString(RedisModuleCtx *ctx, RedisModuleString *str) {
  if (str == nullptr) {
    replyAppendNull(ctx->reply, ctx->client.resp);
  } else {
    replyAppendBulk(ctx->reply, str->ptr, str->len);
  }
  return REDISMODULE_OK;
}

// "$0\r\n\r\n"
int RM_ReplyWithEmptyString(RedisModuleCtx *ctx) {
  replyAppendBulk(ctx->reply, "", 0);
  return REDISMODULE_OK;
}

// Verbatim string with a three-character format ext (RESP3 '='); a plain
// bulk string under RESP2.
int RM_ReplyWithVerbatimStringType(RedisModuleCtx *ctx, const char *buf, size_t len, const char *ext) {
  replyAppendVerbatim(ctx->reply, ctx->client.resp, buf, len, ext);
  return REDISMODULE_OK;
}

// ReplyWithVerbatimStringType with format "txt".
int RM_ReplyWithVerbatimString(RedisModuleCtx *ctx, const char *buf, size_t len) {
  return RM_ReplyWithVerbatimStringType(ctx, buf, len, "txt");
}

// RESP2 "$-1\r\n", RESP3 "_\r\n".
int RM_ReplyWithNull(RedisModuleCtx *ctx) {
  replyAppendNull(ctx->reply, ctx->client.resp);
  return REDISMODULE_OK;
}

// RESP3 "#t"/"#f"; the integer 1/0 under RESP2.
int RM_ReplyWithBool(RedisModuleCtx *ctx, int b) {
  replyAppendBool(ctx->reply, ctx->client.resp, b != 0);
  return REDISMODULE_OK;
}

// The reply's RESP bytes as they are (RM_CallReplyProto). As in Redis 7.0,
// a reply known to hold RESP3 types is refused (REDISMODULE_ERR, nothing
// written) for a RESP2 client; "known" means an accessor has parsed it, so
// an unparsed RESP3 reply goes out unchanged. Use fmt "0" in RM_Call to get
// the client's own protocol.
int RM_ReplyWithCallReply(RedisModuleCtx *ctx, RedisModuleCallReply *reply) {
  if (ctx->client.resp == 2 && callReplyIsResp3(reply)) return REDISMODULE_ERR;
  size_t len;
  const char *bytes = callReplyProtoBytes(reply, &len);
  replyAppendRaw(ctx->reply, bytes, len);
  return REDISMODULE_OK;
}

// d with "%.17g": RESP3 double (",inf", ",-inf", ",nan"), RESP2 bulk string.
int RM_ReplyWithDouble(RedisModuleCtx *ctx, double d) {
  replyAppendDouble(ctx->reply, ctx->client.resp, d);
  return REDISMODULE_OK;
}

// RESP3 big number "(<bignum>\r\n" (not validated), RESP2 bulk string.
int RM_ReplyWithBigNumber(RedisModuleCtx *ctx, const char *bignum, size_t len) {
  replyAppendBigNumber(ctx->reply, ctx->client.resp, bignum, len);
  return REDISMODULE_OK;
}

// ld in human form ("%.17Lf" without trailing zeroes): RESP2 bulk string,
// RESP3 double.
int RM_ReplyWithLongDouble(RedisModuleCtx *ctx, long double ld) {
  replyAppendHumanLongDouble(ctx->reply, ctx->client.resp, ld);
  return REDISMODULE_OK;
}
