// A module command as the one command table holds it. The native side already
// spells flag, key-spec and argument names as Redis 7.0.15 prints them; this
// file decides which fields exist, because COMMAND DOCS prints a field only
// when the module gave it.
import type { NativeCommandArg, NativeCommandSpec, NativeKeySpec } from '../native';
import type { ArgDoc, CommandDocs, CommandSpec, KeySpec } from '../commands/types';

/** COMMAND DOCS groups every module command under "module". */
export const MODULE_COMMAND_GROUP = 'module';

function keySpecFromNative(spec: NativeKeySpec): KeySpec {
  const out: KeySpec = {
    flags: [...spec.flags],
    beginSearch: { ...spec.beginSearch },
    findKeys: { ...spec.findKeys },
  };
  if (spec.notes !== null) out.notes = spec.notes;
  return out;
}

function argDocFromNative(arg: NativeCommandArg): ArgDoc {
  const out: ArgDoc = { name: arg.name, type: arg.type };
  // Redis shows key_spec_index only for key arguments (others are stored as -1).
  if (arg.type === 'key' && arg.keySpecIndex >= 0) out.keySpecIndex = arg.keySpecIndex;
  if (arg.token !== null) out.token = arg.token;
  if (arg.summary !== null) out.summary = arg.summary;
  if (arg.since !== null) out.since = arg.since;
  if (arg.flags.length > 0) out.flags = [...arg.flags];
  if (arg.deprecatedSince !== null) out.deprecatedSince = arg.deprecatedSince;
  if (arg.subargs !== null) out.arguments = arg.subargs.map(argDocFromNative);
  return out;
}

function docsFromNative(spec: NativeCommandSpec): CommandDocs {
  const docs: CommandDocs = { group: MODULE_COMMAND_GROUP };
  const info = spec.info;
  if (info === null) return docs;
  if (info.summary !== null) docs.summary = info.summary;
  if (info.since !== null) docs.since = info.since;
  if (info.complexity !== null) docs.complexity = info.complexity;
  if (info.history !== null) docs.history = info.history.map((h): [string, string] => [h.since, h.changes]);
  if (info.args !== null) docs.arguments = info.args.map(argDocFromNative);
  return docs;
}

/**
 * The table entry for a module command. `handler` runs the native command;
 * the caller also sets `getKeys` for getkeys-api commands and links
 * subcommands into their parent's `subcommands` map.
 */
export function commandSpecFromNative<TServer, TClient>(
  spec: NativeCommandSpec,
  handler: CommandSpec<TServer, TClient>['handler'],
): CommandSpec<TServer, TClient> {
  const command: CommandSpec<TServer, TClient> = {
    // Redis prints the name as the module declared it (case kept); the table
    // lower-cases it for lookup.
    name: spec.fullname,
    arity: spec.arity,
    flags: [...spec.flags],
    firstKey: spec.firstKey,
    lastKey: spec.lastKey,
    keyStep: spec.keyStep,
    // Redis 7.0 gives module commands no ACL categories (7.2 added an API).
    aclCategories: [],
    keySpecs: spec.keySpecs.map(keySpecFromNative),
    docs: docsFromNative(spec),
    module: spec.module,
    handler,
  };
  if (spec.info !== null && spec.info.tips !== null) command.tips = [...spec.info.tips];
  return command;
}

/** REDISMODULE_CMD_KEY_* bits as COMMAND shows them, in Redis's order. */
const KEY_FLAG_NAMES: Array<[bit: number, name: string]> = [
  [1 << 0, 'RO'],
  [1 << 1, 'RW'],
  [1 << 2, 'OW'],
  [1 << 3, 'RM'],
  [1 << 4, 'access'],
  [1 << 5, 'update'],
  [1 << 6, 'insert'],
  [1 << 7, 'delete'],
  [1 << 8, 'not_key'],
  [1 << 9, 'incomplete'],
  [1 << 10, 'variable_flags'],
];

/** Key-spec flag names of REDISMODULE_CMD_KEY_* bits (KeyAtPosWithFlags). */
export function keyFlagNames(bits: number): string[] {
  const names: string[] = [];
  for (const [bit, name] of KEY_FLAG_NAMES) if ((bits & bit) !== 0) names.push(name);
  return names;
}
