// Pub/sub, keyspace notifications and MONITOR against redis-server 7.0.15:
// the same script of commands on several connections to both servers, every
// byte each connection receives compared.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplyFramer } from '../../src/resp/reply-parser';
import { ServerPair, encodeCommand, escapeBytes, formatMismatches, type DiffInput } from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ config: { 'enable-debug-command': 'yes' } });
});
afterAll(async () => {
  await pair?.stop();
});

/** One connection that records every frame it receives. */
class Recorder {
  readonly frames: Buffer[] = [];
  private readonly framer = new ReplyFramer();
  private lastData = Date.now();

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.lastData = Date.now();
      for (const frame of this.framer.push(chunk)) this.frames.push(Buffer.from(frame));
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<Recorder> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new Recorder(socket)));
      socket.once('error', reject);
    });
  }

  send(args: Array<string | Buffer>): void {
    this.socket.write(encodeCommand(args));
  }

  get quietFor(): number {
    return Date.now() - this.lastData;
  }
}

/** HELLO's reply carries the client id, which differs between the servers. */
const helloId = (frame: string): string => frame.replace(/\r\nid\r\n:\d+\r\n/, '\r\nid\r\n:ID\r\n');

/** A step: which connection sends what; 'wait' lets time pass (expiry). */
type Step = { on: number; args: Array<string | Buffer> } | { wait: number };

interface Transcript {
  /** Per connection, every frame in arrival order, escaped. */
  connections: string[][];
}

/**
 * Runs the steps on `connections` fresh connections and returns what each
 * received. After each step, waits until every connection has been quiet a
 * little while, so the next step starts after all deliveries of this one.
 */
async function run(port: number, connections: number, steps: Step[], normalize?: (frame: string) => string): Promise<Transcript> {
  const conns = await Promise.all(Array.from({ length: connections }, () => Recorder.open(port)));
  try {
    for (const step of steps) {
      if ('wait' in step) {
        await new Promise((resolve) => setTimeout(resolve, step.wait));
        continue;
      }
      const sender = conns[step.on];
      const before = sender.frames.length;
      sender.send(step.args);
      const started = Date.now();
      // The sender's reply first (a second MONITOR has none: the wait then times out), then quiet everywhere.
      while (Date.now() - started < 300 && sender.frames.length === before) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      while (Date.now() - started < 1000 && conns.some((c) => c.quietFor < 15)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    return {
      connections: conns.map((c) =>
        c.frames.map((f) => escapeBytes(normalize ? Buffer.from(normalize(f.toString('latin1')), 'latin1') : f)),
      ),
    };
  } finally {
    for (const c of conns) c.socket.destroy();
  }
}

async function compare(connections: number, steps: Step[], normalize?: (frame: string) => string): Promise<Transcript> {
  const [redis, ours] = await Promise.all([
    run(pair.redis.port, connections, steps, normalize),
    run(pair.ours.port, connections, steps, normalize),
  ]);
  expect(ours.connections).toEqual(redis.connections);
  return ours;
}

const c = (on: number, ...args: string[]): Step => ({ on, args });

describe('pub/sub, one connection', () => {
  const commands: DiffInput[] = [
    ['PUBLISH', 'nochannel', 'x'],
    ['SPUBLISH', 'nochannel', 'x'],
    ['PUBSUB', 'NUMPAT'],
    ['PUBSUB', 'NUMSUB'],
    ['PUBSUB', 'NUMSUB', 'a', 'b', 'a'],
    ['PUBSUB', 'SHARDNUMSUB', 'a'],
    ['PUBSUB', 'CHANNELS'],
    ['PUBSUB', 'CHANNELS', 'a*'],
    ['PUBSUB', 'SHARDCHANNELS'],
    ['PUBSUB', 'channels', 'a', 'b'],
    ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
    ['PUBSUB', 'NUMPAT', 'x'],
    ['PUBSUB', 'HELP'],
    ['PUBSUB', 'help', 'x'],
    ['PUBSUB', 'foo'],
    ['PUBSUB'],
    ['PUBLISH', 'a'],
    ['SUBSCRIBE'],
    ['PSUBSCRIBE'],
    ['SSUBSCRIBE'],
    ['UNSUBSCRIBE'],
    ['PUNSUBSCRIBE'],
    ['SUNSUBSCRIBE'],
    ['UNSUBSCRIBE', 'never', 'subscribed'],
    ['PUNSUBSCRIBE', 'p*'],
    ['SUNSUBSCRIBE', 's'],
    ['PING'],
    ['PING', 'x'],
    ['MONITOR', 'x'],
    ['LASTSAVE', 'x'],
    ['ROLE'],
  ];
  it.each([2, 3] as const)('RESP%i', async (resp) => {
    const mismatches = await pair.diff(commands, { resp });
    expect(formatMismatches(mismatches)).toBe('');
  });
});

describe('subscribed context', () => {
  it('RESP2 allows only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT, RESET', async () => {
    await compare(1, [
      c(0, 'SUBSCRIBE', 'a'),
      c(0, 'GET', 'x'),
      c(0, 'GET'),
      c(0, 'NOSUCHCOMMAND'),
      c(0, 'PUBSUB', 'NUMSUB', 'a'),
      c(0, 'PUBSUB', 'NOSUCH'),
      c(0, 'MULTI'),
      c(0, 'PING'),
      c(0, 'PING', 'hello'),
      c(0, 'PING', 'a', 'b'),
      c(0, 'PSUBSCRIBE', 'p*'),
      c(0, 'SSUBSCRIBE', 's'),
      c(0, 'UNSUBSCRIBE', 'a'),
      c(0, 'PUNSUBSCRIBE'),
      c(0, 'SET', 'k', 'v'),
      c(0, 'SUNSUBSCRIBE'),
      // Out of the context: everything works again.
      c(0, 'PING'),
      c(0, 'ECHO', 'back'),
      c(0, 'SSUBSCRIBE', 's'),
      c(0, 'GET', 'x'),
      c(0, 'RESET'),
      c(0, 'PING'),
      c(0, 'SUBSCRIBE', 'q'),
      c(0, 'QUIT'),
    ]);
  });

  it('RESP3 has no restrictions; PING stays +PONG; nulls are RESP3 nulls', async () => {
    await compare(1, [
      c(0, 'HELLO', '3'),
      c(0, 'SUBSCRIBE', 'a'),
      c(0, 'SET', 'k3', 'v'),
      c(0, 'GET', 'k3'),
      c(0, 'PING'),
      c(0, 'PING', 'x'),
      c(0, 'PUBLISH', 'a', 'to myself'),
      c(0, 'UNSUBSCRIBE'),
      c(0, 'UNSUBSCRIBE'),
      c(0, 'PUNSUBSCRIBE'),
      c(0, 'SUNSUBSCRIBE'),
      c(0, 'DEL', 'k3'),
    ], helloId);
  });

  it('inside MULTI: SUBSCRIBE and PSUBSCRIBE run at EXEC, SSUBSCRIBE and MONITOR are refused', async () => {
    await compare(1, [
      c(0, 'MULTI'),
      c(0, 'SUBSCRIBE', 'm'),
      c(0, 'PSUBSCRIBE', 'm*'),
      c(0, 'SSUBSCRIBE', 'sm'),
      c(0, 'MONITOR'),
      c(0, 'PING'),
      c(0, 'EXEC'),
      c(0, 'GET', 'x'),
      c(0, 'RESET'),
      c(0, 'MULTI'),
      c(0, 'SAVE'),
      c(0, 'EXEC'),
    ]);
  });
});

describe('delivery', () => {
  it('messages, pattern messages and shard messages, RESP2 and RESP3 subscribers', async () => {
    await compare(4, [
      c(0, 'SUBSCRIBE', 'news', 'bin'),
      c(1, 'HELLO', '3'),
      c(1, 'SUBSCRIBE', 'news'),
      c(1, 'PSUBSCRIBE', 'n?ws'),
      c(2, 'SSUBSCRIBE', 'news'),
      c(3, 'PUBLISH', 'news', 'hello'),
      c(3, 'PUBLISH', 'news', ''),
      c(3, 'SPUBLISH', 'news', 'sharded'),
      c(3, 'PUBLISH', 'nows', 'pattern only'),
      c(3, 'PUBLISH', 'other', 'nobody'),
      { on: 3, args: ['PUBLISH', 'bin', Buffer.from([0, 1, 0xff, 13, 10])] },
      c(3, 'PUBSUB', 'NUMSUB', 'news', 'bin', 'none'),
      c(3, 'PUBSUB', 'SHARDNUMSUB', 'news'),
      c(3, 'PUBSUB', 'NUMPAT'),
      c(3, 'PUBSUB', 'CHANNELS', 'n*'),
      c(3, 'PUBSUB', 'SHARDCHANNELS'),
      c(1, 'UNSUBSCRIBE', 'news'),
      c(3, 'PUBLISH', 'news', 'after'),
      c(0, 'PUNSUBSCRIBE', 'n?ws'),
      c(1, 'PUNSUBSCRIBE', 'n?ws'),
      c(3, 'PUBSUB', 'NUMPAT'),
    ], helloId);
  });

  it('subscribers hear in subscription order, each once per subscription', async () => {
    await compare(4, [
      c(2, 'SUBSCRIBE', 'x'),
      c(0, 'SUBSCRIBE', 'x'),
      c(1, 'SUBSCRIBE', 'x'),
      c(1, 'SUBSCRIBE', 'x'),
      c(3, 'PUBLISH', 'x', '1'),
      c(0, 'UNSUBSCRIBE', 'x'),
      c(3, 'PUBLISH', 'x', '2'),
      c(3, 'PUBSUB', 'NUMSUB', 'x'),
    ]);
  });

  it('200 publishes in a row reach the subscriber in order', async () => {
    const steps: Step[] = [c(0, 'SUBSCRIBE', 'fast')];
    for (let i = 0; i < 200; i++) steps.push(c(1, 'PUBLISH', 'fast', String(i)));
    const result = await compare(2, steps);
    expect(result.connections[0].length).toBe(201);
  });

  it('glob patterns: ?, *, classes, ranges, negation, escapes', async () => {
    const patterns = ['h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h\\*llo', 'a[', '*'];
    const steps: Step[] = [];
    // One pattern per connection: Redis delivers several matching patterns in hash order.
    patterns.forEach((p, i) => steps.push(c(i, 'PSUBSCRIBE', p)));
    for (const ch of ['hello', 'hallo', 'hbllo', 'hllo', 'heeeello', 'h*llo', 'a[', 'a', '']) {
      steps.push(c(patterns.length, 'PUBLISH', ch, 'm'));
    }
    await compare(patterns.length + 1, steps);
  });
});

describe('keyspace notifications', () => {
  it('expired events with KEA, both channels, with the db number', async () => {
    await compare(2, [
      c(1, 'CONFIG', 'SET', 'notify-keyspace-events', 'KEA'),
      c(0, 'PSUBSCRIBE', '__key*__:*'),
      c(1, 'SELECT', '3'),
      c(1, 'SET', 'ttl', 'v', 'PX', '30'),
      { wait: 250 },
      c(1, 'SELECT', '0'),
      c(1, 'CONFIG', 'SET', 'notify-keyspace-events', 'Ex'),
      c(1, 'SET', 'ttl2', 'v', 'PX', '30'),
      { wait: 250 },
      c(1, 'CONFIG', 'SET', 'notify-keyspace-events', ''),
      c(1, 'SET', 'ttl3', 'v', 'PX', '30'),
      { wait: 250 },
    ]);
  });

  it('SET, EXPIRE, DEL, lazy expiry on access', async () => {
    await compare(2, [
      c(1, 'CONFIG', 'SET', 'notify-keyspace-events', 'KEA'),
      c(0, 'PSUBSCRIBE', '__key*__:*'),
      c(1, 'SET', 'k', 'v'),
      c(1, 'EXPIRE', 'k', '100'),
      c(1, 'DEL', 'k'),
      c(1, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0'),
      c(1, 'SET', 'lazy', 'v', 'PX', '20'),
      { wait: 100 },
      c(1, 'GET', 'lazy'),
      c(1, 'DEBUG', 'SET-ACTIVE-EXPIRE', '1'),
      c(1, 'CONFIG', 'SET', 'notify-keyspace-events', ''),
    ]);
  });
});

describe('MONITOR', () => {
  /** Timestamps and client addresses differ between the servers by nature. */
  const normalizeMonitor = (f: string): string =>
    helloId(f.replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, '+TIME [$1 ADDR]'));

  it('the feed: quoting, db, MULTI/EXEC order, redaction, admin commands left out', async () => {
    await compare(2, [
      c(0, 'MONITOR'),
      c(0, 'MONITOR'),
      c(1, 'SET', 'k', 'v'),
      c(1, 'GET', 'k'),
      c(1, 'SELECT', '3'),
      { on: 1, args: ['SET', 'q"uo\\te', Buffer.from([0, 7, 8, 9, 10, 13, 0x7f, 0xc3, 0xa9, 0x20])] },
      c(1, 'CONFIG', 'GET', 'maxmemory'),
      c(1, 'DEBUG', 'SLEEP', '0'),
      c(1, 'MULTI'),
      c(1, 'SET', 'x', 'y'),
      c(1, 'EXEC'),
      c(1, 'NOSUCHCOMMAND'),
      c(1, 'GET'),
      c(1, 'PING'),
      c(1, 'AUTH', 'secret'),
      c(1, 'AUTH', 'user', 'secret'),
      c(1, 'HELLO', '3', 'AUTH', 'default', 'pw'),
      c(1, 'HELLO', '2'),
      c(1, 'CLIENT', 'LIST'),
      c(1, 'SELECT', '0'),
      c(1, 'DEL', 'k', 'x'),
      c(1, 'QUIT'),
    ], (f) => (f.includes('laddr=') ? 'CLIENT LIST' : normalizeMonitor(f)));
  });

  it('RESET stops the feed', async () => {
    await compare(2, [
      c(0, 'MONITOR'),
      c(1, 'PING'),
      c(0, 'RESET'),
      c(1, 'PING'),
      c(0, 'PING'),
    ], normalizeMonitor);
  });
});

describe('RESET', () => {
  it('drops the transaction, watches, subscriptions, protocol, db and name', async () => {
    await compare(2, [
      c(0, 'CLIENT', 'SETNAME', 'me'),
      c(0, 'SELECT', '5'),
      c(0, 'WATCH', 'w'),
      c(0, 'HELLO', '3'),
      c(0, 'SUBSCRIBE', 'r'),
      c(0, 'MULTI'),
      c(0, 'SET', 'w', '1'),
      c(0, 'RESET'),
      c(0, 'CLIENT', 'GETNAME'),
      c(0, 'PING'),
      c(1, 'PUBLISH', 'r', 'nobody'),
      c(0, 'SET', 'indb0', '1'),
      c(0, 'SELECT', '0'),
      c(0, 'GET', 'indb0'),
      c(0, 'DEL', 'indb0'),
      c(0, 'RESET', 'x'),
      c(0, 'EXEC'),
    ], helloId);
  });
});
