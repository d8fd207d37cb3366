// The example module: its commands against redis-server and ours, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, typeOnly, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [{ path: fixturePath('hello'), args: ['first-arg', '42'] }] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const commands: DiffInput[] = [
  // rand() is seeded differently in every process: only the reply type is comparable.
  { args: ['hello.rand'], normalize: typeOnly },
  ['hello.rand', 'extra'],
  ['hello.echo', 'hi there'],
  ['hello.echo', Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x41])],
  ['hello.echo', ''],
  ['hello.echo'],
  ['hello.echo', 'a', 'b'],
  ['hello.concat', 'foo', 'bar'],
  ['hello.concat', '', ''],
  ['hello.concat', 'only'],
  ['hello.sum', '1', '2', '3'],
  ['hello.sum', '-5', '10'],
  ['hello.sum', '9223372036854775807', '1'],
  ['hello.sum', '1', 'x'],
  ['hello.sum', '1.5'],
  ['hello.sum'],
  ['hello.args'],
  ['hello.select', '3'],
  ['hello.select', '0'],
  ['hello.select', '16'],
  ['hello.select', '-1'],
  ['hello.select', 'x'],
  ['HELLO.ECHO', 'case-insensitive name'],
  ['hello.nosuch'],
  ['MODULE', 'LIST'],
  ['COMMAND', 'INFO', 'hello.rand', 'hello.echo', 'hello.concat', 'hello.sum', 'hello.args', 'hello.select'],
  ['COMMAND', 'DOCS', 'hello.echo'],
];

describe.each([2, 3] as const)('hello module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  // Module commands take a fast path through memory shared with the addon
  // (64 KiB of argument bytes, 1024 arguments, 64 KiB of reply); these cross
  // each limit so the fallback paths answer too.
  it('handles arguments and replies larger than the shared buffers', async () => {
    const big = Buffer.alloc(100 * 1024, 0x61);
    big[0] = 0;
    big[big.length - 1] = 0x0a;
    const exactly = Buffer.alloc(64 * 1024 - 'hello.echo'.length, 0x62);
    const manyOnes = Array.from({ length: 2000 }, () => '1');
    const mismatches = await pair.diff(
      [
        ['hello.echo', big],
        ['hello.echo', exactly],
        ['hello.sum', ...manyOnes],
        ['hello.sum', ...Array.from({ length: 1023 }, (_, i) => String(i))],
        ['hello.concat', big, big],
      ],
      { resp },
    );
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('keeps the database chosen by SelectDb for the next commands', async () => {
    const mismatches = await pair.diff(
      [['hello.select', '5'], ['SET', 'hello:k', 'in-db-5'], ['SELECT', '0'], ['GET', 'hello:k'], ['SELECT', '5'], ['GET', 'hello:k'], ['DEL', 'hello:k']],
      { resp },
    );
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
