// Set commands: SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP
// SRANDMEMBER SMOVE SINTER SINTERCARD SUNION SDIFF SINTERSTORE SUNIONSTORE
// SDIFFSTORE SSCAN, with Redis 7.0.15's replies, errors, encodings
// (src/keyspace/set.ts) and keyspace events. The metadata is what Redis
// 7.0.15 reports (COMMAND INFO/DOCS).
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { keyOf, NOTIFY, WRONG_TYPE, WRONGTYPE } from '../keyspace/keyspace';
import { SetValue } from '../keyspace/set';
import type { Config } from '../server/config';
import type { ReplyWriter } from '../resp/reply-writer';
import {
  distinctPositions,
  EMPTY_SCAN,
  globMatchBytes,
  parseRandomCount,
  parseScanCursor,
  parseScanOptions,
  randomBelow,
  scanStart,
} from './hashes';

const meta = {
  sadd: {
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Add one or more members to a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [
        ['2.4.0', 'Accepts multiple `member` arguments.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  srem: {
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove one or more members from a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the number of members to be removed.',
      history: [
        ['2.4.0', 'Accepts multiple `member` arguments.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  smembers: {
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get all the members in a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the set cardinality.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  sismember: {
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Determine if a given value is a member of a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string' },
      ],
    },
  },
  smismember: {
    name: 'smismember',
    arity: -3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Returns the membership associated with the given elements for a set',
      since: '6.2.0',
      group: 'set',
      complexity: 'O(N) where N is the number of elements being checked for membership',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  scard: {
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the number of members in a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  spop: {
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove and return one or multiple random members from a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
      history: [
        ['3.2.0', 'Added the `count` argument.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', since: '3.2.0', flags: ['optional'] },
      ],
    },
  },
  srandmember: {
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get one or multiple random members from a set',
      since: '1.0.0',
      group: 'set',
      complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
      history: [
        ['2.6.0', 'Added the optional `count` argument.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', since: '2.6.0', flags: ['optional'] },
      ],
    },
  },
  smove: {
    name: 'smove',
    arity: 4,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Move a member from one set to another',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1)',
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
        { name: 'member', type: 'string' },
      ],
    },
  },
  sinter: {
    name: 'sinter',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Intersect multiple sets',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  sintercard: {
    name: 'sintercard',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@set', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 },
      },
    ],
    docs: {
      summary: 'Intersect multiple sets and return the cardinality of the result',
      since: '7.0.0',
      group: 'set',
      complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'limit', type: 'integer', token: 'LIMIT', flags: ['optional'] },
      ],
    },
  },
  sunion: {
    name: 'sunion',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Add multiple sets',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the total number of elements in all given sets.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  sdiff: {
    name: 'sdiff',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output_order'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Subtract multiple sets',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the total number of elements in all given sets.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  sinterstore: {
    name: 'sinterstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Intersect multiple sets and store the resulting set in a key',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  sunionstore: {
    name: 'sunionstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@slow'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Add multiple sets and store the resulting set in a key',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the total number of elements in all given sets.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  sdiffstore: {
    name: 'sdiffstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@slow'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Subtract multiple sets and store the resulting set in a key',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the total number of elements in all given sets.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  sscan: {
    name: 'sscan',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Incrementally iterate Set elements',
      since: '2.8.0',
      group: 'set',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'cursor', type: 'integer' },
        { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

const ERR_SYNTAX = 'ERR syntax error';

/** set-max-intset-entries as a number, kept in step with CONFIG SET. */
const intsetLimitByConfig = new WeakMap<Config, { entries: number }>();

function maxIntsetEntries(config: Config): number {
  let limit = intsetLimitByConfig.get(config);
  if (limit === undefined) {
    const holder = { entries: Number(config.get('set-max-intset-entries')) };
    limit = holder;
    intsetLimitByConfig.set(config, holder);
    config.onChange('set-max-intset-entries', () => {
      holder.entries = Number(config.get('set-max-intset-entries'));
    });
  }
  return limit.entries;
}

/** The set at `key` for a read: undefined when missing, null when WRONGTYPE was replied. */
function setForRead(ctx: Context, key: Buffer): SetValue | undefined | null {
  const found = ctx.client.db.readTyped<SetValue>(keyOf(key), 'set');
  if (found === WRONG_TYPE) {
    ctx.reply.error(WRONGTYPE);
    return null;
  }
  return found;
}

function setForWrite(ctx: Context, key: string): SetValue | undefined | null {
  const found = ctx.client.db.writeTyped<SetValue>(key, 'set');
  if (found === WRONG_TYPE) {
    ctx.reply.error(WRONGTYPE);
    return null;
  }
  return found;
}

function writeMembers(reply: ReplyWriter, members: readonly Buffer[], asSet: boolean): void {
  if (asSet) reply.setHeader(members.length);
  else reply.arrayHeader(members.length);
  for (let i = 0; i < members.length; i++) reply.bulk(members[i]);
}

function sadd(ctx: Context): void {
  const { argv, client, reply, server } = ctx;
  const key = keyOf(argv[1]);
  const found = setForWrite(ctx, key);
  if (found === null) return;
  const set = found ?? SetValue.forFirstMember(argv[2]);
  const limit = maxIntsetEntries(server.config);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i], limit)) added++;
  const db = client.db;
  if (found === undefined) db.add(key, set);
  else if (added > 0) db.modified(key);
  if (added > 0) db.notify(NOTIFY.SET, 'sadd', argv[1]);
  reply.integer(added);
}

function srem(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const key = keyOf(argv[1]);
  const set = setForWrite(ctx, key);
  if (set === null) return;
  if (set === undefined) {
    reply.integer(0);
    return;
  }
  const db = client.db;
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (set.remove(argv[i])) {
      deleted++;
      if (set.size === 0) {
        db.delete(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!keyRemoved) db.modified(key);
    db.notify(NOTIFY.SET, 'srem', argv[1]);
    if (keyRemoved) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  }
  reply.integer(deleted);
}

function sismember(ctx: Context): void {
  const set = setForRead(ctx, ctx.argv[1]);
  if (set === null) return;
  ctx.reply.integer(set !== undefined && set.has(ctx.argv[2]) ? 1 : 0);
}

function smismember(ctx: Context): void {
  const set = setForRead(ctx, ctx.argv[1]);
  if (set === null) return;
  const { argv, reply } = ctx;
  reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) reply.integer(set !== undefined && set.has(argv[i]) ? 1 : 0);
}

function scard(ctx: Context): void {
  const set = setForRead(ctx, ctx.argv[1]);
  if (set === null) return;
  ctx.reply.integer(set?.size ?? 0);
}

function smembers(ctx: Context): void {
  const set = setForRead(ctx, ctx.argv[1]);
  if (set === null) return;
  writeMembers(ctx.reply, set?.members ?? [], true);
}

function smove(ctx: Context): void {
  const { argv, client, reply, server } = ctx;
  const db = client.db;
  const srcKey = keyOf(argv[1]);
  const dstKey = keyOf(argv[2]);
  const src = db.writeTyped<SetValue>(srcKey, 'set');
  const dst = db.writeTyped<SetValue>(dstKey, 'set');
  if (src === undefined) {
    reply.integer(0);
    return;
  }
  if (src === WRONG_TYPE || dst === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const member = argv[3];
  if (src === dst) {
    reply.integer(src.has(member) ? 1 : 0);
    return;
  }
  if (!src.remove(member)) {
    reply.integer(0);
    return;
  }
  db.notify(NOTIFY.SET, 'srem', argv[1]);
  if (src.size === 0) {
    db.delete(srcKey);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  } else {
    db.modified(srcKey);
  }
  let target = dst;
  if (target === undefined) {
    target = SetValue.forFirstMember(member);
    db.add(dstKey, target);
  }
  if (target.add(member, maxIntsetEntries(server.config))) {
    if (dst !== undefined) db.modified(dstKey);
    db.notify(NOTIFY.SET, 'sadd', argv[2]);
  }
  reply.integer(1);
}

/** SPOP's count (getPositiveLongFromObjectOrReply: one message for non-numbers and negatives alike). */
function parsePositiveCount(arg: Buffer, reply: ReplyWriter): number | null {
  const n = parseInteger(arg);
  if (n === null || n < 0) {
    reply.error('ERR value is out of range, must be positive');
    return null;
  }
  return n;
}

function spop(ctx: Context): void {
  const { argv, client, reply } = ctx;
  if (argv.length === 3) {
    spopWithCount(ctx);
    return;
  }
  if (argv.length > 3) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const key = keyOf(argv[1]);
  const set = setForWrite(ctx, key);
  if (set === null) return;
  if (set === undefined) {
    reply.nullBulk();
    return;
  }
  const db = client.db;
  const member = set.removeAt(randomBelow(set.size));
  db.notify(NOTIFY.SET, 'spop', argv[1]);
  if (set.size === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  } else {
    db.modified(key);
  }
  reply.bulk(member);
}

function spopWithCount(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const count = parsePositiveCount(argv[2], reply);
  if (count === null) return;
  const key = keyOf(argv[1]);
  const set = setForWrite(ctx, key);
  if (set === null) return;
  if (set === undefined || count === 0) {
    reply.setHeader(0);
    return;
  }
  const db = client.db;
  db.notify(NOTIFY.SET, 'spop', argv[1]);
  if (count >= set.size) {
    // Redis replies through SUNION of the one set, which rebuilds it (an intset again if it can be).
    writeMembers(reply, union([set], maxIntsetEntries(ctx.server.config)).members, true);
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    return;
  }
  const popped = distinctPositions(set.size, count).map((i) => set.at(i));
  for (const member of popped) set.remove(member);
  writeMembers(reply, popped, true);
  db.modified(key);
}

function srandmember(ctx: Context): void {
  const { argv, reply } = ctx;
  if (argv.length === 3) {
    srandmemberWithCount(ctx);
    return;
  }
  if (argv.length > 3) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const set = setForRead(ctx, argv[1]);
  if (set === null) return;
  if (set === undefined) reply.nullBulk();
  else reply.bulk(set.at(randomBelow(set.size)));
}

function srandmemberWithCount(ctx: Context): void {
  const { argv, reply } = ctx;
  const requested = parseRandomCount(argv[2], reply);
  if (requested === null) return;
  const set = setForRead(ctx, argv[1]);
  if (set === null) return;
  if (set === undefined || requested === 0) {
    reply.arrayHeader(0);
    return;
  }
  const size = set.size;
  if (requested < 0) {
    const count = -requested;
    reply.arrayHeader(count);
    for (let i = 0; i < count; i++) reply.bulk(set.at(randomBelow(size)));
    return;
  }
  if (requested >= size) {
    writeMembers(reply, set.members, false);
    return;
  }
  const positions = distinctPositions(size, requested);
  reply.arrayHeader(positions.length);
  for (const i of positions) reply.bulk(set.at(i));
}

/**
 * The sets named by argv[from..to), looked up as reads (the store commands
 * too: Redis 7.0 counts their sources as keyspace hits and misses). Null when
 * WRONGTYPE was replied; a missing key is undefined.
 */
function lookupSets(ctx: Context, from: number, to: number): Array<SetValue | undefined> | null {
  const db = ctx.client.db;
  const sets: Array<SetValue | undefined> = [];
  for (let i = from; i < to; i++) {
    const found = db.readTyped<SetValue>(keyOf(ctx.argv[i]), 'set');
    if (found === WRONG_TYPE) {
      ctx.reply.error(WRONGTYPE);
      return null;
    }
    sets.push(found);
  }
  return sets;
}

/** Members of the intersection in the order Redis walks them: the smallest set's order. */
function intersect(sets: SetValue[], limit = 0): Buffer[] {
  const ordered = sets.slice().sort((a, b) => a.size - b.size);
  const first = ordered[0];
  const out: Buffer[] = [];
  const members = first.members;
  outer: for (let i = 0; i < members.length; i++) {
    const member = members[i];
    for (let j = 1; j < ordered.length; j++) {
      const other = ordered[j];
      if (other !== first && !other.has(member)) continue outer;
    }
    out.push(member);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/** Builds a result set the way Redis does (an intset to start with, setTypeAdd for each member). */
function buildSet(members: readonly Buffer[], maxIntset: number): SetValue {
  const result = new SetValue(true);
  for (let i = 0; i < members.length; i++) result.add(members[i], maxIntset, true);
  return result;
}

/** Stores a store command's result, or deletes the destination when it is empty; replies the size. */
function storeResult(ctx: Context, dst: Buffer, result: SetValue, event: string): void {
  const db = ctx.client.db;
  const key = keyOf(dst);
  if (result.size > 0) {
    db.set(key, result);
    ctx.reply.integer(result.size);
    db.notify(NOTIFY.SET, event, dst);
    return;
  }
  ctx.reply.integer(0);
  if (db.deleteLive(key)) db.notify(NOTIFY.GENERIC, 'del', dst);
}

function sinter(ctx: Context): void {
  const sets = lookupSets(ctx, 1, ctx.argv.length);
  if (sets === null) return;
  if (sets.includes(undefined)) {
    ctx.reply.setHeader(0);
    return;
  }
  writeMembers(ctx.reply, intersect(sets as SetValue[]), true);
}

function sinterstore(ctx: Context): void {
  const { argv, server } = ctx;
  const sets = lookupSets(ctx, 2, argv.length);
  if (sets === null) return;
  const members = sets.includes(undefined) ? [] : intersect(sets as SetValue[]);
  storeResult(ctx, argv[1], buildSet(members, maxIntsetEntries(server.config)), 'sinterstore');
}

function sintercard(ctx: Context): void {
  const { argv, reply } = ctx;
  const numkeys = parseInteger(argv[1]);
  if (numkeys === null || numkeys < 1) {
    reply.error('ERR numkeys should be greater than 0');
    return;
  }
  if (numkeys > argv.length - 2) {
    reply.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  let limit = 0;
  for (let i = 2 + numkeys; i < argv.length; i += 2) {
    if (i + 1 < argv.length && equalsIgnoreCase(argv[i], 'limit')) {
      const n = parseInteger(argv[i + 1]);
      if (n === null || n < 0) {
        reply.error("ERR LIMIT can't be negative");
        return;
      }
      limit = n;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const sets = lookupSets(ctx, 2, 2 + numkeys);
  if (sets === null) return;
  if (sets.includes(undefined)) {
    reply.integer(0);
    return;
  }
  reply.integer(intersect(sets as SetValue[], limit).length);
}

function union(sets: Array<SetValue | undefined>, maxIntset: number): SetValue {
  const result = new SetValue(true);
  for (const set of sets) {
    if (set === undefined) continue;
    const members = set.members;
    for (let i = 0; i < members.length; i++) result.add(members[i], maxIntset, true);
  }
  return result;
}

/**
 * The difference, built with the algorithm Redis 7.0 would pick, because the
 * result's encoding depends on it: adding only the survivors can stay an
 * intset where adding everything and then removing would not.
 */
function difference(sets: Array<SetValue | undefined>, maxIntset: number): SetValue {
  const result = new SetValue(true);
  const first = sets[0];
  if (first === undefined || first.size === 0) return result;
  let oneWork = 0;
  let twoWork = 0;
  for (const set of sets) {
    if (set === undefined) continue;
    oneWork += first.size;
    twoWork += set.size;
  }
  oneWork = Math.floor(oneWork / 2);
  if (oneWork <= twoWork) {
    // Algorithm 1: each member of the first set, unless another set has it.
    const others = sets.slice(1).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0));
    const members = first.members;
    outer: for (let i = 0; i < members.length; i++) {
      const member = members[i];
      for (const other of others) {
        if (other === undefined) continue;
        if (other === first || other.has(member)) continue outer;
      }
      result.add(member, maxIntset, true);
    }
    return result;
  }
  // Algorithm 2: everything in the first set, then remove the others' members.
  for (const member of first.members) result.add(member, maxIntset, true);
  for (let j = 1; j < sets.length; j++) {
    const other = sets[j];
    if (other === undefined) continue;
    for (const member of other.members) result.remove(member);
    if (result.size === 0) break;
  }
  return result;
}

function sunion(ctx: Context): void {
  const sets = lookupSets(ctx, 1, ctx.argv.length);
  if (sets === null) return;
  writeMembers(ctx.reply, union(sets, maxIntsetEntries(ctx.server.config)).members, true);
}

function sunionstore(ctx: Context): void {
  const sets = lookupSets(ctx, 2, ctx.argv.length);
  if (sets === null) return;
  storeResult(ctx, ctx.argv[1], union(sets, maxIntsetEntries(ctx.server.config)), 'sunionstore');
}

function sdiff(ctx: Context): void {
  const sets = lookupSets(ctx, 1, ctx.argv.length);
  if (sets === null) return;
  writeMembers(ctx.reply, difference(sets, maxIntsetEntries(ctx.server.config)).members, true);
}

function sdiffstore(ctx: Context): void {
  const sets = lookupSets(ctx, 2, ctx.argv.length);
  if (sets === null) return;
  storeResult(ctx, ctx.argv[1], difference(sets, maxIntsetEntries(ctx.server.config)), 'sdiffstore');
}

function sscan(ctx: Context): void {
  const { argv, reply } = ctx;
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    reply.error('ERR invalid cursor');
    return;
  }
  const set = setForRead(ctx, argv[1]);
  if (set === null) return;
  if (set === undefined) {
    reply.raw(EMPTY_SCAN);
    return;
  }
  const options = parseScanOptions(argv, 3, reply);
  if (options === null) return;
  const { pattern } = options;
  const picked: Buffer[] = [];
  let next = 0n;
  if (set.encoding === 'intset') {
    for (const member of set.members) if (pattern === null || globMatchBytes(pattern, member)) picked.push(member);
  } else {
    let at = scanStart(cursor, set.size);
    for (let visited = 0; at >= 0 && visited < options.count; at--, visited++) {
      const member = set.at(at);
      if (pattern === null || globMatchBytes(pattern, member)) picked.push(member);
    }
    next = at >= 0 ? BigInt(at + 1) : 0n;
  }
  reply.arrayHeader(2);
  reply.bulk(next.toString());
  writeMembers(reply, picked, false);
}

export const setCommands: Command[] = [
  defineCommand(meta.sadd, sadd),
  defineCommand(meta.srem, srem),
  defineCommand(meta.smembers, smembers),
  defineCommand(meta.sismember, sismember),
  defineCommand(meta.smismember, smismember),
  defineCommand(meta.scard, scard),
  defineCommand(meta.spop, spop),
  defineCommand(meta.srandmember, srandmember),
  defineCommand(meta.smove, smove),
  defineCommand(meta.sinter, sinter),
  defineCommand(meta.sintercard, sintercard),
  defineCommand(meta.sunion, sunion),
  defineCommand(meta.sdiff, sdiff),
  defineCommand(meta.sinterstore, sinterstore),
  defineCommand(meta.sunionstore, sunionstore),
  defineCommand(meta.sdiffstore, sdiffstore),
  defineCommand(meta.sscan, sscan),
];
