// The TCP server and the dispatch every request goes through, from a socket,
// from the in-process client, or from a module's RedisModule_Call.
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { Client } from './client';
import { CommandTable, type Command } from '../commands/table';
import { Keyspace } from '../keyspace/keyspace';
import { registerBuiltins } from '../commands';
import { ModuleManager } from '../modules/module-manager';
import { NOT_QUEUED } from '../commands/transactions';
import { BlockingRegistry } from './blocking';
import { PubSub } from './pubsub';
import { MonitorFeed } from './monitor';
import { InfoCounters } from '../commands/info';
import { keyOf } from '../keyspace/keyspace';
import type { Config } from './config';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export interface ServerLogger {
  log(level: LogLevel, msg: string): void;
}

export interface LoadedModuleInfo {
  name: string;
  ver: number;
  path: string;
  args: Buffer[];
  /** INFO modules fields; defaults are what a module that sets nothing shows. */
  api?: number;
  filters?: number;
  usedby?: string[];
  using?: string[];
  options?: string[];
}

export type ModuleLoadResult = { ok: true } | { ok: false; reason: string };

/** The module manager (src/modules/) as the server sees it. */
export interface ModuleHost {
  listForInfo(): LoadedModuleInfo[];
  load(path: string, args: Buffer[]): ModuleLoadResult | Promise<ModuleLoadResult>;
  /** Unloads what this server loaded, when the server stops. */
  close?(): void;
}

export interface ServerOptions {
  config: Config;
  logger: ServerLogger;
  moduleHost?: ModuleHost;
}

export type ShutdownFlag = 'nosave' | 'save' | 'now' | 'force';

const REDIS_VERSION = '7.0.15';

export class Server extends EventEmitter {
  readonly config: Config;
  readonly logger: ServerLogger;
  readonly commands = new CommandTable();
  readonly keyspace: Keyspace;
  readonly clients = new Map<number, Client>();
  readonly blocking = new BlockingRegistry();
  readonly pubsub: PubSub;
  readonly monitor: MonitorFeed;
  readonly infoCounters = new InfoCounters();
  /** Clients watching a key: "db\0key" -> clients (WATCH). */
  private readonly watchers = new Map<string, Set<Client>>();
  /** Nesting of dispatch (EXEC, module calls): ready keys are served at depth 0. */
  private depth = 0;
  /** Commands run, for sampling their duration. */
  private commandSerial = 0;
  private expireTimer: NodeJS.Timeout | null = null;
  modules: ModuleHost | null;
  readonly version = REDIS_VERSION;
  readonly startedAt = Date.now();
  readonly runId: string;
  /** Resolves once the server has stopped (SHUTDOWN or stop()). */
  readonly stopped: Promise<void>;

  private readonly tcpListeners: net.Server[] = [];
  private nextClientId = 1;
  private stopping: Promise<void> | null = null;
  private resolveStopped!: () => void;

  constructor(options: ServerOptions) {
    super();
    this.config = options.config;
    this.logger = options.logger;
    this.modules = options.moduleHost ?? new ModuleManager(this);
    this.keyspace = new Keyspace(options.config.databases);
    this.pubsub = new PubSub(this.keyspace);
    this.monitor = new MonitorFeed(this.pubsub);
    this.runId = randomHex(40);
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    registerBuiltins(this.commands);
    this.keyspace.notifyFlags = this.config.notifyKeyspaceEvents;
    this.config.onChange('notify-keyspace-events', () => {
      this.keyspace.notifyFlags = this.config.notifyKeyspaceEvents;
    });
    this.keyspace.listen({
      modified: (db, key) => this.touchWatchedKey(db, key),
      modifiedAll: (db, hadKey) => {
        this.touchWatchedDb(db, hadKey);
        this.blocking.signalAll(db);
      },
      ready: (db, key) => this.blocking.signal(db, key),
    });
  }

  requiresAuth(): boolean {
    return this.config.requirepass !== null;
  }

  async start(): Promise<void> {
    this.startActiveExpire();
    const configured = this.config.bindAddresses;
    const binds = configured.length > 0 ? configured : ['*', '-::*'];
    let port = this.config.port;
    for (const spec of binds) {
      // A leading '-' marks an address that may be missing on this host (Redis's "-::*").
      const optional = spec.startsWith('-');
      const host = toListenHost(optional ? spec.slice(1) : spec);
      const listener = net.createServer({ noDelay: true }, this.accept);
      try {
        await new Promise<void>((resolve, reject) => {
          listener.once('error', reject);
          listener.listen({ host, port, ipv6Only: host === '::' }, () => {
            listener.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        if (optional) continue;
        for (const l of this.tcpListeners) l.close();
        this.tcpListeners.length = 0;
        throw err;
      }
      // With port 0 the first listener picks the port and the others follow it.
      if (port === 0) port = (listener.address() as net.AddressInfo).port;
      this.tcpListeners.push(listener);
    }
  }

  /** The first listening address, or null before start(). */
  address(): { host: string; port: number } | null {
    const first = this.tcpListeners[0];
    if (first === undefined) return null;
    const info = first.address() as net.AddressInfo | null;
    return info === null ? null : { host: info.address, port: info.port };
  }

  get port(): number {
    return this.address()?.port ?? this.config.port;
  }

  private readonly accept = (socket: net.Socket): void => {
    const client = new Client(this, this.nextClientId++, socket);
    this.clients.set(client.id, client);
    this.infoCounters.connectionsReceived++;
  };

  /** A client with no socket: RedisModule_Call, the library's in-process client. */
  createClient(): Client {
    const client = new Client(this, this.nextClientId++, null);
    this.clients.set(client.id, client);
    return client;
  }

  /** An in-process client that CLIENT LIST and INFO do not see (it is not a connection). */
  createDetachedClient(): Client {
    return new Client(this, this.nextClientId++, null);
  }

  unlinkClient(client: Client): void {
    this.clients.delete(client.id);
    this.pubsub.dropClient(client);
    this.monitor.remove(client);
  }

  /** Number of connections as INFO's connected_clients counts them. */
  get connectedClients(): number {
    let n = 0;
    for (const c of this.clients.values()) if (c.socket !== null) n++;
    return n;
  }

  /**
   * Runs one request. Replies go to client.reply; the caller flushes. Never
   * throws: a failing handler becomes an error reply.
   */
  dispatch(client: Client, argv: Buffer[]): void {
    this.depth++;
    try {
      this.dispatchCommand(client, argv);
    } finally {
      this.depth--;
    }
    // As Redis after each command: clients blocked on keys that got data are
    // served now, before the next command of the batch.
    if (this.depth === 0 && this.blocking.hasReady) this.blocking.serveReady();
  }

  private dispatchCommand(client: Client, argv: Buffer[]): void {
    const reply = client.reply;
    if (argv.length === 0) return;
    let cmd = this.commands.lookup(argv[0]);
    if (cmd !== undefined && cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = this.commands.lookupSubcommand(cmd, argv[1]);
      if (sub === undefined) {
        client.lastCommand = 'NULL';
        if (client.multi !== null) client.multi.dirty = true;
        reply.error(
          `ERR unknown subcommand '${sanitize(argv[1], 128)}'. Try ${cmd.name.toUpperCase()} HELP.`,
        );
        return;
      }
      cmd = sub;
    }
    if (cmd === undefined) {
      client.lastCommand = 'NULL';
      if (client.multi !== null) client.multi.dirty = true;
      reply.error(unknownCommandMessage(argv));
      return;
    }
    client.lastCommand = cmd.name;
    const arity = cmd.arity;
    if ((arity > 0 && arity !== argv.length) || argv.length < -arity) {
      if (client.multi !== null) client.multi.dirty = true;
      reply.error(`ERR wrong number of arguments for '${cmd.name}' command`);
      return;
    }
    if (!client.authenticated && !cmd.flags.includes('no_auth')) {
      if (client.multi !== null) client.multi.dirty = true;
      reply.error('NOAUTH Authentication required.');
      return;
    }
    if (client.multi !== null && cmd.flags.includes('no_multi')) {
      client.multi.dirty = true;
      reply.error('ERR Command not allowed inside a transaction');
      return;
    }
    // RESP2 subscribers' replies share the stream with messages: Redis allows only these there
    // (EXEC runs its queue without this check, as Redis's call() does).
    if (client.subscriptions !== null && client.protocol === 2 && !client.inExec && !PUBSUB_CONTEXT_COMMANDS.has(cmd.name)) {
      if (client.multi !== null) client.multi.dirty = true;
      reply.error(
        `ERR Can't execute '${cmd.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      );
      return;
    }
    if (client.multi !== null && !NOT_QUEUED.has(cmd.name)) {
      // Argument views point into the read buffer; the queue outlives it.
      client.multi.queue.push(argv.map((a) => Buffer.from(a)));
      reply.simple('QUEUED');
      return;
    }
    this.execute(cmd, client, argv);
  }

  /** The handler call, kept apart so the try/catch does not weigh on dispatch. */
  private execute(cmd: Command, client: Client, argv: Buffer[]): void {
    const ctx = client.ctx;
    // Saved and restored: a handler may re-enter dispatch for the same client.
    const outerArgv = ctx.argv;
    ctx.argv = argv;
    // Only CLIENT LIST/INFO read these sizes: they are computed there, not per command.
    client.currentArgv = argv;
    // INFO commandstats' usec: performance.now() costs ~60 ns, a fifth of a
    // pipelined command, so one call in eight is timed and counted eight
    // times (see InfoCounters.commandRan); call counts stay exact.
    const timed = (++this.commandSerial & 7) === 0;
    const started = timed ? performance.now() : 0;
    try {
      cmd.handler(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      client.reply.error(`ERR ${message.replace(/[\r\n]/g, ' ')}`);
      this.logger.log('warning', `Command '${cmd.name}' failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    } finally {
      ctx.argv = outerArgv;
      client.currentArgv = null;
    }
    this.infoCounters.commandRan(cmd.name, timed ? (performance.now() - started) * 8000 : 0);
    if (this.monitor.active) this.monitor.feed(client, cmd, argv);
  }

  /** SHUTDOWN: stops listening, closes every client and resolves `stopped`; exiting is the CLI's call. */
  shutdown(reason: string, flags: ShutdownFlag[] = []): Promise<void> {
    if (this.stopping === null) {
      this.logger.log('warning', reason);
      this.emit('shutdown', { reason, flags });
      this.logger.log('warning', 'Redis is now ready to exit, bye bye...');
    }
    return this.stop();
  }

  stop(): Promise<void> {
    if (this.stopping !== null) return this.stopping;
    if (this.expireTimer !== null) clearInterval(this.expireTimer);
    this.expireTimer = null;
    this.blocking.close();
    const closing = this.tcpListeners.map(
      (l) => new Promise<void>((resolve) => l.close(() => resolve())),
    );
    for (const client of [...this.clients.values()]) client.kill();
    this.stopping = Promise.all(closing).then(() => {
      this.emit('stopped');
      this.resolveStopped();
    });
    return this.stopping;
  }

  /** CONFIG RESETSTAT: Redis's resetServerStats, command and error tables included. */
  resetStats(): void {
    this.infoCounters.reset();
    const stats = this.keyspace.stats;
    stats.hits = 0;
    stats.misses = 0;
    stats.expiredKeys = 0;
  }

  /** Active expiry, hz times a second, as Redis's serverCron/activeExpireCycle. */
  private startActiveExpire(): void {
    if (this.expireTimer !== null) return;
    const hz = Math.min(Math.max(this.config.hz, 1), 500);
    this.expireTimer = setInterval(() => {
      this.keyspace.activeExpireCycle();
      if (this.blocking.hasReady) this.blocking.serveReady();
    }, Math.floor(1000 / hz));
    this.expireTimer.unref();
  }

  /** WATCH: remember the key and whether it had already expired then (Redis 7.0 rules). */
  watch(client: Client, db: number, key: Buffer): void {
    const k = keyOf(key);
    const slot = `${db}\u0000${k}`;
    if (client.watched.has(slot)) return;
    const entry = this.keyspace.db(db).entries.get(k);
    client.watched.set(slot, entry !== undefined && entry.expiresAt !== 0 && entry.expiresAt <= Date.now());
    let set = this.watchers.get(slot);
    if (set === undefined) this.watchers.set(slot, (set = new Set()));
    set.add(client);
  }

  unwatchAll(client: Client): void {
    for (const slot of client.watched.keys()) {
      const set = this.watchers.get(slot);
      if (set === undefined) continue;
      set.delete(client);
      if (set.size === 0) this.watchers.delete(slot);
    }
    client.watched.clear();
    client.dirtyCas = false;
  }

  /** EXEC's check: a watched key that expired since WATCH counts as modified. */
  watchedKeyExpired(client: Client): boolean {
    const now = Date.now();
    for (const [slot, expiredWhenWatched] of client.watched) {
      if (expiredWhenWatched) continue;
      const sep = slot.indexOf('\u0000');
      const entry = this.keyspace.db(Number(slot.slice(0, sep))).entries.get(slot.slice(sep + 1));
      if (entry !== undefined && entry.expiresAt !== 0 && entry.expiresAt <= now) return true;
    }
    return false;
  }

  private touchWatchedKey(db: number, key: string): void {
    if (this.watchers.size === 0) return;
    const set = this.watchers.get(`${db}\u0000${key}`);
    if (set !== undefined) for (const c of set) c.dirtyCas = true;
  }

  private touchWatchedDb(db: number, hadKey: (key: string) => boolean): void {
    const prefix = `${db}\u0000`;
    for (const [slot, set] of this.watchers) {
      if (!slot.startsWith(prefix) || !hadKey(slot.slice(prefix.length))) continue;
      for (const c of set) c.dirtyCas = true;
    }
  }

  uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }
}

/** What a RESP2 client with subscriptions may run (Redis's processCommand list). */
const PUBSUB_CONTEXT_COMMANDS = new Set([
  'ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset',
]);

function toListenHost(spec: string): string {
  if (spec === '*') return '0.0.0.0';
  if (spec === '::*') return '::';
  return spec;
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** An argument as Redis quotes it in errors: at most `max` bytes, newlines as spaces. */
function sanitize(arg: Buffer, max: number): string {
  const text = (arg.length > max ? arg.subarray(0, max) : arg).toString();
  return text.replace(/[\r\n]/g, ' ');
}

function unknownCommandMessage(argv: Buffer[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${sanitize(argv[i], 128 - args.length)}' `;
  }
  return `ERR unknown command '${sanitize(argv[0], 128)}', with args beginning with: ${args}`;
}


/** Size of the request in multibulk form, what Redis's query buffer held for it. */

