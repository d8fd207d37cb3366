// Sorted set commands, as t_zset.c of Redis 7.0.15 behaves: argument checks
// in Redis's order (so the same error wins), the same keyspace events, the
// same reply shapes in RESP2 and RESP3 (WITHSCORES pairs become nested arrays
// in RESP3 where Redis does so, scores are doubles).
// The metadata (COMMAND INFO/DOCS) is what redis-server 7.0.15 reports.
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { parseBlockTimeout } from '../server/blocking';
import { keyOf, NOTIFY, WRONG_TYPE, WRONGTYPE, type Database } from '../keyspace/keyspace';
import { SetValue } from '../keyspace/set';
import {
  ERR_LEX_RANGE,
  ERR_NOT_FLOAT,
  ERR_SCORE_RANGE,
  formatScore,
  isParseError,
  parseLexRange,
  parseScore,
  parseScoreRange,
  SortedSet,
  type LexRange,
  type ScoreRange,
  type ZsetEntry,
} from '../keyspace/zset';
import { globMatch } from '../util/glob';
import type { ReplyWriter } from '../resp/reply-writer';
import type { Server } from '../server/server';
import type { Client } from '../server/client';

const ERR_SYNTAX = 'ERR syntax error';
const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
const ERR_NAN_RESULT = 'ERR resulting score is not a number (NaN)';
const LONG_MAX_BIG = 9223372036854775807n;

// ---------------------------------------------------------------------------
// Shared pieces.

export interface ListpackLimits {
  maxEntries: number;
  maxValue: number;
}

const limitsByServer = new WeakMap<Server, ListpackLimits>();

/**
 * zset-max-listpack-entries / -value, kept in step with CONFIG SET without a
 * lookup per command (the module key API's ZsetAdd uses them too).
 */
export function listpackLimits(server: Server): ListpackLimits {
  let limits = limitsByServer.get(server);
  if (limits !== undefined) return limits;
  const read = (name: string): number => Number(server.config.get(name) ?? '0');
  const fresh: ListpackLimits = { maxEntries: read('zset-max-listpack-entries'), maxValue: read('zset-max-listpack-value') };
  server.config.onChange('zset-max-listpack-entries', () => (fresh.maxEntries = read('zset-max-listpack-entries')));
  server.config.onChange('zset-max-listpack-value', () => (fresh.maxValue = read('zset-max-listpack-value')));
  limitsByServer.set(server, fresh);
  limits = fresh;
  return limits;
}

/** Inserts or updates one member, moving a listpack to a skiplist first when the insert would overflow it. */
export function zsetInsert(zset: SortedSet, key: string, score: number, limits: ListpackLimits): void {
  if (zset.encoding === 'listpack' && zset.scoreOfKey(key) === undefined) {
    zset.noteInsert(key.length, limits.maxEntries, limits.maxValue);
  }
  zset.addKey(key, score);
}

/** A long argument as getLongFromObjectOrReply reads it; null = reply ERR_NOT_INTEGER. */
function parseLong(arg: Buffer): number | null {
  return parseInteger(arg);
}

/** A score as addReplyDouble sends it. */
function writeScore(reply: ReplyWriter, score: number): void {
  reply.double(score);
}

/** Member, then its score when asked: flat in RESP2, a [member, score] pair in RESP3. */
function writeEntry(reply: ReplyWriter, member: Buffer, score: number, withScores: boolean): void {
  if (withScores && reply.protocol === 3) reply.arrayHeader(2);
  reply.bulk(member);
  if (withScores) writeScore(reply, score);
}

function writeEntries(reply: ReplyWriter, entries: readonly ZsetEntry[], withScores: boolean): void {
  reply.arrayHeader(withScores && reply.protocol === 2 ? entries.length * 2 : entries.length);
  for (const entry of entries) writeEntry(reply, entry.member, entry.score, withScores);
}

/** Deletes an emptied zset key; true when it did (the caller sends 'del' after its own event). */
function deleteIfEmpty(db: Database, key: string, zset: SortedSet): boolean {
  if (zset.size !== 0) return false;
  db.delete(key);
  return true;
}

// ---------------------------------------------------------------------------
// ZADD, ZINCRBY.

const ZADD_NX = 1;
const ZADD_XX = 2;
const ZADD_GT = 4;
const ZADD_LT = 8;
const ZADD_CH = 16;
const ZADD_INCR = 32;

function zaddGeneric(ctx: Context, flags: number): void {
  const { argv, reply, client, server } = ctx;
  let scoreIndex = 2;
  while (scoreIndex < argv.length) {
    const opt = argv[scoreIndex];
    if (equalsIgnoreCase(opt, 'nx')) flags |= ZADD_NX;
    else if (equalsIgnoreCase(opt, 'xx')) flags |= ZADD_XX;
    else if (equalsIgnoreCase(opt, 'ch')) flags |= ZADD_CH;
    else if (equalsIgnoreCase(opt, 'incr')) flags |= ZADD_INCR;
    else if (equalsIgnoreCase(opt, 'gt')) flags |= ZADD_GT;
    else if (equalsIgnoreCase(opt, 'lt')) flags |= ZADD_LT;
    else break;
    scoreIndex++;
  }
  const nx = (flags & ZADD_NX) !== 0;
  const xx = (flags & ZADD_XX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  const incr = (flags & ZADD_INCR) !== 0;
  const elements = argv.length - scoreIndex;
  if (elements === 0 || elements % 2 !== 0) return reply.error(ERR_SYNTAX);
  const pairs = elements / 2;
  if (nx && xx) return reply.error('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return reply.error('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && pairs > 1) return reply.error('ERR INCR option supports a single increment-element pair');
  const scores = new Array<number>(pairs);
  for (let j = 0; j < pairs; j++) {
    const score = parseScore(argv[scoreIndex + j * 2]);
    if (score === null) return reply.error(ERR_NOT_FLOAT);
    scores[j] = score;
  }
  const db = client.db;
  const keyArg = argv[1];
  const key = keyOf(keyArg);
  let zset = db.writeTyped<SortedSet>(key, 'zset');
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  let created = false;
  if (zset === undefined) {
    if (xx) {
      if (incr) reply.nullBulk();
      else reply.integer(0);
      return;
    }
    zset = SortedSet.newListpack();
    db.add(key, zset);
    created = true;
  }
  const limits = listpackLimits(server);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let lastScore = 0;
  for (let j = 0; j < pairs; j++) {
    const member = argv[scoreIndex + j * 2 + 1].toString('latin1');
    let score = scores[j];
    const current = zset.scoreOfKey(member);
    if (current !== undefined) {
      if (nx) continue;
      if (incr) {
        score += current;
        if (Number.isNaN(score)) {
          reply.error(ERR_NAN_RESULT);
          finishZadd(ctx, zset, key, created, added + updated, incr);
          return;
        }
      }
      if ((lt && score >= current) || (gt && score <= current)) continue;
      processed++;
      lastScore = score;
      if (score !== current) {
        zset.addKey(member, score);
        updated++;
      }
    } else if (!xx) {
      zsetInsert(zset, member, score, limits);
      added++;
      processed++;
      lastScore = score;
    }
  }
  if (incr) {
    // The computed score, even a -0 that a listpack then stores as 0.
    if (processed > 0) reply.double(lastScore);
    else reply.nullBulk();
  } else {
    reply.integer((flags & ZADD_CH) !== 0 ? added + updated : added);
  }
  finishZadd(ctx, zset, key, created, added + updated, incr);
}

function finishZadd(ctx: Context, zset: SortedSet, key: string, created: boolean, changes: number, incr: boolean): void {
  const db = ctx.client.db;
  if (created) {
    // An INCR that failed on a brand-new key leaves nothing behind.
    if (zset.size === 0) {
      db.delete(key);
      return;
    }
    db.signalReady(key);
  }
  if (changes > 0) {
    if (!created) db.modified(key);
    db.notify(NOTIFY.ZSET, incr ? 'zincr' : 'zadd', ctx.argv[1]);
  }
}

// ---------------------------------------------------------------------------
// ZREM, ZSCORE, ZMSCORE, ZCARD, ZRANK, ZCOUNT, ZLEXCOUNT.

function zrem(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const db = client.db;
  const key = keyOf(argv[1]);
  const zset = db.writeTyped<SortedSet>(key, 'zset');
  if (zset === undefined) return reply.integer(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (zset.remove(argv[j])) deleted++;
    if (zset.size === 0) {
      db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    db.notify(NOTIFY.ZSET, 'zrem', argv[1]);
    if (keyRemoved) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    else db.modified(key);
  }
  reply.integer(deleted);
}

function zscore(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.nullBulk();
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  const score = zset.score(argv[2]);
  if (score === undefined) reply.nullBulk();
  else reply.double(score);
}

function zmscore(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  reply.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zset?.score(argv[j]);
    if (score === undefined) reply.nullBulk();
    else writeScore(reply, score);
  }
}

function zcard(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.integer(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  reply.integer(zset.size);
}

function zrankGeneric(ctx: Context, reverse: boolean): void {
  const { argv, reply, client } = ctx;
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.nullBulk();
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  const rank = zset.rank(argv[2], reverse);
  if (rank === undefined) reply.nullBulk();
  else reply.integer(rank);
}

function zcount(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const range = parseScoreRange(argv[2], argv[3]);
  if (isParseError(range)) return reply.error(range.error);
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.integer(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  reply.integer(zset.countInScoreRange(range));
}

function zlexcount(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const range = parseLexRange(argv[2], argv[3]);
  if (isParseError(range)) return reply.error(range.error);
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.integer(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  reply.integer(zset.countInLexRange(range));
}

// ---------------------------------------------------------------------------
// ZRANGE and its family, ZRANGESTORE.

const enum RangeType {
  Auto,
  Rank,
  Score,
  Lex,
}

const enum Direction {
  Auto,
  Forward,
  Reverse,
}

/**
 * zrangeGenericCommand: `start` is the index of the source key; `store` puts
 * the result under argv[1] (ZRANGESTORE) instead of replying it.
 */
function zrangeGeneric(ctx: Context, start: number, store: boolean, fixedType: RangeType, fixedDirection: Direction): void {
  const { argv, reply, client, server } = ctx;
  let rangeType = fixedType;
  let direction = fixedDirection;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = start + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const arg = argv[j];
    if (!store && equalsIgnoreCase(arg, 'withscores')) {
      withScores = true;
    } else if (equalsIgnoreCase(arg, 'limit') && left >= 2) {
      const o = parseLong(argv[j + 1]);
      if (o === null) return reply.error(ERR_NOT_INTEGER);
      const l = parseLong(argv[j + 2]);
      if (l === null) return reply.error(ERR_NOT_INTEGER);
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === Direction.Auto && equalsIgnoreCase(arg, 'rev')) {
      direction = Direction.Reverse;
    } else if (rangeType === RangeType.Auto && equalsIgnoreCase(arg, 'bylex')) {
      rangeType = RangeType.Lex;
    } else if (rangeType === RangeType.Auto && equalsIgnoreCase(arg, 'byscore')) {
      rangeType = RangeType.Score;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  if (direction === Direction.Auto) direction = Direction.Forward;
  if (rangeType === RangeType.Auto) rangeType = RangeType.Rank;
  if (limit !== -1 && rangeType === RangeType.Rank) {
    return reply.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && rangeType === RangeType.Lex) {
    return reply.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  const reverse = direction === Direction.Reverse;
  let minArg = argv[start + 1];
  let maxArg = argv[start + 2];
  if (reverse && rangeType !== RangeType.Rank) [minArg, maxArg] = [maxArg, minArg];
  let rankStart = 0;
  let rankEnd = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (rangeType === RangeType.Rank) {
    const s = parseLong(minArg);
    if (s === null) return reply.error(ERR_NOT_INTEGER);
    const e = parseLong(maxArg);
    if (e === null) return reply.error(ERR_NOT_INTEGER);
    rankStart = s;
    rankEnd = e;
  } else if (rangeType === RangeType.Score) {
    const parsed = parseScoreRange(minArg, maxArg);
    if (isParseError(parsed)) return reply.error(ERR_SCORE_RANGE);
    scoreRange = parsed;
  } else {
    const parsed = parseLexRange(minArg, maxArg);
    if (isParseError(parsed)) return reply.error(ERR_LEX_RANGE);
    lexRange = parsed;
  }
  const db = client.db;
  const zset = store
    ? db.writeTyped<SortedSet>(keyOf(argv[start]), 'zset')
    : db.readTyped<SortedSet>(keyOf(argv[start]), 'zset');
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  let entries: ZsetEntry[];
  if (zset === undefined) {
    entries = [];
  } else if (rangeType === RangeType.Rank) {
    entries = rankRange(zset, rankStart, rankEnd, reverse);
  } else if (offset < 0 || (offset > 0 && offset >= zset.size)) {
    // A negative offset walks past the end in Redis: nothing matches.
    entries = [];
  } else if (scoreRange !== null) {
    entries = zset.rangeByScore(scoreRange, reverse, { offset, count: limit });
  } else {
    entries = zset.rangeByLex(lexRange as LexRange, reverse, { offset, count: limit });
  }
  if (!store) return writeEntries(reply, entries, withScores);
  storeRange(ctx, entries, listpackLimits(server));
}

function rankRange(zset: SortedSet, start: number, end: number, reverse: boolean): ZsetEntry[] {
  const length = zset.size;
  if (start < 0) start = length + start;
  if (end < 0) end = length + end;
  if (start < 0) start = 0;
  if (start > end || start >= length) return [];
  if (end >= length) end = length - 1;
  return zset.rangeByRank(start, end, reverse);
}

function storeRange(ctx: Context, entries: readonly ZsetEntry[], limits: ListpackLimits): void {
  const { argv, reply, client } = ctx;
  const db = client.db;
  const dstKey = keyOf(argv[1]);
  if (entries.length === 0) {
    reply.integer(0);
    if (db.deleteLive(dstKey)) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    return;
  }
  const dst = SortedSet.newListpack();
  for (const entry of entries) zsetInsert(dst, entry.member.toString('latin1'), entry.score, limits);
  db.set(dstKey, dst);
  db.signalReady(dstKey);
  reply.integer(entries.length);
  db.notify(NOTIFY.ZSET, 'zrangestore', argv[1]);
}

// ---------------------------------------------------------------------------
// ZREMRANGEBYRANK / BYSCORE / BYLEX.

function zremrangeGeneric(ctx: Context, type: RangeType): void {
  const { argv, reply, client } = ctx;
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (type === RangeType.Rank) {
    const s = parseLong(argv[2]);
    if (s === null) return reply.error(ERR_NOT_INTEGER);
    const e = parseLong(argv[3]);
    if (e === null) return reply.error(ERR_NOT_INTEGER);
    start = s;
    end = e;
  } else if (type === RangeType.Score) {
    const parsed = parseScoreRange(argv[2], argv[3]);
    if (isParseError(parsed)) return reply.error(ERR_SCORE_RANGE);
    scoreRange = parsed;
  } else {
    const parsed = parseLexRange(argv[2], argv[3]);
    if (isParseError(parsed)) return reply.error(ERR_LEX_RANGE);
    lexRange = parsed;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const zset = db.writeTyped<SortedSet>(key, 'zset');
  if (zset === undefined) return reply.integer(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  let deleted: number;
  if (type === RangeType.Rank) {
    const length = zset.size;
    if (start < 0) start = length + start;
    if (end < 0) end = length + end;
    if (start < 0) start = 0;
    if (start > end || start >= length) return reply.integer(0);
    if (end >= length) end = length - 1;
    deleted = zset.deleteRangeByRank(start, end);
  } else if (scoreRange !== null) {
    deleted = zset.deleteRangeByScore(scoreRange);
  } else {
    deleted = zset.deleteRangeByLex(lexRange as LexRange);
  }
  if (deleted > 0) {
    const removed = deleteIfEmpty(db, key, zset);
    if (!removed) db.modified(key);
    const event = type === RangeType.Rank ? 'zremrangebyrank' : type === RangeType.Score ? 'zremrangebyscore' : 'zremrangebylex';
    db.notify(NOTIFY.ZSET, event, argv[1]);
    if (removed) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  }
  reply.integer(deleted);
}

// ---------------------------------------------------------------------------
// Popping: ZPOPMIN/MAX, ZMPOP, and the blocking BZPOPMIN/MAX, BZMPOP.

const enum PopShape {
  /** ZPOPMIN/MAX: flat member, score list (also RESP3 without COUNT). */
  Flat,
  /** ZPOPMIN/MAX with COUNT in RESP3: [member, score] pairs. */
  Nested,
  /** BZPOPMIN/MAX: key, member, score. */
  KeyFlat,
  /** ZMPOP/BZMPOP: key, then [member, score] pairs. */
  KeyNested,
}

/**
 * Pops up to `count` from the zset under `keyArg` (known to exist and be
 * non-empty) and writes the reply in `shape`, with the events Redis sends.
 */
function popInto(reply: ReplyWriter, db: Database, keyArg: Buffer, zset: SortedSet, max: boolean, count: number, shape: PopShape): void {
  const key = keyOf(keyArg);
  const entries = max ? zset.popMax(count) : zset.popMin(count);
  const n = entries.length;
  switch (shape) {
    case PopShape.Flat:
      reply.arrayHeader(n * 2);
      break;
    case PopShape.Nested:
      reply.arrayHeader(n);
      break;
    case PopShape.KeyFlat:
      reply.arrayHeader(n * 2 + 1);
      reply.bulk(keyArg);
      break;
    case PopShape.KeyNested:
      reply.arrayHeader(2);
      reply.bulk(keyArg);
      reply.arrayHeader(n);
      break;
  }
  const nested = shape === PopShape.Nested || shape === PopShape.KeyNested;
  for (const entry of entries) {
    if (nested) reply.arrayHeader(2);
    reply.bulk(entry.member);
    writeScore(reply, entry.score);
  }
  db.notify(NOTIFY.ZSET, max ? 'zpopmax' : 'zpopmin', keyArg);
  if (zset.size === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', keyArg);
  } else {
    db.modified(key);
  }
}

/**
 * genericZpopCommand over candidate keys: the first existing key is used
 * (a wrong type there is an error); none → empty array or null array.
 */
function popFirst(ctx: Context, keys: readonly Buffer[], max: boolean, count: number, shape: PopShape, nilWhenEmpty: boolean): void {
  const { reply, client } = ctx;
  const db = client.db;
  for (const keyArg of keys) {
    const zset = db.writeTyped<SortedSet>(keyOf(keyArg), 'zset');
    if (zset === undefined) continue;
    if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
    if (count === 0) return reply.arrayHeader(0);
    return popInto(reply, db, keyArg, zset, max, count, shape);
  }
  if (nilWhenEmpty) reply.nullArray();
  else reply.arrayHeader(0);
}

function zpopGeneric(ctx: Context, max: boolean): void {
  const { argv, reply } = ctx;
  if (argv.length > 3) return reply.error(ERR_SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const parsed = parseLong(argv[2]);
    if (parsed === null || parsed < 0) return reply.error('ERR value is out of range, must be positive');
    count = parsed;
  }
  const shape = reply.protocol === 3 && count !== -1 ? PopShape.Nested : PopShape.Flat;
  popFirst(ctx, [argv[1]], max, count === -1 ? 1 : count, shape, false);
}

interface MpopArgs {
  keys: Buffer[];
  max: boolean;
  count: number;
}

/** zmpopGenericCommand's parsing; null after replying an error. */
function parseMpop(ctx: Context, numkeysIndex: number): MpopArgs | null {
  const { argv, reply } = ctx;
  const numkeys = parseLong(argv[numkeysIndex]);
  if (numkeys === null || numkeys < 1) {
    reply.error('ERR numkeys should be greater than 0');
    return null;
  }
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) {
    reply.error(ERR_SYNTAX);
    return null;
  }
  let max: boolean;
  if (equalsIgnoreCase(argv[whereIndex], 'min')) max = false;
  else if (equalsIgnoreCase(argv[whereIndex], 'max')) max = true;
  else {
    reply.error(ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIndex + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && equalsIgnoreCase(argv[j], 'count') && more > 0) {
      j++;
      const parsed = parseLong(argv[j]);
      if (parsed === null || parsed < 1) {
        reply.error('ERR count should be greater than 0');
        return null;
      }
      count = parsed;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), max, count: count === -1 ? 1 : count };
}

function zmpop(ctx: Context): void {
  const args = parseMpop(ctx, 1);
  if (args === null) return;
  popFirst(ctx, args.keys, args.max, args.count, PopShape.KeyNested, true);
}

/**
 * blockingGenericZpopCommand: pops from the first non-empty key at once, or
 * blocks the client on all the keys (inside MULTI: the timeout reply at once).
 */
function blockingPop(ctx: Context, keys: readonly Buffer[], max: boolean, count: number, deadline: number, nested: boolean): void {
  const { reply, client, server } = ctx;
  const db = client.db;
  const shape = nested ? PopShape.KeyNested : PopShape.KeyFlat;
  for (const keyArg of keys) {
    const zset = db.writeTyped<SortedSet>(keyOf(keyArg), 'zset');
    if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
    if (zset !== undefined && zset.size > 0) return popInto(reply, db, keyArg, zset, max, count, shape);
  }
  if (client.denyBlocking) return reply.nullArray();
  const byKey = new Map<string, Buffer>();
  for (const keyArg of keys) byKey.set(keyOf(keyArg), Buffer.from(keyArg));
  const blockedDb = client.db.index;
  const blockedClient: Client = client;
  server.blocking.block(client, {
    db: blockedDb,
    keys: [...byKey.keys()],
    deadline,
    serve(key: string): boolean {
      const target = server.keyspace.db(blockedDb);
      const entry = target.lookup(key);
      if (entry === undefined) return false;
      const value = entry.value;
      if (!(value instanceof SortedSet) || value.size === 0) return false;
      popInto(blockedClient.reply, target, byKey.get(key) as Buffer, value, max, count, shape);
      return true;
    },
    timeout(): void {
      blockedClient.reply.nullArray();
    },
  });
}

function bzpopGeneric(ctx: Context, max: boolean): void {
  const { argv, reply } = ctx;
  const deadline = parseBlockTimeout(argv[argv.length - 1]);
  if (typeof deadline === 'string') return reply.error(deadline);
  blockingPop(ctx, argv.slice(1, argv.length - 1), max, 1, deadline, false);
}

function bzmpop(ctx: Context): void {
  const args = parseMpop(ctx, 2);
  if (args === null) return;
  const deadline = parseBlockTimeout(ctx.argv[1]);
  if (typeof deadline === 'string') return ctx.reply.error(deadline);
  blockingPop(ctx, args.keys, args.max, args.count, deadline, true);
}

// ---------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF (and their STORE forms), ZINTERCARD.

const enum SetOp {
  Union,
  Inter,
  Diff,
}

const enum Aggregate {
  Sum,
  Min,
  Max,
}

/** One input of a set operation: a sorted set, a plain set (scores 1), or nothing. */
interface OpSource {
  zset: SortedSet | null;
  set: SetValue | null;
  weight: number;
}

function sourceSize(src: OpSource): number {
  return src.zset !== null ? src.zset.size : src.set !== null ? src.set.size : 0;
}

/** Calls `visit` with each member (latin1 key) and score of a source. */
function forEachInSource(src: OpSource, visit: (key: string, score: number) => boolean | void): void {
  if (src.zset !== null) {
    for (const entry of src.zset.entries()) if (visit(entry.member.toString('latin1'), entry.score) === false) return;
  } else if (src.set !== null) {
    for (const member of src.set.members) if (visit(member.toString('latin1'), 1) === false) return;
  }
}

function scoreInSource(src: OpSource, key: string): number | undefined {
  if (src.zset !== null) return src.zset.scoreOfKey(key);
  if (src.set !== null) return src.set.has(Buffer.from(key, 'latin1')) ? 1 : undefined;
  return undefined;
}

function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const sum = target + value;
    // inf + -inf: Redis keeps 0 rather than NaN.
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === Aggregate.Min) return value < target ? value : target;
  return value > target ? value : target;
}

/**
 * zunionInterDiffGenericCommand. `dstArg` is set for the STORE forms;
 * `numkeysIndex` is where numkeys is; `cardinalityOnly` is ZINTERCARD.
 */
function zsetOperation(ctx: Context, dstArg: Buffer | null, numkeysIndex: number, op: SetOp, cardinalityOnly: boolean): void {
  const { argv, reply, client, server } = ctx;
  const setnum = parseLong(argv[numkeysIndex]);
  if (setnum === null) return reply.error(ERR_NOT_INTEGER);
  if (setnum < 1) return reply.error(`ERR at least 1 input key is needed for '${ctx.argv[0].toString('latin1').toLowerCase()}' command`);
  if (setnum > argv.length - (numkeysIndex + 1)) return reply.error(ERR_SYNTAX);
  const db = client.db;
  const sources: OpSource[] = [];
  let j = numkeysIndex + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const key = keyOf(argv[j]);
    const entry = dstArg !== null ? db.lookupWrite(key) : db.lookupRead(key);
    const src: OpSource = { zset: null, set: null, weight: 1 };
    if (entry !== undefined) {
      const value = entry.value;
      if (value instanceof SortedSet) src.zset = value;
      else if (value instanceof SetValue) src.set = value;
      else return reply.error(WRONGTYPE);
    }
    sources.push(src);
  }
  let how = Aggregate.Sum;
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const arg = argv[j];
    if (op !== SetOp.Diff && !cardinalityOnly && remaining >= setnum + 1 && equalsIgnoreCase(arg, 'weights')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const weight = parseScore(argv[j]);
        if (weight === null) return reply.error('ERR weight value is not a float');
        sources[i].weight = weight;
      }
    } else if (op !== SetOp.Diff && !cardinalityOnly && remaining >= 2 && equalsIgnoreCase(arg, 'aggregate')) {
      const name = argv[j + 1];
      if (equalsIgnoreCase(name, 'sum')) how = Aggregate.Sum;
      else if (equalsIgnoreCase(name, 'min')) how = Aggregate.Min;
      else if (equalsIgnoreCase(name, 'max')) how = Aggregate.Max;
      else return reply.error(ERR_SYNTAX);
      j += 2;
    } else if (dstArg === null && !cardinalityOnly && equalsIgnoreCase(arg, 'withscores')) {
      withScores = true;
      j++;
    } else if (cardinalityOnly && remaining >= 2 && equalsIgnoreCase(arg, 'limit')) {
      const parsed = parseLong(argv[j + 1]);
      if (parsed === null || parsed < 0) return reply.error("ERR LIMIT can't be negative");
      limit = parsed;
      j += 2;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  // Smallest inputs first, as Redis orders them (it changes only the order scores are summed in).
  const ordered = op === SetOp.Diff || cardinalityOnly ? sources : [...sources].sort((a, b) => sourceSize(a) - sourceSize(b));
  if (cardinalityOnly) return reply.integer(interCardinality(ordered, limit));
  const result = new SortedSet();
  if (op === SetOp.Union) unionInto(result, ordered, how);
  else if (op === SetOp.Inter) interInto(result, ordered, how);
  else diffInto(result, sources);
  if (dstArg === null) {
    reply.arrayHeader(withScores && reply.protocol === 2 ? result.size * 2 : result.size);
    for (const entry of result.entries()) writeEntry(reply, entry.member, entry.score, withScores);
    return;
  }
  const dstKey = keyOf(dstArg);
  if (result.size === 0) {
    reply.integer(0);
    if (db.deleteLive(dstKey)) db.notify(NOTIFY.GENERIC, 'del', dstArg);
    return;
  }
  const limits = listpackLimits(server);
  result.fitListpack(limits.maxEntries, limits.maxValue);
  db.set(dstKey, result);
  db.signalReady(dstKey);
  reply.integer(result.size);
  db.notify(NOTIFY.ZSET, op === SetOp.Union ? 'zunionstore' : op === SetOp.Inter ? 'zinterstore' : 'zdiffstore', dstArg);
}

function unionInto(result: SortedSet, sources: readonly OpSource[], how: Aggregate): void {
  const accumulator = new Map<string, number>();
  for (const src of sources) {
    const weight = src.weight;
    forEachInSource(src, (key, value) => {
      let score = weight * value;
      if (Number.isNaN(score)) score = 0;
      const existing = accumulator.get(key);
      accumulator.set(key, existing === undefined ? score : aggregate(existing, score, how));
    });
  }
  for (const [key, score] of accumulator) result.addKey(key, score);
}

function interInto(result: SortedSet, sources: readonly OpSource[], how: Aggregate): void {
  const first = sources[0];
  if (sourceSize(first) === 0) return;
  forEachInSource(first, (key, value) => {
    let score = first.weight * value;
    if (Number.isNaN(score)) score = 0;
    for (let j = 1; j < sources.length; j++) {
      const found = scoreInSource(sources[j], key);
      if (found === undefined) return;
      score = aggregate(score, found * sources[j].weight, how);
    }
    result.addKey(key, score);
  });
}

function interCardinality(sources: readonly OpSource[], limit: number): number {
  let smallest = 0;
  for (let i = 1; i < sources.length; i++) if (sourceSize(sources[i]) < sourceSize(sources[smallest])) smallest = i;
  const first = sources[smallest];
  let count = 0;
  if (sourceSize(first) === 0) return 0;
  forEachInSource(first, (key) => {
    for (let j = 0; j < sources.length; j++) {
      if (j !== smallest && scoreInSource(sources[j], key) === undefined) return true;
    }
    count++;
    return !(limit > 0 && count >= limit);
  });
  return count;
}

function diffInto(result: SortedSet, sources: readonly OpSource[]): void {
  const first = sources[0];
  forEachInSource(first, (key, score) => {
    for (let j = 1; j < sources.length; j++) if (scoreInSource(sources[j], key) !== undefined) return;
    result.addKey(key, score);
  });
}

// ---------------------------------------------------------------------------
// ZRANDMEMBER, ZSCAN.

function zrandmember(ctx: Context): void {
  const { argv, reply, client } = ctx;
  if (argv.length >= 3) {
    const count = parseLong(argv[2]);
    if (count === null) return reply.error(ERR_NOT_INTEGER);
    // Near 2^63 a double cannot tell the bounds apart: compare exactly.
    const exact = Number.isSafeInteger(count) ? BigInt(count) : BigInt(argv[2].toString('latin1'));
    if (exact < -LONG_MAX_BIG) {
      return reply.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    }
    let withScores = false;
    if (argv.length === 4 && equalsIgnoreCase(argv[3], 'withscores')) {
      withScores = true;
      if (exact < -LONG_MAX_BIG / 2n || exact > LONG_MAX_BIG / 2n) return reply.error('ERR value is out of range');
    } else if (argv.length > 3) {
      return reply.error(ERR_SYNTAX);
    }
    return zrandmemberWithCount(ctx, count, withScores);
  }
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.nullBulk();
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  const entry = zset.memberAt(Math.floor(Math.random() * zset.size));
  if (entry === undefined) reply.nullBulk();
  else reply.bulk(entry.member);
}

function zrandmemberWithCount(ctx: Context, requested: number, withScores: boolean): void {
  const { argv, reply, client } = ctx;
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) return reply.arrayHeader(0);
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  const size = zset.size;
  const unique = requested >= 0;
  const count = Math.abs(requested);
  if (count === 0) return reply.arrayHeader(0);
  if (!unique || count === 1) {
    // Repeats allowed (or one element): independent draws.
    reply.arrayHeader(withScores && reply.protocol === 2 ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      const entry = zset.memberAt(Math.floor(Math.random() * size)) as ZsetEntry;
      writeEntry(reply, entry.member, entry.score, withScores);
    }
    return;
  }
  if (count >= size) {
    // The whole set, highest score first, as Redis replies it.
    reply.arrayHeader(withScores && reply.protocol === 2 ? size * 2 : size);
    for (const entry of zset.entries(true)) writeEntry(reply, entry.member, entry.score, withScores);
    return;
  }
  // Distinct ranks, by a partial Fisher-Yates shuffle over a sparse map.
  const swapped = new Map<number, number>();
  reply.arrayHeader(withScores && reply.protocol === 2 ? count * 2 : count);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const pick = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    const entry = zset.memberAt(pick) as ZsetEntry;
    writeEntry(reply, entry.member, entry.score, withScores);
  }
}

/** parseScanCursorOrReply: strtoul over the whole string (so "" is 0 and "-1" wraps). */
function parseCursor(arg: Buffer): bigint | null {
  const s = arg.toString('latin1');
  const m = /^[+-]?[0-9]*$/.exec(s);
  if (m === null) return null;
  const digits = s.replace(/^[+-]/, '');
  const value = digits.length === 0 ? 0n : BigInt(digits);
  if (value > 0xffffffffffffffffn) return null;
  return s.startsWith('-') && value !== 0n ? (1n << 64n) - value : value;
}

function zscan(ctx: Context): void {
  const { argv, reply, client } = ctx;
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return reply.error('ERR invalid cursor');
  const zset = client.db.readTyped<SortedSet>(keyOf(argv[1]), 'zset');
  if (zset === undefined) {
    reply.arrayHeader(2);
    reply.bulk('0');
    reply.arrayHeader(0);
    return;
  }
  if (zset === WRONG_TYPE) return reply.error(WRONGTYPE);
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; ) {
    const left = argv.length - i;
    if (equalsIgnoreCase(argv[i], 'count') && left >= 2) {
      const parsed = parseLong(argv[i + 1]);
      if (parsed === null) return reply.error(ERR_NOT_INTEGER);
      if (parsed < 1) return reply.error(ERR_SYNTAX);
      count = parsed;
      i += 2;
    } else if (equalsIgnoreCase(argv[i], 'match') && left >= 2) {
      const text = argv[i + 1].toString('latin1');
      // "*" matches everything: Redis skips the matching then.
      pattern = text === '*' ? null : text;
      i += 2;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  const found: Array<[string, number]> = [];
  let next = 0n;
  if (zset.encoding === 'listpack') {
    // A listpack is returned whole in one call, whatever the cursor.
    for (const entry of zset.entries()) found.push([entry.member.toString('latin1'), entry.score]);
  } else if (cursor < BigInt(Number.MAX_SAFE_INTEGER)) {
    next = BigInt(zset.scanNodes(Number(cursor), count, (key, score) => found.push([key, score])));
  }
  const kept = pattern === null ? found : found.filter(([key]) => globMatch(pattern as string, key, false));
  reply.arrayHeader(2);
  reply.bulk(next.toString());
  reply.arrayHeader(kept.length * 2);
  for (const [key, score] of kept) {
    reply.bulk(Buffer.from(key, 'latin1'));
    reply.bulk(formatScore(score));
  }
}

// ---------------------------------------------------------------------------
// The table.

type ZsetCommandName =
  | 'zadd' | 'zincrby' | 'zrem' | 'zscore' | 'zmscore' | 'zcard' | 'zcount' | 'zlexcount' | 'zrange'
  | 'zrangebyscore' | 'zrevrangebyscore' | 'zrangebylex' | 'zrevrangebylex' | 'zrevrange' | 'zrangestore'
  | 'zrank' | 'zrevrank' | 'zpopmin' | 'zpopmax' | 'zmpop' | 'bzpopmin' | 'bzpopmax' | 'bzmpop'
  | 'zremrangebyrank' | 'zremrangebyscore' | 'zremrangebylex' | 'zunion' | 'zinter' | 'zdiff' | 'zunionstore'
  | 'zinterstore' | 'zdiffstore' | 'zintercard' | 'zrandmember' | 'zscan';

const handlers: Record<ZsetCommandName, (ctx: Context) => void> = {
  zadd: (ctx) => zaddGeneric(ctx, 0),
  zincrby: (ctx) => zaddGeneric(ctx, ZADD_INCR),
  zrem,
  zscore,
  zmscore,
  zcard,
  zcount,
  zlexcount,
  zrange: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Auto, Direction.Auto),
  zrangebyscore: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Score, Direction.Forward),
  zrevrangebyscore: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Score, Direction.Reverse),
  zrangebylex: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Lex, Direction.Forward),
  zrevrangebylex: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Lex, Direction.Reverse),
  zrevrange: (ctx) => zrangeGeneric(ctx, 1, false, RangeType.Rank, Direction.Reverse),
  zrangestore: (ctx) => zrangeGeneric(ctx, 2, true, RangeType.Auto, Direction.Auto),
  zrank: (ctx) => zrankGeneric(ctx, false),
  zrevrank: (ctx) => zrankGeneric(ctx, true),
  zpopmin: (ctx) => zpopGeneric(ctx, false),
  zpopmax: (ctx) => zpopGeneric(ctx, true),
  zmpop,
  bzpopmin: (ctx) => bzpopGeneric(ctx, false),
  bzpopmax: (ctx) => bzpopGeneric(ctx, true),
  bzmpop,
  zremrangebyrank: (ctx) => zremrangeGeneric(ctx, RangeType.Rank),
  zremrangebyscore: (ctx) => zremrangeGeneric(ctx, RangeType.Score),
  zremrangebylex: (ctx) => zremrangeGeneric(ctx, RangeType.Lex),
  zunion: (ctx) => zsetOperation(ctx, null, 1, SetOp.Union, false),
  zinter: (ctx) => zsetOperation(ctx, null, 1, SetOp.Inter, false),
  zdiff: (ctx) => zsetOperation(ctx, null, 1, SetOp.Diff, false),
  zunionstore: (ctx) => zsetOperation(ctx, ctx.argv[1], 2, SetOp.Union, false),
  zinterstore: (ctx) => zsetOperation(ctx, ctx.argv[1], 2, SetOp.Inter, false),
  zdiffstore: (ctx) => zsetOperation(ctx, ctx.argv[1], 2, SetOp.Diff, false),
  zintercard: (ctx) => zsetOperation(ctx, null, 1, SetOp.Inter, true),
  zrandmember,
  zscan,
};

const meta: Record<ZsetCommandName, CommandMeta> = {
  zadd: {
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RW', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Add one or more members to a sorted set, or update its score if it already exists',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      history: [['2.4.0', 'Accepts multiple elements.'], ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'], ['6.2.0', 'Added the `GT` and `LT` options.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'condition', type: 'oneof', since: '3.0.2', flags: ['optional'], arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ] },
        { name: 'comparison', type: 'oneof', since: '6.2.0', flags: ['optional'], arguments: [
          { name: 'gt', type: 'pure-token', token: 'GT' },
          { name: 'lt', type: 'pure-token', token: 'LT' },
        ] },
        { name: 'change', type: 'pure-token', token: 'CH', since: '3.0.2', flags: ['optional'] },
        { name: 'increment', type: 'pure-token', token: 'INCR', since: '3.0.2', flags: ['optional'] },
        { name: 'score_member', type: 'block', flags: ['multiple'], arguments: [
          { name: 'score', type: 'double' },
          { name: 'member', type: 'string' },
        ] },
      ],
    },
  },
  zincrby: {
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RW', 'access', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Increment the score of a member in a sorted set',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'increment', type: 'integer' },
        { name: 'member', type: 'string' },
      ],
    },
  },
  zrem: {
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RW', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove one or more members from a sorted set',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
      history: [['2.4.0', 'Accepts multiple elements.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  zscore: {
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Get the score associated with the given member in a sorted set',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string' },
      ],
    },
  },
  zmscore: {
    name: 'zmscore',
    arity: -3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Get the score associated with the given members in a sorted set',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N) where N is the number of members being requested.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  zcard: {
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Get the number of members in a sorted set',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  zcount: {
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Count the members in a sorted set with scores within the given values',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'double' },
        { name: 'max', type: 'double' },
      ],
    },
  },
  zlexcount: {
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Count the number of members in a sorted set between a given lexicographical range',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'string' },
        { name: 'max', type: 'string' },
      ],
    },
  },
  zrange: {
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
      history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'string' },
        { name: 'stop', type: 'string' },
        { name: 'sortby', type: 'oneof', since: '6.2.0', flags: ['optional'], arguments: [
          { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
          { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
        ] },
        { name: 'rev', type: 'pure-token', token: 'REV', since: '6.2.0', flags: ['optional'] },
        { name: 'offset_count', type: 'block', token: 'LIMIT', since: '6.2.0', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
      ],
    },
  },
  zrangebyscore: {
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set, by score',
      since: '1.0.5',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `BYSCORE` argument',
      history: [['2.0.0', 'Added the `WITHSCORES` modifier.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'double' },
        { name: 'max', type: 'double' },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', since: '2.0.0', flags: ['optional'] },
        { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      ],
    },
  },
  zrevrangebyscore: {
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
      since: '2.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
      history: [['2.1.6', '`min` and `max` can be exclusive.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'max', type: 'double' },
        { name: 'min', type: 'double' },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
        { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      ],
    },
  },
  zrangebylex: {
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set, by lexicographical range',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `BYLEX` argument',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'string' },
        { name: 'max', type: 'string' },
        { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      ],
    },
  },
  zrevrangebylex: {
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'max', type: 'string' },
        { name: 'min', type: 'string' },
        { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      ],
    },
  },
  zrevrange: {
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` argument',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'stop', type: 'integer' },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
      ],
    },
  },
  zrangestore: {
    name: 'zrangestore',
    arity: -5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Store a range of members from sorted set into another key',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
      arguments: [
        { name: 'dst', type: 'key', keySpecIndex: 0 },
        { name: 'src', type: 'key', keySpecIndex: 1 },
        { name: 'min', type: 'string' },
        { name: 'max', type: 'string' },
        { name: 'sortby', type: 'oneof', flags: ['optional'], arguments: [
          { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
          { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
        ] },
        { name: 'rev', type: 'pure-token', token: 'REV', flags: ['optional'] },
        { name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'], arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      ],
    },
  },
  zrank: {
    name: 'zrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Determine the index of a member in a sorted set',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N))',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string' },
      ],
    },
  },
  zrevrank: {
    name: 'zrevrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N))',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'member', type: 'string' },
      ],
    },
  },
  zpopmin: {
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove and return members with the lowest scores in a sorted set',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', flags: ['optional'] },
      ],
    },
  },
  zpopmax: {
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove and return members with the highest scores in a sorted set',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', flags: ['optional'] },
      ],
    },
  },
  zmpop: {
    name: 'zmpop',
    arity: -4,
    flags: ['write', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Remove and return members with scores in a sorted set',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'where', type: 'oneof', arguments: [
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  bzpopmin: {
    name: 'bzpopmin',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast', '@blocking'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: -2, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  bzpopmax: {
    name: 'bzpopmax',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@fast', '@blocking'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: -2, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  bzmpop: {
    name: 'bzmpop',
    arity: -5,
    flags: ['write', 'blocking', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@write', '@sortedset', '@slow', '@blocking'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Remove and return members with scores in a sorted set or block until one is available',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        { name: 'timeout', type: 'double' },
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'where', type: 'oneof', arguments: [
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  zremrangebyrank: {
    name: 'zremrangebyrank',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RW', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove all members in a sorted set within the given indexes',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'stop', type: 'integer' },
      ],
    },
  },
  zremrangebyscore: {
    name: 'zremrangebyscore',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RW', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove all members in a sorted set within the given scores',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'double' },
        { name: 'max', type: 'double' },
      ],
    },
  },
  zremrangebylex: {
    name: 'zremrangebylex',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RW', 'delete'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Remove all members in a sorted set between the given lexicographical range',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'min', type: 'string' },
        { name: 'max', type: 'string' },
      ],
    },
  },
  zunion: {
    name: 'zunion',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Add multiple sorted sets',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'weight', type: 'integer', token: 'WEIGHTS', flags: ['optional', 'multiple'] },
        { name: 'aggregate', type: 'oneof', token: 'AGGREGATE', flags: ['optional'], arguments: [
          { name: 'sum', type: 'pure-token', token: 'SUM' },
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
      ],
    },
  },
  zinter: {
    name: 'zinter',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Intersect multiple sorted sets',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'weight', type: 'integer', token: 'WEIGHTS', flags: ['optional', 'multiple'] },
        { name: 'aggregate', type: 'oneof', token: 'AGGREGATE', flags: ['optional'], arguments: [
          { name: 'sum', type: 'pure-token', token: 'SUM' },
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
      ],
    },
  },
  zdiff: {
    name: 'zdiff',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Subtract multiple sorted sets',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
      ],
    },
  },
  zunionstore: {
    name: 'zunionstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
        { name: 'weight', type: 'integer', token: 'WEIGHTS', flags: ['optional', 'multiple'] },
        { name: 'aggregate', type: 'oneof', token: 'AGGREGATE', flags: ['optional'], arguments: [
          { name: 'sum', type: 'pure-token', token: 'SUM' },
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
      ],
    },
  },
  zinterstore: {
    name: 'zinterstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
        { name: 'weight', type: 'integer', token: 'WEIGHTS', flags: ['optional', 'multiple'] },
        { name: 'aggregate', type: 'oneof', token: 'AGGREGATE', flags: ['optional'], arguments: [
          { name: 'sum', type: 'pure-token', token: 'SUM' },
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ] },
      ],
    },
  },
  zdiffstore: {
    name: 'zdiffstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 2 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
      arguments: [
        { name: 'destination', type: 'key', keySpecIndex: 0 },
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  zintercard: {
    name: 'zintercard',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@sortedset', '@slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 } },
    ],
    docs: {
      summary: 'Intersect multiple sorted sets and return the cardinality of the result',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'limit', type: 'integer', token: 'LIMIT', flags: ['optional'] },
      ],
    },
  },
  zrandmember: {
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Get one or multiple random elements from a sorted set',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N) where N is the number of elements returned',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'options', type: 'block', flags: ['optional'], arguments: [
          { name: 'count', type: 'integer' },
          { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', flags: ['optional'] },
        ] },
      ],
    },
  },
  zscan: {
    name: 'zscan',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@sortedset', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 } },
    ],
    docs: {
      summary: 'Incrementally iterate sorted sets elements and associated scores',
      since: '2.8.0',
      group: 'sorted-set',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'cursor', type: 'integer' },
        { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
};

export const zsetCommands: Command[] = (Object.keys(meta) as ZsetCommandName[]).map((name) =>
  defineCommand(meta[name], handlers[name]),
);
