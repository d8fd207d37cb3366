// Connection commands: PING ECHO QUIT HELLO SELECT AUTH RESET.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import type { Server } from '../server/server';
import type { Client } from '../server/client';
import { defineCommand, parseInteger, equalsIgnoreCase, type Command, type CommandMeta, type Context } from './table';

const meta = {
  ping: {
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Ping the server',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [{ name: 'message', type: 'string', flags: ['optional'] }],
    },
  },
  echo: {
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: {
      summary: 'Echo the given string',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [{ name: 'message', type: 'string' }],
    },
  },
  quit: {
    name: 'quit',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: { summary: 'Close the connection', since: '1.0.0', group: 'connection', complexity: 'O(1)' },
  },
  hello: {
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: {
      summary: 'Handshake with Redis',
      since: '6.0.0',
      group: 'connection',
      complexity: 'O(1)',
      history: [
        [
          '6.2.0',
          '`protover` made optional; when called without arguments the command reports the current connection\'s context.',
        ],
      ],
      arguments: [
        {
          name: 'arguments',
          type: 'block',
          flags: ['optional'],
          arguments: [
            { name: 'protover', type: 'integer' },
            {
              name: 'username_password',
              type: 'block',
              token: 'AUTH',
              flags: ['optional'],
              arguments: [{ name: 'username', type: 'string' }, { name: 'password', type: 'string' }],
            },
            { name: 'clientname', type: 'string', token: 'SETNAME', flags: ['optional'] },
          ],
        },
      ],
    },
  },
  select: {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: {
      summary: 'Change the selected database for the current connection',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [{ name: 'index', type: 'integer' }],
    },
  },
  auth: {
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: {
      summary: 'Authenticate to the server',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(N) where N is the number of passwords defined for the user',
      history: [['6.0.0', 'Added ACL style (username and password).']],
      arguments: [
        { name: 'username', type: 'string', since: '6.0.0', flags: ['optional'] },
        { name: 'password', type: 'string' },
      ],
    },
  },
  reset: {
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast', '@connection'],
    docs: { summary: 'Reset the connection', since: '6.2.0', group: 'connection', complexity: 'O(1)' },
  },
} satisfies Record<string, CommandMeta>;

function ping({ argv, client, reply }: Context): void {
  if (argv.length > 2) {
    reply.error("ERR wrong number of arguments for 'ping' command");
  } else if (client.subscriptions !== null && client.protocol === 2) {
    // A RESP2 subscriber reads arrays only: the pong comes as one.
    reply.arrayHeader(2);
    reply.bulk('pong');
    reply.bulk(argv.length === 2 ? argv[1] : '');
  } else if (argv.length === 2) {
    reply.bulk(argv[1]);
  } else {
    reply.simple('PONG');
  }
}

function echo({ argv, reply }: Context): void {
  reply.bulk(argv[1]);
}

function quit({ client, reply }: Context): void {
  reply.simple('OK');
  client.closeAfterReply = true;
}

function select({ argv, client, server, reply }: Context): void {
  const index = parseInteger(argv[1]);
  if (index === null || index < -2147483648 || index > 2147483647) {
    reply.error('ERR value is not an integer or out of range');
  } else if (index < 0 || index >= server.keyspace.count) {
    reply.error('ERR DB index is out of range');
  } else {
    client.selectDb(index);
    reply.simple('OK');
  }
}

/**
 * RESET (Redis 7.0): the connection as it was when it opened: no MONITOR, no
 * transaction or watched keys, no subscriptions, RESP2, db 0, no name, the
 * default user (unauthenticated again when a password is required).
 */
function reset({ client, server, reply }: Context): void {
  server.monitor.remove(client);
  client.selectDb(0);
  client.protocol = 2;
  client.user = 'default';
  client.setAuthenticated(!server.requiresAuth());
  client.multi = null;
  server.unwatchAll(client);
  server.pubsub.dropClient(client);
  client.name = null;
  client.replyMode = 'on';
  reply.simple('RESET');
}

/** Checks a username/password against the only user we have, "default". */
export function checkCredentials(server: Server, user: Buffer, pass: Buffer): boolean {
  if (user.toString('latin1') !== 'default') return false;
  const required = server.config.requirepass;
  return required === null || pass.equals(required);
}

function auth({ argv, client, server, reply }: Context): void {
  if (argv.length > 3) {
    reply.error('ERR syntax error');
    return;
  }
  if (argv.length === 2 && !server.requiresAuth()) {
    reply.error(
      'ERR AUTH <password> called without any password configured for the default user. ' +
        'Are you sure your configuration is correct?',
    );
    return;
  }
  const user = argv.length === 2 ? Buffer.from('default') : argv[1];
  const pass = argv.length === 2 ? argv[1] : argv[2];
  if (checkCredentials(server, user, pass)) {
    client.setAuthenticated();
    client.user = 'default';
    reply.simple('OK');
  } else {
    reply.error('WRONGPASS invalid username-password pair or user is disabled.');
  }
}

/** Redis's rule for connection names: printable ASCII without spaces. */
export function validClientName(name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] < 0x21 || name[i] > 0x7e) return false;
  }
  return true;
}

export const INVALID_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

function hello({ argv, client, server, reply }: Context): void {
  let version = 0;
  if (argv.length >= 2) {
    const parsed = parseInteger(argv[1]);
    if (parsed === null) {
      reply.error('ERR Protocol version is not an integer or out of range');
      return;
    }
    if (parsed < 2 || parsed > 3) {
      reply.error('NOPROTO unsupported protocol version');
      return;
    }
    version = parsed;
  }
  let user: Buffer | null = null;
  let pass: Buffer | null = null;
  let name: Buffer | null = null;
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (equalsIgnoreCase(argv[j], 'auth') && more >= 2) {
      user = argv[j + 1];
      pass = argv[j + 2];
      j += 2;
    } else if (equalsIgnoreCase(argv[j], 'setname') && more >= 1) {
      name = argv[j + 1];
      j += 1;
    } else {
      reply.error(`ERR Syntax error in HELLO option '${argv[j].toString()}'`);
      return;
    }
  }
  if (user !== null && pass !== null) {
    if (!checkCredentials(server, user, pass)) {
      reply.error('WRONGPASS invalid username-password pair or user is disabled.');
      return;
    }
    client.setAuthenticated();
  }
  if (name !== null) {
    if (!validClientName(name)) {
      reply.error(INVALID_CLIENT_NAME);
      return;
    }
    client.name = name.length === 0 ? null : name;
  }
  if (!client.authenticated) {
    reply.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the ' +
        'HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and ' +
        'select the RESP protocol version at the same time',
    );
    return;
  }
  // The switch applies to this very reply.
  if (version !== 0) client.protocol = version as 2 | 3;
  reply.mapHeader(7);
  reply.bulk('server');
  reply.bulk('redis');
  reply.bulk('version');
  reply.bulk(server.version);
  reply.bulk('proto');
  reply.integer(client.protocol);
  reply.bulk('id');
  reply.integer(client.id);
  reply.bulk('mode');
  reply.bulk('standalone');
  reply.bulk('role');
  reply.bulk('master');
  reply.bulk('modules');
  writeLoadedModules(server, client);
}

/** The module list of HELLO (and MODULE LIST): one map per module. */
export function writeLoadedModules(server: Server, client: Client): void {
  const reply = client.reply;
  const modules = server.modules?.listForInfo() ?? [];
  reply.arrayHeader(modules.length);
  for (const m of modules) {
    reply.mapHeader(4);
    reply.bulk('name');
    reply.bulk(m.name);
    reply.bulk('ver');
    reply.integer(m.ver);
    reply.bulk('path');
    reply.bulk(m.path);
    reply.bulk('args');
    reply.arrayHeader(m.args.length);
    for (const a of m.args) reply.bulk(a);
  }
}

export const connectionCommands: Command[] = [
  defineCommand(meta.ping, ping),
  defineCommand(meta.echo, echo),
  defineCommand(meta.quit, quit),
  defineCommand(meta.hello, hello),
  defineCommand(meta.select, select),
  defineCommand(meta.auth, auth),
  defineCommand(meta.reset, reset),
];
