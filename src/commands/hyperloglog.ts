// HyperLogLog commands, as hyperloglog.c of Redis 7.0.15: PFADD, PFCOUNT,
// PFMERGE, PFDEBUG, PFSELFTEST. The values are ordinary strings; the byte
// work is src/keyspace/hyperloglog.ts. The metadata (COMMAND INFO/DOCS) is
// what redis-server 7.0.15 reports.
import { defineCommand, equalsIgnoreCase, type Command, type CommandMeta, type Context } from './table';
import { keyOf, NOTIFY, type Database, type Entry } from '../keyspace/keyspace';
import {
  ERR_CORRUPT,
  HllUnion,
  HyperLogLogError,
  hllDecodeSparse,
  hllEncoding,
  hllRegisters,
  hllToDense,
  isValidHll,
  NOT_A_STRING,
  pfadd,
  pfcount,
  writeUnion,
  ERR_NOT_HLL,
  ERR_WRONG_TYPE,
  type HllSource,
} from '../keyspace/hyperloglog';
import type { Server } from '../server/server';

function sparseMaxBytes(server: Server): number {
  return Number(server.config.get('hll-sparse-max-bytes') ?? '3000');
}

function sourceOf(entry: Entry | undefined): HllSource {
  if (entry === undefined) return null;
  return entry.value instanceof Uint8Array ? (entry.value as Buffer) : NOT_A_STRING;
}

/** Replaces a live string value in place (deadline kept); HLL strings are "raw" as in Redis. */
function storeValue(entry: Entry, value: Buffer): void {
  entry.value = value;
  entry.rawEncoding = true;
}

/**
 * Redis's dbUnshareStringValue, which PFADD, single-key PFCOUNT, PFMERGE (on
 * an existing destination) and PFDEBUG call once the key passed the HLL
 * checks, whether or not they then change a byte: an embstr value becomes
 * "raw". Ours never edits these bytes in place (every change stores a new
 * Buffer), so the encoding flag is all there is to change; the Buffer stays
 * unowned and the strings family copies it before any in-place edit.
 */
function unshare(entry: Entry): void {
  entry.rawEncoding = true;
}

function addNew(db: Database, key: string, value: Buffer): void {
  const entry = db.add(key, value);
  entry.rawEncoding = true;
}

function pfaddCommand(ctx: Context): void {
  const { argv, reply, client, server } = ctx;
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  const source = sourceOf(entry);
  if (entry !== undefined && source !== NOT_A_STRING && isValidHll(source as Buffer)) unshare(entry);
  let result;
  try {
    result = pfadd(source, argv.slice(2), sparseMaxBytes(server));
  } catch (error) {
    if (!(error instanceof HyperLogLogError)) throw error;
    // Redis edits in place: what was applied before the failure stays.
    if (entry !== undefined && error.value !== null && !error.value.equals(entry.value as Buffer)) {
      storeValue(entry, error.value);
    }
    return reply.error(error.message);
  }
  if (entry === undefined) {
    addNew(db, key, result.value);
  } else if (result.updated) {
    storeValue(entry, result.value);
    db.modified(key);
  }
  if (result.updated) db.notify(NOTIFY.STRING, 'pfadd', argv[1]);
  reply.integer(result.updated ? 1 : 0);
}

function pfcountCommand(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const db = client.db;
  if (argv.length > 2) {
    // Each key is looked up, checked and merged before the next one is read.
    const union = new HllUnion();
    try {
      for (let j = 1; j < argv.length; j++) union.add(sourceOf(db.lookupRead(keyOf(argv[j]))));
    } catch (error) {
      if (!(error instanceof HyperLogLogError)) throw error;
      return reply.error(error.message);
    }
    return reply.integer(union.count());
  }
  const key = keyOf(argv[1]);
  const entry = db.lookupRead(key);
  if (entry === undefined) return reply.integer(0);
  const source = sourceOf(entry);
  if (source !== NOT_A_STRING && isValidHll(source as Buffer)) unshare(entry);
  try {
    const result = pfcount([source]);
    if (result.refreshed !== null) {
      // Writing the cached cardinality back is a write, as in Redis.
      storeValue(entry, result.refreshed);
      db.modified(key);
    }
    reply.integer(result.count);
  } catch (error) {
    if (!(error instanceof HyperLogLogError)) throw error;
    reply.error(error.message);
  }
}

function pfmergeCommand(ctx: Context): void {
  const { argv, reply, client, server } = ctx;
  const db = client.db;
  // The destination (argv[1]) is merged first, like every other key.
  const union = new HllUnion();
  try {
    for (let j = 1; j < argv.length; j++) union.add(sourceOf(db.lookupRead(keyOf(argv[j]))));
  } catch (error) {
    if (!(error instanceof HyperLogLogError)) throw error;
    return reply.error(error.message);
  }
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  if (entry !== undefined) unshare(entry);
  let merged: Buffer;
  try {
    merged = writeUnion(entry === undefined ? null : (entry.value as Buffer), union, sparseMaxBytes(server));
  } catch (error) {
    if (!(error instanceof HyperLogLogError)) throw error;
    return reply.error(error.message);
  }
  if (entry === undefined) {
    addNew(db, key, merged);
  } else {
    storeValue(entry, merged);
    db.modified(key);
  }
  // Redis names the event of PFMERGE "pfadd".
  db.notify(NOTIFY.STRING, 'pfadd', argv[1]);
  reply.simple('OK');
}

function pfdebugCommand(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const db = client.db;
  const entry = db.lookupWrite(keyOf(argv[2]));
  if (entry === undefined) return reply.error('ERR The specified key does not exist');
  const source = sourceOf(entry);
  if (source === NOT_A_STRING) return reply.error(ERR_WRONG_TYPE);
  if (source === null || !isValidHll(source)) return reply.error(ERR_NOT_HLL);
  unshare(entry);
  const sub = argv[1];
  if (equalsIgnoreCase(sub, 'getreg')) {
    // GETREG leaves the value dense, as Redis converts it in place to read it.
    const dense = hllToDense(source);
    if (dense === null) return reply.error(ERR_CORRUPT);
    if (dense.length !== source.length) storeValue(entry, dense);
    const registers = hllRegisters(dense);
    reply.arrayHeader(registers.length);
    for (const register of registers) reply.integer(register);
  } else if (equalsIgnoreCase(sub, 'decode')) {
    const decoded = hllDecodeSparse(source);
    if (decoded === null) return reply.error('ERR HLL encoding is not sparse');
    reply.bulk(decoded);
  } else if (equalsIgnoreCase(sub, 'encoding')) {
    reply.simple(hllEncoding(source));
  } else if (equalsIgnoreCase(sub, 'todense')) {
    if (hllEncoding(source) === 'dense') return reply.integer(0);
    const dense = hllToDense(source);
    if (dense === null) return reply.error(ERR_CORRUPT);
    storeValue(entry, dense);
    reply.integer(1);
  } else {
    reply.error(`ERR Unknown PFDEBUG subcommand '${sub.toString('latin1')}'`);
  }
}

/**
 * PFSELFTEST: Redis checks its register macros and estimator; ours checks
 * that counting a known set of distinct elements stays within the error
 * bound, then replies OK as Redis does when its tests pass.
 */
function pfselftestCommand(ctx: Context): void {
  const elements: Buffer[] = [];
  for (let i = 0; i < 10000; i++) elements.push(Buffer.from(String(i)));
  const { value } = pfadd(null, elements);
  const { count } = pfcount([value]);
  if (Math.abs(count - 10000) > 10000 * 0.05) return ctx.reply.error(`ERR TESTFAILED Too big error. card:10000 abserr:${Math.abs(count - 10000)}`);
  ctx.reply.simple('OK');
}

type HllCommandName = 'pfadd' | 'pfcount' | 'pfmerge' | 'pfdebug' | 'pfselftest';

const handlers: Record<HllCommandName, (ctx: Context) => void> = {
  pfadd: pfaddCommand,
  pfcount: pfcountCommand,
  pfmerge: pfmergeCommand,
  pfdebug: pfdebugCommand,
  pfselftest: pfselftestCommand,
};

const meta: Record<HllCommandName, CommandMeta> = {
  pfadd: {
    name: 'pfadd',
    arity: -2,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@hyperloglog', '@fast'],
    keySpecs: [
      { flags: ['RW', 'insert'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Adds the specified elements to the specified HyperLogLog.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'O(1) to add every element.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string', flags: ['optional', 'multiple'] },
      ],
    },
  },
  pfcount: {
    name: 'pfcount',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@read', '@hyperloglog', '@slow'],
    keySpecs: [
      { notes: 'RW because it may change the internal representation of the key, and propagate to replicas', flags: ['RW', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  pfmerge: {
    name: 'pfmerge',
    arity: -2,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@write', '@hyperloglog', '@slow'],
    keySpecs: [
      { flags: ['RW', 'access', 'insert'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Merge N different HyperLogLogs into a single one.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
      arguments: [
        { name: 'destkey', type: 'key', keySpecIndex: 0 },
        { name: 'sourcekey', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  pfdebug: {
    name: 'pfdebug',
    arity: 3,
    flags: ['write', 'denyoom', 'admin'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@hyperloglog', '@admin', '@slow', '@dangerous'],
    keySpecs: [
      { flags: ['RW', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Internal commands for debugging HyperLogLog values',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'N/A',
      docFlags: ['syscmd'],
      arguments: [
        { name: 'subcommand', type: 'string' },
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  pfselftest: {
    name: 'pfselftest',
    arity: 1,
    flags: ['admin'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@hyperloglog', '@admin', '@slow', '@dangerous'],
    docs: {
      summary: 'An internal command for testing HyperLogLog values',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'N/A',
      docFlags: ['syscmd'],
    },
  },
};

export const hyperloglogCommands: Command[] = (Object.keys(meta) as HllCommandName[]).map((name) =>
  defineCommand(meta[name], handlers[name]),
);
