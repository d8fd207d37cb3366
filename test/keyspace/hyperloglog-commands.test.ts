// The HyperLogLog commands against Debian's redis-server 7.0.15: the same
// commands to both servers over RESP2 and RESP3, replies (and the stored
// strings, through GET) compared byte for byte; keyspace events through
// pub/sub on both servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerPair, formatMismatches, RawClient, type CommandArg, type DiffInput } from '../harness';
import { decodeReply, type RespValue } from '../../src/resp/reply-parser';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
  console.log(`hyperloglog commands: ${compared} differential replies compared`);
});

async function same(commands: DiffInput[]): Promise<void> {
  const prelude: DiffInput[] = [['FLUSHALL'], ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']];
  for (const resp of [2, 3] as const) {
    const mismatches = await pair.diff([...prelude, ...commands], { resp });
    compared += prelude.length + commands.length;
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  }
}

const range = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('HyperLogLog commands, byte for byte with redis-server', () => {
  it('PFADD and PFCOUNT, sparse and dense, cache written back', async () => {
    await same([
      ['PFADD', 'h'],
      ['GET', 'h'],
      ['PFADD', 'h'],
      ['PFADD', 'h', 'a', 'b', 'c'],
      ['PFADD', 'h', 'a'],
      ['GET', 'h'],
      ['PFCOUNT', 'h'],
      ['GET', 'h'],
      ['PFCOUNT', 'h'],
      ['PFADD', 'h', ...range(2000, 'x')],
      ['PFCOUNT', 'h'],
      ['PFDEBUG', 'ENCODING', 'h'],
      ['GET', 'h'],
      ['PFADD', 'small', 'a', Buffer.from([0, 255, 13, 10])],
      ['PFCOUNT', 'small', 'h'],
      ['PFCOUNT', 'small', 'nokey'],
      ['PFCOUNT', 'nokey'],
      ['PFCOUNT', 'nokey', 'nokey2'],
      ['OBJECT', 'ENCODING', 'small'],
      ['EXPIRE', 'small', '1000'],
      ['PFADD', 'small', 'zzz'],
      ['TTL', 'small'],
      ['STRLEN', 'small'],
    ]);
  });

  it('PFMERGE', async () => {
    await same([
      ['PFADD', 'a', '1', '2', '3'],
      ['PFADD', 'b', '3', '4', '5'],
      ['PFMERGE', 'c', 'a', 'b'],
      ['PFCOUNT', 'c'],
      ['GET', 'c'],
      ['PFMERGE', 'c'],
      ['GET', 'c'],
      ['PFMERGE', 'new'],
      ['GET', 'new'],
      ['PFMERGE', 'a', 'nokey', 'b'],
      ['GET', 'a'],
      ['PFADD', 'big', ...range(3000, 'y')],
      ['PFMERGE', 'd', 'a', 'big'],
      ['PFDEBUG', 'ENCODING', 'd'],
      ['PFCOUNT', 'd'],
      ['GET', 'd'],
    ]);
  });

  it('wrong types and invalid HyperLogLog strings', async () => {
    await same([
      ['SET', 'str', 'not an hll'],
      ['LPUSH', 'list', 'x'],
      ['PFADD', 'h', 'a'],
      ['PFADD', 'str', 'a'],
      ['PFADD', 'list', 'a'],
      ['PFCOUNT', 'str'],
      ['PFCOUNT', 'list'],
      ['PFCOUNT', 'h', 'str'],
      ['PFCOUNT', 'list', 'str'],
      ['PFCOUNT', 'str', 'list'],
      ['PFMERGE', 'h', 'str'],
      ['PFMERGE', 'h', 'list'],
      ['PFMERGE', 'str', 'h'],
      ['PFMERGE', 'list', 'h'],
      ['SET', 'fake', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80garbage'],
      ['PFCOUNT', 'fake'],
      ['PFADD', 'fake', 'a'],
      ['SET', 'dense', 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'],
      ['PFCOUNT', 'dense'],
      ['PFDEBUG', 'ENCODING', 'str'],
      ['PFDEBUG', 'ENCODING', 'list'],
      ['PFDEBUG', 'ENCODING', 'nokey'],
    ]);
  });

  it('multi-key checks run key by key: a corrupt value met first wins over a wrong type after it', async () => {
    // Fuzzer findings: Redis checks (isHLLObjectOrReply) and merges each key
    // before it looks at the next, so which error comes first is positional.
    await same([
      ['PFADD', 'k1', ...range(127, 'e')],
      ['INCRBY', 'k4', '3'],
      ['APPEND', 'k1', '3'],
      ['PFCOUNT', 'k1', 'k4'],
      ['PFCOUNT', 'k4', 'k1'],
      ['PFCOUNT', 'nokey', 'k1', 'k4'],
      ['ZINCRBY', 'k0', '-2.5', '22'],
      ['PFADD', 'k2'],
      ['APPEND', 'k2', '2'],
      ['PFMERGE', 'k2', 'k0'],
      ['PFMERGE', 'k0', 'k2'],
      ['PFMERGE', 'k5', 'k2', 'k0'],
      ['PFMERGE', 'k5', 'k0', 'k2'],
      ['EXISTS', 'k5'],
      ['SET', 'notes', 'plain'],
      ['PFMERGE', 'k5', 'k2', 'notes'],
      ['PFMERGE', 'k5', 'notes', 'k2'],
      ['PFCOUNT', 'k2', 'notes'],
      ['PFCOUNT', 'notes', 'k2'],
      ['PFCOUNT', 'k2'],
      ['PFADD', 'k2', 'x'],
    ]);
  });

  it('sparse values whose opcodes run past the last register are corrupt for every reader', async () => {
    // Fuzzer finding: APPEND to a sparse HLL adds opcodes after the 16384
    // registers; a VAL run there is corrupt too, not ignored.
    const empty = Buffer.from('HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff', 'latin1');
    const commands: DiffInput[] = [];
    for (const suffix of [[0xc3, 0xa9], [0xc3], [0x80], [0x40, 0x00], [0x7f, 0xff], [0x40], [0x00], [0xff], [0xfc]]) {
      const value = Buffer.concat([empty, Buffer.from(suffix)]);
      commands.push(
        ['SET', 'a', value],
        ['PFCOUNT', 'a'],
        ['PFCOUNT', 'a', 'nokey'],
        ['PFCOUNT', 'nokey', 'a'],
        ['PFMERGE', 'b', 'a'],
        ['PFDEBUG', 'GETREG', 'a'],
        ['PFDEBUG', 'DECODE', 'a'],
        ['PFADD', 'a', 'zz'],
        ['GET', 'a'],
        ['PFADD', 'a', 'yy', 'xx'],
        ['GET', 'a'],
      );
    }
    commands.push(['PFADD', 'k4', '2', 'b', '20'], ['APPEND', 'k4', Buffer.from([0xc3, 0xa9])], ['PFMERGE', 'k1', 'k4', 'k0'], ['EXISTS', 'k1']);
    await same(commands);
  });

  it('an embstr HLL becomes raw when PFADD, PFCOUNT, PFMERGE or PFDEBUG write or unshare it', async () => {
    const dumper = await RawClient.connect(pair.redis.port);
    let payload: Buffer;
    try {
      await dumper.send(['FLUSHALL']);
      await dumper.send(['PFADD', 'k3']);
      const frame = await dumper.send(['DUMP', 'k3']);
      const body = frame.subarray(frame.indexOf('\r\n') + 2, frame.length - 2);
      payload = Buffer.from(body);
    } finally {
      dumper.close();
    }
    // Created by RESTORE or SET, a sparse HLL of under 45 bytes is embstr.
    const empty: CommandArg = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff';
    const seed = (key: string): DiffInput[] => [['SET', key, Buffer.from(empty as string, 'latin1')], ['OBJECT', 'ENCODING', key]];
    await same([
      ['PFADD', 'k3'],
      ['RESTORE', 'k2', '100000000', payload, 'REPLACE'],
      ['OBJECT', 'ENCODING', 'k2'],
      ['PFADD', 'k2'],
      ['OBJECT', 'ENCODING', 'k2'],
      ['MEMORY', 'USAGE', 'k2'],
      ...seed('a'),
      ['PFADD', 'a', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ...seed('c'),
      ['PFCOUNT', 'c'],
      ['OBJECT', 'ENCODING', 'c'],
      ...seed('m1'),
      ...seed('m2'),
      ['PFCOUNT', 'm1', 'm2'],
      ['OBJECT', 'ENCODING', 'm1'],
      ['PFMERGE', 'm1', 'm2'],
      ['OBJECT', 'ENCODING', 'm1'],
      ['OBJECT', 'ENCODING', 'm2'],
      ['MEMORY', 'USAGE', 'm2'],
      ...seed('d'),
      ['PFDEBUG', 'ENCODING', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SET', 'bad', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff9'],
      ['OBJECT', 'ENCODING', 'bad'],
      ['PFCOUNT', 'bad'],
      ['OBJECT', 'ENCODING', 'bad'],
      ['SET', 'bad2', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff9'],
      ['PFCOUNT', 'bad2', 'a'],
      ['OBJECT', 'ENCODING', 'bad2'],
      ['SET', 'nothll', 'hello'],
      ['PFADD', 'nothll', 'x'],
      ['OBJECT', 'ENCODING', 'nothll'],
      ['APPEND', 'a', ''],
      ['OBJECT', 'ENCODING', 'a'],
    ]);
  });

  it('PFDEBUG GETREG DECODE ENCODING TODENSE, PFSELFTEST', async () => {
    await same([
      ['PFADD', 'h', 'a', 'b', 'c', 'hello', 'world'],
      ['PFDEBUG', 'ENCODING', 'h'],
      ['PFDEBUG', 'DECODE', 'h'],
      ['PFDEBUG', 'decode', 'h'],
      ['PFDEBUG', 'FOO', 'h'],
      ['PFDEBUG', 'GETREG', 'h'],
      ['PFDEBUG', 'ENCODING', 'h'],
      ['GET', 'h'],
      ['PFDEBUG', 'DECODE', 'h'],
      ['PFDEBUG', 'TODENSE', 'h'],
      ['PFADD', 'h2', 'x'],
      ['PFCOUNT', 'h2'],
      ['PFDEBUG', 'TODENSE', 'h2'],
      ['GET', 'h2'],
      ['PFCOUNT', 'h2'],
      ['PFDEBUG', 'GETREG', 'nokey'],
      ['PFADD', 'h3', ...range(300, 'q')],
      ['PFDEBUG', 'DECODE', 'h3'],
      ['PFSELFTEST'],
      ['PFSELFTEST', 'x'],
    ]);
  });

  it('WATCH: PFCOUNT that refreshes the cache invalidates, a cached PFCOUNT does not', async () => {
    await same([
      ['PFADD', 'h', 'a', 'b'],
      ['WATCH', 'h'],
      ['PFCOUNT', 'h'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['PFCOUNT', 'h'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['PFADD', 'h', 'a'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['PFMERGE', 'h'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ]);
  });
});

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

describe('keyspace events of the HyperLogLog commands', () => {
  it('are the ones redis-server publishes (PFMERGE too is "pfadd")', async () => {
    const script: CommandArg[][] = [
      ['PFADD', 'h', 'a'],
      ['PFADD', 'h', 'a'],
      ['PFADD', 'e'],
      ['PFCOUNT', 'h'],
      ['PFMERGE', 'm', 'h'],
      ['PFMERGE', 'm'],
      ['PFDEBUG', 'TODENSE', 'm'],
    ];
    const [theirs, ours] = await Promise.all([notifications(pair.redis.port, script), notifications(pair.ours.port, script)]);
    compared += script.length;
    expect(theirs).toContain('__keyevent@0__:pfadd m');
    expect(ours).toEqual(theirs);
  });
});
