// The library API: a server in this process, reachable over TCP and, with no
// socket at all, through call() on the same dispatch path.
import { Config, quoteArg } from './server/config';
import { Logger, type LogLevel } from './server/log';
import { Server, type ModuleHost } from './server/server';
import type { Client } from './server/client';
import { ReplyParser, type RespValue } from './resp/reply-parser';

export { Server } from './server/server';
export type { ModuleHost, LoadedModuleInfo, ServerLogger } from './server/server';
export { Client } from './server/client';
export { Config } from './server/config';
export { Logger } from './server/log';
export { CommandTable } from './commands/table';
export type { CommandSpec, CommandContext, CommandDocs, KeySpec, ArgDoc } from './commands/types';
export { ReplyWriter } from './resp/reply-writer';
export { RequestParser } from './resp/request-parser';
export {
  ReplyParser,
  ReplyFramer,
  RespError,
  RespMap,
  RespSet,
  RespVerbatim,
  RespDouble,
  RespBigNumber,
  RespPush,
  type RespValue,
} from './resp/reply-parser';

export type CallArg = string | Buffer | number;

export interface StartServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  bind?: string;
  /** Config directives as in redis.conf; an array gives the directive once per value. */
  config?: Record<string, string | string[]>;
  /** Modules to load after start, in order: a path, or a path with load arguments. */
  loadModules?: Array<string | { path: string; args?: string[] }>;
  /** Default "warning", so a library user's output is not filled with notices. */
  logLevel?: LogLevel;
  /** Default: standard output. */
  logFile?: string;
  /** Builds the module manager for this server; without one, loadModules throws. */
  moduleHost?: (server: Server) => ModuleHost;
}

/**
 * A client with no socket. Replies are decoded from the exact bytes a socket
 * client would receive. An error reply rejects with a RespError (an Error whose
 * message is the reply without '-', e.g. "ERR syntax error").
 */
export class InProcessClient {
  private readonly parser = new ReplyParser();

  constructor(readonly client: Client) {}

  get id(): number {
    return this.client.id;
  }

  /** The reply bytes of one command, in this client's protocol. */
  callRaw(...args: CallArg[]): Buffer {
    const server = this.client.server;
    server.dispatch(this.client, args.map(toArg));
    return this.client.reply.take();
  }

  /** Resolves when the reply is there: a blocking command (BLPOP, ...) waits to be served. */
  async call(...args: CallArg[]): Promise<RespValue> {
    const client = this.client;
    client.server.dispatch(client, args.map(toArg));
    if (client.blocked !== null) await new Promise<void>((resolve) => (client.onUnblocked = resolve));
    const values = this.parser.push(client.reply.take());
    if (values.length !== 1) throw new Error(`expected one reply, got ${values.length}`);
    const value = values[0];
    if (value instanceof Error) throw value;
    return value;
  }

  close(): void {
    this.client.kill();
  }
}

export class RedisModuleHost {
  private readonly defaultClient: InProcessClient;

  constructor(readonly server: Server) {
    this.defaultClient = new InProcessClient(server.createDetachedClient());
    // In-process servers come and go (stop() or SHUTDOWN); their modules go
    // with them, so the next server in this process can load them again.
    // The CLI does not do this: Redis does not unload modules at exit.
    server.once('stopped', () => server.modules?.close?.());
  }

  get port(): number {
    return this.server.port;
  }

  call(...args: CallArg[]): Promise<RespValue> {
    return this.defaultClient.call(...args);
  }

  callRaw(...args: CallArg[]): Buffer {
    return this.defaultClient.callRaw(...args);
  }

  /** A dedicated in-process client (own database selection, name, protocol). */
  client(options: { protocol?: 2 | 3 } = {}): InProcessClient {
    const client = this.server.createDetachedClient();
    if (options.protocol !== undefined) client.protocol = options.protocol;
    return new InProcessClient(client);
  }

  /** Loads a module through the server's module manager. */
  async loadModule(path: string, args: string[] = []): Promise<void> {
    const modules = this.server.modules;
    if (modules === null) throw new Error('module support not available');
    const outcome = await modules.load(path, args.map((a) => Buffer.from(a)));
    // The reason is the loader's log line, which names the module and the cause.
    if (outcome.ok === false) throw new Error(outcome.reason);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

function toArg(arg: CallArg): Buffer {
  if (Buffer.isBuffer(arg)) return arg;
  return Buffer.from(typeof arg === 'number' ? String(arg) : arg);
}

export async function startServer(opts: StartServerOptions = {}): Promise<RedisModuleHost> {
  const config = new Config();
  const lines: string[] = [`port ${opts.port ?? 0}`, `bind ${opts.bind ?? '127.0.0.1'}`, 'save ""'];
  lines.push(`loglevel ${opts.logLevel ?? 'warning'}`);
  if (opts.logFile !== undefined) lines.push(`logfile ${quoteArg(opts.logFile)}`);
  for (const [name, value] of Object.entries(opts.config ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name} ${quoteArg(v)}`);
  }
  config.loadFromString(lines.join('\n'));
  const logger = new Logger({ settings: config });
  const server = new Server({ config, logger });
  if (opts.moduleHost !== undefined) server.modules = opts.moduleHost(server);
  const host = new RedisModuleHost(server);
  await server.start();
  try {
    for (const m of config.modules) await host.loadModule(m.path, m.args.map((a) => a.toString()));
    for (const m of opts.loadModules ?? []) {
      if (typeof m === 'string') await host.loadModule(m);
      else await host.loadModule(m.path, m.args ?? []);
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  return host;
}
