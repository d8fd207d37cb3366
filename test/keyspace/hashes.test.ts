// The hash commands against Debian's redis-server 7.0.15: the same commands to
// both servers over RESP2 and RESP3, replies compared byte for byte. Replies
// Redis leaves in hash-table order (a "hashtable" hash) are compared as
// multisets; random replies (HRANDFIELD) by shape, with membership checked on
// our side. Keyspace events are checked through a keyspace listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerPair, encodeValue, formatMismatches, RawClient, type CommandArg, type DiffInput } from '../harness';
import { decodeReply, RespMap, RespSet, type RespValue } from '../../src/resp/reply-parser';
import { startServer, type RedisModuleHost } from '../../src/index';
import { globMatchBytes, parseScanCursor } from '../../src/commands/hashes';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../../src/keyspace/string';
import { HashValue } from '../../src/keyspace/hash';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
  console.log(`hashes: ${compared} differential replies compared`);
});

/** Runs `commands` (after a FLUSHALL and a config reset) on both servers, RESP2 then RESP3. */
async function same(commands: DiffInput[]): Promise<void> {
  const prelude: DiffInput[] = [
    ['FLUSHALL'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  ];
  for (const resp of [2, 3] as const) {
    const mismatches = await pair.diff([...prelude, ...commands], { resp });
    compared += prelude.length + commands.length;
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  }
}

const concatFrames = (header: string, items: Buffer[]): Buffer => Buffer.concat([Buffer.from(header), ...items]);

/** For replies in hash-table order: arrays and sets sorted by element, maps (and RESP2 field/value arrays when `pairs`) by entry. */
function unordered(pairs = false) {
  return (frame: Buffer): Buffer => {
    const v = decodeReply(frame);
    if (v instanceof RespMap) {
      const entries = v.entries.map(([k, x]) => Buffer.concat([encodeValue(k), encodeValue(x)])).sort(Buffer.compare);
      return concatFrames(`%${v.size}\r\n`, entries);
    }
    if (v instanceof RespSet) return concatFrames(`~${v.items.length}\r\n`, v.items.map(encodeValue).sort(Buffer.compare));
    if (!Array.isArray(v)) return frame;
    if (!pairs) return concatFrames(`*${v.length}\r\n`, v.map(encodeValue).sort(Buffer.compare));
    const grouped: Buffer[] = [];
    for (let i = 0; i + 1 < v.length; i += 2) grouped.push(Buffer.concat([encodeValue(v[i]), encodeValue(v[i + 1])]));
    return concatFrames(`*${v.length}\r\n`, grouped.sort(Buffer.compare));
  };
}

/** For random replies: every string replaced, the structure kept. */
function shape(frame: Buffer): Buffer {
  const walk = (v: RespValue): RespValue => {
    if (Buffer.isBuffer(v)) return Buffer.from('?');
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof RespSet) return new RespSet(v.items.map(walk));
    return v;
  };
  return encodeValue(walk(decodeReply(frame)));
}

/**
 * The keyspace and keyevent messages `script` makes a server publish, in
 * order (notify-keyspace-events KEA), up to a sentinel message.
 */
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

/** INFO stats reduced to its keyspace_hits and keyspace_misses lines. */
function keyspaceStats(frame: Buffer): Buffer {
  return Buffer.from(
    frame
      .toString('latin1')
      .split('\r\n')
      .filter((line) => line.startsWith('keyspace_'))
      .join('\n'),
  );
}

const bin = (...bytes: number[]): Buffer => Buffer.from(bytes);
const long = (n: number, ch = 'x'): string => ch.repeat(n);

describe('hash commands, byte for byte with redis-server', () => {
  it('HSET HGET HMGET HLEN HEXISTS HSTRLEN HKEYS HVALS HGETALL HDEL in listpack order', async () => {
    await same([
      ['HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3'],
      ['HSET', 'h', 'f2', 'new', 'f4', 'v4'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGET', 'h', 'f2'],
      ['HGET', 'h', 'nope'],
      ['HGET', 'nokey', 'f'],
      ['HMGET', 'h', 'f1', 'nope', 'f4'],
      ['HMGET', 'nokey', 'a', 'b'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['HEXISTS', 'h', 'f1'],
      ['HEXISTS', 'h', 'nope'],
      ['HEXISTS', 'nokey', 'f1'],
      ['HSTRLEN', 'h', 'f2'],
      ['HSTRLEN', 'h', 'nope'],
      ['HSTRLEN', 'nokey', 'nope'],
      ['HDEL', 'h', 'f2', 'nope', 'f2'],
      ['HSET', 'h', 'f2', 'back'],
      ['HGETALL', 'h'],
      ['HDEL', 'h', 'f1', 'f3', 'f4', 'f2', 'f5'],
      ['EXISTS', 'h'],
      ['HDEL', 'nokey', 'f'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
      ['HMSET', 'm', 'a', '1', 'b', '2'],
      ['HMSET', 'm', 'a', '3'],
      ['HGETALL', 'm'],
      ['HSETNX', 'm', 'a', 'x'],
      ['HSETNX', 'm', 'c', 'x'],
      ['HSETNX', 'n', 'c', 'x'],
      ['HGETALL', 'm'],
      ['HGETALL', 'n'],
      ['HSET', 'e', '', ''],
      ['HGET', 'e', ''],
      ['HSTRLEN', 'e', ''],
      ['HGETALL', 'e'],
    ]);
  });

  it('arity, syntax and WRONGTYPE errors', async () => {
    await same([
      ['SET', 's', 'x'],
      ['HSET', 'h', 'f'],
      ['HSET', 'h', 'f', 'v', 'g'],
      ['HMSET', 'h', 'f', 'v', 'g'],
      ['hset', 'h'],
      ['HMSET', 'h'],
      ['HSETNX', 'h', 'f'],
      ['HGET', 'h'],
      ['HDEL', 'h'],
      ['HMGET', 'h'],
      ['HGETALL'],
      ['HGETALL', 'a', 'b'],
      ['HSET', 's', 'f', 'v'],
      ['HMSET', 's', 'f', 'v'],
      ['HSETNX', 's', 'f', 'v'],
      ['HGET', 's', 'f'],
      ['HMGET', 's', 'f'],
      ['HDEL', 's', 'f'],
      ['HLEN', 's'],
      ['HEXISTS', 's', 'f'],
      ['HSTRLEN', 's', 'f'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HGETALL', 's'],
      ['HINCRBY', 's', 'f', '1'],
      ['HINCRBY', 's', 'f', 'x'],
      ['HINCRBYFLOAT', 's', 'f', '1'],
      ['HINCRBYFLOAT', 's', 'f', 'x'],
      ['HSCAN', 's', '0'],
      ['HSCAN', 's', 'x'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '1'],
      ['HRANDFIELD', 's', 'x'],
      ['GET', 's'],
    ]);
  });

  it('binary fields and values', async () => {
    await same([
      ['HSET', 'b', bin(0, 1, 2), bin(255, 0, 13, 10), bin(0xff), bin(0), 'a\r\nb', 'c\r\nd'],
      ['HSET', bin(0, 0xfe), bin(0x80), bin(0x7f)],
      ['HGETALL', 'b'],
      ['HGET', 'b', bin(0, 1, 2)],
      ['HGET', 'b', bin(0, 1)],
      ['HMGET', 'b', bin(0xff), 'a\r\nb'],
      ['HSTRLEN', 'b', bin(0, 1, 2)],
      ['HDEL', 'b', bin(0xff)],
      ['HKEYS', 'b'],
      ['HGETALL', bin(0, 0xfe)],
      ['HSCAN', 'b', '0', 'MATCH', bin(0, 42)],
    ]);
  });

  it('HINCRBY: integers, overflow, bad values', async () => {
    await same([
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-7'],
      ['HINCRBY', 'h', 'n', '0'],
      ['HINCRBY', 'h', 'big', '9223372036854775807'],
      ['HINCRBY', 'h', 'big', '1'],
      ['HINCRBY', 'h', 'big', '-1'],
      ['HINCRBY', 'h', 'small', '-9223372036854775808'],
      ['HINCRBY', 'h', 'small', '-1'],
      ['HINCRBY', 'h', 'small', '9223372036854775807'],
      ['HINCRBY', 'h', 'x', '9223372036854775808'],
      ['HINCRBY', 'h', 'x', '1.5'],
      ['HINCRBY', 'h', 'x', ' 1'],
      ['HINCRBY', 'h', 'x', '+1'],
      ['HINCRBY', 'h', 'x', '01'],
      ['HINCRBY', 'h', 'x', ''],
      ['HINCRBY', 'h', 'x', '-0'],
      ['HSET', 'h', 'str', 'abc', 'lead', '007', 'sp', ' 5', 'max', '9007199254740993'],
      ['HINCRBY', 'h', 'str', '1'],
      ['HINCRBY', 'h', 'lead', '1'],
      ['HINCRBY', 'h', 'sp', '1'],
      ['HINCRBY', 'h', 'max', '2'],
      ['HINCRBY', 'h', 'max', '-9007199254740995'],
      ['HINCRBY', 'nokey', 'f', 'x'],
      ['EXISTS', 'nokey'],
      ['HINCRBY', 'h', 'n'],
      ['HGETALL', 'h'],
    ]);
  });

  it('HINCRBYFLOAT: long double sums and formatting, errors', async () => {
    const steps: DiffInput[] = [
      ['HINCRBYFLOAT', 'f', 'a', '10.5'],
      ['HINCRBYFLOAT', 'f', 'a', '0.1'],
      ['HINCRBYFLOAT', 'f', 'a', '-10.6'],
      ['HINCRBYFLOAT', 'f', 'b', '1.23456789012345678901'],
      ['HINCRBYFLOAT', 'f', 'c', '3.0e3'],
      ['HINCRBYFLOAT', 'f', 'c', '1.5E-3'],
      ['HINCRBYFLOAT', 'f', 'd', '1e70'],
      ['HINCRBYFLOAT', 'f', 'd2', '-1e70'],
      ['HINCRBYFLOAT', 'f', 'e', '1e4000'],
      ['HINCRBYFLOAT', 'f', 'e', '1e4000'],
      ['HINCRBYFLOAT', 'f', 'e2', '1e4932'],
      ['HINCRBYFLOAT', 'f', 'e2', '1e4932'],
      ['HINCRBYFLOAT', 'f', 'e3', '1e5000'],
      ['HINCRBYFLOAT', 'f', 'g', '1e-4940'],
      ['HINCRBYFLOAT', 'f', 'g2', '1e-5000'],
      ['HINCRBYFLOAT', 'f', 'g3', '0e-99999999999'],
      ['HINCRBYFLOAT', 'f', 'g4', '1e-99999999999'],
      ['HINCRBYFLOAT', 'f', 'g5', '1e99999999999'],
      ['HINCRBYFLOAT', 'f', 'h', '5e-18'],
      ['HINCRBYFLOAT', 'f', 'h2', '1.5e-17'],
      ['HINCRBYFLOAT', 'f', 'h3', '1e-17'],
      ['HINCRBYFLOAT', 'f', 'h4', '-0.0000000000000000001'],
      ['HINCRBYFLOAT', 'f', 'h5', '-0'],
      ['HINCRBYFLOAT', 'f', 'h6', '-0.5'],
      ['HINCRBYFLOAT', 'f', 'i', '0x1.8p1'],
      ['HINCRBYFLOAT', 'f', 'i2', '0X10'],
      ['HINCRBYFLOAT', 'f', 'i3', '0x.8'],
      ['HINCRBYFLOAT', 'f', 'i4', '0x'],
      ['HINCRBYFLOAT', 'f', 'i5', '0x1p'],
      ['HINCRBYFLOAT', 'f', 'i6', '-0x1p-16445'],
      ['HINCRBYFLOAT', 'f', 'j', '+.5'],
      ['HINCRBYFLOAT', 'f', 'j2', '5.'],
      ['HINCRBYFLOAT', 'f', 'j3', '.'],
      ['HINCRBYFLOAT', 'f', 'j4', '1e'],
      ['HINCRBYFLOAT', 'f', 'j5', ' 1'],
      ['HINCRBYFLOAT', 'f', 'j6', '1 '],
      ['HINCRBYFLOAT', 'f', 'j7', ''],
      ['HINCRBYFLOAT', 'f', 'j8', '1e+2'],
      ['HINCRBYFLOAT', 'f', 'j9', '00012.50'],
      ['HINCRBYFLOAT', 'f', 'k', 'inf'],
      ['HINCRBYFLOAT', 'f', 'k2', '-INFINITY'],
      ['HINCRBYFLOAT', 'f', 'k3', 'nan'],
      ['HINCRBYFLOAT', 'f', 'k4', 'infinit'],
      ['HSET', 'f', 'inf', 'inf', 'str', 'abc', 'int', '41', 'hex', '0x10', 'sp', '2 '],
      ['HINCRBYFLOAT', 'f', 'inf', '1'],
      ['HINCRBYFLOAT', 'f', 'str', '1'],
      ['HINCRBYFLOAT', 'f', 'int', '1.25'],
      ['HINCRBYFLOAT', 'f', 'hex', '1'],
      ['HINCRBYFLOAT', 'f', 'sp', '1'],
      ['HINCRBYFLOAT', 'f', 'l', long(5119, '1')],
      ['HINCRBYFLOAT', 'f', 'l2', long(5120, '1')],
      ['HINCRBYFLOAT', 'f', 'l3', '0.' + long(4000, '0') + '1'],
      ['HINCRBYFLOAT', 'f', 'l3', '1'],
      ['HINCRBYFLOAT', 'f', 'a'],
      ['HINCRBYFLOAT', 'nokey', 'a', 'x'],
      ['EXISTS', 'nokey'],
      ['OBJECT', 'ENCODING', 'f'],
      { args: ['HGETALL', 'f'], normalize: unordered(true) },
    ];
    for (const [a, b] of [
      ['0.1', '0.2'],
      ['1', '-0.9'],
      ['3.14159', '2.71828'],
      ['123456789.123456789', '0.000000001'],
      ['-5', '5'],
      ['1e-10', '1e10'],
      ['9999999999999999999', '1'],
      ['0.3', '-0.1'],
    ]) {
      steps.push(['HINCRBYFLOAT', 'sum', `${a}+${b}`, a], ['HINCRBYFLOAT', 'sum', `${a}+${b}`, b]);
    }
    await same(steps);
  });

  it('OBJECT ENCODING: listpack until a limit, then hashtable for good', async () => {
    await same([
      ['HSET', 'a', 'f', long(64)],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'f', long(65)],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'f', 'short'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', long(65), 'v'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'c', 'f', 'v', 'g', long(65)],
      ['OBJECT', 'ENCODING', 'c'],
      ['HINCRBY', 'd', long(65), '1'],
      ['OBJECT', 'ENCODING', 'd'],
      ['HINCRBYFLOAT', 'e', 'f', '1e70'],
      ['OBJECT', 'ENCODING', 'e'],
      ['HSET', 'g', 'f', 'v'],
      ['HSETNX', 'g', 'f', long(65)],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSETNX', 'g', 'g', long(65)],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSETNX', 'g2', long(65), 'v'],
      ['OBJECT', 'ENCODING', 'g2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'a', '3'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'c', '3'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'z', 'a', '1'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '3'],
      ['HSET', 'v', 'abc', 'def'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'v', 'abcd', 'e'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'w', 'abc', '1'],
      ['HINCRBY', 'w', 'abc', '1000'],
      ['OBJECT', 'ENCODING', 'w'],
    ]);
  });

  it('a big hash (hashtable): replies compared as multisets', async () => {
    const fields: CommandArg[] = ['HSET', 'big'];
    for (let i = 0; i < 600; i++) fields.push(`field:${i}`, `value:${i * 7}`);
    await same([
      fields,
      ['OBJECT', 'ENCODING', 'big'],
      ['HLEN', 'big'],
      { args: ['HGETALL', 'big'], normalize: unordered(true) },
      { args: ['HKEYS', 'big'], normalize: unordered() },
      { args: ['HVALS', 'big'], normalize: unordered() },
      ['HDEL', 'big', 'field:0', 'field:599', 'field:300', 'nope'],
      { args: ['HGETALL', 'big'], normalize: unordered(true) },
      ['HGET', 'big', 'field:42'],
      ['HMGET', 'big', 'field:1', 'field:0', 'field:598'],
      ['HINCRBY', 'big', 'field:1', '1'],
      { args: ['HRANDFIELD', 'big', '600'], normalize: unordered() },
      { args: ['HRANDFIELD', 'big', '1000', 'WITHVALUES'], normalize: unordered() },
      { args: ['HRANDFIELD', 'big', '597'], normalize: unordered() },
      { args: ['HRANDFIELD', 'big', '5'], normalize: shape },
      { args: ['HRANDFIELD', 'big', '500', 'WITHVALUES'], normalize: shape },
      { args: ['HRANDFIELD', 'big', '-5', 'WITHVALUES'], normalize: shape },
      { args: ['HRANDFIELD', 'big'], normalize: shape },
    ]);
  });

  it('HRANDFIELD: counts, WITHVALUES, RESP3 pairs, errors', async () => {
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['HRANDFIELD', 'h', '4'],
      ['HRANDFIELD', 'h', '10', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '10', 'withvalues'],
      ['HRANDFIELD', 'h', '0'],
      ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '-0'],
      { args: ['HRANDFIELD', 'h'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '1'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '3'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '2', 'WITHVALUES'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '-1'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '-10'], normalize: shape },
      { args: ['HRANDFIELD', 'h', '-10', 'WITHVALUES'], normalize: shape },
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '5'],
      ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', 'x'],
      ['HRANDFIELD', 'h', 'x'],
      ['HRANDFIELD', 'h', '1.5'],
      ['HRANDFIELD', 'h', '-9223372036854775808'],
      ['HRANDFIELD', 'h', '-9223372036854775809'],
      ['HRANDFIELD', 'h', '9223372036854775807'],
      ['HRANDFIELD', 'h', '1', 'foo'],
      ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', 'x', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', 'x', 'foo'],
      ['HRANDFIELD'],
    ]);
  });

  it('HSCAN of a listpack hash: everything at once, MATCH and COUNT, cursor errors', async () => {
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2', 'ab', '3', 'a*', '4', 'x?y', '5', '', '6', 'A', '7', 'é', '8', '[', '9'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'MATCH', '*'],
      ['HSCAN', 'h', '0', 'MATCH', '**'],
      ['HSCAN', 'h', '0', 'MATCH', ''],
      ['HSCAN', 'h', '0', 'MATCH', 'a\\*'],
      ['HSCAN', 'h', '0', 'MATCH', '?'],
      ['HSCAN', 'h', '0', 'MATCH', '[a-b]*'],
      ['HSCAN', 'h', '0', 'MATCH', '[^a]'],
      ['HSCAN', 'h', '0', 'MATCH', '[b-a]'],
      ['HSCAN', 'h', '0', 'MATCH', '[\\[]'],
      ['HSCAN', 'h', '0', 'MATCH', '['],
      ['HSCAN', 'h', '0', 'MATCH', '[a'],
      ['HSCAN', 'h', '0', 'MATCH', 'x[?]y'],
      ['HSCAN', 'h', '0', 'MATCH', '*b'],
      ['HSCAN', 'h', '0', 'MATCH', '*\\'],
      ['HSCAN', 'h', '0', 'MATCH', Buffer.from([0x5b, 0x80, 0x2d, 0xff, 0x5d])],
      ['HSCAN', 'h', '0', 'MATCH', 'a*', 'COUNT', '100', 'MATCH', 'b'],
      ['HSCAN', 'h', '0', 'match', 'a', 'count', '5'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'MATCH'],
      ['HSCAN', 'h', '0', 'TYPE', 'string'],
      ['HSCAN', 'h', '0', 'FOO', 'bar'],
      ['HSCAN', 'h', '5'],
      ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '+0'],
      ['HSCAN', 'h', ''],
      ['HSCAN', 'h', '18446744073709551615'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', ' 0'],
      ['HSCAN', 'h', '0x'],
      ['HSCAN', 'h', '-'],
      ['HSCAN', 'nokey', '0'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'],
      ['HSCAN', 'nokey', 'x'],
      ['HSCAN', 'h'],
    ]);
  });

  it('keyspace hits and misses count as in Redis (read and write lookups)', async () => {
    await same([
      ['CONFIG', 'RESETSTAT'],
      ['HSET', 'h', 'a', '1'],
      ['HGET', 'h', 'a'],
      ['HGET', 'x', 'a'],
      ['HMGET', 'h', 'a'],
      ['HEXISTS', 'x', 'a'],
      ['HSTRLEN', 'h', 'a'],
      ['HGETALL', 'h'],
      ['HKEYS', 'x'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBYFLOAT', 'x', 'n', '1'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'y', '0'],
      { args: ['HRANDFIELD', 'h', '1'], normalize: shape },
      ['HDEL', 'h', 'zz'],
      ['HSETNX', 'h', 'c', '3'],
      ['HLEN', 'z'],
      { args: ['INFO', 'stats'], normalize: keyspaceStats },
    ]);
  });

  it('WATCH: hash writes invalidate, no-op writes do not', async () => {
    const watched = (cmd: CommandArg[]): DiffInput[] => [['WATCH', 'h'], cmd, ['MULTI'], ['PING'], ['EXEC']];
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ...watched(['HSET', 'h', 'a', '2']),
      ...watched(['HSET', 'h', 'new', '1']),
      ...watched(['HSETNX', 'h', 'a', '9']),
      ...watched(['HSETNX', 'h', 'c', '9']),
      ...watched(['HDEL', 'h', 'nope']),
      ...watched(['HDEL', 'h', 'c']),
      ...watched(['HINCRBY', 'h', 'a', '1']),
      ...watched(['HINCRBYFLOAT', 'h', 'a', '1.5']),
      ...watched(['HINCRBY', 'h', 'b', 'x']),
      ...watched(['HGET', 'h', 'a']),
      ...watched(['HDEL', 'h', 'a', 'b', 'new']),
      ...watched(['HSET', 'h', 'a', '1']),
    ]);
  });

  it('keyspace notifications over pub/sub', async () => {
    const script: CommandArg[][] = [
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '1'],
      ['HSETNX', 'h', 'a', '1'],
      ['HSETNX', 'h', 'c', '1'],
      ['HMSET', 'h', 'd', '1'],
      ['HINCRBY', 'h', 'a', '5'],
      ['HINCRBY', 'h', 'b', 'x'],
      ['HINCRBYFLOAT', 'h', 'a', '0.5'],
      ['HINCRBYFLOAT', 'h', 'a', 'x'],
      ['HDEL', 'h', 'nope'],
      ['HDEL', 'h', 'a', 'b'],
      ['HDEL', 'h', 'c', 'd'],
      ['HGET', 'h', 'a'],
    ];
    const [redis, ours] = await Promise.all([
      notifications(pair.redis.port, script),
      notifications(pair.ours.port, script),
    ]);
    expect(redis.length).toBeGreaterThan(10);
    expect(ours).toEqual(redis);
    compared += 2 * script.length;
  });

  it('HSCAN of a hashtable hash returns every field across the iteration', async () => {
    const fields: CommandArg[] = ['HSET', 'big'];
    for (let i = 0; i < 1000; i++) fields.push(`f${i}`, `v${i}`);
    const collect = async (port: number, args: CommandArg[]): Promise<string[]> => {
      const client = await RawClient.connect(port);
      try {
        await client.send(fields);
        const seen: string[] = [];
        let cursor = '0';
        let rounds = 0;
        do {
          const reply = decodeReply(await client.send(['HSCAN', 'big', cursor, ...args])) as RespValue[];
          cursor = (reply[0] as Buffer).toString();
          const items = reply[1] as Buffer[];
          for (let i = 0; i < items.length; i += 2) seen.push(`${items[i]}=${items[i + 1]}`);
          rounds++;
        } while (cursor !== '0' && rounds < 10000);
        await client.send(['DEL', 'big']);
        return [...new Set(seen)].sort();
      } finally {
        client.close();
      }
    };
    for (const args of [[], ['COUNT', '7'], ['MATCH', 'f1*', 'COUNT', '50']] as CommandArg[][]) {
      const [redis, ours] = await Promise.all([collect(pair.redis.port, args), collect(pair.ours.port, args)]);
      expect(ours).toEqual(redis);
      compared += 2;
    }
  });
});

describe('hash random replies hold real fields', () => {
  let host: RedisModuleHost;
  beforeAll(async () => {
    host = await startServer();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('HRANDFIELD picks distinct fields for positive counts, any for negative', async () => {
    const args: string[] = [];
    for (let i = 0; i < 20; i++) args.push(`f${i}`, `v${i}`);
    await host.call('HSET', 'small', ...args);
    const big: string[] = [];
    for (let i = 0; i < 1000; i++) big.push(`f${i}`, `v${i}`);
    await host.call('HSET', 'big', ...big);
    for (const key of ['small', 'big']) {
      const size = key === 'small' ? 20 : 1000;
      for (const count of [1, 3, 7, 19, 250, 999]) {
        if (count >= size) continue;
        const reply = (await host.call('HRANDFIELD', key, count, 'WITHVALUES')) as Buffer[];
        expect(reply.length).toBe(count * 2);
        const names = new Set<string>();
        for (let i = 0; i < reply.length; i += 2) {
          const field = reply[i].toString();
          expect(reply[i + 1].toString()).toBe('v' + field.slice(1));
          names.add(field);
        }
        expect(names.size).toBe(count);
      }
      const repeated = (await host.call('HRANDFIELD', key, -50)) as Buffer[];
      expect(repeated.length).toBe(50);
      for (const f of repeated) expect(Number(f.toString().slice(1))).toBeLessThan(size);
    }
  });

  it('emits Redis keyspace events in order', async () => {
    const events: string[] = [];
    const stop = host.server.keyspace.listen({
      notify(_cls, event, key) {
        events.push(`${event}:${key.toString()}`);
      },
    });
    try {
      await host.call('FLUSHALL');
      events.length = 0;
      await host.call('HSET', 'h', 'a', '1');
      await host.call('HSETNX', 'h', 'a', '1');
      await host.call('HSETNX', 'h', 'b', '1');
      await host.call('HMSET', 'h', 'c', '1');
      await host.call('HINCRBY', 'h', 'a', '1');
      await host.call('HINCRBYFLOAT', 'h', 'a', '1');
      await host.call('HDEL', 'h', 'nope');
      await host.call('HDEL', 'h', 'a', 'b');
      await host.call('HDEL', 'h', 'c');
      await expect(host.call('HINCRBY', 'h', 'x', 'y')).rejects.toThrow();
      expect(events).toEqual([
        'hset:h',
        'hset:h',
        'hset:h',
        'hincrby:h',
        'hincrbyfloat:h',
        'hdel:h',
        'hdel:h',
        'del:h',
      ]);
    } finally {
      stop();
    }
  });

  it('COPY clones, MEMORY-style estimates grow with content', () => {
    const limits = { maxListpackEntries: 512, maxListpackValue: 64 };
    const hash = new HashValue();
    hash.set(Buffer.from('a'), Buffer.from('1'), limits);
    const small = hash.memoryUsage();
    for (let i = 0; i < 100; i++) hash.set(Buffer.from(`f${i}`), Buffer.from('x'.repeat(40)), limits);
    expect(hash.memoryUsage()).toBeGreaterThan(small);
    const copy = hash.clone();
    copy.delete(Buffer.from('a'));
    expect(hash.get(Buffer.from('a'))?.toString()).toBe('1');
    expect(copy.size).toBe(hash.size - 1);
    expect(copy.encoding).toBe('listpack');
    expect([...copy.fields].map(String)).toEqual([...hash.fields].slice(1).map(String));
  });
});

describe('HashValue bookkeeping', () => {
  it('random sets and deletes agree with a Map (order kept while listpack)', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (const limits of [
      { maxListpackEntries: 512, maxListpackValue: 64 },
      { maxListpackEntries: 20, maxListpackValue: 64 },
    ]) {
      const hash = new HashValue();
      const model = new Map<string, string>();
      for (let step = 0; step < 4000; step++) {
        const field = `f${rand(40)}`;
        if (rand(3) === 0) {
          expect(hash.delete(Buffer.from(field))).toBe(model.delete(field));
        } else {
          const value = `v${step}`;
          expect(hash.set(Buffer.from(field), Buffer.from(value), limits)).toBe(!model.has(field));
          model.set(field, value);
        }
        expect(hash.size).toBe(model.size);
        if (step % 50 === 0) {
          for (const [f, v] of model) expect(hash.get(Buffer.from(f))?.toString()).toBe(v);
          const fields = hash.fields.map(String);
          if (hash.encoding === 'listpack') expect(fields).toEqual([...model.keys()]);
          else expect([...fields].sort()).toEqual([...model.keys()].sort());
          for (let i = 0; i < hash.size; i++) expect(hash.get(hash.fieldAt(i))).toBe(hash.valueAt(i));
        }
      }
      expect(hash.encoding).toBe(limits.maxListpackEntries === 20 ? 'hashtable' : 'listpack');
    }
  });
});

describe('helpers', () => {
  // HINCRBYFLOAT shares INCRBYFLOAT's 80-bit long double (src/keyspace/string.ts).
  it('long double parsing, sums and %.17Lf', () => {
    const ld = (s: string) => {
      const v = parseLongDouble(Buffer.from(s));
      if (v === null || v.infinite) throw new Error(`not finite: ${s}`);
      return v;
    };
    const text = (v: ReturnType<typeof ld> | null) => (v === null ? null : formatLongDouble(v).toString('latin1'));
    expect(text(ld('0.1'))).toBe('0.1');
    expect(text(addLongDouble(ld('10.5'), ld('0.1')))).toBe('10.6');
    expect(text(ld('-0'))).toBe('0');
    expect(text(ld('-1.5'))).toBe('-1.5');
    expect(parseLongDouble(Buffer.from('nan'))).toBeNull();
    expect(parseLongDouble(Buffer.from('inf'))?.infinite).toBe(true);
    expect(parseLongDouble(Buffer.from('-Infinity'))).toMatchObject({ infinite: true, negative: true });
  });

  it('SCAN cursors as strtoul reads them', () => {
    expect(parseScanCursor(Buffer.from(''))).toBe(0n);
    expect(parseScanCursor(Buffer.from('-1'))).toBe(18446744073709551615n);
    expect(parseScanCursor(Buffer.from('18446744073709551616'))).toBeNull();
    expect(parseScanCursor(Buffer.from(' 1'))).toBeNull();
  });

  it('glob matching as stringmatchlen', () => {
    const m = (p: string, s: string) => globMatchBytes(Buffer.from(p, 'latin1'), Buffer.from(s, 'latin1'));
    expect(m('*', '')).toBe(false);
    expect(m('a*', 'a')).toBe(true);
    expect(m('h?llo', 'hello')).toBe(true);
    expect(m('h[^e]llo', 'hello')).toBe(false);
    expect(m('h[a-b]llo', 'hbllo')).toBe(true);
    expect(m('a\\*', 'a*')).toBe(true);
    expect(m('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(60))).toBe(false);
  });
});
