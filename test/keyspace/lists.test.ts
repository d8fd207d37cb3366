// Lists against the real redis-server 7.0.15: every command's replies and
// errors byte for byte in RESP2 and RESP3, the blocking pops with several
// clients on each server (who gets served, in which order, with which bytes),
// timeouts, MULTI and WATCH, and the keyspace events the commands emit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatMismatches,
  RawClient,
  escapeBytes,
  ServerPair,
  startRedis,
  type CommandArg,
  type DiffInput,
  type Protocol,
  type ServerHandle,
} from '../harness';
import { startServer, type RedisModuleHost } from '../../src/index';
import { ListValue } from '../../src/keyspace/list';
import { jemallocSize } from '../../src/keyspace/alloc';
import { parseBlockTimeout } from '../../src/server/blocking';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start();
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

async function same(commands: DiffInput[], resp: Protocol = 2): Promise<void> {
  const mismatches = await pair.diff(commands, { resp });
  expect(formatMismatches(mismatches)).toBe('');
}

async function bothProtocols(commands: DiffInput[]): Promise<void> {
  await same(commands, 2);
  await same(commands, 3);
}

const WRONGTYPE_SETUP: CommandArg[][] = [['FLUSHALL'], ['SET', 'str', 'v']];

describe('pushes and pops', () => {
  it('LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP with and without count', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['LPUSH', 'l', 'a', 'b', 'c'],
      ['RPUSH', 'l', 'd', 'e'],
      ['LRANGE', 'l', '0', '-1'],
      ['LPUSHX', 'missing', 'a'],
      ['RPUSHX', 'missing', 'a', 'b'],
      ['EXISTS', 'missing'],
      ['LPUSHX', 'l', 'x', 'y'],
      ['RPUSHX', 'l', 'z'],
      ['LLEN', 'l'],
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['LPOP', 'l', '2'],
      ['RPOP', 'l', '2'],
      ['LPOP', 'l', '0'],
      ['RPOP', 'l', '0'],
      ['LPOP', 'l', '-1'],
      ['LPOP', 'l', 'abc'],
      ['LPOP', 'l', '1', '2'],
      ['RPOP', 'l', '1', '2'],
      ['LPOP', 'l', '100'],
      ['EXISTS', 'l'],
      ['LPOP', 'missing'],
      ['RPOP', 'missing'],
      ['LPOP', 'missing', '1'],
      ['RPOP', 'missing', '0'],
      ['LPOP', 'missing', '-1'],
      ['RPUSH', 'one', 'x'],
      ['RPOP', 'one'],
      ['EXISTS', 'one'],
      ['RPUSH', 'two', 'x', 'y'],
      ['RPOP', 'two', '5'],
      ['LPUSH'],
      ['LPUSH', 'k'],
      ['RPOP'],
      ['LLEN', 'missing'],
      ['LLEN'],
    ]);
  });

  it('wrong types', async () => {
    await bothProtocols([
      ...WRONGTYPE_SETUP,
      ['LPUSH', 'str', 'a'],
      ['RPUSH', 'str', 'a'],
      ['LPUSHX', 'str', 'a'],
      ['RPUSHX', 'str', 'a'],
      ['LPOP', 'str'],
      ['RPOP', 'str', '1'],
      ['LPOP', 'str', '0'],
      ['LPOP', 'str', '-1'],
      ['LLEN', 'str'],
      ['LRANGE', 'str', '0', '-1'],
      ['LRANGE', 'str', 'x', '-1'],
      ['LINDEX', 'str', '0'],
      ['LINDEX', 'str', 'x'],
      ['LSET', 'str', '0', 'x'],
      ['LSET', 'str', 'x', 'x'],
      ['LINSERT', 'str', 'BEFORE', 'a', 'b'],
      ['LINSERT', 'str', 'NEAR', 'a', 'b'],
      ['LREM', 'str', '0', 'a'],
      ['LTRIM', 'str', '0', '1'],
      ['LPOS', 'str', 'a'],
      ['LPOS', 'str', 'a', 'RANK', '0'],
      ['LMOVE', 'str', 'd', 'LEFT', 'RIGHT'],
      ['RPUSH', 'src', 'a'],
      ['LMOVE', 'src', 'str', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'src', 'str'],
      ['LRANGE', 'src', '0', '-1'],
      ['LMPOP', '2', 'missing', 'str', 'LEFT'],
      ['LMPOP', '2', 'src', 'str', 'LEFT'],
      ['BLPOP', 'missing', 'str', '0'],
      ['BRPOP', 'str', '0'],
      ['BLMOVE', 'str', 'd', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 'str', 'd', '0'],
      ['BLMPOP', '0', '1', 'str', 'LEFT'],
    ]);
  });

  it('binary elements and keys, empty strings, integers that listpacks would pack', async () => {
    const bin = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x80]);
    const key = Buffer.from([0xfe, 0x00, 0x41]);
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', key, bin, '', '0', '-0', '00', '12345678901234567890', '-9223372036854775808', bin],
      ['LRANGE', key, '0', '-1'],
      ['LPOS', key, bin, 'COUNT', '0'],
      ['LPOS', key, ''],
      ['LREM', key, '0', bin],
      ['LINSERT', key, 'AFTER', '', bin],
      ['LRANGE', key, '0', '-1'],
      ['BLPOP', key, '0'],
      ['LMPOP', '1', key, 'RIGHT', 'COUNT', '2'],
      ['LRANGE', key, '0', '-1'],
    ]);
  });

  it('a long list: many arguments, ranges across it, trims and pops of its ends', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `e${i % 97}-${'x'.repeat(i % 13)}`);
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'big', ...many],
      ['LPUSH', 'big', ...many.slice(0, 500)],
      ['LLEN', 'big'],
      ['LRANGE', 'big', '100', '160'],
      ['LRANGE', 'big', '-50', '-1'],
      ['LINDEX', 'big', '2999'],
      ['LPOS', 'big', 'e5-xxxxx', 'RANK', '-3', 'COUNT', '4'],
      ['LPOS', 'big', 'e5-xxxxx', 'COUNT', '0', 'MAXLEN', '1000'],
      ['LREM', 'big', '7', 'e1-x'],
      ['LREM', 'big', '-7', 'e2-xx'],
      ['LREM', 'big', '0', 'e3-xxx'],
      ['LINSERT', 'big', 'BEFORE', 'e50-xxxxxxxxxxx', 'new'],
      ['LINDEX', 'big', '50'],
      ['LTRIM', 'big', '10', '-10'],
      ['LPOP', 'big', '300'],
      ['RPOP', 'big', '300'],
      ['LLEN', 'big'],
      ['LRANGE', 'big', '0', '20'],
    ]);
  });
});

describe('command table', () => {
  it('COMMAND INFO and COMMAND DOCS of every list command', async () => {
    const names = [
      'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert',
      'lrem', 'ltrim', 'lpos', 'lmove', 'rpoplpush', 'lmpop', 'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop',
    ];
    await bothProtocols(names.flatMap((n) => [['COMMAND', 'INFO', n], ['COMMAND', 'DOCS', n], ['COMMAND', 'GETKEYS', ...GETKEYS[n]]]));
  });
});

/** A request per command for COMMAND GETKEYS (key positions from the key specs). */
const GETKEYS: Record<string, string[]> = {
  lpush: ['LPUSH', 'k', 'v'],
  rpush: ['RPUSH', 'k', 'v'],
  lpushx: ['LPUSHX', 'k', 'v'],
  rpushx: ['RPUSHX', 'k', 'v'],
  lpop: ['LPOP', 'k'],
  rpop: ['RPOP', 'k', '2'],
  llen: ['LLEN', 'k'],
  lrange: ['LRANGE', 'k', '0', '1'],
  lindex: ['LINDEX', 'k', '0'],
  lset: ['LSET', 'k', '0', 'v'],
  linsert: ['LINSERT', 'k', 'BEFORE', 'p', 'v'],
  lrem: ['LREM', 'k', '0', 'v'],
  ltrim: ['LTRIM', 'k', '0', '1'],
  lpos: ['LPOS', 'k', 'v', 'RANK', '1'],
  lmove: ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
  rpoplpush: ['RPOPLPUSH', 'a', 'b'],
  lmpop: ['LMPOP', '2', 'a', 'b', 'LEFT'],
  blpop: ['BLPOP', 'a', 'b', 'c', '0'],
  brpop: ['BRPOP', 'a', '0'],
  blmove: ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
  brpoplpush: ['BRPOPLPUSH', 'a', 'b', '0'],
  blmpop: ['BLMPOP', '0', '3', 'a', 'b', 'c', 'RIGHT', 'COUNT', '2'],
};

describe('what other commands see of a list', () => {
  it('TYPE, OBJECT ENCODING, MEMORY USAGE (fill fixed at creation), COPY, SORT', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'l', 'c', 'a', 'b'],
      ['TYPE', 'l'],
      ['OBJECT', 'ENCODING', 'l'],
      ['MEMORY', 'USAGE', 'l'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '2'],
      ['RPUSH', 'q', '1', '2', '3', '4', '5'],
      ['OBJECT', 'ENCODING', 'q'],
      ['MEMORY', 'USAGE', 'q'],
      ['CONFIG', 'SET', 'list-max-ziplist-size', '-2'],
      ['MEMORY', 'USAGE', 'q'],
      ['RPUSH', 'big', ...Array.from({ length: 300 }, (_, i) => `item-${i}`)],
      ['OBJECT', 'ENCODING', 'big'],
      ['MEMORY', 'USAGE', 'big'],
      ['COPY', 'l', 'l2'],
      ['RPUSH', 'l2', 'z'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'l2', '0', '-1'],
      ['OBJECT', 'ENCODING', 'l2'],
      ['SORT', 'l', 'ALPHA'],
      ['SORT', 'l', 'ALPHA', 'DESC', 'STORE', 's'],
      ['TYPE', 's'],
      ['OBJECT', 'ENCODING', 's'],
      ['LRANGE', 's', '0', '-1'],
      ['SORT', 'q'],
    ]);
  });
});

describe('indexes and ranges', () => {
  it('LRANGE LINDEX LSET with negative, out-of-range and 64-bit indexes', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'l', '-2', '-1'],
      ['LRANGE', 'l', '-100', '100'],
      ['LRANGE', 'l', '3', '1'],
      ['LRANGE', 'l', '5', '10'],
      ['LRANGE', 'l', '-1', '-5'],
      ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'],
      ['LRANGE', 'l', '9223372036854775807', '-9223372036854775808'],
      ['LRANGE', 'l', '9223372036854775808', '1'],
      ['LRANGE', 'l', '1', ' 1'],
      ['LRANGE', 'l', '1', '1.5'],
      ['LRANGE', 'l', '+1', '2'],
      ['LRANGE', 'l', '01', '2'],
      ['LRANGE', 'missing', '0', '-1'],
      ['LRANGE', 'missing', 'a', '-1'],
      ['LINDEX', 'l', '0'],
      ['LINDEX', 'l', '-1'],
      ['LINDEX', 'l', '-5'],
      ['LINDEX', 'l', '-6'],
      ['LINDEX', 'l', '5'],
      ['LINDEX', 'l', '9223372036854775807'],
      ['LINDEX', 'l', '-9223372036854775808'],
      ['LINDEX', 'l', 'x'],
      ['LINDEX', 'missing', 'x'],
      ['LINDEX', 'missing', '0'],
      ['LSET', 'l', '0', 'A'],
      ['LSET', 'l', '-1', 'E'],
      ['LSET', 'l', '5', 'x'],
      ['LSET', 'l', '-6', 'x'],
      ['LSET', 'l', 'x', 'x'],
      ['LSET', 'missing', '0', 'x'],
      ['LSET', 'missing', 'x', 'x'],
      ['LRANGE', 'l', '0', '-1'],
    ]);
  });

  it('LTRIM keeps a range, empties and deletes the key', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'l', '1', '2', '3', '4', '5', '6'],
      ['LTRIM', 'l', '1', '-2'],
      ['LRANGE', 'l', '0', '-1'],
      ['LTRIM', 'l', '-100', '100'],
      ['LRANGE', 'l', '0', '-1'],
      ['LTRIM', 'l', '1', '1'],
      ['LRANGE', 'l', '0', '-1'],
      ['LTRIM', 'l', '5', '1'],
      ['EXISTS', 'l'],
      ['RPUSH', 'l', 'a', 'b'],
      ['LTRIM', 'l', '2', '-1'],
      ['EXISTS', 'l'],
      ['LTRIM', 'missing', '0', '1'],
      ['LTRIM', 'missing', 'x', '1'],
      ['LTRIM', 'l', '0', 'x'],
      ['RPUSH', 'l', 'a', 'b'],
      ['LTRIM', 'l', '-9223372036854775808', '9223372036854775807'],
      ['LRANGE', 'l', '0', '-1'],
    ]);
  });
});

describe('search and edit', () => {
  it('LPOS with RANK COUNT MAXLEN and their errors', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'x'],
      ['LPOS', 'l', 'a'],
      ['LPOS', 'l', 'z'],
      ['LPOS', 'l', 'a', 'RANK', '2'],
      ['LPOS', 'l', 'a', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'RANK', '-2'],
      ['LPOS', 'l', 'a', 'RANK', '4'],
      ['LPOS', 'l', 'a', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'COUNT', '2'],
      ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2'],
      ['LPOS', 'l', 'a', 'RANK', '-1', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'RANK', '-2', 'COUNT', '5'],
      ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4'],
      ['LPOS', 'l', 'a', 'MAXLEN', '3', 'RANK', '2'],
      ['LPOS', 'l', 'a', 'MAXLEN', '1', 'RANK', '-1'],
      ['LPOS', 'l', 'x', 'MAXLEN', '0'],
      ['LPOS', 'l', 'z', 'COUNT', '3'],
      ['LPOS', 'l', 'a', 'rank', '1', 'RANK', '3'],
      ['LPOS', 'l', 'a', 'RANK', '0'],
      ['LPOS', 'l', 'a', 'RANK', 'x'],
      ['LPOS', 'l', 'a', 'RANK'],
      ['LPOS', 'l', 'a', 'COUNT', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', 'x'],
      ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
      ['LPOS', 'l', 'a', 'MAXLEN', 'x'],
      ['LPOS', 'l', 'a', 'FOO'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775807'],
      ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
      ['LPOS', 'missing', 'a'],
      ['LPOS', 'missing', 'a', 'COUNT', '0'],
      ['LPOS', 'missing', 'a', 'RANK', '0'],
      ['LPOS', 'missing', 'a', 'FOO'],
    ]);
  });

  it('LINSERT LREM', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
      ['LINSERT', 'l', 'after', 'a', 'y'],
      ['LINSERT', 'l', 'AFTER', 'c', 'z'],
      ['LINSERT', 'l', 'BEFORE', 'nope', 'z'],
      ['LINSERT', 'l', 'MIDDLE', 'a', 'z'],
      ['LINSERT', 'missing', 'BEFORE', 'a', 'z'],
      ['LINSERT', 'missing', 'MIDDLE', 'a', 'z'],
      ['EXISTS', 'missing'],
      ['LRANGE', 'l', '0', '-1'],
      ['LREM', 'l', '1', 'a'],
      ['LREM', 'l', '-1', 'a'],
      ['LRANGE', 'l', '0', '-1'],
      ['LREM', 'l', '0', 'a'],
      ['LREM', 'l', '0', 'nope'],
      ['LREM', 'l', 'x', 'a'],
      ['LREM', 'missing', '0', 'a'],
      ['LRANGE', 'l', '0', '-1'],
      ['RPUSH', 'm', 'q', 'q', 'q'],
      ['LREM', 'm', '-9223372036854775808', 'q'],
      ['EXISTS', 'm'],
    ]);
  });
});

describe('moves', () => {
  it('LMOVE and RPOPLPUSH: every direction, same key, missing source, new destination', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 's', '1', '2', '3', '4'],
      ['LMOVE', 's', 'd', 'LEFT', 'LEFT'],
      ['LMOVE', 's', 'd', 'left', 'right'],
      ['LMOVE', 's', 'd', 'RIGHT', 'LEFT'],
      ['LRANGE', 'd', '0', '-1'],
      ['LMOVE', 's', 'd', 'RIGHT', 'RIGHT'],
      ['EXISTS', 's'],
      ['LMOVE', 's', 'd', 'RIGHT', 'RIGHT'],
      ['LMOVE', 'd', 'd', 'LEFT', 'RIGHT'],
      ['LRANGE', 'd', '0', '-1'],
      ['RPOPLPUSH', 'd', 'd'],
      ['LRANGE', 'd', '0', '-1'],
      ['RPUSH', 'one', 'x'],
      ['RPOPLPUSH', 'one', 'one'],
      ['LRANGE', 'one', '0', '-1'],
      ['RPOPLPUSH', 'missing', 'd'],
      ['LMOVE', 'd', 'x', 'UP', 'LEFT'],
      ['LMOVE', 'd', 'x', 'LEFT', 'DOWN'],
      ['LMOVE', 'missing', 'x', 'UP', 'LEFT'],
      ['LMOVE', 'd', 'x', 'LEFT'],
    ]);
  });

  it('LMPOP: numkeys, direction and COUNT errors; first non-empty key wins', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'b', '1', '2', '3'],
      ['RPUSH', 'c', 'x'],
      ['LMPOP', '3', 'a', 'b', 'c', 'LEFT'],
      ['LMPOP', '3', 'a', 'b', 'c', 'RIGHT', 'COUNT', '5'],
      ['LMPOP', '3', 'a', 'b', 'c', 'right', 'count', '5'],
      ['LMPOP', '3', 'a', 'b', 'c', 'LEFT'],
      ['LMPOP', '1', 'a', 'LEFT'],
      ['LMPOP', '0', 'a', 'LEFT'],
      ['LMPOP', '-1', 'a', 'LEFT'],
      ['LMPOP', 'x', 'a', 'LEFT'],
      ['LMPOP', '9223372036854775807', 'a', 'LEFT'],
      ['LMPOP', '9223372036854775808', 'a', 'LEFT'],
      ['LMPOP', '2', 'a', 'LEFT'],
      ['LMPOP', '1', 'a', 'UP'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'],
      ['LMPOP', '1', 'a', 'LEFT', 'FOO'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '9223372036854775807'],
      ['LMPOP', '1', 'a'],
    ]);
  });
});

describe('blocking commands answered at once', () => {
  it('data already there; timeout syntax, sign and range errors; argument errors first', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'b', '1', '2', '3', '4', '5', '6'],
      ['BLPOP', 'a', 'b', '0'],
      ['BRPOP', 'a', 'b', '0.5'],
      ['BLMOVE', 'b', 'd', 'LEFT', 'RIGHT', '0'],
      ['BRPOPLPUSH', 'b', 'd', '0'],
      ['BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '10'],
      ['LRANGE', 'd', '0', '-1'],
      ['EXISTS', 'b'],
      ['RPUSH', 'b', 'x'],
      ['BLPOP', 'b', 'abc'],
      ['BLPOP', 'b', '-1'],
      ['BLPOP', 'b', '-0.002'],
      ['BLPOP', 'b', 'inf'],
      ['BLPOP', 'b', '-inf'],
      ['BLPOP', 'b', 'nan'],
      ['BLPOP', 'b', '1e30'],
      ['BLPOP', 'b', '9.3e15'],
      ['BLPOP', 'b', '9223372036854775.808'],
      ['BLPOP', 'b', '1e5000'],
      ['BLPOP', 'b', '1e-5000'],
      ['BLPOP', 'b', ''],
      ['BLPOP', 'b', ' 1'],
      ['BLPOP', 'b', '1 '],
      ['BLPOP', 'b', '0x'],
      ['BLPOP', 'b', '1e'],
      ['BLPOP', 'b', '0x1p'],
      ['BRPOPLPUSH', 'b', 'd', 'x'],
      ['BLMOVE', 'b', 'd', 'LEFT', 'UP', 'x'],
      ['BLMOVE', 'b', 'd', 'UP', 'LEFT', 'x'],
      ['BLMOVE', 'b', 'd', 'LEFT', 'LEFT', 'x'],
      ['BLMPOP', 'x', '1', 'b', 'LEFT'],
      ['BLMPOP', 'x', '0', 'b', 'LEFT'],
      ['BLMPOP', 'x', '1', 'b', 'UP'],
      ['BLMPOP', 'x', '1', 'b', 'LEFT', 'COUNT', '0'],
      ['BLMPOP', '0', '1', 'b', 'LEFT', 'COUNT', '1', 'COUNT', '1'],
      ['BLMPOP', '0', '2', 'b', 'LEFT'],
      ['BLPOP', 'b'],
      ['LLEN', 'b'],
    ]);
  });

  it('timeouts that parse: hex, leading +, trailing dot, denormals', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['RPUSH', 'k', '1', '2', '3', '4', '5', '6'],
      ['BLPOP', 'k', '0x1.8p1'],
      ['BLPOP', 'k', '+0.5'],
      ['BLPOP', 'k', '5.'],
      ['BLPOP', 'k', '.5'],
      ['BLPOP', 'k', '1e-400'],
      ['BLPOP', 'k', '-0.0001'],
    ]);
  });

  it('inside MULTI the timeout reply comes at once; data there is served', async () => {
    await bothProtocols([
      ['FLUSHALL'],
      ['MULTI'],
      ['BLPOP', 'k', '0'],
      ['BRPOP', 'k', 'j', '0'],
      ['BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0'],
      ['BRPOPLPUSH', 'k', 'd', '0'],
      ['BLMPOP', '0', '1', 'k', 'LEFT'],
      ['BLPOP', 'k', 'abc'],
      ['RPUSH', 'k', 'a', 'b', 'c'],
      ['BLPOP', 'k', '0'],
      ['BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0'],
      ['BLMPOP', '0', '1', 'k', 'RIGHT', 'COUNT', '3'],
      ['BLPOP', 'k', '0'],
      ['EXEC'],
      ['LRANGE', 'd', '0', '-1'],
    ]);
  });
});

// ---- several clients ----------------------------------------------------------

type Step =
  | { client: string; send: CommandArg[] }
  | { client: string; pipeline: CommandArg[][] }
  /** Waits until this many clients are blocked on the server. */
  | { blocked: number }
  | { sleep: number };

/** Runs the steps on one server; each client's reply frames in order, escaped. */
async function runScenario(server: ServerHandle, steps: Step[], resp: Protocol): Promise<Record<string, string[]>> {
  const clients = new Map<string, RawClient>();
  const pending: Array<Promise<void>> = [];
  const frames: Record<string, string[]> = {};
  const probe = await RawClient.connect(server.port);
  const get = async (name: string): Promise<RawClient> => {
    let c = clients.get(name);
    if (c === undefined) {
      c = await RawClient.connect(server.port);
      if (resp === 3) await c.send(['HELLO', '3']);
      clients.set(name, c);
      frames[name] = [];
    }
    return c;
  };
  try {
    for (const step of steps) {
      if ('sleep' in step) {
        await new Promise((r) => setTimeout(r, step.sleep));
      } else if ('blocked' in step) {
        const until = Date.now() + 5000;
        for (;;) {
          const info = (await probe.send(['INFO', 'clients'])).toString('latin1');
          if (new RegExp(`blocked_clients:${step.blocked}\\r\\n`).test(info)) break;
          if (Date.now() > until) throw new Error(`${server.kind}: never ${step.blocked} blocked clients:\n${info}`);
          await new Promise((r) => setTimeout(r, 5));
        }
      } else {
        const c = await get(step.client);
        const out = frames[step.client];
        // Replies are claimed in order; a blocking command's reply is awaited at the end.
        const slot = out.length;
        if ('send' in step) {
          out.push('<pending>');
          pending.push(c.send(step.send, 8000).then((f) => void (out[slot] = escapeBytes(f))));
        } else {
          for (let i = 0; i < step.pipeline.length; i++) out.push('<pending>');
          pending.push(
            c.sendMany(step.pipeline, 8000).then((fs) => fs.forEach((f, i) => void (out[slot + i] = escapeBytes(f)))),
          );
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    await Promise.allSettled(pending);
    return frames;
  } finally {
    probe.close();
    for (const c of clients.values()) c.close();
  }
}

async function sameScenario(steps: Step[]): Promise<void> {
  for (const resp of [2, 3] as const) {
    const [redis, ours] = await Promise.all([runScenario(pair.redis, steps, resp), runScenario(pair.ours, steps, resp)]);
    // A reply Redis never sent would make the comparison vacuous.
    expect(Object.values(redis).flat()).not.toContain('<pending>');
    expect(ours, `RESP${resp}`).toEqual(redis);
  }
}

const at = (client: string, ...send: CommandArg[]): Step => ({ client, send });

describe('blocking with several clients', () => {
  it('binary key names round-trip through the wait', async () => {
    const key = Buffer.from([0x00, 0xff, 0x80, 0x41]);
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'other', key, '0'),
      { blocked: 1 },
      at('B', 'BLMOVE', key, Buffer.from([0xc3, 0x28]), 'LEFT', 'RIGHT', '0'),
      { blocked: 2 },
      at('Z', 'RPUSH', key, Buffer.from([1, 2, 3]), Buffer.from([0xfe])),
      { blocked: 0 },
      at('Z', 'LRANGE', Buffer.from([0xc3, 0x28]), '0', '-1'),
    ]);
  });


  it('BLPOP served by a push; the pusher pipelines RPUSH then LLEN and A is served between them', async () => {
    await sameScenario([
      at('B', 'FLUSHALL'),
      at('A', 'BLPOP', 'k', '0'),
      { blocked: 1 },
      { client: 'B', pipeline: [['RPUSH', 'k', 'x'], ['LLEN', 'k'], ['RPUSH', 'k', 'y', 'z'], ['LLEN', 'k']] },
      at('A', 'LRANGE', 'k', '0', '-1'),
    ]);
  });

  it('FIFO per key; a client on several keys is served by the first key that gets data', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'k1', 'k2', '0'),
      { blocked: 1 },
      at('B', 'BRPOP', 'k2', '0'),
      { blocked: 2 },
      at('C', 'BLPOP', 'k2', 'k1', '0'),
      { blocked: 3 },
      at('Z', 'RPUSH', 'k2', 'a'),
      { blocked: 2 },
      at('Z', 'RPUSH', 'k2', 'b', 'c'),
      { blocked: 0 },
      at('Z', 'LRANGE', 'k2', '0', '-1'),
      at('Z', 'EXISTS', 'k1'),
    ]);
  });

  it('a transaction pushing to two keys serves them in the order they got data', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'k1', 'k2', '0'),
      { blocked: 1 },
      at('B', 'BLPOP', 'k1', '0'),
      { blocked: 2 },
      at('Z', 'MULTI'),
      at('Z', 'RPUSH', 'k2', 'from-k2'),
      at('Z', 'RPUSH', 'k1', 'from-k1'),
      at('Z', 'EXEC'),
      { blocked: 0 },
      at('Z', 'EXISTS', 'k1', 'k2'),
    ]);
  });

  it('a key that is empty again or of another type when served keeps the client waiting', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'k', '0'),
      { blocked: 1 },
      at('Z', 'MULTI'),
      at('Z', 'RPUSH', 'k', 'a'),
      at('Z', 'LPOP', 'k'),
      at('Z', 'EXEC'),
      at('Z', 'MULTI'),
      at('Z', 'RPUSH', 'k', 'a'),
      at('Z', 'DEL', 'k'),
      at('Z', 'SET', 'k', 'string'),
      at('Z', 'EXEC'),
      { sleep: 30 },
      { blocked: 1 },
      at('Z', 'DEL', 'k'),
      at('Z', 'RPUSH', 'k', 'finally'),
      { blocked: 0 },
    ]);
  });

  it('BLMPOP served with COUNT; BRPOP from the tail', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '2'),
      { blocked: 1 },
      at('B', 'BRPOP', 'b', '0'),
      { blocked: 2 },
      at('C', 'BLMPOP', '0', '1', 'b', 'LEFT'),
      { blocked: 3 },
      at('Z', 'RPUSH', 'b', '1', '2', '3', '4'),
      { blocked: 0 },
      at('Z', 'LRANGE', 'b', '0', '-1'),
    ]);
  });

  it('BLMOVE: served move feeds a client waiting on the destination; same key; wrong-typed destination', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0'),
      { blocked: 1 },
      at('B', 'BLPOP', 'dst', '0'),
      { blocked: 2 },
      at('Z', 'RPUSH', 'src', 'v1', 'v2'),
      { blocked: 0 },
      at('Z', 'LRANGE', 'src', '0', '-1'),
      at('Z', 'EXISTS', 'dst'),
      at('A', 'BRPOPLPUSH', 'rot', 'rot', '0'),
      { blocked: 1 },
      at('Z', 'RPUSH', 'rot', 'only'),
      { blocked: 0 },
      at('Z', 'LRANGE', 'rot', '0', '-1'),
      at('Z', 'SET', 'bad', 'string'),
      at('A', 'BLMOVE', 'q', 'bad', 'LEFT', 'LEFT', '0'),
      { blocked: 1 },
      at('B', 'BLPOP', 'q', '0'),
      { blocked: 2 },
      at('Z', 'RPUSH', 'q', 'e1', 'e2'),
      { blocked: 0 },
      at('Z', 'LRANGE', 'q', '0', '-1'),
    ]);
  });

  it('timeouts reply the null shapes; short float timeouts', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'k', '0.05'),
      at('B', 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.05'),
      at('C', 'BRPOPLPUSH', 'k', 'd', '0.1'),
      at('D', 'BLMPOP', '0.1', '1', 'k', 'LEFT'),
      at('E', 'BRPOP', 'k', '0.0001'),
      { sleep: 400 },
      { blocked: 0 },
      at('A', 'PING'),
      at('Z', 'EXISTS', 'd'),
    ]);
  });

  it('commands pipelined behind a blocking one run after it is served', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      { client: 'A', pipeline: [['BLPOP', 'k', '0'], ['LLEN', 'k'], ['RPUSH', 'out', 'done']] },
      { blocked: 1 },
      at('Z', 'RPUSH', 'k', 'a', 'b'),
      { blocked: 0 },
      { sleep: 20 },
      at('Z', 'LRANGE', 'out', '0', '-1'),
      at('Z', 'LRANGE', 'k', '0', '-1'),
    ]);
  });

  it('WATCH: pushes, pops, sets and served moves invalidate the transaction', async () => {
    await sameScenario([
      at('Z', 'FLUSHALL'),
      at('W', 'WATCH', 'k'),
      at('Z', 'RPUSH', 'k', 'a'),
      at('W', 'MULTI'),
      at('W', 'PING'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'k'),
      at('Z', 'LPOS', 'k', 'a'),
      at('Z', 'LRANGE', 'k', '0', '-1'),
      at('W', 'MULTI'),
      at('W', 'PING'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'k'),
      at('Z', 'LREM', 'k', '0', 'nothing'),
      at('Z', 'LINSERT', 'k', 'BEFORE', 'nothing', 'x'),
      at('W', 'MULTI'),
      at('W', 'PING'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'k'),
      at('Z', 'LSET', 'k', '0', 'b'),
      at('W', 'MULTI'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'dst'),
      at('A', 'BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'),
      { blocked: 1 },
      at('Z', 'RPUSH', 'src', 'v'),
      { blocked: 0 },
      at('W', 'MULTI'),
      at('W', 'PING'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'k'),
      at('Z', 'LTRIM', 'k', '0', '-1'),
      at('W', 'MULTI'),
      at('W', 'EXEC'),
      at('W', 'WATCH', 'k'),
      at('Z', 'RPOP', 'k'),
      at('W', 'MULTI'),
      at('W', 'EXEC'),
    ]);
  });
});

// ---- keyspace events ---------------------------------------------------------------

describe('keyspace events', () => {
  let redis: ServerHandle;
  let host: RedisModuleHost;

  beforeAll(async () => {
    redis = await startRedis({ config: { 'notify-keyspace-events': 'KEA' } });
    host = await startServer();
  }, 60000);

  afterAll(async () => {
    await host?.stop();
    await redis?.stop();
  });

  /** Redis's events for the steps (keyevent channel), and ours (keyspace listener). */
  async function events(steps: Step[]): Promise<{ redis: string[]; ours: string[] }> {
    const sub = await RawClient.connect(redis.port);
    await sub.send(['PSUBSCRIBE', '__keyevent@0__:*']);
    const ours: string[] = [];
    const stop = host.server.keyspace.listen({
      notify: (_cls, event, key, db) => void ours.push(`${db}:${event}:${escapeBytes(key)}`),
    });
    const oursHandle = { kind: 'ours', port: host.port } as unknown as ServerHandle;
    try {
      await runScenario(redis, steps, 2);
      await runScenario(oursHandle, steps, 2);
      await runScenario(redis, [at('Z', 'SET', 'end-marker', '1')], 2);
      const seen: string[] = [];
      for (;;) {
        const frame = await sub.nextFrame(3000);
        const parts = frame.toString('latin1').split('\r\n');
        // *4 $8 pmessage $n pattern $n channel $n key
        const event = parts[6].slice('__keyevent@0__:'.length);
        const key = parts[8];
        if (key === 'end-marker') break;
        seen.push(`0:${event}:${escapeBytes(Buffer.from(key, 'latin1'))}`);
      }
      return { redis: seen, ours };
    } finally {
      stop();
      sub.close();
    }
  }

  it('each command emits what Redis emits, in order, with del when a list empties', async () => {
    const steps: Step[] = [
      at('Z', 'FLUSHALL'),
      at('Z', 'LPUSH', 'l', 'a', 'b'),
      at('Z', 'RPUSH', 'l', 'c'),
      at('Z', 'LPUSHX', 'l', 'd'),
      at('Z', 'RPUSHX', 'l', 'e'),
      at('Z', 'LPUSHX', 'none', 'd'),
      at('Z', 'LINSERT', 'l', 'BEFORE', 'c', 'x'),
      at('Z', 'LINSERT', 'l', 'BEFORE', 'nope', 'x'),
      at('Z', 'LSET', 'l', '0', 'y'),
      at('Z', 'LREM', 'l', '0', 'nope'),
      at('Z', 'LREM', 'l', '1', 'x'),
      at('Z', 'LTRIM', 'l', '0', '-1'),
      at('Z', 'LPOP', 'l'),
      at('Z', 'RPOP', 'l', '2'),
      at('Z', 'LPOP', 'l', '0'),
      at('Z', 'LMOVE', 'l', 'm', 'LEFT', 'RIGHT'),
      at('Z', 'RPOPLPUSH', 'l', 'm'),
      at('Z', 'LMPOP', '1', 'm', 'LEFT', 'COUNT', '5'),
      at('Z', 'RPUSH', 'n', '1', '2', '3'),
      at('Z', 'LREM', 'n', '0', '2'),
      at('Z', 'LTRIM', 'n', '5', '6'),
      at('Z', 'RPUSH', 'n', '1'),
      at('Z', 'LREM', 'n', '0', '1'),
      at('Z', 'RPUSH', 'n', '1', '2'),
      at('Z', 'BLPOP', 'n', '0'),
      at('Z', 'BLMPOP', '0', '1', 'n', 'RIGHT'),
      at('Z', 'RPUSH', 'n', '1', '2'),
      at('Z', 'BLMOVE', 'n', 'n', 'LEFT', 'RIGHT', '0'),
      at('Z', 'BRPOPLPUSH', 'n', 'o', '0'),
      at('Z', 'RPOPLPUSH', 'n', 'o'),
    ];
    const seen = await events(steps);
    expect(seen.ours).toEqual(seen.redis);
  });

  it('served blocked clients emit the pop (and push of a move) after the waking push', async () => {
    const steps: Step[] = [
      at('Z', 'FLUSHALL'),
      at('A', 'BLPOP', 'k', '0'),
      { blocked: 1 },
      at('Z', 'RPUSH', 'k', 'a', 'b'),
      { blocked: 0 },
      at('A', 'BLMOVE', 's', 'd', 'RIGHT', 'LEFT', '0'),
      { blocked: 1 },
      at('B', 'BLMPOP', '0', '1', 'd', 'LEFT', 'COUNT', '3'),
      { blocked: 2 },
      at('Z', 'RPUSH', 's', 'x'),
      { blocked: 0 },
      at('A', 'BRPOP', 'e', '0'),
      { blocked: 1 },
      at('Z', 'LPUSH', 'e', 'only'),
      { blocked: 0 },
    ];
    const seen = await events(steps);
    expect(seen.ours).toEqual(seen.redis);
  });
});

// ---- the value type itself ---------------------------------------------------------

describe('ListValue', () => {
  it('behaves as a deque under random operations', () => {
    // A small fill factor, so that nodes split and merge often.
    const list = new ListValue(3);
    const model: string[] = [];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let step = 0; step < 20000; step++) {
      const op = rand(9);
      const v = `v${rand(20)}`;
      if (op === 0) (list.pushFront(Buffer.from(v)), model.unshift(v));
      else if (op === 1 || op === 8) (list.pushBack(Buffer.from(v)), model.push(v));
      else if (op === 2) expect(list.popFront()?.toString()).toBe(model.shift());
      else if (op === 3) expect(list.popBack()?.toString()).toBe(model.pop());
      else if (op === 4 && model.length > 0) {
        const i = rand(model.length);
        const after = rand(2) === 1;
        list.insertBeside(i, Buffer.from(v), after);
        model.splice(after ? i + 1 : i, 0, v);
      } else if (op === 5) {
        const limit = rand(3);
        const fromTail = rand(2) === 1;
        let removed = 0;
        if (!fromTail) {
          for (let i = 0; i < model.length; i++) {
            if (model[i] === v && (limit === 0 || removed < limit)) (model.splice(i, 1), i--, removed++);
          }
        } else {
          for (let i = model.length - 1; i >= 0; i--) {
            if (model[i] === v && (limit === 0 || removed < limit)) (model.splice(i, 1), removed++);
          }
        }
        expect(list.removeMatching(Buffer.from(v), limit, fromTail)).toBe(removed);
      } else if (op === 6 && model.length > 0) {
        const front = rand(3);
        const back = rand(3);
        list.trim(front, back);
        if (front + back >= model.length) model.length = 0;
        else model.splice(model.length - back, back), model.splice(0, front);
      } else if (op === 7 && model.length > 0 && rand(4) === 0) {
        const i = rand(model.length);
        list.removeAt(i);
        model.splice(i, 1);
      } else if (op === 7 && model.length > 0) {
        const i = rand(model.length);
        list.set(i, Buffer.from(v));
        model[i] = v;
      }
      expect(list.length).toBe(model.length);
      if (step % 100 === 0) {
        // The quicklist layout covers every element, with no empty node.
        const layout = list.nodeLayout();
        expect(layout.every((node) => node.count > 0)).toBe(true);
        expect(layout.reduce((sum, node) => sum + node.count, 0)).toBe(model.length);
      }
    }
    expect(list.toArray().map(String)).toEqual(model);
    const copy = list.clone();
    copy.pushBack(Buffer.from('extra'));
    expect(list.length).toBe(model.length);
    expect(copy.toArray().map(String)).toEqual([...model, 'extra']);
    expect(list.encoding).toBe('quicklist');
  });

  it('memoryUsage matches what Redis 7.0 reports (less the key) for lists built by RPUSH', async () => {
    const client = await RawClient.connect(pair.redis.port);
    try {
      const cases: Array<{ fill: string; items: string[] }> = [
        { fill: '-2', items: ['a', 'b', 'c'] },
        { fill: '-2', items: Array.from({ length: 200 }, (_, i) => String(i + 1)) },
        { fill: '2', items: ['1', '2', '3', '4', '5'] },
        { fill: '-2', items: Array.from({ length: 3000 }, (_, i) => `element-${i}-${'y'.repeat(i % 40)}`) },
        { fill: '-1', items: Array.from({ length: 500 }, (_, i) => 'z'.repeat(i % 300)) },
        { fill: '128', items: Array.from({ length: 1000 }, (_, i) => String(i * 7919 - 3000000)) },
      ];
      for (const { fill, items } of cases) {
        await client.send(['CONFIG', 'SET', 'list-max-listpack-size', fill]);
        await client.send(['DEL', 'mem']);
        for (let i = 0; i < items.length; i += 500) await client.send(['RPUSH', 'mem', ...items.slice(i, i + 500)]);
        const reply = (await client.send(['MEMORY', 'USAGE', 'mem'])).toString();
        const theirs = Number(reply.slice(1, -2));
        const ours = ListValue.from(items.map((s) => Buffer.from(s)), Number(fill)).memoryUsage();
        // MEMORY USAGE adds the key's sds allocation and its dict entry.
        expect(ours + jemallocSize(3 + 3 + 1) + 24, `fill ${fill}, ${items.length} items`).toBe(theirs);
      }
    } finally {
      await client.send(['CONFIG', 'SET', 'list-max-listpack-size', '-2']);
      client.close();
    }
  });

  it('parses timeouts as Redis 7.0.15 does', () => {
    const now = 1_000_000;
    const t = (s: string) => parseBlockTimeout(Buffer.from(s, 'latin1'), now);
    expect(t('0')).toBe(0);
    expect(t('1')).toBe(now + 1000);
    expect(t('0.0001')).toBe(now + 1);
    expect(t('1.0001')).toBe(now + 1001);
    expect(t('-0.0001')).toBe(0);
    expect(t('0x10')).toBe(now + 16000);
    expect(t('1e-400')).toBe(now + 1);
    expect(t('1\u0000junk')).toBe(now + 1000);
    expect(t('\u0000')).toBe(0);
    expect(t('9223372036854775.807')).toBe(0);
    expect(t('9223372036854775.808')).toBe('ERR timeout is negative');
    expect(t('inf')).toBe('ERR timeout is negative');
    expect(t('-1')).toBe('ERR timeout is negative');
    expect(t('nan')).toBe('ERR timeout is not a float or out of range');
    expect(t('1e5000')).toBe('ERR timeout is not a float or out of range');
    expect(t('1e-5000')).toBe('ERR timeout is not a float or out of range');
    expect(t(' 1')).toBe('ERR timeout is not a float or out of range');
    expect(t('')).toBe('ERR timeout is not a float or out of range');
  });
});
