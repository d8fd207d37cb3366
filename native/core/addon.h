// The addon object: one per Node environment that loaded the addon. It owns
// every JS handle native code keeps (the bridge functions, the shared
// callState array). Modules are process-global (dlopen), so only one
// environment may host them: a second init() is refused.
#pragma once
#include <napi.h>

#include <string>

#include "host.h"

class HostAddon : public Napi::Addon<HostAddon> {
 public:
  HostAddon(Napi::Env env, Napi::Object exports);
  ~HostAddon();

  // The environment whose bridge native code calls, or nullptr before init().
  static HostAddon *active();

  Napi::Env env() const { return env_; }
  Napi::FunctionReference bridgeLog;
  // The JS side of RedisModule_Call (bridge.cc's bridgeCall).
  Napi::FunctionReference bridgeCall;
  // The JS side of the key API (bridge.cc's bridgeKeyOp), and the memory
  // its operations share with it (bridge.h, KeyIo).
  Napi::FunctionReference bridgeKey;
  Napi::Reference<Napi::Float64Array> keyIoNum;
  Napi::Reference<Napi::Int32Array> keyIoLens;
  Napi::Reference<Napi::Buffer<char>> keyIoBytes;
  Napi::Reference<Napi::Int32Array> keyIoClosing;
  // callState: [0] out: the database selected after the last call;
  // [1] out: 1 when commands were created after OnLoad and await
  // takeCreatedCommands(); [2..6] in, for callCommandShared: client id,
  // database, protocol, client context flags, argc; [7] out: the errno of
  // the last RedisModule_Call (bridgeCall); [8..8+argc) in: the argument
  // lengths, whose bytes are back to back in requestBuffer (also the
  // arguments of bridgeCall's shared path: both are read before anything
  // else can run, so nested calls may reuse them).
  Napi::Reference<Napi::Int32Array> callState;
  static constexpr uint32_t kCallErrnoSlot = 7;
  static constexpr uint32_t kArgLengthsSlot = 8;
  static constexpr uint32_t kMaxSharedArgs = 1024;
  int32_t *callStateData = nullptr;
  // The shared request of callCommandShared: argument bytes back to back.
  Napi::Reference<Napi::Buffer<char>> requestBuffer;
  char *requestBufferData = nullptr;
  size_t requestBufferSize = 0;
  // Replies up to its size are copied here instead of into a new Buffer per
  // command (a fresh ArrayBuffer costs more than the command itself).
  Napi::Reference<Napi::Buffer<char>> replyBuffer;
  char *replyBufferData = nullptr;
  size_t replyBufferSize = 0;
  // Reused reply storage, so a command's reply does not allocate.
  std::string replyScratch;

 private:
  Napi::Value InitBridge(const Napi::CallbackInfo &info);
  Napi::Value LoadModule(const Napi::CallbackInfo &info);
  Napi::Value UnloadModule(const Napi::CallbackInfo &info);
  Napi::Value ListModules(const Napi::CallbackInfo &info);
  Napi::Value CallCommand(const Napi::CallbackInfo &info);
  Napi::Value CallCommandShared(const Napi::CallbackInfo &info);
  // Runs a command once its arguments are strings; the reply as callCommand returns it.
  Napi::Value runCommand(Napi::Env env, RedisModuleCommand *cmd, const HostClient &client,
                         RedisModuleString **argv, int argc);
  Napi::Value GetKeys(const Napi::CallbackInfo &info);
  Napi::Value SetServerState(const Napi::CallbackInfo &info);
  Napi::Value ApiNames(const Napi::CallbackInfo &info);
  Napi::Value SetBuiltinCommands(const Napi::CallbackInfo &info);
  Napi::Value TakeCreatedCommands(const Napi::CallbackInfo &info);
  Napi::Value KeyspaceEvent(const Napi::CallbackInfo &info);

  Napi::Env env_;
};
