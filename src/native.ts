// The one typed declaration of everything the addon exports. Native code
// receives values already checked here or by the caller in src/.
import path from 'node:path';
// node-gyp-build has no types of its own; it returns the loaded addon.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load: (dir: string) => unknown = require('node-gyp-build');

/** Log levels the native side reports, Redis's verbosity order. */
export const enum LogLevel {
  Debug = 0,
  Verbose = 1,
  Notice = 2,
  Warning = 3,
}

/** Functions native code may call into JS (native/core/bridge.cc is the only caller). */
export interface NativeBridge {
  /** A log line, already prefixed with `<module>` where Redis does so. */
  log(level: LogLevel, message: string): void;
  /**
   * RedisModule_Call (src/modules/module-call.ts): runs a command for a
   * module. `argv` null: the arguments are in requestBuffer, their lengths
   * in callState[8..8+argc). `flags`: module.c's REDISMODULE_ARGV_* bits.
   * Returns the reply's length in replyBuffer, the reply as a Buffer when
   * it does not fit, or -1 for no reply; callState[7] receives the errno.
   */
  call(argv: Buffer[] | null, argc: number, clientId: number, db: number, resp: 2 | 3, flags: number): number | Buffer;
  /**
   * A key API operation (src/modules/key-api/): keyIo.num[0] is its number,
   * num[1] the count of its input strings, which are in keyIo (lengths in
   * lens, bytes back to back) or, when too large, in `overflow`. Returns the
   * count of output strings left in keyIo the same way, or the outputs as
   * Buffers.
   */
  key(overflow?: Buffer[]): number | Buffer[];
}

/** Memory the key API shares with native code (native/core/bridge.h, KeyIo). */
export interface NativeKeyIo {
  num: Float64Array;
  lens: Int32Array;
  bytes: Buffer;
  /** Keys CloseKey recorded: [0] count, then slot * 2 + (1 when WATCH must hear of it). */
  closing: Int32Array;
}

/**
 * A command registered by a module (CreateCommand / CreateSubcommand), as
 * native/core/command_export.cc builds it. Names of flags and types are
 * already spelled as Redis 7.0.15's COMMAND INFO / DOCS print them.
 */
export interface NativeCommandSpec {
  id: number;
  module: string;
  /** Name as the module declared it, case kept (subcommands: the subcommand's own name). */
  name: string;
  /** `name` for top-level commands, `parent|sub` for subcommands (case kept). */
  fullname: string;
  /** The parent's fullname for subcommands. */
  parent: string | null;
  /** False for pure containers (CreateCommand with a NULL function). */
  hasFunction: boolean;
  arity: number;
  /** COMMAND INFO flag names in Redis's order, "module" and "movablekeys" included. */
  flags: string[];
  /** As COMMAND INFO shows them: lastKey absolute, or negative (counted from the end). */
  firstKey: number;
  lastKey: number;
  keyStep: number;
  /** True when the module answers key positions itself (getkeys-api). */
  getkeysApi: boolean;
  /** True when the module answers channel positions itself (getchannels-api). */
  getchannelsApi: boolean;
  /** "may-replicate": never shown by COMMAND INFO, but a behaviour flag. */
  mayReplicate: boolean;
  /** "no-cluster": never shown by COMMAND INFO. */
  noCluster: boolean;
  /** The key specs COMMAND INFO shows: the legacy one from (first, last, step) or SetCommandInfo's. */
  keySpecs: NativeKeySpec[];
  /** SetCommandInfo data, or null when the module set none. */
  info: NativeCommandInfo | null;
}

export interface NativeKeySpec {
  notes: string | null;
  /** Redis's names in its order: "RO", "RW", "OW", "RM", "access", "update", ... */
  flags: string[];
  beginSearch:
    | { type: 'index'; pos: number }
    | { type: 'keyword'; keyword: string; startfrom: number }
    | { type: 'unknown' };
  findKeys:
    | { type: 'range'; lastkey: number; step: number; limit: number }
    | { type: 'keynum'; keynumidx: number; firstkey: number; step: number }
    | { type: 'unknown' };
}

/** One argument of COMMAND DOCS. Redis 7.0 has no display_text for module arguments. */
export interface NativeCommandArg {
  name: string;
  /** "string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block". */
  type: string;
  /** -1 unless type is "key". */
  keySpecIndex: number;
  token: string | null;
  summary: string | null;
  since: string | null;
  deprecatedSince: string | null;
  /** "optional", "multiple", "multiple_token". */
  flags: string[];
  /** Present (possibly empty) when the module gave sub-arguments. */
  subargs: NativeCommandArg[] | null;
}

/** What SetCommandInfo stored. null means the module did not give the field (Redis omits it). */
export interface NativeCommandInfo {
  summary: string | null;
  complexity: string | null;
  since: string | null;
  history: Array<{ since: string; changes: string }> | null;
  /** The tips string split on single spaces, as Redis splits it (empty tokens kept). */
  tips: string[] | null;
  args: NativeCommandArg[] | null;
}

export interface NativeModuleInfo {
  name: string;
  ver: number;
  apiver: number;
  /** REDISMODULE_OPTIONS_* bits from SetModuleOptions. */
  options: number;
  path: string;
  args: Buffer[];
}

/** Outcome of loadModule: Redis logs the reason and replies a generic error. */
export type NativeLoadResult =
  | { ok: true; module: NativeModuleInfo; commands: NativeCommandSpec[] }
  | { ok: false; reason: string };

export type NativeUnloadResult =
  | { ok: true; commandIds: number[] }
  | { ok: false; error: string };

export interface NativeAddon {
  /** Hands the bridge to native code; call once per process before anything else. */
  init(bridge: NativeBridge): void;
  loadModule(path: string, args: Buffer[]): NativeLoadResult;
  unloadModule(name: string): NativeUnloadResult;
  listModules(): NativeModuleInfo[];
  /**
   * Runs a module command for a client. Returns the RESP reply, in the
   * client's protocol, as a length in replyBuffer or as a Buffer. `clientCtxFlags`: the REDISMODULE_CTX_FLAGS_* bits that
   * depend on the client (MULTI, DENY_BLOCKING). `state[0]` receives the client's database after the
   * call (SelectDb may change it).
   */
  callCommand(id: number, clientId: number, db: number, resp: number, clientCtxFlags: number, argv: Buffer[]): number | Buffer;
  /**
   * The fast path of callCommand: the client goes in callState[2..5]
   * (id, db, protocol, client context flags), argc in callState[6], the
   * argument lengths in callState[8..], their bytes back to back in
   * requestBuffer. Returns as callCommand does.
   */
  callCommandShared(id: number): number | Buffer;
  /** Where callCommandShared reads argument bytes. */
  requestBuffer: Buffer;
  /** The most arguments callCommandShared takes. */
  sharedMaxArgs: number;
  /**
   * Where callCommand leaves a reply that fits (callCommand then returns its
   * length); larger replies come back as a Buffer of their own.
   */
  replyBuffer: Buffer;
  /**
   * Key positions reported by a getkeys-api command's KeyAtPos calls, as
   * pairs: [pos, keySpecFlags, pos, keySpecFlags, ...].
   */
  getKeys(id: number, clientId: number, db: number, argv: Buffer[]): number[];
  /**
   * Shared with native code: [0] = database selected after the last
   * callCommand; [1] = 1 when takeCreatedCommands() has commands; [7] = the
   * errno of the running RedisModule_Call (written by NativeBridge.call).
   */
  callState: Int32Array;
  /**
   * What native code must know of the server: the REDISMODULE_CTX_FLAGS_*
   * bits that do not depend on the client, and the number of databases.
   */
  setServerState(contextFlags: number, databases: number): void;
  /** Built-in command names (lower case): CreateCommand refuses them. */
  setBuiltinCommands(names: string[]): void;
  /** Every RedisModule_* name GetApi resolves. */
  apiNames(): string[];
  /** Commands a module created after its OnLoad returned (callState[1] says there are some). */
  takeCreatedCommands(): NativeCommandSpec[];
  /** The key API's shared memory. */
  keyIo: NativeKeyIo;
  /** A keyspace event of class `type` for the modules subscribed to it (SubscribeToKeyspaceEvents). */
  keyspaceEvent(type: number, event: string, key: Buffer, db: number): void;
}

let cached: NativeAddon | undefined;

/**
 * Loads the addon once: build/Release, else prebuilds/ (node-gyp-build's
 * order). RMH_ADDON names another .node file, e.g. the ASan build
 * (build-asan/Debug/redis_module_host.node).
 */
export function native(): NativeAddon {
  if (cached === undefined) {
    const override = process.env.RMH_ADDON;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = (override ? require(path.resolve(override)) : load(path.join(__dirname, '..'))) as NativeAddon;
  }
  return cached;
}
