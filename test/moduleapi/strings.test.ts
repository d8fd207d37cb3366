// RedisModuleString: constructors, conversions and lifetimes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('strings')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const each = (command: string, inputs: string[]): DiffInput[] => inputs.map((input) => [command, input]);

const commands: DiffInput[] = [
  ...each('str.tolonglong', ['123', '-0', '+1', '01', ' 1', '1 ', '9223372036854775807', '9223372036854775808',
    '-9223372036854775808', '-9223372036854775809', '', '1e3', '0x10', '-']),
  ...each('str.toulonglong', ['0', '18446744073709551615', '18446744073709551616', '-1', '+5', '007', 'x']),
  ...each('str.todouble', ['1.5', '-0', 'inf', '-inf', '+inf', 'infinity', 'nan', '1e400', '1e-400', ' 1', '1 ', '0x10',
    '.5', '5.', '1e', '', '3.141592653589793238']),
  ...each('str.tolongdouble', ['1.5', '0.1', '3.14159265358979323846264338327950288', '1e4000', 'inf', '-inf', 'nan',
    'abc', '.5', ' 1', '1e-4000', '']),
  ...each('str.fromlonglong', ['0', '-1', '9223372036854775807', '-9223372036854775808']),
  ...each('str.fromdouble', ['1.5', '0.1', '1e21', '1e20', '-0', '123456789', '3.0', '1e-7', 'inf', '-inf',
    '0.30000000000000004', '5e-324', '1.7976931348623157e308']),
  ...['1.5', '0.1', '1e20', '123.456', '-0', 'inf', '-inf', '1e-10', '3.14159265358979323846']
    .flatMap((value): DiffInput[] => [['str.fromlongdouble', value, '0'], ['str.fromlongdouble', value, '1']]),
  ['str.printf', 'word'],
  ['str.printf', ''],
  ['str.append', 'abc', 'def'],
  ['str.append', '', ''],
  ['str.append', Buffer.from([0x00, 0x01]), Buffer.from([0xff, 0x00])],
  ['str.append', 'x'.repeat(5000), 'y'.repeat(70000)],
  ['str.compare', 'a', 'b'],
  ['str.compare', 'b', 'a'],
  ['str.compare', 'same', 'same'],
  ['str.compare', 'a', 'ab'],
  ['str.compare', 'ab', 'a'],
  ['str.compare', '', ''],
  ['str.compare', Buffer.from([0x80]), Buffer.from([0x7f])],
  ['str.compare', '10', '9'],
  ...each('str.streamid', ['1-2', '5', '0-0', '18446744073709551615-18446744073709551615', '18446744073709551616-0',
    '1-x', '-1', '1-', '', '*', '1-*', ' 1-2']),
  ['str.trim', 'abc', 'def'],
  ['str.trim', '', 'x'.repeat(1000)],
  ['str.tolonglong'],
  ['str.compare', 'only-one'],
];

describe.each([2, 3] as const)('strings module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

describe('str.selftest', () => {
  it('passes on both servers, repeatedly (a retained string outlives its command)', async () => {
    for (let run = 0; run < 3; run++) {
      const { redis, ours } = await pair.sendBoth(['str.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});
