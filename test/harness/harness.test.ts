// The harness checked against itself: two real redis-servers must agree where
// they are configured alike and disagree exactly where they are not, or a
// "0 mismatches" from the differential tests would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeReply } from '../../src/resp/reply-parser';
import {
  diffServers,
  encodeValue,
  escapeBytes,
  fixturePath,
  RawClient,
  sortCommandInfoSubcommands,
  startRedis,
  type ServerHandle,
} from './index';

let left: ServerHandle;
let right: ServerHandle;

beforeAll(async () => {
  // Same modules, but hello gets different load arguments on each side.
  left = await startRedis({ modules: [{ path: fixturePath('hello'), args: ['left'] }, fixturePath('reply')] });
  right = await startRedis({ modules: [{ path: fixturePath('hello'), args: ['right'] }, fixturePath('reply')] });
}, 60000);

afterAll(async () => {
  await Promise.all([left?.stop(), right?.stop()]);
});

describe('escapeBytes', () => {
  it('shows control bytes, quotes and backslashes escaped', () => {
    expect(escapeBytes(Buffer.from('+OK\r\n'))).toBe('"+OK\\r\\n"');
    expect(escapeBytes(Buffer.from([0x00, 0xff, 0x22, 0x5c, 0x41]))).toBe('"\\x00\\xff\\"\\\\A"');
  });
});

describe('diffServers', () => {
  it('finds no mismatch between two alike servers, in both protocols', async () => {
    const commands = [['rw.postponed'], ['rw.map', '3'], ['rw.double', '0.1'], ['rw.error'], ['hello.echo', 'x'], ['PING']];
    for (const resp of [2, 3] as const) {
      expect(await diffServers(left, right, commands, { resp })).toEqual([]);
      expect(await diffServers(left, right, commands, { resp, pipeline: true })).toEqual([]);
    }
  });

  it('reports exactly the replies that differ, with both byte strings', async () => {
    const mismatches = await diffServers(left, right, [['PING'], ['hello.args'], ['rw.bool']], { resp: 3 });
    expect(mismatches).toEqual([
      {
        index: 1,
        command: 'hello.args',
        protocol: 3,
        redis: '"*1\\r\\n$4\\r\\nleft\\r\\n"',
        ours: '"*1\\r\\n$5\\r\\nright\\r\\n"',
      },
    ]);
  });

  it('compares normalised replies when a command asks for it', async () => {
    const normalize = () => Buffer.from('same');
    expect(await diffServers(left, right, [{ args: ['hello.args'], normalize }], { resp: 2 })).toEqual([]);
  });
});

describe('RawClient', () => {
  it('returns whole frames, the same pipelined or one by one', async () => {
    const client = await RawClient.connect(left.port);
    try {
      const commands = Array.from({ length: 50 }, (_, i) => ['rw.array', String(i)]);
      const pipelined = await client.sendMany(commands);
      const sequential: Buffer[] = [];
      for (const command of commands) sequential.push(await client.send(command));
      expect(pipelined.map(String)).toEqual(sequential.map(String));
      expect(pipelined[2].toString()).toBe('*2\r\n:0\r\n:1\r\n');
      // An inline command works too.
      expect((await client.sendRaw('PING\r\n')).toString()).toBe('+PONG\r\n');
    } finally {
      client.close();
    }
  });
});

describe('encodeValue', () => {
  it('re-encodes decoded replies to the same bytes', async () => {
    const client = await RawClient.connect(left.port);
    try {
      await client.send(['HELLO', '3']);
      for (const command of [['rw.postponed'], ['rw.map', '2'], ['rw.set', '2'], ['rw.verbatim'], ['rw.bignumber', '12'],
        ['rw.double', '1.5'], ['rw.bool'], ['rw.error'], ['rw.attribute', '1'], ['rw.stringbuffer'], ['COMMAND', 'INFO', 'GET']]) {
        const frame = await client.send(command);
        expect(encodeValue(decodeReply(frame)).toString('latin1')).toBe(frame.toString('latin1'));
      }
    } finally {
      client.close();
    }
  });

  it('sorts subcommands in COMMAND INFO so two processes agree', async () => {
    const fromLeft = await RawClient.connect(left.port);
    const fromRight = await RawClient.connect(right.port);
    try {
      const a = await fromLeft.send(['COMMAND', 'INFO', 'CONFIG', 'CLIENT']);
      const b = await fromRight.send(['COMMAND', 'INFO', 'CONFIG', 'CLIENT']);
      expect(sortCommandInfoSubcommands(a).equals(sortCommandInfoSubcommands(b))).toBe(true);
    } finally {
      fromLeft.close();
      fromRight.close();
    }
  });
});

describe('startRedis', () => {
  it('fails loudly when the server cannot start', async () => {
    await expect(startRedis({ modules: [fixturePath('failload')] })).rejects.toThrow(/redis server did not start/);
  });
});
