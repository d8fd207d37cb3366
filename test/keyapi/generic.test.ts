// The generic key functions (fixtures/keys_generic.c): OpenKey, CloseKey,
// KeyType, ValueLength, DeleteKey, UnlinkKey, expiry, KeyExists, DbSize,
// RandomKey, key name and db, SignalModifiedKey, ResetDataset, AutoMemory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, RawClient, ServerPair, type DiffInput, type ServerHandle } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [fixturePath('keys_generic')],
    config: { 'enable-debug-command': 'yes' },
  });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const setup: DiffInput[] = [
  ['FLUSHALL'],
  ['SET', 'str', 'hello'],
  ['RPUSH', 'list', 'a', 'b', 'c'],
  ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
  ['SADD', 'set', 'x', 'y', 'z', 'w'],
  ['ZADD', 'zset', '1', 'a', '2', 'b'],
  ['XADD', 'stream', '1-1', 'f', 'v'],
  ['SET', Buffer.from([0x00, 0xff, 0x0a]), Buffer.alloc(70000, 0x61)],
];

const commands: DiffInput[] = [
  ...setup,
  ...['str', 'list', 'hash', 'set', 'zset', 'stream', 'missing'].flatMap((k): DiffInput[] => [
    ['keygen.open', k, 'r'],
    ['keygen.open', k, 'w'],
    ['keygen.open', k, 'rw'],
    ['keygen.open', k, 'rn'],
    ['keygen.exists', k],
    ['keygen.name', k, 'w'],
  ]),
  ['keygen.open', Buffer.from([0x00, 0xff, 0x0a]), 'r'],
  ['keygen.name', Buffer.from([0x00, 0xff, 0x0a]), 'r'],
  ['keygen.dbsize'],
  ['keygen.del', 'str', 'r'],
  ['keygen.del', 'str', 'w'],
  ['EXISTS', 'str'],
  ['keygen.del', 'missing', 'w'],
  ['keygen.unlink', 'list', 'r'],
  ['keygen.unlink', 'list', 'rw'],
  ['EXISTS', 'list'],
  ['keygen.dbsize'],
  // Expiry: wrong mode, empty key, negative, removal.
  ['keygen.ttl', 'hash', 'r'],
  ['keygen.expire', 'hash', 'r', '100000'],
  ['keygen.expire', 'missing', 'w', '100000'],
  ['keygen.expire', 'hash', 'w', '-5'],
  ['keygen.expire', 'hash', 'w', '100000'],
  ['keygen.ttl', 'hash', 'r'],
  ['TTL', 'hash'],
  ['keygen.expire', 'hash', 'w', '-1'],
  ['keygen.ttl', 'hash', 'r'],
  ['TTL', 'hash'],
  ['keygen.absexpire', 'set', 'w', '4102444800000'],
  ['keygen.absttl', 'set', 'r'],
  ['PEXPIRETIME', 'set'],
  ['keygen.absexpire', 'set', 'w', '-1'],
  ['keygen.absttl', 'set', 'r'],
  ['PEXPIRETIME', 'set'],
  ['keygen.absexpire', 'set', 'r', '4102444800000'],
  ['keygen.absexpire', 'missing', 'w', '4102444800000'],
  ['keygen.absttl', 'missing', 'w'],
  // A deadline in the past: the key is gone at the next lookup.
  ['keygen.absexpire', 'zset', 'w', '1000'],
  ['keygen.open', 'zset', 'r'],
  ['EXISTS', 'zset'],
  ['keygen.null'],
  ['keygen.selectopen', '1', 'str'],
  ['keygen.selectopen', '16', 'str'],
  ['SELECT', '0'],
  ['keygen.open', 'stream', 'r'],
  ['keygen.signal', 'stream'],
  ['keygen.leave', '50', 'stream'],
  ['keygen.leave', '3', 'nothing'],
  ['EXISTS', 'nothing'],
  ['keygen.selftest'],
  ['keygen.selftest'],
  ['keygen.open', 'stream', 'x'],
  ['keygen.open'],
  ['DEBUG', 'DIGEST'],
  ['keygen.reset'],
  ['keygen.dbsize'],
  ['DBSIZE'],
  ['keygen.randomkey'],
  ['SET', 'only', '1'],
  ['keygen.randomkey'],
  ['DEBUG', 'DIGEST'],
];

describe.each([2, 3] as const)('generic key functions, RESP%i', (resp) => {
  it('reply exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

async function infoField(server: ServerHandle, field: string): Promise<string> {
  const client = await RawClient.connect(server.port);
  try {
    const text = (await client.send(['INFO', 'stats'])).toString('latin1');
    const line = text.split('\r\n').find((l) => l.startsWith(`${field}:`));
    return line?.slice(field.length + 1) ?? '';
  } finally {
    client.close();
  }
}

describe('lookups', () => {
  it('count hits and misses as redis-server does (OpenKey READ/WRITE, KeyExists)', async () => {
    const probe = async (server: ServerHandle) => {
      const client = await RawClient.connect(server.port);
      try {
        await client.send(['FLUSHALL']);
        await client.send(['CONFIG', 'RESETSTAT']);
        await client.send(['SET', 'k', 'v']);
        for (const mode of ['r', 'w', 'rn']) {
          await client.send(['keygen.open', 'k', mode]);
          await client.send(['keygen.open', 'nope', mode]);
        }
        await client.send(['keygen.exists', 'k']);
        await client.send(['keygen.exists', 'nope']);
      } finally {
        client.close();
      }
      return [await infoField(server, 'keyspace_hits'), await infoField(server, 'keyspace_misses')];
    };
    expect(await probe(pair.ours)).toEqual(await probe(pair.redis));
  });

  it('OPEN_KEY_NOTOUCH leaves OBJECT IDLETIME alone; a plain open resets it', async () => {
    const probe = async (server: ServerHandle) => {
      const client = await RawClient.connect(server.port);
      try {
        await client.send(['SET', 'idle', 'v']);
        await client.send(['DEBUG', 'SLEEP', '2.1']);
        await client.send(['keygen.open', 'idle', 'rn']);
        const afterNoTouch = (await client.send(['OBJECT', 'IDLETIME', 'idle'])).toString();
        await client.send(['keygen.open', 'idle', 'r']);
        const afterTouch = (await client.send(['OBJECT', 'IDLETIME', 'idle'])).toString();
        return [afterNoTouch, afterTouch];
      } finally {
        client.close();
      }
    };
    // Idle seconds after a 2.1 s sleep: 2, or 3 on a loaded machine, on
    // either server; what matters is untouched vs reset.
    const [ours, redis] = await Promise.all([probe(pair.ours), probe(pair.redis)]);
    for (const [afterNoTouch, afterTouch] of [ours, redis]) {
      expect(afterNoTouch).toMatch(/^:[23]\r\n$/);
      expect(afterTouch).toBe(':0\r\n');
    }
  }, 20000);
});

describe('WATCH', () => {
  const watched = async (server: ServerHandle, write: string[]): Promise<string> => {
    const watcher = await RawClient.connect(server.port);
    const writer = await RawClient.connect(server.port);
    try {
      await watcher.send(['SET', 'w', 'v']);
      await watcher.send(['WATCH', 'w']);
      await writer.send(write);
      await watcher.send(['MULTI']);
      await watcher.send(['GET', 'w']);
      return (await watcher.send(['EXEC'])).toString();
    } finally {
      watcher.close();
      writer.close();
    }
  };

  for (const write of [['keygen.touchw', 'w'], ['keygen.signal', 'w'], ['keygen.del', 'w', 'w'], ['keygen.open', 'w', 'r']]) {
    it(`${write.join(' ')}: EXEC sees the key modified exactly when redis-server does`, async () => {
      const [ours, redis] = await Promise.all([watched(pair.ours, write), watched(pair.redis, write)]);
      expect(ours).toEqual(redis);
    });
  }

  it('a key closed after a write aborts the transaction; a read does not', async () => {
    expect(await watched(pair.ours, ['keygen.touchw', 'w'])).toBe('*-1\r\n');
    expect(await watched(pair.ours, ['keygen.open', 'w', 'r'])).toBe('*1\r\n$1\r\nv\r\n');
  });
});

describe('keygen.selftest', () => {
  it('passes on both servers', async () => {
    const { redis, ours } = await pair.sendBoth(['keygen.selftest']);
    expect(redis.toString()).toBe('+ALL TESTS PASSED\r\n');
    expect(ours.toString()).toBe('+ALL TESTS PASSED\r\n');
  });
});

describe('in process', () => {
  it('AutoMemory closes the keys a command leaves open; CloseKey frees each slot', async () => {
    const { startServer } = await import('../../src/index');
    const { ModuleManager } = await import('../../src/modules/module-manager');
    const host = await startServer({ loadModules: [fixturePath('keys_generic')] });
    try {
      const manager = host.server.modules as InstanceType<typeof ModuleManager>;
      await host.call('SET', 'k', 'v');
      expect(await host.call('keygen.leave', '1000', 'k')).toBe(1000);
      expect(manager.openKeyCount()).toBe(0);
      for (let i = 0; i < 100; i++) await host.call('keygen.open', 'k', 'rw');
      expect(await host.call('keygen.selftest')).toBe('ALL TESTS PASSED');
      expect(manager.openKeyCount()).toBe(0);
    } finally {
      await host.stop();
    }
  });
});
