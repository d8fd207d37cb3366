// The addon object: one per Node environment that loaded the addon. It owns
// every JS handle native code keeps (the bridge functions, the shared
// callState array). Modules are process-global (dlopen), so only one
// environment may host them: a second init() is refused.
#pragma once
#include <napi.h>

class HostAddon : public Napi::Addon<HostAddon> {
 public:
  HostAddon(Napi::Env env, Napi::Object exports);
  ~HostAddon();

  // The environment whose bridge native code calls, or nullptr before init().
  static HostAddon *active();

  Napi::Env env() const { return env_; }
  Napi::FunctionReference bridgeLog;
  // [0]: the database selected after the last callCommand; [1]: 1 when
  // commands were created after OnLoad and await takeCreatedCommands().
  Napi::Reference<Napi::Int32Array> callState;
  int32_t *callStateData = nullptr;

 private:
  Napi::Value InitBridge(const Napi::CallbackInfo &info);
  Napi::Value LoadModule(const Napi::CallbackInfo &info);
  Napi::Value UnloadModule(const Napi::CallbackInfo &info);
  Napi::Value ListModules(const Napi::CallbackInfo &info);
  Napi::Value CallCommand(const Napi::CallbackInfo &info);
  Napi::Value GetKeys(const Napi::CallbackInfo &info);
  Napi::Value SetServerState(const Napi::CallbackInfo &info);
  Napi::Value ApiNames(const Napi::CallbackInfo &info);
  Napi::Value SetBuiltinCommands(const Napi::CallbackInfo &info);
  Napi::Value TakeCreatedCommands(const Napi::CallbackInfo &info);

  Napi::Env env_;
};
