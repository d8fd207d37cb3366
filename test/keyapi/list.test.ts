// The key API for lists (fixtures/keys_list.c): ListPush, ListPop, ListGet,
// ListSet, ListInsert, ListDelete with their errno values, against
// redis-server 7.0.15 with the same fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, RawClient, ServerPair, type DiffInput, type ServerHandle } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [fixturePath('keys_list')],
    config: { 'enable-debug-command': 'yes' },
  });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const binary = Buffer.from([0x00, 0x01, 0xff, 0x00, 0x0a]);
const big = Buffer.alloc(70000, 0x63);
big[0] = 0;
const big2 = Buffer.alloc(66000, 0x64);

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Sequences run from an empty dataset; DEBUG DIGEST is compared after each. */
const sequences: Record<string, DiffInput[]> = {
  pushpop: [
    ['keylist.push', 'l', 'w', 'tail', 'a'],
    ['keylist.push', 'l', 'w', 'head', 'b'],
    ['keylist.push', 'l', 'rw', 'other', 'c'],
    ['keylist.push', 'l', 'r', 'tail', 'refused'],
    ['keylist.push', 'missing', 'r', 'tail', 'x'],
    ['EXISTS', 'missing'],
    ['SET', 's', 'str'],
    ['keylist.push', 's', 'w', 'tail', 'a'],
    ['keylist.push', 's', 'r', 'tail', 'a'],
    ['HSET', 'h', 'f', 'v'],
    ['keylist.push', 'h', 'w', 'head', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['OBJECT', 'ENCODING', 'l'],
    ['keylist.pop', 'l', 'w', 'head'],
    ['keylist.pop', 'l', 'r', 'head'],
    ['keylist.pop', 's', 'w', 'head'],
    ['keylist.pop', 's', 'r', 'tail'],
    ['keylist.pop', 'missing', 'w', 'head'],
    ['keylist.pop', 'missing', 'r', 'head'],
    ['keylist.pop', 'l', 'w', 'tail'],
    ['keylist.pop', 'l', 'w', 'whatever'],
    ['EXISTS', 'l'],
    ['keylist.pop', 'l', 'w', 'tail'],
    ['keylist.push', 'bin', 'w', 'tail', binary],
    ['keylist.push', 'bin', 'w', 'head', big],
    ['keylist.push', 'bin', 'w', 'tail', ''],
    ['LLEN', 'bin'],
    ['LINDEX', 'bin', '1'],
    ['keylist.pop', 'bin', 'w', 'head'],
    ['keylist.pop', 'bin', 'w', 'head'],
    ['LRANGE', 'bin', '0', '-1'],
    ['keylist.push', 'n', 'w', 'tail', '12345'],
    ['keylist.push', 'n', 'w', 'tail', '-9223372036854775808'],
    ['keylist.pop', 'n', 'w', 'head'],
    ['LRANGE', 'n', '0', '-1'],
    // A list the module creates takes the fill factor configured then.
    ['CONFIG', 'SET', 'list-max-listpack-size', '3'],
    ...range(10, (i): DiffInput => ['keylist.push', 'cfg', 'w', i % 2 === 0 ? 'tail' : 'head', `c${i}`]),
    ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
    ...range(5, (i): DiffInput => ['keylist.push', 'cfg', 'w', 'tail', `d${i}`]),
    ['DUMP', 'cfg'],
    ['MEMORY', 'USAGE', 'cfg'],
  ],
  get: [
    ['RPUSH', 'g', 'a', 'b', 'c', 'd', 'e'],
    ['keylist.get', 'g', 'r', '0', '1', '2', '3', '4', '5', '-1', '-5', '-6', '2', '0', '-3', '4', '-1'],
    ['keylist.get', 'g', 'w', '0'],
    ['keylist.get', 'g', 'rw', '-1', '-2', '-3', '0'],
    ['keylist.get', 'g', 'r', '9223372036854775807', '-9223372036854775808'],
    ['SET', 's', 'x'],
    ['keylist.get', 's', 'r', '0'],
    ['keylist.get', 'missing', 'r', '0'],
    ['keylist.get', 'missing', 'w', '0'],
    ['keylist.get', 'missing', 'rw', '0'],
    ['RPUSH', 'big', big, binary, big2],
    ['keylist.get', 'big', 'r', '0', '1', '2', '-3'],
    ['RPUSH', 'seq', ...range(600, (i) => (i % 3 === 0 ? String(i) : `element-${i}`))],
    ['keylist.getall', 'seq'],
    ['keylist.getall', 'seq', 'reverse'],
    ['keylist.getall', 'missing'],
  ],
  set: [
    ['RPUSH', 'g', 'a', 'b', 'c', 'd', 'e'],
    ['keylist.set', 'g', 'w', '0', 'A'],
    ['keylist.set', 'g', 'w', '-1', 'E'],
    ['keylist.set', 'g', 'w', '2', 'x'.repeat(100)],
    ['keylist.set', 'g', 'w', '5', 'X'],
    ['keylist.set', 'g', 'w', '-6', 'X'],
    ['keylist.set', 'g', 'r', '0', 'X'],
    ['keylist.set', 'g', 'rw', '1', binary],
    ['keylist.set', 'g', 'rw', '3', big],
    ['LRANGE', 'g', '0', '1'],
    ['LINDEX', 'g', '3'],
    ['LLEN', 'g'],
    ['SET', 's', 'x'],
    ['keylist.set', 's', 'w', '0', 'X'],
    ['keylist.set', 'missing', 'w', '0', 'X'],
    ['keylist.set', 'missing', 'r', '0', 'X'],
    ['EXISTS', 'missing'],
    ['RPUSH', 'dump', ...range(300, (i) => `v${i}`)],
    ['keylist.set', 'dump', 'w', '150', 'y'.repeat(5000)],
    ['keylist.set', 'dump', 'w', '10', '7'],
    ['DUMP', 'dump'],
  ],
  insert: [
    ['RPUSH', 'g', 'a', 'b', 'c'],
    ['keylist.insert', 'g', 'w', '0', 'H'],
    ['keylist.insert', 'g', 'w', '-1', 'T'],
    ['keylist.insert', 'g', 'w', '2', 'M'],
    ['keylist.insert', 'g', 'w', '-2', 'N'],
    ['LRANGE', 'g', '0', '-1'],
    ['keylist.insert', 'g', 'w', '7', 'P'],
    ['keylist.insert', 'g', 'w', '-9', 'Q'],
    ['LRANGE', 'g', '0', '-1'],
    ['keylist.insert', 'g', 'w', '100', 'X'],
    ['keylist.insert', 'g', 'w', '-100', 'X'],
    ['keylist.insert', 'g', 'r', '1', 'X'],
    ['keylist.insert', 'g', 'r', '0', 'X'],
    ['keylist.insert', 'g', 'r', '-1', 'X'],
    ['keylist.insert', 'new', 'w', '0', 'x'],
    ['keylist.insert', 'new2', 'w', '-1', 'x'],
    ['keylist.insert', 'new3', 'w', '1', 'x'],
    ['keylist.insert', 'new4', 'w', '-2', 'x'],
    ['keylist.insert', 'missing', 'r', '0', 'x'],
    ['keylist.insert', 'missing', 'r', '2', 'x'],
    ['EXISTS', 'new', 'new2', 'new3', 'new4', 'missing'],
    ['SET', 's', 'x'],
    ['keylist.insert', 's', 'w', '0', 'x'],
    ['keylist.insert', 's', 'w', '-1', 'x'],
    ['keylist.insert', 's', 'w', '3', 'x'],
    ['keylist.insert', 'g', 'w', '3', big],
    ['keylist.insert', 'g', 'w', '-3', binary],
    ['LLEN', 'g'],
    ['LINDEX', 'g', '3'],
    ['LRANGE', 'g', '-4', '-1'],
    ['RPUSH', 'dump', ...range(400, (i) => `value-${i}`)],
    ...range(20, (i): DiffInput => ['keylist.insert', 'dump', 'w', String(17 * i + 3), `inserted-${i}`]),
    ...range(10, (i): DiffInput => ['keylist.insert', 'dump', 'w', String(-11 * i - 2), `neg-${i}`]),
    ['DUMP', 'dump'],
    ['LRANGE', 'dump', '0', '30'],
  ],
  delete: [
    ['RPUSH', 'g', 'a', 'b', 'c', 'd', 'e'],
    ['keylist.delete', 'g', 'w', '0'],
    ['keylist.delete', 'g', 'w', '-1'],
    ['keylist.delete', 'g', 'w', '1'],
    ['keylist.delete', 'g', 'w', '2'],
    ['keylist.delete', 'g', 'w', '-3'],
    ['keylist.delete', 'g', 'r', '0'],
    ['LRANGE', 'g', '0', '-1'],
    ['keylist.delete', 'g', 'rw', '-1'],
    ['keylist.delete', 'g', 'w', '0'],
    ['EXISTS', 'g'],
    ['keylist.delete', 'g', 'w', '0'],
    ['keylist.delete', 'g', 'r', '0'],
    ['SET', 's', 'x'],
    ['keylist.delete', 's', 'w', '0'],
    ['RPUSH', 'dump', ...range(500, (i) => `d${i}`)],
    ...range(30, (i): DiffInput => ['keylist.delete', 'dump', 'w', String(13 * i)]),
    ['DUMP', 'dump'],
  ],
  edit: [
    ['RPUSH', 'e', 'a', 'b', 'c', 'd', 'e'],
    ['keylist.edit', 'e', 'kdkr', 'X'],
    ['DEL', 'e'],
    ['RPUSH', 'e', 'a', 'b', 'c', 'd', 'e', 'f'],
    ['keylist.edit', 'e', 'gdgkgdg'],
    ['keylist.edit', 'e', 'did', 'X'],
    ['keylist.edit', 'e', 'gkgkgkgkg'],
    ['keylist.edit', 'e', 'ikikikr', '1', '2', '3', 'R'],
    ['keylist.edit', 'e', 'reverse', 'gkgkgrgkiig', 'R', 'I', 'J'],
    ['keylist.edit', 'e', 'reverse', 'gkgkg'],
    ['keylist.edit', 'e', 'kkkkkkkkkkkkkkkkkkkkkkgdi', 'Z'],
    ['LRANGE', 'e', '0', '-1'],
    ['keylist.edit', 'fresh', 'iiii', 'a', 'b', 'c', 'd'],
    ['keylist.edit', 'fresh', 'dddd'],
    ['EXISTS', 'fresh'],
    ['keylist.edit', 'fresh', 'reverse', 'iii', 'a', 'b', 'c'],
    ['LRANGE', 'fresh', '0', '-1'],
    ['keylist.nulls', 'e'],
    ['keylist.nulls', 'nothing'],
    ['keylist.getthenset', 'e', 'v'],
    ['TYPE', 'e'],
    ['LRANGE', 'e', '0', '-1'],
  ],
};

describe.each([2, 3] as const)('keylist module, RESP%i', (resp) => {
  for (const [name, sequence] of Object.entries(sequences)) {
    it(`${name}: replies and dataset as redis-server`, async () => {
      // The dataset too: DEBUG DIGEST after the sequence is part of the diff.
      const mismatches = await pair.diff([['FLUSHALL'], ...sequence, ['DEBUG', 'DIGEST']], { resp });
      expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    });
  }
});

describe('keylist.selftest', () => {
  it('passes on both servers', async () => {
    for (let run = 0; run < 2; run++) {
      const { redis, ours } = await pair.sendBoth(['keylist.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});

/** A client blocked in `blocking` on key q, woken by another client's module command. */
async function wokenBy(server: ServerHandle, blocking: string[], write: string[]): Promise<string[]> {
  const blocked = await RawClient.connect(server.port);
  const writer = await RawClient.connect(server.port);
  try {
    await writer.send(['FLUSHALL']);
    const reply = blocked.send(blocking);
    // The blocked client must be parked before the write: wait until the server counts it.
    for (let i = 0; i < 100; i++) {
      const info = (await writer.send(['INFO', 'clients'])).toString();
      if (/blocked_clients:1\r\n/.test(info)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const written = await writer.send(write);
    const woken = await reply;
    const after = await writer.send(['LRANGE', 'q', '0', '-1']);
    return [written, woken, after].map((b) => b.toString('latin1'));
  } finally {
    blocked.close();
    writer.close();
  }
}

describe('blocked clients', () => {
  const cases: Array<{ name: string; blocking: string[]; write: string[] }> = [
    { name: 'BLPOP woken by ListPush', blocking: ['BLPOP', 'q', '0'], write: ['keylist.push', 'q', 'w', 'tail', 'v'] },
    { name: 'BRPOP woken by ListInsert', blocking: ['BRPOP', 'q', '0'], write: ['keylist.insert', 'q', 'w', '0', 'v'] },
    {
      name: 'BLMOVE woken by ListPush',
      blocking: ['BLMOVE', 'q', 'dst', 'LEFT', 'RIGHT', '0'],
      write: ['keylist.push', 'q', 'w', 'head', 'v'],
    },
    {
      name: 'a push and a pop in one command leave BLPOP blocked',
      blocking: ['BLPOP', 'q', '1'],
      write: ['keylist.edit', 'q', 'ip', 'v'],
    },
  ];
  for (const { name, blocking, write } of cases) {
    it(`${name}, on both servers`, async () => {
      const [redis, ours] = await Promise.all([wokenBy(pair.redis, blocking, write), wokenBy(pair.ours, blocking, write)]);
      expect(ours).toEqual(redis);
    });
  }
});

async function watchAbortedBy(server: ServerHandle, write: string[]): Promise<string[]> {
  const watcher = await RawClient.connect(server.port);
  const writer = await RawClient.connect(server.port);
  try {
    const replies = [
      await watcher.send(['FLUSHALL']),
      await watcher.send(['RPUSH', 'w', 'a', 'b']),
      await watcher.send(['WATCH', 'w']),
      await watcher.send(['MULTI']),
      await watcher.send(['SET', 'other', '1']),
      await writer.send(write),
      await watcher.send(['EXEC']),
      await watcher.send(['LRANGE', 'w', '0', '-1']),
      await watcher.send(['EXISTS', 'other']),
    ];
    return replies.map((b) => b.toString('latin1'));
  } finally {
    watcher.close();
    writer.close();
  }
}

describe('WATCH', () => {
  for (const write of [
    ['keylist.push', 'w', 'w', 'tail', 'c'],
    ['keylist.pop', 'w', 'w', 'head'],
    ['keylist.set', 'w', 'w', '0', 'A'],
    ['keylist.delete', 'w', 'w', '-1'],
    // A failed write still closes a WRITE key, which touches it in Redis too.
    ['keylist.set', 'w', 'w', '9', 'A'],
  ]) {
    it(`${write.join(' ')} aborts the transaction on both servers`, async () => {
      const [redis, ours] = await Promise.all([watchAbortedBy(pair.redis, write), watchAbortedBy(pair.ours, write)]);
      expect(redis[6]).toBe('*-1\r\n');
      expect(ours).toEqual(redis);
    });
  }
});
