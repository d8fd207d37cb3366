// String and bitmap commands against Debian's redis-server 7.0.15: the same
// commands to both servers over RESP2 and RESP3, replies compared byte for
// byte (errors, edge cases, random fuzz), plus the keyspace events, WATCH
// and encodings checked in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, ServerPair, escapeBytes, formatMismatches, type CommandArg, type DiffInput, type Protocol } from '../harness';
import { startServer, type RedisModuleHost } from '../../src/index';
import { keyOf, type Entry } from '../../src/keyspace/keyspace';
import {
  addLongDouble,
  formatLongDouble,
  parseLongDouble,
  stringEncoding,
  stringMemoryUsage,
} from '../../src/keyspace/string';

let pair: ServerPair;
let compared = 0;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
  // How many replies were compared, for the report.
  console.log(`strings: ${compared} replies compared with redis-server`);
});

/** Runs `commands` (after a FLUSHALL) on both servers in both protocols; no reply may differ. */
async function same(commands: DiffInput[], protocols: Protocol[] = [2, 3]): Promise<void> {
  for (const resp of protocols) {
    const mismatches = await pair.diff([['FLUSHALL'], ...commands], { resp });
    compared += commands.length + 1;
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  }
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('GET SET and the SET options', () => {
  it('SET options, combinations and errors', async () => {
    await same([
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'v2', 'NX'],
      ['SET', 'k', 'v2', 'nx', 'GET'],
      ['SET', 'k', 'v3', 'XX', 'GET'],
      ['SET', 'missing', 'v', 'XX'],
      ['SET', 'missing', 'v', 'XX', 'GET'],
      ['SET', 'missing', 'v', 'NX', 'GET'],
      ['GET', 'missing'],
      ['SET', 'k', 'v', 'NX', 'XX'],
      ['SET', 'k', 'v', 'XX', 'NX'],
      ['SET', 'k', 'v', 'NX', 'NX'],
      ['SET', 'k', 'v', 'GET', 'GET'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'PXAT', '-5'],
      ['SET', 'k', 'v', 'EX', 'x'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ' 1'],
      ['SET', 'k', 'v', 'EX', '01'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'PX'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '5'],
      ['SET', 'k', 'v', 'EX', '5', 'KEEPTTL'],
      ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'],
      ['SET', 'k', 'v', 'PX', '100', 'EX', '10'],
      ['SET', 'k', 'v', 'EXAT', '100', 'PXAT', '10'],
      ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
      ['SET', 'k', 'v', 'EX', 'x', 'EX', '20'],
      ['SET', 'k', 'v', 'PX', '9223372036854775807'],
      ['SET', 'k', 'v', 'PX', '9223372036854775808'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      ['SET', 'k', 'v', 'PX', '-9223372036854775808'],
      ['SET', 'k', 'v', 'FOO'],
      ['SET', 'k', 'v', 'PERSIST'],
      ['SET', 'k', 'v', 'ex', '100', 'get', 'nx'],
      ['SET', 'k', 'v', 'Px', '100000', 'xX'],
      ['SET', 'k', 'v', 'keepttl', 'xx', 'get'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'PXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'EXAT', '1', 'GET'],
      ['SET', 'k', 'old'],
      ['SET', 'k', 'new', 'EX', '0', 'GET'],
      ['GET', 'k'],
      ['SET', 'e', ''],
      ['GET', 'e'],
      ['SET', 'bin', b('a\x00b\r\n\xff')],
      ['GET', 'bin'],
      // Options are matched as C strings: what follows a NUL byte is ignored.
      ['SET', 'k', 'v', b('nx\x00junk')],
      ['SET', 'k', 'v2', b('xx\x00'), b('GET\x00x')],
      ['SET', 'k', 'v', b('n\x00x')],
      ['SET', 'k', 'v', b('EX\x00'), '100'],
      ['SET', 'k', 'v', b('keepttl\x00a')],
      ['SET', 'k', 'v', 'EX', b('10\x00')],
      ['SET'],
      ['SET', 'k'],
      ['GET'],
      ['GET', 'a', 'b'],
      ['RPUSH', 'list', 'a'],
      ['GET', 'list'],
      ['SET', 'list', 'v', 'GET'],
      ['SET', 'list', 'v', 'NX', 'GET'],
      ['SET', 'list', 'v', 'EX', '0', 'GET'],
      ['SET', 'list', 'v', 'NX'],
      ['SET', 'list', 'v', 'XX'],
      ['GET', 'list'],
      ['SET', 'list', 'again'],
      ['GET', 'list'],
    ]);
  });

  it('SETNX SETEX PSETEX GETSET GETDEL MGET MSET MSETNX', async () => {
    await same([
      ['SETNX', 'a', '1'],
      ['SETNX', 'a', '2'],
      ['GET', 'a'],
      ['SETEX', 'b', '100', 'v'],
      ['SETEX', 'b', '0', 'v'],
      ['SETEX', 'b', '-1', 'v'],
      ['SETEX', 'b', 'x', 'v'],
      ['SETEX', 'b', '9223372036854776', 'v'],
      ['PSETEX', 'c', '100000', 'v'],
      ['PSETEX', 'c', '0', 'v'],
      ['PSETEX', 'c', '9223372036854775807', 'v'],
      ['GET', 'b'],
      ['GET', 'c'],
      ['SETEX', 'b', '10'],
      ['GETSET', 'a', 'x'],
      ['GETSET', 'new', 'y'],
      ['GETSET', 'new', 'z'],
      ['GETDEL', 'new'],
      ['GETDEL', 'new'],
      ['GET', 'new'],
      ['RPUSH', 'l', 'x'],
      ['GETSET', 'l', 'v'],
      ['GETDEL', 'l'],
      ['SETNX', 'l', 'v'],
      ['MGET', 'a', 'l', 'nope', 'b'],
      ['MSET', 'a', '1', 'b'],
      ['MSET', 'a'],
      ['MSET', 'm1', '1', 'm2', '2', 'm1', '3'],
      ['MGET', 'm1', 'm2'],
      ['MSETNX', 'm1', '1', 'n1', '2'],
      ['MSETNX', 'n1', '1', 'n2', '2'],
      ['MSETNX', 'n3', '1', 'n3', '2'],
      ['MGET', 'n1', 'n2', 'n3'],
      ['MSETNX', 'n4'],
      ['MSETNX', 'l', 'v'],
      ['MSET', 'l', 'v'],
      ['GET', 'l'],
    ]);
  });

  it('GETEX options and errors', async () => {
    await same([
      ['SET', 'k', 'v'],
      ['GETEX', 'k'],
      ['GETEX', 'missing'],
      ['GETEX', 'missing', 'EX', '0'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'EX', '-1'],
      ['GETEX', 'k', 'EX', 'x'],
      ['GETEX', 'k', 'PX', '0'],
      ['GETEX', 'k', 'EX', '9223372036854776'],
      ['GETEX', 'k', 'PX', '9223372036854775807'],
      ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'],
      ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'EX', '10', 'EX', '20'],
      ['GETEX', 'k', 'KEEPTTL'],
      ['GETEX', 'k', 'NX'],
      ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'EX'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST', 'PERSIST'],
      ['GETEX', 'k', 'EX', '100'],
      ['GETEX', 'k', 'PX', '100000'],
      ['GETEX', 'k', 'EXAT', '99999999999'],
      ['GETEX', 'k', 'PXAT', '99999999999999'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['GETEX', 'k'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'PXAT', '1'],
      ['GET', 'k'],
      ['RPUSH', 'l', 'a'],
      ['GETEX', 'l'],
      ['GETEX', 'l', 'EX', '0'],
      ['GETEX', 'l', 'PERSIST', 'EX', '1'],
      ['GETEX'],
    ]);
  });

  it('TTL after SET options, GETEX and the counters', async (test) => {
    const info = await pair.sendBoth(['COMMAND', 'INFO', 'ttl']);
    if (info.ours.toString().startsWith('*1\r\n$-1') || info.ours.toString().startsWith('*1\r\n_')) test.skip();
    await same([
      ['SET', 'k', 'v', 'EX', '100'],
      ['TTL', 'k'],
      ['SET', 'k', 'v2', 'KEEPTTL'],
      ['TTL', 'k'],
      ['SET', 'k', 'v3'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'PX', '100000'],
      ['INCR', 'k'],
      ['TTL', 'k'],
      ['SET', 'n', '1', 'EX', '100'],
      ['INCR', 'n'],
      ['INCRBYFLOAT', 'n', '1.5'],
      ['APPEND', 'n', 'x'],
      ['SETRANGE', 'n', '0', 'y'],
      ['SETBIT', 'n', '0', '1'],
      ['TTL', 'n'],
      ['GETSET', 'n', 'v'],
      ['TTL', 'n'],
      ['SETEX', 'n', '50', 'v'],
      ['TTL', 'n'],
      ['GETEX', 'n', 'PERSIST'],
      ['TTL', 'n'],
      ['GETEX', 'n', 'EX', '70'],
      ['TTL', 'n'],
      ['MSET', 'n', 'v'],
      ['TTL', 'n'],
      ['SET', 'x', 'v', 'EXAT', '9223372036854775'],
      ['EXISTS', 'x'],
    ]);
  });
});

describe('APPEND STRLEN GETRANGE SETRANGE', () => {
  it('edge cases', async () => {
    await same([
      ['APPEND', 'a', 'hello'],
      ['APPEND', 'a', ' world'],
      ['APPEND', 'a', ''],
      ['GET', 'a'],
      ['STRLEN', 'a'],
      ['STRLEN', 'missing'],
      ['APPEND', 'e', ''],
      ['GET', 'e'],
      ['STRLEN', 'e'],
      ['APPEND', 'bin', b('\x00\xff')],
      ['APPEND', 'bin', b('\r\n')],
      ['GET', 'bin'],
      ['SET', 'n', '10'],
      ['APPEND', 'n', '5'],
      ['INCR', 'n'],
      ['GETRANGE', 'a', '0', '4'],
      ['GETRANGE', 'a', '-5', '-1'],
      ['GETRANGE', 'a', '-1', '-5'],
      ['GETRANGE', 'a', '5', '2'],
      ['GETRANGE', 'a', '0', '-1'],
      ['GETRANGE', 'a', '-100', '100'],
      ['GETRANGE', 'a', '100', '200'],
      ['GETRANGE', 'a', '0', '0'],
      ['GETRANGE', 'a', '-9223372036854775808', '9223372036854775807'],
      ['GETRANGE', 'a', '9223372036854775807', '9223372036854775806'],
      ['GETRANGE', 'a', '-9223372036854775807', '-9223372036854775808'],
      ['GETRANGE', 'a', 'x', '1'],
      ['GETRANGE', 'a', '1', 'x'],
      ['GETRANGE', 'missing', '0', '-1'],
      ['GETRANGE', 'missing', 'x', '-1'],
      ['GETRANGE', 'e', '0', '-1'],
      ['GETRANGE', 'e', '-1', '0'],
      ['SUBSTR', 'a', '1', '3'],
      ['SUBSTR', 'a', '-3', '-1'],
      ['SETRANGE', 'a', '6', 'WORLD'],
      ['GET', 'a'],
      ['SETRANGE', 'a', '20', 'x'],
      ['GET', 'a'],
      ['SETRANGE', 'a', '0', ''],
      ['SETRANGE', 'new', '3', 'abc'],
      ['GET', 'new'],
      ['SETRANGE', 'new2', '5', ''],
      ['EXISTS', 'new2'],
      ['SETRANGE', 'a', '-1', 'x'],
      ['SETRANGE', 'a', 'x', 'x'],
      // The size limit is proto-max-bulk-len (lowered so the test stays small).
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1mb'],
      ['SETRANGE', 'a', '1048575', 'x'],
      ['STRLEN', 'a'],
      ['SETRANGE', 'a', '1048576', 'x'],
      ['SETRANGE', 'a', '1048575', 'xy'],
      ['SETRANGE', 'a', '9223372036854775807', 'xy'],
      ['SETRANGE', 'huge', '1048576', ''],
      ['SETRANGE', 'huge', '1048576', 'a'],
      ['APPEND', 'a', 'z'],
      ['SETBIT', 'b', '8388607', '1'],
      ['SETBIT', 'b', '8388608', '1'],
      ['GETBIT', 'b', '8388608'],
      ['BITFIELD', 'b', 'GET', 'u8', '8388608'],
      ['BITFIELD', 'b', 'SET', 'u8', '#1048575', '1'],
      ['BITFIELD', 'b', 'SET', 'u8', '#1048576', '1'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '512mb'],
      ['SETRANGE', 'a', '536870912', 'x'],
      ['SETRANGE', 'a', '536870911', 'xy'],
      ['SETRANGE', 'n', '0', '9'],
      ['GET', 'n'],
      ['RPUSH', 'l', 'a'],
      ['APPEND', 'l', 'x'],
      ['STRLEN', 'l'],
      ['GETRANGE', 'l', '0', '1'],
      ['SETRANGE', 'l', '0', 'x'],
      ['SETRANGE', 'l', '-1', 'x'],
      ['SETRANGE', 'l', '0', ''],
      ['GETRANGE', 'l', 'x', '1'],
    ]);
  });

  it('random GETRANGE and SETRANGE', async () => {
    const next = makeRandom(7);
    const commands: DiffInput[] = [];
    for (let i = 0; i < 300; i++) {
      const key = `r${next(4)}`;
      const pick = next(4);
      if (pick === 0) commands.push(['SET', key, randomBytes(next, next(20))]);
      else if (pick === 1) commands.push(['SETRANGE', key, String(next(30)), randomBytes(next, next(6))]);
      else if (pick === 2) commands.push(['GETRANGE', key, String(next(50) - 25), String(next(50) - 25)]);
      else commands.push(['APPEND', key, randomBytes(next, next(5))]);
    }
    for (let k = 0; k < 4; k++) commands.push(['GET', `r${k}`]);
    await same(commands, [2]);
  });
});

describe('counters', () => {
  it('INCR DECR INCRBY DECRBY', async () => {
    await same([
      ['INCR', 'c'],
      ['INCR', 'c'],
      ['DECR', 'c'],
      ['DECR', 'd'],
      ['INCRBY', 'c', '100'],
      ['INCRBY', 'c', '-300'],
      ['DECRBY', 'c', '-5'],
      ['DECRBY', 'c', '5'],
      ['INCRBY', 'c', 'x'],
      ['INCRBY', 'c', '1.5'],
      ['INCRBY', 'c', ''],
      ['INCRBY', 'c', '+1'],
      ['INCRBY', 'c', '9223372036854775808'],
      ['DECRBY', 'c', '-9223372036854775808'],
      ['DECRBY', 'nokey', '-9223372036854775808'],
      ['SET', 'max', '9223372036854775807'],
      ['INCR', 'max'],
      ['INCRBY', 'max', '0'],
      ['DECR', 'max'],
      ['INCRBY', 'max', '-9223372036854775807'],
      ['SET', 'min', '-9223372036854775808'],
      ['DECR', 'min'],
      ['INCRBY', 'min', '-1'],
      ['INCRBY', 'min', '9223372036854775807'],
      ['SET', 'min', '-9223372036854775808'],
      ['DECRBY', 'min', '9223372036854775807'],
      ['DECRBY', 'min', '-9223372036854775807'],
      ['SET', 'big', '9007199254740991'],
      ['INCR', 'big'],
      ['INCR', 'big'],
      ['INCRBY', 'big', '9007199254740993'],
      ['DECRBY', 'big', '18014398509481986'],
      ['DECRBY', 'big', '18014398509481986'],
      ['SET', 's', 'abc'],
      ['INCR', 's'],
      ['SET', 's', ' 1'],
      ['INCR', 's'],
      ['SET', 's', '1 '],
      ['INCR', 's'],
      ['SET', 's', '01'],
      ['INCR', 's'],
      ['SET', 's', '-0'],
      ['INCR', 's'],
      ['SET', 's', '+5'],
      ['INCR', 's'],
      ['SET', 's', '1.0'],
      ['INCR', 's'],
      ['SET', 's', '99999999999999999999'],
      ['INCR', 's'],
      ['SET', 's', ''],
      ['INCR', 's'],
      ['SET', 's', b('1\x00')],
      ['INCR', 's'],
      ['APPEND', 'ap', '12'],
      ['APPEND', 'ap', '3'],
      ['INCR', 'ap'],
      ['SETRANGE', 'sr', '0', '77'],
      ['INCRBY', 'sr', '3'],
      ['RPUSH', 'l', 'x'],
      ['INCR', 'l'],
      ['INCRBY', 'l', 'x'],
      ['DECRBY', 'l', '1'],
      ['INCR'],
      ['INCRBY', 'c'],
    ]);
  });

  it('INCRBYFLOAT formats like a long double', async () => {
    await same([
      ['INCRBYFLOAT', 'f', '0.1'],
      ['INCRBYFLOAT', 'f', '0.2'],
      ['INCRBYFLOAT', 'f', '-0.3'],
      ['INCRBYFLOAT', 'f', '10.5'],
      ['INCRBYFLOAT', 'f', '5.0e3'],
      ['INCRBYFLOAT', 'f', '1e-5'],
      ['INCRBYFLOAT', 'f', '1E2'],
      ['INCRBYFLOAT', 'f', '+1'],
      ['INCRBYFLOAT', 'f', '.5'],
      ['INCRBYFLOAT', 'f', '1.'],
      ['INCRBYFLOAT', 'f', '0x10'],
      ['INCRBYFLOAT', 'f', '0X1p-2'],
      ['INCRBYFLOAT', 'f', '0x.8'],
      ['INCRBYFLOAT', 'f', '0x'],
      ['INCRBYFLOAT', 'f', '0xp1'],
      ['INCRBYFLOAT', 'f', '0x1p'],
      ['INCRBYFLOAT', 'f', '1e'],
      ['INCRBYFLOAT', 'f', '1e+'],
      ['INCRBYFLOAT', 'f', 'e1'],
      ['INCRBYFLOAT', 'f', '.'],
      ['INCRBYFLOAT', 'f', '-'],
      ['INCRBYFLOAT', 'f', ''],
      ['INCRBYFLOAT', 'f', ' 1'],
      ['INCRBYFLOAT', 'f', '1 '],
      ['INCRBYFLOAT', 'f', '\t1'],
      ['INCRBYFLOAT', 'f', '1,5'],
      ['INCRBYFLOAT', 'f', 'abc'],
      ['INCRBYFLOAT', 'f', 'inf'],
      ['INCRBYFLOAT', 'f', '-infinity'],
      ['INCRBYFLOAT', 'f', 'INF'],
      ['INCRBYFLOAT', 'f', 'infinit'],
      ['INCRBYFLOAT', 'f', 'nan'],
      ['INCRBYFLOAT', 'f', 'NaN(123)'],
      ['INCRBYFLOAT', 'f', '1e5000'],
      ['INCRBYFLOAT', 'f', '-1e5000'],
      ['INCRBYFLOAT', 'f', '1e-5000'],
      ['INCRBYFLOAT', 'f', '0e-5000'],
      ['INCRBYFLOAT', 'f', '1e-4940'],
      ['INCRBYFLOAT', 'f', b('1\x00junk')],
      ['INCRBYFLOAT', 'f', b('\x00junk')],
      ['GET', 'f'],
      ['INCRBYFLOAT', 'z', '-0.0'],
      ['SET', 'nz', '-0'],
      ['INCRBYFLOAT', 'nz', '-0'],
      ['INCRBYFLOAT', 'neg', '-1e-20'],
      ['INCRBYFLOAT', 'neg2', '-0.000000000000000005'],
      ['INCRBYFLOAT', 'neg3', '-0.000000000000000015'],
      ['INCRBYFLOAT', 'tie', '0.000000000000000005'],
      ['INCRBYFLOAT', 'tie2', '0.000000000000000015'],
      ['INCRBYFLOAT', 'tie3', '0x1p-58'],
      ['INCRBYFLOAT', 'third', '0.333333333333333333333333333333'],
      ['INCRBYFLOAT', 'third', '0.333333333333333333333333333333'],
      ['INCRBYFLOAT', 'big', '100000000000000000000000000000000000000000000000'],
      ['INCRBYFLOAT', 'big', '3.5'],
      ['INCRBYFLOAT', 'big', '1e4000'],
      ['INCRBYFLOAT', 'huge', '1.18e4932'],
      ['INCRBYFLOAT', 'huge', '1.18e4932'],
      ['INCRBYFLOAT', 'huge', '-1e4932'],
      ['SET', 'i', '10'],
      ['INCRBYFLOAT', 'i', '0.1'],
      ['SET', 'i', '9223372036854775807'],
      ['INCRBYFLOAT', 'i', '1'],
      ['INCRBYFLOAT', 'i', '1.5'],
      ['SET', 'i', '5'],
      ['INCRBYFLOAT', 'i', '2'],
      ['INCR', 'i'],
      ['SET', 's', 'x'],
      ['INCRBYFLOAT', 's', '1'],
      ['SET', 's', 'inf'],
      ['INCRBYFLOAT', 's', '1'],
      ['INCRBYFLOAT', 's', '-inf'],
      ['SET', 's', '1e5000'],
      ['INCRBYFLOAT', 's', '1'],
      ['SET', 's', '  3'],
      ['INCRBYFLOAT', 's', '1'],
      ['RPUSH', 'l', 'x'],
      ['INCRBYFLOAT', 'l', 'x'],
      ['INCRBYFLOAT', 'l', '1'],
    ]);
  });

  it('random INCRBYFLOAT sums', async () => {
    const next = makeRandom(11);
    const commands: DiffInput[] = [];
    for (let i = 0; i < 200; i++) {
      const key = `f${next(3)}`;
      const digits = String(next(1000000));
      const frac = String(next(100000000)).padStart(8, '0');
      const sign = next(2) === 0 ? '-' : '';
      const exp = next(4) === 0 ? `e${next(40) - 20}` : '';
      commands.push(['INCRBYFLOAT', key, `${sign}${digits}.${frac}${exp}`]);
    }
    await same(commands, [2]);
  });

  it('long INCRBYFLOAT accumulations (every intermediate reply re-parsed)', async () => {
    const commands: DiffInput[] = [];
    for (let i = 0; i < 3000; i++) commands.push(['INCRBYFLOAT', 'acc', '0.1']);
    for (let i = 0; i < 1000; i++) commands.push(['INCRBYFLOAT', 'acc2', '-0.0333333333333333333']);
    for (let i = 0; i < 500; i++) commands.push(['INCRBYFLOAT', 'acc3', '1234567.000000001']);
    for (const resp of [2] as const) {
      const mismatches = await pair.diff([['FLUSHALL'], ...commands], { resp, pipeline: true });
      compared += commands.length + 1;
      expect(mismatches.slice(0, 5), formatMismatches(mismatches.slice(0, 5))).toEqual([]);
    }
  });
});

describe('LCS', () => {
  it('reply shapes and errors', async () => {
    await same([
      ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'],
      ['LCS', 'a', 'b'],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX'],
      ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-4'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', '2'],
      ['LCS', 'a', 'b', 'IDX', 'LEN'],
      ['LCS', 'a', 'b', 'LEN', 'IDX'],
      ['LCS', 'a', 'b', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
      ['LCS', 'a', 'b', 'FOO'],
      ['LCS', 'a', 'nokey'],
      ['LCS', 'nokey', 'nokey2', 'IDX'],
      ['LCS', 'nokey', 'nokey2', 'LEN'],
      ['RPUSH', 'l', 'x'],
      ['LCS', 'a', 'l'],
      ['LCS', 'l', 'a', 'FOO'],
      ['LCS', 'a'],
      ['SET', 'x', 'abcabcabc'],
      ['SET', 'y', 'abc'],
      ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'y', 'x', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'x', 'x', 'IDX', 'WITHMATCHLEN'],
    ]);
  });

  it('random strings', async () => {
    const next = makeRandom(3);
    const commands: DiffInput[] = [];
    for (let i = 0; i < 60; i++) {
      const alphabet = 'abc'.slice(0, 1 + next(3));
      const s = (n: number) => Array.from({ length: n }, () => alphabet[next(alphabet.length)]).join('');
      commands.push(['MSET', 'p', s(next(30)), 'q', s(next(30))]);
      commands.push(['LCS', 'p', 'q']);
      commands.push(['LCS', 'p', 'q', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', String(next(3))]);
    }
    await same(commands);
  });
});

describe('bitmaps', () => {
  it('SETBIT GETBIT', async () => {
    await same([
      ['SETBIT', 'b', '7', '1'],
      ['GET', 'b'],
      ['SETBIT', 'b', '7', '1'],
      ['SETBIT', 'b', '7', '0'],
      ['SETBIT', 'b', '100', '1'],
      ['STRLEN', 'b'],
      ['GETBIT', 'b', '100'],
      ['GETBIT', 'b', '101'],
      ['GETBIT', 'b', '100000'],
      ['GETBIT', 'missing', '5'],
      ['SETBIT', 'b', '-1', '1'],
      ['SETBIT', 'b', 'x', '1'],
      ['SETBIT', 'b', '1', '2'],
      ['SETBIT', 'b', '1', '-1'],
      ['SETBIT', 'b', '1', 'x'],
      ['SETBIT', 'b', '4294967296', '1'],
      ['SETBIT', 'b', '9223372036854775807', '1'],
      ['GETBIT', 'b', '-1'],
      ['GETBIT', 'b', '4294967296'],
      ['GETBIT', 'b', '4294967295'],
      ['SET', 'n', '5'],
      ['GETBIT', 'n', '2'],
      ['SETBIT', 'n', '6', '1'],
      ['GET', 'n'],
      ['RPUSH', 'l', 'x'],
      ['SETBIT', 'l', '0', '1'],
      ['SETBIT', 'l', '-1', '1'],
      ['GETBIT', 'l', '0'],
      ['GETBIT', 'l', 'x'],
    ]);
  });

  it('BITCOUNT and BITPOS ranges, modes and errors', async () => {
    await same([
      ['SET', 's', 'foobar'],
      ['BITCOUNT', 's'],
      ['BITCOUNT', 's', '0', '0'],
      ['BITCOUNT', 's', '1', '1'],
      ['BITCOUNT', 's', '1', '1', 'BYTE'],
      ['BITCOUNT', 's', '5', '30', 'BIT'],
      ['BITCOUNT', 's', '-10', '-1', 'bit'],
      ['BITCOUNT', 's', '-1', '-5'],
      ['BITCOUNT', 's', '-1', '-5', 'FOO'],
      ['BITCOUNT', 's', '0', '-1', 'FOO'],
      ['BITCOUNT', 's', '1'],
      ['BITCOUNT', 's', '1', '2', 'BIT', 'x'],
      ['BITCOUNT', 's', 'x', '1'],
      ['BITCOUNT', 's', '1', 'x'],
      ['BITCOUNT', 's', '-100', '100'],
      ['BITCOUNT', 's', '-9223372036854775808', '9223372036854775807', 'BIT'],
      ['BITCOUNT', 'nokey', 'a', 'b'],
      ['BITCOUNT', 'nokey', '1'],
      ['SET', 'e', ''],
      ['BITCOUNT', 'e'],
      ['BITCOUNT', 'e', '0', '-1'],
      ['BITPOS', 'e', '0'],
      ['BITPOS', 'e', '1'],
      ['BITPOS', 'e', '0', '0', '-1', 'BIT'],
      ['BITPOS', 's', '1'],
      ['BITPOS', 's', '0'],
      ['BITPOS', 's', '1', '2'],
      ['BITPOS', 's', '0', '2', '-1'],
      ['BITPOS', 's', '1', '7', '15', 'BIT'],
      ['BITPOS', 's', '0', '9', '15', 'bit'],
      ['BITPOS', 's', '1', '-1', '-1'],
      ['BITPOS', 's', '1', '-1', '-2'],
      ['BITPOS', 's', '2'],
      ['BITPOS', 's', 'x'],
      ['BITPOS', 'nokey', '2'],
      ['BITPOS', 'nokey', '1'],
      ['BITPOS', 'nokey', '0', 'x'],
      ['BITPOS', 's', '0', 'x'],
      ['BITPOS', 's', '0', '1', 'x'],
      ['BITPOS', 's', '0', '1', '2', 'FOO'],
      ['BITPOS', 's', '0', '1', '2', 'BYTE', 'x'],
      ['SET', 'ones', b('\xff\xff\xff')],
      ['BITPOS', 'ones', '0'],
      ['BITPOS', 'ones', '0', '1'],
      ['BITPOS', 'ones', '0', '1', '2'],
      ['BITPOS', 'ones', '0', '1', '-1', 'BIT'],
      ['SET', 'zeros', b('\x00\x00\x00')],
      ['BITPOS', 'zeros', '1'],
      ['BITPOS', 'zeros', '0', '1', '2'],
      ['BITPOS', 'zeros', '1', '3', '100', 'BIT'],
      ['SET', 'num', '1234'],
      ['BITCOUNT', 'num'],
      ['BITPOS', 'num', '1'],
      ['RPUSH', 'l', 'x'],
      ['BITCOUNT', 'l'],
      ['BITCOUNT', 'l', 'x', 'y'],
      ['BITPOS', 'l', '1'],
      ['BITPOS', 'l', '2'],
    ]);
  });

  it('random BITCOUNT and BITPOS', async () => {
    const next = makeRandom(5);
    const commands: DiffInput[] = [];
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.alloc(next(8));
      for (let j = 0; j < bytes.length; j++) bytes[j] = [0, 0xff, next(256)][next(3)];
      commands.push(['SET', 'r', bytes]);
      for (let k = 0; k < 8; k++) {
        const mode = ['BIT', 'BYTE'][next(2)];
        const span = mode === 'BIT' ? 80 : 10;
        const start = String(next(span) - span / 2);
        const end = String(next(span) - span / 2);
        commands.push(['BITCOUNT', 'r', start, end, mode]);
        commands.push(['BITPOS', 'r', String(next(2)), start, end, mode]);
        commands.push(['BITPOS', 'r', String(next(2)), start]);
      }
      commands.push(['BITPOS', 'r', '0']);
      commands.push(['BITPOS', 'r', '1']);
    }
    await same(commands, [2]);
  });

  it('BITOP', async () => {
    await same([
      ['SET', 'a', b('\xf0\x0f\xaa')],
      ['SET', 'b', b('\xff\x00')],
      ['BITOP', 'AND', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'or', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'XoR', 'd', 'a', 'b', 'a'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'd', 'a'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'd', 'a', 'b'],
      ['BITOP', 'AND', 'd', 'a', 'nokey'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'nokey'],
      ['EXISTS', 'd'],
      ['BITOP', 'OR', 'd', 'nokey'],
      ['BITOP', 'NAND', 'd', 'a'],
      ['BITOP', b('and\x00x'), 'd', 'a'],
      ['BITOP', 'AND', 'd'],
      ['SET', 'n', '12'],
      ['BITOP', 'OR', 'd', 'n', 'a'],
      ['GET', 'd'],
      ['RPUSH', 'l', 'x'],
      ['BITOP', 'AND', 'd', 'a', 'l'],
      ['BITOP', 'AND', 'l', 'a'],
      ['GET', 'l'],
      ['RPUSH', 'l2', 'x'],
      ['BITOP', 'AND', 'l2', 'nokey'],
      ['EXISTS', 'l2'],
      ['SET', 'e', ''],
      ['BITOP', 'NOT', 'd', 'e'],
      ['EXISTS', 'd'],
    ]);
  });

  it('BITFIELD and BITFIELD_RO', async () => {
    await same([
      ['BITFIELD', 'f', 'SET', 'u8', '0', '255', 'GET', 'u8', '0'],
      ['BITFIELD', 'f', 'INCRBY', 'u8', '0', '10'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '1000'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000', 'GET', 'u8', '0'],
      ['BITFIELD', 'f', 'OVERFLOW', 'WRAP', 'INCRBY', 'u8', '0', '-1000'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '-1000'],
      ['BITFIELD', 'f', 'SET', 'i8', '0', '-128', 'GET', 'i8', '0', 'GET', 'u8', '0'],
      ['BITFIELD', 'f', 'SET', 'i8', '0', '128'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', '128', 'SET', 'i8', '0', '-129', 'GET', 'i8', '0'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'SET', 'i8', '0', '128', 'SET', 'u8', '0', '-1'],
      ['BITFIELD', 'f', 'SET', 'u8', '0', '-1'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1'],
      ['BITFIELD', 'f', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1'],
      ['BITFIELD', 'f', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'f', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '1'],
      ['BITFIELD', 'f', 'SET', 'u63', '0', '9223372036854775807', 'INCRBY', 'u63', '0', '1', 'GET', 'u63', '0'],
      ['BITFIELD', 'f', 'SET', 'u1', '3', '1', 'SET', 'i1', '4', '-1', 'GET', 'i1', '3', 'GET', 'u2', '3'],
      ['BITFIELD', 'f', 'SET', 'u5', '#3', '17', 'GET', 'u5', '#3', 'GET', 'u8', '#1'],
      ['BITFIELD', 'f', 'GET', 'u8', '#'],
      ['BITFIELD', 'f', 'GET', 'u8', '#-1'],
      ['BITFIELD', 'f', 'GET', 'u8', '-1'],
      ['BITFIELD', 'f', 'GET', 'u8', '#2305843009213693953'],
      ['BITFIELD', 'f', 'GET', 'i64', '#1152921504606846977'],
      ['BITFIELD', 'f', 'GET', 'u8', '4294967296'],
      ['BITFIELD', 'f', 'GET', 'u8', '4294967288'],
      ['BITFIELD', 'f', 'GET', 'u64', '0'],
      ['BITFIELD', 'f', 'GET', 'i65', '0'],
      ['BITFIELD', 'f', 'GET', 'i0', '0'],
      ['BITFIELD', 'f', 'GET', 'x8', '0'],
      ['BITFIELD', 'f', 'GET', 'u', '0'],
      ['BITFIELD', 'f', 'GET', 'U8', '0'],
      ['BITFIELD', 'f', 'GET', 'I8', '0'],
      ['BITFIELD', 'f', 'GET', b('u8\x00x'), '0'],
      ['BITFIELD', 'f', 'GET', 'u08', '0'],
      ['BITFIELD', 'f', 'GET', 'u8'],
      ['BITFIELD', 'f', 'SET', 'u8', '0'],
      ['BITFIELD', 'f', 'SET', 'u8', '0', 'x'],
      ['BITFIELD', 'f', 'INCRBY', 'u8', '0', '1.5'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
      ['BITFIELD', 'f', 'OVERFLOW'],
      ['BITFIELD', 'f', 'FOO'],
      ['BITFIELD', 'f', 'GET', 'u8', '0', 'OVERFLOW', 'SAT'],
      ['BITFIELD', 'f'],
      ['BITFIELD', 'nokey', 'GET', 'u16', '100'],
      ['EXISTS', 'nokey'],
      ['BITFIELD', 'nokey2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10'],
      ['EXISTS', 'nokey2'],
      ['GET', 'nokey2'],
      ['BITFIELD', 'nokey3', 'SET', 'u8', '100', '0'],
      ['STRLEN', 'nokey3'],
      ['SET', 'n', '5'],
      ['BITFIELD', 'n', 'GET', 'u8', '0', 'SET', 'u8', '8', '50', 'GET', 'u16', '0'],
      ['GET', 'n'],
      ['BITFIELD_RO', 'f', 'GET', 'u8', '0', 'GET', 'i4', '4'],
      ['BITFIELD_RO', 'f', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'f', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD_RO', 'f', 'OVERFLOW', 'SAT'],
      ['BITFIELD_RO', 'f', 'GET', 'x8', '0'],
      ['BITFIELD_RO', 'f'],
      ['RPUSH', 'l', 'x'],
      ['BITFIELD', 'l', 'GET', 'u8', '0'],
      ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'l', 'GET', 'x8', '0'],
      ['BITFIELD', 'l'],
      ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
    ]);
  });

  it('random BITFIELD', async () => {
    const next = makeRandom(9);
    const commands: DiffInput[] = [];
    const overflows = ['WRAP', 'SAT', 'FAIL'];
    for (let i = 0; i < 150; i++) {
      const args: CommandArg[] = ['BITFIELD', 'bf'];
      const count = 1 + next(4);
      for (let k = 0; k < count; k++) {
        const signed = next(2) === 0;
        const bits = 1 + next(signed ? 64 : 63);
        const type = `${signed ? 'i' : 'u'}${bits}`;
        const offset = next(3) === 0 ? `#${next(4)}` : String(next(40));
        const value = [String(next(1000) - 500), '9223372036854775807', '-9223372036854775808', String(2 ** next(63))][next(4)];
        const op = next(4);
        if (op === 0) args.push('GET', type, offset);
        else if (op === 1) args.push('SET', type, offset, value);
        else if (op === 2) args.push('INCRBY', type, offset, value);
        else args.push('OVERFLOW', overflows[next(3)]);
      }
      commands.push(args);
    }
    commands.push(['GET', 'bf']);
    await same(commands, [2]);
  });
});

describe('OBJECT ENCODING against redis-server', () => {
  it('int, embstr and raw after every kind of write', async (test) => {
    const probe = await pair.sendBoth(['OBJECT', 'ENCODING', 'nokey']);
    if (probe.ours.toString().startsWith('-ERR unknown')) test.skip();
    const enc = (key: string): CommandArg[] => ['OBJECT', 'ENCODING', key];
    await same([
      ['SET', 'a', '12345'], enc('a'),
      ['SET', 'a', '-9223372036854775808'], enc('a'),
      ['SET', 'a', '9223372036854775808'], enc('a'),
      ['SET', 'a', '01'], enc('a'),
      ['SET', 'a', '-0'], enc('a'),
      ['SET', 'a', ''], enc('a'),
      ['SET', 'a', 'x'.repeat(44)], enc('a'),
      ['SET', 'a', 'x'.repeat(45)], enc('a'),
      ['SET', 'a', '1', 'EX', '100'], enc('a'),
      ['SETEX', 'b', '100', '77'], enc('b'),
      ['SETNX', 'c', '8'], enc('c'),
      ['GETSET', 'c', 'abc'], enc('c'),
      ['MSET', 'd', '9', 'e', 'y'.repeat(50)], enc('d'), enc('e'),
      ['INCRBYFLOAT', 'f', '3'], enc('f'),
      ['INCRBYFLOAT', 'f', '0.5'], enc('f'),
      ['INCRBYFLOAT', 'f', '1e40'], enc('f'),
      ['INCR', 'f2'], enc('f2'),
      ['INCRBY', 'f2', '100000'], enc('f2'),
      ['SET', 'f3', '2.5'], ['INCRBYFLOAT', 'f3', '0.5'], enc('f3'), ['INCR', 'f3'], enc('f3'),
      ['APPEND', 'g', '123'], enc('g'),
      ['APPEND', 'g', '4'], enc('g'),
      ['APPEND', 'g2', 'abc'], enc('g2'),
      ['SET', 'g3', '5'], ['APPEND', 'g3', ''], enc('g3'),
      ['SET', 'h', '5'], ['SETRANGE', 'h', '0', ''], enc('h'),
      ['SETRANGE', 'h', '0', '6'], enc('h'),
      ['SETRANGE', 'h2', '0', '6'], enc('h2'),
      ['SET', 'i', 'a'], ['SETBIT', 'i', '1', '1'], enc('i'),
      ['SETBIT', 'i2', '0', '0'], enc('i2'),
      ['SET', 'j', '7'], ['BITFIELD', 'j', 'GET', 'u8', '0'], enc('j'),
      ['BITFIELD', 'j', 'SET', 'u8', '0', '55'], enc('j'),
      ['SET', 'j2', '7'], ['BITFIELD', 'j2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '9'], enc('j2'),
      ['BITOP', 'OR', 'k', 'j'], enc('k'),
      ['SET', 'k', '7'], ['BITOP', 'NOT', 'k', 'k'], enc('k'),
      ['SETRANGE', 'm', '0', 'abc'], ['COPY', 'm', 'm2'], enc('m2'), ['APPEND', 'm2', 'd'], ['GET', 'm'], ['GET', 'm2'],
      ['INCRBYFLOAT', 'n', '4'], ['COPY', 'n', 'n2'], enc('n2'),
      ['SET', 'p', '12'], ['RENAME', 'p', 'p2'], enc('p2'),
    ]);
  });
});

describe('MEMORY USAGE against redis-server', () => {
  it('follows the sds shapes: type-5 headers, usable room, greedy growth, trimmed SET values, COPY', async () => {
    const mem = (key: string): CommandArg[] => ['MEMORY', 'USAGE', key];
    const digits = (n: number): string => '1234567890'.repeat(Math.ceil(n / 10)).slice(0, n);
    await same([
      ['SET', 'a', '10'], ['APPEND', 'a', 'xyz'], mem('a'), ['APPEND', 'a', 'abcdef'], mem('a'),
      ['SETRANGE', 'b', '13', 'x'], mem('b'), ['SETRANGE', 'b2', '29', 'x'], mem('b2'), ['SETBIT', 'b3', '100', '1'], mem('b3'),
      ['SET', 'c', digits(48)], mem('c'), ['APPEND', 'c', 'x'], mem('c'),
      ['SET', 'd', digits(40)], ['APPEND', 'd', 'abcd'], mem('d'), ['APPEND', 'd', 'e'], mem('d'),
      ['SET', 'e', digits(58)], mem('e'), ['APPEND', 'e', 'ab'], mem('e'),
      ['SET', 'f', digits(14)], ['APPEND', 'f', ''], mem('f'), ['COPY', 'f', 'f2'], mem('f2'), ['APPEND', 'f2', 'x'], mem('f2'),
      ['SET', 'g', digits(53)], ['COPY', 'g', 'g2'], mem('g2'), ['APPEND', 'g2', 'abcdefg'], mem('g2'),
      ['INCR', 'h'], ['APPEND', 'h', '5'], mem('h'), ['SETRANGE', 'h', '0', '9'], mem('h'),
      ['SET', 'i', 'abc'], ['SETBIT', 'i', '0', '1'], mem('i'), ['BITOP', 'OR', 'j', 'i', 'i'], mem('j'),
      ['SETBIT', 'j', '100', '1'], mem('j'),
      ['COPY', 'a', 'a2'], mem('a2'), ['OBJECT', 'ENCODING', 'a2'],
    ]);
  });
});

describe('keyspace notifications over pub/sub', () => {
  /** The keyevent and keyspace messages `commands` publish on one server, up to a marker. */
  async function eventsOn(port: number, commands: CommandArg[][]): Promise<string[]> {
    const subscriber = await RawClient.connect(port);
    const client = await RawClient.connect(port);
    try {
      await client.send(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
      await client.send(['FLUSHALL']);
      await subscriber.send(['PSUBSCRIBE', '__key*@0__:*']);
      await subscriber.send(['SUBSCRIBE', 'strings-test-marker']);
      for (const args of commands) await client.send(args);
      await client.send(['PUBLISH', 'strings-test-marker', 'end']);
      const messages: string[] = [];
      for (;;) {
        const frame = await subscriber.nextFrame(5000);
        if (frame.includes('strings-test-marker')) break;
        messages.push(escapeBytes(frame));
      }
      return messages;
    } finally {
      await client.send(['CONFIG', 'SET', 'notify-keyspace-events', '']).catch(() => undefined);
      subscriber.close();
      client.close();
    }
  }

  it('every write command publishes the events Redis publishes, in order', async (test) => {
    const probe = await pair.sendBoth(['PUBSUB', 'NUMPAT']);
    if (probe.ours.toString().startsWith('-')) test.skip();
    const commands: CommandArg[][] = [
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'v', 'PXAT', '1'],
      ['GET', 'k'],
      ['SETEX', 'k', '10', 'v'],
      ['PSETEX', 'k', '10000', 'v'],
      ['SETNX', 'n', '1'],
      ['SETNX', 'n', '1'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['MSETNX', 'c', '1'],
      ['GETSET', 'a', '3'],
      ['INCR', 'a'],
      ['DECRBY', 'a', '2'],
      ['INCRBYFLOAT', 'a', '1.5'],
      ['INCRBYFLOAT', 'a', 'x'],
      ['APPEND', 'a', 'x'],
      ['APPEND', 'new', 'x'],
      ['SETRANGE', 'a', '0', 'y'],
      ['SETRANGE', 'a', '0', ''],
      ['SETRANGE', 'sr', '2', 'y'],
      ['SET', 'bits', 'a'],
      ['SETBIT', 'bits', '1', '1'],
      ['SETBIT', 'bits', '0', '1'],
      ['SETBIT', 'bits', '100', '0'],
      ['BITFIELD', 'bits', 'SET', 'u8', '0', '255'],
      ['BITFIELD', 'bits', 'SET', 'u8', '0', '255'],
      ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10'],
      ['BITFIELD', 'bf2', 'SET', 'u8', '0', '0'],
      ['GETEX', 'bits', 'EX', '100'],
      ['GETEX', 'bits', 'PERSIST'],
      ['GETEX', 'bits', 'PERSIST'],
      ['GETEX', 'bits', 'PXAT', '1'],
      ['GETDEL', 'a'],
      ['GETDEL', 'a'],
      ['SET', 's', 'x'],
      ['BITOP', 'OR', 'dest', 's'],
      ['BITOP', 'OR', 'dest', 'nokey'],
      ['BITOP', 'OR', 'dest', 'nokey'],
      ['SET', 'exp', 'v', 'PX', '1'],
    ];
    const [redis, ours] = await Promise.all([eventsOn(pair.redis.port, commands), eventsOn(pair.ours.port, commands)]);
    compared += redis.length;
    expect(redis.length).toBeGreaterThan(60); // keyspace and keyevent channels both
    expect(ours).toEqual(redis);
  });
});

describe('WATCH against redis-server', () => {
  /** EXEC's reply after another client ran `command` on a WATCHed key prepared by `setup`. */
  async function execAfter(port: number, setup: CommandArg[][], command: CommandArg[]): Promise<string> {
    const watcher = await RawClient.connect(port);
    const other = await RawClient.connect(port);
    try {
      await watcher.send(['FLUSHALL']);
      for (const args of setup) await watcher.send(args);
      await watcher.send(['WATCH', 'w']);
      await other.send(command);
      await watcher.send(['MULTI']);
      await watcher.send(['PING']);
      return escapeBytes(await watcher.send(['EXEC']));
    } finally {
      watcher.close();
      other.close();
    }
  }

  it('write commands abort a transaction watching their key; no-ops do not', async () => {
    const cases: Array<[CommandArg[][], CommandArg[]]> = [
      [[['SET', 'w', 'abc']], ['GET', 'w']],
      [[['SET', 'w', 'abc']], ['SET', 'w', 'x']],
      [[['SET', 'w', 'abc']], ['SET', 'w', 'x', 'NX']],
      [[], ['SET', 'w', 'x', 'XX']],
      [[['SET', 'w', 'abc']], ['APPEND', 'w', 'd']],
      [[['SET', 'w', 'abc']], ['SETRANGE', 'w', '0', 'x']],
      [[['SET', 'w', 'abc']], ['SETRANGE', 'w', '0', '']],
      [[['SET', 'w', 'a']], ['SETBIT', 'w', '1', '1']],
      [[['SET', 'w', 'a']], ['SETBIT', 'w', '0', '1']],
      [[['SET', 'w', 'a']], ['BITFIELD', 'w', 'GET', 'u8', '0']],
      [[['SET', 'w', 'a']], ['BITFIELD', 'w', 'SET', 'u8', '0', '97']],
      [[['SET', 'w', 'a']], ['BITFIELD', 'w', 'SET', 'u8', '0', '98']],
      [[['SET', 'w', '1']], ['INCR', 'w']],
      [[['SET', 'w', 'x']], ['INCR', 'w']],
      [[['SET', 'w', '1']], ['INCRBYFLOAT', 'w', '1']],
      [[['SET', 'w', '1']], ['GETEX', 'w', 'EX', '100']],
      [[['SET', 'w', '1']], ['GETEX', 'w']],
      [[['SET', 'w', '1']], ['GETEX', 'w', 'PERSIST']],
      [[['SET', 'w', '1', 'EX', '100']], ['GETEX', 'w', 'PERSIST']],
      [[['SET', 'w', '1']], ['GETDEL', 'w']],
      [[['SET', 'w', '1']], ['GETSET', 'w', '2']],
      [[['SET', 'w', '1']], ['MSETNX', 'w', '1', 'z', '2']],
      [[], ['MSETNX', 'w', '1', 'z', '2']],
      [[['SET', 'w', '1']], ['MSET', 'z', '1']],
      [[['SET', 'w', '1']], ['BITOP', 'OR', 'w', 'nokey']],
      [[], ['BITOP', 'OR', 'w', 'nokey']],
      [[['SET', 'w', '1']], ['LCS', 'w', 'w']],
    ];
    for (const [setup, command] of cases) {
      const [redis, ours] = await Promise.all([execAfter(pair.redis.port, setup, command), execAfter(pair.ours.port, setup, command)]);
      expect(ours, JSON.stringify(command)).toBe(redis);
      compared++;
    }
  });
});

describe('keyspace hit and miss counts', () => {
  it('each command reads or writes its keys as Redis does (INFO stats deltas)', async () => {
    const stats = async (): Promise<{ redis: string; ours: string }> => {
      const { redis, ours } = await pair.sendBoth(['INFO', 'stats']);
      const pick = (frame: Buffer) =>
        frame
          .toString('latin1')
          .split('\r\n')
          .filter((l) => l.startsWith('keyspace_hits:') || l.startsWith('keyspace_misses:'))
          .map((l) => Number(l.slice(l.indexOf(':') + 1)));
      const r = pick(redis);
      const o = pick(ours);
      return { redis: r.join(','), ours: o.join(',') };
    };
    const groups: CommandArg[][][] = [
      [['SET', 'k', 'v', 'GET'], ['SET', 'k', 'v'], ['SET', 'nope', 'v', 'NX', 'GET']],
      [['GET', 'k'], ['GET', 'nokey'], ['MGET', 'k', 'nokey', 'k'], ['STRLEN', 'k'], ['STRLEN', 'nokey']],
      [['GETRANGE', 'k', '0', '1'], ['GETBIT', 'k', '1'], ['BITCOUNT', 'k'], ['BITPOS', 'k', '1'], ['BITPOS', 'nokey', '1']],
      [['INCR', 'n'], ['INCRBYFLOAT', 'n', '1'], ['APPEND', 'k', 'x'], ['SETRANGE', 'k', '1', 'y'], ['SETBIT', 'k', '1', '1']],
      [['GETSET', 'k', 'v'], ['GETDEL', 'k'], ['GETEX', 'n'], ['GETEX', 'nokey', 'PERSIST'], ['MSETNX', 'k', '1', 'n', '2']],
      [['BITOP', 'OR', 'd', 'n', 'nokey'], ['BITFIELD', 'n', 'GET', 'u8', '0'], ['BITFIELD', 'n', 'SET', 'u8', '0', '1']],
      [['BITFIELD_RO', 'nokey', 'GET', 'u8', '0'], ['LCS', 'n', 'nokey'], ['SETNX', 'n', '1'], ['MSET', 'x', '1']],
    ];
    for (const group of groups) {
      const before = await stats();
      for (const args of group) await pair.sendBoth(args);
      const after = await stats();
      const delta = (a: string, b: string) => {
        const x = a.split(',').map(Number);
        const y = b.split(',').map(Number);
        return `hits +${y[0] - x[0]}, misses +${y[1] - x[1]}`;
      };
      // Each sendBoth opens no keyspace access of its own; INFO reads nothing.
      expect(delta(before.ours, after.ours), JSON.stringify(group)).toBe(delta(before.redis, after.redis));
      compared += group.length;
    }
  });
});

describe('command metadata', () => {
  it('COMMAND INFO, DOCS and GETKEYSANDFLAGS equal redis-server', async () => {
    const names = [
      'get', 'set', 'setnx', 'setex', 'psetex', 'mget', 'mset', 'msetnx', 'getset', 'getdel', 'getex',
      'append', 'strlen', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'getrange', 'setrange', 'substr',
      'lcs', 'setbit', 'getbit', 'bitcount', 'bitpos', 'bitop', 'bitfield', 'bitfield_ro',
    ];
    const commands: DiffInput[] = [];
    for (const name of names) {
      commands.push(['COMMAND', 'INFO', name]);
      commands.push(['COMMAND', 'DOCS', name]);
    }
    commands.push(
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'GET', 'u8', '0'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'OVERFLOW', 'WRAP'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'GET', 'u8'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'SET', 'u8', '0', '1'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'mset', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'bitop', 'and', 'd', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'lcs', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'getex', 'a', 'persist'],
    );
    await same(commands);
  });
});

describe('in-process: events, WATCH, encodings', () => {
  let host: RedisModuleHost;
  const events: string[] = [];

  beforeAll(async () => {
    host = await startServer();
    host.server.keyspace.listen({
      notify(cls, event, key) {
        events.push(`${cls}:${event}:${key.toString('latin1')}`);
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  async function eventsOf(...commands: string[][]): Promise<string[]> {
    events.length = 0;
    for (const args of commands) await host.call(...args).catch(() => undefined);
    return [...events];
  }

  function entry(key: string): Entry {
    const found = host.server.keyspace.db(0).entries.get(keyOf(Buffer.from(key)));
    if (found === undefined) throw new Error(`no key ${key}`);
    return found;
  }

  const G = 4; // NOTIFY.GENERIC
  const S = 8; // NOTIFY.STRING

  it('emits the events Redis emits, in order', async () => {
    expect(await eventsOf(['SET', 'k', 'v'], ['SET', 'k', 'v', 'EX', '10'], ['SET', 'k', 'v', 'NX'])).toEqual([
      `${S}:set:k`,
      `${S}:set:k`,
      `${G}:expire:k`,
    ]);
    expect(await eventsOf(['SETEX', 'k', '10', 'v'], ['PSETEX', 'k', '10000', 'v'], ['SETNX', 'n', '1'])).toEqual([
      `${S}:set:k`,
      `${G}:expire:k`,
      `${S}:set:k`,
      `${G}:expire:k`,
      `${S}:set:n`,
    ]);
    expect(await eventsOf(['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1'], ['GETSET', 'a', '3'])).toEqual([
      `${S}:set:a`,
      `${S}:set:b`,
      `${S}:set:a`,
    ]);
    expect(await eventsOf(['INCR', 'a'], ['DECRBY', 'a', '2'], ['INCRBYFLOAT', 'a', '1.5'], ['INCR', 'nope:x'])).toEqual([
      `${S}:incrby:a`,
      `${S}:incrby:a`,
      `${S}:incrbyfloat:a`,
      `${S}:incrby:nope:x`,
    ]);
    expect(await eventsOf(['APPEND', 'a', 'x'], ['SETRANGE', 'a', '0', 'y'], ['SETRANGE', 'a', '0', ''])).toEqual([
      `${S}:append:a`,
      `${S}:setrange:a`,
    ]);
    // SETBIT and BITFIELD only when a bit changed or the string was created or grew.
    expect(
      await eventsOf(
        ['SET', 'bits', 'a'],
        ['SETBIT', 'bits', '1', '1'],
        ['SETBIT', 'bits', '0', '1'],
        ['SETBIT', 'bits', '100', '0'],
        ['BITFIELD', 'bits', 'SET', 'u8', '0', '255'],
        ['BITFIELD', 'bits', 'SET', 'u8', '0', '255'],
        ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10'],
        ['BITFIELD', 'bf2', 'SET', 'u8', '0', '0'],
      ),
    ).toEqual([`${S}:set:bits`, `${S}:setbit:bits`, `${S}:setbit:bits`, `${S}:setbit:bits`, `${S}:setbit:bf2`]);
    expect(
      await eventsOf(
        ['GETEX', 'bits', 'EX', '100'],
        ['GETEX', 'bits', 'PERSIST'],
        ['GETEX', 'bits', 'PERSIST'],
        ['GETEX', 'bits', 'PXAT', '1'],
        ['GETDEL', 'a'],
        ['GETDEL', 'a'],
      ),
    ).toEqual([`${G}:expire:bits`, `${G}:persist:bits`, `${G}:del:bits`, `${G}:del:a`]);
    expect(
      await eventsOf(['SET', 's', 'x'], ['BITOP', 'OR', 'd', 's'], ['BITOP', 'OR', 'd', 'nokey'], ['BITOP', 'OR', 'd', 'nokey']),
    ).toEqual([`${S}:set:s`, `${S}:set:d`, `${G}:del:d`]);
  });

  it('write commands invalidate WATCH; reads and no-ops do not', async () => {
    const keyspace = host.server.keyspace;
    const touched: string[] = [];
    const stop = keyspace.listen({ modified: (_db, key) => touched.push(key) });
    try {
      const run = async (...args: string[]) => {
        touched.length = 0;
        await host.call(...args).catch(() => undefined);
        return touched.length > 0;
      };
      await run('SET', 'w', 'abc');
      expect(await run('GET', 'w')).toBe(false);
      expect(await run('APPEND', 'w', 'd')).toBe(true);
      expect(await run('SETRANGE', 'w', '0', 'x')).toBe(true);
      expect(await run('SETRANGE', 'w', '0', '')).toBe(false);
      expect(await run('SETBIT', 'w', '0', '1')).toBe(true);
      expect(await run('SETBIT', 'w', '0', '1')).toBe(false);
      expect(await run('BITFIELD', 'w', 'GET', 'u8', '0')).toBe(false);
      expect(await run('BITFIELD', 'w', 'SET', 'u8', '0', '1')).toBe(true);
      expect(await run('SET', 'w', '1', 'NX')).toBe(false);
      expect(await run('INCR', 'w2')).toBe(true);
      expect(await run('GETEX', 'w2', 'EX', '100')).toBe(true);
      expect(await run('GETEX', 'w2')).toBe(false);
      expect(await run('GETEX', 'w2', 'PERSIST')).toBe(true);
      expect(await run('GETDEL', 'w2')).toBe(true);
      expect(await run('MSETNX', 'w', '1')).toBe(false);
      expect(await run('LCS', 'w', 'w')).toBe(false);
    } finally {
      stop();
    }
  });

  it('OBJECT ENCODING rules of string values', async () => {
    const enc = async (...args: string[]) => {
      await host.call(...args);
      return stringEncoding(entry(args[1]));
    };
    expect(await enc('SET', 'e', '12345')).toBe('int');
    expect(await enc('SET', 'e', '-9223372036854775808')).toBe('int');
    expect(await enc('SET', 'e', '9223372036854775808')).toBe('embstr');
    expect(await enc('SET', 'e', '01')).toBe('embstr');
    expect(await enc('SET', 'e', 'x'.repeat(44))).toBe('embstr');
    expect(await enc('SET', 'e', 'x'.repeat(45))).toBe('raw');
    expect(await enc('INCRBYFLOAT', 'e2', '3')).toBe('embstr');
    expect(await enc('INCR', 'e2')).toBe('int');
    expect(await enc('APPEND', 'e3', '123')).toBe('int');
    expect(await enc('APPEND', 'e3', '4')).toBe('raw');
    expect(await enc('SET', 'e4', '5')).toBe('int');
    expect(await enc('SETRANGE', 'e4', '0', '')).toBe('int');
    expect(await enc('SETRANGE', 'e4', '0', '6')).toBe('raw');
    expect(await enc('SETRANGE', 'e5', '0', '6')).toBe('raw');
    expect(await enc('SETBIT', 'e6', '0', '0')).toBe('raw');
    expect(await enc('SET', 'e7', 'a')).toBe('embstr');
    expect(await enc('SETBIT', 'e7', '1', '1')).toBe('raw'); // unchanged bit, still made raw
    expect(await enc('SET', 'e8', '7')).toBe('int');
    expect(await enc('BITFIELD', 'e8', 'GET', 'u8', '0')).toBe('int');
    expect(await enc('BITFIELD', 'e8', 'SET', 'u8', '0', '55')).toBe('raw');
    await host.call('BITOP', 'OR', 'e9', 'e8');
    expect(stringEncoding(entry('e9'))).toBe('raw');
    expect(await enc('SET', 'e8', '7')).toBe('int');
    expect(await enc('GETSET', 'e8', '8')).toBe('int');
    expect(await enc('MSET', 'e8', 'abc')).toBe('embstr');
  });

  it('MEMORY USAGE sizes of string values as jemalloc rounds them', async () => {
    const usage = async (value: string) => {
      await host.call('SET', 'mu', value);
      return stringMemoryUsage(entry('mu'));
    };
    // Redis's MEMORY USAGE of key "mk" minus the key (8) and the dict entry (24).
    expect(await usage('1')).toBe(16);
    expect(await usage('abc')).toBe(32);
    expect(await usage('x'.repeat(44))).toBe(64);
    expect(await usage('x'.repeat(45))).toBe(80);
    expect(await usage('x'.repeat(100))).toBe(128);
  });

  it('APPEND grows in place without touching a value another key shares', async () => {
    await host.call('SET', 'g', 'ab');
    const e = entry('g');
    for (let i = 0; i < 1000; i++) await host.call('APPEND', 'g', 'c');
    expect((e.value as Buffer).length).toBe(1002);
    // A second entry sharing the same Buffer (as COPY may do) must not see later edits.
    const db = host.server.keyspace.db(0);
    db.set(keyOf(Buffer.from('g2')), e.value);
    await host.call('APPEND', 'g2', 'Z');
    await host.call('SETRANGE', 'g2', '0', 'Y');
    await host.call('APPEND', 'g', 'Q');
    expect(String(await host.call('GETRANGE', 'g', '0', '1'))).toBe('ab');
    expect(String(await host.call('GETRANGE', 'g', '-2', '-1'))).toBe('cQ');
    expect(String(await host.call('GETRANGE', 'g2', '-2', '-1'))).toBe('cZ');
    expect(String(await host.call('GETRANGE', 'g2', '0', '1'))).toBe('Yb');
  });
});

describe('long double arithmetic', () => {
  it('parses, adds and prints as x87 long double', () => {
    const sum = (...values: string[]) => {
      let acc = parseLongDouble(Buffer.from('0'));
      for (const v of values) acc = addLongDouble(acc!, parseLongDouble(Buffer.from(v))!);
      return acc === null ? null : formatLongDouble(acc).toString();
    };
    expect(sum('0.1')).toBe('0.1');
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(sum('1e47')).toBe('99999999999999999997324805280232041220908515328');
    expect(sum('-0.0')).toBe('0');
    expect(sum('inf')).toBeNull();
    expect(parseLongDouble(Buffer.from('1e-5000'))).toBeNull();
    expect(parseLongDouble(Buffer.from('nan'))).toBeNull();
    expect(parseLongDouble(Buffer.from(' 1'))).toBeNull();
  });
});

function makeRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 4294967296) * n);
  };
}

function randomBytes(next: (n: number) => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = next(4) === 0 ? next(256) : 97 + next(4);
  return out;
}
