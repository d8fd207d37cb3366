// CONFIG and its subcommands: GET, SET, RESETSTAT, REWRITE, HELP.
// Metadata is what Redis 7.0.15 reports (COMMAND INFO/DOCS); replies and error strings
// were checked against Debian's redis-server 7.0.15.
import type { CommandContext, CommandSpec } from './types';
import type { Config } from '../server/config';
import type { LogLevel } from '../server/log';

/** What CONFIG needs from the server object in its context. */
export interface ConfigHost {
  readonly config: Config;
  readonly logger?: { log(level: LogLevel, msg: string): void };
  /** CONFIG RESETSTAT: clears INFO's counters, if the server keeps any. */
  resetStats?(): void;
}

/** What CONFIG needs from the client: whether it connects from this machine. */
interface ClientPeer {
  readonly socket?: { readonly remoteAddress?: string } | null;
}

type Ctx = CommandContext;
type Spec = CommandSpec;

function hostOf(ctx: Ctx): ConfigHost {
  return ctx.server as ConfigHost;
}

/** Redis's islocalClient: unix sockets and loopback peers; in-process callers count as local. */
function isLocalClient(ctx: Ctx): boolean {
  const socket = (ctx.client as ClientPeer | null)?.socket;
  if (!socket) return true;
  const addr = socket.remoteAddress;
  if (addr === undefined) return true;
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

function configGet(ctx: Ctx): void {
  const patterns = ctx.argv.slice(2).map((a) => a.toString('latin1'));
  const entries = hostOf(ctx).config.getMatching(patterns);
  ctx.reply.mapHeader(entries.length);
  for (const [name, value] of entries) {
    ctx.reply.bulk(Buffer.from(name, 'latin1'));
    ctx.reply.bulk(Buffer.from(value, 'latin1'));
  }
}

function configSet(ctx: Ctx): void {
  const { argv, reply } = ctx;
  if (argv.length % 2 === 1) {
    reply.error('ERR syntax error');
    return;
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) {
    pairs.push([argv[i].toString('latin1'), argv[i + 1].toString('latin1')]);
  }
  const error = hostOf(ctx).config.setMany(pairs, { isLocalClient: isLocalClient(ctx) });
  if (error === null) reply.simple('OK');
  else reply.error(error);
}

function configResetStat(ctx: Ctx): void {
  hostOf(ctx).resetStats?.();
  ctx.reply.simple('OK');
}

function configRewrite(ctx: Ctx): void {
  const host = hostOf(ctx);
  if (host.config.configFile === null) {
    ctx.reply.error('ERR The server is running without a config file');
    return;
  }
  try {
    host.config.rewrite();
  } catch (err) {
    const reason = strerrorOf(err);
    host.logger?.log('warning', `CONFIG REWRITE failed: ${reason}`);
    ctx.reply.error(`ERR Rewriting config file: ${reason}`);
    return;
  }
  host.logger?.log('warning', 'CONFIG REWRITE executed with success.');
  ctx.reply.simple('OK');
}

function strerrorOf(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EROFS') return 'Read-only file system';
  if (code === 'ENOSPC') return 'No space left on device';
  return err instanceof Error ? err.message : String(err);
}

const HELP_LINES = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

function configHelp(ctx: Ctx): void {
  ctx.reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) ctx.reply.simple(line);
}

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'];
const ADMIN_ACL = ['@admin', '@slow', '@dangerous'];

function sub(
  name: string,
  arity: number,
  docs: Spec['docs'],
  handler: Spec['handler'],
  extra: Partial<Spec> = {},
): Spec {
  return {
    name: `config|${name}`,
    arity,
    flags: name === 'help' ? ['loading', 'stale'] : ADMIN_FLAGS,
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: name === 'help' ? ['@slow'] : ADMIN_ACL,
    docs,
    handler,
    ...extra,
  };
}

const subcommands: Spec[] = [
  sub(
    'help',
    2,
    { summary: 'Show helpful text about the different subcommands', since: '5.0.0', group: 'server', complexity: 'O(1)' },
    configHelp,
  ),
  sub(
    'resetstat',
    2,
    { summary: 'Reset the stats returned by INFO', since: '2.0.0', group: 'server', complexity: 'O(1)' },
    configResetStat,
  ),
  sub(
    'rewrite',
    2,
    {
      summary: 'Rewrite the configuration file with the in memory configuration',
      since: '2.8.0',
      group: 'server',
      complexity: 'O(1)',
    },
    configRewrite,
  ),
  sub(
    'get',
    -3,
    {
      summary: 'Get the values of configuration parameters',
      since: '2.0.0',
      group: 'server',
      complexity: 'O(N) when N is the number of configuration parameters provided',
      history: [['7.0.0', 'Added the ability to pass multiple pattern parameters in one call']],
      arguments: [
        {
          name: 'parameter',
          type: 'block',
          flags: ['multiple'],
          arguments: [{ name: 'parameter', type: 'string' }],
        },
      ],
    },
    configGet,
  ),
  sub(
    'set',
    -4,
    {
      summary: 'Set configuration parameters to the given values',
      since: '2.0.0',
      group: 'server',
      complexity: 'O(N) when N is the number of configuration parameters provided',
      history: [['7.0.0', 'Added the ability to set multiple parameters in one call.']],
      arguments: [
        {
          name: 'parameter_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [
            { name: 'parameter', type: 'string' },
            { name: 'value', type: 'string' },
          ],
        },
      ],
    },
    configSet,
    { tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'] },
  ),
];

export const configCommand: CommandSpec = {
  name: 'config',
  arity: -2,
  flags: [],
  firstKey: 0,
  lastKey: 0,
  keyStep: 0,
  aclCategories: ['@slow'],
  docs: {
    summary: 'A container for server configuration commands',
    since: '2.0.0',
    group: 'server',
    complexity: 'Depends on subcommand.',
  },
  subcommands: new Map(subcommands.map((s) => [s.name.slice('config|'.length), s])),
  // Dispatch resolves subcommands first; this only runs for a container called bare.
  handler: (ctx) => ctx.reply.error("ERR wrong number of arguments for 'config' command"),
};
