// Turns the host's RedisModuleCommand into the plain JS object that
// src/modules/command-spec.ts reads. Names of flags, key-spec flags and
// argument types are spelled here exactly as Redis 7.0.15 prints them, so
// the TypeScript side never has to know the ABI's bit values.
#include "command_export.h"

#include <string>

#include "api/commands.h"

namespace {

Napi::Value optionalString(Napi::Env env, bool present, const std::string &s) {
  if (!present) return env.Null();
  return Napi::String::New(env, s);
}

Napi::Array stringArray(Napi::Env env, const std::vector<std::string> &items) {
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); i++) out.Set(static_cast<uint32_t>(i), Napi::String::New(env, items[i]));
  return out;
}

// Redis's key-spec flag order (addReplyFlagsForKeyArgs).
std::vector<std::string> keySpecFlagNames(uint64_t flags) {
  static const struct {
    uint64_t bit;
    const char *name;
  } kNames[] = {
      {REDISMODULE_CMD_KEY_RO, "RO"},
      {REDISMODULE_CMD_KEY_RW, "RW"},
      {REDISMODULE_CMD_KEY_OW, "OW"},
      {REDISMODULE_CMD_KEY_RM, "RM"},
      {REDISMODULE_CMD_KEY_ACCESS, "access"},
      {REDISMODULE_CMD_KEY_UPDATE, "update"},
      {REDISMODULE_CMD_KEY_INSERT, "insert"},
      {REDISMODULE_CMD_KEY_DELETE, "delete"},
      {REDISMODULE_CMD_KEY_NOT_KEY, "not_key"},
      {REDISMODULE_CMD_KEY_INCOMPLETE, "incomplete"},
      {REDISMODULE_CMD_KEY_VARIABLE_FLAGS, "variable_flags"},
  };
  std::vector<std::string> names;
  for (const auto &f : kNames)
    if (flags & f.bit) names.emplace_back(f.name);
  return names;
}

Napi::Object keySpecToJs(Napi::Env env, const CommandKeySpecCopy &spec) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("notes", optionalString(env, spec.has_notes, spec.notes));
  o.Set("flags", stringArray(env, keySpecFlagNames(spec.flags)));

  Napi::Object bs = Napi::Object::New(env);
  if (spec.begin_search_type == REDISMODULE_KSPEC_BS_INDEX) {
    bs.Set("type", "index");
    bs.Set("pos", spec.bs_pos);
  } else if (spec.begin_search_type == REDISMODULE_KSPEC_BS_KEYWORD) {
    bs.Set("type", "keyword");
    bs.Set("keyword", spec.bs_keyword);
    bs.Set("startfrom", spec.bs_startfrom);
  } else {
    bs.Set("type", "unknown");
  }
  o.Set("beginSearch", bs);

  Napi::Object fk = Napi::Object::New(env);
  if (spec.find_keys_type == REDISMODULE_KSPEC_FK_RANGE) {
    fk.Set("type", "range");
    fk.Set("lastkey", spec.fk_lastkey);
    fk.Set("step", spec.fk_keystep);
    fk.Set("limit", spec.fk_limit);
  } else if (spec.find_keys_type == REDISMODULE_KSPEC_FK_KEYNUM) {
    fk.Set("type", "keynum");
    fk.Set("keynumidx", spec.fk_keynumidx);
    fk.Set("firstkey", spec.fk_firstkey);
    fk.Set("step", spec.fk_keynum_keystep);
  } else {
    fk.Set("type", "unknown");
  }
  o.Set("findKeys", fk);
  return o;
}

const char *argTypeName(RedisModuleCommandArgType type) {
  switch (type) {
    case REDISMODULE_ARG_TYPE_STRING: return "string";
    case REDISMODULE_ARG_TYPE_INTEGER: return "integer";
    case REDISMODULE_ARG_TYPE_DOUBLE: return "double";
    case REDISMODULE_ARG_TYPE_KEY: return "key";
    case REDISMODULE_ARG_TYPE_PATTERN: return "pattern";
    case REDISMODULE_ARG_TYPE_UNIX_TIME: return "unix-time";
    case REDISMODULE_ARG_TYPE_PURE_TOKEN: return "pure-token";
    case REDISMODULE_ARG_TYPE_ONEOF: return "oneof";
    case REDISMODULE_ARG_TYPE_BLOCK: return "block";
  }
  return "string";  // unreachable: SetCommandInfo refuses other types
}

Napi::Array argsToJs(Napi::Env env, const std::vector<CommandArgCopy> &args) {
  Napi::Array out = Napi::Array::New(env, args.size());
  for (size_t i = 0; i < args.size(); i++) {
    const CommandArgCopy &a = args[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", a.name);
    o.Set("type", argTypeName(a.type));
    o.Set("keySpecIndex", a.key_spec_index);
    o.Set("token", optionalString(env, a.has_token, a.token));
    o.Set("summary", optionalString(env, a.has_summary, a.summary));
    o.Set("since", optionalString(env, a.has_since, a.since));
    o.Set("deprecatedSince", optionalString(env, a.has_deprecated_since, a.deprecated_since));
    std::vector<std::string> flags;
    if (a.flags & REDISMODULE_CMD_ARG_OPTIONAL) flags.emplace_back("optional");
    if (a.flags & REDISMODULE_CMD_ARG_MULTIPLE) flags.emplace_back("multiple");
    if (a.flags & REDISMODULE_CMD_ARG_MULTIPLE_TOKEN) flags.emplace_back("multiple_token");
    o.Set("flags", stringArray(env, flags));
    o.Set("subargs", a.has_subargs ? Napi::Value(argsToJs(env, a.subargs)) : env.Null());
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

Napi::Value infoToJs(Napi::Env env, const CommandInfoCopy &info) {
  if (!info.set_by_module) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("summary", optionalString(env, info.has_summary, info.summary));
  o.Set("complexity", optionalString(env, info.has_complexity, info.complexity));
  o.Set("since", optionalString(env, info.has_since, info.since));
  if (info.has_history) {
    Napi::Array history = Napi::Array::New(env, info.history.size());
    for (size_t i = 0; i < info.history.size(); i++) {
      Napi::Object e = Napi::Object::New(env);
      e.Set("since", info.history[i].since);
      e.Set("changes", info.history[i].changes);
      history.Set(static_cast<uint32_t>(i), e);
    }
    o.Set("history", history);
  } else {
    o.Set("history", env.Null());
  }
  o.Set("tips", info.has_tips ? Napi::Value(stringArray(env, info.tips)) : env.Null());
  o.Set("args", info.has_args ? Napi::Value(argsToJs(env, info.args)) : env.Null());
  return o;
}

Napi::Object commandToJs(Napi::Env env, const RedisModuleCommand *cmd) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", cmd->id);
  o.Set("module", cmd->module->name);
  o.Set("name", cmd->declared_name);
  o.Set("fullname", cmd->fullname);
  o.Set("parent", cmd->parent ? Napi::Value(Napi::String::New(env, cmd->parent->fullname)) : env.Null());
  o.Set("hasFunction", cmd->func != nullptr);
  o.Set("arity", cmd->arity);
  o.Set("flags", stringArray(env, commandFlagNames(cmd)));
  o.Set("firstKey", cmd->firstkey);
  o.Set("lastKey", cmd->lastkey);
  o.Set("keyStep", cmd->keystep);
  o.Set("getkeysApi", (cmd->flags & CMD_GETKEYS_API) != 0);
  o.Set("getchannelsApi", (cmd->flags & CMD_GETCHANNELS_API) != 0);
  o.Set("mayReplicate", (cmd->flags & CMD_MAY_REPLICATE) != 0);
  o.Set("noCluster", (cmd->flags & CMD_NO_CLUSTER) != 0);
  const std::vector<CommandKeySpecCopy> &specs = cmd->info->key_specs;
  Napi::Array keySpecs = Napi::Array::New(env, specs.size());
  for (size_t i = 0; i < specs.size(); i++) keySpecs.Set(static_cast<uint32_t>(i), keySpecToJs(env, specs[i]));
  o.Set("keySpecs", keySpecs);
  o.Set("info", infoToJs(env, *cmd->info));
  return o;
}

void appendWithSubcommands(std::vector<RedisModuleCommand *> *out, RedisModuleCommand *cmd) {
  out->push_back(cmd);
  for (RedisModuleCommand *sub : cmd->subcommands) out->push_back(sub);
}

}  // namespace

Napi::Array exportCommands(Napi::Env env, const std::vector<RedisModuleCommand *> &commands) {
  Napi::Array out = Napi::Array::New(env, commands.size());
  for (size_t i = 0; i < commands.size(); i++) out.Set(static_cast<uint32_t>(i), commandToJs(env, commands[i]));
  return out;
}

Napi::Array exportModuleCommands(Napi::Env env, Module *module) {
  std::vector<RedisModuleCommand *> all;
  for (RedisModuleCommand *cmd : module->commands) appendWithSubcommands(&all, cmd);
  return exportCommands(env, all);
}
