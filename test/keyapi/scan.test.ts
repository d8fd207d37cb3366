// RedisModule_Scan and RedisModule_ScanKey (fixtures/keys_scan.c), compared
// with redis-server running the same .so. Scan order is each server's own, so
// the fixture sorts (and de-duplicates) what it saw before replying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, RawClient, ServerPair, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('keys_scan')], config: { 'enable-debug-command': 'yes' } });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

/** HSET/SADD/ZADD arguments for n elements, in chunks small enough for one command. */
function fill(command: string, key: string, n: number, element: (i: number) => string[]): DiffInput[] {
  const out: DiffInput[] = [];
  for (let start = 0; start < n; start += 500) {
    const args: string[] = [command, key];
    for (let i = start; i < Math.min(n, start + 500); i++) args.push(...element(i));
    out.push(args);
  }
  return out;
}

const binaryKey = Buffer.from([0x62, 0x00, 0x69, 0x6e, 0xff, 0x0a]);

const setup: DiffInput[] = [
  ['FLUSHALL'],
  ['SET', 'str', 'hello'],
  ['SET', binaryKey, Buffer.from([0, 1, 2])],
  ['RPUSH', 'list', 'a', 'b', 'c'],
  ['HSET', 'hsmall', 'f1', 'v1', 'f2', '', Buffer.from('f\x003'), Buffer.from('v\x00x')],
  ...fill('HSET', 'hbig', 1000, (i) => [`field:${i}`, `value:${i}`]),
  ['HSET', 'hlongval', 'f', 'x'.repeat(70000)],
  ['SADD', 'sint', '1', '-5', '100', '9223372036854775807', '-9223372036854775808'],
  ['SADD', 'sstr', 'a', 'b', 'c'],
  ...fill('SADD', 'sbig', 1000, (i) => [`member:${i}`]),
  ...fill('SADD', 'sbigint', 600, (i) => [`${i * 7}`]),
  ['ZADD', 'zsmall', '1', 'one', '1.5', 'onehalf', '-0.1', 'neg', 'inf', 'top', '-inf', 'bottom', '0', 'zero', '1e20', 'big'],
  ...fill('ZADD', 'zbig', 1000, (i) => [`${i / 7}`, `m:${i}`]),
  ['ZADD', 'zbig', '-0', 'negzero', '3.141592653589793', 'pi', '1e-300', 'tiny', '123456789012345680000', 'huge'],
  ['XADD', 'stream', '1-1', 'a', 'b'],
];

const scans: DiffInput[] = [
  ...setup,
  ['keyscan.keys'],
  ['keyscan.key', 'hsmall'],
  ['keyscan.key', 'hbig'],
  ['keyscan.key', 'hlongval'],
  ['keyscan.key', 'sint'],
  ['keyscan.key', 'sstr'],
  ['keyscan.key', 'sbig'],
  ['keyscan.key', 'sbigint'],
  ['keyscan.key', 'zsmall'],
  ['keyscan.key', 'zbig'],
  ['keyscan.key', 'str'],
  ['keyscan.key', 'list'],
  ['keyscan.key', 'stream'],
  ['keyscan.key', 'nokey'],
  ['keyscan.errno', 'hsmall'],
  ['keyscan.errno', 'hbig'],
  ['keyscan.errno', 'sint'],
  ['keyscan.errno', 'zbig'],
  ['keyscan.errno', 'str'],
  ['keyscan.errno', 'nokey'],
  ['DEBUG', 'DIGEST'],
];

/** Keys and elements deleted or added from the callbacks while the scan runs. */
const mutations: DiffInput[] = [
  ...setup,
  ...Array.from({ length: 20 }, (_, b) => ['MSET', ...Array.from({ length: 100 }, (_, i) => [`k:${b}:${i}`, `${i}`]).flat()]),
  ['DBSIZE'],
  ['keyscan.keysdel', 'k:1'],
  ['DBSIZE'],
  ['keyscan.keys'],
  ['keyscan.keysadd'],
  ['DBSIZE'],
  ['keyscan.keys'],
  ['keyscan.keysdel', 'new:'],
  ['DBSIZE'],
  ['keyscan.keydel', 'hbig', 'field:1'],
  ['HLEN', 'hbig'],
  ['keyscan.key', 'hbig'],
  ['keyscan.keydel', 'sbig', 'member:2'],
  ['SCARD', 'sbig'],
  ['keyscan.key', 'sbig'],
  ['keyscan.keydel', 'zbig', 'm:3'],
  ['ZCARD', 'zbig'],
  ['keyscan.key', 'zbig'],
  ['DEBUG', 'DIGEST'],
  ['SELECT', '3'],
  ['keyscan.keys'],
  ['SET', 'in3', 'x'],
  ['keyscan.keys'],
  ['SELECT', '0'],
];

describe.each([2, 3] as const)('keyscan module, RESP%i', (resp) => {
  it('scans the keyspace and each aggregate type as redis-server does', async () => {
    const mismatches = await pair.diff(scans, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('sees every key and element when the callbacks delete and add', async () => {
    const mismatches = await pair.diff(mutations, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

describe('keyscan module on both servers', () => {
  it('passes its in-module self test', async () => {
    for (const port of [pair.redis.port, pair.ours.port]) {
      const client = await RawClient.connect(port);
      try {
        expect((await client.send(['keyscan.selftest'])).toString()).toBe('+ALL TESTS PASSED\r\n');
      } finally {
        client.close();
      }
    }
  });

  it('scans a large keyspace completely', async () => {
    const client = await RawClient.connect(pair.ours.port);
    try {
      await client.send(['FLUSHALL']);
      for (let b = 0; b < 50; b++) {
        await client.send(['MSET', ...Array.from({ length: 200 }, (_, i) => [`big:${b}:${i}`, 'v']).flat()]);
      }
      const reply = (await client.send(['keyscan.keys'])).toString();
      expect(reply.startsWith('*10000\r\n')).toBe(true);
    } finally {
      client.close();
    }
  });
});
