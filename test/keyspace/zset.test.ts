// The sorted set and its parsers checked against the real redis-server: the
// same operations on both, then the replies Redis sends compared byte for byte
// with the RESP2 bytes our results encode to (member order, %.17g scores, ranks,
// counts, parse errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERR_LEX_RANGE,
  ERR_NOT_FLOAT,
  ERR_SCORE_RANGE,
  SortedSet,
  formatScore,
  isParseError,
  parseLexRange,
  parseScore,
  parseScoreRange,
  type ZsetEntry,
} from '../../src/keyspace/zset';
import { RawClient, escapeBytes, startRedis, type ServerHandle } from '../harness';

let server: ServerHandle;
let client: RawClient;

beforeAll(async () => {
  // Skiplist encoding from the first element: the listpack encoding stores -0 as 0.
  server = await startRedis({ config: { 'zset-max-listpack-entries': '0' } });
  client = await RawClient.connect(server.port);
}, 60000);

afterAll(async () => {
  client?.close();
  await server?.stop();
});

type Arg = string | Buffer;

function encodeBulk(bytes: Buffer | string): Buffer {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  return Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n')]);
}

function encodeEntries(entries: readonly ZsetEntry[], withScores: boolean): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${entries.length * (withScores ? 2 : 1)}\r\n`)];
  for (const { member, score } of entries) {
    parts.push(encodeBulk(member));
    if (withScores) parts.push(encodeBulk(formatScore(score)));
  }
  return Buffer.concat(parts);
}

const encodeInt = (n: number): Buffer => Buffer.from(`:${n}\r\n`);
const encodeError = (message: string): Buffer => Buffer.from(`-${message}\r\n`);
const encodeNull = (): Buffer => Buffer.from('$-1\r\n');

async function same(args: Arg[], ours: Buffer): Promise<void> {
  const real = await client.send(args);
  expect(escapeBytes(ours), `${args.map((a) => escapeBytes(Buffer.from(a))).join(' ')}`).toBe(escapeBytes(real));
}

function makeRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    state = (state ^ (state >>> 12)) >>> 0;
    return state % n;
  };
}

// Few distinct bytes, short lengths: many shared prefixes, NULs and high bytes.
const MEMBER_BYTES = [0x00, 0x41, 0x61, 0x62, 0x7f, 0x80, 0xff];
function randomMember(rand: (n: number) => number): Buffer {
  const length = rand(5);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = MEMBER_BYTES[rand(MEMBER_BYTES.length)];
  return out;
}

const SCORE_TEXTS = ['0', '-0', '1', '2', '1.5', '-1', '-2.25', '1.1', '0.1', '3', '1e20', '-1e-5', 'inf', '-inf', '123456789012345678', '7'];

/** Redis's ZRANGE index normalisation (negative from the end, then clamped). */
function normalize(start: number, stop: number, length: number): [number, number] | null {
  if (start < 0) start += length;
  if (stop < 0) stop += length;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return null;
  if (stop >= length) stop = length - 1;
  return [start, stop];
}

function scoreBoundText(rand: (n: number) => number): string {
  const text = SCORE_TEXTS[rand(SCORE_TEXTS.length)];
  return rand(3) === 0 ? `(${text}` : text;
}

function lexBound(rand: (n: number) => number): Buffer {
  const kind = rand(8);
  if (kind === 0) return Buffer.from('-');
  if (kind === 1) return Buffer.from('+');
  return Buffer.concat([Buffer.from(kind % 2 === 0 ? '[' : '('), randomMember(rand)]);
}

describe('SortedSet against redis-server', () => {
  it('keeps the same order, ranks and ranges through random edits', async () => {
    const rand = makeRandom(12345);
    const key = 'z';
    await client.send(['DEL', key]);
    const ours = new SortedSet();
    for (let round = 0; round < 60; round++) {
      // A ZADD of several pairs.
      const args: Arg[] = ['ZADD', key];
      let added = 0;
      const batch = new Map<string, number>();
      for (let i = 0; i < 1 + rand(12); i++) {
        const member = randomMember(rand);
        const scoreText = SCORE_TEXTS[rand(SCORE_TEXTS.length)];
        const score = parseScore(Buffer.from(scoreText));
        if (score === null) throw new Error(scoreText);
        args.push(scoreText, member);
        batch.set(member.toString('latin1'), score);
      }
      // ZADD applies pairs in order; a repeated member takes its last score.
      for (let i = 2; i < args.length; i += 2) {
        const outcome = ours.add(args[i + 1] as Buffer, parseScore(Buffer.from(args[i] as string)) as number);
        if (outcome === 'added') added++;
      }
      await same(args, encodeInt(added));

      const op = rand(6);
      if (op === 0) {
        const member = randomMember(rand);
        await same(['ZREM', key, member], encodeInt(ours.remove(member) ? 1 : 0));
      } else if (op === 1 && round % 4 === 0) {
        const min = scoreBoundText(rand);
        const max = scoreBoundText(rand);
        const range = parseScoreRange(Buffer.from(min), Buffer.from(max));
        if (isParseError(range)) throw new Error(range.error);
        await same(['ZREMRANGEBYSCORE', key, min, max], encodeInt(ours.deleteRangeByScore(range)));
      } else if (op === 2 && round % 3 === 0) {
        const start = rand(5) - 2;
        const stop = rand(8) - 3;
        const span = normalize(start, stop, ours.size);
        await same(['ZREMRANGEBYRANK', key, String(start), String(stop)], encodeInt(span ? ours.deleteRangeByRank(span[0], span[1]) : 0));
      } else if (op === 3 && round % 5 === 0) {
        const count = rand(3) + 1;
        await same(['ZPOPMIN', key, String(count)], encodeEntries(ours.popMin(count), true));
      } else if (op === 4 && round % 5 === 0) {
        const count = rand(3) + 1;
        await same(['ZPOPMAX', key, String(count)], encodeEntries(ours.popMax(count), true));
      }

      await same(['ZRANGE', key, '0', '-1', 'WITHSCORES'], encodeEntries([...ours.entries()], true));
      await same(['ZREVRANGE', key, '0', '-1', 'WITHSCORES'], encodeEntries([...ours.entries(true)], true));
      await same(['ZCARD', key], encodeInt(ours.size));

      for (let q = 0; q < 5; q++) {
        const member = randomMember(rand);
        const rank = ours.rank(member);
        await same(['ZRANK', key, member], rank === undefined ? encodeNull() : encodeInt(rank));
        const revRank = ours.rank(member, true);
        await same(['ZREVRANK', key, member], revRank === undefined ? encodeNull() : encodeInt(revRank));
        const score = ours.score(member);
        await same(['ZSCORE', key, member], score === undefined ? encodeNull() : encodeBulk(formatScore(score)));

        const start = rand(10) - 5;
        const stop = rand(10) - 5;
        const span = normalize(start, stop, ours.size);
        await same(['ZRANGE', key, String(start), String(stop)], encodeEntries(span ? ours.rangeByRank(span[0], span[1]) : [], false));
        await same(['ZREVRANGE', key, String(start), String(stop), 'WITHSCORES'], encodeEntries(span ? ours.rangeByRank(span[0], span[1], true) : [], true));

        const min = scoreBoundText(rand);
        const max = scoreBoundText(rand);
        const range = parseScoreRange(Buffer.from(min), Buffer.from(max));
        if (isParseError(range)) throw new Error(range.error);
        await same(['ZRANGEBYSCORE', key, min, max, 'WITHSCORES'], encodeEntries(ours.rangeByScore(range), true));
        await same(['ZREVRANGEBYSCORE', key, max, min], encodeEntries(ours.rangeByScore(range, true), false));
        await same(['ZCOUNT', key, min, max], encodeInt(ours.countInScoreRange(range)));
        const offset = rand(4);
        const count = rand(5) - 1;
        await same(
          ['ZRANGEBYSCORE', key, min, max, 'LIMIT', String(offset), String(count)],
          encodeEntries(ours.rangeByScore(range, false, { offset, count }), false),
        );
        await same(
          ['ZREVRANGEBYSCORE', key, max, min, 'LIMIT', String(offset), String(count)],
          encodeEntries(ours.rangeByScore(range, true, { offset, count }), false),
        );
      }
    }
  }, 60000);

  it('orders, counts and deletes lex ranges as redis-server does', async () => {
    const rand = makeRandom(777);
    const key = 'lex';
    await client.send(['DEL', key]);
    const ours = new SortedSet();
    for (let round = 0; round < 40; round++) {
      const args: Arg[] = ['ZADD', key];
      let added = 0;
      for (let i = 0; i < 1 + rand(8); i++) {
        const member = randomMember(rand);
        args.push('0', member);
        if (ours.add(member, 0) === 'added') added++;
      }
      await same(args, encodeInt(added));
      for (let q = 0; q < 6; q++) {
        const min = lexBound(rand);
        const max = lexBound(rand);
        const range = parseLexRange(min, max);
        if (isParseError(range)) throw new Error(range.error);
        await same(['ZRANGEBYLEX', key, min, max], encodeEntries(ours.rangeByLex(range), false));
        await same(['ZREVRANGEBYLEX', key, max, min], encodeEntries(ours.rangeByLex(range, true), false));
        await same(['ZLEXCOUNT', key, min, max], encodeInt(ours.countInLexRange(range)));
        const offset = rand(3);
        const count = rand(4) - 1;
        await same(
          ['ZRANGEBYLEX', key, min, max, 'LIMIT', String(offset), String(count)],
          encodeEntries(ours.rangeByLex(range, false, { offset, count }), false),
        );
      }
      if (round % 6 === 5) {
        const min = lexBound(rand);
        const max = lexBound(rand);
        const range = parseLexRange(min, max);
        if (isParseError(range)) throw new Error(range.error);
        await same(['ZREMRANGEBYLEX', key, min, max], encodeInt(ours.deleteRangeByLex(range)));
      }
      await same(['ZRANGE', key, '0', '-1'], encodeEntries([...ours.entries()], false));
    }
  }, 60000);
});

describe('score and range parsing against redis-server', () => {
  const texts = [
    '1', '-1', '+1', ' 1', '1 ', '\t1', '', ' ', '.5', '5.', '.', '-.5e1', '1e', '1e+', '1e5', '1E-2', '1e400', '-1e400',
    '1e-400', '0e-400', '4e-320', '2.2250738585072014e-308', '0x10', '0X1P4', '0x1.8p1', '0x', '0x1p', '0x.8', '0x1p-1080',
    '0x1p-1074', '0x1p1024', 'inf', '+inf', '-inf', 'INF', 'Infinity', '-infinity', 'infinit', 'nan', 'NaN', '-nan',
    'nan(123)', 'abc', '1a', '--1', '+-1', '1.1.1', '0.1', '1.1', '100000000000000000000000', '9007199254740993',
    '1\x002', '\x00', '1\x00', '(1', '((1', '(', '(-inf', '(inf', '( 1', '(1e400', '1_000', '١',
  ];

  it('parses ZADD scores as redis-server does', async () => {
    await client.send(['DEL', 'p']);
    for (const text of texts) {
      const arg = Buffer.from(text, 'latin1');
      const score = parseScore(arg);
      await same(['ZADD', 'p', arg, 'm'], score === null ? encodeError(ERR_NOT_FLOAT) : encodeInt(1));
      if (score !== null) await same(['ZSCORE', 'p', 'm'], encodeBulk(formatScore(score)));
      await client.send(['DEL', 'p']);
    }
  });

  it('parses score ranges as redis-server does', async () => {
    await client.send(['DEL', 'r']);
    await client.send(['ZADD', 'r', '-inf', 'a', '-1', 'b', '0', 'c', '0.5', 'd', '1', 'e', '16', 'f', '1e300', 'g', 'inf', 'h']);
    const ours = new SortedSet();
    for (const [score, member] of [[-Infinity, 'a'], [-1, 'b'], [0, 'c'], [0.5, 'd'], [1, 'e'], [16, 'f'], [1e300, 'g'], [Infinity, 'h']] as const) {
      ours.add(Buffer.from(member), score);
    }
    for (const text of texts) {
      const arg = Buffer.from(text, 'latin1');
      for (const args of [[arg, Buffer.from('+inf')], [Buffer.from('-inf'), arg]]) {
        const range = parseScoreRange(args[0], args[1]);
        const expected = isParseError(range) ? encodeError(range.error) : encodeEntries(ours.rangeByScore(range), false);
        await same(['ZRANGEBYSCORE', 'r', ...args], expected);
      }
    }
    expect(ERR_SCORE_RANGE).toBe('ERR min or max is not a float');
  });

  it('parses lex ranges as redis-server does', async () => {
    await client.send(['DEL', 'l']);
    await client.send(['ZADD', 'l', '0', '', '0', 'a', '0', 'b', '0', 'c']);
    const ours = new SortedSet();
    for (const member of ['', 'a', 'b', 'c']) ours.add(Buffer.from(member), 0);
    const bounds = ['-', '+', '[a', '(a', '[', '(', 'a', '', '--', '++', '-a', '+a', '[b', '(c', '[\x00'];
    for (const min of bounds) {
      for (const max of bounds) {
        const range = parseLexRange(Buffer.from(min, 'latin1'), Buffer.from(max, 'latin1'));
        const expected = isParseError(range) ? encodeError(range.error) : encodeEntries(ours.rangeByLex(range), false);
        await same(['ZRANGEBYLEX', 'l', min, max], expected);
        const count = isParseError(range) ? encodeError(range.error) : encodeInt(ours.countInLexRange(range));
        await same(['ZLEXCOUNT', 'l', min, max], count);
      }
    }
    expect(ERR_LEX_RANGE).toBe('ERR min or max not valid string range item');
  });
});

describe('SortedSet unit behaviour', () => {
  it('moves a cursor both ways and reports ranks', () => {
    const set = new SortedSet();
    for (let i = 0; i < 100; i++) set.add(Buffer.from(`m${String(i).padStart(3, '0')}`), i % 10);
    const range = parseScoreRange(Buffer.from('(3'), Buffer.from('5'));
    if (isParseError(range)) throw new Error(range.error);
    const cursor = set.firstInScoreRange(range);
    const seen: string[] = [];
    while (!cursor.done && cursor.score <= 5) {
      seen.push(cursor.key);
      cursor.next();
    }
    expect(seen.length).toBe(20);
    expect(seen[0]).toBe('m004');
    const back = set.lastInScoreRange(range);
    expect(back.key).toBe('m095');
    expect(back.rank).toBe(59);
    expect(back.prev()).toBe(true);
    expect(back.key).toBe('m085');
    const atRank = set.cursorAt(0, true);
    expect(atRank.key).toBe('m099');
    expect(atRank.next()).toBe(false);
    expect(atRank.done).toBe(true);
    expect(set.memberAt(10)?.member.toString()).toBe('m001');
    expect(set.memberAt(100)).toBeUndefined();
  });

  it('updates scores in place and by moving, keeping ranks exact', () => {
    const set = new SortedSet();
    const model = new Map<string, number>();
    const rand = makeRandom(99);
    for (let step = 0; step < 20000; step++) {
      const key = `k${rand(500)}`;
      const action = rand(10);
      if (action < 7) {
        const score = rand(50) / 2;
        const outcome = set.addKey(key, score);
        expect(outcome).toBe(!model.has(key) ? 'added' : model.get(key) === score ? 'unchanged' : 'updated');
        model.set(key, score);
      } else {
        expect(set.removeKey(key)).toBe(model.delete(key));
      }
      if (step % 1000 === 999) {
        const sorted = [...model.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        expect([...set.entries()].map((e) => e.member.toString('latin1'))).toEqual(sorted.map((e) => e[0]));
        for (let i = 0; i < sorted.length; i += 7) {
          expect(set.rankOfKey(sorted[i][0])).toBe(i);
          expect(set.keyAt(i)).toBe(sorted[i][0]);
        }
      }
    }
    expect(() => set.add(Buffer.from('x'), NaN)).toThrow();
    expect(set.memoryUsage()).toBeGreaterThan(0);
  });

  it('handles a million members quickly', () => {
    const count = 1_000_000;
    const keys: string[] = [];
    for (let i = 0; i < count; i++) keys.push(`member:${i}`);
    const set = new SortedSet();
    const rand = makeRandom(3);
    let started = performance.now();
    for (let i = 0; i < count; i++) set.addKey(keys[i], rand(1_000_000));
    const addSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    let total = 0;
    for (let i = 0; i < count; i += 10) total += set.rankOfKey(keys[i]) ?? 0;
    const rankSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    for (let i = 0; i < count; i += 10) set.keyAt(i);
    const byRankSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    for (let i = 0; i < count; i += 10) set.addKey(keys[i], rand(1_000_000));
    const updateSeconds = (performance.now() - started) / 1000;
    console.log(
      `zset 1M: ${Math.round(count / addSeconds)} adds/s, ${Math.round(count / 10 / rankSeconds)} ranks/s, ` +
        `${Math.round(count / 10 / byRankSeconds)} element-by-rank/s, ${Math.round(count / 10 / updateSeconds)} score updates/s, ` +
        `heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, estimate ${Math.round(set.memoryUsage() / 1e6)} MB`,
    );
    expect(total).toBeGreaterThan(0);
    expect(set.size).toBe(count);
    expect(addSeconds).toBeLessThan(20);
  }, 120000);
});
