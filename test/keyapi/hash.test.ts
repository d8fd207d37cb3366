// The hash functions of the key API (fixtures/keys_hash.c): HashSet with
// every flag and the delete marker, HashGet with values and EXISTS, errno,
// empty keys, deletion of the last field, binary and big data. Each sequence
// runs on redis-server and on ours; replies are compared byte for byte and
// DEBUG DIGEST closes every sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [fixturePath('keys_hash')],
    config: { 'enable-debug-command': 'yes' },
  });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const DEL = '__DEL__';
const big = Buffer.alloc(70000, 0x62);
big.write('head\0', 0, 'latin1');
const binaryField = Buffer.from([0x00, 0x66, 0xff, 0x0a]);

/** Many fields, four per call: passes hash-max-listpack-entries (128). */
const manyFields: DiffInput[] = Array.from({ length: 40 }, (_, i): DiffInput => [
  'keyhash.set', 'many', 'w', '-',
  ...[0, 1, 2, 3].flatMap((j) => [`f${i * 4 + j}`, `v${i * 4 + j}`]),
]);

const sequences: Record<string, DiffInput[]> = {
  'set, update, get': [
    ['keyhash.set', 'h', 'w', '-', 'a', '1', 'b', '2'],
    ['keyhash.set', 'h', 'w', '-', 'a', '3'],
    ['keyhash.set', 'h', 'w', 'a', 'a', '3', 'c', '4'],
    ['keyhash.set', 'h', 'rw', '-', 'd', '5', 'a', ''],
    ['keyhash.get', 'h', 'r', '-', 'a', 'b', 'c', 'zz'],
    ['keyhash.get', 'h', 'r', 'e', 'a', 'zz', 'd'],
    ['keyhash.get', 'h', 'w', 'c', 'a', 'c'],
    ['keyhash.get', 'h', 'w', 'ce', 'a', 'nope'],
    ['keyhash.get', 'h', 'r', '-'],
    ['keyhash.get', 'nohash', 'w', '-', 'a', 'b'],
    ['keyhash.get', 'nohash', 'w', 'e', 'a'],
    ['keyhash.get', 'nohash', 'r', '-', 'a'],
    ['HGETALL', 'h'],
    ['OBJECT', 'ENCODING', 'h'],
  ],
  'NX and XX': [
    ['keyhash.set', 'h', 'w', 'n', 'a', '1'],
    ['keyhash.set', 'h', 'w', 'n', 'a', '2', 'b', '2'],
    ['keyhash.set', 'h', 'w', 'na', 'a', '2', 'c', '3'],
    ['keyhash.set', 'h', 'w', 'x', 'a', '5', 'zz', '1'],
    ['keyhash.set', 'h', 'w', 'xa', 'a', '6', 'zz', '1'],
    ['keyhash.set', 'h', 'w', 'nx', 'a', '7', 'new', '1'],
    ['keyhash.set', 'h', 'w', 'n', 'a', DEL],
    ['keyhash.set', 'h', 'w', 'x', 'zz', DEL, 'b', DEL],
    ['keyhash.set', 'h', 'w', 'xc', 'c', '9'],
    ['keyhash.set', 'fresh', 'w', 'x', 'a', '1'],
    ['EXISTS', 'fresh'],
    ['keyhash.set', 'fresh', 'w', 'n', 'a', '1'],
    ['HGETALL', 'h'],
    ['HGETALL', 'fresh'],
  ],
  'deletes and empty keys': [
    ['keyhash.set', 'h', 'w', '-', 'a', '1', 'b', '2', 'c', '3'],
    ['keyhash.set', 'h', 'w', '-', 'a', DEL, 'zz', DEL],
    ['keyhash.set', 'h', 'w', 'a', 'b', DEL, 'd', '4', 'd', DEL],
    ['keyhash.set', 'h', 'w', '-', 'c', DEL],
    ['EXISTS', 'h'],
    ['keyhash.set', 'e', 'w', '-', 'a', DEL],
    ['keyhash.set', 'e', 'w', 'a', 'a', '1', 'a', DEL],
    ['keyhash.set', 'e', 'w', '-'],
    ['keyhash.set', 'e', 'w', 'a'],
    ['EXISTS', 'e'],
    ['keyhash.set', 'e', 'w', 'c', 'x', '1', 'x', DEL, 'y', '2'],
    ['HGETALL', 'e'],
  ],
  'errors and errno': [
    ['SET', 's', 'v'],
    ['RPUSH', 'l', 'x'],
    ['HSET', 'h', 'a', '1'],
    ['keyhash.set', 's', 'w', '-', 'a', '1'],
    ['keyhash.set', 's', 'r', '-', 'a', '1'],
    ['keyhash.set', 'l', 'w', 'a', 'a', '1'],
    ['keyhash.set', 'h', 'r', '-', 'a', '2'],
    ['keyhash.set', 'h', 'r', 'u', 'a', '2'],
    ['keyhash.set', 'h', 'w', 'e', 'a', '2'],
    ['keyhash.set', 'h', 'w', 'u'],
    ['keyhash.set', 'missing', 'r', '-', 'a', '1'],
    ['keyhash.get', 's', 'r', '-', 'a'],
    ['keyhash.get', 's', 'w', 'e', 'a'],
    ['keyhash.get', 'l', 'r', '-'],
    ['keyhash.nullkey'],
    ['GET', 's'],
    ['HGETALL', 'h'],
  ],
  'binary and big data': [
    ['keyhash.set', 'h', 'w', '-', binaryField, Buffer.from([0x00, 0x00]), 'k', big],
    ['keyhash.get', 'h', 'r', '-', binaryField, 'k', Buffer.from([0x00])],
    ['keyhash.get', 'h', 'r', 'e', binaryField, 'k'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSTRLEN', 'h', 'k'],
    ['keyhash.set', 'h', 'w', 'c', Buffer.from('ab\0cd', 'latin1'), 'cfield'],
    ['keyhash.get', 'h', 'r', 'c', Buffer.from('ab\0zz', 'latin1')],
    ['HGET', 'h', 'ab'],
    ['keyhash.set', 'h', 'w', '-', 'k', DEL, binaryField, DEL, 'ab', DEL],
    ['EXISTS', 'h'],
    ['keyhash.set', 'b', 'w', '-', big, 'v'],
    ['keyhash.get', 'b', 'r', '-', big],
    ['OBJECT', 'ENCODING', 'b'],
  ],
  'listpack to hashtable by entries': [
    ...manyFields,
    ['HLEN', 'many'],
    ['OBJECT', 'ENCODING', 'many'],
    ['keyhash.get', 'many', 'r', '-', 'f0', 'f159', 'f160'],
    ['keyhash.set', 'many', 'w', '-', 'f0', DEL, 'f1', DEL],
    ['HLEN', 'many'],
  ],
};

describe.each([2, 3] as const)('keys_hash module, RESP%i', (resp) => {
  for (const [name, sequence] of Object.entries(sequences)) {
    it(`${name}: same replies and digest as redis-server`, async () => {
      const commands: DiffInput[] = [['FLUSHALL'], ...sequence, ['DEBUG', 'DIGEST']];
      const mismatches = await pair.diff(commands, { resp });
      expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    });
  }
});

describe('keyhash.selftest', () => {
  it('passes on both servers', async () => {
    for (let run = 0; run < 2; run++) {
      const { redis, ours } = await pair.sendBoth(['keyhash.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});
