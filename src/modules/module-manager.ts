// The module manager: loads modules through the addon, puts their commands in
// the one command table, and answers MODULE LIST / INFO modules / HELLO.
//
// Modules are process-global (dlopen, and native state shared by every
// module), so one server per process hosts them at a time: the first server
// that loads a module holds the host until it stops. The addon itself is
// loaded only when a module is, so servers without modules never need it.
import { constants as osConstants } from 'node:os';
import { native, LogLevel, type NativeAddon, type NativeCommandSpec, type NativeModuleInfo } from '../native';
import type { LoadedModuleInfo, ModuleHost, Server } from '../server/server';
import type { Context } from '../commands/table';
import { commandSpecFromNative, keyFlagNames } from './command-spec';
import { ModuleCaller } from './module-call';
import { KeyApi } from './key-api';
import type { KeyPosition } from '../commands/types';

const LOG_LEVEL_NAMES = ['debug', 'verbose', 'notice', 'warning'] as const;

/** REDISMODULE_OPTIONS_* bits as INFO modules names them, in Redis's order. */
const MODULE_OPTION_NAMES: Array<[bit: number, name: string]> = [
  [1 << 0, 'handle-io-errors'],
  [1 << 2, 'handle-repl-async-load'],
  [1 << 1, 'no-implicit-signal-modified'],
];

/** REDISMODULE_CTX_FLAGS_* bits decided by the server, not the client (redismodule.h values). */
export const ContextFlags = {
  MULTI: 1 << 1,
  MASTER: 1 << 2,
  AOF: 1 << 6,
  RDB: 1 << 7,
  MAXMEMORY: 1 << 8,
  EVICT: 1 << 9,
  DENY_BLOCKING: 1 << 21,
} as const;

/** Inside EXEC a module sees MULTI and may not block, as in Redis. */
const IN_EXEC_FLAGS = ContextFlags.MULTI | ContextFlags.DENY_BLOCKING;

export type LoadOutcome = { ok: true; name: string } | { ok: false; reason: string };
export type UnloadOutcome = { ok: true } | { ok: false; error: string };

/** The server whose manager holds the native host, and so hears native log lines. */
let hostingServer: Server | null = null;
let addonLoaded: NativeAddon | null = null;
/** RedisModule_Call's runner for the hosting server. */
let hostingCaller: ModuleCaller | null = null;
/** The key API's JS side for the hosting server. */
let hostingKeyApi: KeyApi | null = null;

function loadAddon(): NativeAddon {
  if (addonLoaded === null) {
    const a = native();
    a.init({
      log(level: LogLevel, message: string): void {
        const logger = hostingServer?.logger;
        if (logger !== undefined) logger.log(LOG_LEVEL_NAMES[level] ?? 'notice', message);
        else process.stderr.write(`${message}\n`);
      },
      call(argv, argc, clientId, db, resp, flags): number | Buffer {
        if (hostingCaller === null) {
          a.callState[7] = osConstants.errno.EIO;
          return -1;
        }
        return hostingCaller.call(argv, argc, clientId, db, resp, flags);
      },
      key(overflow?: Buffer[]): number | Buffer[] {
        if (hostingKeyApi === null) throw new Error('key API used with no server hosting modules');
        return hostingKeyApi.dispatch(overflow);
      },
    });
    addonLoaded = a;
  }
  return addonLoaded;
}

/** Every built-in name CreateCommand must refuse: commands and "parent|sub". */
function builtinNames(server: Server): string[] {
  const names: string[] = [];
  for (const c of server.commands.all()) {
    if (c.module !== undefined) continue;
    names.push(c.name.toLowerCase());
    for (const sub of c.subcommands?.values() ?? []) names.push(sub.name.toLowerCase());
  }
  return names;
}

export class ModuleManager implements ModuleHost {
  private addon: NativeAddon | null = null;
  /** Top-level command names per module, to remove them from the table on unload. */
  private readonly commandNames = new Map<string, string[]>();
  private contextFlags: number = ContextFlags.MASTER;

  constructor(private readonly server: Server) {}

  /** Claims the process's native host for this server. */
  private host(): NativeAddon {
    if (this.addon !== null) return this.addon;
    if (hostingServer !== null && hostingServer !== this.server)
      throw new Error('modules are process-global: another server in this process hosts modules');
    const a = loadAddon();
    hostingServer = this.server;
    hostingCaller = new ModuleCaller(this.server, a);
    hostingKeyApi = new KeyApi(this.server, a.keyIo, (type, event, key, db) => a.keyspaceEvent(type, event, key, db));
    a.setBuiltinCommands(builtinNames(this.server));
    a.setServerState(this.contextFlags, this.server.config.databases);
    this.addon = a;
    return a;
  }

  /** What GetContextFlags reports of the server (config-derived bits). */
  setContextFlags(flags: number): void {
    this.contextFlags = flags;
    this.addon?.setServerState(flags, this.server.config.databases);
  }

  load(path: string, args: Buffer[]): LoadOutcome {
    let addon: NativeAddon;
    try {
      addon = this.host();
    } catch (err) {
      const reason = `Module ${path} failed to load: ${(err as Error).message}`;
      this.server.logger.log('warning', reason);
      return { ok: false, reason };
    }
    const result = addon.loadModule(path, args);
    if (!result.ok) return { ok: false, reason: result.reason };
    this.commandNames.set(result.module.name, []);
    this.addCommands(result.commands);
    return { ok: true, name: result.module.name };
  }

  unload(name: string): UnloadOutcome {
    if (this.addon === null) return { ok: false, error: 'no such module with that name' };
    const result = this.addon.unloadModule(name);
    if (!result.ok) return result;
    for (const cmd of this.commandNames.get(name) ?? []) this.server.commands.remove(cmd);
    this.commandNames.delete(name);
    return { ok: true };
  }

  /**
   * Unloads every module (last loaded first) and gives the native host back,
   * so another server in this process may load modules. A module that refuses
   * (OnUnload error) stays loaded, and the host stays with this server.
   */
  close(): void {
    if (this.addon === null) return;
    for (const m of [...this.addon.listModules()].reverse()) this.unload(m.name);
    if (this.addon.listModules().length === 0) {
      if (hostingServer === this.server) {
        hostingServer = null;
        hostingCaller = null;
        hostingKeyApi?.events.close();
        hostingKeyApi = null;
      }
      this.addon = null;
    }
  }

  /** Keys modules hold open now (OpenKey without CloseKey): 0 between commands unless a module keeps keys. */
  openKeyCount(): number {
    return this.addon !== null && hostingKeyApi !== null ? hostingKeyApi.openKeyCount() : 0;
  }

  list(): NativeModuleInfo[] {
    return this.addon?.listModules() ?? [];
  }

  listForInfo(): LoadedModuleInfo[] {
    return this.list().map((m) => ({
      name: m.name,
      ver: m.ver,
      path: m.path,
      args: m.args,
      api: m.apiver,
      filters: 0,
      usedby: [],
      using: [],
      options: MODULE_OPTION_NAMES.filter(([bit]) => (m.options & bit) !== 0).map(([, n]) => n),
    }));
  }

  /** Puts native command specs in the table: parents before their subcommands. */
  private addCommands(specs: NativeCommandSpec[]): void {
    for (const spec of specs) {
      const command = commandSpecFromNative<Server, Context['client']>(spec, this.handlerFor(spec));
      if (spec.getkeysApi) command.getKeys = this.keysFor(spec);
      if (spec.parent === null) {
        this.server.commands.add(command);
        this.commandNames.get(spec.module)?.push(spec.fullname);
        continue;
      }
      const parent = this.server.commands.lookupString(spec.parent);
      if (parent === undefined) continue;
      if (parent.subcommands === undefined) parent.subcommands = new Map();
      parent.subcommands.set(spec.name.toLowerCase(), command);
    }
  }

  /**
   * The handler every module command shares: one native call. The client
   * and the arguments are copied into memory shared with the addon (no N-API
   * call per argument); requests too large for it take the array path. The
   * reply comes back as RESP bytes in a shared buffer.
   */
  private handlerFor(spec: NativeCommandSpec): (ctx: Context) => void {
    if (!spec.hasFunction) return () => undefined; // a container: dispatch resolves its subcommands
    const id = spec.id;
    const addon = this.host();
    const state = addon.callState;
    const request = addon.requestBuffer;
    const requestSize = request.length;
    const maxArgs = addon.sharedMaxArgs;
    const replyShared = addon.replyBuffer;
    const closing = addon.keyIo.closing;
    return (ctx: Context): void => {
      const client = ctx.client;
      const db = client.db.index;
      const flags = client.inExec ? IN_EXEC_FLAGS : 0;
      const argv = ctx.argv;
      const argc = argv.length;
      let reply: number | Buffer;
      let offset = 0;
      let fits = argc <= maxArgs;
      for (let i = 0; fits && i < argc; i++) {
        const arg = argv[i];
        const len = arg.length;
        if (offset + len > requestSize) {
          fits = false;
          break;
        }
        // Short arguments are the common case: a loop beats set()'s call setup.
        if (len <= 32) for (let j = 0; j < len; j++) request[offset + j] = arg[j];
        else request.set(arg, offset);
        state[8 + i] = len;
        offset += len;
      }
      if (fits) {
        state[2] = client.id;
        state[3] = db;
        state[4] = ctx.reply.protocol;
        state[5] = flags;
        state[6] = argc;
        reply = addon.callCommandShared(id);
      } else {
        reply = addon.callCommand(id, client.id, db, ctx.reply.protocol, flags, argv);
      }
      if (typeof reply === 'number') ctx.reply.rawFrom(replyShared, reply);
      else ctx.reply.raw(reply);
      // Keys the command closed are finished here: no crossing of their own.
      if (closing[0] !== 0) hostingKeyApi?.finishClosed();
      if (state[0] !== db) client.selectDb(state[0]);
      if (state[1] !== 0) this.addCommands(addon.takeCreatedCommands());
    };
  }

  /** Key positions of a getkeys-api command: the module is asked, as in Redis. */
  private keysFor(spec: NativeCommandSpec): (argv: Buffer[], ctx: Context) => KeyPosition[] {
    const id = spec.id;
    const addon = this.host();
    return (argv: Buffer[], ctx: Context): KeyPosition[] => {
      const pairs = addon.getKeys(id, ctx.client.id, ctx.client.db.index, argv);
      const keys: KeyPosition[] = [];
      for (let i = 0; i < pairs.length; i += 2) keys.push({ pos: pairs[i], flags: keyFlagNames(pairs[i + 1]) });
      return keys;
    };
  }
}
