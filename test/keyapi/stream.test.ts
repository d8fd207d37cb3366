// The stream functions of the key API (fixtures/keys_stream.c): StreamAdd,
// StreamDelete, the stream iterator, StreamTrimByLength/ByID, and the stream
// ID string conversions, against redis-server running the same .so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escapeBytes,
  fixturePath,
  formatMismatches,
  RawClient,
  ServerPair,
  type CommandArg,
  type DiffInput,
  type ServerHandle,
} from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [fixturePath('keys_stream')],
    config: { 'enable-debug-command': 'yes' },
  });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const MAX = '18446744073709551615';
const ADD_AUTOID = '1';
const EXCLUSIVE = '1';
const REVERSE = '2';
const BOTH = '3';
const APPROX = '1';

/** What to compare after a sequence: the dataset's digest and how streams look to commands. */
const inspect = (...keys: string[]): DiffInput[] => [
  ['DEBUG', 'DIGEST'],
  ...keys.flatMap((k): DiffInput[] => [
    ['XRANGE', k, '-', '+'],
    ['XINFO', 'STREAM', k],
    ['XLEN', k],
  ]),
];

const binary = Buffer.from([0x00, 0xff, 0x0a, 0x00, 0x0d]);
const big = Buffer.alloc(70000, 0x62);

const sequences: Record<string, DiffInput[]> = {
  'add with given IDs, errors by mode and type': [
    ['FLUSHALL'],
    ['kstream.add', 's', 'w', '0', '1-1', 'a', '1', 'b', '2'],
    ['kstream.add', 's', 'w', '0', '1-1', 'a', '1'],
    ['kstream.add', 's', 'w', '0', '1-0', 'a', '1'],
    ['kstream.add', 's', 'w', '0', '0-0', 'a', '1'],
    ['kstream.add', 'new', 'w', '0', '0-0', 'a', '1'],
    ['EXISTS', 'new'],
    ['kstream.add', 's', 'w', '0', '5', 'a', '3', 'b', '4'],
    ['kstream.add', 's', 'w', '0', '5-18446744073709551615', 'c', '5'],
    ['kstream.add', 's', 'w', '0', '6-0'],
    ['kstream.add', 's', 'r', '0', '7-0', 'a', '1'],
    ['kstream.add', 's', 'rw', '0', '7-0', 'x', '1'],
    ['kstream.add', 's', 'w', '4', '8-0', 'a', '1'],
    ['kstream.add', 's', 'w', '0', 'null', 'a', '1'],
    ['kstream.add', binary, 'w', '0', '1-1', binary, binary, 'big', big],
    ['kstream.add', binary, 'w', '0', '1-2', 'big', big, binary, binary],
    ['SET', 'str', 'text'],
    ['kstream.add', 'str', 'w', '0', '1-1', 'a', '1'],
    ['kstream.add', 'str', 'w', ADD_AUTOID, 'null', 'a', '1'],
    ['kstream.add', 'missing', 'r', '0', '1-1', 'a', '1'],
    ['RPUSH', 'list', 'x'],
    ['kstream.add', 'list', 'w', '0', '1-1', 'a', '1'],
    ['GET', 'str'],
    ...inspect('s', 'new'),
    ['XRANGE', binary, '-', '+'],
    ['XINFO', 'STREAM', binary],
  ],

  'automatic IDs after a future or exhausted ID': [
    ['FLUSHALL'],
    // A last ID beyond the clock makes AUTOID deterministic: last + 1.
    ['kstream.add', 'a', 'w', '0', '99999999999999-5', 'f', 'v'],
    ['kstream.add', 'a', 'w', ADD_AUTOID, '0-0', 'f', 'v'],
    ['kstream.add', 'a', 'w', ADD_AUTOID, 'null', 'g', 'w'],
    ['kstream.add', 'a', 'w', '0', `99999999999999-${MAX}`, 'f', 'v'],
    ['kstream.add', 'a', 'w', ADD_AUTOID, '0-0', 'f', 'v'],
    ['kstream.add', 'a', 'w', '0', `${MAX}-${MAX}`, 'f', 'v'],
    ['kstream.add', 'a', 'w', ADD_AUTOID, '0-0', 'f', 'v'],
    ['kstream.add', 'a', 'w', '0', `${MAX}-${MAX}`, 'f', 'v'],
    ['kstream.add', 'a', 'w', '0', '1-1', 'f', 'v'],
    ['kstream.add', 'm', 'w', '0', `${MAX}-${MAX}`],
    ['kstream.add', 'm', 'w', ADD_AUTOID, 'null'],
    ...inspect('a', 'm'),
  ],

  'many fields and many entries (node splits)': [
    ['FLUSHALL'],
    [
      'kstream.add',
      'wide',
      'w',
      '0',
      '1-1',
      ...Array.from({ length: 600 }, (_, i) => [`field${i}`, `value${i}`]).flat(),
    ],
    ['kstream.addn', 'n', '250', '2'],
    ['kstream.addn', 'n0', '30', '0'],
    ['kstream.addn', 'w', '40', '40'],
    ['XLEN', 'wide'],
    ['kstream.range', 'wide', 'r', '0', 'null', 'null'],
    ['kstream.range', 'n0', 'r', REVERSE, 'null', 'null'],
    ...inspect('n', 'n0', 'w'),
  ],

  'iterating ranges': [
    ['FLUSHALL'],
    ['kstream.addn', 's', '20', '3'],
    ['XADD', 's', '9-0', 'other', 'fields', 'x', binary],
    ['XADD', 's', '9-1', 'big', big],
    ['XDEL', 's', '2-0', '3-1'],
    ...[
      ['null', 'null'],
      ['2-1', '4-0'],
      ['2', '4'],
      ['3-1', '3-1'],
      ['3-0', '3-0'],
      ['0-0', `${MAX}-${MAX}`],
      ['4-0', '2-0'],
      ['null', '3-2'],
      ['3-2', 'null'],
      [`${MAX}-${MAX}`, 'null'],
      ['null', '0-0'],
      ['9-1', 'null'],
    ].flatMap(([start, end]): DiffInput[] =>
      ['0', EXCLUSIVE, REVERSE, BOTH].map((flags): DiffInput => ['kstream.range', 's', 'r', flags, start, end]),
    ),
    ['kstream.range', 's', 'r', '4', 'null', 'null'],
    ['kstream.range', 'missing', 'r', '0', 'null', 'null'],
    ['kstream.range', 'missing', 'w', '0', 'null', 'null'],
    ['SET', 'str', 'x'],
    ['kstream.range', 'str', 'r', '0', 'null', 'null'],
    ['kstream.fieldptrs', 's'],
    ['kstream.leak', 's'],
    ['kstream.leak', 's'],
    ...inspect('s'),
  ],

  'deleting entries': [
    ['FLUSHALL'],
    ['kstream.addn', 's', '12', '2'],
    ['kstream.del', 's', 'w', '1-0'],
    ['kstream.del', 's', 'w', '1-0'],
    ['kstream.del', 's', 'r', '1-1'],
    ['kstream.del', 's', 'w', '99-0'],
    ['kstream.del', 's', 'w', 'null'],
    ['kstream.del', 'missing', 'w', '1-1'],
    ['SET', 'str', 'x'],
    ['kstream.del', 'str', 'w', '1-1'],
    ...inspect('s'),
    ['kstream.iterdel', 's', 'w', '0', 'null', 'null', '3'],
    ...inspect('s'),
    ['kstream.iterdel', 's', 'w', REVERSE, 'null', 'null', '2'],
    ...inspect('s'),
    ['kstream.iterdel', 's', 'r', '0', 'null', 'null', '1'],
    ['kstream.iterdel', 's', 'w', EXCLUSIVE, '2-2', '4-1', '1'],
    ...inspect('s'),
    ['kstream.iterdel', 's', 'w', '0', 'null', 'null', '1'],
    ['EXISTS', 's'],
    ...inspect('s'),
    ['kstream.add', 's', 'w', '0', '1-0', 'a', '1'],
    ['kstream.add', 's', 'w', '0', '100-0', 'a', '1'],
    ...inspect('s'),
    // After deleting the first entry with the key API the stream still
    // records the old first ID (unlike XDEL), as in Redis.
    ['kstream.addn', 'd', '6', '1'],
    ['kstream.del', 'd', 'w', '1-0'],
    ['XINFO', 'STREAM', 'd'],
    ['kstream.iterdel', 'd', 'w', '0', 'null', 'null', '1'],
    ['XINFO', 'STREAM', 'd'],
  ],

  trimming: [
    ['FLUSHALL'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '10'],
    ['kstream.addn', 's', '95', '2'],
    ['kstream.trimlen', 's', 'w', '0', '1000'],
    ['kstream.trimlen', 's', 'w', '0', '90'],
    ['kstream.trimlen', 's', 'w', APPROX, '70'],
    ['kstream.trimlen', 's', 'w', APPROX, '69'],
    ...inspect('s'),
    ['kstream.trimid', 's', 'w', '0', '12-1'],
    ['kstream.trimid', 's', 'w', APPROX, '25-0'],
    ['kstream.trimid', 's', 'w', APPROX, '12'],
    ...inspect('s'),
    ['kstream.trimlen', 's', 'r', '0', '1'],
    ['kstream.trimid', 's', 'r', '0', '1-1'],
    ['kstream.trimlen', 's', 'w', '2', '1'],
    ['kstream.trimlen', 's', 'w', '0', '-1'],
    ['kstream.trimid', 's', 'w', '2', '1-1'],
    ['kstream.trimid', 's', 'w', '0', 'null'],
    ['kstream.trimlen', 'missing', 'w', '0', '1'],
    ['kstream.trimid', 'missing', 'w', '0', '1'],
    ['SET', 'str', 'x'],
    ['kstream.trimlen', 'str', 'w', '0', '1'],
    ['kstream.trimid', 'str', 'w', '0', '1'],
    ['kstream.trimlen', 's', 'w', APPROX, '0'],
    ['kstream.trimlen', 's', 'w', '0', '0'],
    ['EXISTS', 's'],
    ...inspect('s'),
    ['kstream.trimid', 's', 'w', '0', `${MAX}-${MAX}`],
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ],

  'refusals in every iterator state': [
    ['FLUSHALL'],
    ['kstream.nullkey'],
    ['kstream.errors', 'e', 'w'],
    ['kstream.errors', 'e', 'r'],
    ['kstream.errors', 'e', 'w'],
    ['kstream.errors', 'missing', 'r'],
    ['SET', 'str', 'x'],
    ['kstream.errors', 'str', 'w'],
    ['kstream.errors', 'str', 'r'],
    ['HSET', 'h', 'a', 'b'],
    ['kstream.errors', 'h', 'w'],
    ...inspect('e'),
  ],

  'stream ID strings': [
    ...['1-2', '5', '0-0', '-', '+', `${MAX}-${MAX}`, `${MAX}`, '18446744073709551616-0', '1-x', '-1', '1-', '',
      '*', '1-*', ' 1-2', '01-02', '1-2-3', 'a'.repeat(200), Buffer.from('7-8\x009')].map(
      (s): DiffInput => ['kstream.parseid', s],
    ),
  ],

  'WATCH sees an entry added by the module': [
    ['FLUSHALL'],
    ['kstream.add', 's', 'w', '0', '1-1', 'a', '1'],
    ['WATCH', 's'],
    ['kstream.add', 's', 'w', '0', '2-1', 'a', '1'],
    ['MULTI'],
    ['PING'],
    ['EXEC'],
    ['WATCH', 's'],
    ['kstream.range', 's', 'r', '0', 'null', 'null'],
    ['MULTI'],
    ['PING'],
    ['EXEC'],
  ],
};

describe.each([2, 3] as const)('stream key API, RESP%i', (resp) => {
  for (const [name, commands] of Object.entries(sequences)) {
    it(`${name}: replies and digests as redis-server`, async () => {
      const mismatches = await pair.diff(commands, { resp });
      expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    });
  }

  it('AUTOID uses the clock: same shape on both servers', async () => {
    const clockId = /\d{13}-\d+/g;
    const normalize = (frame: Buffer): Buffer => Buffer.from(frame.toString('latin1').replace(clockId, 'T-S'), 'latin1');
    const commands: DiffInput[] = [
      ['FLUSHALL'],
      { args: ['kstream.add', 'c', 'w', ADD_AUTOID, '0-0', 'a', '1'], normalize },
      { args: ['kstream.add', 'c', 'w', ADD_AUTOID, 'null', 'b', '2'], normalize },
      { args: ['kstream.range', 'c', 'r', '0', 'null', 'null'], normalize },
      { args: ['XINFO', 'STREAM', 'c'], normalize },
      ['kstream.add', 'c', 'w', '0', '1-1', 'a', '1'],
    ];
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

/** XREAD BLOCK on one connection, a module StreamAdd on another: the blocked client's reply. */
async function blockedRead(server: ServerHandle, resp: 2 | 3, xread: CommandArg[], adds: CommandArg[][]): Promise<string> {
  const setup = await RawClient.connect(server.port);
  const reader = await RawClient.connect(server.port);
  try {
    if (resp === 3) await reader.send(['HELLO', '3']);
    await setup.send(['FLUSHALL']);
    await setup.send(['kstream.add', 'old', 'w', '0', '1-1', 'f', 'v']);
    const reply = reader.send(xread, 8000);
    for (let tries = 0; ; tries++) {
      const info = (await setup.send(['INFO', 'clients'])).toString('latin1');
      if (/blocked_clients:1\r\n/.test(info)) break;
      if (tries > 500) throw new Error(`${server.kind}: the reader never blocked`);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const add of adds) await setup.send(add);
    return escapeBytes(await reply);
  } finally {
    setup.close();
    reader.close();
  }
}

describe.each([2, 3] as const)('blocked readers, RESP%i', (resp) => {
  const cases: Array<[string, CommandArg[], CommandArg[][]]> = [
    ['an existing stream', ['XREAD', 'BLOCK', '5000', 'STREAMS', 'old', '$'], [['kstream.add', 'old', 'w', '0', '2-1', 'x', 'y']]],
    ['a new stream', ['XREAD', 'BLOCK', '5000', 'STREAMS', 'fresh', '$'], [['kstream.add', 'fresh', 'w', '0', '3-1', 'x', 'y']]],
    [
      'a refused add does not wake it',
      ['XREAD', 'BLOCK', '5000', 'STREAMS', 'old', '$'],
      [
        ['kstream.add', 'old', 'w', '0', '1-0', 'x', 'y'],
        ['kstream.add', 'old', 'w', '0', '7-7', 'after', 'refusal'],
      ],
    ],
  ];
  for (const [name, xread, adds] of cases) {
    it(`a module StreamAdd wakes XREAD BLOCK on ${name}`, async () => {
      const [redis, ours] = await Promise.all([
        blockedRead(pair.redis, resp, xread, adds),
        blockedRead(pair.ours, resp, xread, adds),
      ]);
      expect(ours).toBe(redis);
      expect(ours).not.toBe('');
    });
  }
});

describe('keyspace events', () => {
  it('the stream functions publish none (the module would call NotifyKeyspaceEvent)', async () => {
    const run = async (server: ServerHandle): Promise<string> => {
      const client = await RawClient.connect(server.port);
      const subscriber = await RawClient.connect(server.port);
      try {
        await client.send(['FLUSHALL']);
        await client.send(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
        await subscriber.send(['PSUBSCRIBE', '__key*__:*']);
        await subscriber.send(['SUBSCRIBE', 'marker']);
        await client.send(['kstream.add', 's', 'w', '0', '1-1', 'a', '1']);
        await client.send(['kstream.addn', 's2', '5', '1']);
        await client.send(['kstream.iterdel', 's2', 'w', '0', 'null', 'null', '2']);
        await client.send(['kstream.trimlen', 's2', 'w', '0', '0']);
        await client.send(['PUBLISH', 'marker', 'done']);
        const first = await subscriber.nextFrame(5000);
        await client.send(['CONFIG', 'SET', 'notify-keyspace-events', '']);
        return escapeBytes(first);
      } finally {
        client.close();
        subscriber.close();
      }
    };
    const [redis, ours] = await Promise.all([run(pair.redis), run(pair.ours)]);
    expect(redis).toContain('marker');
    expect(ours).toBe(redis);
  });
});

describe('kstream.selftest', () => {
  it('passes on both servers, repeatedly', async () => {
    for (let run = 0; run < 3; run++) {
      const { redis, ours } = await pair.sendBoth(['kstream.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});
