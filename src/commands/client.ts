// CLIENT and its subcommands.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import {
  defineCommand,
  defineContainer,
  equalsIgnoreCase,
  parseInteger,
  type Command,
  type CommandMeta,
  type Context,
} from './table';
import { INVALID_CLIENT_NAME, validClientName } from './connection';
import type { Client } from '../server/client';

const meta = {
  client: {
    name: 'client',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for client connection commands',
      since: '2.4.0',
      group: 'connection',
      complexity: 'Depends on subcommand.',
    },
  },
  'client|unblock': {
    name: 'client|unblock',
    arity: -3,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    docs: {
      summary: 'Unblock a client blocked in a blocking command from a different connection',
      since: '5.0.0',
      group: 'connection',
      complexity: 'O(log N) where N is the number of client connections',
      arguments: [
        { name: 'client-id', type: 'integer' },
        {
          name: 'timeout_error',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'timeout', type: 'pure-token', token: 'TIMEOUT' },
            { name: 'error', type: 'pure-token', token: 'ERROR' },
          ],
        },
      ],
    },
  },
  'client|list': {
    name: 'client|list',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    tips: ['nondeterministic_output'],
    docs: {
      summary: 'Get the list of client connections',
      since: '2.4.0',
      group: 'connection',
      complexity: 'O(N) where N is the number of client connections',
      history: [
        ['2.8.12', 'Added unique client `id` field.'],
        ['5.0.0', 'Added optional `TYPE` filter.'],
        ['6.0.0', 'Added `user` field.'],
        ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
        ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
        ['7.0.3', 'Added `ssub` field.'],
      ],
      arguments: [
        {
          name: 'normal_master_replica_pubsub',
          type: 'oneof',
          token: 'TYPE',
          since: '5.0.0',
          flags: ['optional'],
          arguments: [
            { name: 'normal', type: 'pure-token', token: 'NORMAL' },
            { name: 'master', type: 'pure-token', token: 'MASTER' },
            { name: 'replica', type: 'pure-token', token: 'REPLICA' },
            { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
          ],
        },
        {
          name: 'id',
          type: 'block',
          token: 'ID',
          since: '6.2.0',
          flags: ['optional'],
          arguments: [{ name: 'client-id', type: 'integer', flags: ['multiple'] }],
        },
      ],
    },
  },
  'client|getredir': {
    name: 'client|getredir',
    arity: 2,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Get tracking notifications redirection client ID if any',
      since: '6.0.0',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|caching': {
    name: 'client|caching',
    arity: 3,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Instruct the server about tracking or not keys in the next request',
      since: '6.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [
        {
          name: 'mode',
          type: 'oneof',
          arguments: [
            { name: 'yes', type: 'pure-token', token: 'YES' },
            { name: 'no', type: 'pure-token', token: 'NO' },
          ],
        },
      ],
    },
  },
  'client|setname': {
    name: 'client|setname',
    arity: 3,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Set the current connection name',
      since: '2.6.9',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [{ name: 'connection-name', type: 'string' }],
    },
  },
  'client|trackinginfo': {
    name: 'client|trackinginfo',
    arity: 2,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Return information about server assisted client side caching for the current connection',
      since: '6.2.0',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|kill': {
    name: 'client|kill',
    arity: -3,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    docs: {
      summary: 'Kill the connection of a client',
      since: '2.4.0',
      group: 'connection',
      complexity: 'O(N) where N is the number of client connections',
      history: [
        ['2.8.12', 'Added new filter format.'],
        ['2.8.12', '`ID` option.'],
        ['3.2.0', 'Added `master` type in for `TYPE` option.'],
        [
          '5.0.0',
          'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.',
        ],
        ['6.2.0', '`LADDR` option.'],
      ],
      arguments: [
        {
          name: 'filter',
          type: 'oneof',
          arguments: [
            { name: 'ip:port', type: 'string', deprecatedSince: '2.8.12' },
            {
              name: 'new-format',
              type: 'oneof',
              flags: ['multiple'],
              arguments: [
                { name: 'client-id', type: 'integer', token: 'ID', since: '2.8.12', flags: ['optional'] },
                {
                  name: 'normal_master_slave_pubsub',
                  type: 'oneof',
                  token: 'TYPE',
                  since: '2.8.12',
                  flags: ['optional'],
                  arguments: [
                    { name: 'normal', type: 'pure-token', token: 'NORMAL' },
                    { name: 'master', type: 'pure-token', token: 'MASTER', since: '3.2.0' },
                    { name: 'slave', type: 'pure-token', token: 'SLAVE' },
                    { name: 'replica', type: 'pure-token', token: 'REPLICA', since: '5.0.0' },
                    { name: 'pubsub', type: 'pure-token', token: 'PUBSUB' },
                  ],
                },
                { name: 'username', type: 'string', token: 'USER', flags: ['optional'] },
                { name: 'ip:port', type: 'string', token: 'ADDR', flags: ['optional'] },
                { name: 'ip:port', type: 'string', token: 'LADDR', since: '6.2.0', flags: ['optional'] },
                { name: 'yes/no', type: 'string', token: 'SKIPME', flags: ['optional'] },
              ],
            },
          ],
        },
      ],
    },
  },
  'client|tracking': {
    name: 'client|tracking',
    arity: -3,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Enable or disable server assisted client side caching support',
      since: '6.0.0',
      group: 'connection',
      complexity: 'O(1). Some options may introduce additional complexity.',
      arguments: [
        {
          name: 'status',
          type: 'oneof',
          arguments: [
            { name: 'on', type: 'pure-token', token: 'ON' },
            { name: 'off', type: 'pure-token', token: 'OFF' },
          ],
        },
        { name: 'client-id', type: 'integer', token: 'REDIRECT', flags: ['optional'] },
        {
          name: 'prefix',
          type: 'string',
          token: 'PREFIX',
          flags: ['optional', 'multiple', 'multiple_token'],
        },
        { name: 'bcast', type: 'pure-token', token: 'BCAST', flags: ['optional'] },
        { name: 'optin', type: 'pure-token', token: 'OPTIN', flags: ['optional'] },
        { name: 'optout', type: 'pure-token', token: 'OPTOUT', flags: ['optional'] },
        { name: 'noloop', type: 'pure-token', token: 'NOLOOP', flags: ['optional'] },
      ],
    },
  },
  'client|getname': {
    name: 'client|getname',
    arity: 2,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Get the current connection name',
      since: '2.6.9',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|id': {
    name: 'client|id',
    arity: 2,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Returns the client ID for the current connection',
      since: '5.0.0',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|info': {
    name: 'client|info',
    arity: 2,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    tips: ['nondeterministic_output'],
    docs: {
      summary: 'Returns information about the current client connection.',
      since: '6.2.0',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|help': {
    name: 'client|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '5.0.0',
      group: 'connection',
      complexity: 'O(1)',
    },
  },
  'client|reply': {
    name: 'client|reply',
    arity: 3,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Instruct the server whether to reply to commands',
      since: '3.2.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [
        {
          name: 'on_off_skip',
          type: 'oneof',
          arguments: [
            { name: 'on', type: 'pure-token', token: 'ON' },
            { name: 'off', type: 'pure-token', token: 'OFF' },
            { name: 'skip', type: 'pure-token', token: 'SKIP' },
          ],
        },
      ],
    },
  },
  'client|pause': {
    name: 'client|pause',
    arity: -3,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    docs: {
      summary: 'Stop processing commands from clients for some time',
      since: '2.9.50',
      group: 'connection',
      complexity: 'O(1)',
      history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']],
      arguments: [
        { name: 'timeout', type: 'integer' },
        {
          name: 'mode',
          type: 'oneof',
          since: '6.2.0',
          flags: ['optional'],
          arguments: [
            { name: 'write', type: 'pure-token', token: 'WRITE' },
            { name: 'all', type: 'pure-token', token: 'ALL' },
          ],
        },
      ],
    },
  },
  'client|no-evict': {
    name: 'client|no-evict',
    arity: 3,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    docs: {
      summary: 'Set client eviction mode for the current connection',
      since: '7.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [
        {
          name: 'enabled',
          type: 'oneof',
          arguments: [
            { name: 'on', type: 'pure-token', token: 'ON' },
            { name: 'off', type: 'pure-token', token: 'OFF' },
          ],
        },
      ],
    },
  },
  'client|unpause': {
    name: 'client|unpause',
    arity: 2,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous', '@connection'],
    docs: {
      summary: 'Resume processing of clients that were paused',
      since: '6.2.0',
      group: 'connection',
      complexity: 'O(N) Where N is the number of paused clients',
    },
  },
} satisfies Record<string, CommandMeta>;

const HELP_LINES = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.'
];

/** Lines as CLIENT LIST/INFO print them: one per client, each ending in "\n". */
function clientLines(clients: Iterable<Client>): string {
  const now = Date.now();
  let out = '';
  for (const c of clients) out += c.describe(now) + '\n';
  return out;
}

/** Redis's client type names; ours are all "normal" (no replicas, no pub/sub yet). */
function clientTypeKnown(arg: Buffer): boolean {
  return ['normal', 'slave', 'replica', 'master', 'pubsub'].some((t) => equalsIgnoreCase(arg, t));
}

function connections(ctx: Context): Client[] {
  const list: Client[] = [];
  for (const c of ctx.server.clients.values()) if (c.socket !== null || c === ctx.client) list.push(c);
  return list;
}

function id({ client, reply }: Context): void {
  reply.integer(client.id);
}

function info({ client, reply }: Context): void {
  reply.verbatim(clientLines([client]), 'txt');
}

function list(ctx: Context): void {
  const { argv, reply } = ctx;
  if (argv.length === 2) {
    reply.verbatim(clientLines(connections(ctx)), 'txt');
  } else if (argv.length === 4 && equalsIgnoreCase(argv[2], 'type')) {
    if (!clientTypeKnown(argv[3])) {
      reply.error(`ERR Unknown client type '${argv[3].toString()}'`);
      return;
    }
    const normal = equalsIgnoreCase(argv[3], 'normal');
    reply.verbatim(normal ? clientLines(connections(ctx)) : '', 'txt');
  } else if (argv.length > 3 && equalsIgnoreCase(argv[2], 'id')) {
    const wanted: Client[] = [];
    for (let j = 3; j < argv.length; j++) {
      const cid = parseInteger(argv[j]);
      if (cid === null) {
        reply.error('ERR Invalid client ID');
        return;
      }
      const c = ctx.server.clients.get(cid);
      if (c !== undefined && (c.socket !== null || c === ctx.client)) wanted.push(c);
    }
    reply.verbatim(clientLines(wanted), 'txt');
  } else {
    reply.error('ERR syntax error');
  }
}

function setname({ argv, client, reply }: Context): void {
  const name = argv[2];
  if (!validClientName(name)) {
    reply.error(INVALID_CLIENT_NAME);
    return;
  }
  client.name = name.length === 0 ? null : Buffer.from(name);
  reply.simple('OK');
}

function getname({ client, reply }: Context): void {
  if (client.name === null) reply.nullBulk();
  else reply.bulk(client.name);
}

function kill(ctx: Context): void {
  const { argv, reply, server, client: self } = ctx;
  let addr: string | null = null;
  let laddr: string | null = null;
  let killId = 0;
  let typeFilter: string | null = null;
  let userFilter: string | null = null;
  let skipMe = true;
  const oldStyle = argv.length === 3;
  if (oldStyle) {
    addr = argv[2].toString();
    skipMe = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const hasValue = i + 1 < argv.length;
      const opt = argv[i];
      if (!hasValue) {
        reply.error('ERR syntax error');
        return;
      }
      const value = argv[i + 1];
      if (equalsIgnoreCase(opt, 'id')) {
        const n = parseInteger(value);
        if (n === null || n < 1) {
          reply.error('ERR client-id should be greater than 0');
          return;
        }
        killId = n;
      } else if (equalsIgnoreCase(opt, 'type')) {
        if (!clientTypeKnown(value)) {
          reply.error(`ERR Unknown client type '${value.toString()}'`);
          return;
        }
        typeFilter = value.toString().toLowerCase();
      } else if (equalsIgnoreCase(opt, 'addr')) {
        addr = value.toString();
      } else if (equalsIgnoreCase(opt, 'laddr')) {
        laddr = value.toString();
      } else if (equalsIgnoreCase(opt, 'user')) {
        // "default" is the only user there is.
        if (value.toString() !== 'default') {
          reply.error(`ERR No such user '${value.toString()}'`);
          return;
        }
        userFilter = 'default';
      } else if (equalsIgnoreCase(opt, 'skipme')) {
        if (equalsIgnoreCase(value, 'yes')) skipMe = true;
        else if (equalsIgnoreCase(value, 'no')) skipMe = false;
        else {
          reply.error('ERR syntax error');
          return;
        }
      } else {
        reply.error('ERR syntax error');
        return;
      }
    }
  }
  let killed = 0;
  for (const c of [...server.clients.values()]) {
    if (c.socket === null) continue;
    if (addr !== null && c.addr !== addr) continue;
    if (laddr !== null && c.laddr !== laddr) continue;
    if (typeFilter !== null && typeFilter !== 'normal') continue;
    if (killId !== 0 && c.id !== killId) continue;
    if (userFilter !== null && c.user !== userFilter) continue;
    if (c === self && skipMe) continue;
    // Oneself gets the reply first, then the connection closes.
    if (c === self) c.closeAfterReply = true;
    else c.kill();
    killed++;
  }
  if (oldStyle) {
    if (killed === 0) reply.error('ERR No such client');
    else reply.simple('OK');
  } else {
    reply.integer(killed);
  }
}

function help({ reply }: Context): void {
  reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) reply.simple(line);
}

function noEvict({ argv, client, reply }: Context): void {
  if (equalsIgnoreCase(argv[2], 'on')) client.noEvict = true;
  else if (equalsIgnoreCase(argv[2], 'off')) client.noEvict = false;
  else {
    reply.error('ERR syntax error');
    return;
  }
  reply.simple('OK');
}

function getredir({ reply }: Context): void {
  // Tracking is never on, so there is no redirection.
  reply.integer(-1);
}

function trackinginfo({ reply }: Context): void {
  reply.mapHeader(3);
  reply.bulk('flags');
  reply.setHeader(1);
  reply.bulk('off');
  reply.bulk('redirect');
  reply.integer(-1);
  reply.bulk('prefixes');
  reply.arrayHeader(0);
}

function caching({ reply }: Context): void {
  reply.error(
    'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  );
}

function tracking({ argv, reply }: Context): void {
  if (argv.length === 3 && equalsIgnoreCase(argv[2], 'off')) {
    reply.simple('OK');
  } else {
    reply.error('ERR client-side caching (CLIENT TRACKING) is not supported by this server');
  }
}

function unblock({ argv, reply }: Context): void {
  if (parseInteger(argv[2]) === null) {
    reply.error('ERR value is not an integer or out of range');
    return;
  }
  if (argv.length === 4 && !equalsIgnoreCase(argv[3], 'timeout') && !equalsIgnoreCase(argv[3], 'error')) {
    reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    return;
  }
  if (argv.length > 4) {
    reply.error('ERR syntax error');
    return;
  }
  // No client is ever blocked by a built-in command here; module blocking is not wired in yet.
  reply.integer(0);
}

function replyMode({ argv, client, reply }: Context): void {
  if (equalsIgnoreCase(argv[2], 'on')) {
    client.replyMode = 'on';
    reply.simple('OK');
  } else if (equalsIgnoreCase(argv[2], 'off') || equalsIgnoreCase(argv[2], 'skip')) {
    reply.error('ERR CLIENT REPLY OFF|SKIP is not supported by this server');
  } else {
    reply.error('ERR syntax error');
  }
}

function pause({ argv, reply }: Context): void {
  const timeout = parseInteger(argv[2]);
  if (timeout === null) {
    reply.error('ERR timeout is not an integer or out of range');
    return;
  }
  if (timeout < 0) {
    reply.error('ERR timeout is negative');
    return;
  }
  if (argv.length === 4 && !equalsIgnoreCase(argv[3], 'write') && !equalsIgnoreCase(argv[3], 'all')) {
    reply.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
    return;
  }
  if (argv.length > 4) {
    reply.error('ERR syntax error');
    return;
  }
  reply.error('ERR CLIENT PAUSE is not supported by this server');
}

function unpause({ reply }: Context): void {
  // Nothing is ever paused, so there is nothing to resume.
  reply.simple('OK');
}

export const clientCommand: Command = defineContainer(meta.client, [
  defineCommand(meta['client|id'], id),
  defineCommand(meta['client|info'], info),
  defineCommand(meta['client|list'], list),
  defineCommand(meta['client|setname'], setname),
  defineCommand(meta['client|getname'], getname),
  defineCommand(meta['client|kill'], kill),
  defineCommand(meta['client|help'], help),
  defineCommand(meta['client|no-evict'], noEvict),
  defineCommand(meta['client|getredir'], getredir),
  defineCommand(meta['client|trackinginfo'], trackinginfo),
  defineCommand(meta['client|caching'], caching),
  defineCommand(meta['client|tracking'], tracking),
  defineCommand(meta['client|unblock'], unblock),
  defineCommand(meta['client|reply'], replyMode),
  defineCommand(meta['client|pause'], pause),
  defineCommand(meta['client|unpause'], unpause),
]);
