// module.c section "String objects APIs", and the util.c number rules the
// string functions depend on (Redis 7.0.15 behaviour, glibc formatting).
#include "strings.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <climits>
#include <cstring>

#include "automemory.h"
#include "bridge.h"
#include "crash_report.h"

namespace {

// Redis's LONG_STR_SIZE: the longest long long in decimal, plus one.
constexpr size_t kLongStrSize = 21;

RedisModuleString *allocInline(size_t len) {
  auto *s = static_cast<RedisModuleString *>(hostAlloc(sizeof(RedisModuleString) + len + 1));
  s->refcount = 1;
  s->inline_data = 1;
  s->len = len;
  s->cap = len;
  s->ptr = reinterpret_cast<char *>(s + 1);
  s->ptr[len] = '\0';
  return s;
}

// Redis's moduleAssertUnsharedString: in-place edits need sole ownership.
bool isUnshared(const RedisModuleString *s) {
  if (s->refcount == 1) return true;
  logWarningAnyThread(
      "Module attempted to use an in-place string modify operation with a string referenced "
      "multiple times. Please check the code for API usage correctness.");
  return false;
}

// Append without the refcount check; inline bytes move to the heap the
// first time the string grows (Redis's embstr -> raw conversion).
void appendBytes(RedisModuleString *s, const char *buf, size_t len) {
  size_t need = s->len + len;
  if (need > s->cap || s->inline_data) {
    // sdsMakeRoomFor's greedy growth: double below 1 MiB, then +1 MiB.
    constexpr size_t kMaxPrealloc = 1024 * 1024;
    size_t cap = need < kMaxPrealloc ? need * 2 : need + kMaxPrealloc;
    if (s->inline_data) {
      char *heap = static_cast<char *>(hostAlloc(cap + 1));
      memcpy(heap, s->ptr, s->len);
      s->ptr = heap;
      s->inline_data = 0;
    } else {
      s->ptr = static_cast<char *>(hostRealloc(s->ptr, cap + 1));
    }
    s->cap = cap;
  }
  memcpy(s->ptr + s->len, buf, len);
  s->len = need;
  s->ptr[need] = '\0';
}

RedisModuleString *tracked(RedisModuleCtx *ctx, RedisModuleString *s) {
  if (ctx != nullptr) autoMemoryAdd(ctx, AutoMemoryEntry::kString, s);
  return s;
}

bool onMainThread() { return syscall(SYS_gettid) == getpid(); }

}  // namespace

void logWarningAnyThread(const std::string &message) {
  if (onMainThread()) {
    bridgeLog(LogLevel::Warning, message);
  } else {
    fprintf(stderr, "%s\n", message.c_str());
  }
}

// ---------------------------------------------------------------------------
// Internal string helpers
// ---------------------------------------------------------------------------

RedisModuleString *stringCreate(const char *p, size_t len) {
  RedisModuleString *s = allocInline(len);
  if (p != nullptr) {
    memcpy(s->ptr, p, len);
  } else {
    memset(s->ptr, 0, len);
  }
  return s;
}

RedisModuleString *stringCreateArg(const char *p, size_t len) { return stringCreate(p, len); }

void stringInitStatic(RedisModuleString *s, const char *p, size_t len) {
  s->refcount = kStaticRefcount;
  s->inline_data = 0;
  s->len = len;
  s->cap = len;
  s->ptr = const_cast<char *>(p);
}

void stringRetain(RedisModuleString *s) {
  if (s->refcount != kStaticRefcount) s->refcount++;
}

void stringRelease(RedisModuleString *s) {
  if (s->refcount == kStaticRefcount) return;
  if (s->refcount == 0) crashReportAndDie("decrRefCount against refcount <= 0", nullptr);
  if (--s->refcount > 0) return;
  if (!s->inline_data) free(s->ptr);
  free(s);
}

// ---------------------------------------------------------------------------
// Number formatting and parsing (util.c / object.c / t_stream.c rules)
// ---------------------------------------------------------------------------

size_t formatULongLong(char *buf, size_t cap, unsigned long long value) {
  char digits[kLongStrSize];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  if (n + 1 > cap) {
    if (cap) buf[0] = '\0';
    return 0;
  }
  for (size_t i = 0; i < n; i++) buf[i] = digits[n - 1 - i];
  buf[n] = '\0';
  return n;
}

size_t formatLongLong(char *buf, size_t cap, long long value) {
  if (value >= 0) return formatULongLong(buf, cap, static_cast<unsigned long long>(value));
  if (cap < 2) {
    if (cap) buf[0] = '\0';
    return 0;
  }
  // Negate in unsigned arithmetic so LLONG_MIN does not overflow.
  unsigned long long magnitude = 0ULL - static_cast<unsigned long long>(value);
  size_t n = formatULongLong(buf + 1, cap - 1, magnitude);
  if (n == 0) {
    buf[0] = '\0';
    return 0;
  }
  buf[0] = '-';
  return n + 1;
}

size_t formatDouble(char *buf, size_t cap, double value) {
  int n;
  if (std::isnan(value)) {
    n = snprintf(buf, cap, "nan");
  } else if (std::isinf(value)) {
    n = snprintf(buf, cap, value < 0 ? "-inf" : "inf");
  } else if (value == 0) {
    n = snprintf(buf, cap, std::signbit(value) ? "-0" : "0");
  } else if (value >= static_cast<double>(-LLONG_MAX / 2) && value <= static_cast<double>(LLONG_MAX / 2) &&
             value == static_cast<double>(static_cast<long long>(value))) {
    // Redis's double2ll: integral values within +-LLONG_MAX/2 print as
    // integers, never with an exponent.
    return formatLongLong(buf, cap, static_cast<long long>(value));
  } else {
    n = snprintf(buf, cap, "%.17g", value);
  }
  return n > 0 ? static_cast<size_t>(n) : 0;
}

size_t formatLongDouble(char *buf, size_t cap, long double value, bool human) {
  size_t len;
  if (std::isinf(value)) {
    if (cap < 5) goto fail;
    len = value > 0 ? 3 : 4;
    memcpy(buf, value > 0 ? "inf" : "-inf", len);
  } else if (human) {
    int n = snprintf(buf, cap, "%.17Lf", value);
    if (n < 0 || static_cast<size_t>(n) + 1 > cap) goto fail;
    len = static_cast<size_t>(n);
    // Human form: no trailing zeroes after the point, no lone point, and
    // no negative zero.
    if (strchr(buf, '.') != nullptr) {
      while (buf[len - 1] == '0') len--;
      if (buf[len - 1] == '.') len--;
    }
    if (len == 2 && buf[0] == '-' && buf[1] == '0') {
      buf[0] = '0';
      len = 1;
    }
  } else {
    int n = snprintf(buf, cap, "%.17Lg", value);
    if (n < 0 || static_cast<size_t>(n) + 1 > cap) goto fail;
    len = static_cast<size_t>(n);
  }
  buf[len] = '\0';
  return len;
fail:
  if (cap) buf[0] = '\0';
  return 0;
}

bool parseLongLong(const char *s, size_t len, long long *value) {
  if (len == 0 || len >= kLongStrSize) return false;
  if (len == 1 && s[0] == '0') {
    if (value) *value = 0;
    return true;
  }
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    if (++i == len) return false;
  }
  // No leading zeroes: a lone "0" was handled above, "-0" is rejected.
  if (s[i] < '1' || s[i] > '9') return false;
  unsigned long long v = static_cast<unsigned long long>(s[i++] - '0');
  for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
    unsigned digit = static_cast<unsigned>(s[i] - '0');
    if (v > ~0ULL / 10) return false;
    v *= 10;
    if (v > ~0ULL - digit) return false;
    v += digit;
  }
  if (i < len) return false;
  if (negative) {
    if (v > static_cast<unsigned long long>(LLONG_MAX) + 1) return false;
    if (value) *value = static_cast<long long>(0ULL - v);
  } else {
    if (v > static_cast<unsigned long long>(LLONG_MAX)) return false;
    if (value) *value = static_cast<long long>(v);
  }
  return true;
}

bool parseULongLong(const char *s, unsigned long long *value) {
  long long ll;
  if (parseLongLong(s, strlen(s), &ll)) {
    if (ll < 0) return false;
    *value = static_cast<unsigned long long>(ll);
    return true;
  }
  // Redis falls back to strtoull for values above LLONG_MAX, and with it
  // accepts what strtoull accepts: leading spaces, '+', and '-' (wrapping).
  errno = 0;
  char *end = nullptr;
  *value = strtoull(s, &end, 10);
  if (errno == EINVAL || errno == ERANGE || !(*s != '\0' && *end == '\0')) return false;
  return true;
}

bool parseDouble(const char *s, size_t len, double *value) {
  errno = 0;
  char *end;
  double v = strtod(s, &end);
  if (len == 0 || isspace(static_cast<unsigned char>(s[0])) || static_cast<size_t>(end - s) != len ||
      (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || v == 0)) || std::isnan(v)) {
    return false;
  }
  *value = v;
  return true;
}

bool parseLongDouble(const char *s, size_t len, long double *value) {
  char buf[kMaxLongDoubleChars];
  if (len == 0 || len >= sizeof(buf)) return false;
  memcpy(buf, s, len);
  buf[len] = '\0';
  errno = 0;
  char *end;
  long double v = strtold(buf, &end);
  if (isspace(static_cast<unsigned char>(buf[0])) || static_cast<size_t>(end - buf) != len ||
      (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || v == 0)) || errno == EINVAL || std::isnan(v)) {
    return false;
  }
  if (value) *value = v;
  return true;
}

bool parseStreamID(const char *s, size_t len, uint64_t *ms, uint64_t *seq) {
  char buf[128];
  if (len > sizeof(buf) - 1) return false;
  memcpy(buf, s, len);
  buf[len] = '\0';
  if (buf[0] == '-' && buf[1] == '\0') {
    *ms = 0;
    *seq = 0;
    return true;
  }
  if (buf[0] == '+' && buf[1] == '\0') {
    *ms = UINT64_MAX;
    *seq = UINT64_MAX;
    return true;
  }
  unsigned long long msv, seqv = 0;
  char *dash = strchr(buf, '-');
  if (dash) *dash = '\0';
  if (!parseULongLong(buf, &msv)) return false;
  if (dash && !parseULongLong(dash + 1, &seqv)) return false;
  *ms = msv;
  *seq = seqv;
  return true;
}

// ---------------------------------------------------------------------------
// RM_ functions
// ---------------------------------------------------------------------------

// A new string holding a copy of len bytes at ptr (ptr NULL: zeroes). With a
// ctx that enabled AutoMemory it is released when the callback returns;
// otherwise the caller frees it. ctx may be NULL. Any thread (ctx: its own).
RedisModuleString *RM_CreateString(RedisModuleCtx *ctx, const char *ptr, size_t len) {
  return tracked(ctx, stringCreate(ptr, len));
}

// A new string from a printf format (vsnprintf rules). ctx as CreateString.
// Any thread.
RedisModuleString *RM_CreateStringPrintf(RedisModuleCtx *ctx, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  RedisModuleString *s;
  if (n < 0) {
    s = stringCreate("", 0);
  } else if (static_cast<size_t>(n) < sizeof(small)) {
    s = stringCreate(small, static_cast<size_t>(n));
  } else {
    s = allocInline(static_cast<size_t>(n));
    vsnprintf(s->ptr, static_cast<size_t>(n) + 1, fmt, again);
  }
  va_end(again);
  return tracked(ctx, s);
}

// The decimal form of ll. ctx as CreateString. Any thread.
RedisModuleString *RM_CreateStringFromLongLong(RedisModuleCtx *ctx, long long ll) {
  char buf[kLongStrSize];
  size_t len = formatLongLong(buf, sizeof(buf), ll);
  return RM_CreateString(ctx, buf, len);
}

// The decimal form of ull. ctx as CreateString. Any thread.
RedisModuleString *RM_CreateStringFromULongLong(RedisModuleCtx *ctx, unsigned long long ull) {
  char buf[kLongStrSize];
  size_t len = formatULongLong(buf, sizeof(buf), ull);
  return RM_CreateString(ctx, buf, len);
}

// d as Redis's d2string writes it ("%.17g", integers without exponent,
// "inf"/"-inf"/"nan", "-0"). ctx as CreateString. Any thread.
RedisModuleString *RM_CreateStringFromDouble(RedisModuleCtx *ctx, double d) {
  char buf[128];
  size_t len = formatDouble(buf, sizeof(buf), d);
  return RM_CreateString(ctx, buf, len);
}

// ld as "%.17Lg", or with humanfriendly as "%.17Lf" minus trailing zeroes.
// ctx as CreateString. Any thread.
RedisModuleString *RM_CreateStringFromLongDouble(RedisModuleCtx *ctx, long double ld, int humanfriendly) {
  char buf[kMaxLongDoubleChars];
  size_t len = formatLongDouble(buf, sizeof(buf), ld, humanfriendly != 0);
  return RM_CreateString(ctx, buf, len);
}

// A copy of str's bytes (a new object, refcount 1). ctx as CreateString.
// Any thread.
RedisModuleString *RM_CreateStringFromString(RedisModuleCtx *ctx, const RedisModuleString *str) {
  return RM_CreateString(ctx, str->ptr, str->len);
}

// "<ms>-<seq>" in decimal. ctx as CreateString. Any thread.
RedisModuleString *RM_CreateStringFromStreamID(RedisModuleCtx *ctx, const RedisModuleStreamID *id) {
  char buf[2 * kLongStrSize + 1];
  int n = snprintf(buf, sizeof(buf), "%llu-%llu", static_cast<unsigned long long>(id->ms),
                   static_cast<unsigned long long>(id->seq));
  return RM_CreateString(ctx, buf, static_cast<size_t>(n));
}

// Drops one reference (the last frees the string) and, with a ctx, takes the
// string off the context's AutoMemory list. Any thread (ctx: its own).
void RM_FreeString(RedisModuleCtx *ctx, RedisModuleString *str) {
  stringRelease(str);
  if (ctx != nullptr) autoMemoryForget(ctx, AutoMemoryEntry::kString, str);
}

// Makes str outlive the callback: if the ctx's AutoMemory holds it, it is
// simply taken off the list (refcount stays 1, so StringAppendBuffer still
// works); otherwise one more FreeString becomes necessary. ctx may be NULL.
// Any thread (ctx: its own).
void RM_RetainString(RedisModuleCtx *ctx, RedisModuleString *str) {
  if (ctx == nullptr || !autoMemoryForget(ctx, AutoMemoryEntry::kString, str)) stringRetain(str);
}

// Returns str with one more reference (a copy if str is a static string),
// tracked by the ctx's AutoMemory if enabled: that release and the caller's
// FreeString each drop one reference. ctx may be NULL. Any thread.
RedisModuleString *RM_HoldString(RedisModuleCtx *ctx, RedisModuleString *str) {
  if (str->refcount == kStaticRefcount) return RM_CreateStringFromString(ctx, str);
  stringRetain(str);
  if (ctx != nullptr) autoMemoryAdd(ctx, AutoMemoryEntry::kString, str);
  return str;
}

// The bytes (NUL-terminated, read only) and, if len is not NULL, their count.
// A NULL str yields Redis's placeholder text instead of crashing. Any thread.
const char *RM_StringPtrLen(const RedisModuleString *str, size_t *len) {
  if (str == nullptr) {
    static const char kNullText[] = "(NULL string reply referenced in module)";
    if (len) *len = sizeof(kNullText) - 1;
    return kNullText;
  }
  if (len) *len = str->len;
  return str->ptr;
}

// Strict long long parse (see parseLongLong). REDISMODULE_OK or _ERR.
// Any thread.
int RM_StringToLongLong(const RedisModuleString *str, long long *ll) {
  return parseLongLong(str->ptr, str->len, ll) ? REDISMODULE_OK : REDISMODULE_ERR;
}

// unsigned long long parse (see parseULongLong). Any thread.
int RM_StringToULongLong(const RedisModuleString *str, unsigned long long *ull) {
  return parseULongLong(str->ptr, ull) ? REDISMODULE_OK : REDISMODULE_ERR;
}

// double parse (see parseDouble): "inf" yes, "nan" no. Any thread.
int RM_StringToDouble(const RedisModuleString *str, double *d) {
  return parseDouble(str->ptr, str->len, d) ? REDISMODULE_OK : REDISMODULE_ERR;
}

// long double parse (see parseLongDouble). Any thread.
int RM_StringToLongDouble(const RedisModuleString *str, long double *d) {
  return parseLongDouble(str->ptr, str->len, d) ? REDISMODULE_OK : REDISMODULE_ERR;
}

// Stream ID parse: "-", "+", "<ms>", "<ms>-<seq>". Any thread.
int RM_StringToStreamID(const RedisModuleString *str, RedisModuleStreamID *id) {
  uint64_t ms, seq;
  if (!parseStreamID(str->ptr, str->len, &ms, &seq)) return REDISMODULE_ERR;
  id->ms = ms;
  id->seq = seq;
  return REDISMODULE_OK;
}

// Byte-wise comparison: memcmp's sign over the common prefix, else the
// length difference (Redis returns the raw values, not just -1/0/1).
// Any thread.
int RM_StringCompare(RedisModuleString *a, RedisModuleString *b) {
  if (a == b) return 0;
  size_t minlen = a->len < b->len ? a->len : b->len;
  int cmp = memcmp(a->ptr, b->ptr, minlen);
  if (cmp == 0) return static_cast<int>(a->len - b->len);
  return cmp;
}

// Appends len bytes to str in place. Fails with REDISMODULE_ERR (and a
// warning in the log) if str has more than one reference. Any thread.
int RM_StringAppendBuffer(RedisModuleCtx *ctx, RedisModuleString *str, const char *buf, size_t len) {
  if (!isUnshared(str)) return REDISMODULE_ERR;
  appendBytes(str, buf, len);
  return REDISMODULE_OK;
}

// Gives back spare capacity (more than a tenth of the length) of a string
// that grew; NULL is a no-op. Not safe against concurrent readers of str.
// Any thread.
void RM_TrimStringAllocation(RedisModuleString *str) {
  if (str == nullptr || str->inline_data || str->refcount == kStaticRefcount) return;
  if (str->cap - str->len <= str->len / 10) return;
  str->ptr = static_cast<char *>(hostRealloc(str->ptr, str->len + 1));
  str->cap = str->len;
}
