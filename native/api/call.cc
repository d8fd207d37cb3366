// module.c section "Calling Redis commands from modules": RM_Call sends a
// command through the server's one dispatch path (native/core/bridge.cc ->
// src/modules/module-call.ts) and gets back its reply as RESP bytes; the
// CallReply functions read those bytes lazily, as Redis's call_reply.c does.
//
// A root reply owns its bytes (one allocation: the struct, then the bytes).
// The first accessor that needs the contents parses the whole tree; nested
// replies point into the root's bytes and live in arrays the root frees, so
// freeing a nested reply is a no-op, as in Redis.
#include "call.h"

#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <climits>
#include <string>
#include <vector>

#include "automemory.h"
#include "bridge.h"
#include "strings.h"

RedisModuleString *RM_CreateString(RedisModuleCtx *ctx, const char *ptr, size_t len);

namespace {

enum : int {
  kReplyRoot = 1 << 0,
  kReplyParsed = 1 << 1,
  kReplyResp3 = 1 << 2,
};

}  // namespace

struct RedisModuleCallReply {
  RedisModuleCtx *ctx;  // the context of the RM_Call (Redis's private_data)
  const char *proto;
  size_t proto_len;
  int type;
  int flags;
  size_t len;  // bytes of a string, elements of an aggregate (pairs for maps)
  union {
    const char *str;
    struct {
      const char *str;
      const char *format;
    } verbatim;
    long long ll;
    double d;
    RedisModuleCallReply *elements;
  } val;
  RedisModuleCallReply *attribute;
  const char *end;  // root only: one past the last byte (a NUL follows)
};

namespace {

// ---------------------------------------------------------------------------
// The RESP reader (resp_parser.c's behaviour). The bytes come from our own
// server, but every step stays inside [at, end) so a malformed reply becomes
// REDISMODULE_REPLY_UNKNOWN instead of a read past the buffer.
// ---------------------------------------------------------------------------

struct Reader {
  const char *at;
  const char *end;
};

void parseInto(Reader &r, RedisModuleCallReply *rep);

// The header line after the type byte: [at+1, CR). False when there is no CR.
bool headerLine(Reader &r, const char **text, size_t *len) {
  const char *start = r.at + 1;
  if (start > r.end) return false;
  const char *cr = static_cast<const char *>(memchr(start, '\r', r.end - start));
  if (cr == nullptr || cr + 2 > r.end) return false;
  *text = start;
  *len = cr - start;
  r.at = cr + 2;
  return true;
}

long long headerNumber(const char *text, size_t len) {
  long long n = 0;
  if (!parseLongLong(text, len, &n)) n = 0;
  return n;
}

void setShared(RedisModuleCallReply *rep, int type, const char *proto, const Reader &r, int extra) {
  rep->type = type;
  rep->proto = proto;
  rep->proto_len = r.at - proto;
  rep->flags |= extra;
}

void markUnknown(RedisModuleCallReply *rep, Reader &r) {
  rep->type = REDISMODULE_REPLY_UNKNOWN;
  r.at = r.end;
}

// Parses count * perEntry elements into a new array owned by rep.
void parseCollection(Reader &r, RedisModuleCallReply *rep, long long count, const char *proto, int perEntry) {
  if (count < 0) count = 0;
  rep->len = static_cast<size_t>(count);
  size_t total = static_cast<size_t>(count) * perEntry;
  rep->val.elements = total == 0 ? nullptr
                                 : static_cast<RedisModuleCallReply *>(calloc(total, sizeof(RedisModuleCallReply)));
  for (size_t i = 0; i < total; i++) {
    RedisModuleCallReply *child = rep->val.elements + i;
    child->ctx = rep->ctx;
    parseInto(r, child);
    child->flags |= kReplyParsed;
    if (child->flags & kReplyResp3) rep->flags |= kReplyResp3;
  }
  rep->proto = proto;
  rep->proto_len = r.at - proto;
}

void parseBulkLike(Reader &r, RedisModuleCallReply *rep, const char *proto, bool verbatim) {
  const char *text;
  size_t n;
  if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
  long long len = headerNumber(text, n);
  if (!verbatim && len == -1) return setShared(rep, REDISMODULE_REPLY_NULL, proto, r, 0);
  if (len < 0 || r.end - r.at < len + 2) return markUnknown(rep, r);
  const char *body = r.at;
  r.at += len + 2;
  if (verbatim) {
    if (len < 4) return markUnknown(rep, r);
    setShared(rep, REDISMODULE_REPLY_VERBATIM_STRING, proto, r, kReplyResp3);
    rep->len = static_cast<size_t>(len - 4);
    rep->val.verbatim.format = body;
    rep->val.verbatim.str = body + 4;
    return;
  }
  setShared(rep, REDISMODULE_REPLY_STRING, proto, r, 0);
  rep->len = static_cast<size_t>(len);
  rep->val.str = body;
}

void parseInto(Reader &r, RedisModuleCallReply *rep) {
  if (r.at >= r.end) return markUnknown(rep, r);
  const char *proto = r.at;
  const char kind = *r.at;
  const char *text;
  size_t n;
  switch (kind) {
    case '$': return parseBulkLike(r, rep, proto, false);
    case '=': return parseBulkLike(r, rep, proto, true);
    case '+':
    case '-':
    case '(':
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      setShared(rep,
                kind == '+'   ? REDISMODULE_REPLY_STRING
                : kind == '-' ? REDISMODULE_REPLY_ERROR
                              : REDISMODULE_REPLY_BIG_NUMBER,
                proto, r, kind == '(' ? kReplyResp3 : 0);
      rep->len = n;
      rep->val.str = text;
      return;
    case ':':
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      setShared(rep, REDISMODULE_REPLY_INTEGER, proto, r, 0);
      rep->val.ll = headerNumber(text, n);
      return;
    case ',': {
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      // strtod, as Redis: "inf", "-inf" and "nan" included.
      char buf[kMaxLongDoubleChars + 1];
      double d = 0;
      if (n <= kMaxLongDoubleChars) {
        memcpy(buf, text, n);
        buf[n] = '\0';
        d = strtod(buf, nullptr);
      }
      setShared(rep, REDISMODULE_REPLY_DOUBLE, proto, r, kReplyResp3);
      rep->val.d = d;
      return;
    }
    case '#':
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      setShared(rep, REDISMODULE_REPLY_BOOL, proto, r, kReplyResp3);
      rep->val.ll = n > 0 && text[0] == 't';
      return;
    case '_':
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      return setShared(rep, REDISMODULE_REPLY_NULL, proto, r, kReplyResp3);
    case '*':
    case '~':
    case '%': {
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      long long count = headerNumber(text, n);
      if (kind == '*' && count == -1) return setShared(rep, REDISMODULE_REPLY_NULL, proto, r, 0);
      rep->type = kind == '*' ? REDISMODULE_REPLY_ARRAY : kind == '~' ? REDISMODULE_REPLY_SET : REDISMODULE_REPLY_MAP;
      parseCollection(r, rep, count, proto, kind == '%' ? 2 : 1);
      if (kind != '*') rep->flags |= kReplyResp3;
      return;
    }
    case '|': {
      if (!headerLine(r, &text, &n)) return markUnknown(rep, r);
      long long count = headerNumber(text, n);
      RedisModuleCallReply *attr =
          static_cast<RedisModuleCallReply *>(calloc(1, sizeof(RedisModuleCallReply)));
      attr->ctx = rep->ctx;
      attr->type = REDISMODULE_REPLY_ATTRIBUTE;
      parseCollection(r, attr, count, proto, 2);
      attr->flags |= kReplyParsed | kReplyResp3;
      rep->attribute = attr;
      // The annotated reply follows; its bytes start at the attribute.
      parseInto(r, rep);
      rep->proto = proto;
      rep->proto_len = r.at - proto;
      rep->flags |= kReplyResp3;
      return;
    }
    default:
      // Push ('>') and anything else: Redis's parser has no callback for it.
      rep->type = REDISMODULE_REPLY_UNKNOWN;
      return;
  }
}

void ensureParsed(RedisModuleCallReply *rep) {
  if (rep->flags & kReplyParsed) return;
  Reader r{rep->proto, rep->end};
  parseInto(r, rep);
  rep->flags |= kReplyParsed;
}

void freeTree(RedisModuleCallReply *rep) {
  size_t count = 0;
  bool collection = true;
  switch (rep->type) {
    case REDISMODULE_REPLY_ARRAY:
    case REDISMODULE_REPLY_SET: count = rep->len; break;
    case REDISMODULE_REPLY_MAP:
    case REDISMODULE_REPLY_ATTRIBUTE: count = rep->len * 2; break;
    default: collection = false; break;
  }
  if (collection) {
    for (size_t i = 0; i < count; i++) freeTree(rep->val.elements + i);
    free(rep->val.elements);
  }
  if (rep->attribute != nullptr) {
    freeTree(rep->attribute);
    free(rep->attribute);
  }
}

// A root reply holding a copy of len bytes (NUL-terminated).
RedisModuleCallReply *createRoot(RedisModuleCtx *ctx, const char *bytes, size_t len) {
  void *block = malloc(sizeof(RedisModuleCallReply) + len + 1);
  if (block == nullptr) abort();
  RedisModuleCallReply *rep = static_cast<RedisModuleCallReply *>(block);
  memset(rep, 0, sizeof(*rep));
  char *copy = reinterpret_cast<char *>(rep + 1);
  memcpy(copy, bytes, len);
  copy[len] = '\0';
  rep->ctx = ctx;
  rep->flags = kReplyRoot;
  rep->proto = copy;
  rep->proto_len = len;
  rep->end = copy + len;
  return rep;
}

RedisModuleCallReply *collectionElement(RedisModuleCallReply *rep, size_t idx, size_t perEntry) {
  if (idx >= rep->len * perEntry) return nullptr;
  return rep->val.elements + idx;
}

int mapElement(RedisModuleCallReply *rep, size_t idx, RedisModuleCallReply **key, RedisModuleCallReply **val) {
  ensureParsed(rep);
  if (rep->type != REDISMODULE_REPLY_MAP) return REDISMODULE_ERR;
  if (idx >= rep->len) return REDISMODULE_ERR;
  if (key) *key = collectionElement(rep, idx * 2, 2);
  if (val) *val = collectionElement(rep, idx * 2 + 1, 2);
  return REDISMODULE_OK;
}

// REDISMODULE_ARGV_* of module.c: what the format's modifiers ask for. The
// JS side (src/modules/module-call.ts) reads the same bits.
enum : int {
  kArgvReplicate = 1 << 0,
  kArgvNoAof = 1 << 1,
  kArgvNoReplicas = 1 << 2,
  kArgvResp3 = 1 << 3,
  kArgvRespAuto = 1 << 4,
  kArgvCheckAcl = 1 << 5,
  kArgvScriptMode = 1 << 6,
  kArgvNoWrites = 1 << 7,
  kArgvRepliesAsErrors = 1 << 8,
  kArgvRespectDenyOom = 1 << 9,
  // Ours: the context has no client (OnLoad, timers): 'C' fails with ENOTSUP.
  kArgvNoClient = 1 << 16,
};

// The arguments of one RM_Call: pointers into the module's memory, or into
// `numbers` for 'l' (reserved up front so its strings never move).
struct CallArgv {
  std::vector<BridgeArg> args;
  std::vector<std::string> numbers;
};

// moduleCreateArgvFromUserFormat: false on an unknown specifier.
bool buildArgv(const char *cmdname, const char *fmt, va_list ap, CallArgv *out, int *flags) {
  size_t fmtlen = strlen(fmt);
  out->args.reserve(fmtlen + 1);
  out->numbers.reserve(fmtlen);
  out->args.push_back(BridgeArg{cmdname, strlen(cmdname)});
  for (const char *p = fmt; *p; p++) {
    switch (*p) {
      case 'c': {
        const char *s = va_arg(ap, const char *);
        out->args.push_back(BridgeArg{s, strlen(s)});
        break;
      }
      case 's': {
        RedisModuleString *s = va_arg(ap, RedisModuleString *);
        out->args.push_back(BridgeArg{s->ptr, s->len});
        break;
      }
      case 'b': {
        const char *buf = va_arg(ap, const char *);
        size_t len = va_arg(ap, size_t);
        out->args.push_back(BridgeArg{buf, len});
        break;
      }
      case 'l': {
        long long ll = va_arg(ap, long long);
        char buf[32];
        size_t n = formatLongLong(buf, sizeof(buf), ll);
        out->numbers.emplace_back(buf, n);
        const std::string &kept = out->numbers.back();
        out->args.push_back(BridgeArg{kept.data(), kept.size()});
        break;
      }
      case 'v': {
        RedisModuleString **v = va_arg(ap, RedisModuleString **);
        size_t vlen = va_arg(ap, size_t);
        for (size_t i = 0; i < vlen; i++) out->args.push_back(BridgeArg{v[i]->ptr, v[i]->len});
        break;
      }
      case '!': *flags |= kArgvReplicate; break;
      case 'A': *flags |= kArgvNoAof; break;
      case 'R': *flags |= kArgvNoReplicas; break;
      case '3': *flags |= kArgvResp3; break;
      case '0': *flags |= kArgvRespAuto; break;
      case 'C': *flags |= kArgvCheckAcl; break;
      case 'S': *flags |= kArgvScriptMode; break;
      case 'W': *flags |= kArgvNoWrites; break;
      case 'M': *flags |= kArgvRespectDenyOom; break;
      case 'E': *flags |= kArgvRepliesAsErrors; break;
      default: return false;
    }
  }
  return true;
}

struct ReplySink {
  RedisModuleCtx *ctx;
  RedisModuleCallReply *reply;
};

void sinkReply(void *opaque, const char *bytes, size_t len) {
  ReplySink *sink = static_cast<ReplySink *>(opaque);
  sink->reply = createRoot(sink->ctx, bytes, len);
}

}  // namespace

const char *callReplyProtoBytes(const RedisModuleCallReply *reply, size_t *len) {
  *len = reply->proto_len;
  return reply->proto;
}

bool callReplyIsResp3(const RedisModuleCallReply *reply) { return (reply->flags & kReplyResp3) != 0; }

// ---------------------------------------------------------------------------
// RM_ functions, in module.c's order. Main thread (thread-safe contexts queue
// their calls to it, once that family exists).
// ---------------------------------------------------------------------------

// Frees a reply returned by RM_Call with everything nested in it. A nested
// reply (an element) is not freed: it belongs to its root.
void RM_FreeCallReply(RedisModuleCallReply *reply) {
  if (reply == nullptr) return;
  RedisModuleCtx *ctx = reply->ctx;
  if (reply->flags & kReplyRoot) {
    if (reply->flags & kReplyParsed) freeTree(reply);
    free(reply);
  }
  if (ctx != nullptr) autoMemoryForget(ctx, AutoMemoryEntry::kCallReply, reply);
}

// REDISMODULE_REPLY_*; UNKNOWN for NULL or bytes no type matches (push).
int RM_CallReplyType(RedisModuleCallReply *reply) {
  if (reply == nullptr) return REDISMODULE_REPLY_UNKNOWN;
  ensureParsed(reply);
  return reply->type;
}

// Bytes of a string or error, elements of an array or set, pairs of a map
// or attribute; 0 for every other type.
size_t RM_CallReplyLength(RedisModuleCallReply *reply) {
  ensureParsed(reply);
  switch (reply->type) {
    case REDISMODULE_REPLY_STRING:
    case REDISMODULE_REPLY_ERROR:
    case REDISMODULE_REPLY_ARRAY:
    case REDISMODULE_REPLY_SET:
    case REDISMODULE_REPLY_MAP:
    case REDISMODULE_REPLY_ATTRIBUTE: return reply->len;
    default: return 0;
  }
}

// The idx-th element of an array reply; NULL for another type or out of range.
RedisModuleCallReply *RM_CallReplyArrayElement(RedisModuleCallReply *reply, size_t idx) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_ARRAY) return nullptr;
  return collectionElement(reply, idx, 1);
}

// An integer reply's value; LLONG_MIN for another type.
long long RM_CallReplyInteger(RedisModuleCallReply *reply) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_INTEGER) return LLONG_MIN;
  return reply->val.ll;
}

// A double reply's value; (double)LLONG_MIN for another type, as Redis.
double RM_CallReplyDouble(RedisModuleCallReply *reply) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_DOUBLE) return static_cast<double>(LLONG_MIN);
  return reply->val.d;
}

// A big number's digits (not NUL-terminated) and their count; NULL for
// another type, *len untouched.
const char *RM_CallReplyBigNumber(RedisModuleCallReply *reply, size_t *len) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_BIG_NUMBER) return nullptr;
  if (len) *len = reply->len;
  return reply->val.str;
}

// A verbatim string's text and length, and optionally its three-character
// format (not NUL-terminated); NULL for another type.
const char *RM_CallReplyVerbatim(RedisModuleCallReply *reply, size_t *len, const char **format) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_VERBATIM_STRING) return nullptr;
  if (len) *len = reply->len;
  if (format) *format = reply->val.verbatim.format;
  return reply->val.verbatim.str;
}

// 1 or 0 for a boolean reply; INT_MIN for another type.
int RM_CallReplyBool(RedisModuleCallReply *reply) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_BOOL) return INT_MIN;
  return static_cast<int>(reply->val.ll);
}

// The idx-th element of a set reply; NULL for another type or out of range.
RedisModuleCallReply *RM_CallReplySetElement(RedisModuleCallReply *reply, size_t idx) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_SET) return nullptr;
  return collectionElement(reply, idx, 1);
}

// The idx-th pair of a map reply through key and val (either may be NULL);
// REDISMODULE_ERR for another type or out of range.
int RM_CallReplyMapElement(RedisModuleCallReply *reply, size_t idx, RedisModuleCallReply **key,
                           RedisModuleCallReply **val) {
  return mapElement(reply, idx, key, val);
}

// The attribute that came before the reply, or NULL. Like Redis this does not
// parse: ask after another accessor has looked at the reply.
RedisModuleCallReply *RM_CallReplyAttribute(RedisModuleCallReply *reply) { return reply->attribute; }

// Redis 7.0 checks for a map here, not an attribute, so on an attribute
// reply this returns REDISMODULE_ERR and on a map it behaves as MapElement.
int RM_CallReplyAttributeElement(RedisModuleCallReply *reply, size_t idx, RedisModuleCallReply **key,
                                 RedisModuleCallReply **val) {
  return mapElement(reply, idx, key, val);
}

// The bytes of a string (bulk or simple) or error reply (without the '-')
// and their count; NULL for another type, *len untouched.
const char *RM_CallReplyStringPtr(RedisModuleCallReply *reply, size_t *len) {
  ensureParsed(reply);
  if (reply->type != REDISMODULE_REPLY_STRING && reply->type != REDISMODULE_REPLY_ERROR) return nullptr;
  if (len) *len = reply->len;
  return reply->val.str;
}

// A new string from a string, error or integer reply, created in the
// context of the RM_Call (AutoMemory applies); NULL for other types.
RedisModuleString *RM_CreateStringFromCallReply(RedisModuleCallReply *reply) {
  RedisModuleCtx *ctx = reply->ctx;
  switch (RM_CallReplyType(reply)) {
    case REDISMODULE_REPLY_STRING:
    case REDISMODULE_REPLY_ERROR: return RM_CreateString(ctx, reply->val.str, reply->len);
    case REDISMODULE_REPLY_INTEGER: {
      char buf[32];
      size_t n = formatLongLong(buf, sizeof(buf), reply->val.ll);
      return RM_CreateString(ctx, buf, n);
    }
    default: return nullptr;
  }
}

// Runs cmdname with the arguments fmt describes (c b s l v, and the
// modifiers ! A R 3 0 C S W M E) in the context's database, as a client
// that may not block. Returns the reply (tracked by AutoMemory), or NULL
// with errno: EBADF for a bad format, ENOENT, EINVAL (arity), ESPIPE,
// ENOSPC, ENOTSUP, EACCES, as Redis decides them; with 'E' those but
// EBADF come back as an error reply, errno set as well.
RedisModuleCallReply *RM_Call(RedisModuleCtx *ctx, const char *cmdname, const char *fmt, ...) {
  CallArgv argv;
  int flags = 0;
  va_list ap;
  va_start(ap, fmt);
  bool ok = buildArgv(cmdname, fmt, ap, &argv, &flags);
  va_end(ap);
  if (!ok) {
    errno = EBADF;
    return nullptr;
  }
  int resp = 2;
  if (flags & kArgvResp3) {
    resp = 3;
  } else if (flags & kArgvRespAuto) {
    resp = ctx->client.resp;
  }
  if (ctx->flags & CTX_TEMP_CLIENT) flags |= kArgvNoClient;
  ReplySink sink{ctx, nullptr};
  int err = 0;
  if (!bridgeCall(argv.args.data(), argv.args.size(), ctx->client, resp, flags, &err, sinkReply, &sink)) {
    // JS threw: the exception stays pending and surfaces when control is
    // back in JS; the module sees a failed call.
    if (sink.reply != nullptr) RM_FreeCallReply(sink.reply);
    errno = EIO;
    return nullptr;
  }
  if (err != 0) errno = err;
  if (sink.reply != nullptr) autoMemoryAdd(ctx, AutoMemoryEntry::kCallReply, sink.reply);
  return sink.reply;
}

// The RESP bytes the reply came from: exactly what the command replied (a
// nested reply: its own slice, from its attribute if it has one).
const char *RM_CallReplyProto(RedisModuleCallReply *reply, size_t *len) { return callReplyProtoBytes(reply, len); }
