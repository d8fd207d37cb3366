// Server commands: INFO FLUSHALL FLUSHDB DBSIZE TIME SHUTDOWN.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import os from 'node:os';
import path from 'node:path';
import { defineCommand, equalsIgnoreCase, type Command, type CommandMeta, type Context } from './table';
import type { Server, ShutdownFlag } from '../server/server';

const meta = {
  info: {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    docs: {
      summary: 'Get information and statistics about the server',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added support for taking multiple section arguments.']],
      arguments: [{ name: 'section', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  flushall: {
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@write', '@slow', '@dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Remove all keys from all databases',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the total number of keys in all databases',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        {
          name: 'async',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
            { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
          ],
        },
      ],
    },
  },
  flushdb: {
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@write', '@slow', '@dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Remove all keys from the current database',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of keys in the selected database',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        {
          name: 'async',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
            { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
          ],
        },
      ],
    },
  },
  dbsize: {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    docs: {
      summary: 'Return the number of keys in the selected database',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  time: {
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast'],
    tips: ['nondeterministic_output'],
    docs: { summary: 'Return the current server time', since: '2.6.0', group: 'server', complexity: 'O(1)' },
  },
  shutdown: {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous'],
    docs: {
      summary: 'Synchronously save the dataset to disk and then shut down the server',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
      history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
      arguments: [
        {
          name: 'nosave_save',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'nosave', type: 'pure-token', token: 'NOSAVE' },
            { name: 'save', type: 'pure-token', token: 'SAVE' },
          ],
        },
        { name: 'now', type: 'pure-token', token: 'NOW', since: '7.0.0', flags: ['optional'] },
        { name: 'force', type: 'pure-token', token: 'FORCE', since: '7.0.0', flags: ['optional'] },
        { name: 'abort', type: 'pure-token', token: 'ABORT', since: '7.0.0', flags: ['optional'] },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

/** Sections we produce, in the order Redis prints them. */
const SECTION_ORDER = ['server', 'clients', 'modules', 'keyspace'] as const;
type Section = (typeof SECTION_ORDER)[number];

function info({ argv, server, reply }: Context): void {
  const wanted = new Set<string>();
  if (argv.length === 1) wanted.add('default');
  for (let i = 1; i < argv.length; i++) wanted.add(argv[i].toString().toLowerCase());
  const every = wanted.has('default') || wanted.has('all') || wanted.has('everything');
  const parts: string[] = [];
  for (const section of SECTION_ORDER) {
    if (every || wanted.has(section)) parts.push(renderSection(server, section));
  }
  reply.verbatim(parts.join('\r\n'), 'txt');
}

function renderSection(server: Server, section: Section): string {
  const config = server.config;
  switch (section) {
    case 'server': {
      const nowMs = Date.now();
      const uptime = server.uptimeSeconds();
      const hz = config.hz;
      const script = process.argv[1];
      return lines('Server', [
        ['redis_version', server.version],
        ['redis_git_sha1', '00000000'],
        ['redis_git_dirty', '0'],
        ['redis_build_id', '0'],
        ['redis_mode', 'standalone'],
        ['os', `${os.type()} ${os.release()} ${os.machine()}`],
        ['arch_bits', /64/.test(process.arch) ? '64' : '32'],
        ['monotonic_clock', 'POSIX clock_gettime'],
        ['multiplexing_api', process.platform === 'linux' ? 'epoll' : 'kqueue'],
        ['atomicvar_api', 'c11-builtin'],
        ['gcc_version', '0.0.0'],
        ['process_id', String(process.pid)],
        ['process_supervised', 'no'],
        ['run_id', server.runId],
        ['tcp_port', String(server.port)],
        ['server_time_usec', String(nowMs * 1000)],
        ['uptime_in_seconds', String(uptime)],
        ['uptime_in_days', String(Math.floor(uptime / 86400))],
        ['hz', String(hz)],
        ['configured_hz', String(hz)],
        ['lru_clock', String(Math.floor(nowMs / 1000) & 0xffffff)],
        ['executable', script !== undefined ? path.resolve(script) : process.execPath],
        ['config_file', config.configFile ?? ''],
        ['io_threads_active', '0'],
      ]);
    }
    case 'clients':
      return lines('Clients', [
        ['connected_clients', String(server.connectedClients)],
        ['cluster_connections', '0'],
        ['maxclients', String(config.maxclients)],
        ['client_recent_max_input_buffer', '0'],
        ['client_recent_max_output_buffer', '0'],
        ['blocked_clients', '0'],
        ['tracking_clients', '0'],
        ['clients_in_timeout_table', '0'],
      ]);
    case 'modules': {
      const entries: Array<[string, string]> = [];
      for (const m of server.modules?.listForInfo() ?? []) {
        entries.push([
          'module',
          `name=${m.name},ver=${m.ver},api=${m.api ?? 1},filters=${m.filters ?? 0},` +
            `usedby=[${(m.usedby ?? []).join('|')}],using=[${(m.using ?? []).join('|')}],` +
            `options=[${(m.options ?? []).join('|')}]`,
        ]);
      }
      return lines('Modules', entries);
    }
    case 'keyspace': {
      const entries: Array<[string, string]> = [];
      const now = Date.now();
      for (const db of server.keyspace.dbs) {
        if (db.size === 0) continue;
        entries.push([`db${db.index}`, `keys=${db.size},expires=${db.expiresCount},avg_ttl=${db.averageTtl(now)}`]);
      }
      return lines('Keyspace', entries);
    }
  }
}

function lines(title: string, fields: Array<[string, string]>): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}

/** FLUSHALL/FLUSHDB's optional ASYNC|SYNC; false after replying a syntax error. */
function flushModeValid({ argv, reply }: Context): boolean {
  if (argv.length > 2 || (argv.length === 2 && !equalsIgnoreCase(argv[1], 'sync') && !equalsIgnoreCase(argv[1], 'async'))) {
    reply.error('ERR syntax error');
    return false;
  }
  return true;
}

function flushall(ctx: Context): void {
  if (!flushModeValid(ctx)) return;
  ctx.server.keyspace.flushAll();
  ctx.reply.simple('OK');
}

function flushdb(ctx: Context): void {
  if (!flushModeValid(ctx)) return;
  ctx.client.db.clear();
  ctx.reply.simple('OK');
}

function dbsize({ client, reply }: Context): void {
  reply.integer(client.db.size);
}

function time({ reply }: Context): void {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const seconds = Math.floor(micros / 1e6);
  reply.arrayHeader(2);
  reply.bulk(String(seconds));
  reply.bulk(String(micros - seconds * 1e6));
}

function shutdown({ argv, server, reply }: Context): void {
  const flags: ShutdownFlag[] = [];
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (equalsIgnoreCase(arg, 'nosave')) flags.push('nosave');
    else if (equalsIgnoreCase(arg, 'save')) flags.push('save');
    else if (equalsIgnoreCase(arg, 'now')) flags.push('now');
    else if (equalsIgnoreCase(arg, 'force')) flags.push('force');
    else if (equalsIgnoreCase(arg, 'abort')) abort = true;
    else {
      reply.error('ERR syntax error');
      return;
    }
  }
  if ((abort && flags.length > 0) || (flags.includes('nosave') && flags.includes('save'))) {
    reply.error('ERR syntax error');
    return;
  }
  if (abort) {
    // Our shutdown never waits for replicas, so there is never one in progress to abort.
    reply.error('ERR No shutdown in progress.');
    return;
  }
  // Like Redis, the client gets no reply: its connection closes with the server.
  void server.shutdown('User requested shutdown...', flags);
}

export const serverCommands: Command[] = [
  defineCommand(meta.info, info),
  defineCommand(meta.flushall, flushall),
  defineCommand(meta.flushdb, flushdb),
  defineCommand(meta.dbsize, dbsize),
  defineCommand(meta.time, time),
  defineCommand(meta.shutdown, shutdown),
];
