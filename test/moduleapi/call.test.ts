// RedisModule_Call and the call-reply accessors (fixtures/call.c), compared
// byte for byte with redis-server running the same .so, under RESP2 and RESP3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, RawClient, ServerPair, type DiffInput } from '../harness';
import { startServer } from '../../src/index';
import { ModuleCaller } from '../../src/modules/module-call';

let pair: ServerPair;

beforeAll(async () => {
  // The reply fixture's commands give every RESP3 type: Call runs another module's commands too.
  pair = await ServerPair.start({ modules: [fixturePath('call'), fixturePath('reply')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const setup: DiffInput[] = [
  ['FLUSHALL'],
  ['SET', 's', '10'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['HSET', 'h', 'f1', 'v1'],
  ['SADD', 'st', 'x'],
  ['ZADD', 'z', '1.5', 'm', '2', 'n'],
];

/** Every reply type, from fixtures/reply.c. */
const TYPED: string[][] = [
  ['rw.string', 'text'],
  ['rw.simple', 'status'],
  ['rw.stringbuffer'],
  ['rw.longlong', '-42'],
  ['rw.double', '3.141'],
  ['rw.double', 'inf'],
  ['rw.double', '-inf'],
  ['rw.longdouble', '1.5'],
  ['rw.bignumber', '1234567999999999999999999999999999999'],
  ['rw.null'],
  ['rw.nullarray'],
  ['rw.emptyarray'],
  ['rw.array', '3'],
  ['rw.set', '3'],
  ['rw.map', '3'],
  ['rw.map', '0'],
  ['rw.attribute', '2'],
  ['rw.attribute', '0'],
  ['rw.postponed'],
  ['rw.verbatim'],
  ['rw.verbatimtype', 'mkd', '# Title'],
  ['rw.bool'],
  ['rw.error', 'CUSTOM custom code'],
  ['rw.wrongarity'],
];

const replies: DiffInput[] = [
  ...setup,
  ['call.generic', '-', 'GET', 's'],
  ['call.generic', '-', 'INCR', 's'],
  ['call.generic', '-', 'INCRBY', 's', 'x'],
  ['call.generic', '-', 'get', 'nokey'],
  ['call.generic', '3', 'GET', 'nokey'],
  ['call.generic', '-', 'LPOP', 'nokey', '2'],
  ['call.generic', '-', 'LRANGE', 'l', '0', '-1'],
  ['call.generic', '3', 'HGETALL', 'h'],
  ['call.generic', '0', 'HGETALL', 'h'],
  ['call.generic', '-', 'HGETALL', 'h'],
  ['call.generic', '3', 'ZSCORE', 'z', 'm'],
  ['call.generic', '3', 'ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['call.generic', '3', 'SMEMBERS', 'st'],
  ['call.generic', '-', 'LPUSH', 's', 'x'],
  ['call.generic', 'E', 'LPUSH', 's', 'x'],
  ...TYPED.map((t) => ['call.generic', '3', ...t]),
  ...TYPED.map((t) => ['call.generic', '0', ...t]),
  ...TYPED.map((t) => ['call.generic', '-', ...t]),
  // Every accessor on every node.
  ['call.walk', '-', 'GET', 's'],
  ['call.walk', '-', 'GET', 'nokey'],
  ['call.walk', '3', 'GET', 'nokey'],
  ['call.walk', '-', 'LPOP', 'nokey', '2'],
  ['call.walk', '-', 'INCR', 's'],
  ['call.walk', '-', 'PING'],
  ['call.walk', '-', 'LPUSH', 's', 'x'],
  ['call.walk', '-', 'LRANGE', 'l', '0', '-1'],
  ['call.walk', '3', 'HGETALL', 'h'],
  ['call.walk', '-', 'HGETALL', 'h'],
  ['call.walk', '3', 'ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['call.walk', '3', 'SMEMBERS', 'st'],
  ['call.walk', '3', 'ZSCORE', 'z', 'm'],
  ['call.walk', 'E', 'nosuch'],
  ...TYPED.map((t) => ['call.walk', '3', ...t]),
  ...TYPED.map((t) => ['call.walk', '-', ...t]),
  // Argument specifiers, the seed's HGETSET, forwarding, attributes, frees.
  ['call.specifiers', 'spec'],
  ['call.hgetset', 'h', 'f1', 'new'],
  ['call.hgetset', 'h', 'f1', 'newer'],
  ['call.hgetset', 'h', 'fresh', 'v'],
  ['call.hgetset', 's', 'f', 'v'],
  ['call.hgetset', 'h', 'f'],
  ['call.forward', 'HGETALL', 'h'],
  ['call.forward', 'GET', 's'],
  ...TYPED.map((t) => ['call.forward', ...t]),
  ['call.attr', 'rw.attribute', '1'],
  ['call.attr', 'GET', 's'],
  ['call.free', 'LRANGE', 'l', '0', '-1'],
  ['call.auto', '100'],
  ['call.incrby', 'counter', '5'],
  ['call.incrby', 'counter', '-7'],
  ['call.incrby', 'l', '1'],
  ['call.onload'],
  ['call.selftest'],
  // Module commands calling module commands (re-entrant native calls).
  ['call.generic', '-', 'call.generic', '-', 'INCR', 's'],
  ['call.generic', '3', 'call.generic', '3', 'HGETALL', 'h'],
  ['call.generic', '-', 'call.generic', '-', 'call.walk', '-', 'LRANGE', 'l', '0', '-1'],
  ['call.generic', 'E', 'call.generic', 'E', 'nosuch'],
  ['call.generic', '-', 'call.generic', '-', 'nosuch'],
  ['call.generic', '-', 'call.errno', 'W', 'SET', 'k', 'v'],
  ['call.walk', '-', 'call.specifiers', 'spec2'],
  ['call.generic', '-', 'call.hgetset', 'h', 'f1', 'nested'],
  ['call.generic', '-', 'call.incrby', 'counter', '100'],
  ['GET', 's'],
  ['GET', 'counter'],
];

/** Every errno path, with and without 'E'. */
const errnos: DiffInput[] = [
  ...setup,
  ['call.errno', '-', 'nosuch', 'a', 'b'],
  ['call.errno', 'E', 'nosuch', 'a', 'b'],
  ['call.errno', 'E', 'nosuch', 'a\r\nb'],
  ['call.errno', 'E', 'nosuch', 'x'.repeat(200), 'y'.repeat(50)],
  ['call.errno', '-', 'GET'],
  ['call.errno', 'E', 'GET'],
  ['call.errno', 'E', 'GET', 'a', 'b'],
  ['call.errno', 'E', 'CONFIG'],
  ['call.errno', 'E', 'CONFIG', 'nosuchsub'],
  ['call.errno', 'E', 'config', 'get', 'maxmemory'],
  ['call.fmt', 'x', 'GET', 's'],
  ['call.fmt', 'Ex', 'GET', 's'],
  ['call.fmt', '!AR', 'GET', 's'],
  ['call.errno', 'S', 'SHUTDOWN'],
  ['call.errno', 'SE', 'SHUTDOWN'],
  ['call.errno', 'SE', 'call.noscript'],
  ['call.errno', 'SE', 'MULTI'],
  ['call.errno', 'S', 'GET', 's'],
  ['call.errno', 'S', 'SET', 'k', 'v'],
  ['call.errno', 'W', 'SET', 'k', 'v'],
  ['call.errno', 'WE', 'SET', 'k', 'v'],
  ['call.errno', 'WE', 'call.write'],
  ['call.errno', 'W', 'call.readonly'],
  ['call.errno', 'W', 'GET', 's'],
  ['call.errno', 'M', 'SET', 'k', 'v'],
  ['call.errno', 'ME', 'call.denyoom'],
  ['call.errno', 'C', 'GET', 's'],
  ['call.errno', 'CE', 'SET', 'k', 'v'],
  ['call.errno', 'SWE', 'SHUTDOWN'],
  ['call.errno', 'EWS', 'SET', 'k', 'v'],
  // maxmemory exceeded: 'M' refuses deny-oom commands only.
  ['CONFIG', 'SET', 'maxmemory', '1'],
  ['call.errno', 'M', 'SET', 'k', 'v'],
  ['call.errno', 'ME', 'SET', 'k', 'v'],
  ['call.errno', 'ME', 'call.denyoom'],
  ['call.errno', 'M', 'GET', 's'],
  ['call.errno', 'MW', 'SET', 'k', 'v'],
  ['call.errno', '-', 'SET', 'k', 'v'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
  // Not enough good replicas: script mode refuses writes.
  ['CONFIG', 'SET', 'min-replicas-to-write', '1'],
  ['call.errno', 'S', 'SET', 'k', 'v'],
  ['call.errno', 'SE', 'SET', 'k', 'v'],
  ['call.errno', 'SE', 'GET', 's'],
  ['call.errno', 'E', 'SET', 'k', 'v'],
  ['CONFIG', 'SET', 'min-replicas-to-write', '0'],
  ['call.errno', 'SE', 'SET', 'k', 'v'],
];

/** What Redis does with blocking, transaction and pub/sub commands inside RM_Call. */
const connectionState: DiffInput[] = [
  ...setup,
  ['call.generic', '-', 'BLPOP', 'nolist', '0'],
  ['call.generic', '-', 'BRPOP', 'nolist', 'l', '0'],
  ['call.generic', '-', 'BLMOVE', 'nolist', 'dst', 'LEFT', 'RIGHT', '0'],
  ['call.generic', '-', 'BRPOPLPUSH', 'nolist', 'dst', '0'],
  ['call.generic', '-', 'BZPOPMIN', 'nozset', '0'],
  ['call.generic', '-', 'BZPOPMAX', 'z', '0'],
  ['call.generic', '3', 'BZPOPMIN', 'nozset', '0'],
  ['call.generic', '-', 'BLMPOP', '0', '1', 'nolist', 'LEFT'],
  ['call.generic', '-', 'BZMPOP', '0', '1', 'nozset', 'MIN'],
  ['call.generic', '-', 'XREAD', 'BLOCK', '0', 'STREAMS', 'nostream', '$'],
  ['call.generic', '-', 'MULTI'],
  ['call.generic', '-', 'EXEC'],
  ['call.generic', '-', 'DISCARD'],
  ['call.generic', '-', 'WATCH', 's'],
  ['call.generic', '-', 'UNWATCH'],
  ['call.generic', '-', 'SUBSCRIBE', 'ch'],
  ['call.generic', '-', 'PSUBSCRIBE', 'ch*'],
  ['call.generic', '-', 'SSUBSCRIBE', 'ch'],
  ['call.generic', '-', 'UNSUBSCRIBE'],
  ['call.generic', '-', 'PUBLISH', 'ch', 'x'],
  ['call.generic', '-', 'PUBSUB', 'NUMSUB', 'ch'],
  ['call.generic', '-', 'MONITOR'],
  ['call.generic', '-', 'SELECT', '1'],
  ['call.generic', '-', 'GET', 's'],
  ['call.generic', '-', 'SWAPDB', '0', '0'],
  ['call.generic', '-', 'CLIENT', 'SETNAME', 'x'],
  ['call.generic', '-', 'CLIENT', 'GETNAME'],
  ['call.generic', '-', 'ECHO', 'after'],
  ['GET', 's'],
  ['MULTI'],
  ['call.generic', '-', 'INCR', 's'],
  ['call.generic', '-', 'BLPOP', 'nolist', '0'],
  ['call.generic', '-', 'MULTI'],
  ['EXEC'],
];

describe.each([2, 3] as const)('call module, RESP%i', (resp) => {
  it('replies and accessors match redis-server', async () => {
    const mismatches = await pair.diff(replies, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('sets errno and E-flag errors where redis-server does', async () => {
    const mismatches = await pair.diff(errnos, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });

  it('handles blocking, MULTI and pub/sub commands as redis-server does', async () => {
    const mismatches = await pair.diff(connectionState, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

describe('call module on our server', () => {
  it('runs the in-module self test', async () => {
    const client = await RawClient.connect(pair.ours.port);
    try {
      expect((await client.send(['call.selftest'])).toString()).toBe('+OK\r\n');
    } finally {
      client.close();
    }
  });

  it('does not list its temporary clients in CLIENT LIST', async () => {
    const client = await RawClient.connect(pair.ours.port);
    try {
      await client.send(['call.generic', '-', 'PING']);
      const list = (await client.send(['call.generic', '-', 'CLIENT', 'LIST'])).toString();
      expect(list.trim().split('\n').filter((l) => l.includes('id=')).length).toBe(1);
    } finally {
      client.close();
    }
  });

  // Property: for random core commands C, `call.generic - C ...` replies what C replies sent directly.
  it('replies through Call exactly what the command replies directly', async () => {
    const client = await RawClient.connect(pair.ours.port);
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const keys = ['k1', 'k2', 'k3'];
    const values = ['1', '-5', 'abc', '3.5', ''];
    const pick = <T>(xs: readonly T[]): T => xs[random(xs.length)];
    const generators: Array<() => string[]> = [
      () => ['SET', pick(keys), pick(values)],
      () => ['GET', pick(keys)],
      () => ['INCR', pick(keys)],
      () => ['INCRBYFLOAT', pick(keys), pick(values)],
      () => ['APPEND', pick(keys), pick(values)],
      () => ['STRLEN', pick(keys)],
      () => ['LPUSH', pick(keys), pick(values), pick(values)],
      () => ['LRANGE', pick(keys), '0', '-1'],
      () => ['HSET', pick(keys), pick(values), pick(values)],
      () => ['HGETALL', pick(keys)],
      () => ['SADD', pick(keys), pick(values)],
      () => ['SCARD', pick(keys)],
      () => ['ZADD', pick(keys), pick(values), pick(values)],
      () => ['ZRANGE', pick(keys), '0', '-1', 'WITHSCORES'],
      () => ['TYPE', pick(keys)],
      () => ['EXISTS', ...keys],
      () => ['DEL', pick(keys)],
      () => ['MGET', ...keys],
      () => ['GETRANGE', pick(keys), '0', pick(values)],
      () => ['ECHO', pick(values)],
    ];
    try {
      for (const protocol of [2, 3]) {
        if (protocol === 3) await client.send(['HELLO', '3']);
        for (let i = 0; i < 300; i++) {
          const command = pick(generators)();
          // Both orders from the same state: run directly, undo nothing, so compare
          // read-only commands directly and writes through a fresh key set.
          await client.send(['FLUSHALL']);
          await client.send(['SET', 'k1', '7']);
          await client.send(['RPUSH', 'k2', 'x', 'y']);
          const direct = await client.send(command);
          await client.send(['FLUSHALL']);
          await client.send(['SET', 'k1', '7']);
          await client.send(['RPUSH', 'k2', 'x', 'y']);
          const viaCall = await client.send(['call.generic', '0', ...command]);
          expect(viaCall.toString('latin1'), command.join(' ')).toBe(direct.toString('latin1'));
        }
      }
    } finally {
      client.close();
    }
  });
});

describe('call module in-process', () => {
  it('turns a JS exception inside Call into NULL for the module and rethrows it in JS', async () => {
    const host = await startServer({ loadModules: [fixturePath('call')] });
    const original = ModuleCaller.prototype.call;
    try {
      expect(host.callRaw('call.generic', '-', 'PING').toString()).toBe('+PONG\r\n');
      ModuleCaller.prototype.call = function failing(): number | Buffer {
        throw new Error('boom inside call');
      };
      // The module got NULL and went on; the exception then surfaced when the
      // native call returned to JS, and dispatch turned it into an error reply.
      expect(host.callRaw('call.generic', '-', 'PING').toString()).toBe('-ERR boom inside call\r\n');
      ModuleCaller.prototype.call = original;
      expect(host.callRaw('call.generic', '-', 'PING').toString()).toBe('+PONG\r\n');
      expect(host.callRaw('call.selftest').toString()).toBe('+OK\r\n');
    } finally {
      ModuleCaller.prototype.call = original;
      await host.stop();
    }
  });

  it('records what "!" asks to propagate, and nothing nested under a call without "!"', async () => {
    const host = await startServer({ loadModules: [fixturePath('call')] });
    const seen: string[] = [];
    const original = ModuleCaller.prototype.call;
    let caller: ModuleCaller | null = null;
    ModuleCaller.prototype.call = function spy(this: ModuleCaller, ...args: Parameters<ModuleCaller['call']>) {
      caller = this;
      this.onPropagate = (r) => seen.push(`${r.db} ${r.argv.map((a) => a.toString()).join(' ')} aof=${r.aof} repl=${r.replicas}`);
      return original.apply(this, args);
    };
    try {
      host.callRaw('call.generic', '!', 'SET', 'a', '1');
      host.callRaw('call.generic', '!A', 'SET', 'b', '2');
      host.callRaw('call.generic', '!R', 'SET', 'c', '3');
      host.callRaw('call.generic', '-', 'call.generic', '!', 'SET', 'd', '4');
      host.callRaw('call.generic', '!', 'call.generic', '!', 'SET', 'e', '5');
      expect(seen).toEqual([
        '0 SET a 1 aof=true repl=true',
        '0 SET b 2 aof=false repl=true',
        '0 SET c 3 aof=true repl=false',
        '0 SET e 5 aof=true repl=true',
        '0 call.generic ! SET e 5 aof=true repl=true',
      ]);
      expect(caller).not.toBeNull();
    } finally {
      ModuleCaller.prototype.call = original;
      await host.stop();
    }
  });
});
