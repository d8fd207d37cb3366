// The key API for strings (fixtures/keys_string.c): StringSet, StringDMA,
// StringTruncate, against redis-server 7.0.15 with the same fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, RawClient, ServerPair, type DiffInput, type ServerHandle } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [fixturePath('keys_string')],
    config: { 'enable-debug-command': 'yes' },
  });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const binary = Buffer.from([0x00, 0x01, 0xff, 0x00, 0x0a, 0x0d]);
const big = Buffer.alloc(70000, 0x62);
big[0] = 0;
big[69999] = 0xff;

/** Sequences run from an empty dataset; DEBUG DIGEST is compared after each. */
const sequences: Record<string, DiffInput[]> = {
  set: [
    ['keystr.set', 's', 'w', 'hello'],
    ['GET', 's'],
    ['OBJECT', 'ENCODING', 's'],
    // A module string is stored as it is: never int-encoded.
    ['keystr.set', 'n', 'w', '123'],
    ['OBJECT', 'ENCODING', 'n'],
    ['keystr.setnum', 'm', '42'],
    ['OBJECT', 'ENCODING', 'm'],
    ['GET', 'm'],
    ['keystr.set', 'long', 'rw', 'x'.repeat(45)],
    ['OBJECT', 'ENCODING', 'long'],
    ['keystr.set', 'edge', 'w', 'y'.repeat(44)],
    ['OBJECT', 'ENCODING', 'edge'],
    // The old value and its expiry go, whatever the type.
    ['SET', 'ttl', 'old', 'PX', '100000'],
    ['keystr.set', 'ttl', 'w', 'new'],
    ['TTL', 'ttl'],
    ['GET', 'ttl'],
    ['RPUSH', 'list', 'a', 'b'],
    ['keystr.set', 'list', 'w', 'now a string'],
    ['TYPE', 'list'],
    ['HSET', 'hash', 'f', 'v'],
    ['keystr.set', 'hash', 'r', 'refused'],
    ['TYPE', 'hash'],
    ['keystr.set', 'missing', 'r', 'x'],
    ['EXISTS', 'missing'],
    ['keystr.set', 'bin', 'w', binary],
    ['GET', 'bin'],
    ['STRLEN', 'bin'],
    ['keystr.set', 'big', 'w', big],
    ['STRLEN', 'big'],
    ['GETRANGE', 'big', '69990', '-1'],
    ['keystr.set', 'empty', 'w', ''],
    ['EXISTS', 'empty'],
    ['STRLEN', 'empty'],
    ['APPEND', 's', ' world'],
    ['GET', 's'],
    ['INCR', 'n'],
    ['OBJECT', 'ENCODING', 'n'],
  ],
  dma: [
    ['SET', 's', 'hello'],
    ['keystr.dma', 's', 'r', 'r'],
    // Even a read DMA unshares an embstr or int value: raw from now on.
    ['OBJECT', 'ENCODING', 's'],
    ['SET', 'n', '12345'],
    ['OBJECT', 'ENCODING', 'n'],
    ['keystr.dma', 'n', 'r', 'r'],
    ['OBJECT', 'ENCODING', 'n'],
    ['GET', 'n'],
    ['keystr.dma', 's', 'w', 'w', '0', 'J'],
    ['GET', 's'],
    ['keystr.dma', 's', 'rw', 'rw', '4', '!'],
    ['GET', 's'],
    // A READ key with a WRITE DMA writes (Redis checks the DMA mode only).
    ['keystr.dma', 's', 'r', 'w', '1', 'E'],
    ['GET', 's'],
    ['keystr.dma', 's', 'w', 'w', '3', 'too long'],
    ['GET', 's'],
    ['keystr.dma', 'missing', 'w', 'w'],
    ['keystr.dma', 'missing', 'rw', 'r'],
    ['EXISTS', 'missing'],
    ['keystr.dma', 'missing', 'r', 'r'],
    ['RPUSH', 'list', 'a'],
    ['keystr.dma', 'list', 'r', 'r'],
    ['keystr.dma', 'list', 'w', 'w'],
    ['SET', 'empty', ''],
    ['keystr.dma', 'empty', 'w', 'w'],
    ['OBJECT', 'ENCODING', 'empty'],
    ['SET', 'bin', binary],
    ['keystr.dma', 'bin', 'w', 'w', '2', Buffer.from([0x00, 0x00])],
    ['GET', 'bin'],
    ['SET', 'big', big],
    ['keystr.dma', 'big', 'w', 'w', '69998', 'zz'],
    ['GETRANGE', 'big', '69990', '-1'],
    ['GETRANGE', 'big', '0', '3'],
    ['STRLEN', 'big'],
    // COPY's duplicate is not written through the source's DMA.
    ['SET', 'src', 'source-value-source-value-source-value-source'],
    ['COPY', 'src', 'dst'],
    ['keystr.dma', 'src', 'w', 'w', '0', 'S'],
    ['GET', 'src'],
    ['GET', 'dst'],
    ['keystr.dma', 'dst', 'w', 'w', '0', 'D'],
    ['GET', 'src'],
    ['GET', 'dst'],
    // Written in place, then edited by commands.
    ['APPEND', 's', '++'],
    ['SETRANGE', 's', '0', 'h'],
    ['GET', 's'],
    ['keystr.dma', 's', 'r', 'r'],
  ],
  truncate: [
    ['keystr.truncate', 't', 'w', '5'],
    ['GET', 't'],
    ['OBJECT', 'ENCODING', 't'],
    ['keystr.truncate', 't', 'w', '2'],
    ['GET', 't'],
    ['keystr.truncate', 't', 'w', '0'],
    ['EXISTS', 't'],
    ['STRLEN', 't'],
    ['keystr.truncate', 'none', 'w', '0'],
    ['EXISTS', 'none'],
    ['keystr.truncate', 'none', 'r', '3'],
    ['SET', 's', 'hello world'],
    ['keystr.truncate', 's', 'r', '3'],
    ['keystr.truncate', 's', 'w', '5'],
    ['GET', 's'],
    ['OBJECT', 'ENCODING', 's'],
    ['keystr.truncate', 's', 'w', '8'],
    ['GET', 's'],
    ['keystr.truncate', 's', 'w', '536870913'],
    ['RPUSH', 'list', 'a'],
    ['keystr.truncate', 'list', 'w', '3'],
    ['keystr.truncate', 'list', 'w', '0'],
    ['TYPE', 'list'],
    ['SET', 'n', '42'],
    ['keystr.truncate', 'n', 'w', '4'],
    ['GET', 'n'],
    ['OBJECT', 'ENCODING', 'n'],
    ['keystr.truncate', 's', 'w', '100000'],
    ['STRLEN', 's'],
    ['GETRANGE', 's', '0', '9'],
    ['keystr.fill', 'f', '70000', 'a'],
    ['STRLEN', 'f'],
    ['GETRANGE', 'f', '69990', '-1'],
    ['keystr.fill', 'f', '10', 'b'],
    ['GET', 'f'],
    ['keystr.fill', 'f', '20', 'c'],
    ['GET', 'f'],
    ['SETRANGE', 'f', '25', 'x'],
    ['GET', 'f'],
    ['keystr.truncate', 'f', 'w', '3'],
    ['APPEND', 'f', 'tail'],
    ['GET', 'f'],
    // The allocation behind the value, as sdsgrowzero / sdsRemoveFreeSpace leave it.
    ['keystr.truncate', 'm1', 'w', '10'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '300'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '290'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '100'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '20'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '70000'],
    ['MEMORY', 'USAGE', 'm1'],
    ['keystr.truncate', 'm1', 'w', '1000'],
    ['MEMORY', 'USAGE', 'm1'],
    ['SET', 'm2', 'short'],
    ['keystr.dma', 'm2', 'w', 'w'],
    ['MEMORY', 'USAGE', 'm2'],
    ['SET', 'm3', 'z'.repeat(100)],
    ['keystr.dma', 'm3', 'r', 'r'],
    ['MEMORY', 'USAGE', 'm3'],
    ['keystr.dma', 'm3', 'w', 'w'],
    ['MEMORY', 'USAGE', 'm3'],
    ['keystr.set', 'm4', 'w', 'q'.repeat(100)],
    ['MEMORY', 'USAGE', 'm4'],
    ['SET', 'ttl', 'abc', 'PX', '100000'],
    ['keystr.truncate', 'ttl', 'w', '10'],
    ['TTL', 'ttl'],
  ],
};

describe.each([2, 3] as const)('keystr module, RESP%i', (resp) => {
  for (const [name, sequence] of Object.entries(sequences)) {
    it(`${name}: replies and dataset as redis-server`, async () => {
      // The dataset too: DEBUG DIGEST after the sequence is part of the diff.
      const mismatches = await pair.diff([['FLUSHALL'], ...sequence, ['DEBUG', 'DIGEST']], { resp });
      expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    });
  }
});

describe('keystr.selftest', () => {
  it('passes on both servers', async () => {
    for (let run = 0; run < 2; run++) {
      const { redis, ours } = await pair.sendBoth(['keystr.selftest']);
      expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
      expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
    }
  });
});

/** WATCH k, MULTI, a command, then another client's module write on k, then EXEC. */
async function watchAbortedBy(server: ServerHandle, write: string[]): Promise<Buffer[]> {
  const watcher = await RawClient.connect(server.port);
  const writer = await RawClient.connect(server.port);
  try {
    const replies = [
      await watcher.send(['FLUSHALL']),
      await watcher.send(['SET', 'w', 'before']),
      await watcher.send(['WATCH', 'w']),
      await watcher.send(['MULTI']),
      await watcher.send(['SET', 'other', '1']),
      await writer.send(write),
      await watcher.send(['EXEC']),
      await watcher.send(['GET', 'w']),
      await watcher.send(['EXISTS', 'other']),
    ];
    return replies;
  } finally {
    watcher.close();
    writer.close();
  }
}

describe('WATCH', () => {
  for (const write of [
    ['keystr.set', 'w', 'w', 'after'],
    ['keystr.truncate', 'w', 'w', '2'],
    ['keystr.dma', 'w', 'w', 'w', '0', 'B'],
  ]) {
    it(`a module write (${write[0]}) aborts the transaction on both servers`, async () => {
      const [redis, ours] = await Promise.all([watchAbortedBy(pair.redis, write), watchAbortedBy(pair.ours, write)]);
      expect(redis[6].toString()).toBe('*-1\r\n');
      expect(ours.map((b) => b.toString('latin1'))).toEqual(redis.map((b) => b.toString('latin1')));
    });
  }
});
