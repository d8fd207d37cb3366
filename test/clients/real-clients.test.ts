// The clients users actually run, against our CLI and against Debian's
// redis-server, each with the same fixture modules loaded: what the client
// shows or decodes must be the same on both sides. A client is sensitive to
// things a byte diff of single replies does not see (the HELLO handshake, how
// it reads RESP3 types, how it surfaces errors), so this is the end-to-end proof.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis, { ReplyError } from 'ioredis';
import { createClient, ErrorReply } from 'redis';
import { fixturePath, ServerPair, type ServerHandle } from '../harness';
import { runProcess } from '../lifecycle/processes';

const helloArgs = ['first', 'second'];
let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({
    modules: [{ path: fixturePath('hello'), args: helloArgs }, fixturePath('reply')],
  });
});

afterAll(async () => {
  await pair?.stop();
});

// ---- redis-cli ---------------------------------------------------------------

interface CliOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

async function redisCli(server: ServerHandle, args: readonly string[], input?: string): Promise<CliOutput> {
  const result = await runProcess('redis-cli', ['-p', String(server.port), ...args], { input, timeoutMs: 5000 });
  if (result.timedOut) throw new Error(`redis-cli ${args.join(' ')} timed out`);
  return { stdout: result.stdout.toString('latin1'), stderr: result.stderr.toString('latin1'), code: result.code };
}

async function redisCliBoth(args: readonly string[], input?: string): Promise<{ redis: CliOutput; ours: CliOutput }> {
  const [redis, ours] = await Promise.all([redisCli(pair.redis, args, input), redisCli(pair.ours, args, input)]);
  return { redis, ours };
}

/**
 * redis-cli's output modes: raw (its default when stdout is not a terminal),
 * the formatted view a user sees at a terminal, both again over RESP3 (-3
 * makes it send HELLO 3), and --json (RESP3 as JSON).
 */
const cliModes: ReadonlyArray<readonly string[]> = [[], ['--no-raw'], ['-3'], ['-3', '--no-raw'], ['--json']];

const cliCommands: ReadonlyArray<readonly string[]> = [
  ['hello.echo', 'x'],
  ['hello.echo', 'two words'],
  ['hello.concat', 'ab', 'cd'],
  ['hello.sum', '1', '2', '39'],
  ['hello.sum', '1', 'x'],
  ['hello.args'],
  ['hello.echo'],
  ['rw.map', '3'],
  ['rw.set', '3'],
  ['rw.bool'],
  ['rw.double', '1.5'],
  ['rw.longdouble', '0.1'],
  ['rw.bignumber', '123456789012345678901234567890'],
  ['rw.null'],
  ['rw.nullarray'],
  ['rw.emptyarray'],
  ['rw.verbatim'],
  ['rw.postponed'],
  ['rw.attribute', '2'],
  ['rw.error'],
  ['rw.error', 'WRONGTYPE custom code'],
  ['rw.stringbuffer'],
  ['rw.wrongarity', 'a'],
];

describe('redis-cli', () => {
  it.each(cliCommands.map((command) => [command.join(' '), command] as const))(
    '%s prints the same in every output mode',
    async (_name, command) => {
      for (const mode of cliModes) {
        const { redis, ours } = await redisCliBoth([...mode, ...command]);
        const label = `redis-cli ${[...mode, ...command].join(' ')}`;
        expect(ours.stdout, label).toBe(redis.stdout);
        expect(ours.stderr, label).toBe(redis.stderr);
        expect(ours.code, label).toBe(redis.code);
      }
    },
  );

  it('prints the decoded values a user expects', async () => {
    expect((await redisCli(pair.ours, ['hello.echo', 'x'])).stdout).toBe('x\n');
    expect((await redisCli(pair.ours, ['--no-raw', 'hello.sum', '1', 'x'])).stdout).toBe('(error) ERR invalid integer\n');
    expect((await redisCli(pair.ours, ['-3', '--no-raw', 'rw.bool'])).stdout).toBe('1) (true)\n2) (false)\n');
    expect((await redisCli(pair.ours, ['-3', '--no-raw', 'rw.double', '1.5'])).stdout).toBe('(double) 1.5\n');
  });

  it('runs commands read from stdin, as in a shell pipeline', async () => {
    const script = 'hello.echo piped\nrw.map 2\nhello.sum 5 6\nrw.error\n';
    for (const mode of [[], ['-3']]) {
      const { redis, ours } = await redisCliBoth(mode, script);
      expect(ours.stdout).toBe(redis.stdout);
      expect(ours.code).toBe(redis.code);
    }
  });

  it('MODULE LIST shows the same modules', async () => {
    // Redis lists modules in the order of a hash table with a per-process
    // seed; with two modules, compare the entries sorted by name.
    type ModuleEntry = { name: string };
    const sorted = (json: string) =>
      (JSON.parse(json) as ModuleEntry[]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const { redis, ours } = await redisCliBoth(['--json', 'MODULE', 'LIST']);
    expect(sorted(ours.stdout)).toEqual(sorted(redis.stdout));
    expect(sorted(ours.stdout)).toEqual([
      { name: 'hello', ver: 1, path: fixturePath('hello'), args: helloArgs },
      { name: 'reply', ver: 1, path: fixturePath('reply'), args: [] },
    ]);
  });

  // Last in this file: it changes which modules are loaded.
  it('MODULE UNLOAD, then MODULE LIST byte for byte, then MODULE LOAD', async () => {
    const unload = await redisCliBoth(['MODULE', 'UNLOAD', 'reply']);
    expect(unload.ours).toEqual(unload.redis);
    expect(unload.ours.stdout).toBe('OK\n');
    for (const mode of cliModes) {
      const { redis, ours } = await redisCliBoth([...mode, 'MODULE', 'LIST']);
      expect(ours.stdout, `redis-cli ${mode.join(' ')} MODULE LIST`).toBe(redis.stdout);
    }
    const gone = await redisCliBoth(['rw.bool']);
    expect(gone.ours).toEqual(gone.redis);
    const load = await redisCliBoth(['MODULE', 'LOAD', fixturePath('reply')]);
    expect(load.ours).toEqual(load.redis);
    const back = await redisCliBoth(['-3', 'rw.bool']);
    expect(back.ours).toEqual(back.redis);
  });
});

// ---- Library clients ---------------------------------------------------------

type Protocol = 2 | 3;

/** What a client call produced: its decoded value, or the error it raised. */
type Outcome = { value: unknown } | { error: { type: string; message: string } };

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await call() };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: { type: error.constructor.name, message: error.message } };
  }
}

/**
 * Module commands whose decoded replies the clients must agree on. Neither
 * client reads RESP3 attributes (ioredis drops the connection on "|",
 * node-redis never resolves the call: the same against redis-server), so the
 * replies that carry one are sent under RESP2 only.
 */
function clientCommands(protocol: Protocol): ReadonlyArray<readonly string[]> {
  const commands = [
    ['hello.echo', 'x'],
    ['hello.concat', 'ab', 'cd'],
    ['hello.sum', '1', '2', '39'],
    ['hello.sum', '1', 'x'],
    ['hello.args'],
    ['hello.echo'],
    ['rw.map', '3'],
    ['rw.set', '3'],
    ['rw.bool'],
    ['rw.double', '1.5'],
    ['rw.longdouble', '0.1'],
    ['rw.bignumber', '123456789012345678901234567890'],
    ['rw.null'],
    ['rw.nullarray'],
    ['rw.emptyarray'],
    ['rw.verbatim'],
    ['rw.error'],
    ['rw.error', 'WRONGTYPE custom code'],
    ['rw.stringbuffer'],
    ['rw.simple'],
    ['nosuch.command', 'arg'],
  ];
  if (protocol === 2) commands.push(['rw.postponed'], ['rw.attribute', '1']);
  return commands;
}

const protocols: Protocol[] = [3, 2];

async function withIoredis<T>(server: ServerHandle, protocol: Protocol, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, protocol, maxRetriesPerRequest: 0 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function createNodeRedis(server: ServerHandle, protocol: Protocol) {
  return createClient({ socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false }, RESP: protocol });
}

type NodeRedisClient = ReturnType<typeof createNodeRedis>;

async function withNodeRedis<T>(
  server: ServerHandle,
  protocol: Protocol,
  use: (client: NodeRedisClient) => Promise<T>,
): Promise<T> {
  const client = createNodeRedis(server, protocol);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

/** Runs every command of `clientCommands` on both servers and compares what the client made of each. */
async function expectSameOutcomes(
  protocol: Protocol,
  run: (server: ServerHandle, commands: ReadonlyArray<readonly string[]>) => Promise<Outcome[]>,
): Promise<void> {
  const commands = clientCommands(protocol);
  const [redis, ours] = await Promise.all([run(pair.redis, commands), run(pair.ours, commands)]);
  for (let i = 0; i < commands.length; i++) {
    expect(ours[i], commands[i].join(' ')).toEqual(redis[i]);
    // Two dropped connections would also compare equal: every error must be
    // a server's error reply ("CODE message"), not a client-side failure.
    const outcome = ours[i];
    if ('error' in outcome) expect(outcome.error.message, commands[i].join(' ')).toMatch(/^[A-Z]+ /);
  }
}

/** The protocol the server says this connection speaks (CLIENT INFO's resp= field). */
function respOfClientInfo(info: unknown): string | undefined {
  return /\bresp=(\d)\b/.exec(String(info))?.[1];
}

describe.each(protocols)('ioredis, RESP%i', (protocol) => {
  it('decodes every module reply as it does from redis-server', async () => {
    await expectSameOutcomes(protocol, (server, commands) =>
      withIoredis(server, protocol, async (client) => {
        const outcomes: Outcome[] = [];
        for (const [name, ...args] of commands) outcomes.push(await outcomeOf(() => client.call(name, ...args)));
        return outcomes;
      }),
    );
  });

  it('returns module values and raises ReplyError with Redis\'s message', async () => {
    await withIoredis(pair.ours, protocol, async (client) => {
      // ioredis 6 negotiates with HELLO 3 unless told protocol 2.
      expect(respOfClientInfo(await client.call('CLIENT', 'INFO'))).toBe(String(protocol));
      expect(await client.call('hello.echo', 'x')).toBe('x');
      expect(await client.call('hello.args')).toEqual(helloArgs);
      const rejected = client.call('hello.sum', '1', 'x');
      await expect(rejected).rejects.toBeInstanceOf(ReplyError);
      await expect(rejected).rejects.toThrow('ERR invalid integer');
      await expect(client.call('hello.echo')).rejects.toThrow("ERR wrong number of arguments for 'hello.echo' command");
      // ioredis gives RESP3 replies their RESP2 shapes, so code written for
      // either protocol reads the same values.
      expect(await client.call('rw.map', '2')).toEqual([0, '0', 1, '1.5']);
      expect(await client.call('rw.bool')).toEqual([1, 0]);
      expect(await client.call('rw.double', '1.5')).toBe('1.5');
    });
  });
});

describe.each(protocols)('node-redis, RESP%i', (protocol) => {
  it('decodes every module reply as it does from redis-server', async () => {
    await expectSameOutcomes(protocol, (server, commands) =>
      withNodeRedis(server, protocol, async (client) => {
        const outcomes: Outcome[] = [];
        for (const command of commands) outcomes.push(await outcomeOf(() => client.sendCommand([...command])));
        return outcomes;
      }),
    );
  });

  it('returns module values and raises ErrorReply with Redis\'s message', async () => {
    await withNodeRedis(pair.ours, protocol, async (client) => {
      expect(respOfClientInfo(await client.sendCommand(['CLIENT', 'INFO']))).toBe(String(protocol));
      expect(await client.sendCommand(['hello.echo', 'x'])).toBe('x');
      const rejected = client.sendCommand(['rw.error', 'WRONGTYPE custom code']);
      await expect(rejected).rejects.toBeInstanceOf(ErrorReply);
      await expect(rejected).rejects.toThrow('WRONGTYPE custom code');
      const map = await client.sendCommand(['rw.map', '2']);
      const set = await client.sendCommand(['rw.set', '2']);
      const bools = await client.sendCommand(['rw.bool']);
      if (protocol === 3) {
        // node-redis decodes a RESP3 map to an object, a double to a number
        // and a big number to a bigint.
        expect(map).toEqual({ 0: 0, 1: 1.5 });
        expect(set).toEqual([0, 1]);
        expect(bools).toEqual([true, false]);
        expect(await client.sendCommand(['rw.double', '1.5'])).toBe(1.5);
        expect(await client.sendCommand(['rw.bignumber', '12345678901234567890'])).toBe(12345678901234567890n);
      } else {
        expect(map).toEqual([0, '0', 1, '1.5']);
        expect(set).toEqual([0, 1]);
        expect(bools).toEqual([1, 0]);
        expect(await client.sendCommand(['rw.double', '1.5'])).toBe('1.5');
      }
    });
  });
});
