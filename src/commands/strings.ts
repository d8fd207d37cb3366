// String keyspace commands: GET SET DEL EXISTS.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { keyOf, WRONG_TYPE, WRONGTYPE } from '../keyspace/keyspace';

const meta = {
  get: {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the value of a key',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  set: {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@slow'],
    keySpecs: [
      {
        notes: 'RW and ACCESS due to the optional `GET` argument',
        flags: ['RW', 'access', 'update', 'variable_flags'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the string value of a key',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      history: [
        ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
        ['6.0.0', 'Added the `KEEPTTL` option.'],
        ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
        ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'value', type: 'string' },
        {
          name: 'condition',
          type: 'oneof',
          since: '2.6.12',
          flags: ['optional'],
          arguments: [{ name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }],
        },
        { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', flags: ['optional'] },
        {
          name: 'expiration',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
            { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
            { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
            { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
            { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
          ],
        },
      ],
    },
  },
  del: {
    name: 'del',
    arity: -2,
    flags: ['write'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@slow'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RM', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Delete a key',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    },
  },
  exists: {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Determine if a key exists',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys to check.',
      history: [['3.0.3', 'Accepts multiple `key` arguments.']],
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    },
  },
} satisfies Record<string, CommandMeta>;

const MAX_INT64 = 9223372036854775807;

function get({ argv, client, reply }: Context): void {
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) reply.nullBulk();
  else if (value === WRONG_TYPE) reply.error(WRONGTYPE);
  else reply.bulk(value);
}

const SET_NX = 1;
const SET_XX = 2;
const SET_GET = 4;
const SET_KEEPTTL = 8;
const SET_EX = 16;
const SET_PX = 32;
const SET_EXAT = 64;
const SET_PXAT = 128;
const ANY_EXPIRY = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

function set({ argv, client, reply }: Context): void {
  let flags = 0;
  let expireArg: Buffer | null = null;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const hasNext = j < argv.length - 1;
    if (equalsIgnoreCase(opt, 'nx') && (flags & SET_XX) === 0) {
      flags |= SET_NX;
    } else if (equalsIgnoreCase(opt, 'xx') && (flags & SET_NX) === 0) {
      flags |= SET_XX;
    } else if (equalsIgnoreCase(opt, 'get')) {
      flags |= SET_GET;
    } else if (equalsIgnoreCase(opt, 'keepttl') && (flags & ANY_EXPIRY) === 0) {
      flags |= SET_KEEPTTL;
    } else {
      // The unit options exclude each other and KEEPTTL, but not a repeat of themselves.
      const unit = equalsIgnoreCase(opt, 'ex')
        ? SET_EX
        : equalsIgnoreCase(opt, 'px')
          ? SET_PX
          : equalsIgnoreCase(opt, 'exat')
            ? SET_EXAT
            : equalsIgnoreCase(opt, 'pxat')
              ? SET_PXAT
              : 0;
      if (unit === 0 || !hasNext || (flags & SET_KEEPTTL) !== 0 || (flags & ANY_EXPIRY & ~unit) !== 0) {
        reply.error('ERR syntax error');
        return;
      }
      flags |= unit;
      expireArg = argv[++j];
    }
  }

  let expiresAt = 0;
  if (expireArg !== null) {
    const amount = parseInteger(expireArg);
    if (amount === null) {
      reply.error('ERR value is not an integer or out of range');
      return;
    }
    const inSeconds = (flags & (SET_EX | SET_EXAT)) !== 0;
    if (amount <= 0 || (inSeconds && amount > MAX_INT64 / 1000)) {
      reply.error("ERR invalid expire time in 'set' command");
      return;
    }
    let ms = inSeconds ? amount * 1000 : amount;
    if ((flags & (SET_EX | SET_PX)) !== 0) {
      const now = Date.now();
      if (ms > MAX_INT64 - now) {
        reply.error("ERR invalid expire time in 'set' command");
        return;
      }
      ms += now;
    }
    expiresAt = ms;
  }

  const db = client.db;
  const key = keyOf(argv[1]);
  const existing = db.lookup(key);
  if ((flags & SET_GET) !== 0) {
    if (existing === undefined) reply.nullBulk();
    else if (!(existing.value instanceof Uint8Array)) {
      reply.error(WRONGTYPE);
      return;
    } else reply.bulk(existing.value as Buffer);
  }
  if (((flags & SET_NX) !== 0 && existing !== undefined) || ((flags & SET_XX) !== 0 && existing === undefined)) {
    if ((flags & SET_GET) === 0) reply.nullBulk();
    return;
  }
  db.set(key, Buffer.from(argv[2]), expiresAt, (flags & SET_KEEPTTL) !== 0);
  if ((flags & SET_GET) === 0) reply.simple('OK');
}

function del({ argv, client, reply }: Context): void {
  const db = client.db;
  let removed = 0;
  for (let i = 1; i < argv.length; i++) if (db.deleteLive(keyOf(argv[i]))) removed++;
  reply.integer(removed);
}

function exists({ argv, client, reply }: Context): void {
  const db = client.db;
  let found = 0;
  for (let i = 1; i < argv.length; i++) if (db.lookup(keyOf(argv[i])) !== undefined) found++;
  reply.integer(found);
}

export const stringCommands: Command[] = [
  defineCommand(meta.get, get),
  defineCommand(meta.set, set),
  defineCommand(meta.del, del),
  defineCommand(meta.exists, exists),
];
