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

const commands: DiffInput[] = [
  ['mem.auto', 'mem:k', 'v1'],
  ['GET', 'mem:k'],
  ['mem.auto', 'mem:k', Buffer.from([0x00, 0xff])],
  ['GET', 'mem:k'],
  ['RPUSH', 'mem:list', 'a'],
  ['mem.auto', 'mem:list', 'v'],
  ['mem.auto', 'mem:k'],
  ['mem.poolstress', '0'],
  ['mem.poolstress', '100000'],
  ['mem.poolstress', 'x'],
  ['mem.selftest', 'extra'],
  ['DEL', 'mem:k', 'mem:list'],
];

describe.each([2, 3] as const)('memory module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
