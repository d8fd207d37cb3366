// Shared by the server tests: a real redis-server as the oracle, and a raw
// RESP connection that returns each reply's exact bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ReplyFramer } from '../../src/resp/reply-parser';

export interface Oracle {
  port: number;
  stop(): Promise<void>;
}

function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts Debian's redis-server 7.0.15 on a random port. */
export async function startOracle(extra: string[] = []): Promise<Oracle> {
  for (let attempt = 0; ; attempt++) {
    const port = randomPort();
    const child: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...extra],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([
        waitForPort(port, Date.now() + 5000),
        exited.then(() => {
          throw new Error('redis-server exited');
        }),
      ]);
      return {
        port,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt >= 3) throw err;
    }
  }
}

/** A raw connection: send commands, get back each reply's bytes. */
export class RawConnection {
  private readonly framer = new ReplyFramer();
  private readonly frames: Buffer[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.framer.push(chunk)) this.frames.push(f);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawConnection> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  writeRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  send(...args: Array<string | Buffer>): void {
    this.writeRaw(encode(args));
  }

  /** Waits for `n` more replies (or the close), returning them. */
  async replies(n: number, timeoutMs = 5000): Promise<Buffer[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < n && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames.splice(0, n);
  }

  async command(...args: Array<string | Buffer>): Promise<string> {
    this.send(...args);
    const [reply] = await this.replies(1);
    return reply === undefined ? '<closed>' : reply.toString('latin1');
  }

  /** Resolves once the server has closed the connection. */
  async closedByServer(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function encode(args: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
