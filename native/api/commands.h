// The host's side of the Commands API: the registry of module commands, the
// stored command metadata, and the helpers the loader and the addon use.
// Everything here runs on the main thread.
#pragma once
#include "host.h"

#include <cstdint>
#include <string>
#include <vector>

// Command flag bits host.h has no name for yet. Redis shows both in COMMAND
// INFO ("blocking", "movablekeys"), so they must be carried per command. They
// sit far above host.h's bits so that adding names there cannot collide.
enum : uint64_t {
  CMD_BLOCKING_EXTRA = 1ull << 40,
  CMD_MOVABLE_KEYS_EXTRA = 1ull << 41,
};

// A key spec as the server holds it. Flags stay in REDISMODULE_CMD_KEY_* bits
// (the ABI's, so no translation table is needed); an omitted find-keys step is
// already turned into RANGE {0,1,0} as Redis does when it copies a spec.
struct CommandKeySpecCopy {
  bool has_notes = false;
  std::string notes;
  uint64_t flags = 0;
  RedisModuleKeySpecBeginSearchType begin_search_type = REDISMODULE_KSPEC_BS_INVALID;
  int bs_pos = 0;                 // INDEX
  std::string bs_keyword;         // KEYWORD
  int bs_startfrom = 0;           // KEYWORD
  RedisModuleKeySpecFindKeysType find_keys_type = REDISMODULE_KSPEC_FK_OMITTED;
  int fk_lastkey = 0, fk_keystep = 0, fk_limit = 0;             // RANGE
  int fk_keynumidx = 0, fk_firstkey = 0, fk_keynum_keystep = 0;  // KEYNUM
};

// One argument of COMMAND DOCS. Optional strings are kept with a presence
// bit because Redis prints a field when the module gave it, even when empty.
struct CommandArgCopy {
  std::string name;
  RedisModuleCommandArgType type = REDISMODULE_ARG_TYPE_STRING;
  int key_spec_index = -1;        // -1 unless type is KEY
  bool has_token = false, has_summary = false, has_since = false, has_deprecated_since = false;
  std::string token, summary, since, deprecated_since;
  int flags = 0;                  // REDISMODULE_CMD_ARG_*
  bool has_subargs = false;
  std::vector<CommandArgCopy> subargs;
};

struct CommandHistoryCopy {
  std::string since;
  std::string changes;
};

// What a command reports beyond its name, arity and flags. Every command owns
// one from creation on, because a command without SetCommandInfo still has
// the key spec derived from (firstkey, lastkey, keystep). The `has_*` bits
// mirror Redis's "field is non-NULL" tests: they decide whether COMMAND DOCS
// prints a field at all, and whether SetCommandInfo may still run (EEXIST).
struct CommandInfoCopy {
  bool set_by_module = false;     // SetCommandInfo succeeded at least once
  bool has_summary = false, has_complexity = false, has_since = false;
  std::string summary, complexity, since;
  bool has_history = false;
  std::vector<CommandHistoryCopy> history;
  bool has_tips = false;
  std::vector<std::string> tips;
  bool has_args = false;
  std::vector<CommandArgCopy> args;
  std::vector<CommandKeySpecCopy> key_specs;
};

// All module commands ever created, indexed by RedisModuleCommand::id. Slot 0
// is never used and slots of unloaded modules stay nullptr, so an id the JS
// side still holds can never reach a different command.
extern std::vector<RedisModuleCommand *> g_commandsById;

// The names of the server's built-in commands (lower case, "parent|sub" for
// subcommands), so that CreateCommand refuses them as Redis does.
void commandsSetBuiltinNames(const std::vector<std::string> &names);

// The command with this id, or nullptr if unknown or unloaded.
RedisModuleCommand *commandById(uint32_t id);

// A top-level module command by name, case-insensitive; nullptr if none.
RedisModuleCommand *commandLookup(const char *name);

// Frees every command of the module (subcommands included) and appends the
// ids that are now gone to `freedIds` (may be nullptr), so the JS table can
// drop them.
void commandsUnregisterModule(Module *module, std::vector<uint32_t> *freedIds);

// Commands created after their module's OnLoad returned (Redis 7.0.15 allows
// CreateCommand at any time). The loader exports OnLoad's commands itself;
// whoever runs module code afterwards takes these to publish them to JS.
std::vector<RedisModuleCommand *> commandsTakeCreatedAfterLoad();
// True when commandsTakeCreatedAfterLoad() has something (checked after
// every module command: an empty-vector test).
bool commandsPendingAfterLoad();

// The flag names COMMAND INFO shows for the command, in Redis's order.
std::vector<std::string> commandFlagNames(const RedisModuleCommand *cmd);

// True when COMMAND INFO flags the command "movablekeys".
bool commandHasMovableKeys(const RedisModuleCommand *cmd);

// ---- The API functions (registered in native/core/api_table.cc) ----------
int RM_CreateCommand(RedisModuleCtx *ctx, const char *name, RedisModuleCmdFunc cmdfunc,
                     const char *strflags, int firstkey, int lastkey, int keystep);
RedisModuleCommand *RM_GetCommand(RedisModuleCtx *ctx, const char *name);
int RM_CreateSubcommand(RedisModuleCommand *parent, const char *name, RedisModuleCmdFunc cmdfunc,
                        const char *strflags, int firstkey, int lastkey, int keystep);
int RM_SetCommandInfo(RedisModuleCommand *command, const RedisModuleCommandInfo *info);
int RM_IsKeysPositionRequest(RedisModuleCtx *ctx);
void RM_KeyAtPosWithFlags(RedisModuleCtx *ctx, int pos, int flags);
void RM_KeyAtPos(RedisModuleCtx *ctx, int pos);
int RM_IsChannelsPositionRequest(RedisModuleCtx *ctx);
void RM_ChannelAtPosWithFlags(RedisModuleCtx *ctx, int pos, int flags);
