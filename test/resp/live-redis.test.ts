// Differential checks against Debian's redis-server 7.0.15, when it is installed:
// protocol errors from the request parser, double formatting, and frames.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestParser } from '../../src/resp/request-parser';
import { ReplyFramer, ReplyParser, RespDouble } from '../../src/resp/reply-parser';
import { formatDouble } from '../../src/resp/double';

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

let server: ChildProcess | null = null;
let port = 0;

async function waitForPort(p: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(p, '127.0.0.1');
      s.on('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

/** Sends bytes on a fresh connection; returns what came back and whether the server closed. */
function exchange(bytes: Buffer, settleMs = 150): Promise<{ out: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let closed = false;
    s.on('data', (d) => parts.push(d));
    s.on('close', () => {
      closed = true;
    });
    s.on('error', () => {});
    s.on('connect', () => {
      s.write(bytes);
      setTimeout(() => {
        resolve({ out: Buffer.concat(parts), closed });
        s.destroy();
      }, settleMs);
    });
  });
}

/** Sends commands on one connection and collects `count` reply frames. */
function request(bytes: Buffer, count: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const framer = new ReplyFramer();
    const frames: Buffer[] = [];
    s.on('data', (d) => {
      frames.push(...framer.push(d));
      if (frames.length >= count) {
        s.destroy();
        resolve(frames);
      }
    });
    s.on('error', reject);
    s.on('connect', () => s.write(bytes));
  });
}

const cmd = (...args: string[]): string =>
  `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');

describe.skipIf(!haveRedis)('against redis-server', () => {
  beforeAll(async () => {
    port = 20000 + Math.floor(Math.random() * 40000);
    server = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--enable-debug-command', 'yes'],
      { stdio: 'ignore' },
    );
    await waitForPort(port);
  });

  afterAll(() => {
    server?.kill();
  });

  it('reports the same protocol errors, and closes', async () => {
    const inputs = [
      '*2147483648\r\n',
      '*abc\r\n',
      '*01\r\n',
      '*1\r\n$-1\r\n',
      '*1\r\n$536870913\r\n',
      '*1\r\n$04\r\nPING\r\n',
      '*1\r\nfoo\r\n',
      '*1\r\n\r\n',
      '*1\r\n\x80\r\n',
      '*' + '1'.repeat(65536),
      '*1\r\n$' + '1'.repeat(65536),
      'A'.repeat(65537),
      'SET "a"b\r\n',
      "SET 'a\r\n",
      cmd('PING') + '*x\r\n',
    ];
    for (const input of inputs) {
      const bytes = Buffer.from(input, 'latin1');
      const real = await exchange(bytes);
      let message: string | null = null;
      let commands = 0;
      new RequestParser().feed(
        bytes,
        () => commands++,
        (m) => (message = m),
      );
      expect(real.closed, input.slice(0, 20)).toBe(true);
      const expected = '+PONG\r\n'.repeat(commands) + `-ERR ${message}\r\n`;
      expect(real.out.toString('latin1')).toBe(expected);
    }
  });

  it('formats doubles as ZSCORE does', async () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const values: number[] = [2 ** -25, 3 * 2 ** -25, 5 * 2 ** -26, 0.5, 1e300, 1e-300, 123.456];
    for (let i = 0; i < 400; i++) {
      const mag = Math.pow(10, Math.floor(next() * 40) - 20);
      values.push((next() - 0.5) * mag);
    }
    let req = 'HELLO 3\r\n' + cmd('DEL', 'z');
    // Members are distinct and ZADD goes through the skiplist for > 128 members.
    values.forEach((v, i) => {
      req += cmd('ZADD', 'z', v.toPrecision(17), `m${i}`) + cmd('ZSCORE', 'z', `m${i}`);
    });
    const frames = await request(Buffer.from(req), 2 + values.length * 2);
    const parser = new ReplyParser();
    values.forEach((v, i) => {
      const frame = frames[2 + i * 2 + 1];
      const decoded = parser.push(frame)[0];
      expect(decoded).toBeInstanceOf(RespDouble);
      expect((decoded as RespDouble).text, String(v)).toBe(formatDouble(v));
      expect(frame.toString('latin1')).toBe(`,${formatDouble(v)}\r\n`);
    });
  });
});
