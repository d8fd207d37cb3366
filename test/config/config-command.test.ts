// CONFIG GET/SET/HELP/REWRITE replies, byte for byte against Debian's redis-server 7.0.15
// started with the same argv, in RESP2 and RESP3. Ours runs in-process: the Config and
// the CONFIG command spec with the project's ReplyWriter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configCommand } from '../../src/commands/config';
import type { CommandContext } from '../../src/commands/types';
import { ReplyWriter } from '../../src/resp/reply-writer';
import { Config, parseServerArgv } from '../../src/server/config';
import { RawClient, escapeBytes, startRedis, type ServerHandle } from '../harness';

let redis: ServerHandle;
const clients = new Map<2 | 3, RawClient>();
const ours = new Config();
const startDir = process.cwd();

beforeAll(async () => {
  redis = await startRedis({ config: ['--bind', '127.0.0.1'] });
  for (const protocol of [2, 3] as const) {
    const client = await RawClient.connect(redis.port);
    if (protocol === 3) await client.send(['HELLO', '3']);
    clients.set(protocol, client);
  }
  // The same argv the harness gave redis-server (see test/harness/servers.ts).
  const argv = [
    '--port', String(redis.port), '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    '--dir', redis.dir, '--enable-module-command', 'yes', '--bind', '127.0.0.1',
  ];
  const parsed = parseServerArgv(argv);
  ours.load(parsed.configFile, null, parsed.options);
});

afterAll(async () => {
  process.chdir(startDir);
  for (const client of clients.values()) client.close();
  await redis?.stop();
});

function runOurs(args: string[], protocol: 2 | 3): Buffer {
  const reply = new ReplyWriter(protocol);
  const argv = args.map((a) => Buffer.from(a, 'latin1'));
  const sub = configCommand.subcommands?.get(args[1].toLowerCase());
  if (!sub) throw new Error(`no CONFIG ${args[1]}`);
  if ((sub.arity > 0 && sub.arity !== argv.length) || argv.length < -sub.arity) {
    reply.error(`ERR wrong number of arguments for '${sub.name}' command`);
  } else {
    const ctx: CommandContext = {
      server: { config: ours },
      client: { socket: { remoteAddress: '127.0.0.1' } },
      argv,
      reply,
    };
    sub.handler(ctx);
  }
  return Buffer.from(reply.take());
}

/** CONFIG GET lists in hash-table order: compare the name/value pairs sorted. */
function sortPairs(frame: Buffer): Buffer {
  const text = frame.toString('latin1');
  const header = text.slice(0, text.indexOf('\r\n') + 2);
  if (!/^[*%]\d+\r\n$/.test(header)) return frame;
  const items: string[] = [];
  let at = header.length;
  while (at < text.length) {
    const lineEnd = text.indexOf('\r\n', at);
    const len = Number(text.slice(at + 1, lineEnd));
    items.push(text.slice(at, lineEnd + 2 + len + 2));
    at = lineEnd + 2 + len + 2;
  }
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push(items[i] + items[i + 1]);
  pairs.sort();
  return Buffer.from(header + pairs.join(''), 'latin1');
}

function readable(frame: Buffer): string[] {
  return frame.toString('latin1').split('\r\n').filter((l) => !/^[$*%]\d+$/.test(l));
}

async function compare(args: string[]): Promise<void> {
  for (const protocol of [2, 3] as const) {
    const theirs = await (clients.get(protocol) as RawClient).send(args);
    const mine = runOurs(args, protocol);
    const isGet = args[1].toLowerCase() === 'get';
    const a = isGet ? sortPairs(theirs) : theirs;
    const b = isGet ? sortPairs(mine) : mine;
    // A readable diff first: one line per name/value pair.
    if (isGet) expect(readable(b), `${args.join(' ')} (RESP${protocol})`).toEqual(readable(a));
    expect(escapeBytes(b, 100000), `${args.join(' ')} (RESP${protocol})`).toBe(escapeBytes(a, 100000));
  }
}

describe('CONFIG GET', () => {
  it("lists every directive with Redis's values", async () => {
    await compare(['CONFIG', 'GET', '*']);
  });
  it('takes several patterns, exact names as typed, hidden ones by exact name', async () => {
    await compare(['CONFIG', 'GET', 'maxmemory', 'port']);
    await compare(['CONFIG', 'GET', 'maxmem*', 'maxmemory', 'nonexistent']);
    await compare(['CONFIG', 'GET', 'MAXMEMORY']);
    await compare(['CONFIG', 'GET', 'MAXMEM*']);
    await compare(['CONFIG', 'GET', '*slave*']);
    await compare(['CONFIG', 'GET', 'rdb-key-save-delay', 'use-exit-on-panic', 'watchdog-period']);
    await compare(['CONFIG', 'GET', '*delay*']);
    await compare(['CONFIG', 'GET', 'h[xyz]', '[d]atabases', 'b?nd']);
    await compare(['CONFIG', 'GET', 'nothing*']);
    await compare(['CONFIG', 'GET']);
  });
});

describe('CONFIG SET', () => {
  const cases: string[][] = [
    ['port', '70000'],
    ['foo', 'bar'],
    ['maxmemory', '1xb'],
    ['maxmemory', ''],
    ['maxmemory', '-1'],
    ['maxmemory', '1gb'],
    ['maxmemory', '5K'],
    ['maxmemory', '18446744073709551616'],
    ['maxmemory', '0'],
    ['daemonize', 'yes'],
    ['loglevel', 'foo'],
    ['loglevel', 'NOTICE'],
    ['maxmemory', '10', 'maxmemory', '20'],
    ['maxmemory', '10', 'foo', '20'],
    ['foo', '10', 'maxmemory', '20', 'daemonize', 'yes'],
    ['daemonize', 'yes', 'foo', '1'],
    ['maxmemory', '10', 'maxmemory'],
    ['maxmemory'],
    ['MAXMEMORY', 'abc'],
    ['slave-priority', 'abc'],
    ['slave-read-only', 'no', 'replica-read-only', 'yes'],
    ['slave-read-only', 'no'],
    ['replica-read-only', 'yes'],
    ['hz', '1000'],
    ['hz', '0'],
    ['hz', '-1'],
    ['hz', '10'],
    ['notify-keyspace-events', 'KEA'],
    ['notify-keyspace-events', 'Exgl$'],
    ['notify-keyspace-events', 'AKEmn'],
    ['notify-keyspace-events', 'Q'],
    ['notify-keyspace-events', ''],
    ['save', '100 1 200'],
    ['save', '100  1'],
    ['save', '100 1 200 2'],
    ['save', ''],
    ['maxmemory-clients', '10%'],
    ['maxmemory-clients', '200%'],
    ['maxmemory-clients', '-5'],
    ['maxmemory-clients', '1%x'],
    ['maxmemory-clients', '0'],
    ['unixsocketperm', '777'],
    ['proto-max-bulk-len', '10'],
    ['dir', '/'],
    ['enable-module-command', 'no'],
    ['protected-mode', 'maybe'],
    ['appendfilename', ''],
    ['dbfilename', 'a/b'],
    ['maxclients', '0'],
    ['maxclients', '-1'],
    ['client-output-buffer-limit', 'normal 1 2'],
    ['client-output-buffer-limit', 'master 0 0 0'],
    ['client-output-buffer-limit', 'normal 1mb 2k 3'],
    ['client-output-buffer-limit', 'replica 0 0 0'],
    ['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60'],
    ['latency-tracking-info-percentiles', '50 abc'],
    ['latency-tracking-info-percentiles', '50 101'],
    ['latency-tracking-info-percentiles', '50 99.90 1e1'],
    ['latency-tracking-info-percentiles', '50 99 99.9'],
    ['oom-score-adj-values', '1 2'],
    ['oom-score-adj-values', '1 2 3000'],
    ['oom-score-adj', 'relative'],
    ['oom-score-adj', 'no'],
    ['timeout', '007'],
    ['timeout', '+5'],
    ['timeout', ' 5'],
    ['timeout', '30'],
    ['list-max-listpack-size', '-2147483649'],
    ['hash-max-listpack-entries', '-1'],
    ['slowlog-max-len', '-1'],
    ['activedefrag', 'yes'],
    ['proc-title-template', '{foo}'],
    ['cluster-announce-hostname', 'a_b'],
    ['list-compress-depth', '1.5'],
    ['replicaof', 'no one'],
    ['requirepass', ''],
    ['maxmemory-policy', 'ALLKEYS-LRU'],
    ['maxmemory-policy', 'noeviction'],
    ['appendonly', 'maybe'],
    ['tls-port', 'abc'],
    ['lua-time-limit', '100'],
    ['socket-mark-id', '1'],
    ['propagation-error-behavior', 'foo'],
    ['propagation-error-behavior', 'PANIC'],
    ['replica-ignore-disk-write-errors', 'maybe'],
    ['shutdown-on-sigint', 'foo'],
    ['shutdown-on-sigint', 'now nosave force'],
    ['shutdown-on-sigint', 'save nosave'],
    ['shutdown-on-sigint', ''],
    ['shutdown-on-sigint', 'default now'],
    ['shutdown-on-sigterm', 'SAVE'],
  ];
  for (const pair of cases) {
    it(pair.join(' '), async () => {
      await compare(['CONFIG', 'SET', ...pair]);
      if (pair.length >= 1) await compare(['CONFIG', 'GET', pair[0]]);
    });
  }
  it('leaves the whole configuration as Redis does after all of the above', async () => {
    await compare(['CONFIG', 'GET', '*']);
  });
});

describe('other subcommands', () => {
  it('HELP', async () => {
    await compare(['CONFIG', 'HELP']);
  });
  it('RESETSTAT', async () => {
    await compare(['CONFIG', 'RESETSTAT']);
  });
  it('REWRITE without a config file', async () => {
    await compare(['CONFIG', 'REWRITE']);
  });
});

describe('CONFIG REWRITE with a config file', () => {
  it('rewrites the file as redis-server does (appended lines compared as a set)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { spawn } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-rewrite-'));
    const port = 20000 + Math.floor(Math.random() * 40000);
    const original = `# my conf\nport ${port}\nbind 127.0.0.1 -::1\nmaxmemory 1mb\nmaxmemory 2mb\nbogus-directive 1\nsave ""\n\n\nslaveof 1.2.3.4 5\n`;
    const runnable = original.replace('bogus-directive 1\n', '').replace('slaveof 1.2.3.4 5\n', '');
    fs.writeFileSync(path.join(dir, 'r.conf'), runnable);
    const child = spawn('redis-server', ['r.conf'], { cwd: dir, stdio: 'ignore' });
    try {
      let client: RawClient | null = null;
      for (let i = 0; i < 100 && client === null; i++) {
        client = await RawClient.connect(port).catch(() => null);
        if (client === null) await new Promise((r) => setTimeout(r, 50));
      }
      if (client === null) throw new Error('redis-server did not start');
      // Put the lines Redis cannot load back in, to see how REWRITE treats them.
      fs.writeFileSync(path.join(dir, 'r.conf'), original);
      await client.send(['CONFIG', 'SET', 'hz', '20', 'notify-keyspace-events', 'KEA', 'maxmemory', '3mb']);
      expect((await client.send(['CONFIG', 'REWRITE'])).toString()).toBe('+OK\r\n');
      client.close();
      const theirs = fs.readFileSync(path.join(dir, 'r.conf'), 'utf8');

      const config = new Config();
      process.chdir(dir);
      config.loadFromString(runnable);
      expect(config.setMany([['hz', '20'], ['notify-keyspace-events', 'KEA'], ['maxmemory', '3mb']])).toBeNull();
      const mine = config.rewrittenContent(original);
      process.chdir(startDir);

      const split = (text: string): [string[], string[]] => {
        const lines = text.split('\n');
        const at = lines.indexOf('# Generated by CONFIG REWRITE');
        return [lines.slice(0, at), lines.slice(at + 1).filter((l) => l !== '' && !l.startsWith('user '))];
      };
      const [theirHead, theirTail] = split(theirs);
      const [myHead, myTail] = split(mine);
      expect(myHead).toEqual(theirHead);
      expect([...myTail].sort()).toEqual([...theirTail].sort());
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
