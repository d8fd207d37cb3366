// The set commands against Debian's redis-server 7.0.15: the same commands to
// both servers over RESP2 and RESP3, replies compared byte for byte. Replies
// Redis leaves in hash-table order (a "hashtable" set) are compared as
// multisets; random replies (SPOP, SRANDMEMBER) by shape, with membership
// checked on our side. Keyspace events are checked through a keyspace listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerPair, encodeValue, formatMismatches, RawClient, type CommandArg, type DiffInput } from '../harness';
import { decodeReply, RespSet, type RespValue } from '../../src/resp/reply-parser';
import { startServer, type RedisModuleHost } from '../../src/index';
import { SetValue, memberInteger } from '../../src/keyspace/set';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
  console.log(`sets: ${compared} differential replies compared`);
});

/** Runs `commands` (after a FLUSHALL and a config reset) on both servers, RESP2 then RESP3. */
async function same(commands: DiffInput[]): Promise<void> {
  const prelude: DiffInput[] = [['FLUSHALL'], ['CONFIG', 'SET', 'set-max-intset-entries', '512']];
  for (const resp of [2, 3] as const) {
    const mismatches = await pair.diff([...prelude, ...commands], { resp });
    compared += prelude.length + commands.length;
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  }
}

const concatFrames = (header: string, items: Buffer[]): Buffer => Buffer.concat([Buffer.from(header), ...items]);

/** For replies in hash-table order: array and set elements sorted. */
function unordered(frame: Buffer): Buffer {
  const v = decodeReply(frame);
  if (v instanceof RespSet) return concatFrames(`~${v.items.length}\r\n`, v.items.map(encodeValue).sort(Buffer.compare));
  if (Array.isArray(v)) return concatFrames(`*${v.length}\r\n`, v.map(encodeValue).sort(Buffer.compare));
  return frame;
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

const u = (args: CommandArg[]): DiffInput => ({ args, normalize: unordered });
const s = (args: CommandArg[]): DiffInput => ({ args, normalize: shape });
const bin = (...bytes: number[]): Buffer => Buffer.from(bytes);

describe('set commands, byte for byte with redis-server', () => {
  it('SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD on intsets (ascending order)', async () => {
    await same([
      ['SADD', 's', '5', '-3', '100', '0', '7', '5', '-9223372036854775808', '9223372036854775807'],
      ['SMEMBERS', 's'],
      ['OBJECT', 'ENCODING', 's'],
      ['SCARD', 's'],
      ['SISMEMBER', 's', '7'],
      ['SISMEMBER', 's', '07'],
      ['SISMEMBER', 's', '-0'],
      ['SISMEMBER', 's', 'x'],
      ['SISMEMBER', 's', '9223372036854775808'],
      ['SMISMEMBER', 's', '0', '1', '100', 'abc', '-3'],
      ['SREM', 's', '100', '100', '1', 'x'],
      ['SMEMBERS', 's'],
      ['SSCAN', 's', '0'],
      ['SSCAN', 's', '0', 'MATCH', '*7'],
      ['SADD', 's', '1'],
      ['SADD', 's', '2', '3'],
      ['SMEMBERS', 's'],
      ['SREM', 's', '5', '-3', '0', '7', '1', '2', '3', '-9223372036854775808', '9223372036854775807'],
      ['EXISTS', 's'],
      ['SREM', 's', 'a'],
      ['SMEMBERS', 'nokey'],
      ['SCARD', 'nokey'],
      ['SISMEMBER', 'nokey', 'a'],
      ['SMISMEMBER', 'nokey', 'a', 'b'],
      ['SADD', 'edge', '9007199254740993', '9007199254740992', '-9007199254740993', '9007199254740991'],
      ['SMEMBERS', 'edge'],
      ['SISMEMBER', 'edge', '9007199254740993'],
      ['SISMEMBER', 'edge', '9007199254740994'],
      ['SREM', 'edge', '9007199254740992'],
      ['SMEMBERS', 'edge'],
    ]);
  });

  it('OBJECT ENCODING: intset until a non-integer or too many, then hashtable for good', async () => {
    await same([
      ['SADD', 'a', '1', '2', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SREM', 'a', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SADD', 'b', 'x', '1'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SADD', 'c', '-0'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SADD', 'd', '01'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SADD', 'e', '+1'],
      ['OBJECT', 'ENCODING', 'e'],
      ['SADD', 'f', '9223372036854775808'],
      ['OBJECT', 'ENCODING', 'f'],
      ['SADD', 'g', ' 1'],
      ['OBJECT', 'ENCODING', 'g'],
      ['SADD', 'g2', ''],
      ['OBJECT', 'ENCODING', 'g2'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
      ['SADD', 'h', '1', '2'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SADD', 'h', '2'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SADD', 'h', '3'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SREM', 'h', '3', '2'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SADD', 'i', '5', '6', '7', '8'],
      ['OBJECT', 'ENCODING', 'i'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '0'],
      ['SADD', 'z', '1'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
      // Results of the store commands are built member by member, as Redis builds them.
      ['SUNIONSTORE', 'u', 'a'],
      ['OBJECT', 'ENCODING', 'u'],
      ['SMEMBERS', 'u'],
      ['SINTERSTORE', 'v', 'a', 'a'],
      ['OBJECT', 'ENCODING', 'v'],
      ['SDIFFSTORE', 'w', 'a', 'nokey'],
      ['OBJECT', 'ENCODING', 'w'],
      ['SMOVE', 'a', 'new', '1'],
      ['OBJECT', 'ENCODING', 'new'],
      ['SMOVE', 'b', 'new2', 'x'],
      ['OBJECT', 'ENCODING', 'new2'],
      ['SMOVE', 'b', 'new', 'x'],
      ['OBJECT', 'ENCODING', 'new'],
    ]);
  });

  it('SDIFFSTORE keeps the encoding of the algorithm Redis picks', async () => {
    const many: CommandArg[] = ['SADD', 'many'];
    for (let i = 0; i < 600; i++) many.push(String(i));
    const most: CommandArg[] = ['SADD', 'most'];
    for (let i = 0; i < 595; i++) most.push(String(i));
    const mostBig: CommandArg[] = ['SADD', 'mostbig'];
    for (let i = 0; i < 2000; i++) mostBig.push(String(i));
    await same([
      many,
      most,
      mostBig,
      ['SDIFFSTORE', 'd1', 'many', 'most'],
      ['OBJECT', 'ENCODING', 'd1'],
      ['SMEMBERS', 'd1'],
      ['SDIFFSTORE', 'd2', 'many', 'mostbig'],
      ['OBJECT', 'ENCODING', 'd2'],
      ['SDIFFSTORE', 'd3', 'many', 'mostbig', 'nokey', 'most'],
      ['OBJECT', 'ENCODING', 'd3'],
      ['SADD', 'x', '1', '2', '3'],
      ['SADD', 'y', '1', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
      ['SDIFFSTORE', 'd4', 'x', 'y'],
      ['OBJECT', 'ENCODING', 'd4'],
      ['SMEMBERS', 'd4'],
      ['SDIFF', 'x', 'x'],
      ['SDIFF', 'x', 'y', 'x'],
      ['SDIFFSTORE', 'x', 'x', 'y'],
      ['SMEMBERS', 'x'],
      ['SUNIONSTORE', 'm2', 'many'],
      ['OBJECT', 'ENCODING', 'm2'],
      ['SREM', 'many', ...Array.from({ length: 590 }, (_, i) => String(i))],
      ['OBJECT', 'ENCODING', 'many'],
      ['SUNIONSTORE', 'm3', 'many'],
      ['OBJECT', 'ENCODING', 'm3'],
      ['SMEMBERS', 'm3'],
      ['SUNION', 'many'],
      u(['SINTER', 'many', 'most']),
      ['SPOP', 'many', '100'],
      ['EXISTS', 'many'],
    ]);
  });

  it('SINTER SUNION SDIFF and their STORE forms: missing keys, WRONGTYPE, destinations', async () => {
    await same([
      ['SADD', 'a', '1', '2', '3', '4'],
      ['SADD', 'b', '3', '4', '5'],
      ['SADD', 'c', 'x', 'y', '3'],
      ['SET', 'str', 'v'],
      ['SINTER', 'a', 'b'],
      ['SINTER', 'b', 'a'],
      ['SINTER', 'a'],
      ['SINTER', 'a', 'a'],
      ['SINTER', 'a', 'nokey'],
      ['SINTER', 'nokey', 'a'],
      ['SINTER', 'nokey', 'str'],
      ['SINTER', 'str', 'nokey'],
      ['SINTER', 'a', 'str'],
      ['SUNION', 'a', 'b'],
      ['SUNION', 'a', 'nokey'],
      ['SUNION', 'nokey'],
      ['SUNION', 'nokey', 'str'],
      u(['SUNION', 'a', 'c']),
      ['SDIFF', 'a', 'b'],
      ['SDIFF', 'b', 'a'],
      ['SDIFF', 'a', 'nokey'],
      ['SDIFF', 'nokey', 'a'],
      ['SDIFF', 'nokey', 'str'],
      ['SDIFF', 'a', 'str'],
      u(['SDIFF', 'c', 'a']),
      ['SINTER', 'a', 'c'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SMEMBERS', 'd'],
      ['SINTERSTORE', 'd', 'a', 'nokey'],
      ['EXISTS', 'd'],
      ['SET', 'd', 'string'],
      ['EXPIRE', 'd', '100'],
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['TTL', 'd'],
      ['TYPE', 'd'],
      ['SMEMBERS', 'd'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
      ['EXISTS', 'd'],
      ['SDIFFSTORE', 'd', 'nokey'],
      ['SUNIONSTORE', 'd', 'nokey'],
      ['SINTERSTORE', 'str', 'nokey'],
      ['GET', 'str'],
      ['SET', 'str', 'v'],
      ['SINTERSTORE', 'd', 'str'],
      ['SUNIONSTORE', 'd', 'a', 'str'],
      ['SDIFFSTORE', 'd', 'a', 'str'],
      ['SUNIONSTORE', 'str', 'a'],
      ['TYPE', 'str'],
      ['SINTERSTORE', 'a', 'a', 'b'],
      ['SMEMBERS', 'a'],
      u(['SUNIONSTORE', 'cc', 'c', 'c']),
      u(['SMEMBERS', 'cc']),
      ['SINTER'],
      ['SINTERSTORE', 'd'],
      ['SUNIONSTORE', 'd'],
      ['SDIFF'],
    ]);
  });

  it('SINTERCARD: numkeys and LIMIT errors, limits', async () => {
    await same([
      ['SADD', 'a', '1', '2', '3', '4', '5'],
      ['SADD', 'b', '2', '3', '4', '5', '6'],
      ['SET', 'str', 'v'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SINTERCARD', '1', 'a'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '2'],
      ['SINTERCARD', '2', 'a', 'b', 'limit', '10'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1', 'LIMIT', '3'],
      ['SINTERCARD', '2', 'a', 'nokey'],
      ['SINTERCARD', '2', 'nokey', 'str'],
      ['SINTERCARD', '2', 'str', 'nokey'],
      ['SINTERCARD', '0', 'a'],
      ['SINTERCARD', '-1', 'a'],
      ['SINTERCARD', 'x', 'a'],
      ['SINTERCARD', '3', 'a', 'b'],
      ['SINTERCARD', '9223372036854775807', 'a'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
      ['SINTERCARD', '1', 'a', 'LIMIT'],
      ['SINTERCARD', '1', 'a', 'FOO', '1'],
      ['SINTERCARD', '1', 'a', 'b'],
      ['SINTERCARD', '1'],
    ]);
  });

  it('SPOP and SRANDMEMBER: counts, empty and missing keys, errors', async () => {
    await same([
      ['SADD', 's', '5', '3', '1', '4', '2', '10', '7'],
      ['SRANDMEMBER', 's', '7'],
      ['SRANDMEMBER', 's', '100'],
      ['SRANDMEMBER', 's', '0'],
      s(['SRANDMEMBER', 's']),
      s(['SRANDMEMBER', 's', '1']),
      s(['SRANDMEMBER', 's', '2']),
      s(['SRANDMEMBER', 's', '6']),
      s(['SRANDMEMBER', 's', '-3']),
      s(['SRANDMEMBER', 's', '-30']),
      ['SRANDMEMBER', 'nokey'],
      ['SRANDMEMBER', 'nokey', '3'],
      ['SRANDMEMBER', 'nokey', '-3'],
      ['SRANDMEMBER', 's', 'x'],
      ['SRANDMEMBER', 'nokey', 'x'],
      ['SRANDMEMBER', 's', '-9223372036854775808'],
      ['SRANDMEMBER', 's', '1', '2'],
      ['SPOP', 's', '0'],
      ['SPOP', 's', '-1'],
      ['SPOP', 's', 'x'],
      ['SPOP', 'nokey', '-1'],
      ['SPOP', 's', '1', '2'],
      ['SPOP', 'nokey'],
      ['SPOP', 'nokey', '3'],
      s(['SPOP', 's']),
      ['SCARD', 's'],
      s(['SPOP', 's', '2']),
      ['SCARD', 's'],
      s(['SPOP', 's', '1']),
      ['SCARD', 's'],
      s(['SPOP', 's', '3']),
      ['SCARD', 's'],
      s(['SPOP', 's']),
      ['EXISTS', 's'],
      ['SADD', 'all', 'a', 'b', 'c', '1'],
      u(['SPOP', 'all', '4']),
      ['EXISTS', 'all'],
      ['SADD', 'ints', '3', '2', '1'],
      ['SPOP', 'ints', '10'],
      ['EXISTS', 'ints'],
      ['SADD', 'big', ...Array.from({ length: 300 }, (_, i) => `m${i}`)],
      s(['SPOP', 'big', '10']),
      s(['SPOP', 'big', '250']),
      ['SCARD', 'big'],
      s(['SRANDMEMBER', 'big', '30']),
      s(['SRANDMEMBER', 'big', '40']),
      ['SET', 'str', 'v'],
      ['SPOP', 'str'],
      ['SPOP', 'str', '1'],
      ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '1'],
    ]);
  });

  it('SMOVE: sources, destinations, same key, WRONGTYPE', async () => {
    await same([
      ['SADD', 'a', '1', '2', 'x'],
      ['SADD', 'b', '3'],
      ['SET', 'str', 'v'],
      ['SMOVE', 'a', 'b', '1'],
      ['SMOVE', 'a', 'b', '1'],
      ['SMOVE', 'a', 'b', 'nope'],
      ['SMEMBERS', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SMOVE', 'a', 'b', 'x'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SMOVE', 'a', 'a', '2'],
      ['SMOVE', 'a', 'a', '9'],
      ['SMOVE', 'a', 'c', '2'],
      ['EXISTS', 'a'],
      ['SMEMBERS', 'c'],
      ['SMOVE', 'nokey', 'str', 'a'],
      ['SMOVE', 'str', 'nokey', 'a'],
      ['SMOVE', 'c', 'str', '2'],
      ['SMOVE', 'c', 'str', 'nope'],
      ['SMOVE', 'c', 'b', '2'],
      u(['SMEMBERS', 'b']),
      ['SMOVE', 'a', 'b'],
    ]);
  });

  it('binary members, arity and WRONGTYPE errors', async () => {
    await same([
      ['SADD', 'b', bin(0), bin(0, 0), bin(255, 13, 10), '', 'a\r\nb'],
      u(['SMEMBERS', 'b']),
      ['SISMEMBER', 'b', bin(0, 0)],
      ['SISMEMBER', 'b', ''],
      ['SMISMEMBER', 'b', bin(0), bin(1), ''],
      ['SREM', 'b', bin(0)],
      ['SCARD', 'b'],
      ['SSCAN', 'b', '0', 'MATCH', bin(255, 42)],
      ['SET', 'str', 'v'],
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SMEMBERS', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SCARD', 'str'],
      ['SSCAN', 'str', '0'],
      ['SSCAN', 'str', 'x'],
      ['SADD', 'x'],
      ['SREM', 'x'],
      ['SMEMBERS'],
      ['SISMEMBER', 'x'],
      ['SMISMEMBER', 'x'],
      ['SCARD'],
      ['SPOP'],
      ['SRANDMEMBER'],
    ]);
  });

  it('SSCAN of an intset: everything at once; options and cursor errors', async () => {
    await same([
      ['SADD', 's', '10', '1', '100', '11', '-1'],
      ['SSCAN', 's', '0'],
      ['SSCAN', 's', '0', 'COUNT', '1'],
      ['SSCAN', 's', '0', 'MATCH', '1*'],
      ['SSCAN', 's', '0', 'MATCH', '-?'],
      ['SSCAN', 's', '0', 'MATCH', '[0-1]0'],
      ['SSCAN', 's', '7'],
      ['SSCAN', 's', '0', 'COUNT', '0'],
      ['SSCAN', 's', '0', 'COUNT', 'x'],
      ['SSCAN', 's', '0', 'MATCH'],
      ['SSCAN', 's', '0', 'TYPE', 'set'],
      ['SSCAN', 's', 'x'],
      ['SSCAN', 's', '-5'],
      ['SSCAN', 'nokey', '0', 'COUNT', '0'],
      ['SSCAN', 'nokey', '-'],
      ['SSCAN', 's'],
    ]);
  });

  it('keyspace hits and misses count as in Redis (read and write lookups)', async () => {
    await same([
      ['CONFIG', 'RESETSTAT'],
      ['SADD', 's', 'a', 'b'],
      ['SREM', 'y', 'zz'],
      u(['SMEMBERS', 's']),
      ['SISMEMBER', 'y', 'a'],
      ['SMISMEMBER', 's', 'a'],
      ['SCARD', 's'],
      u(['SRANDMEMBER', 's', '5']),
      ['SMOVE', 's', 't', 'a'],
      ['SMOVE', 'y', 't', 'a'],
      ['SPOP', 'y'],
      ['SINTERCARD', '2', 's', 'y'],
      u(['SUNION', 's', 'y']),
      ['SDIFF', 'y', 's'],
      ['SINTERSTORE', 'd', 's', 'y'],
      ['SUNIONSTORE', 'd', 'y', 's'],
      ['SDIFFSTORE', 'd', 's', 'y'],
      ['SSCAN', 'y', '0'],
      { args: ['INFO', 'stats'], normalize: keyspaceStats },
    ]);
  });

  it('WATCH: set writes invalidate, no-op writes do not', async () => {
    const watched = (key: string, cmd: DiffInput): DiffInput[] => [['WATCH', key], cmd, ['MULTI'], ['PING'], ['EXEC']];
    await same([
      ['SADD', 's', 'a', 'b', 'c'],
      ['SADD', 't', 'z'],
      ...watched('s', ['SADD', 's', 'a']),
      ...watched('s', ['SADD', 's', 'd']),
      ...watched('s', ['SREM', 's', 'nope']),
      ...watched('s', ['SREM', 's', 'd']),
      ...watched('s', ['SMOVE', 's', 't', 'nope']),
      ...watched('t', ['SMOVE', 's', 't', 'a']),
      ...watched('s', ['SMOVE', 'u', 's', 'x']),
      ...watched('s', ['SPOP', 's', '0']),
      ...watched('s', s(['SPOP', 's', '1'])),
      ...watched('d', ['SINTERSTORE', 'd', 's', 'nokey']),
      ...watched('d', ['SUNIONSTORE', 'd', 's']),
      ...watched('d', ['SINTERSTORE', 'd', 's', 'nokey']),
      ...watched('s', s(['SRANDMEMBER', 's'])),
    ]);
  });

  it('keyspace notifications over pub/sub', async () => {
    const script: CommandArg[][] = [
      ['SADD', 's', 'a', 'b', 'c'],
      ['SADD', 's', 'a'],
      ['SREM', 's', 'nope'],
      ['SREM', 's', 'a'],
      ['SMOVE', 's', 't', 'b'],
      ['SMOVE', 's', 't', 'nope'],
      ['SMOVE', 's', 't', 'c'],
      ['SMOVE', 't', 't', 'c'],
      ['SPOP', 't', '0'],
      ['SPOP', 't', '1'],
      ['SPOP', 't', '5'],
      ['SADD', 'x', '1', '2', '3'],
      ['SADD', 'y', '2', '3', '4'],
      ['SPOP', 'nokey'],
      ['SINTERSTORE', 'd', 'x', 'y'],
      ['SUNIONSTORE', 'd', 'x', 'y'],
      ['SDIFFSTORE', 'd', 'x', 'y'],
      ['SDIFFSTORE', 'd', 'x', 'x'],
      ['SINTERSTORE', 'd', 'x', 'nokey'],
      ['SADD', 'one', 'z'],
      ['SPOP', 'one'],
      ['SADD', 'two', 'z', 'w'],
      ['SREM', 'two', 'z', 'w', 'v'],
      ['SINTER', 'x', 'y'],
    ];
    const [redis, ours] = await Promise.all([
      notifications(pair.redis.port, script),
      notifications(pair.ours.port, script),
    ]);
    expect(redis.length).toBeGreaterThan(10);
    expect(ours).toEqual(redis);
    compared += 2 * script.length;
  });

  it('SSCAN of a hashtable set returns every member across the iteration', async () => {
    const members: CommandArg[] = ['SADD', 'big'];
    for (let i = 0; i < 1000; i++) members.push(`m${i}`);
    const collect = async (port: number, args: CommandArg[]): Promise<string[]> => {
      const client = await RawClient.connect(port);
      try {
        await client.send(members);
        const seen: string[] = [];
        let cursor = '0';
        let rounds = 0;
        do {
          const reply = decodeReply(await client.send(['SSCAN', 'big', cursor, ...args])) as RespValue[];
          cursor = (reply[0] as Buffer).toString();
          for (const item of reply[1] as Buffer[]) seen.push(item.toString());
          rounds++;
        } while (cursor !== '0' && rounds < 10000);
        await client.send(['DEL', 'big']);
        return [...new Set(seen)].sort();
      } finally {
        client.close();
      }
    };
    for (const args of [[], ['COUNT', '13'], ['MATCH', '*7', 'COUNT', '100']] as CommandArg[][]) {
      const [redis, ours] = await Promise.all([collect(pair.redis.port, args), collect(pair.ours.port, args)]);
      expect(ours).toEqual(redis);
      compared += 2;
    }
  });
});

describe('SetValue bookkeeping', () => {
  it('random adds and removes agree with a Set (ascending while intset)', () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pool = ['-5', '0', '7', '9007199254740993', '-9223372036854775808', '12', '3', '100', '-1', '42'];
    for (const [maxIntset, withStrings] of [[512, false], [6, false], [512, true]] as const) {
      const set = new SetValue(true);
      const model = new Set<string>();
      for (let step = 0; step < 3000; step++) {
        const member = withStrings && rand(50) === 0 ? `s${rand(5)}` : pool[rand(pool.length)];
        if (rand(3) === 0) expect(set.remove(Buffer.from(member))).toBe(model.delete(member));
        else if (rand(10) === 0 && set.size > 0) model.delete(set.removeAt(rand(set.size)).toString());
        else {
          expect(set.add(Buffer.from(member), maxIntset)).toBe(!model.has(member));
          model.add(member);
        }
        expect(set.size).toBe(model.size);
        for (const m of pool) expect(set.has(Buffer.from(m))).toBe(model.has(m));
        const members = set.members.map(String);
        if (set.encoding === 'intset') {
          expect(members).toEqual([...model].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
        } else {
          expect([...members].sort()).toEqual([...model].sort());
        }
      }
      expect(set.encoding).toBe(maxIntset === 512 && !withStrings ? 'intset' : 'hashtable');
    }
  });
});

describe('set random replies and events', () => {
  let host: RedisModuleHost;
  beforeAll(async () => {
    host = await startServer();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('SRANDMEMBER and SPOP return real, distinct members', async () => {
    await host.call('SADD', 'ints', ...Array.from({ length: 50 }, (_, i) => String(i * 3)));
    await host.call('SADD', 'strs', ...Array.from({ length: 1000 }, (_, i) => `m${i}`));
    for (const [key, size] of [['ints', 50], ['strs', 1000]] as const) {
      for (const count of [1, 5, 20, 49, 400, 999]) {
        if (count >= size) continue;
        const picked = ((await host.call('SRANDMEMBER', key, count)) as Buffer[]).map(String);
        expect(new Set(picked).size).toBe(count);
        for (const m of picked) expect(await host.call('SISMEMBER', key, m)).toBe(1);
      }
      const repeated = (await host.call('SRANDMEMBER', key, -100)) as Buffer[];
      expect(repeated.length).toBe(100);
    }
    const popped = ((await host.call('SPOP', 'strs', 600)) as Buffer[]).map(String);
    expect(new Set(popped).size).toBe(600);
    expect(await host.call('SCARD', 'strs')).toBe(400);
    for (const m of popped.slice(0, 50)) expect(await host.call('SISMEMBER', 'strs', m)).toBe(0);
    const rest = ((await host.call('SPOP', 'ints', 45)) as Buffer[]).map(String);
    expect(new Set(rest).size).toBe(45);
    const left = ((await host.call('SMEMBERS', 'ints')) as Buffer[]).map(Number);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    expect(left.length).toBe(5);
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
      await host.call('SADD', 's', 'a', 'b', 'c');
      await host.call('SADD', 's', 'a');
      await host.call('SREM', 's', 'nope');
      await host.call('SREM', 's', 'a');
      await host.call('SMOVE', 's', 't', 'b');
      await host.call('SMOVE', 's', 't', 'c');
      await host.call('SPOP', 't');
      await host.call('SPOP', 't', '5');
      await host.call('SADD', 'x', '1', '2');
      await host.call('SADD', 'y', '2', '3');
      await host.call('SINTERSTORE', 'd', 'x', 'y');
      await host.call('SUNIONSTORE', 'd', 'x', 'y');
      await host.call('SDIFFSTORE', 'd', 'x', 'y');
      await host.call('SDIFFSTORE', 'd', 'x', 'x');
      await host.call('SINTERSTORE', 'd', 'x', 'nokey');
      await host.call('SPOP', 'x', '0');
      await host.call('SPOP', 'x', '5');
      expect(events).toEqual([
        'sadd:s',
        'srem:s',
        'srem:s',
        'sadd:t',
        'srem:s',
        'del:s',
        'sadd:t',
        'spop:t',
        'spop:t',
        'del:t',
        'sadd:x',
        'sadd:y',
        'sinterstore:d',
        'sunionstore:d',
        'sdiffstore:d',
        'del:d',
        'spop:x',
        'del:x',
      ]);
    } finally {
      stop();
    }
  });

  it('values: integer recognition, clone, toArray, memory estimate', () => {
    expect(memberInteger(Buffer.from('-9223372036854775808'))).toBe(-9223372036854775808n);
    expect(memberInteger(Buffer.from('9223372036854775808'))).toBeNull();
    expect(memberInteger(Buffer.from('-0'))).toBeNull();
    expect(memberInteger(Buffer.from('12'))).toBe(12);
    const set = new SetValue(true);
    for (const m of ['3', '1', '2']) set.add(Buffer.from(m), 512);
    expect(set.toArray().map(String)).toEqual(['1', '2', '3']);
    const copy = set.clone();
    copy.add(Buffer.from('x'), 512);
    expect(copy.encoding).toBe('hashtable');
    expect(set.encoding).toBe('intset');
    expect(set.size).toBe(3);
    expect(copy.has(Buffer.from('2'))).toBe(true);
    expect(copy.memoryUsage()).toBeGreaterThan(set.memoryUsage());
  });
});
