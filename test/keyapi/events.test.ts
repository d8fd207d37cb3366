// Keyspace events from the module side (fixtures/keys_events.c): what the
// module's subscribers hear of built-in commands and of NotifyKeyspaceEvent,
// read back from the module's log and compared with redis-server running the
// same .so; and what pub/sub subscribers receive of module-fired events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escapeBytes,
  fixturePath,
  formatMismatches,
  RawClient,
  ServerPair,
  type CommandArg,
  type DiffInput,
  type ServerHandle,
} from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('keys_events')], config: { 'enable-debug-command': 'yes' } });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

// REDISMODULE_NOTIFY_* values.
const GENERIC = 1 << 2;
const STRING = 1 << 3;
const HASH = 1 << 6;
const MODULE = 1 << 13;

const binaryKey = Buffer.from([0x6b, 0x00, 0xff, 0x0d, 0x0a]);

/** Built-in commands of every class; the module logs what it heard. */
const builtins: DiffInput[] = [
  ['FLUSHALL'],
  ['keyevents.log'],
  ['SET', 'a', '1'],
  ['APPEND', 'a', '23'],
  ['INCR', 'n'],
  ['INCRBYFLOAT', 'n', '1.5'],
  ['SETRANGE', 'a', '1', 'xyz'],
  ['GETDEL', 'a'],
  ['GET', 'nokey'],
  ['MGET', 'nokey1', 'n', 'nokey2'],
  ['keyevents.log'],
  ['HSET', 'h', 'f', 'v', 'g', 'w'],
  ['HDEL', 'h', 'f'],
  ['HINCRBY', 'h', 'c', '2'],
  ['HGET', 'nohash', 'f'],
  ['keyevents.log'],
  // The re-entrant subscriber writes from its callback: others hear that
  // write, it does not hear its own.
  ['HSET', 're:x', 'f', 'v'],
  ['HGETALL', 're:x'],
  ['keyevents.log'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['LPOP', 'l'],
  ['LSET', 'l', '0', 'z'],
  ['LTRIM', 'l', '0', '0'],
  ['RPOPLPUSH', 'l', 'l2'],
  ['SADD', 's', 'm1', 'm2'],
  ['SREM', 's', 'm1'],
  ['SMOVE', 's', 's2', 'm2'],
  ['ZADD', 'z', '1', 'm', '2', 'n'],
  ['ZINCRBY', 'z', '1', 'm'],
  ['ZREM', 'z', 'm'],
  ['XADD', 'st', '1-1', 'f', 'v'],
  ['keyevents.log'],
  ['SET', 'e', 'v'],
  ['EXPIRE', 'e', '100'],
  ['PERSIST', 'e'],
  ['RENAME', 'e', 'e2'],
  ['COPY', 'e2', 'e3'],
  ['DEL', 'e2', 'e3', 'nokey'],
  ['SET', binaryKey, 'v'],
  ['SELECT', '1'],
  ['SET', 'b', 'in-db-1'],
  ['DEL', 'b'],
  ['SELECT', '0'],
  ['keyevents.log'],
  ['DEBUG', 'DIGEST'],
];

/** Events modules fire themselves. */
const fired: DiffInput[] = [
  ['FLUSHALL'],
  ['keyevents.log'],
  ['keyevents.notify', String(MODULE), 'custom', 'k'],
  ['keyevents.notify', String(GENERIC), 'gen', 'k'],
  ['keyevents.notify', String(STRING), 'myset', 'k'],
  ['keyevents.notify', String(HASH), 'hset', 're:m'],
  ['keyevents.notify', String(MODULE), 'bin', binaryKey],
  ['keyevents.notify', '0', 'none', 'k'],
  ['SELECT', '2'],
  ['keyevents.notify', String(MODULE), 'in2', 'k'],
  ['SELECT', '0'],
  ['keyevents.log'],
  ['HGETALL', 're:m'],
  ['keyevents.log'],
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
  ['keyevents.flags'],
  ['CONFIG', 'SET', 'notify-keyspace-events', 'Kd'],
  ['keyevents.flags'],
  ['CONFIG', 'SET', 'notify-keyspace-events', 'Em$'],
  ['keyevents.flags'],
  ['CONFIG', 'SET', 'notify-keyspace-events', ''],
  ['keyevents.flags'],
  ['keyevents.selftest'],
];

describe.each([2, 3] as const)('keyevents module, RESP%i', (resp) => {
  it('hears the events of built-in commands as in redis-server', async () => {
    const mismatches = await pair.diff(builtins, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('fires events and reads the configuration as in redis-server', async () => {
    const mismatches = await pair.diff(fired, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

/**
 * Runs `commands` on one connection while another is pattern-subscribed to
 * every keyspace channel; returns what the subscriber received, up to a
 * sentinel message published last.
 */
async function pubsubTranscript(server: ServerHandle, commands: CommandArg[][]): Promise<string[]> {
  const subscriber = await RawClient.connect(server.port);
  const client = await RawClient.connect(server.port);
  try {
    await subscriber.send(['PSUBSCRIBE', '__key*@*__:*']);
    const replies: string[] = [];
    for (const command of commands) replies.push(escapeBytes(await client.send(command)));
    await client.send(['PUBLISH', '__keyspace@0__:sentinel', 'end']);
    const frames: string[] = [];
    for (;;) {
      const frame = escapeBytes(await subscriber.nextFrame(5000));
      if (frame.includes('sentinel')) break;
      frames.push(frame);
    }
    return [...replies, '--', ...frames];
  } finally {
    subscriber.close();
    client.close();
  }
}

describe('keyspace events on pub/sub', () => {
  it('publishes module-fired events and module-caused writes as redis-server does', async () => {
    const commands: CommandArg[][] = [
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
      ['keyevents.notify', String(MODULE), 'custom', 'k'],
      ['keyevents.notify', String(GENERIC), 'gen', binaryKey],
      // Not enabled by "KEA" ('m' is not part of 'A').
      ['GET', 'nokey'],
      // The module's subscriber writes from its callback: Redis runs module
      // subscribers before publishing, so the nested event comes first.
      ['HSET', 're:p', 'f', 'v'],
      ['SET', 'x', '1'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Kd'],
      ['keyevents.notify', String(MODULE), 'only-d', 'k'],
      ['SET', 'x', '2'],
      ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ['keyevents.notify', String(MODULE), 'off', 'k'],
      ['keyevents.log'],
    ];
    const [redis, ours] = await Promise.all([
      pubsubTranscript(pair.redis, commands),
      pubsubTranscript(pair.ours, commands),
    ]);
    expect(ours).toEqual(redis);
  });
});

describe('the "new" class (key creation)', () => {
  let newPair: ServerPair;
  // ALL | KEY_MISS | NEW: the logger hears key creations too.
  const mask = String(10236 | (1 << 11) | (1 << 14));

  beforeAll(async () => {
    newPair = await ServerPair.start({ modules: [{ path: fixturePath('keys_events'), args: [mask] }] });
  }, 60000);

  afterAll(async () => {
    await newPair?.stop();
  });

  it('reaches module subscribers and pub/sub as in redis-server', async () => {
    const commands: DiffInput[] = [
      ['FLUSHALL'],
      ['keyevents.log'],
      ['SET', 'a', '1'],
      ['SET', 'a', '2'],
      ['HSET', 'h', 'f', 'v'],
      ['RPUSH', 'l', 'x'],
      ['RENAME', 'a', 'b'],
      ['COPY', 'b', 'c'],
      ['MOVE', 'c', '1'],
      ['SADD', 's', '1'],
      ['ZADD', 'z', '1', 'm'],
      ['XADD', 'st', '1-1', 'f', 'v'],
      ['INCR', 'n'],
      ['HSET', 're:n', 'f', 'v'],
      ['keyevents.log'],
    ];
    const mismatches = await newPair.diff(commands, { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    const published: CommandArg[][] = [
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEn'],
      ['SET', 'p', '1'],
      ['SET', 'p', '2'],
      ['LPUSH', 'q', 'x'],
      ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ['keyevents.log'],
    ];
    const [redis, ours] = await Promise.all([
      pubsubTranscript(newPair.redis, published),
      pubsubTranscript(newPair.ours, published),
    ]);
    expect(ours).toEqual(redis);
  });

  it('stops calling a module once it is unloaded', async () => {
    const commands: DiffInput[] = [
      ['SET', 'before', '1'],
      ['MODULE', 'UNLOAD', 'keyevents'],
      ['SET', 'after', '1'],
      ['HSET', 're:after', 'f', 'v'],
      ['GET', 'nokey'],
      ['HGETALL', 're:after'],
    ];
    const mismatches = await newPair.diff(commands, { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

describe('events of other modules', () => {
  let multi: ServerPair;

  beforeAll(async () => {
    multi = await ServerPair.start({
      modules: [fixturePath('keys_events'), fixturePath('call'), fixturePath('keys_list'), fixturePath('keys_hash')],
      config: { 'notify-keyspace-events': 'KEA' },
    });
  }, 60000);

  afterAll(async () => {
    await multi?.stop();
  });

  // Another module's RedisModule_Call fires the command's events; its key-API
  // writes fire none (Redis 7.0 leaves that to the module). The subscriber
  // and pub/sub must see exactly what redis-server's do.
  const commands: CommandArg[][] = [
    ['FLUSHALL'],
    ['keyevents.log'],
    ['call.generic', '-', 'SET', 'via-call', 'v'],
    ['call.generic', '-', 'LPUSH', 'list-call', 'a', 'b'],
    ['keylist.push', 'via-keyapi', 'w', 'tail', 'x'],
    ['keylist.pop', 'via-keyapi', 'rw', 'head'],
    ['keyevents.log'],
  ];

  it.each([2, 3] as const)('are heard by a module subscriber as in redis-server (RESP%i)', async (resp) => {
    const mismatches = await multi.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('reach pub/sub as in redis-server', async () => {
    const [redis, ours] = await Promise.all([
      pubsubTranscript(multi.redis, commands),
      pubsubTranscript(multi.ours, commands),
    ]);
    expect(ours).toEqual(redis);
    expect(ours.some((frame) => frame.includes('via-call'))).toBe(true);
  });
});
