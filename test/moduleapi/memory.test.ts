// The module allocator, the per-command pool and AutoMemory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('memory')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

describe('mem.selftest', () => {
  it('passes on both servers, repeatedly', async () => {
    for (let run = 0; run < 3; run++) {
      const { redis, ours } = await pair.sendBoth(['mem.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});

// AutoMemory of keys and call replies is tested with the key API and
// RedisModule_Call, which bring their own fixtures.
const commands: DiffInput[] = [
  ['mem.poolstress', '0'],
  ['mem.poolstress', '100000'],
  ['mem.poolstress', 'x'],
  ['mem.selftest', 'extra'],
];

describe.each([2, 3] as const)('memory module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
