// The addon's entry points: what src/native.ts declares. Arguments are
// checked by the TypeScript caller; native code trusts their types.
#include "addon.h"

#include <string>
#include <vector>

#include "api_table.h"
#include "bridge.h"
#include "command_export.h"
#include "api/commands.h"
#include "crash_report.h"
#include "host.h"
#include "loader.h"
#include "api/replies.h"
#include "server_state.h"
#include "api/strings.h"

namespace {
HostAddon *g_active = nullptr;

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
                           InstanceMethod("getKeys", &HostAddon::GetKeys),
                           InstanceMethod("setServerState", &HostAddon::SetServerState),
                           InstanceMethod("apiNames", &HostAddon::ApiNames),
                           InstanceMethod("setBuiltinCommands", &HostAddon::SetBuiltinCommands),
                           InstanceMethod("takeCreatedCommands", &HostAddon::TakeCreatedCommands),
                       });
  Napi::Int32Array state = Napi::Int32Array::New(env, 4);
  callStateData = state.Data();
  callState = Napi::Persistent(state);
  exports.Set("callState", state);
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

// callCommand(id, clientId, db, resp, clientCtxFlags, argv) -> reply bytes.
// clientCtxFlags are the REDISMODULE_CTX_FLAGS_* bits that depend on the
// client (MULTI, DENY_BLOCKING), decided by the JS side. The hot path:
// one context on the stack, argument strings with inline bytes, the reply
// copied out once. callState[0] receives the client's database afterwards.
Napi::Value HostAddon::CallCommand(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  RedisModuleCommand *cmd = commandById(info[0].As<Napi::Number>().Uint32Value());
  if (cmd == nullptr || cmd->func == nullptr) return throwError(env, "no such module command");
  std::vector<RedisModuleString *> argv;
  argvFromArray(info[5].As<Napi::Array>(), &argv);
  Napi::Value reply;
  {
    RedisModuleCtx ctx(cmd->module, 0);
    ctx.client.id = static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value());
    ctx.client.db = info[2].As<Napi::Number>().Int32Value();
    ctx.client.resp = info[3].As<Napi::Number>().Int32Value();
    ctx.client.ctxFlags = info[4].As<Napi::Number>().Int32Value();
    ctx.command = cmd;
    cmd->func(&ctx, argv.data(), static_cast<int>(argv.size()));
    replyFinish(&ctx);
    callStateData[0] = ctx.client.db;
    // Redis 7.0 lets a module create commands at any time; JS picks them up
    // when this flag says there are some.
    callStateData[1] = commandsPendingAfterLoad() ? 1 : 0;
    reply = Napi::Buffer<char>::Copy(env, ctx.reply.bytes.data(), ctx.reply.bytes.size());
  }
  argvRelease(&argv);
  return reply;
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
  callStateData[1] = 0;
  return exportCommands(info.Env(), commandsTakeCreatedAfterLoad());
}

NODE_API_ADDON(HostAddon)
