// DUMP and RESTORE against the real redis-server 7.0.15. Values built by the
// same commands on both servers must DUMP to the same bytes (RDB encodings,
// listpacks, intsets, LZF, CRC64) except where Redis's order is a hash
// table's; then payloads must travel both ways and load to the same data
// (DEBUG DIGEST-VALUE equal). RESTORE's options, errors and events, and the
// older encodings Redis 7.0 still loads, are compared reply by reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatMismatches,
  RawClient,
  ServerPair,
  startRedis,
  type CommandArg,
  type DiffInput,
  type Protocol,
  type ServerHandle,
} from '../harness';
import { decodeReply } from '../../src/resp/reply-parser';
import { crc64, lzfCompress, lzfDecompress } from '../../src/keyspace/rdb';
import { startServer, type RedisModuleHost } from '../../src/index';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start({ config: { 'enable-debug-command': 'yes' } });
}, 60000);

afterAll(async () => {
  await pair?.stop();
  // How many replies the differential checks compared, for the report.
  console.log(`dump.test: ${compared} differential replies compared`);
});

async function same(commands: DiffInput[], resp: Protocol = 2): Promise<void> {
  const mismatches = await pair.diff(commands, { resp });
  compared += commands.length;
  expect(formatMismatches(mismatches)).toBe('');
}

async function bothProtocols(commands: DiffInput[]): Promise<void> {
  await same(commands, 2);
  await same(commands, 3);
}

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rand: () => number, n: number, alphabet = 256): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * alphabet);
  return b;
}

/** Text with repeats, which LZF compresses in varied ways. */
function wordy(rand: () => number, n: number): Buffer {
  const words = ['redis', 'listpack', 'quick', 'brown', 'fox', ' ', '\n', 'a', 'zz', '12345', 'lorem ipsum'];
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const w = words[Math.floor(rand() * words.length)];
    parts.push(w);
    len += w.length;
  }
  return Buffer.from(parts.join('').slice(0, n), 'latin1');
}

/** Builds on both servers, then DUMPs and digests every key: replies must be equal. */
async function dumpsEqual(setup: CommandArg[][], keys: string[], resp: Protocol = 2): Promise<void> {
  const commands: DiffInput[] = [['FLUSHALL'], ...setup];
  for (const key of keys) commands.push(['DUMP', key]);
  commands.push(['DEBUG', 'DIGEST-VALUE', ...keys], ['DEBUG', 'DIGEST']);
  await same(commands, resp);
}

async function rawSend(server: ServerHandle, args: CommandArg[]): Promise<Buffer> {
  const client = await RawClient.connect(server.port);
  try {
    return await client.send(args);
  } finally {
    client.close();
  }
}

async function dumpOf(server: ServerHandle, key: string): Promise<Buffer> {
  const value = decodeReply(await rawSend(server, ['DUMP', key]));
  if (!Buffer.isBuffer(value)) throw new Error(`${server.kind}: DUMP ${key} gave ${String(value)}`);
  return value;
}

async function digestOf(server: ServerHandle, key: string): Promise<string> {
  const value = decodeReply(await rawSend(server, ['DEBUG', 'DIGEST-VALUE', key]));
  if (!Array.isArray(value)) throw new Error(`${server.kind}: DIGEST-VALUE gave ${String(value)}`);
  return String(value[0]);
}

/**
 * Each server's payload RESTOREd into both servers: every copy digests like
 * the original, and both servers agree on the copies' encodings.
 */
async function travelsBothWays(setup: CommandArg[][], key: string): Promise<void> {
  await same([['FLUSHALL'], ...setup]);
  const original = await digestOf(pair.redis, key);
  expect(await digestOf(pair.ours, key)).toBe(original);
  const fromRedis = await dumpOf(pair.redis, key);
  const fromOurs = await dumpOf(pair.ours, key);
  await same([
    ['RESTORE', 'copy-of-redis', '0', fromRedis],
    ['RESTORE', 'copy-of-ours', '0', fromOurs],
    ['DEBUG', 'DIGEST-VALUE', key, 'copy-of-redis', 'copy-of-ours'],
    ['OBJECT', 'ENCODING', 'copy-of-redis'],
    ['OBJECT', 'ENCODING', 'copy-of-ours'],
    ['TYPE', 'copy-of-ours'],
  ]);
  expect(await digestOf(pair.redis, 'copy-of-ours')).toBe(original);
  expect(await digestOf(pair.ours, 'copy-of-redis')).toBe(original);
}

describe('command table', () => {
  it('COMMAND INFO and COMMAND DOCS for DUMP and RESTORE', async () => {
    await same([['COMMAND', 'INFO', 'dump', 'restore'], ['COMMAND', 'DOCS', 'dump', 'restore'], ['COMMAND', 'GETKEYS', 'RESTORE', 'k', '0', 'x']], 2);
    await same([['COMMAND', 'INFO', 'dump', 'restore'], ['COMMAND', 'DOCS', 'dump', 'restore']], 3);
  });
});

// ---- strings -------------------------------------------------------------------------

describe('DUMP strings', () => {
  const rand = random(1);
  const values: Array<string | Buffer> = [
    '', 'a', '0', '-0', '00', '1', '-1', '+1', ' 1', '1 ', '127', '128', '-128', '-129', '255', '32767', '32768',
    '-32768', '-32769', '65535', '2147483647', '2147483648', '-2147483648', '-2147483649', '12345678901',
    '-1234567890', '123456789012', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
    '-9223372036854775809', '1e5', '0x10', '3.14', 'a'.repeat(20), 'a'.repeat(21), 'ab'.repeat(11), 'abcde'.repeat(5),
    'x'.repeat(100), 'abc'.repeat(1000), 'a'.repeat(300), 'hello world hello world hello world',
    Buffer.from([0, 1, 2, 0, 255, 254, 0]), Buffer.from('héllo wörld, héllo wörld, héllo wörld', 'utf8'),
    randomBytes(rand, 25), randomBytes(rand, 100), randomBytes(rand, 64, 4), randomBytes(rand, 5000, 3),
    wordy(rand, 21), wordy(rand, 22), wordy(rand, 30), wordy(rand, 63), wordy(rand, 64), wordy(rand, 500),
    wordy(rand, 16384), wordy(rand, 70000), randomBytes(rand, 20000),
  ];

  it('every encoding of a string value, RESP2 and RESP3', async () => {
    const setup: CommandArg[][] = values.map((v, i) => ['SET', `s${i}`, v]);
    const keys = values.map((_v, i) => `s${i}`);
    await dumpsEqual(setup, keys, 2);
    await dumpsEqual(setup, keys, 3);
  });

  it('strings made by INCR, INCRBYFLOAT, APPEND, SETRANGE, SETBIT and with rdbcompression no', async () => {
    const setup: CommandArg[][] = [
      ['INCR', 'counter'],
      ['INCRBY', 'big', '9223372036854775806'],
      ['INCRBYFLOAT', 'f', '3'],
      ['INCRBYFLOAT', 'g', '1.5'],
      ['APPEND', 'app', 'hello'],
      ['APPEND', 'app', ' hello hello hello hello hello'],
      ['SETRANGE', 'rng', '30', 'x'],
      ['SETBIT', 'bits', '1000', '1'],
      ['SET', 'num', '42'],
      ['APPEND', 'num', '1'],
    ];
    const keys = ['counter', 'big', 'f', 'g', 'app', 'rng', 'bits', 'num'];
    await dumpsEqual(setup, keys);
    await dumpsEqual([['CONFIG', 'SET', 'rdbcompression', 'no'], ...setup], keys);
    await same([['CONFIG', 'SET', 'rdbcompression', 'yes']]);
  });

  it('DUMP of a missing key is a null, in both protocols', async () => {
    await bothProtocols([['FLUSHALL'], ['DUMP', 'missing'], ['SET', 'k', 'v'], ['PEXPIRE', 'k', '1'], ['DEBUG', 'SLEEP', '0.01'], ['DUMP', 'k']]);
  });

  it('payloads travel both ways', async () => {
    for (const value of [values[7], values[20], values[40], values[values.length - 1]]) {
      await travelsBothWays([['SET', 'k', value]], 'k');
    }
  });
});

// ---- LZF, the codec ------------------------------------------------------------------

describe('LZF', () => {
  it('decompresses what it compresses, and refuses output that would not save 4 bytes', () => {
    const rand = random(7);
    for (let n = 21; n < 3000; n += 37) {
      for (const input of [wordy(rand, n), randomBytes(rand, n, 3), randomBytes(rand, n)]) {
        const packed = lzfCompress(input, n - 4);
        if (packed === null) continue;
        expect(packed.length).toBeLessThan(n - 3);
        expect(lzfDecompress(packed, n)?.equals(input)).toBe(true);
      }
    }
    expect(lzfCompress(randomBytes(random(3), 100), 96)).toBeNull();
    expect(lzfDecompress(Buffer.from([5, 1, 2]), 6)).toBeNull();
  });
});

// ---- lists ---------------------------------------------------------------------------

const LISTPACK_INTEGERS = [
  '0', '1', '127', '128', '-1', '4095', '4096', '-4096', '-4097', '32767', '32768', '-32768', '-32769', '8388607',
  '8388608', '-8388608', '-8388609', '2147483647', '2147483648', '-2147483648', '-2147483649', '9223372036854775807',
  '-9223372036854775808', '9223372036854775808', '-0', '01', '+5', '1.0', '',
];

describe('DUMP lists', () => {
  it('small lists: every listpack integer width and string length class', async () => {
    const rand = random(11);
    const setup: CommandArg[][] = [
      ['RPUSH', 'ints', ...LISTPACK_INTEGERS],
      ['RPUSH', 'strs', 'a', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(127), 'y'.repeat(128), 'z'.repeat(4095)],
      ['RPUSH', 'long', 'q'.repeat(4096), wordy(rand, 5000)],
      ['RPUSH', 'bin', randomBytes(rand, 40), Buffer.from([0, 0, 0]), randomBytes(rand, 300)],
      ['LPUSH', 'lp', 'c', 'b', 'a'],
      ['RPUSH', 'edit', 'a', 'b', 'c', 'd', 'e'],
      ['LSET', 'edit', '1', '12345'],
      ['LINSERT', 'edit', 'BEFORE', 'c', 'inserted'],
      ['LREM', 'edit', '0', 'd'],
      ['LPOP', 'edit'],
    ];
    const keys = ['ints', 'strs', 'long', 'bin', 'lp', 'edit'];
    await dumpsEqual(setup, keys, 2);
    await dumpsEqual(setup, keys, 3);
  });

  it('lists of several quicklist nodes built by RPUSH, under several fill factors', async () => {
    const rand = random(12);
    const many: CommandArg[] = [];
    for (let i = 0; i < 3000; i++) many.push(rand() < 0.5 ? String(Math.floor(rand() * 1e6)) : wordy(rand, 1 + Math.floor(rand() * 20)));
    const big: CommandArg[] = [];
    for (let i = 0; i < 12; i++) big.push(wordy(rand, 3000 + Math.floor(rand() * 6000)));
    for (const fill of ['-2', '-1', '-3', '-5', '5', '128']) {
      await dumpsEqual(
        [
          ['CONFIG', 'SET', 'list-max-listpack-size', fill],
          ['RPUSH', 'many', ...many],
          ['RPUSH', 'big', ...big],
          ['RPUSH', 'inc', 'a'],
          ...many.slice(0, 200).map((v): CommandArg[] => ['RPUSH', 'inc', v]),
        ],
        ['many', 'big', 'inc'],
      );
    }
    // list-compress-depth: interior nodes are saved as their LZF blobs.
    for (const depth of ['1', '2']) {
      await dumpsEqual(
        [
          ['CONFIG', 'SET', 'list-max-listpack-size', '20'],
          ['CONFIG', 'SET', 'list-compress-depth', depth],
          ['RPUSH', 'many', ...many],
          ['RPUSH', 'big', ...big],
        ],
        ['many', 'big'],
      );
    }
    await same([
      ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
      ['CONFIG', 'SET', 'list-compress-depth', '0'],
    ]);
  });

  it('node layout follows quicklist.c: pushes at both ends (fuzzer finding), pops, LINSERT splits and merges, LREM, LTRIM, LSET', async () => {
    // list-max-listpack-size 4, LPUSH k4 3 c 2 a b: Redis opens a new head
    // node when the head is full, so the nodes are [b][a 2 c 3].
    await dumpsEqual(
      [['CONFIG', 'SET', 'list-max-listpack-size', '4'], ['LPUSH', 'k4', '3', 'c', '2', 'a', 'b']],
      ['k4'],
    );
    // SORT STORE makes its list with the default fill factor, whatever the config says (fuzzer finding).
    await dumpsEqual(
      [
        ['CONFIG', 'SET', 'list-max-listpack-size', '4'],
        ['LPUSH', 'k2', '17', 'b', '1', 'a', 'k1'],
        ['SORT', 'k2', 'BY', '#', 'ALPHA', 'STORE', 'k0'],
        ['RPUSH', 'k0', 'x', 'y', 'z'],
        ['SORT', 'k2', 'ALPHA', 'STORE', 'k5'],
      ],
      ['k0', 'k2', 'k5'],
    );
    // LINSERT at a full node's edge: into the neighbour with room, else a new node between, else a split.
    // Each step is DUMPed: later merges can hide a wrong intermediate layout.
    const dumpEach = (commands: CommandArg[][]): CommandArg[][] => commands.flatMap((c) => [c, ['DUMP', c[1]]]);
    await dumpsEqual(
      [
        ['CONFIG', 'SET', 'list-max-listpack-size', '3'],
        ...dumpEach([
          ['RPUSH', 'e', 'a', 'b', 'c', 'd', 'e'],
          ['LINSERT', 'e', 'AFTER', 'c', 'x'],
          ['LINSERT', 'e', 'BEFORE', 'a', 'y'],
          ['LINSERT', 'e', 'BEFORE', 'x', 'z'],
          ['LINSERT', 'e', 'AFTER', 'z', 'w'],
          ['LINSERT', 'e', 'BEFORE', 'b', 'u'],
          ['LINSERT', 'e', 'AFTER', 'e', 't'],
          ['RPUSH', 'f', 'a', 'b', 'c', 'd'],
          ['LINSERT', 'f', 'BEFORE', 'd', 'p'],
          ['LPOP', 'f'],
          ['LINSERT', 'f', 'AFTER', 'c', 'q'],
          ['RPUSH', 'g', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
          ['LINSERT', 'g', 'AFTER', 'f', 'n'],
          ['LINSERT', 'g', 'BEFORE', 'd', 'm'],
          ['LINSERT', 'g', 'AFTER', 'b', 'o'],
        ]),
      ],
      ['e', 'f', 'g'],
    );
    const rand = random(21);
    // A small vocabulary so that LINSERT pivots and LREM values are found;
    // now and then a long value, so byte limits split nodes too.
    const word = (): string => {
      const r = rand();
      if (r < 0.3) return String(Math.floor(rand() * 10));
      if (r < 0.9) return 'v'.repeat(1 + Math.floor(rand() * 12)) + Math.floor(rand() * 2);
      return 'w'.repeat(200 + Math.floor(rand() * 1400));
    };
    for (const fill of ['1', '2', '3', '4', '7', '-1', '-7', '0']) {
      for (let round = 0; round < 4; round++) {
        const setup: CommandArg[][] = [['CONFIG', 'SET', 'list-max-listpack-size', fill]];
        const keys = ['l1', 'l2'];
        for (let step = 0; step < 60; step++) {
          const key = keys[Math.floor(rand() * keys.length)];
          const r = rand();
          let command: CommandArg[];
          if (r < 0.2) command = ['LPUSH', key, word(), word()];
          else if (r < 0.4) command = ['RPUSH', key, word()];
          else if (r < 0.47) command = ['LPOP', key];
          else if (r < 0.54) command = ['RPOP', key, '2'];
          else if (r < 0.72) command = ['LINSERT', key, rand() < 0.5 ? 'BEFORE' : 'AFTER', word(), word()];
          else if (r < 0.8) command = ['LREM', key, String(Math.floor(rand() * 5) - 2), word()];
          else if (r < 0.86) command = ['LTRIM', key, String(Math.floor(rand() * 3)), String(-1 - Math.floor(rand() * 3))];
          else if (r < 0.93) command = ['LSET', key, String(Math.floor(rand() * 6) - 3), word().repeat(1 + Math.floor(rand() * 4))];
          else command = ['LMOVE', key, keys[Math.floor(rand() * 2)], rand() < 0.5 ? 'LEFT' : 'RIGHT', rand() < 0.5 ? 'LEFT' : 'RIGHT'];
          setup.push(command);
          setup.push(['DUMP', key]);
          if (step % 6 === 5) for (const k of keys) setup.push(['MEMORY', 'USAGE', k]);
        }
        await dumpsEqual(setup, keys);
      }
    }
    await same([['CONFIG', 'SET', 'list-max-listpack-size', '-2']]);
  });

  it('payloads travel both ways, lists built from the head included', async () => {
    const rand = random(13);
    const items: CommandArg[] = [];
    for (let i = 0; i < 2000; i++) items.push(wordy(rand, 1 + Math.floor(rand() * 30)));
    await travelsBothWays([['LPUSH', 'l', ...items]], 'l');
    await travelsBothWays([['RPUSH', 'l', ...items], ['LPUSH', 'l', ...items.slice(0, 500)]], 'l');
    await travelsBothWays([['RPUSH', 'l', ...LISTPACK_INTEGERS]], 'l');
  });
});

// ---- hashes --------------------------------------------------------------------------

describe('DUMP hashes', () => {
  it('listpack hashes byte for byte', async () => {
    const rand = random(21);
    const pairs: CommandArg[] = [];
    for (const v of LISTPACK_INTEGERS) pairs.push(`f${v}`, v);
    const setup: CommandArg[][] = [
      ['HSET', 'h', 'field', 'value', '1', '2', 'empty', ''],
      ['HSET', 'ints', ...pairs],
      ['HSET', 'edited', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['HDEL', 'edited', 'b'],
      ['HSET', 'edited', 'a', 'changed', 'e', '5'],
      ['HINCRBY', 'edited', 'c', '100'],
      ['HINCRBYFLOAT', 'edited', 'f', '2.5'],
      ['HSET', 'bin', randomBytes(rand, 10), randomBytes(rand, 60), 'long', wordy(rand, 64)],
    ];
    await dumpsEqual(setup, ['h', 'ints', 'edited', 'bin'], 2);
    await dumpsEqual(setup, ['h', 'ints', 'edited', 'bin'], 3);
  });

  it('hash tables: digests agree and payloads travel both ways', async () => {
    const rand = random(22);
    const pairs: CommandArg[] = [];
    for (let i = 0; i < 300; i++) pairs.push(`field:${i}`, rand() < 0.5 ? String(i * 7) : wordy(rand, 10));
    await same([
      ['FLUSHALL'],
      ['HSET', 'big', ...pairs],
      ['HSET', 'wide', 'f', 'x'.repeat(65)],
      ['DEBUG', 'DIGEST-VALUE', 'big', 'wide'],
      ['DEBUG', 'DIGEST'],
    ]);
    await travelsBothWays([['HSET', 'h', ...pairs]], 'h');
    await travelsBothWays([['HSET', 'h', 'f', 'x'.repeat(65), 'g', '1']], 'h');
    await travelsBothWays([['HSET', 'h', 'a', '1', 'b', 'two']], 'h');
  });
});

// ---- sets ----------------------------------------------------------------------------

describe('DUMP sets', () => {
  it('intsets of every width byte for byte', async () => {
    const setup: CommandArg[][] = [
      ['SADD', 'i16', '5', '-3', '32767', '-32768', '0'],
      ['SADD', 'i32', '1', '32768', '-2147483648', '2147483647'],
      ['SADD', 'i64', '1', '2147483648', '-9223372036854775808', '9223372036854775807'],
      ['SADD', 'edited', '10', '20', '30'],
      ['SREM', 'edited', '20'],
      ['SADD', 'edited', '15'],
    ];
    await dumpsEqual(setup, ['i16', 'i32', 'i64', 'edited'], 2);
    await dumpsEqual(setup, ['i16', 'i32', 'i64', 'edited'], 3);
  });

  it('hash-table sets: digests agree and payloads travel both ways', async () => {
    const members: CommandArg[] = [];
    for (let i = 0; i < 600; i++) members.push(String(i * 3));
    await same([['FLUSHALL'], ['SADD', 'big', ...members], ['SADD', 'words', 'a', 'b', 'c', '1'], ['DEBUG', 'DIGEST-VALUE', 'big', 'words'], ['DEBUG', 'DIGEST']]);
    await travelsBothWays([['SADD', 's', ...members]], 's');
    await travelsBothWays([['SADD', 's', 'a', 'b', 'c', '1', '-0', '01']], 's');
    await travelsBothWays([['SADD', 's', '1', '2', '3']], 's');
  });
});

// ---- sorted sets ---------------------------------------------------------------------

const SCORES = [
  '0', '-0', '1', '-1', '1.5', '0.1', '1.1', '3.14159', '1e300', '-1e-300', '123456789012345678', '4503599627370495',
  '4503599627370496', '-4503599627370495', '-4503599627370496', '9007199254740993', '2.5e-5', '1e16', '1e17', 'inf',
  '-inf', '5e-324', '1.7976931348623157e308', '127', '128', '-4096', '100000',
];

describe('DUMP sorted sets', () => {
  it('listpack and skiplist encodings byte for byte', async () => {
    const small: CommandArg[] = [];
    SCORES.forEach((s, i) => small.push(s, `m${i}`));
    const large: CommandArg[] = [];
    for (let i = 0; i < 200; i++) large.push(String((i * 7919) % 1000 / 8), `member:${i}`);
    const setup: CommandArg[][] = [
      ['ZADD', 'small', ...small],
      ['ZADD', 'ints', '1', '5', '2', '-7', '3', '100000', '4', '01'],
      ['ZADD', 'large', ...large],
      ['ZADD', 'large', '-0', 'negzero', 'inf', 'top'],
      ['ZADD', 'long', '1', 'x'.repeat(65)],
      ['ZADD', 'edited', '1', 'a', '2', 'b', '3', 'c'],
      ['ZINCRBY', 'edited', '0.5', 'a'],
      ['ZREM', 'edited', 'b'],
    ];
    const keys = ['small', 'ints', 'large', 'long', 'edited'];
    await dumpsEqual(setup, keys, 2);
    await dumpsEqual(setup, keys, 3);
  });

  it('payloads travel both ways', async () => {
    const small: CommandArg[] = [];
    SCORES.forEach((s, i) => small.push(s, `m${i}`));
    await travelsBothWays([['ZADD', 'z', ...small]], 'z');
    await travelsBothWays([['CONFIG', 'SET', 'zset-max-listpack-entries', '4'], ['ZADD', 'z', ...small]], 'z');
    await same([['CONFIG', 'SET', 'zset-max-listpack-entries', '128']]);
    // A skiplist that fits a listpack loads as one.
    await travelsBothWays([['ZADD', 'z', '1', 'x'.repeat(65), '2', 'b'], ['ZREM', 'z', 'x'.repeat(65)]], 'z');
  });
});

// ---- streams -------------------------------------------------------------------------

describe('DUMP streams', () => {
  it('streams without consumers byte for byte', async () => {
    const entries: CommandArg[][] = [];
    for (let i = 1; i <= 40; i++) {
      const fields = i % 5 === 0 ? ['other', String(i)] : ['a', String(i * 1000), 'b', `text-${i}`];
      entries.push(['XADD', 'multi', `${1000 + Math.floor(i / 3)}-${i}`, ...fields]);
    }
    const setup: CommandArg[][] = [
      ['XADD', 's', '1-1', 'a', '1', 'b', '2'],
      ['XADD', 's', '1-2', 'a', '3', 'b', '4'],
      ['XADD', 's', '2-0', 'c', '5'],
      ['XADD', 's', '18446744073709551614-5', 'a', 'big', 'b', '-9223372036854775808'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '7'],
      ...entries,
      ['XGROUP', 'CREATE', 's', 'g1', '0'],
      ['XGROUP', 'CREATE', 's', 'g2', '$', 'ENTRIESREAD', '2'],
      ['XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM'],
      ['XADD', 'gone', '5-5', 'f', 'v'],
      ['XDEL', 'gone', '5-5'],
      ['XADD', 'trimmed', 'MAXLEN', '~', '7', '1-1', 'f', '1'],
      ...Array.from({ length: 20 }, (_v, i): CommandArg[] => ['XADD', 'trimmed', 'MAXLEN', '~', '7', `2-${i}`, 'f', String(i)]),
      ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
    ];
    const keys = ['s', 'multi', 'empty', 'gone', 'trimmed'];
    await dumpsEqual(setup, keys, 2);
    await dumpsEqual(setup, keys, 3);
  });

  it('streams with consumers, pending entries and deletions travel both ways', async () => {
    await travelsBothWays(
      [
        ['XADD', 'x', '1-1', 'a', '1', 'b', '2'],
        ['XADD', 'x', '1-2', 'a', '3', 'b', '4'],
        ['XADD', 'x', '2-0', 'c', '5'],
        ['XADD', 'x', '3-0', 'a', '9', 'b', '9'],
        ['XGROUP', 'CREATE', 'x', 'g', '0'],
        ['XGROUP', 'CREATE', 'x', 'other', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 'x', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 'x', '>'],
        ['XGROUP', 'CREATECONSUMER', 'x', 'g', 'carol'],
        ['XDEL', 'x', '1-2'],
      ],
      'x',
    );
    await same([
      ['XLEN', 'copy-of-redis'],
      ['XRANGE', 'copy-of-ours', '-', '+'],
      ['XPENDING', 'copy-of-ours', 'g'],
      ['XPENDING', 'copy-of-redis', 'g'],
      ['XINFO', 'GROUPS', 'copy-of-ours'],
      ['XINFO', 'GROUPS', 'copy-of-redis'],
    ]);
  });
});

// ---- RESTORE -------------------------------------------------------------------------

/** A payload with the footer recomputed: version (2 bytes LE) and CRC64. */
function withFooter(body: Buffer, version = 10): Buffer {
  const head = Buffer.concat([body, Buffer.from([version & 0xff, version >> 8])]);
  return Buffer.concat([head, crc64(head)]);
}

/** An RDB string: 6-bit or 14-bit length and the bytes. */
function rdbString(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  const len = b.length < 64 ? Buffer.from([b.length]) : Buffer.from([0x40 | (b.length >> 8), b.length & 0xff]);
  return Buffer.concat([len, b]);
}

/** A ziplist of strings (6-bit lengths) and small integers. */
function ziplist(items: Array<string | number>): Buffer {
  const entries: Buffer[] = [];
  let prevLen = 0;
  for (const item of items) {
    let body: Buffer;
    if (typeof item === 'number') {
      if (item >= 0 && item <= 12) body = Buffer.from([0xf1 + item]);
      else if (item >= -128 && item <= 127) body = Buffer.from([0xfe, item & 0xff]);
      else {
        body = Buffer.alloc(3);
        body[0] = 0xc0;
        body.writeInt16LE(item, 1);
      }
    } else {
      body = Buffer.concat([Buffer.from([item.length]), Buffer.from(item, 'latin1')]);
    }
    const entry = Buffer.concat([Buffer.from([prevLen]), body]);
    entries.push(entry);
    prevLen = entry.length;
  }
  const content = Buffer.concat(entries);
  const header = Buffer.alloc(10);
  header.writeUInt32LE(10 + content.length + 1, 0);
  header.writeUInt32LE(10 + content.length - prevLen, 4);
  header.writeUInt16LE(items.length, 8);
  return Buffer.concat([header, content, Buffer.from([0xff])]);
}

function zipmap(pairs: string[]): Buffer {
  const parts: Buffer[] = [Buffer.from([pairs.length / 2])];
  for (let i = 0; i < pairs.length; i += 2) {
    parts.push(Buffer.from([pairs[i].length]), Buffer.from(pairs[i], 'latin1'));
    parts.push(Buffer.from([pairs[i + 1].length, 0]), Buffer.from(pairs[i + 1], 'latin1'));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

describe('RESTORE', () => {
  const HELLO = withFooter(Buffer.concat([Buffer.from([0]), rdbString('hello')]));

  it('options, errors and their order, in both protocols', async () => {
    const corrupt = Buffer.from(HELLO);
    corrupt[3] ^= 1;
    const newer = withFooter(Buffer.concat([Buffer.from([0]), rdbString('hello')]), 11);
    const older = withFooter(Buffer.concat([Buffer.from([0]), rdbString('hello')]), 9);
    const truncated = withFooter(Buffer.from([0, 10, 0x61]));
    await bothProtocols([
      ['FLUSHALL'],
      ['RESTORE', 'k', '0', HELLO],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['RESTORE', 'k', '0', HELLO],
      ['RESTORE', 'k', '0', HELLO, 'REPLACE'],
      ['RESTORE', 'k', '0', HELLO, 'replace', 'absttl'],
      ['RESTORE', 'k', 'x', HELLO],
      ['RESTORE', 'new', 'x', HELLO],
      ['RESTORE', 'new', '-1', HELLO],
      ['RESTORE', 'new', '0', corrupt],
      ['RESTORE', 'new', '0', newer],
      ['RESTORE', 'new', '0', older],
      ['RESTORE', 'new2', '0', truncated],
      ['RESTORE', 'new2', '0', 'short'],
      ['RESTORE', 'new2', '0', ''],
      ['RESTORE', 'new2', '0', HELLO, 'FOO'],
      ['RESTORE', 'new2', '0', HELLO, 'IDLETIME'],
      ['RESTORE', 'new2', '0', HELLO, 'IDLETIME', 'x'],
      ['RESTORE', 'new2', '0', HELLO, 'IDLETIME', '-1'],
      ['RESTORE', 'new2', '0', HELLO, 'FREQ', '256'],
      ['RESTORE', 'new2', '0', HELLO, 'FREQ', '-1'],
      ['RESTORE', 'new2', '0', HELLO, 'FREQ', 'abc'],
      ['RESTORE', 'new2', '0', HELLO, 'FREQ', '5', 'IDLETIME', '5'],
      ['RESTORE', 'new2', '0', HELLO, 'IDLETIME', '5', 'FREQ', '5'],
      ['RESTORE', 'k', '0', HELLO, 'FOO'],
      ['RESTORE', 'k', '-5', HELLO],
      ['RESTORE', 'k', 'x', corrupt],
      ['RESTORE', 'new3', '0', HELLO, 'IDLETIME', '100', 'REPLACE', 'ABSTTL'],
      ['OBJECT', 'IDLETIME', 'new3'],
      ['RESTORE', 'new4', '0', HELLO, 'FREQ', '100'],
      ['OBJECT', 'FREQ', 'new4'],
      ['RESTORE', 'idle', '0', HELLO, 'IDLETIME', '20000000'],
      ['OBJECT', 'IDLETIME', 'idle'],
      ['RESTORE', 'ttl', '100000', HELLO],
      ['TTL', 'ttl'],
      ['RESTORE', 'abs', String(Date.now() + 200000), HELLO, 'ABSTTL'],
      ['TTL', 'abs'],
      ['RESTORE', 'past', '1', HELLO, 'ABSTTL'],
      ['EXISTS', 'past'],
      ['RESTORE', 'k', '1', HELLO, 'ABSTTL', 'REPLACE'],
      ['EXISTS', 'k'],
      ['DBSIZE'],
      ['DEBUG', 'DIGEST'],
    ]);
  });

  it('FREQ under an LFU policy', async () => {
    await same([
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['RESTORE', 'k', '0', HELLO, 'FREQ', '100'],
      ['OBJECT', 'FREQ', 'k'],
      ['RESTORE', 'i', '0', HELLO, 'IDLETIME', '100'],
      ['OBJECT', 'IDLETIME', 'i'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
  });

  it('RESTORE invalidates WATCH and is refused as bad data for what cannot be loaded', async () => {
    const emptyList = withFooter(Buffer.from([18, 0]));
    const unknownType = withFooter(Buffer.from([8, 1, 0x61]));
    const moduleType = withFooter(Buffer.from([7, 1, 2, 3]));
    const emptySet = withFooter(Buffer.from([2, 0]));
    const dupSet = withFooter(Buffer.concat([Buffer.from([2, 2]), rdbString('a'), rdbString('a')]));
    const lzfBad = withFooter(Buffer.from([0, 0xc3, 2, 10, 0x1f, 0x61]));
    await same([
      ['FLUSHALL'],
      ['WATCH', 'w'],
      ['RESTORE', 'w', '0', HELLO],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['RESTORE', 'a', '0', emptyList],
      ['RESTORE', 'a', '0', unknownType],
      ['RESTORE', 'a', '0', moduleType],
      ['RESTORE', 'a', '0', emptySet],
      ['RESTORE', 'a', '0', dupSet],
      ['RESTORE', 'a', '0', lzfBad],
      ['EXISTS', 'a'],
    ]);
  });

  it('loads the older encodings Redis 7.0 still accepts', async () => {
    const lzfText = Buffer.from('abcabcabcabcabcabcabcabcabcabcabcabcabc', 'latin1');
    const packed = lzfCompress(lzfText, lzfText.length - 4)!;
    const payloads: Record<string, Buffer> = {
      linked: withFooter(Buffer.concat([Buffer.from([1, 3]), rdbString('a'), rdbString('12'), rdbString('c')])),
      ziplistList: withFooter(Buffer.concat([Buffer.from([10]), rdbString(ziplist(['a', 5, -100, 1000, 'hello']))])),
      quicklist1: withFooter(
        Buffer.concat([Buffer.from([14, 2]), rdbString(ziplist(['a', 'b'])), rdbString(ziplist([1, 2, 3]))]),
      ),
      oldSet: withFooter(Buffer.concat([Buffer.from([2, 3]), rdbString('1'), rdbString('x'), rdbString('2')])),
      oldZset: withFooter(
        Buffer.concat([
          Buffer.from([3, 3]),
          rdbString('a'), Buffer.from([3]), Buffer.from('1.5'),
          rdbString('b'), Buffer.from([254]),
          rdbString('c'), Buffer.from([255]),
        ]),
      ),
      zsetZiplist: withFooter(Buffer.concat([Buffer.from([12]), rdbString(ziplist(['a', 1, 'b', '2.5', 'c', 3]))])),
      hashZiplist: withFooter(Buffer.concat([Buffer.from([13]), rdbString(ziplist(['f', 'v', 'n', 7]))])),
      zipmap: withFooter(Buffer.concat([Buffer.from([9]), rdbString(zipmap(['f1', 'v1', 'f2', '22']))])),
      lzfString: withFooter(
        Buffer.concat([Buffer.from([0, 0xc3, packed.length, lzfText.length]), packed]),
      ),
      intString: withFooter(Buffer.from([0, 0xc1, 0x39, 0x30])),
      version9: withFooter(Buffer.concat([Buffer.from([0]), rdbString('v9')]), 9),
    };
    const commands: CommandArg[][] = [['FLUSHALL']];
    for (const [name, payload] of Object.entries(payloads)) {
      commands.push(['RESTORE', name, '0', payload], ['TYPE', name], ['OBJECT', 'ENCODING', name], ['DEBUG', 'DIGEST-VALUE', name]);
    }
    commands.push(
      ['LRANGE', 'linked', '0', '-1'],
      ['LRANGE', 'ziplistList', '0', '-1'],
      ['LRANGE', 'quicklist1', '0', '-1'],
      ['SCARD', 'oldSet'],
      ['SMISMEMBER', 'oldSet', '1', '2', 'x', 'y'],
      ['ZRANGE', 'oldZset', '0', '-1', 'WITHSCORES'],
      ['ZRANGE', 'zsetZiplist', '0', '-1', 'WITHSCORES'],
      ['HGETALL', 'hashZiplist'],
      ['HGETALL', 'zipmap'],
      ['GET', 'lzfString'],
      ['GET', 'intString'],
      ['DEBUG', 'DIGEST'],
    );
    await same(commands, 2);
    await same(commands, 3);
  });

  it('the first stream format (RDB_TYPE_STREAM_LISTPACKS) loads', async () => {
    // Take a 7.0 payload apart: the v2 fields after last_id are dropped.
    await same([['FLUSHALL'], ['XADD', 'x', '1-1', 'a', '1'], ['XADD', 'x', '2-2', 'a', '2'], ['XGROUP', 'CREATE', 'x', 'g', '1-1']]);
    const v2 = await dumpOf(pair.redis, 'x');
    const body = v2.subarray(0, v2.length - 10);
    // type(1) nodes(1) key(17) listpack(len byte + bytes)
    const lpLen = body[19];
    let p = 20 + lpLen;
    const head = Buffer.from(body.subarray(0, p));
    head[0] = 15;
    // length, last id ms, last id seq: one byte each here
    const rest = [body[p], body[p + 1], body[p + 2]];
    p += 3;
    p += 5; // first id (2), max deleted id (2), entries added (1)
    const groups = body[p++];
    const nameLen = body[p];
    const group = Buffer.from(body.subarray(p, p + 1 + nameLen + 2));
    p += 1 + nameLen + 2;
    p += 1; // entries_read
    const tail = body.subarray(p);
    const v1 = withFooter(Buffer.concat([head, Buffer.from(rest), Buffer.from([groups]), group, tail]));
    await same([
      ['RESTORE', 'old', '0', v1],
      ['XRANGE', 'old', '-', '+'],
      ['XINFO', 'GROUPS', 'old'],
      ['DEBUG', 'DIGEST-VALUE', 'old', 'x'],
    ]);
  });
});

// ---- keyspace events -----------------------------------------------------------------

describe('RESTORE events', () => {
  let redis: ServerHandle;
  let host: RedisModuleHost;

  beforeAll(async () => {
    redis = await startRedis({ config: { 'notify-keyspace-events': 'KEA' } });
    host = await startServer();
  }, 60000);

  afterAll(async () => {
    await host?.stop();
    await redis?.stop();
  });

  it("emits 'restore', and 'del' when REPLACE meets an expired TTL", async () => {
    const hello = withFooter(Buffer.concat([Buffer.from([0]), rdbString('hello')]));
    const steps: CommandArg[][] = [
      ['RESTORE', 'k', '0', hello],
      ['RESTORE', 'k', '0', hello],
      ['RESTORE', 'k', '0', hello, 'REPLACE'],
      ['RESTORE', 'k', '1', hello, 'REPLACE', 'ABSTTL'],
      ['RESTORE', 'gone', '1', hello, 'ABSTTL'],
      ['RESTORE', 'e', '100000', hello],
    ];
    const sub = await RawClient.connect(redis.port);
    await sub.send(['PSUBSCRIBE', '__keyevent@0__:*']);
    const ours: string[] = [];
    const stop = host.server.keyspace.listen({
      notify: (_cls, event, key) => void ours.push(`${event}:${key.toString('latin1')}`),
    });
    try {
      const client = await RawClient.connect(redis.port);
      const local = await RawClient.connect(host.port);
      for (const step of [...steps, ['SET', 'end-marker', '1']]) {
        await client.send(step);
        await local.send(step);
      }
      client.close();
      local.close();
      const seen: string[] = [];
      for (;;) {
        const parts = (await sub.nextFrame(3000)).toString('latin1').split('\r\n');
        const event = parts[6].slice('__keyevent@0__:'.length);
        seen.push(`${event}:${parts[8]}`);
        if (parts[8] === 'end-marker') break;
      }
      expect(ours).toEqual(seen);
    } finally {
      stop();
      sub.close();
    }
  });
});
