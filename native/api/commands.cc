// ## Commands API
//
// Creating module commands and subcommands, their metadata (SetCommandInfo),
// and the key/channel position requests of getkeys-api / getchannels-api
// commands. Behaviour follows Redis 7.0.15's module.c and server.c, checked
// against the real server: which names are busy, default arities, the legacy
// key spec, how (first, last, step) and "movablekeys" follow from key specs,
// and the exact warning lines SetCommandInfo logs for invalid info.
#include "commands.h"

#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <climits>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "bridge.h"

std::vector<RedisModuleCommand *> g_commandsById{nullptr};

namespace {

// Names are compared case-insensitively everywhere, as Redis's command dict does.
std::string lowerCase(const char *s, size_t len) {
  std::string out(s, len);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
std::string lowerCase(const std::string &s) { return lowerCase(s.data(), s.size()); }

std::unordered_set<std::string> g_builtinNames;
std::unordered_map<std::string, RedisModuleCommand *> g_topLevelByName;
std::vector<RedisModuleCommand *> g_createdAfterLoad;

// Splits like Redis's sdssplitlen with a one-byte separator: an empty input
// has no tokens, otherwise every separator ends a token, so doubled or
// trailing separators yield empty tokens.
std::vector<std::string> splitTokens(const char *s, char sep) {
  std::vector<std::string> tokens;
  size_t len = strlen(s);
  if (len == 0) return tokens;
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == sep) {
      tokens.emplace_back(s + start, i - start);
      start = i + 1;
    }
  }
  tokens.emplace_back(s + start, len - start);
  return tokens;
}

// What one flag word of Create*Command sets. "random" is accepted and sets
// nothing (deprecated in 7.0); "getkeys-api" etc. set internal bits only.
struct FlagWord {
  const char *word;
  uint64_t bits;
};
const FlagWord kFlagWords[] = {
    {"write", CMD_WRITE},
    {"readonly", CMD_READONLY},
    {"admin", CMD_ADMIN},
    {"deny-oom", CMD_DENYOOM},
    {"deny-script", CMD_DENY_SCRIPT},
    {"allow-loading", CMD_ALLOW_LOADING},
    {"pubsub", CMD_PUBSUB},
    {"random", 0},
    {"blocking", CMD_BLOCKING_EXTRA},
    {"allow-stale", CMD_ALLOW_STALE},
    {"no-monitor", CMD_NO_MONITOR},
    {"no-slowlog", CMD_NO_SLOWLOG},
    {"fast", CMD_FAST},
    {"no-auth", CMD_NO_AUTH},
    {"may-replicate", CMD_MAY_REPLICATE},
    {"getkeys-api", CMD_GETKEYS_API},
    {"getchannels-api", CMD_GETCHANNELS_API},
    {"no-cluster", CMD_NO_CLUSTER},
    {"no-mandatory-keys", CMD_NO_MANDATORY_KEYS},
    {"allow-busy", CMD_ALLOW_BUSY},
};

// Returns false when any word is unknown (an empty word, from a doubled or
// leading space, is unknown too).
bool parseCommandFlags(const char *strflags, uint64_t *out) {
  uint64_t flags = 0;
  if (strflags != nullptr) {
    for (const std::string &word : splitTokens(strflags, ' ')) {
      bool known = false;
      for (const FlagWord &fw : kFlagWords) {
        if (strcasecmp(word.c_str(), fw.word) == 0) {
          flags |= fw.bits;
          known = true;
          break;
        }
      }
      if (!known) return false;
    }
  }
  *out = flags;
  return true;
}

RedisModuleCommand *findSubcommand(const RedisModuleCommand *parent, const std::string &name) {
  for (RedisModuleCommand *sub : parent->subcommands)
    if (strcasecmp(sub->declared_name.c_str(), name.c_str()) == 0) return sub;
  return nullptr;
}

// Redis's lookupCommandByCString: "name" or "parent|sub" (one level only; a
// "parent|x" whose parent has no subcommands names nothing). Sets *builtin
// when the name belongs to a server command rather than a module's.
RedisModuleCommand *lookupAny(const char *name, bool *builtin) {
  *builtin = false;
  std::vector<std::string> parts = splitTokens(name, '|');
  if (parts.empty() || parts.size() > 2) return nullptr;
  std::string base = lowerCase(parts[0]);
  auto it = g_topLevelByName.find(base);
  RedisModuleCommand *top = it == g_topLevelByName.end() ? nullptr : it->second;
  if (parts.size() == 1) {
    if (top == nullptr && g_builtinNames.count(base)) *builtin = true;
    return top;
  }
  if (top != nullptr) return top->subcommands.empty() ? nullptr : findSubcommand(top, parts[1]);
  if (g_builtinNames.count(base + "|" + lowerCase(parts[1]))) *builtin = true;
  return nullptr;
}

// The legacy (first, last, step) and "movablekeys" from the key specs, by the
// rules of Redis's populateCommandLegacyRangeSpec: one INDEX+RANGE spec is
// used as is; several are glued only while they are plain (step 1) ranges
// that follow each other; anything skipped makes the keys movable.
void populateLegacyRange(RedisModuleCommand *cmd) {
  cmd->firstkey = cmd->lastkey = cmd->keystep = 0;
  if (cmd->flags & CMD_GETKEYS_API) cmd->flags |= CMD_MOVABLE_KEYS_EXTRA;
  const std::vector<CommandKeySpecCopy> &specs = cmd->info->key_specs;
  if (specs.empty()) return;

  auto isIndexRange = [](const CommandKeySpecCopy &s) {
    return s.begin_search_type == REDISMODULE_KSPEC_BS_INDEX &&
           s.find_keys_type == REDISMODULE_KSPEC_FK_RANGE;
  };
  if (specs.size() == 1 && isIndexRange(specs[0])) {
    const CommandKeySpecCopy &s = specs[0];
    cmd->firstkey = s.bs_pos;
    cmd->lastkey = s.fk_lastkey >= 0 ? s.fk_lastkey + s.bs_pos : s.fk_lastkey;
    cmd->keystep = s.fk_keystep;
    if (s.flags & REDISMODULE_CMD_KEY_INCOMPLETE) cmd->flags |= CMD_MOVABLE_KEYS_EXTRA;
    return;
  }

  int firstkey = INT_MAX, lastkey = 0, prevLastkey = 0;
  for (const CommandKeySpecCopy &s : specs) {
    if (!isIndexRange(s) || s.fk_keystep != 1 || (prevLastkey && prevLastkey != s.bs_pos - 1)) {
      cmd->flags |= CMD_MOVABLE_KEYS_EXTRA;
      continue;
    }
    if (s.flags & REDISMODULE_CMD_KEY_INCOMPLETE) cmd->flags |= CMD_MOVABLE_KEYS_EXTRA;
    firstkey = std::min(firstkey, s.bs_pos);
    int lastAbs = s.fk_lastkey >= 0 ? s.fk_lastkey + s.bs_pos : s.fk_lastkey;
    // Unsigned, as in Redis: a negative (counted from the end) last key wins.
    lastkey = static_cast<int>(std::max(static_cast<unsigned>(lastkey), static_cast<unsigned>(lastAbs)));
    prevLastkey = lastkey;
  }
  if (firstkey == INT_MAX) {
    cmd->flags |= CMD_MOVABLE_KEYS_EXTRA;
    return;
  }
  cmd->firstkey = firstkey;
  cmd->lastkey = lastkey;
  cmd->keystep = 1;
}

// Redis's moduleCreateCommandProxy: the command with its legacy key spec.
RedisModuleCommand *newCommand(Module *module, const std::string &declaredName,
                               const std::string &fullname, RedisModuleCmdFunc func,
                               uint64_t flags, int firstkey, int lastkey, int keystep) {
  auto *cmd = new RedisModuleCommand();
  cmd->module = module;
  cmd->func = func;
  cmd->declared_name = declaredName;
  cmd->fullname = fullname;
  cmd->flags = flags | CMD_MODULE;
  cmd->info = new CommandInfoCopy();
  if (firstkey != 0) {
    CommandKeySpecCopy spec;
    // Full access; only getkeys-api commands add VARIABLE_FLAGS (7.0.15).
    spec.flags = REDISMODULE_CMD_KEY_RW | REDISMODULE_CMD_KEY_ACCESS | REDISMODULE_CMD_KEY_UPDATE;
    if (flags & CMD_GETKEYS_API) spec.flags |= REDISMODULE_CMD_KEY_VARIABLE_FLAGS;
    spec.begin_search_type = REDISMODULE_KSPEC_BS_INDEX;
    spec.bs_pos = firstkey;
    spec.find_keys_type = REDISMODULE_KSPEC_FK_RANGE;
    spec.fk_lastkey = lastkey < 0 ? lastkey : lastkey - firstkey;
    spec.fk_keystep = keystep;
    spec.fk_limit = 0;
    cmd->info->key_specs.push_back(std::move(spec));
  }
  populateLegacyRange(cmd);
  cmd->id = static_cast<uint32_t>(g_commandsById.size());
  g_commandsById.push_back(cmd);
  if (module->onload_done) g_createdAfterLoad.push_back(cmd);
  return cmd;
}

void freeCommand(RedisModuleCommand *cmd, std::vector<uint32_t> *freedIds) {
  for (RedisModuleCommand *sub : cmd->subcommands) freeCommand(sub, freedIds);
  if (cmd->id < g_commandsById.size()) g_commandsById[cmd->id] = nullptr;
  g_createdAfterLoad.erase(std::remove(g_createdAfterLoad.begin(), g_createdAfterLoad.end(), cmd),
                           g_createdAfterLoad.end());
  if (freedIds != nullptr) freedIds->push_back(cmd->id);
  delete cmd->info;
  delete cmd;
}

// ---- SetCommandInfo: walking module arrays by the module's struct sizes ----

const RedisModuleCommandHistoryEntry *historyAt(const RedisModuleCommandInfoVersion *v,
                                                const RedisModuleCommandHistoryEntry *base, size_t i) {
  return reinterpret_cast<const RedisModuleCommandHistoryEntry *>(
      reinterpret_cast<const char *>(base) + i * v->sizeof_historyentry);
}
const RedisModuleCommandKeySpec *keySpecAt(const RedisModuleCommandInfoVersion *v,
                                           const RedisModuleCommandKeySpec *base, size_t i) {
  return reinterpret_cast<const RedisModuleCommandKeySpec *>(
      reinterpret_cast<const char *>(base) + i * v->sizeof_keyspec);
}
const RedisModuleCommandArg *argAt(const RedisModuleCommandInfoVersion *v,
                                   const RedisModuleCommandArg *base, size_t i) {
  return reinterpret_cast<const RedisModuleCommandArg *>(
      reinterpret_cast<const char *>(base) + i * v->sizeof_arg);
}

void logInvalid(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void logInvalid(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  bridgeLog(LogLevel::Warning, std::string("Invalid command info: ") + buf);
}

bool isPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

bool validArgType(int type) {
  return type >= REDISMODULE_ARG_TYPE_STRING && type <= REDISMODULE_ARG_TYPE_BLOCK;
}

bool validateArgs(const RedisModuleCommandArg *args, const RedisModuleCommandInfoVersion *v) {
  if (args == nullptr) return true;
  for (size_t j = 0; argAt(v, args, j)->name != nullptr; j++) {
    const RedisModuleCommandArg *arg = argAt(v, args, j);
    if (!validArgType(arg->type)) {
      logInvalid("Argument \"%s\": Undefined type %d", arg->name, static_cast<int>(arg->type));
      return false;
    }
    if (arg->type == REDISMODULE_ARG_TYPE_PURE_TOKEN && arg->token == nullptr) {
      logInvalid("Argument \"%s\": token required when type is PURE_TOKEN", arg->name);
      return false;
    }
    if (arg->type == REDISMODULE_ARG_TYPE_KEY) {
      if (arg->key_spec_index < 0) {
        logInvalid("Argument \"%s\": key_spec_index required when type is KEY", arg->name);
        return false;
      }
    } else if (arg->key_spec_index != -1 && arg->key_spec_index != 0) {
      // 0 is tolerated: it is what a designated initializer leaves behind.
      logInvalid("Argument \"%s\": key_spec_index specified but type isn't KEY", arg->name);
      return false;
    }
    if (arg->flags & ~(_REDISMODULE_CMD_ARG_NEXT - 1)) {
      logInvalid("Argument \"%s\": Invalid flags", arg->name);
      return false;
    }
    if (arg->type == REDISMODULE_ARG_TYPE_ONEOF || arg->type == REDISMODULE_ARG_TYPE_BLOCK) {
      if (arg->subargs == nullptr) {
        logInvalid("Argument \"%s\": subargs required when type is ONEOF or BLOCK", arg->name);
        return false;
      }
      if (!validateArgs(arg->subargs, v)) return false;
    } else if (arg->subargs != nullptr) {
      logInvalid("Argument \"%s\": subargs specified but type isn't ONEOF nor BLOCK", arg->name);
      return false;
    }
  }
  return true;
}

bool validateInfo(const RedisModuleCommandInfo *info) {
  const RedisModuleCommandInfoVersion *v = info->version;
  if (v == nullptr) {
    bridgeLog(LogLevel::Warning, "Invalid command info: version missing");
    return false;
  }
  if (info->history != nullptr) {
    for (size_t j = 0; historyAt(v, info->history, j)->since != nullptr; j++) {
      if (historyAt(v, info->history, j)->changes == nullptr) {
        logInvalid("history[%zd].changes missing", j);
        return false;
      }
    }
  }
  if (info->key_specs != nullptr) {
    const uint64_t accessFlags = REDISMODULE_CMD_KEY_RO | REDISMODULE_CMD_KEY_RW |
                                 REDISMODULE_CMD_KEY_OW | REDISMODULE_CMD_KEY_RM;
    const uint64_t writeFlags =
        REDISMODULE_CMD_KEY_INSERT | REDISMODULE_CMD_KEY_DELETE | REDISMODULE_CMD_KEY_UPDATE;
    for (size_t j = 0; keySpecAt(v, info->key_specs, j)->begin_search_type; j++) {
      const RedisModuleCommandKeySpec *spec = keySpecAt(v, info->key_specs, j);
      if (j >= INT_MAX) {
        logInvalid("Too many key specs");
        return false;
      }
      if (!isPowerOfTwo(spec->flags & accessFlags)) {
        logInvalid("key_specs[%zd].flags: Exactly one of the flags RO, RW, OW, RM required", j);
        return false;
      }
      if ((spec->flags & writeFlags) != 0 && !isPowerOfTwo(spec->flags & writeFlags)) {
        logInvalid("key_specs[%zd].flags: INSERT, DELETE and UPDATE are mutually exclusive", j);
        return false;
      }
      switch (spec->begin_search_type) {
        case REDISMODULE_KSPEC_BS_UNKNOWN:
        case REDISMODULE_KSPEC_BS_INDEX:
          break;
        case REDISMODULE_KSPEC_BS_KEYWORD:
          if (spec->bs.keyword.keyword == nullptr) {
            logInvalid("key_specs[%zd].bs.keyword.keyword required when begin_search_type is KEYWORD", j);
            return false;
          }
          break;
        default:
          logInvalid("key_specs[%zd].begin_search_type: Invalid value %d", j,
                     static_cast<int>(spec->begin_search_type));
          return false;
      }
      switch (spec->find_keys_type) {
        case REDISMODULE_KSPEC_FK_OMITTED:
        case REDISMODULE_KSPEC_FK_UNKNOWN:
        case REDISMODULE_KSPEC_FK_RANGE:
        case REDISMODULE_KSPEC_FK_KEYNUM:
          break;
        default:
          logInvalid("key_specs[%zd].find_keys_type: Invalid value %d", j,
                     static_cast<int>(spec->find_keys_type));
          return false;
      }
    }
  }
  return validateArgs(info->args, v);
}

// Deep copy: the module's arrays may live on its stack.
std::vector<CommandArgCopy> copyArgs(const RedisModuleCommandArg *args, const RedisModuleCommandInfoVersion *v) {
  std::vector<CommandArgCopy> out;
  for (size_t j = 0; argAt(v, args, j)->name != nullptr; j++) {
    const RedisModuleCommandArg *arg = argAt(v, args, j);
    CommandArgCopy c;
    c.name = arg->name;
    c.type = arg->type;
    c.key_spec_index = arg->type == REDISMODULE_ARG_TYPE_KEY ? arg->key_spec_index : -1;
    if ((c.has_token = arg->token != nullptr)) c.token = arg->token;
    if ((c.has_summary = arg->summary != nullptr)) c.summary = arg->summary;
    if ((c.has_since = arg->since != nullptr)) c.since = arg->since;
    if ((c.has_deprecated_since = arg->deprecated_since != nullptr)) c.deprecated_since = arg->deprecated_since;
    c.flags = arg->flags & (REDISMODULE_CMD_ARG_OPTIONAL | REDISMODULE_CMD_ARG_MULTIPLE |
                            REDISMODULE_CMD_ARG_MULTIPLE_TOKEN);
    if ((c.has_subargs = arg->subargs != nullptr)) c.subargs = copyArgs(arg->subargs, v);
    out.push_back(std::move(c));
  }
  return out;
}

CommandKeySpecCopy copyKeySpec(const RedisModuleCommandKeySpec *spec) {
  CommandKeySpecCopy c;
  if ((c.has_notes = spec->notes != nullptr)) c.notes = spec->notes;
  // Unknown bits are dropped, as Redis's flag translation does.
  c.flags = spec->flags & ((REDISMODULE_CMD_KEY_VARIABLE_FLAGS << 1) - 1);
  c.begin_search_type = spec->begin_search_type;
  if (spec->begin_search_type == REDISMODULE_KSPEC_BS_INDEX) {
    c.bs_pos = spec->bs.index.pos;
  } else if (spec->begin_search_type == REDISMODULE_KSPEC_BS_KEYWORD) {
    c.bs_keyword = spec->bs.keyword.keyword;
    c.bs_startfrom = spec->bs.keyword.startfrom;
  }
  switch (spec->find_keys_type) {
    case REDISMODULE_KSPEC_FK_OMITTED:
      // An omitted find-keys step means exactly one key.
      c.find_keys_type = REDISMODULE_KSPEC_FK_RANGE;
      c.fk_lastkey = 0;
      c.fk_keystep = 1;
      c.fk_limit = 0;
      break;
    case REDISMODULE_KSPEC_FK_RANGE:
      c.find_keys_type = REDISMODULE_KSPEC_FK_RANGE;
      c.fk_lastkey = spec->fk.range.lastkey;
      c.fk_keystep = spec->fk.range.keystep;
      c.fk_limit = spec->fk.range.limit;
      break;
    case REDISMODULE_KSPEC_FK_KEYNUM:
      c.find_keys_type = REDISMODULE_KSPEC_FK_KEYNUM;
      c.fk_keynumidx = spec->fk.keynum.keynumidx;
      c.fk_firstkey = spec->fk.keynum.firstkey;
      c.fk_keynum_keystep = spec->fk.keynum.keystep;
      break;
    default:
      c.find_keys_type = REDISMODULE_KSPEC_FK_UNKNOWN;
      break;
  }
  return c;
}

}  // namespace

void commandsSetBuiltinNames(const std::vector<std::string> &names) {
  g_builtinNames.clear();
  for (const std::string &n : names) g_builtinNames.insert(lowerCase(n));
}

RedisModuleCommand *commandById(uint32_t id) {
  return id < g_commandsById.size() ? g_commandsById[id] : nullptr;
}

RedisModuleCommand *commandLookup(const char *name) {
  auto it = g_topLevelByName.find(lowerCase(name, strlen(name)));
  return it == g_topLevelByName.end() ? nullptr : it->second;
}

void commandsUnregisterModule(Module *module, std::vector<uint32_t> *freedIds) {
  for (RedisModuleCommand *cmd : module->commands) {
    auto it = g_topLevelByName.find(lowerCase(cmd->declared_name));
    if (it != g_topLevelByName.end() && it->second == cmd) g_topLevelByName.erase(it);
    freeCommand(cmd, freedIds);
  }
  module->commands.clear();
}

bool commandsPendingAfterLoad() { return !g_createdAfterLoad.empty(); }

std::vector<RedisModuleCommand *> commandsTakeCreatedAfterLoad() {
  std::vector<RedisModuleCommand *> out;
  out.swap(g_createdAfterLoad);
  return out;
}

bool commandHasMovableKeys(const RedisModuleCommand *cmd) {
  return (cmd->flags & CMD_MOVABLE_KEYS_EXTRA) != 0;
}

std::vector<std::string> commandFlagNames(const RedisModuleCommand *cmd) {
  // Redis's addReplyCommandFlags order. may_replicate, no-cluster and the
  // getkeys/getchannels API bits are never shown.
  static const struct {
    uint64_t bit;
    const char *name;
  } kShown[] = {
      {CMD_WRITE, "write"},
      {CMD_READONLY, "readonly"},
      {CMD_DENYOOM, "denyoom"},
      {CMD_MODULE, "module"},
      {CMD_ADMIN, "admin"},
      {CMD_PUBSUB, "pubsub"},
      {CMD_DENY_SCRIPT, "noscript"},
      {CMD_BLOCKING_EXTRA, "blocking"},
      {CMD_ALLOW_LOADING, "loading"},
      {CMD_ALLOW_STALE, "stale"},
      {CMD_NO_MONITOR, "skip_monitor"},
      {CMD_NO_SLOWLOG, "skip_slowlog"},
      {CMD_FAST, "fast"},
      {CMD_NO_AUTH, "no_auth"},
      {CMD_NO_MANDATORY_KEYS, "no_mandatory_keys"},
      {CMD_NO_MULTI, "no_multi"},
      {CMD_MOVABLE_KEYS_EXTRA, "movablekeys"},
      {CMD_ALLOW_BUSY, "allow_busy"},
  };
  std::vector<std::string> names;
  for (const auto &f : kShown)
    if (cmd->flags & f.bit) names.emplace_back(f.name);
  return names;
}

/* Registers a top-level command `name` for the calling module. Returns
 * REDISMODULE_ERR when a flag word is unknown or the name is taken by any
 * command, built-in or module (case-insensitive; "parent|sub" names the
 * subcommand). Default arity is -1, or -2 without a function (a container for
 * subcommands). Redis 7.0.15 does not refuse calls after OnLoad, and neither
 * do we: such commands are queued for commandsTakeCreatedAfterLoad().
 * Main thread; normally during OnLoad. */
int RM_CreateCommand(RedisModuleCtx *ctx, const char *name, RedisModuleCmdFunc cmdfunc,
                     const char *strflags, int firstkey, int lastkey, int keystep) {
  if (ctx == nullptr || ctx->module == nullptr || name == nullptr) return REDISMODULE_ERR;
  uint64_t flags;
  if (!parseCommandFlags(strflags, &flags)) return REDISMODULE_ERR;
  // "no-cluster" is refused only in cluster mode, which this host never runs.
  bool builtin;
  if (lookupAny(name, &builtin) != nullptr || builtin) return REDISMODULE_ERR;

  RedisModuleCommand *cmd = newCommand(ctx->module, name, name, cmdfunc, flags, firstkey, lastkey, keystep);
  cmd->arity = cmdfunc ? -1 : -2;
  ctx->module->commands.push_back(cmd);
  g_topLevelByName.emplace(lowerCase(cmd->declared_name), cmd);
  return REDISMODULE_OK;
}

/* The calling module's command `name` ("parent|sub" for a subcommand), or
 * NULL when there is none, it is built-in, or another module owns it.
 * Main thread, any time. */
RedisModuleCommand *RM_GetCommand(RedisModuleCtx *ctx, const char *name) {
  if (ctx == nullptr || name == nullptr) return nullptr;
  bool builtin;
  RedisModuleCommand *cmd = lookupAny(name, &builtin);
  if (cmd == nullptr || cmd->module != ctx->module) return nullptr;
  return cmd;
}

/* Registers subcommand `name` of `parent` (full name "parent|name"). Refused
 * for unknown flag words, a parent that is itself a subcommand (one level
 * only), a parent with its own function, or a name the parent already has
 * (case-insensitive). A subcommand's arity defaults to -2.
 * Main thread; normally during OnLoad. */
int RM_CreateSubcommand(RedisModuleCommand *parent, const char *name, RedisModuleCmdFunc cmdfunc,
                        const char *strflags, int firstkey, int lastkey, int keystep) {
  if (parent == nullptr || name == nullptr) return REDISMODULE_ERR;
  uint64_t flags;
  if (!parseCommandFlags(strflags, &flags)) return REDISMODULE_ERR;
  if (parent->parent != nullptr) return REDISMODULE_ERR;
  if (parent->func != nullptr) return REDISMODULE_ERR;
  if (findSubcommand(parent, name) != nullptr) return REDISMODULE_ERR;

  RedisModuleCommand *cmd = newCommand(parent->module, name, parent->fullname + "|" + name, cmdfunc,
                                       flags, firstkey, lastkey, keystep);
  cmd->arity = -2;
  cmd->parent = parent;
  parent->subcommands.push_back(cmd);
  return REDISMODULE_OK;
}

/* Stores what COMMAND INFO / COMMAND DOCS show beyond name and flags, and the
 * arity if non-zero. Everything is deep-copied, arrays walked with the sizes in
 * info->version. Invalid info logs Redis's warning line and fails with errno
 * EINVAL; info already set (anything but arity or a single index/range key
 * spec) fails with EEXIST. New key specs recompute (first, last, step) and
 * "movablekeys". Main thread; normally during OnLoad. */
int RM_SetCommandInfo(RedisModuleCommand *command, const RedisModuleCommandInfo *info) {
  if (command == nullptr || info == nullptr) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  if (!validateInfo(info)) {
    errno = EINVAL;
    return REDISMODULE_ERR;
  }
  CommandInfoCopy *stored = command->info;
  const std::vector<CommandKeySpecCopy> &specs = stored->key_specs;
  bool onlyLegacySpec = specs.empty() ||
                        (specs.size() == 1 && specs[0].begin_search_type == REDISMODULE_KSPEC_BS_INDEX &&
                         specs[0].find_keys_type == REDISMODULE_KSPEC_FK_RANGE);
  if (stored->has_summary || stored->has_complexity || stored->has_since || stored->has_history ||
      stored->has_tips || stored->has_args || !onlyLegacySpec) {
    errno = EEXIST;
    return REDISMODULE_ERR;
  }

  const RedisModuleCommandInfoVersion *v = info->version;
  stored->set_by_module = true;
  if ((stored->has_summary = info->summary != nullptr)) stored->summary = info->summary;
  if ((stored->has_complexity = info->complexity != nullptr)) stored->complexity = info->complexity;
  if ((stored->has_since = info->since != nullptr)) stored->since = info->since;
  if (info->history != nullptr) {
    stored->has_history = true;
    for (size_t j = 0; historyAt(v, info->history, j)->since != nullptr; j++) {
      const RedisModuleCommandHistoryEntry *e = historyAt(v, info->history, j);
      stored->history.push_back({e->since, e->changes});
    }
  }
  if (info->tips != nullptr) {
    stored->has_tips = true;
    stored->tips = splitTokens(info->tips, ' ');
  }
  if (info->arity != 0) command->arity = info->arity;
  if (info->key_specs != nullptr) {
    stored->key_specs.clear();
    for (size_t j = 0; keySpecAt(v, info->key_specs, j)->begin_search_type; j++)
      stored->key_specs.push_back(copyKeySpec(keySpecAt(v, info->key_specs, j)));
    populateLegacyRange(command);
  }
  if (info->args != nullptr) {
    stored->has_args = true;
    stored->args = copyArgs(info->args, v);
  }
  return REDISMODULE_OK;
}

/* Non-zero when a getkeys-api command is called only to report its keys.
 * Main thread, inside a command callback. */
int RM_IsKeysPositionRequest(RedisModuleCtx *ctx) {
  return (ctx->flags & CTX_KEYS_POS_REQUEST) != 0;
}

/* Reports argv[pos] as a key with REDISMODULE_CMD_KEY_* flags (unknown bits
 * dropped). Ignored outside a keys position request and for pos <= 0.
 * Main thread, inside a keys position request. */
void RM_KeyAtPosWithFlags(RedisModuleCtx *ctx, int pos, int flags) {
  if (!(ctx->flags & CTX_KEYS_POS_REQUEST)) return;
  if (pos <= 0) return;
  int known = static_cast<int>((REDISMODULE_CMD_KEY_VARIABLE_FLAGS << 1) - 1);
  ctx->positions.push_back({pos, flags & known});
}

/* Deprecated form of KeyAtPosWithFlags: the key gets full access flags
 * (RW, ACCESS, UPDATE). Main thread, inside a keys position request. */
void RM_KeyAtPos(RedisModuleCtx *ctx, int pos) {
  RM_KeyAtPosWithFlags(ctx, pos,
                       static_cast<int>(REDISMODULE_CMD_KEY_RW | REDISMODULE_CMD_KEY_ACCESS |
                                        REDISMODULE_CMD_KEY_UPDATE));
}

/* Non-zero when a getchannels-api command is called only to report its
 * channels. Main thread, inside a command callback. */
int RM_IsChannelsPositionRequest(RedisModuleCtx *ctx) {
  return (ctx->flags & CTX_CHANNELS_POS_REQUEST) != 0;
}

/* Reports argv[pos] as a channel with REDISMODULE_CMD_CHANNEL_* flags
 * (unknown bits dropped). Ignored outside a channels position request and
 * for pos <= 0. Main thread, inside a channels position request. */
void RM_ChannelAtPosWithFlags(RedisModuleCtx *ctx, int pos, int flags) {
  if (!(ctx->flags & CTX_CHANNELS_POS_REQUEST)) return;
  if (pos <= 0) return;
  int known = static_cast<int>(REDISMODULE_CMD_CHANNEL_PATTERN | REDISMODULE_CMD_CHANNEL_PUBLISH |
                               REDISMODULE_CMD_CHANNEL_SUBSCRIBE | REDISMODULE_CMD_CHANNEL_UNSUBSCRIBE);
  ctx->positions.push_back({pos, flags & known});
}
