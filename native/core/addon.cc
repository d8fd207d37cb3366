// The addon's entry points: what src/native.ts declares. Arguments are
// checked by the TypeScript caller; native code trusts their types.
#include "addon.h"

#include <cstring>
#include <string>
#include <vector>

#include "api_table.h"
#include "bridge.h"
#include "command_export.h"
#include "api/commands.h"
#include "crash_report.h"
#include "host.h"
#include "loader.h"
#include "api/notifications.h"
#include "api/replies.h"
#include "server_state.h"
#include "api/strings.h"

namespace {
HostAddon *g_active = nullptr;

// callState layout (see addon.h).
constexpr int kStateDbOut = 0, kStateCreated = 1, kStateClientId = 2, kStateDb = 3, kStateResp = 4,
              kStateCtxFlags = 5, kStateArgc = 6;
constexpr uint32_t kCallStateHeader = HostAddon::kArgLengthsSlot;
constexpr uint32_t kSharedMaxArgs = HostAddon::kMaxSharedArgs;

Napi::Value throwError(Napi::Env env, const char *message) {
  Napi::Error::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

// Builds the module's argument strings from JS Buffers. Argument strings
// carry their bytes inline: one allocation each.
void argvFromArray(const Napi::Array &arr, std::vector<RedisModuleString *> *out) {
  uint32_t argc = arr.Length();
  out->resize(argc);
  for (uint32_t i = 0; i < argc; i++) {
    Napi::Buffer<char> b = arr.Get(i).As<Napi::Buffer<char>>();
    (*out)[i] = stringCreateArg(b.Data(), b.Length());
  }
}

void argvRelease(std::vector<RedisModuleString *> *argv) {
  for (RedisModuleString *s : *argv) stringRelease(s);
}

Napi::Object moduleInfoToJs(Napi::Env env, const Module *m) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", Napi::String::New(env, m->name));
  o.Set("ver", Napi::Number::New(env, m->ver));
  o.Set("apiver", Napi::Number::New(env, m->apiver));
  o.Set("options", Napi::Number::New(env, m->options));
  o.Set("path", Napi::String::New(env, m->path));
  Napi::Array args = Napi::Array::New(env, m->load_args.size());
  for (size_t i = 0; i < m->load_args.size(); i++)
    args.Set(i, Napi::Buffer<char>::Copy(env, m->load_args[i].data(), m->load_args[i].size()));
  o.Set("args", args);
  return o;
}
}  // namespace

HostAddon *HostAddon::active() { return g_active; }

HostAddon::HostAddon(Napi::Env env, Napi::Object exports) : env_(env) {
  DefineAddon(exports, {
                           InstanceMethod("init", &HostAddon::InitBridge),
                           InstanceMethod("loadModule", &HostAddon::LoadModule),
                           InstanceMethod("unloadModule", &HostAddon::UnloadModule),
                           InstanceMethod("listModules", &HostAddon::ListModules),
                           InstanceMethod("callCommand", &HostAddon::CallCommand),
                           InstanceMethod("callCommandShared", &HostAddon::CallCommandShared),
                           InstanceMethod("getKeys", &HostAddon::GetKeys),
                           InstanceMethod("setServerState", &HostAddon::SetServerState),
                           InstanceMethod("apiNames", &HostAddon::ApiNames),
                           InstanceMethod("setBuiltinCommands", &HostAddon::SetBuiltinCommands),
                           InstanceMethod("takeCreatedCommands", &HostAddon::TakeCreatedCommands),
                           InstanceMethod("keyspaceEvent", &HostAddon::KeyspaceEvent),
                       });
  Napi::Int32Array state = Napi::Int32Array::New(env, kCallStateHeader + kSharedMaxArgs);
  callStateData = state.Data();
  callState = Napi::Persistent(state);
  exports.Set("callState", state);
  requestBufferSize = 64 * 1024;
  Napi::Buffer<char> request = Napi::Buffer<char>::New(env, requestBufferSize);
  requestBufferData = request.Data();
  requestBuffer = Napi::Persistent(request);
  exports.Set("requestBuffer", request);
  exports.Set("sharedMaxArgs", Napi::Number::New(env, kSharedMaxArgs));
  replyBufferSize = 64 * 1024;
  Napi::Buffer<char> shared = Napi::Buffer<char>::New(env, replyBufferSize);
  replyBufferData = shared.Data();
  replyBuffer = Napi::Persistent(shared);
  exports.Set("replyBuffer", shared);
  // The key API's shared memory (bridge.h, KeyIo).
  KeyIo &io = keyIo();
  Napi::Float64Array num = Napi::Float64Array::New(env, kKeyIoNumSlots);
  Napi::Int32Array lens = Napi::Int32Array::New(env, kKeyIoMaxStrings);
  Napi::Buffer<char> bytes = Napi::Buffer<char>::New(env, 64 * 1024);
  io.num = num.Data();
  io.lens = lens.Data();
  io.bytes = bytes.Data();
  io.bytesCap = bytes.Length();
  keyIoNum = Napi::Persistent(num);
  keyIoLens = Napi::Persistent(lens);
  keyIoBytes = Napi::Persistent(bytes);
  Napi::Int32Array closing = Napi::Int32Array::New(env, kKeyIoMaxClosing + 1);
  io.closing = closing.Data();
  keyIoClosing = Napi::Persistent(closing);
  Napi::Object keyIoJs = Napi::Object::New(env);
  keyIoJs.Set("num", num);
  keyIoJs.Set("lens", lens);
  keyIoJs.Set("bytes", bytes);
  keyIoJs.Set("closing", closing);
  exports.Set("keyIo", keyIoJs);
}

HostAddon::~HostAddon() {
  if (g_active == this) g_active = nullptr;
}

// init(bridge): hands over the JS functions native code may call. Only one
// environment per process can host modules.
Napi::Value HostAddon::InitBridge(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (g_active != nullptr && g_active != this)
    return throwError(env, "redis-module-host: modules are process-global; another Node "
                           "environment (worker thread) already hosts them");
  Napi::Object bridge = info[0].As<Napi::Object>();
  bridgeLog = Napi::Persistent(bridge.Get("log").As<Napi::Function>());
  Napi::Value call = bridge.Get("call");
  if (call.IsFunction()) bridgeCall = Napi::Persistent(call.As<Napi::Function>());
  Napi::Value key = bridge.Get("key");
  if (key.IsFunction()) bridgeKey = Napi::Persistent(key.As<Napi::Function>());
  g_active = this;
  crashReportInstall();
  return env.Undefined();
}

// loadModule(path, args) -> { ok, module, commands } | { ok: false, reason }
Napi::Value HostAddon::LoadModule(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Napi::Array jsArgs = info[1].As<Napi::Array>();
  std::vector<std::string> args;
  for (uint32_t i = 0; i < jsArgs.Length(); i++) {
    Napi::Buffer<char> b = jsArgs.Get(i).As<Napi::Buffer<char>>();
    args.emplace_back(b.Data(), b.Length());
  }
  std::string reason;
  Module *m = moduleLoad(path, args, &reason);
  if (env.IsExceptionPending()) return env.Undefined();
  Napi::Object result = Napi::Object::New(env);
  result.Set("ok", Napi::Boolean::New(env, m != nullptr));
  if (m == nullptr) {
    result.Set("reason", Napi::String::New(env, reason));
    return result;
  }
  result.Set("module", moduleInfoToJs(env, m));
  result.Set("commands", exportModuleCommands(env, m));
  return result;
}

// unloadModule(name) -> { ok: true, commandIds } | { ok: false, error }
Napi::Value HostAddon::UnloadModule(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  std::string error;
  std::vector<uint32_t> ids;
  bool ok = moduleUnload(name, &error, &ids);
  if (env.IsExceptionPending()) return env.Undefined();
  Napi::Object result = Napi::Object::New(env);
  result.Set("ok", Napi::Boolean::New(env, ok));
  if (!ok) {
    result.Set("error", Napi::String::New(env, error));
    return result;
  }
  Napi::Array jsIds = Napi::Array::New(env, ids.size());
  for (size_t i = 0; i < ids.size(); i++) jsIds.Set(i, Napi::Number::New(env, ids[i]));
  result.Set("commandIds", jsIds);
  return result;
}

Napi::Value HostAddon::ListModules(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const auto &mods = modulesLoaded();
  Napi::Array out = Napi::Array::New(env, mods.size());
  for (size_t i = 0; i < mods.size(); i++) out.Set(i, moduleInfoToJs(env, mods[i]));
  return out;
}

// callCommand(id, clientId, db, resp, clientCtxFlags, argv) -> the length
// of the reply, now in replyBuffer, or a Buffer when it does not fit there.
// clientCtxFlags are the REDISMODULE_CTX_FLAGS_* bits that depend on the
// client (MULTI, DENY_BLOCKING), decided by the JS side. Used when the
// arguments do not fit the shared request; callCommandShared is the fast path.
Napi::Value HostAddon::CallCommand(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  RedisModuleCommand *cmd = commandById(info[0].As<Napi::Number>().Uint32Value());
  if (cmd == nullptr || cmd->func == nullptr) return throwError(env, "no such module command");
  HostClient client;
  client.id = static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value());
  client.db = info[2].As<Napi::Number>().Int32Value();
  client.resp = info[3].As<Napi::Number>().Int32Value();
  client.ctxFlags = info[4].As<Napi::Number>().Int32Value();
  Napi::Array jsArgv = info[5].As<Napi::Array>();
  uint32_t argc = jsArgv.Length();
  std::vector<RedisModuleString *> argv(argc);
  for (uint32_t i = 0; i < argc; i++) {
    napi_value element;
    void *data;
    size_t length;
    napi_get_element(env, jsArgv, i, &element);
    napi_get_buffer_info(env, element, &data, &length);
    argv[i] = stringCreateArg(static_cast<const char *>(data), length);
  }
  return runCommand(env, cmd, client, argv.data(), static_cast<int>(argc));
}

// callCommandShared(id) -> as callCommand, with the client and the arguments
// read from callState and requestBuffer: no N-API call per argument.
Napi::Value HostAddon::CallCommandShared(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  RedisModuleCommand *cmd = commandById(info[0].As<Napi::Number>().Uint32Value());
  if (cmd == nullptr || cmd->func == nullptr) return throwError(env, "no such module command");
  const int32_t *state = callStateData;
  HostClient client;
  client.id = static_cast<uint32_t>(state[kStateClientId]);
  client.db = state[kStateDb];
  client.resp = state[kStateResp];
  client.ctxFlags = state[kStateCtxFlags];
  uint32_t argc = static_cast<uint32_t>(state[kStateArgc]);
  if (argc > kSharedMaxArgs) return throwError(env, "too many arguments for the shared request");
  RedisModuleString *small[16];
  std::vector<RedisModuleString *> large;
  RedisModuleString **argv = small;
  if (argc > 16) {
    large.resize(argc);
    argv = large.data();
  }
  const char *bytes = requestBufferData;
  for (uint32_t i = 0; i < argc; i++) {
    size_t length = static_cast<uint32_t>(state[kCallStateHeader + i]);
    argv[i] = stringCreateArg(bytes, length);
    bytes += length;
  }
  return runCommand(env, cmd, client, argv, static_cast<int>(argc));
}

// Runs the command, releases the argument strings (a module that retained
// one keeps it through its refcount) and hands back the reply.
Napi::Value HostAddon::runCommand(Napi::Env env, RedisModuleCommand *cmd, const HostClient &client,
                                  RedisModuleString **argv, int argc) {
  Napi::Value result;
  {
    RedisModuleCtx ctx(cmd->module, CTX_CALLER_FINISHES_KEYS);
    ctx.reply.bytes.swap(replyScratch);
    ctx.client = client;
    ctx.command = cmd;
    cmd->func(&ctx, argv, argc);
    replyFinish(&ctx);
    callStateData[kStateDbOut] = ctx.client.db;
    // Redis 7.0 lets a module create commands at any time; JS picks them up
    // when this flag says there are some.
    callStateData[kStateCreated] = commandsPendingAfterLoad() ? 1 : 0;
    const std::string &bytes = ctx.reply.bytes;
    if (bytes.size() <= replyBufferSize) {
      memcpy(replyBufferData, bytes.data(), bytes.size());
      result = Napi::Number::New(env, static_cast<double>(bytes.size()));
    } else {
      result = Napi::Buffer<char>::Copy(env, bytes.data(), bytes.size());
    }
    ctx.reply.bytes.clear();
    ctx.reply.bytes.swap(replyScratch);
    // A reply that once was huge should not pin its memory forever.
    if (replyScratch.capacity() > 4 * replyBufferSize) std::string().swap(replyScratch);
  }
  for (int i = 0; i < argc; i++) stringRelease(argv[i]);
  return result;
}

// getKeys(id, clientId, db, argv) -> [pos, flags, pos, flags, ...] from a
// getkeys-api command's KeyAtPos calls.
Napi::Value HostAddon::GetKeys(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  RedisModuleCommand *cmd = commandById(info[0].As<Napi::Number>().Uint32Value());
  if (cmd == nullptr || cmd->func == nullptr) return env.Null();
  std::vector<RedisModuleString *> argv;
  argvFromArray(info[3].As<Napi::Array>(), &argv);
  Napi::Array out;
  {
    RedisModuleCtx ctx(cmd->module, CTX_KEYS_POS_REQUEST);
    ctx.client.id = static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value());
    ctx.client.db = info[2].As<Napi::Number>().Int32Value();
    ctx.command = cmd;
    cmd->func(&ctx, argv.data(), static_cast<int>(argv.size()));
    out = Napi::Array::New(env, ctx.positions.size() * 2);
    for (size_t i = 0; i < ctx.positions.size(); i++) {
      out.Set(2 * i, Napi::Number::New(env, ctx.positions[i].pos));
      out.Set(2 * i + 1, Napi::Number::New(env, ctx.positions[i].flags));
    }
  }
  argvRelease(&argv);
  return out;
}

// setServerState(contextFlags, databases)
Napi::Value HostAddon::SetServerState(const Napi::CallbackInfo &info) {
  g_serverState.contextFlags = info[0].As<Napi::Number>().Int32Value();
  g_serverState.databases = info[1].As<Napi::Number>().Int32Value();
  return info.Env().Undefined();
}

// apiNames() -> the RedisModule_* names GetApi resolves.
Napi::Value HostAddon::ApiNames(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, apiTableSize());
  for (size_t i = 0; i < apiTableSize(); i++) out.Set(i, Napi::String::New(env, apiTableName(i)));
  return out;
}

// setBuiltinCommands(names): CreateCommand refuses names the server has.
Napi::Value HostAddon::SetBuiltinCommands(const Napi::CallbackInfo &info) {
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<std::string> names;
  for (uint32_t i = 0; i < arr.Length(); i++) names.push_back(arr.Get(i).As<Napi::String>().Utf8Value());
  commandsSetBuiltinNames(names);
  return info.Env().Undefined();
}

// takeCreatedCommands() -> commands created after their module's OnLoad.
Napi::Value HostAddon::TakeCreatedCommands(const Napi::CallbackInfo &info) {
  callStateData[kStateCreated] = 0;
  return exportCommands(info.Env(), commandsTakeCreatedAfterLoad());
}

// keyspaceEvent(type, event, key, db): a keyspace event for the modules
// that subscribed to its class (SubscribeToKeyspaceEvents).
Napi::Value HostAddon::KeyspaceEvent(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int type = info[0].As<Napi::Number>().Int32Value();
  std::string event = info[1].As<Napi::String>().Utf8Value();
  Napi::Buffer<char> key = info[2].As<Napi::Buffer<char>>();
  int db = info[3].As<Napi::Number>().Int32Value();
  // The event arrives in the middle of a key operation or a command: the
  // numbers of the operation in progress are kept across the subscribers'
  // own key operations.
  KeyIo &io = keyIo();
  double saved[kKeyIoNumSlots];
  memcpy(saved, io.num, sizeof(saved));
  keyspaceEventsDispatch(type, event.data(), event.size(), key.Data(), key.Length(), db);
  memcpy(io.num, saved, sizeof(saved));
  return env.Undefined();
}

NODE_API_ADDON(HostAddon)
