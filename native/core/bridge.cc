// The only file that calls into JavaScript. Every function here runs on the
// main thread: the JS functions were handed over by init() in that thread.
#include "bridge.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "addon.h"
#include "host.h"

namespace {
KeyIo g_keyIo;
uint64_t g_epoch = 1;
}  // namespace

uint64_t bridgeEpoch() { return g_epoch; }
void bridgeEpochBump() { g_epoch++; }

void bridgeLog(LogLevel level, const std::string &message) {
  HostAddon *host = HostAddon::active();
  if (host == nullptr || host->bridgeLog.IsEmpty()) {
    // No JS logger (init not called yet, or the environment is gone): the
    // line must not be lost, so it goes to stderr.
    fprintf(stderr, "%s\n", message.c_str());
    return;
  }
  Napi::Env env = host->env();
  Napi::HandleScope scope(env);
  host->bridgeLog.Call({Napi::Number::New(env, static_cast<int>(level)),
                        Napi::String::New(env, message)});
  // A throwing logger must not unwind into module code: the exception stays
  // pending and surfaces when control returns to JS.
}

void bridgeLogf(LogLevel level, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  bridgeLog(level, buf);
}

bool bridgeCall(const BridgeArg *argv, size_t argc, const HostClient &client, int resp, int flags,
                int *errnoOut, void (*sink)(void *opaque, const char *bytes, size_t len), void *opaque) {
  *errnoOut = 0;
  HostAddon *host = HostAddon::active();
  if (host == nullptr || host->bridgeCall.IsEmpty()) return false;
  Napi::Env env = host->env();
  // A call made while an earlier one's exception is pending cannot enter JS.
  if (env.IsExceptionPending()) return false;
  g_epoch++;
  Napi::HandleScope scope(env);
  size_t total = 0;
  for (size_t i = 0; i < argc; i++) total += argv[i].len;
  napi_value args[6];
  if (argc <= HostAddon::kMaxSharedArgs && total <= host->requestBufferSize) {
    // The shared request: no JS object per argument. The command that is
    // running read its own arguments from here before it started.
    char *out = host->requestBufferData;
    int32_t *lengths = host->callStateData + HostAddon::kArgLengthsSlot;
    for (size_t i = 0; i < argc; i++) {
      memcpy(out, argv[i].ptr, argv[i].len);
      out += argv[i].len;
      lengths[i] = static_cast<int32_t>(argv[i].len);
    }
    args[0] = env.Null();
  } else {
    Napi::Array list = Napi::Array::New(env, argc);
    for (size_t i = 0; i < argc; i++) list.Set(i, Napi::Buffer<char>::Copy(env, argv[i].ptr, argv[i].len));
    args[0] = list;
  }
  args[1] = Napi::Number::New(env, static_cast<double>(argc));
  args[2] = Napi::Number::New(env, static_cast<double>(client.id));
  args[3] = Napi::Number::New(env, client.db);
  args[4] = Napi::Number::New(env, resp);
  args[5] = Napi::Number::New(env, flags);
  napi_value result;
  napi_status status =
      napi_call_function(env, env.Undefined(), host->bridgeCall.Value(), 6, args, &result);
  if (status != napi_ok || env.IsExceptionPending()) return false;
  *errnoOut = host->callStateData[HostAddon::kCallErrnoSlot];
  napi_valuetype type;
  napi_typeof(env, result, &type);
  if (type == napi_number) {
    double length;
    napi_get_value_double(env, result, &length);
    // A negative length: no reply (the errno says why).
    if (length >= 0) sink(opaque, host->replyBufferData, static_cast<size_t>(length));
    return true;
  }
  void *data = nullptr;
  size_t length = 0;
  if (napi_get_buffer_info(env, result, &data, &length) != napi_ok) return false;
  sink(opaque, static_cast<const char *>(data), length);
  return true;
}


KeyIo &keyIo() { return g_keyIo; }

BridgeArg bridgeArg(const RedisModuleString *s) { return BridgeArg{s->ptr, s->len}; }

bool bridgeKeyOp(int op, const BridgeArg *in, size_t nin, KeyOutSink sink, void *opaque) {
  HostAddon *host = HostAddon::active();
  if (host == nullptr || host->bridgeKey.IsEmpty()) return false;
  Napi::Env env = host->env();
  if (env.IsExceptionPending()) return false;
  g_epoch++;
  Napi::HandleScope scope(env);
  KeyIo &io = g_keyIo;
  size_t total = 0;
  for (size_t i = 0; i < nin; i++) total += in[i].len;
  // The operation and its string count travel in num[0] and num[1] (JS
  // reads them first): no JS value is created for a call whose strings fit.
  io.num[0] = op;
  io.num[1] = static_cast<double>(nin);
  napi_value overflow = nullptr;
  if (nin <= static_cast<size_t>(kKeyIoMaxStrings) && total <= io.bytesCap) {
    char *out = io.bytes;
    for (size_t i = 0; i < nin; i++) {
      if (in[i].len != 0) memcpy(out, in[i].ptr, in[i].len);
      out += in[i].len;
      io.lens[i] = static_cast<int32_t>(in[i].len);
    }
  } else {
    // Too large for the shared memory: each input its own Buffer.
    Napi::Array list = Napi::Array::New(env, nin);
    for (size_t i = 0; i < nin; i++) list.Set(i, Napi::Buffer<char>::Copy(env, in[i].ptr, in[i].len));
    overflow = list;
  }
  napi_value result;
  napi_status status = napi_call_function(env, env.Undefined(), host->bridgeKey.Value(), overflow != nullptr ? 1 : 0,
                                          overflow != nullptr ? &overflow : nullptr, &result);
  if (status != napi_ok || env.IsExceptionPending()) return false;
  napi_valuetype type;
  napi_typeof(env, result, &type);
  if (type == napi_number) {
    // n outputs back to back in the shared bytes.
    double count;
    napi_get_value_double(env, result, &count);
    const char *at = io.bytes;
    for (size_t i = 0; i < static_cast<size_t>(count); i++) {
      size_t len = static_cast<size_t>(io.lens[i]);
      if (sink != nullptr) sink(opaque, i, at, len);
      at += len;
    }
    return true;
  }
  if (type != napi_object) return true;  // undefined: no outputs
  // An array of Buffers: outputs too large for the shared memory, or ones
  // whose own memory the caller needs (StringDMA).
  uint32_t count = 0;
  napi_get_array_length(env, result, &count);
  for (uint32_t i = 0; i < count; i++) {
    napi_value element;
    void *data = nullptr;
    size_t length = 0;
    napi_get_element(env, result, i, &element);
    if (napi_get_buffer_info(env, element, &data, &length) != napi_ok) return false;
    if (sink != nullptr) sink(opaque, i, static_cast<const char *>(data), length);
  }
  return true;
}
