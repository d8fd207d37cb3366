// DEBUG DIGEST and DEBUG DIGEST-VALUE against the real redis-server 7.0.15:
// the same commands on both servers, then the digests of the whole data set
// and of single keys must be the same 40 hex digits, for every type and
// encoding, with expiries, in several databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMismatches, ServerPair, type CommandArg, type DiffInput, type Protocol } from '../harness';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start({ config: { 'enable-debug-command': 'yes' } });
}, 60000);

afterAll(async () => {
  await pair?.stop();
  console.log(`digest.test: ${compared} differential replies compared`);
});

async function same(commands: DiffInput[], resp: Protocol = 2): Promise<void> {
  const mismatches = await pair.diff(commands, { resp });
  compared += commands.length;
  expect(formatMismatches(mismatches)).toBe('');
}

/** Runs `setup` after FLUSHALL on both servers, then compares both digests. */
async function digestsEqual(setup: CommandArg[][], keys: string[]): Promise<void> {
  for (const resp of [2, 3] as const) {
    await same([['FLUSHALL'], ...setup, ['DEBUG', 'DIGEST'], ['DEBUG', 'DIGEST-VALUE', ...keys]], resp);
  }
}

function range(n: number, f: (i: number) => string): string[] {
  return Array.from({ length: n }, (_v, i) => f(i));
}

describe('DEBUG DIGEST', () => {
  it('an empty data set digests to 40 zeros; missing keys to zeros; argument errors', async () => {
    await same([
      ['FLUSHALL'],
      ['DEBUG', 'DIGEST'],
      ['DEBUG', 'DIGEST-VALUE'],
      ['DEBUG', 'DIGEST-VALUE', 'missing', 'other'],
      ['DEBUG', 'DIGEST', 'extra'],
      ['DEBUG', 'digest'],
      ['DEBUG', 'Digest-Value', 'missing'],
    ]);
  });

  it('strings of every encoding, binary keys and values', async () => {
    await digestsEqual(
      [
        ['SET', 'a', 'hello'],
        ['SET', 'n', '12345'],
        ['SET', 'neg', '-7'],
        ['SET', 'raw', 'x'.repeat(100)],
        ['SET', Buffer.from([0, 255, 1]), Buffer.from([0, 0, 7])],
        ['SET', 'empty', ''],
        ['INCRBYFLOAT', 'f', '1.5'],
        ['APPEND', 'ap', 'abc'],
      ],
      ['a', 'n', 'neg', 'raw', 'empty', 'f', 'ap'],
    );
  });

  it('lists, sets, hashes and sorted sets in both encodings', async () => {
    await digestsEqual(
      [
        ['RPUSH', 'l', 'a', '1', 'b', '-5', 'x'.repeat(70)],
        ['RPUSH', 'big', ...range(2000, (i) => `item-${i}`)],
        ['LPUSH', 'rev', 'a', '1', 'b', '-5'],
        ['SADD', 'ints', '3', '1', '2', '-100000'],
        ['SADD', 'words', 'a', 'b', 'c', '10'],
        ['SADD', 'many', ...range(700, (i) => String(i))],
        ['HSET', 'h', 'f', 'v', 'n', '1', 'e', ''],
        ['HSET', 'hbig', ...range(400, (i) => (i % 2 === 0 ? `f${i}` : `v${i}`))],
        ['ZADD', 'z', '1.1', 'a', '-0', 'b', 'inf', 'c', '-inf', 'd', '1e300', 'e', '3', 'f', '5e-324', 'g'],
        ['ZADD', 'zbig', ...range(400, (i) => (i % 2 === 0 ? String(i / 7) : `m${i}`))],
        ['ZADD', 'zbig', '-0', 'negzero'],
      ],
      ['l', 'big', 'rev', 'ints', 'words', 'many', 'h', 'hbig', 'z', 'zbig'],
    );
  });

  it('streams: entries in order, consumer groups not included', async () => {
    await digestsEqual(
      [
        ['XADD', 's', '1-1', 'a', '1', 'b', '2'],
        ['XADD', 's', '1-2', 'a', '3', 'b', '4'],
        ['XADD', 's', '5-0', 'c', 'x'.repeat(80)],
        ['XADD', 's', '6-0', 'a', '9', 'b', '9'],
        ['XDEL', 's', '1-2'],
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM'],
      ],
      ['s', 'empty'],
    );
  });

  it('expiring keys and several databases', async () => {
    await digestsEqual(
      [
        ['SET', 'a', '1'],
        ['SET', 'b', '1', 'EX', '1000'],
        ['RPUSH', 'l', 'x'],
        ['PEXPIRE', 'l', '500000'],
        ['SELECT', '3'],
        ['SET', 'a', '1'],
        ['SADD', 's', 'm'],
        ['SELECT', '15'],
        ['HSET', 'h', 'f', 'v'],
        ['SELECT', '0'],
      ],
      ['a', 'b', 'l'],
    );
    // The same data in another database digests differently, on both servers.
    await same([['FLUSHALL'], ['SET', 'k', 'v'], ['DEBUG', 'DIGEST'], ['MOVE', 'k', '1'], ['DEBUG', 'DIGEST'], ['SWAPDB', '0', '1'], ['DEBUG', 'DIGEST']]);
  });

  it('the digest follows writes: list order matters, set order does not', async () => {
    await same([
      ['FLUSHALL'],
      ['RPUSH', 'l', 'a', 'b'],
      ['DEBUG', 'DIGEST-VALUE', 'l'],
      ['DEL', 'l'],
      ['RPUSH', 'l', 'b', 'a'],
      ['DEBUG', 'DIGEST-VALUE', 'l'],
      ['SADD', 's1', 'x', 'y'],
      ['SADD', 's2', 'y', 'x'],
      ['DEBUG', 'DIGEST-VALUE', 's1', 's2'],
      ['PERSIST', 'l'],
      ['EXPIRE', 's1', '100'],
      ['DEBUG', 'DIGEST-VALUE', 's1', 's2'],
      ['DEBUG', 'DIGEST'],
    ]);
  });
});
