// The key API through the clients users run: ioredis and node-redis (both
// negotiate RESP3 with HELLO 3) drive commands of fixtures/keys_bench.c and
// fixtures/keys_hash.c against our server and against redis-server with the
// same modules; what each client returns must be the same on both sides,
// including a client blocked in BLPOP that a module's ListPush wakes and a
// transaction that a module's write aborts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { fixturePath, ServerPair, type ServerHandle } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('keys_bench'), fixturePath('keys_hash')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

function ioredis(server: ServerHandle): Redis {
  return new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
}

function nodeRedis(server: ServerHandle) {
  const client = createClient({ socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false }, RESP: 3 });
  client.on('error', () => undefined);
  return client;
}

/** A user's session: module writes, then reads of the same keys with built-in commands. */
async function session(server: ServerHandle): Promise<unknown[]> {
  const a = ioredis(server);
  const b = nodeRedis(server);
  await b.connect();
  try {
    const seen: unknown[] = [];
    await a.call('FLUSHALL');
    for (const v of ['one', 'two', 'three']) seen.push(await a.call('keybench.push', 'list', v));
    seen.push(await b.sendCommand(['LRANGE', 'list', '0', '-1']));
    for (let i = 0; i < 3; i++) seen.push(await b.sendCommand(['keybench.incr', 'counter']));
    seen.push(await a.call('STRLEN', 'counter'));
    seen.push(await a.call('OBJECT', 'ENCODING', 'counter'));
    seen.push(await b.sendCommand(['keybench.push', 'counter', 'x']).catch((e: Error) => `error: ${e.message}`));
    seen.push(await a.call('keyhash.selftest'));
    return seen;
  } finally {
    a.disconnect();
    b.destroy();
  }
}

/** node-redis blocked in BLPOP; ioredis pushes through the module. */
async function wakeUp(server: ServerHandle): Promise<unknown> {
  const blocked = nodeRedis(server);
  const pusher = ioredis(server);
  await blocked.connect();
  try {
    await pusher.call('DEL', 'queue');
    const waiting = blocked.sendCommand(['BLPOP', 'queue', '5']);
    // The BLPOP must be in place before the push: wait until the server lists it.
    for (let i = 0; i < 100; i++) {
      const clients = String(await pusher.call('CLIENT', 'LIST'));
      if (clients.includes('cmd=blpop')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await pusher.call('keybench.push', 'queue', 'job-1');
    return await waiting;
  } finally {
    blocked.destroy();
    pusher.disconnect();
  }
}

/** ioredis WATCHes a key; a module write from node-redis aborts its EXEC. */
async function watched(server: ServerHandle): Promise<unknown> {
  const watcher = ioredis(server);
  const writer = nodeRedis(server);
  await writer.connect();
  try {
    await watcher.call('DEL', 'w');
    await watcher.watch('w');
    await writer.sendCommand(['keybench.push', 'w', 'changed']);
    return await watcher.multi().call('LLEN', 'w').exec();
  } finally {
    watcher.disconnect();
    writer.destroy();
  }
}

describe('the key API through ioredis and node-redis', () => {
  it('module writes read back the same from both servers', async () => {
    const [redis, ours] = await Promise.all([session(pair.redis), session(pair.ours)]);
    expect(ours).toEqual(redis);
    expect(ours.slice(0, 4)).toEqual([1, 2, 3, ['one', 'two', 'three']]);
    expect(ours[ours.length - 1]).toBe('ALL TESTS PASSED');
  });

  it('a module push wakes a client blocked in BLPOP', async () => {
    const [redis, ours] = await Promise.all([wakeUp(pair.redis), wakeUp(pair.ours)]);
    expect(ours).toEqual(redis);
    expect(ours).toEqual(['queue', 'job-1']);
  });

  it('a module write aborts a watching transaction', async () => {
    const [redis, ours] = await Promise.all([watched(pair.redis), watched(pair.ours)]);
    expect(ours).toEqual(redis);
    expect(ours).toBeNull();
  });
});
