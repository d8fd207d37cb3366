// The sorted set commands against Debian's redis-server 7.0.15: the same
// commands to both servers over RESP2 and RESP3, replies compared byte for
// byte. Random replies (ZRANDMEMBER) are compared by shape; ZSCAN of a
// skiplist (hash-table order in Redis) by its elements. Keyspace events are
// compared through pub/sub on both servers; blocking pops with several clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerPair, encodeValue, formatMismatches, RawClient, type CommandArg, type DiffInput } from '../harness';
import { decodeReply, RespSet, type RespValue } from '../../src/resp/reply-parser';
import { SortedSet } from '../../src/keyspace/zset';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
  console.log(`zsets: ${compared} differential replies compared`);
});

const prelude: DiffInput[] = [
  ['FLUSHALL'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
  ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
];

/** Runs `commands` (after a FLUSHALL and a config reset) on both servers, RESP2 then RESP3. */
async function same(commands: DiffInput[]): Promise<void> {
  for (const resp of [2, 3] as const) {
    const mismatches = await pair.diff([...prelude, ...commands], { resp });
    compared += prelude.length + commands.length;
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  }
}

/** For random replies: every string replaced, the structure (and doubles' presence) kept. */
function shape(frame: Buffer): Buffer {
  const walk = (v: RespValue): RespValue => {
    if (Buffer.isBuffer(v)) return Buffer.from('?');
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof RespSet) return new RespSet(v.items.map(walk));
    if (typeof v === 'object' && v !== null && 'text' in v) return Buffer.from('?');
    return v;
  };
  return encodeValue(walk(decodeReply(frame)));
}

/** ZSCAN reply of a whole skiplist in one call: the cursor, then member/score pairs sorted. */
function scanPairs(frame: Buffer): Buffer {
  const v = decodeReply(frame);
  if (!Array.isArray(v) || !Array.isArray(v[1])) return frame;
  const flat = v[1] as RespValue[];
  const pairs: Buffer[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push(Buffer.concat([encodeValue(flat[i]), encodeValue(flat[i + 1])]));
  pairs.sort(Buffer.compare);
  return Buffer.concat([encodeValue(v[0]), Buffer.from(`*${flat.length}\r\n`), ...pairs]);
}

const r = (args: CommandArg[]): DiffInput => ({ args, normalize: shape });
const many = (n: number, prefix = 'm', score = (i: number) => String(i)): string[] => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(score(i), `${prefix}${i}`);
  return out;
};

describe('sorted set commands, byte for byte with redis-server', () => {
  it('ZADD options and their errors', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z', 'XX', 'NX', '1', 'a'],
      ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'XX', 'NX', '1'],
      ['ZADD', 'z', 'XX', 'NX', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2'],
      ['ZADD', 'z', '1'],
      ['ZADD', 'z', 'x', 'a'],
      ['ZADD', 'z', 'nan', 'a'],
      ['ZADD', 'z', '1', 'a', 'nan', 'b'],
      ['ZADD', 'z', ' 1', 'a'],
      ['ZADD', 'z', '1 ', 'a'],
      ['ZADD', 'z', '', 'a'],
      ['ZADD', 'z', '1e400', 'a'],
      ['ZADD', 'z', '1e-400', 'a'],
      ['ZADD', 'z', '0x10', 'hex'],
      ['ZADD', 'z', 'inf', 'pinf', '-inf', 'ninf', '+inf', 'pinf2', '-Infinity', 'ninf2'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', 'CH', '5', 'a', '2', 'b', '9', 'new'],
      ['ZADD', 'z', 'NX', '100', 'a', '7', 'nx1'],
      ['ZADD', 'z', 'XX', '100', 'a', '7', 'xx1'],
      ['ZADD', 'z', 'XX', 'CH', '100', 'a', '101', 'b'],
      ['ZADD', 'z', 'GT', 'CH', '50', 'a', '200', 'b', '1', 'gt1'],
      ['ZADD', 'z', 'LT', 'CH', '50', 'a', '300', 'b', '1', 'lt1'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', 'INCR', '1.5', 'a'],
      ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'XX', '1', 'nosuch'],
      ['ZADD', 'z', 'INCR', 'CH', '0', 'a'],
      ['ZADD', 'z', 'INCR', '-inf', 'pinf'],
      ['ZADD', 'z', 'INCR', 'inf', 'pinf'],
      ['ZSCORE', 'z', 'pinf'],
      ['ZADD', 'nokey', 'XX', '1', 'a'],
      ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'],
      ['EXISTS', 'nokey'],
      ['ZADD', 'nokey2', 'INCR', 'GT', '5', 'a'],
      ['ZADD', 'z', 'nx', 'ch', 'incr', '3', 'zz'],
      ['SET', 'str', 'x'],
      ['ZADD', 'str', 'x', 'a'],
      ['ZADD', 'str', '1', 'a'],
      ['ZADD', 'z', '0.1', 'f1', '1e-5', 'f2', '123456789012345678', 'f3', '-0.000001', 'f4', '3.14159265358979', 'f5'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZCARD', 'z'],
      ['ZCARD', 'nokey'],
      ['ZCARD', 'str'],
    ]);
  });

  it('ZINCRBY, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, negative zero', async () => {
    await same([
      ['ZINCRBY', 'z', '1', 'a'],
      ['ZINCRBY', 'z', '2.5', 'a'],
      ['ZINCRBY', 'z', 'x', 'a'],
      ['ZINCRBY', 'z', 'inf', 'a'],
      ['ZINCRBY', 'z', '-inf', 'a'],
      ['ZSCORE', 'z', 'a'],
      ['ZINCRBY', 'z', '-0', 'zero'],
      ['ZSCORE', 'z', 'zero'],
      ['ZADD', 'z', '-0', 'nz'],
      ['ZSCORE', 'z', 'nz'],
      ['ZADD', 'z', 'INCR', '-0', 'nz2'],
      ['ZMSCORE', 'z', 'a', 'nosuch', 'zero', 'nz'],
      ['ZMSCORE', 'nokey', 'a', 'b'],
      ['ZMSCORE', 'z'],
      ['ZSCORE', 'nokey', 'a'],
      ['ZSCORE', 'z', 'nosuch'],
      ['ZADD', 'r', '1', 'a', '2', 'b', '3', 'c', '3', 'd'],
      ['ZRANK', 'r', 'a'],
      ['ZRANK', 'r', 'd'],
      ['ZREVRANK', 'r', 'a'],
      ['ZREVRANK', 'r', 'd'],
      ['ZRANK', 'r', 'nosuch'],
      ['ZRANK', 'nokey', 'a'],
      ['SET', 'str', 'x'],
      ['ZRANK', 'str', 'a'],
      ['ZSCORE', 'str', 'a'],
      ['ZMSCORE', 'str', 'a'],
      ['ZINCRBY', 'str', '1', 'a'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'sk', '-0', 'nz'],
      ['ZSCORE', 'sk', 'nz'],
      ['ZINCRBY', 'sk', '0', 'nz'],
      ['ZSCORE', 'sk', 'nz'],
      ['ZADD', 'sk', 'INCR', '-0', 'nz3'],
      ['ZRANGE', 'sk', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'sk'],
      ['OBJECT', 'ENCODING', 'z'],
    ]);
  });

  it('ZRANGE by rank, score and lex with REV, LIMIT, WITHSCORES and their errors', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '-inf', 'ninf', 'inf', 'pinf'],
      ['ZRANGE', 'z', '0', '-1'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZRANGE', 'z', '-3', '-2', 'withscores'],
      ['ZRANGE', 'z', '2', '1'],
      ['ZRANGE', 'z', '100', '200'],
      ['ZRANGE', 'z', '-100', '100'],
      ['ZRANGE', 'z', '0', '-100'],
      ['ZRANGE', 'z', '0', '1', 'REV'],
      ['ZRANGE', 'z', '0', '1', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', 'x', '1'],
      ['ZRANGE', 'z', '0', '9223372036854775808'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'],
      ['ZRANGE', 'z', '0', '1', 'foo'],
      ['ZRANGE', 'z', '(1', '4', 'BYSCORE'],
      ['ZRANGE', 'z', '1', '(4', 'BYSCORE', 'WITHSCORES'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '-1'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '100', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '0'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '-5'],
      ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2', 'WITHSCORES'],
      ['ZRANGE', 'z', '4', '2', 'BYSCORE', 'REV'],
      ['ZRANGE', 'z', '2', '4', 'BYSCORE', 'REV'],
      ['ZRANGE', 'z', 'x', '4', 'BYSCORE'],
      ['ZRANGE', 'z', '(', '4', 'BYSCORE'],
      ['ZRANGE', 'z', 'nan', '4', 'BYSCORE'],
      ['ZRANGE', 'z', '', '4', 'BYSCORE'],
      ['ZRANGE', 'z', '-', '+', 'BYLEX'],
      ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
      ['ZRANGE', 'z', 'a', '+', 'BYLEX'],
      ['ZRANGE', 'z', '0', '1', 'BYLEX', 'BYSCORE'],
      ['ZRANGE', 'z', '0', '1', 'REV', 'REV'],
      ['ZRANGE', 'z', '0', '1', 'WITHSCORES', 'WITHSCORES'],
      ['ZRANGE', 'nokey', '0', '-1'],
      ['ZRANGE', 'nokey', 'x', '-1'],
      ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', ''],
      ['ZRANGE', 'lex', '[b', '(e', 'BYLEX'],
      ['ZRANGE', 'lex', '(e', '[b', 'BYLEX', 'REV'],
      ['ZRANGE', 'lex', '-', '+', 'BYLEX', 'LIMIT', '2', '3'],
      ['ZRANGE', 'lex', '+', '-', 'BYLEX', 'REV', 'LIMIT', '2', '3'],
      ['ZRANGE', 'lex', '[', '+', 'BYLEX'],
      ['ZRANGE', 'lex', '(', '+', 'BYLEX'],
      ['ZRANGE', 'lex', '+', '-', 'BYLEX'],
      ['ZRANGE', 'lex', '-', '-', 'BYLEX'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '3'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'REV'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '1'],
      ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES'],
      ['ZREVRANGEBYSCORE', 'z', '3', '(1', 'LIMIT', '0', '1'],
      ['ZREVRANGEBYSCORE', 'z', '(1', '3'],
      ['ZRANGEBYLEX', 'lex', '-', '+'],
      ['ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES'],
      ['ZRANGEBYLEX', 'lex', 'x', '+'],
      ['ZRANGEBYLEX', 'lex', '-', '+', 'LIMIT', '1', '1'],
      ['ZREVRANGEBYLEX', 'lex', '+', '-'],
      ['ZREVRANGEBYLEX', 'lex', '[d', '[b'],
      ['ZREVRANGEBYLEX', 'lex', '[b', '[d'],
      ['ZREVRANGE', 'z', '0', '2'],
      ['ZREVRANGE', 'z', '0', '2', 'WITHSCORES'],
      ['ZREVRANGE', 'z', '0', '2', 'BYSCORE'],
      ['ZREVRANGE', 'z', '0', '2', 'LIMIT', '0', '1'],
      ['ZCOUNT', 'z', '-inf', '+inf'],
      ['ZCOUNT', 'z', '(1', '(5'],
      ['ZCOUNT', 'z', '5', '1'],
      ['ZCOUNT', 'z', 'x', '1'],
      ['ZCOUNT', 'nokey', 'x', '1'],
      ['ZCOUNT', 'nokey', '0', '1'],
      ['ZLEXCOUNT', 'lex', '-', '+'],
      ['ZLEXCOUNT', 'lex', '[b', '(d'],
      ['ZLEXCOUNT', 'lex', 'b', '(d'],
      ['SET', 'str', 'x'],
      ['ZRANGE', 'str', '0', '-1'],
      ['ZRANGE', 'str', 'x', '-1'],
      ['ZCOUNT', 'str', '0', '1'],
      ['ZLEXCOUNT', 'str', '-', '+'],
    ]);
  });

  it('ZRANGESTORE', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZRANGESTORE', 'dst', 'z', '0', '1'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '0', '2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'z', '+inf', '-inf', 'BYSCORE', 'REV'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'z', '[a', '[c', 'BYLEX'],
      ['ZRANGESTORE', 'dst', 'z', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'z', '5', '10'],
      ['EXISTS', 'dst'],
      ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'],
      ['SET', 'str', 'x'],
      ['ZRANGESTORE', 'str', 'z', '0', '-1'],
      ['TYPE', 'str'],
      ['SET', 'str', 'x'],
      ['ZRANGESTORE', 'dst', 'str', '0', '-1'],
      ['ZRANGESTORE', 'str', 'nokey', '0', '-1'],
      ['EXISTS', 'str'],
      ['ZRANGESTORE', 'z', 'z', '1', '2'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ]);
  });

  it('ZREM and ZREMRANGEBY*', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZREM', 'z', 'a', 'nosuch', 'a', 'b'],
      ['ZREM', 'nokey', 'a'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYRANK', 'z', '5', '10'],
      ['ZREMRANGEBYRANK', 'z', '-1', '-2'],
      ['ZREMRANGEBYRANK', 'z', 'x', '1'],
      ['ZREMRANGEBYRANK', 'nokey', '0', '1'],
      ['ZRANGE', 'z', '0', '-1'],
      ['ZREMRANGEBYRANK', 'z', '-100', '100'],
      ['EXISTS', 'z'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZREMRANGEBYSCORE', 'z', '(1', '3'],
      ['ZREMRANGEBYSCORE', 'z', 'x', '3'],
      ['ZREMRANGEBYSCORE', 'z', '10', '3'],
      ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['EXISTS', 'z'],
      ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd'],
      ['ZREMRANGEBYLEX', 'lex', '[b', '(d'],
      ['ZREMRANGEBYLEX', 'lex', 'b', '(d'],
      ['ZRANGE', 'lex', '0', '-1'],
      ['ZREMRANGEBYLEX', 'lex', '-', '+'],
      ['EXISTS', 'lex'],
      ['ZADD', 'z', '1', 'a'],
      ['ZREM', 'z', 'a', 'a'],
      ['EXISTS', 'z'],
      ['SET', 'str', 'x'],
      ['ZREM', 'str', 'a'],
      ['ZREMRANGEBYRANK', 'str', '0', '1'],
      ['ZREMRANGEBYSCORE', 'str', '0', '1'],
      ['ZREMRANGEBYLEX', 'str', '-', '+'],
      ['ZREMRANGEBYLEX', 'str', 'x', '+'],
    ]);
  });

  it('ZPOPMIN ZPOPMAX ZMPOP', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z'],
      ['ZPOPMIN', 'z', '1'],
      ['ZPOPMAX', 'z', '0'],
      ['ZPOPMIN', 'z', '-1'],
      ['ZPOPMIN', 'z', 'x'],
      ['ZPOPMIN', 'z', '1', '2'],
      ['ZPOPMIN', 'nokey'],
      ['ZPOPMIN', 'nokey', '0'],
      ['ZPOPMIN', 'nokey', '3'],
      ['ZPOPMAX', 'z', '10'],
      ['EXISTS', 'z'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZMPOP', '1', 'z', 'MIN'],
      ['ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '2'],
      ['ZMPOP', '1', 'nokey', 'MIN'],
      ['ZMPOP', '0', 'z', 'MIN'],
      ['ZMPOP', 'x', 'z', 'MIN'],
      ['ZMPOP', '1', 'z', 'foo'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT'],
      ['ZMPOP', '3', 'z', 'MIN'],
      ['ZMPOP', '1', 'z', 'max', 'count', '100'],
      ['EXISTS', 'z'],
      ['SET', 'str', 'x'],
      ['ZPOPMIN', 'str'],
      ['ZPOPMIN', 'str', '0'],
      ['ZPOPMIN', 'str', 'x'],
      ['ZMPOP', '2', 'nokey', 'str', 'MIN'],
      ['ZADD', 'z', '1', 'a'],
      ['ZMPOP', '2', 'z', 'str', 'MIN'],
      ['BZPOPMIN', 'nokey', 'str', '0'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['BZPOPMIN', 'nokey', 'z', '0'],
      ['BZPOPMAX', 'z', '0'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '2'],
      ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2'],
      ['BZPOPMIN', 'z', 'x'],
      ['BZPOPMIN', 'z', '-1'],
      ['BZPOPMIN', 'z', 'inf'],
      ['BZPOPMIN', 'z', '1e16'],
      ['BZPOPMIN', 'z', ' 1'],
      ['BZPOPMIN', 'z', 'nan'],
      ['BZMPOP', 'x', '1', 'z', 'MIN'],
      ['BZMPOP', '0', '0', 'z', 'MIN'],
      ['BZMPOP', '-1', '1', 'z', 'MIN'],
      ['BZMPOP', '0', '1', 'z', 'foo'],
      ['BZPOPMIN', 'str', '0'],
      ['BZMPOP', '0', '1', 'str', 'MIN'],
      ['MULTI'],
      ['BZPOPMIN', 'nokey', '0'],
      ['BZMPOP', '0', '1', 'nokey', 'MIN'],
      ['ZADD', 'q', '1', 'x'],
      ['BZPOPMAX', 'q', '0'],
      ['EXEC'],
    ]);
  });

  it('ZUNION ZINTER ZDIFF, their STORE forms and ZINTERCARD', async () => {
    await same([
      ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd'],
      ['SADD', 's', 'a', 'd', 'x'],
      ['ZUNION', '2', 'z1', 'z2'],
      ['ZUNION', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZUNION', '3', 'z1', 'z2', 's', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '2', '0.5', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'max', 'WITHSCORES', 'WEIGHTS', '1', '-1'],
      ['ZUNION', '2', 'z1', 'nokey', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZINTER', '3', 'z1', 'z2', 's', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 's', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'nokey'],
      ['ZINTER', '2', 'z1', 'z2', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'z1', 'WITHSCORES'],
      ['ZDIFF', '2', 'z1', 'z2'],
      ['ZDIFF', '2', 'z1', 's', 'WITHSCORES'],
      ['ZDIFF', '2', 'nokey', 'z1'],
      ['ZDIFF', '1', 'z1', 'WEIGHTS', '1'],
      ['ZDIFF', '1', 'z1', 'AGGREGATE', 'SUM'],
      ['ZUNION', '0', 'z1'],
      ['ZUNION', '-1', 'z1'],
      ['ZUNION', 'x', 'z1'],
      ['ZUNION', '3', 'z1'],
      ['ZUNION', '1', 'z1', 'WEIGHTS'],
      ['ZUNION', '1', 'z1', 'WEIGHTS', 'x'],
      ['ZUNION', '1', 'z1', 'AGGREGATE', 'foo'],
      ['ZUNION', '1', 'z1', 'AGGREGATE'],
      ['ZUNION', '1', 'z1', 'WITHSCORES', 'WITHSCORES'],
      ['ZUNION', '1', 'z1', 'foo'],
      ['SET', 'str', 'x'],
      ['ZUNION', '2', 'z1', 'str', 'WEIGHTS', 'x'],
      ['ZINTER', '2', 'nokey', 'str'],
      ['ZADD', 'inf1', 'inf', 'a', '-inf', 'b', '5', 'c'],
      ['ZADD', 'inf2', '-inf', 'a', 'inf', 'b', '1', 'c'],
      ['ZUNION', '2', 'inf1', 'inf2', 'WITHSCORES'],
      ['ZINTER', '2', 'inf1', 'inf2', 'WITHSCORES'],
      ['ZUNION', '1', 'inf1', 'WEIGHTS', '0', 'WITHSCORES'],
      ['ZINTER', '2', 'inf1', 'inf2', 'WEIGHTS', '1', '0', 'WITHSCORES'],
      ['ZINTER', '2', 'inf1', 'inf2', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNIONSTORE', 'dst', '2', 'z1', 'z2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['ZUNIONSTORE', 'dst', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZINTERSTORE', 'dst', '2', 'z1', 'z2', 'WEIGHTS', '1', '2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZDIFFSTORE', 'dst', '2', 'z1', 'z2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'dst', '2', 'z1', 'nokey'],
      ['EXISTS', 'dst'],
      ['ZUNIONSTORE', 'str', '1', 'z1'],
      ['TYPE', 'str'],
      ['ZUNIONSTORE', 'dst', '0', 'z1'],
      ['ZINTERSTORE', 'dst', '0', 'z1'],
      ['ZDIFFSTORE', 'dst', '0', 'z1'],
      ['ZINTER', '0', 'z1'],
      ['ZDIFF', '0', 'z1'],
      ['ZINTERCARD', '2', 'z1', 'z2'],
      ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1'],
      ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '0'],
      ['ZINTERCARD', '3', 'z1', 'z2', 's'],
      ['ZINTERCARD', '2', 'z1', 's'],
      ['ZINTERCARD', '0', 'z1'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT', '-1'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT', 'x'],
      ['ZINTERCARD', '1', 'z1', 'WITHSCORES'],
      ['ZINTERCARD', '1', 'z1', 'WEIGHTS', '1'],
      ['ZINTERCARD', '1', 'nokey'],
      ['ZINTERCARD', '2', 'z1', 'str'],
    ]);
  });

  it('ZRANDMEMBER (shapes) and ZSCAN', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      r(['ZRANDMEMBER', 'z']),
      ['ZRANDMEMBER', 'nokey'],
      ['ZRANDMEMBER', 'nokey', '5'],
      ['ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '0'],
      r(['ZRANDMEMBER', 'z', '1']),
      r(['ZRANDMEMBER', 'z', '1', 'WITHSCORES']),
      r(['ZRANDMEMBER', 'z', '3']),
      r(['ZRANDMEMBER', 'z', '3', 'WITHSCORES']),
      r(['ZRANDMEMBER', 'z', '-8']),
      r(['ZRANDMEMBER', 'z', '-8', 'WITHSCORES']),
      ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '100', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '100'],
      ['ZRANDMEMBER', 'z', 'x'],
      ['ZRANDMEMBER', 'z', '1', 'foo'],
      ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
      ['ZRANDMEMBER', 'z', '-9223372036854775808'],
      ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
      ['SET', 'str', 'x'],
      ['ZRANDMEMBER', 'str'],
      ['ZRANDMEMBER', 'str', '1'],
      ['ZSCAN', 'z', '0'],
      ['ZSCAN', 'z', '0', 'MATCH', '[a-c]'],
      ['ZSCAN', 'z', '0', 'COUNT', '1'],
      ['ZSCAN', 'z', '-1'],
      ['ZSCAN', 'z', ''],
      ['ZSCAN', 'z', 'x'],
      ['ZSCAN', 'z', '18446744073709551616'],
      ['ZSCAN', 'z', '0', 'COUNT', '0'],
      ['ZSCAN', 'z', '0', 'COUNT', 'x'],
      ['ZSCAN', 'z', '0', 'MATCH'],
      ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
      ['ZSCAN', 'nokey', '0', 'foo'],
      ['ZSCAN', 'nokey', 'x'],
      ['ZSCAN', 'str', '0', 'foo'],
      ['ZADD', 'big', ...many(300)],
      { args: ['ZSCAN', 'big', '0', 'COUNT', '1000'], normalize: scanPairs },
      { args: ['ZSCAN', 'big', '0', 'COUNT', '1000', 'MATCH', 'm1*'], normalize: scanPairs },
    ]);
  });

  it('OBJECT ENCODING: listpack to skiplist by entries and by value size, store commands back to listpack', async () => {
    await same([
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '4'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'z', '5', 'e'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZREM', 'z', 'a', 'b', 'c'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'v', '1', 'x'.repeat(64)],
      ['OBJECT', 'ENCODING', 'v'],
      ['ZADD', 'v', '1', 'y'.repeat(65)],
      ['OBJECT', 'ENCODING', 'v'],
      ['ZADD', 'v2', '1', 'y'.repeat(65)],
      ['OBJECT', 'ENCODING', 'v2'],
      ['ZUNIONSTORE', 'u', '1', 'z'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZUNIONSTORE', 'u', '1', 'v'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZRANGESTORE', 'rs', 'z', '0', '-1'],
      ['OBJECT', 'ENCODING', 'rs'],
      ['ZADD', 'z', '6', 'f', '7', 'g', '8', 'h'],
      ['ZRANGESTORE', 'rs', 'z', '0', '-1'],
      ['OBJECT', 'ENCODING', 'rs'],
      ['ZINCRBY', 'new', '1', 'y'.repeat(65)],
      ['OBJECT', 'ENCODING', 'new'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'zero', '1', 'a'],
      ['OBJECT', 'ENCODING', 'zero'],
      ['ZADD', 'zeroneg', '-0', 'a', '-0', 'b'],
      ['ZUNIONSTORE', 'zu', '1', 'zeroneg'],
      ['ZRANGE', 'zu', '0', '-1', 'WITHSCORES'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
      ['ZUNIONSTORE', 'zu', '1', 'zeroneg'],
      ['ZRANGE', 'zu', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'zu'],
      ['ZRANGESTORE', 'zr', 'zeroneg', '0', '-1'],
      ['ZRANGE', 'zr', '0', '-1', 'WITHSCORES'],
    ]);
  });

  it('binary members and big sets', async () => {
    const bin = Buffer.from([0, 1, 2, 255, 0x80, 13, 10]);
    await same([
      ['ZADD', 'z', '1', bin, '2', Buffer.from([0]), '2', Buffer.from([0, 0]), '2', Buffer.from([255])],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZSCORE', 'z', bin],
      ['ZRANK', 'z', Buffer.from([255])],
      ['ZRANGEBYLEX', 'z', Buffer.from([0x5b, 0]), '+'],
      ['ZADD', 'big', ...many(1000, 'm', (i) => String((i * 7919) % 1000))],
      ['ZCARD', 'big'],
      ['ZRANGE', 'big', '100', '110', 'WITHSCORES'],
      ['ZRANGE', 'big', '500', '(510', 'BYSCORE', 'WITHSCORES'],
      ['ZRANK', 'big', 'm500'],
      ['ZREVRANK', 'big', 'm500'],
      ['ZCOUNT', 'big', '100', '200'],
      ['ZREMRANGEBYRANK', 'big', '10', '19'],
      ['ZREMRANGEBYSCORE', 'big', '900', '+inf'],
      ['ZPOPMIN', 'big', '3'],
      ['ZRANGE', 'big', '0', '20', 'WITHSCORES'],
      ['ZUNIONSTORE', 'bu', '2', 'big', 'z', 'WEIGHTS', '2', '3'],
      ['ZRANGE', 'bu', '0', '10', 'WITHSCORES'],
      ['ZINTERCARD', '2', 'big', 'bu'],
      ['OBJECT', 'ENCODING', 'bu'],
      ['ZRANDMEMBER', 'z', '10', 'WITHSCORES'],
    ]);
  });

  it('WATCH is invalidated by writes and not by no-op writes', async () => {
    const cases: Array<{ write: CommandArg[]; setup?: CommandArg[][] }> = [
      { write: ['ZADD', 'z', '5', 'a'] },
      { write: ['ZADD', 'z', '1', 'a'] },
      { write: ['ZADD', 'z', 'XX', '1', 'nosuch'] },
      { write: ['ZINCRBY', 'z', '1', 'a'] },
      { write: ['ZREM', 'z', 'nosuch'] },
      { write: ['ZREM', 'z', 'a'] },
      { write: ['ZPOPMIN', 'z'] },
      { write: ['ZREMRANGEBYSCORE', 'z', '100', '200'] },
      { write: ['ZREMRANGEBYRANK', 'z', '0', '0'] },
      { write: ['ZUNIONSTORE', 'z', '1', 'z'] },
      { write: ['ZRANGESTORE', 'z', 'nokey', '0', '-1'] },
    ];
    const commands: DiffInput[] = [];
    for (const c of cases) {
      commands.push(['DEL', 'z'], ['ZADD', 'z', '1', 'a', '2', 'b']);
      commands.push(['WATCH', 'z'], c.write, ['MULTI'], ['PING'], ['EXEC']);
    }
    // WATCH needs two clients: the write comes from the same client here, which counts as well.
    await same(commands);
  });
});

/** The keyspace and keyevent messages a script makes a server publish, in order. */
async function notifications(port: number, script: CommandArg[][]): Promise<string[]> {
  const subscriber = await RawClient.connect(port);
  const writer = await RawClient.connect(port);
  try {
    await writer.send(['FLUSHALL']);
    await writer.send(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
    await subscriber.send(['PSUBSCRIBE', '__key*@0__:*']);
    await subscriber.send(['SUBSCRIBE', 'sentinel']);
    for (const command of script) await writer.send(command);
    await writer.send(['PUBLISH', 'sentinel', 'end']);
    const seen: string[] = [];
    for (;;) {
      const frame = decodeReply(await subscriber.nextFrame(5000)) as RespValue[];
      const parts = frame.map((part) => (Buffer.isBuffer(part) ? part.toString('latin1') : String(part)));
      if (parts[0] === 'message') break;
      seen.push(parts.slice(2).join(' '));
    }
    await writer.send(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    return seen;
  } finally {
    subscriber.close();
    writer.close();
  }
}

describe('keyspace events of the sorted set commands', () => {
  it('are the ones redis-server publishes, in the same order', async () => {
    const script: CommandArg[][] = [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a'],
      ['ZINCRBY', 'z', '1', 'a'],
      ['ZREM', 'z', 'nosuch'],
      ['ZREM', 'z', 'a'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '5'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZREMRANGEBYSCORE', 'z', '1', '1'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYLEX', 'z', '-', '+'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZUNIONSTORE', 'u', '1', 'z'],
      ['ZINTERSTORE', 'i', '1', 'z'],
      ['ZDIFFSTORE', 'd', '1', 'z'],
      ['ZRANGESTORE', 'r', 'z', '0', '0'],
      ['ZUNIONSTORE', 'u', '1', 'nokey'],
      ['ZRANGESTORE', 'r', 'nokey', '0', '-1'],
      ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '10'],
      ['ZADD', 'z', '1', 'a'],
      ['BZPOPMIN', 'z', '0'],
      ['ZADD', 'z', '1', 'a'],
      ['BZMPOP', '0', '1', 'z', 'MIN'],
      ['ZADD', 'z', 'GT', '0', 'x'],
      ['ZREMRANGEBYRANK', 'z', '0', '-1'],
    ];
    const [theirs, ours] = await Promise.all([notifications(pair.redis.port, script), notifications(pair.ours.port, script)]);
    compared += script.length;
    expect(ours).toEqual(theirs);
  });
});

describe('blocking pops', () => {
  async function clients(port: number, n: number, resp: 2 | 3): Promise<RawClient[]> {
    const out: RawClient[] = [];
    for (let i = 0; i < n; i++) {
      const c = await RawClient.connect(port);
      if (resp === 3) await c.send(['HELLO', '3']);
      out.push(c);
    }
    return out;
  }

  async function scenario(port: number, resp: 2 | 3): Promise<string[]> {
    const [a, b, w] = await clients(port, 3, resp);
    const out: string[] = [];
    try {
      await w.send(['DEL', 'k1', 'k2']);
      const first = a.send(['BZPOPMIN', 'k1', 'k2', '0']);
      await new Promise((res) => setTimeout(res, 50));
      const second = b.send(['BZMPOP', '0', '1', 'k1', 'MAX', 'COUNT', '2']);
      await new Promise((res) => setTimeout(res, 50));
      out.push((await w.send(['ZADD', 'k1', '1', 'x', '2', 'y', '3', 'z'])).toString('latin1'));
      out.push((await first).toString('latin1'));
      out.push((await second).toString('latin1'));
      out.push((await w.send(['ZRANGE', 'k1', '0', '-1', 'WITHSCORES'])).toString('latin1'));
      // Timeouts: a null array.
      out.push((await a.send(['BZPOPMAX', 'k2', '0.05'])).toString('latin1'));
      out.push((await b.send(['BZMPOP', '0.05', '1', 'k2', 'MIN'])).toString('latin1'));
      // Served from the second key, in MULTI (no blocking).
      const third = a.send(['BZPOPMAX', 'k2', 'k3', '0']);
      await new Promise((res) => setTimeout(res, 50));
      out.push((await w.send(['MULTI'])).toString('latin1'));
      await w.send(['ZADD', 'k3', '5', 'five']);
      await w.send(['ZADD', 'k3', '6', 'six']);
      out.push((await w.send(['EXEC'])).toString('latin1'));
      out.push((await third).toString('latin1'));
      // Store commands and ZINCRBY creating the key serve waiters too.
      await w.send(['ZADD', 'src', '1', 'm']);
      const fifth = a.send(['BZPOPMIN', 'k5', '0']);
      const sixth = b.send(['BZPOPMAX', 'k6', '0']);
      await new Promise((res) => setTimeout(res, 50));
      out.push((await w.send(['ZUNIONSTORE', 'k5', '1', 'src'])).toString('latin1'));
      out.push((await fifth).toString('latin1'));
      out.push((await w.send(['ZINCRBY', 'k6', '-0', 'neg'])).toString('latin1'));
      out.push((await sixth).toString('latin1'));
      // A wrong type pushed to a watched key keeps the client waiting.
      const fourth = b.send(['BZPOPMIN', 'k4', '0.2']);
      await new Promise((res) => setTimeout(res, 50));
      await w.send(['SET', 'k4', 'x']);
      out.push((await fourth).toString('latin1'));
    } finally {
      a.close();
      b.close();
      w.close();
    }
    return out;
  }

  it.each([2, 3] as const)('serve in FIFO order and time out like redis-server (RESP%i)', async (resp) => {
    const [theirs, ours] = await Promise.all([scenario(pair.redis.port, resp), scenario(pair.ours.port, resp)]);
    compared += theirs.length;
    expect(ours).toEqual(theirs);
  });
});

describe('ZSCAN over a skiplist, call after call', () => {
  it('returns every member that stays, once the cursor comes back to 0', async () => {
    const client = await RawClient.connect(pair.ours.port);
    try {
      await client.send(['DEL', 'scan']);
      await client.send(['ZADD', 'scan', ...many(500)]);
      const seen = new Set<string>();
      let cursor = '0';
      let calls = 0;
      do {
        const [next, items] = decodeReply(await client.send(['ZSCAN', 'scan', cursor, 'COUNT', '37'])) as [Buffer, Buffer[]];
        cursor = next.toString();
        for (let i = 0; i < items.length; i += 2) seen.add(items[i].toString());
        // Changes between calls: members that move or go must not hide the others.
        if (calls === 2) await client.send(['ZINCRBY', 'scan', '1000', 'm3']);
        if (calls === 3) await client.send(['ZREM', 'scan', 'm400', 'm401']);
        calls++;
      } while (cursor !== '0');
      for (let i = 0; i < 500; i++) if (i !== 400 && i !== 401) expect(seen.has(`m${i}`)).toBe(true);
      expect(calls).toBeGreaterThan(10);
    } finally {
      client.close();
    }
  });
});

describe('SortedSet encoding bookkeeping', () => {
  it('keeps -0 only in a skiplist, clones, and estimates memory', () => {
    expect(new SortedSet().encoding).toBe('skiplist');
    const z = SortedSet.newListpack();
    z.addKey('a', -0);
    expect(Object.is(z.scoreOfKey('a'), 0)).toBe(true);
    z.noteInsert(1, 1, 64);
    expect(z.encoding).toBe('skiplist');
    z.addKey('b', -0);
    expect(Object.is(z.scoreOfKey('b'), -0)).toBe(true);
    const copy = z.clone();
    expect(copy.encoding).toBe('skiplist');
    expect([...copy.entries()].map((e) => e.member.toString())).toEqual(['a', 'b']);
    z.fitListpack(128, 64);
    expect(z.encoding).toBe('listpack');
    expect(Object.is(z.scoreOfKey('b'), 0)).toBe(true);
    expect(z.memoryUsage()).toBeGreaterThan(0);
    expect(copy.memoryUsage()).toBeGreaterThan(z.memoryUsage());
  });
});
