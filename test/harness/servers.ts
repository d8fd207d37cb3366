// Starting the two servers the differential tests compare: Debian's
// redis-server 7.0.15 (the oracle) and ours (node dist/cli.js), with the same
// argv, on random free ports, each in its own scratch directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { RawClient } from './raw-client';
import { repoRoot } from './fixtures';

export interface ModuleSpec {
  path: string;
  args?: string[];
}

export interface ServerOptions {
  /** Modules loaded at start-up (`--loadmodule path args...`). */
  modules?: Array<string | ModuleSpec>;
  /** More directives: `{ 'maxmemory': '10mb' }` becomes `--maxmemory 10mb`; an array is passed as is. */
  config?: Record<string, string> | string[];
}

export type ServerKind = 'redis' | 'ours';

export interface ServerHandle {
  readonly kind: ServerKind;
  readonly port: number;
  readonly pid: number;
  /** The server's working directory (--dir), where SAVE writes. */
  readonly dir: string;
  /** Everything the server printed so far (its log goes to stdout). */
  log(): string;
  /** Resolves with the first log line matching `pattern`, waiting for it if needed. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the process exits by itself (a crash test waits on this). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops this server (only its own pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The binary the oracle runs; CI installs Debian's redis-server 7.0.15. */
export const redisServerBinary = process.env.RMH_REDIS_SERVER ?? 'redis-server';

const ourCli = path.join(repoRoot, 'dist', 'cli.js');

/** Servers still running, stopped by pid if the test process exits early. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

async function pickPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (await isPortFree(port)) return port;
  }
  throw new Error('no free port found in 20000-60000');
}

function serverArgs(port: number, dir: string, options: ServerOptions): string[] {
  const args = [
    '--port', String(port),
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'no',
    '--dir', dir,
    '--enable-module-command', 'yes',
  ];
  for (const module of options.modules ?? []) {
    const spec = typeof module === 'string' ? { path: module } : module;
    args.push('--loadmodule', spec.path, ...(spec.args ?? []));
  }
  const config = options.config;
  if (Array.isArray(config)) args.push(...config);
  else if (config) for (const [name, value] of Object.entries(config)) args.push(`--${name}`, value);
  return args;
}

async function answersPing(port: number): Promise<boolean> {
  let client: RawClient | null = null;
  try {
    client = await RawClient.connect(port, '127.0.0.1', 500);
    const reply = await client.send(['PING'], 1000);
    return reply.toString() === '+PONG\r\n';
  } catch {
    return false;
  } finally {
    client?.close();
  }
}

interface Launch {
  command: string;
  args: string[];
}

async function launch(kind: ServerKind, options: ServerOptions, build: (port: number, dir: string) => Launch): Promise<ServerHandle> {
  const startupTimeoutMs = 15000;
  let lastFailure = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await pickPort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rmh-${kind}-`));
    const { command, args } = build(port, dir);
    const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    const logWaiters: Array<() => void> = [];
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const wake of logWaiters.splice(0)) wake();
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    let spawnError: Error | null = null;
    child.once('error', (error) => {
      spawnError = error;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        for (const wake of logWaiters.splice(0)) wake();
        resolve({ code, signal });
      }),
    );

    const deadline = Date.now() + startupTimeoutMs;
    let up = false;
    while (Date.now() < deadline) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null) break;
      if (await answersPing(port)) {
        up = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (up && child.pid !== undefined) {
      const pid = child.pid;
      const handle: ServerHandle = {
        kind,
        port,
        pid,
        dir,
        log: () => output,
        exited: () => exited,
        waitForLog: async (pattern, timeoutMs = 5000) => {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const line = output.split('\n').find((l) => pattern.test(l));
            if (line !== undefined) return line;
            const left = until - Date.now();
            if (left <= 0 || child.exitCode !== null) {
              throw new Error(`${kind} server log has no line matching ${pattern}; log:\n${output}`);
            }
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, left);
              logWaiters.push(() => {
                clearTimeout(timer);
                resolve();
              });
            });
          }
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(killTimer);
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
      return handle;
    }

    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const failure: Error | null = spawnError;
    lastFailure = failure ? String(failure) : output;
    // Another process may have taken the port between the probe and the bind.
    if (!/Address already in use|EADDRINUSE/.test(output)) break;
  }
  throw new Error(`${kind} server did not start:\n${lastFailure}`);
}

/** Starts Debian's redis-server. Fails (does not skip) when it is missing: CI installs it. */
export function startRedis(options: ServerOptions = {}): Promise<ServerHandle> {
  return launch('redis', options, (port, dir) => ({ command: redisServerBinary, args: serverArgs(port, dir, options) }));
}

/**
 * Starts our server: `node dist/cli.js` with redis-server's argv (build it
 * with `npm run build:ts`). With RMH_OURS=redis-server the "ours" side is a
 * second real redis-server instead, which proves the harness itself: every
 * differential test must then report no mismatch.
 */
export function startOurs(options: ServerOptions = {}): Promise<ServerHandle> {
  if (process.env.RMH_OURS === 'redis-server') {
    return launch('ours', options, (port, dir) => ({ command: redisServerBinary, args: serverArgs(port, dir, options) }));
  }
  if (!fs.existsSync(ourCli)) {
    return Promise.reject(new Error(`${ourCli} does not exist: run \`npm run build:ts\` first`));
  }
  return launch('ours', options, (port, dir) => ({ command: process.execPath, args: [ourCli, ...serverArgs(port, dir, options)] }));
}
