// Internal helpers of the string family (module.c "String objects APIs"),
// for native files that create, read or release RedisModuleStrings, and the
// number parsers/formatters that must match Redis's util.c byte for byte.
// Every function here runs on any thread unless it says otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "host.h"

// Redis's OBJ_STATIC_REFCOUNT: a string living on a native stack frame that
// must never be freed nor retained by reference (HoldString copies it).
constexpr uint32_t kStaticRefcount = 0x7ffffffe;

// A new string with refcount 1 holding a copy of [p, p+len): one allocation,
// bytes inline, NUL-terminated. p may be NULL: the bytes are then zeroes, as
// Redis's createStringObject(NULL, len) does. Panics on OOM like zmalloc.
RedisModuleString *stringCreate(const char *p, size_t len);
// Same layout, for the argv of a command (kept separate so the host's intent
// is visible where arguments are built).
RedisModuleString *stringCreateArg(const char *p, size_t len);
// Initialise a caller-owned string (e.g. on the stack) that points at p
// without copying; HoldString will copy it, FreeString will ignore it.
// p[len] must be a NUL: modules and the parsers rely on it.
void stringInitStatic(RedisModuleString *s, const char *p, size_t len);
// Redis's incrRefCount / decrRefCount: the last release frees the string.
void stringRetain(RedisModuleString *s);
void stringRelease(RedisModuleString *s);

inline const char *stringPtr(const RedisModuleString *s) { return s->ptr; }
inline size_t stringLen(const RedisModuleString *s) { return s->len; }

// util.c's ll2string/ull2string: decimal, returns the length written.
size_t formatLongLong(char *buf, size_t cap, long long value);
size_t formatULongLong(char *buf, size_t cap, unsigned long long value);
// util.c's d2string (7.0): "nan", "inf", "-inf", "0"/"-0", integral values
// within +-LLONG_MAX/2 as integers, otherwise "%.17g".
size_t formatDouble(char *buf, size_t cap, double value);
// util.c's ld2string: human = "%.17Lf" without trailing zeroes (LD_STR_HUMAN),
// otherwise "%.17Lg" (LD_STR_AUTO). Returns 0 if it does not fit.
size_t formatLongDouble(char *buf, size_t cap, long double value, bool human);
// Buffer size that fits any formatLongDouble output (Redis's MAX_LONG_DOUBLE_CHARS).
constexpr size_t kMaxLongDoubleChars = 5 * 1024;

// util.c's string2ll: strict, no spaces, no '+', no leading zeroes, no "-0",
// at most 20 bytes.
bool parseLongLong(const char *s, size_t len, long long *value);
// util.c's string2ull: string2ll's strict form for non-negative values,
// else strtoull's permissive one (stops at the first NUL).
bool parseULongLong(const char *s, unsigned long long *value);
// object.c's getDoubleFromObject: strtod over all bytes, no leading space,
// no NaN, no overflow; "inf" and hex floats are accepted.
bool parseDouble(const char *s, size_t len, double *value);
// util.c's string2ld (same rules, strtold).
bool parseLongDouble(const char *s, size_t len, long double *value);
// t_stream.c's streamParseID without a default sequence: "-", "+",
// "<ms>" or "<ms>-<seq>".
bool parseStreamID(const char *s, size_t len, uint64_t *ms, uint64_t *seq);

// Redis writes warnings from paths that modules may call on their threads;
// JS is reachable only from the main thread, so elsewhere the line goes to
// stderr instead of being lost.
void logWarningAnyThread(const std::string &message);
