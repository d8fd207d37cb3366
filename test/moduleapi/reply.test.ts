// Every ReplyWith* function, under RESP2 and RESP3, compared byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('reply')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const commands: DiffInput[] = [
  ['rw.longlong', '0'],
  ['rw.longlong', '-1'],
  ['rw.longlong', '9223372036854775807'],
  ['rw.longlong', '-9223372036854775808'],
  ['rw.longlong', 'x'],
  ['rw.longlong'],
  ...['1.5', '0', '-0', '1', '-1', 'inf', '-inf', '1e300', '-1e-300', '3.141592653589793', '0.1', '1e21', '123456789012345678', '5e-324']
    .map((d) => ['rw.double', d]),
  ['rw.double', 'nan'],
  ['rw.double', 'abc'],
  ...['1.5', '0', '-0', '0.1', 'inf', '-inf', '3.14159265358979323846', '1e4000', '-1e-4000', '123456789012345678901234567890', '1e-5']
    .map((d) => ['rw.longdouble', d]),
  ['rw.longdouble', 'nan'],
  ['rw.bignumber', '1234567890123456789012345678901234567890'],
  ['rw.bignumber', '-1'],
  ['rw.bignumber', 'not-validated'],
  ['rw.bool'],
  ['rw.null'],
  ['rw.nullarray'],
  ['rw.emptyarray'],
  ['rw.array', '0'],
  ['rw.array', '3'],
  ['rw.array', '-1'],
  ['rw.map', '0'],
  ['rw.map', '3'],
  ['rw.set', '0'],
  ['rw.set', '3'],
  ['rw.attribute', '0'],
  ['rw.attribute', '2'],
  ['rw.postponed'],
  ['rw.verbatim'],
  ['rw.verbatimtype', 'mkd', '# Title\n\nbody'],
  ['rw.verbatimtype', 'txt', ''],
  ['rw.verbatimtype', 'toolong', 'x'],
  ['rw.error'],
  ['rw.error', 'CUSTOM a custom error code'],
  ['rw.error', 'ERR line one\nline two\r\nline three'],
  ['rw.error', '-ERR leading dash'],
  ['rw.error', 'x'],
  ['rw.simple'],
  ['rw.simple', 'QUEUED-like status'],
  ['rw.cstring'],
  ['rw.string', 'plain'],
  ['rw.string', Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x0d, 0x0a])],
  ['rw.string', ''],
  ['rw.emptystring'],
  ['rw.stringbuffer'],
  ['rw.wrongarity'],
  ['rw.wrongarity', 'a', 'b'],
  ['RW.ARRAY', '2'],
];

describe.each([2, 3] as const)('reply module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('nests module replies inside MULTI/EXEC the same way', async () => {
    const mismatches = await pair.diff(
      [['MULTI'], ['rw.postponed'], ['rw.map', '2'], ['rw.double', '2.5'], ['rw.error'], ['rw.attribute', '1'], ['rw.nullarray'], ['EXEC']],
      { resp },
    );
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('answers pipelined commands in order', async () => {
    const pipelined = Array.from({ length: 200 }, (_, i): DiffInput => (i % 2 ? ['rw.array', String(i % 7)] : ['rw.string', `v${i}`]));
    const mismatches = await pair.diff(pipelined, { resp, pipeline: true });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
