// Hash commands: HSET HSETNX HGET HMGET HMSET HDEL HEXISTS HLEN HKEYS HVALS
// HGETALL HINCRBY HINCRBYFLOAT HSTRLEN HSCAN HRANDFIELD, with Redis 7.0.15's
// replies, errors, encodings (src/keyspace/hash.ts) and keyspace events.
// Also here, because the set commands (and INCRBYFLOAT) share them: SCAN
// cursors and options, byte-wise glob matching, random picks, and long double
// arithmetic. The metadata is what Redis 7.0.15 reports (COMMAND INFO/DOCS).
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { globMatchBytes } from '../util/glob';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from '../keyspace/string';
import { keyOf, NOTIFY, WRONG_TYPE, WRONGTYPE } from '../keyspace/keyspace';
import { HashValue, type HashLimits } from '../keyspace/hash';
import type { Config } from '../server/config';
import type { ReplyWriter } from '../resp/reply-writer';

const meta = {
  hset: {
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the string value of a hash field',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
      history: [
        ['4.0.0', 'Accepts multiple `field` and `value` arguments.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'field_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [
            { name: 'field', type: 'string' },
            { name: 'value', type: 'string' },
          ],
        },
      ],
    },
  },
  hsetnx: {
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the value of a hash field, only if the field does not exist',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
        { name: 'value', type: 'string' },
      ],
    },
  },
  hget: {
    name: 'hget',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the value of a hash field',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
      ],
    },
  },
  hmget: {
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the values of all the given hash fields',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields being requested.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  hmset: {
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set multiple hash fields to multiple values',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields being set.',
      docFlags: ['deprecated'],
      deprecatedSince: '4.0.0',
      replacedBy: '`HSET` with multiple field-value pairs',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'field_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [
            { name: 'field', type: 'string' },
            { name: 'value', type: 'string' },
          ],
        },
      ],
    },
  },
  hdel: {
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Delete one or more hash fields',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields to be removed.',
      history: [
        ['2.4.0', 'Accepts multiple `field` arguments.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  hexists: {
    name: 'hexists',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Determine if a hash field exists',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
      ],
    },
  },
  hlen: {
    name: 'hlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the number of fields in a hash',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  hkeys: {
    name: 'hkeys',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get all the fields in a hash',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the size of the hash.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  hvals: {
    name: 'hvals',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get all the values in a hash',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the size of the hash.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  hgetall: {
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get all the fields and values in a hash',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the size of the hash.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  hincrby: {
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Increment the integer value of a hash field by the given number',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
        { name: 'increment', type: 'integer' },
      ],
    },
  },
  hincrbyfloat: {
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Increment the float value of a hash field by the given amount',
      since: '2.6.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
        { name: 'increment', type: 'double' },
      ],
    },
  },
  hstrlen: {
    name: 'hstrlen',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the length of the value of a hash field',
      since: '3.2.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'field', type: 'string' },
      ],
    },
  },
  hscan: {
    name: 'hscan',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Incrementally iterate hash fields and associated values',
      since: '2.8.0',
      group: 'hash',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'cursor', type: 'integer' },
        { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  hrandfield: {
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@hash', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get one or multiple random fields from a hash',
      since: '6.2.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields returned',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'options',
          type: 'block',
          flags: ['optional'],
          arguments: [
            { name: 'count', type: 'integer' },
            { name: 'withvalues', type: 'pure-token', token: 'WITHVALUES', flags: ['optional'] },
          ],
        },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

// ---- shared with the set commands -------------------------------------------------

export { globMatchBytes };

const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
const ERR_SYNTAX = 'ERR syntax error';

/** hash-max-listpack-* as numbers, kept in step with CONFIG SET. */
const hashLimitsByConfig = new WeakMap<Config, HashLimits>();

export function hashLimits(config: Config): HashLimits {
  let limits = hashLimitsByConfig.get(config);
  if (limits === undefined) {
    const read = (): HashLimits => ({
      maxListpackEntries: Number(config.get('hash-max-listpack-entries')),
      maxListpackValue: Number(config.get('hash-max-listpack-value')),
    });
    limits = read();
    hashLimitsByConfig.set(config, limits);
    const update = (): void => {
      hashLimitsByConfig.set(config, read());
    };
    config.onChange('hash-max-listpack-entries', update);
    config.onChange('hash-max-listpack-value', update);
  }
  return limits;
}

/** A uniform random integer in [0, n). */
export function randomBelow(n: number): number {
  return Math.floor(Math.random() * n);
}

/**
 * `count` distinct positions out of [0, size), count < size. Many of few: a
 * partial Fisher-Yates over all positions (what Redis's "copy, then remove
 * randomly" case costs); few of many: random picks until enough are distinct.
 */
export function distinctPositions(size: number, count: number): number[] {
  const out: number[] = [];
  if (count * 3 > size) {
    const all = new Int32Array(size);
    for (let i = 0; i < size; i++) all[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + randomBelow(size - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
      out.push(all[i]);
    }
    return out;
  }
  const seen = new Set<number>();
  while (out.length < count) {
    const at = randomBelow(size);
    if (seen.has(at)) continue;
    seen.add(at);
    out.push(at);
  }
  return out;
}

/** `count` distinct positions out of [0, size) in ascending order (selection sampling, as a listpack walk picks them). */
export function orderedDistinctPositions(size: number, count: number): number[] {
  const out: number[] = [];
  let needed = count;
  for (let i = 0; i < size && needed > 0; i++) {
    if (randomBelow(size - i) < needed) {
      out.push(i);
      needed--;
    }
  }
  return out;
}


const UINT64_MAX = 18446744073709551615n;

/**
 * A SCAN cursor as Redis reads it (strtoul, base 10: an optional sign, digits,
 * nothing else, within 64 bits; "-n" wraps; "" is 0). Null: "invalid cursor".
 */
export function parseScanCursor(arg: Buffer): bigint | null {
  const len = arg.length;
  if (len === 0) return 0n;
  let i = 0;
  const first = arg[0];
  if (first === 0x20 || (first >= 0x09 && first <= 0x0d)) return null;
  let negative = false;
  if (first === 0x2b || first === 0x2d) {
    negative = first === 0x2d;
    i = 1;
  }
  if (i === len) return null;
  for (let j = i; j < len; j++) if (arg[j] < 0x30 || arg[j] > 0x39) return null;
  const value = BigInt(arg.toString('latin1', i));
  if (value > UINT64_MAX) return null;
  return negative ? (UINT64_MAX + 1n - value) & UINT64_MAX : value;
}

export interface ScanOptions {
  count: number;
  /** Null when every element matches (no MATCH, or MATCH *). */
  pattern: Buffer | null;
}

/** The COUNT / MATCH options from argv[from] on; replies the error and returns null when they are bad. */
export function parseScanOptions(argv: Buffer[], from: number, reply: ReplyWriter): ScanOptions | null {
  let count = 10;
  let pattern: Buffer | null = null;
  for (let i = from; i < argv.length; i += 2) {
    const more = argv.length - i >= 2;
    if (more && equalsIgnoreCase(argv[i], 'count')) {
      const n = parseInteger(argv[i + 1]);
      if (n === null) {
        reply.error(ERR_NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        reply.error(ERR_SYNTAX);
        return null;
      }
      count = n;
    } else if (more && equalsIgnoreCase(argv[i], 'match')) {
      const p = argv[i + 1];
      pattern = p.length === 1 && p[0] === 0x2a ? null : p;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { count, pattern };
}

/**
 * Where a scan of a "hashtable" value goes next. Positions are visited from
 * the top down, so the cursor is the next position plus one (0: done). A
 * delete moves the last element into the hole: that element was visited
 * already or stays unvisited below the cursor, so, as Redis promises, what
 * is there for the whole scan is returned at least once.
 */
export function scanStart(cursor: bigint, size: number): number {
  if (cursor === 0n) return size - 1;
  const at = cursor - 1n;
  return at >= BigInt(size) ? size - 1 : Number(at);
}

export const EMPTY_SCAN = Buffer.from('*2\r\n$1\r\n0\r\n*0\r\n');

// ---- commands ---------------------------------------------------------------------

/** The hash at argv[1] for a write, created empty when missing; null (replied WRONGTYPE) otherwise. */
function hashForWrite(ctx: Context, key: string): { hash: HashValue; created: boolean } | null {
  const db = ctx.client.db;
  const found = db.writeTyped<HashValue>(key, 'hash');
  if (found === WRONG_TYPE) {
    ctx.reply.error(WRONGTYPE);
    return null;
  }
  if (found !== undefined) return { hash: found, created: false };
  return { hash: new HashValue(), created: true };
}

/** Stores a newly created hash, or signals the in-place change of an existing one. */
function commit(ctx: Context, key: string, hash: HashValue, created: boolean): void {
  if (created) ctx.client.db.add(key, hash);
  else ctx.client.db.modified(key);
}

function hsetGeneric(ctx: Context, replyOk: boolean): void {
  const { argv, reply, server } = ctx;
  if (argv.length % 2 === 1) {
    reply.error(`ERR wrong number of arguments for '${replyOk ? 'hmset' : 'hset'}' command`);
    return;
  }
  const key = keyOf(argv[1]);
  const target = hashForWrite(ctx, key);
  if (target === null) return;
  const { hash, created } = target;
  const limits = hashLimits(server.config);
  hash.tryConversion(argv, 2, argv.length - 1, limits);
  let added = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (hash.set(argv[i], Buffer.from(argv[i + 1]), limits)) added++;
  }
  commit(ctx, key, hash, created);
  ctx.client.db.notify(NOTIFY.HASH, 'hset', argv[1]);
  if (replyOk) reply.simple('OK');
  else reply.integer(added);
}

function hset(ctx: Context): void {
  hsetGeneric(ctx, false);
}

function hmset(ctx: Context): void {
  hsetGeneric(ctx, true);
}

function hsetnx(ctx: Context): void {
  const { argv, reply, server } = ctx;
  const key = keyOf(argv[1]);
  const target = hashForWrite(ctx, key);
  if (target === null) return;
  const { hash, created } = target;
  if (!created && hash.has(argv[2])) {
    reply.integer(0);
    return;
  }
  const limits = hashLimits(server.config);
  hash.tryConversion(argv, 2, 3, limits);
  hash.set(argv[2], Buffer.from(argv[3]), limits);
  commit(ctx, key, hash, created);
  ctx.client.db.notify(NOTIFY.HASH, 'hset', argv[1]);
  reply.integer(1);
}

/** The hash at argv[1] for a read: undefined when missing, null when WRONGTYPE was replied. */
function hashForRead(ctx: Context): HashValue | undefined | null {
  const found = ctx.client.db.readTyped<HashValue>(keyOf(ctx.argv[1]), 'hash');
  if (found === WRONG_TYPE) {
    ctx.reply.error(WRONGTYPE);
    return null;
  }
  return found;
}

function hget(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  const value = hash?.get(ctx.argv[2]);
  if (value === undefined) ctx.reply.nullBulk();
  else ctx.reply.bulk(value);
}

function hmget(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  const { argv, reply } = ctx;
  reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const value = hash?.get(argv[i]);
    if (value === undefined) reply.nullBulk();
    else reply.bulk(value);
  }
}

function hdel(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const key = keyOf(argv[1]);
  const db = client.db;
  const hash = db.writeTyped<HashValue>(key, 'hash');
  if (hash === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  if (hash === undefined) {
    reply.integer(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (hash.delete(argv[i])) {
      deleted++;
      if (hash.size === 0) {
        db.delete(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!keyRemoved) db.modified(key);
    db.notify(NOTIFY.HASH, 'hdel', argv[1]);
    if (keyRemoved) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  }
  reply.integer(deleted);
}

function hexists(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  ctx.reply.integer(hash !== undefined && hash.has(ctx.argv[2]) ? 1 : 0);
}

function hlen(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  ctx.reply.integer(hash?.size ?? 0);
}

function hstrlen(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  ctx.reply.integer(hash?.get(ctx.argv[2])?.length ?? 0);
}

function hkeys(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  const reply = ctx.reply;
  if (hash === undefined) {
    reply.arrayHeader(0);
    return;
  }
  const fields = hash.fields;
  reply.arrayHeader(fields.length);
  for (let i = 0; i < fields.length; i++) reply.bulk(fields[i]);
}

function hvals(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  const reply = ctx.reply;
  if (hash === undefined) {
    reply.arrayHeader(0);
    return;
  }
  const values = hash.values;
  reply.arrayHeader(values.length);
  for (let i = 0; i < values.length; i++) reply.bulk(values[i]);
}

function hgetall(ctx: Context): void {
  const hash = hashForRead(ctx);
  if (hash === null) return;
  const reply = ctx.reply;
  if (hash === undefined) {
    reply.mapHeader(0);
    return;
  }
  const fields = hash.fields;
  const values = hash.values;
  reply.mapHeader(fields.length);
  for (let i = 0; i < fields.length; i++) {
    reply.bulk(fields[i]);
    reply.bulk(values[i]);
  }
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** An int64 argument exactly (string2ll), or null. */
function parseInt64(arg: Buffer): bigint | null {
  return parseInteger(arg) === null ? null : BigInt(arg.toString('latin1'));
}

function hincrby(ctx: Context): void {
  const { argv, reply, server } = ctx;
  const incrSmall = parseInteger(argv[3]);
  if (incrSmall === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  const key = keyOf(argv[1]);
  const target = hashForWrite(ctx, key);
  if (target === null) return;
  const { hash, created } = target;
  const current = created ? undefined : hash.get(argv[2]);
  let result: string;
  let resultSmall: number | null = null;
  const oldSmall = current === undefined ? 0 : parseInteger(current);
  if (oldSmall === null) {
    reply.error('ERR hash value is not an integer');
    return;
  }
  const sum = oldSmall + incrSmall;
  if (Number.isSafeInteger(oldSmall) && Number.isSafeInteger(incrSmall) && Number.isSafeInteger(sum)) {
    result = String(sum);
    resultSmall = sum;
  } else {
    const old = current === undefined ? 0n : (parseInt64(current) as bigint);
    const incr = parseInt64(argv[3]) as bigint;
    if ((incr < 0n && old < 0n && incr < INT64_MIN - old) || (incr > 0n && old > 0n && incr > INT64_MAX - old)) {
      reply.error('ERR increment or decrement would overflow');
      return;
    }
    result = (old + incr).toString();
  }
  hash.set(argv[2], Buffer.from(result, 'latin1'), hashLimits(server.config));
  commit(ctx, key, hash, created);
  ctx.client.db.notify(NOTIFY.HASH, 'hincrby', argv[1]);
  reply.integer(resultSmall ?? BigInt(result));
}

function hincrbyfloat(ctx: Context): void {
  const { argv, reply, server } = ctx;
  // The same 80-bit long double arithmetic and formatting as INCRBYFLOAT.
  const incr = parseLongDouble(argv[3]);
  if (incr === null) {
    reply.error('ERR value is not a valid float');
    return;
  }
  if (incr.infinite) {
    reply.error('ERR value is NaN or Infinity');
    return;
  }
  const key = keyOf(argv[1]);
  const target = hashForWrite(ctx, key);
  if (target === null) return;
  const { hash, created } = target;
  const current = created ? undefined : hash.get(argv[2]);
  let old: LongDouble = { negative: false, infinite: false, mantissa: 0n, exponent: 0 };
  if (current !== undefined) {
    const parsed = parseLongDouble(current);
    if (parsed === null) {
      reply.error('ERR hash value is not a float');
      return;
    }
    old = parsed;
  }
  const sum = addLongDouble(old, incr);
  if (sum === null) {
    reply.error('ERR increment would produce NaN or Infinity');
    return;
  }
  const text = formatLongDouble(sum);
  hash.set(argv[2], text, hashLimits(server.config));
  commit(ctx, key, hash, created);
  ctx.client.db.notify(NOTIFY.HASH, 'hincrbyfloat', argv[1]);
  reply.bulk(text);
}

function hscan(ctx: Context): void {
  const { argv, reply } = ctx;
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    reply.error('ERR invalid cursor');
    return;
  }
  const hash = hashForRead(ctx);
  if (hash === null) return;
  if (hash === undefined) {
    reply.raw(EMPTY_SCAN);
    return;
  }
  const options = parseScanOptions(argv, 3, reply);
  if (options === null) return;
  const { pattern } = options;
  const picked: number[] = [];
  let next = 0n;
  if (hash.encoding === 'listpack') {
    for (let i = 0; i < hash.size; i++) if (pattern === null || globMatchBytes(pattern, hash.fieldAt(i))) picked.push(i);
  } else {
    let at = scanStart(cursor, hash.size);
    for (let visited = 0; at >= 0 && visited < options.count; at--, visited++) {
      if (pattern === null || globMatchBytes(pattern, hash.fieldAt(at))) picked.push(at);
    }
    next = at >= 0 ? BigInt(at + 1) : 0n;
  }
  reply.arrayHeader(2);
  reply.bulk(next.toString());
  reply.arrayHeader(picked.length * 2);
  for (const i of picked) {
    reply.bulk(hash.fieldAt(i));
    reply.bulk(hash.valueAt(i));
  }
}

const LONG_MAX = 9223372036854775807n;

function hrandfield(ctx: Context): void {
  const { argv, reply } = ctx;
  if (argv.length >= 3) {
    hrandfieldWithCount(ctx);
    return;
  }
  const hash = hashForRead(ctx);
  if (hash === null) return;
  if (hash === undefined) {
    reply.nullBulk();
    return;
  }
  reply.bulk(hash.fieldAt(randomBelow(hash.size)));
}

/** A count in -LONG_MAX..LONG_MAX (HRANDFIELD, SRANDMEMBER); replies the error and returns null when not one. */
export function parseRandomCount(arg: Buffer, reply: ReplyWriter): number | null {
  const n = parseInteger(arg);
  if (n === null) {
    reply.error(ERR_NOT_INTEGER);
    return null;
  }
  // Only -2^63 is an int64 below -LONG_MAX; as a double it is also the first value below -9.2e18.
  if (n < -9.2e18 && BigInt(arg.toString('latin1')) < -LONG_MAX) {
    reply.error(`ERR value is out of range, value must between -${LONG_MAX} and ${LONG_MAX}`);
    return null;
  }
  return n;
}

function hrandfieldWithCount(ctx: Context): void {
  const { argv, reply } = ctx;
  const requested = parseRandomCount(argv[2], reply);
  if (requested === null) return;
  const withValues = argv.length === 4 && equalsIgnoreCase(argv[3], 'withvalues');
  if (argv.length >= 4 && !withValues) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const hash = hashForRead(ctx);
  if (hash === null) return;
  if (hash === undefined || requested === 0) {
    reply.arrayHeader(0);
    return;
  }
  const resp3 = reply.protocol === 3;
  const writeOne = (i: number): void => {
    if (withValues && resp3) reply.arrayHeader(2);
    reply.bulk(hash.fieldAt(i));
    if (withValues) reply.bulk(hash.valueAt(i));
  };
  const header = (n: number): void => reply.arrayHeader(withValues && !resp3 ? n * 2 : n);
  const size = hash.size;
  // Negative: that many picks, repeats allowed.
  if (requested < 0) {
    const count = -requested;
    header(count);
    for (let i = 0; i < count; i++) writeOne(randomBelow(size));
    return;
  }
  if (requested >= size) {
    header(size);
    for (let i = 0; i < size; i++) writeOne(i);
    return;
  }
  const positions =
    hash.encoding === 'listpack' ? orderedDistinctPositions(size, requested) : distinctPositions(size, requested);
  header(positions.length);
  for (const i of positions) writeOne(i);
}

export const hashCommands: Command[] = [
  defineCommand(meta.hset, hset),
  defineCommand(meta.hsetnx, hsetnx),
  defineCommand(meta.hget, hget),
  defineCommand(meta.hmget, hmget),
  defineCommand(meta.hmset, hmset),
  defineCommand(meta.hdel, hdel),
  defineCommand(meta.hexists, hexists),
  defineCommand(meta.hlen, hlen),
  defineCommand(meta.hkeys, hkeys),
  defineCommand(meta.hvals, hvals),
  defineCommand(meta.hgetall, hgetall),
  defineCommand(meta.hincrby, hincrby),
  defineCommand(meta.hincrbyfloat, hincrbyfloat),
  defineCommand(meta.hstrlen, hstrlen),
  defineCommand(meta.hscan, hscan),
  defineCommand(meta.hrandfield, hrandfield),
];
