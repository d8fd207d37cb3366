// The redis-module-host program as a process: startup and shutdown log lines, the
// port-in-use failure, version/help and refused daemonize. The project is compiled to
// a scratch directory first, so the test never depends on a stale dist/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, repoRoot, startRedis, type ServerHandle } from '../harness';

const LOG_LINE = /^(\d+):([MCSX]) \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} ([.\-*#]) (.*)$/;

let buildDir = '';
let cli = '';

beforeAll(() => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-cli-build-'));
  // Emits even when other parts of the tree do not type-check yet.
  spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', repoRoot, '--outDir', path.join(buildDir, 'dist')], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(buildDir, 'package.json'));
  // The compiled tree resolves its dependencies and the native addon from beside itself.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(buildDir, 'node_modules'));
  if (fs.existsSync(path.join(repoRoot, 'build'))) fs.symlinkSync(path.join(repoRoot, 'build'), path.join(buildDir, 'build'));
  cli = path.join(buildDir, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('tsc did not emit dist/cli.js');
}, 120_000);

afterAll(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
});

/** The messages of log lines (prefix dropped), with role and level char. */
function messages(output: string): Array<{ role: string; level: string; text: string }> {
  return output
    .split('\n')
    .map((l) => LOG_LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ role: m[2], level: m[3], text: m[4] }));
}

function waitFor(child: ChildProcess, getOutput: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (pattern.test(getOutput())) return resolve();
      if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        return reject(new Error(`no ${pattern} in output:\n${getOutput()}`));
      }
      setTimeout(tick, 25);
    };
    tick();
  });
}

function freePortCandidate(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

describe('redis-module-host CLI', () => {
  it('prints its version and help like redis-server', () => {
    const v = spawnSync(process.execPath, [cli, '-v'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^redis-module-host v=\d+\.\d+\.\d+ redis=7\.0\.15 /);
    const h = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(1);
    expect(h.stderr).toMatch(/^Usage: redis-module-host \[\/path\/to\/redis.conf\] \[options\] \[-\]/);
  });

  it('refuses daemonize yes', () => {
    const r = spawnSync(process.execPath, [cli, '--daemonize', 'yes'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/does not daemonize/);
  });

  it('logs startup like Redis, serves, and shuts down on SIGINT with exit 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-cli-run-'));
    const port = freePortCandidate();
    const child = spawn(process.execPath, [cli, '--port', String(port), '--pidfile', path.join(dir, 'x.pid'), '-'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end('loglevel verbose\n');
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(child, () => output, /Ready to accept connections/);
      const client = await RawClient.connect(port);
      expect((await client.send(['PING'])).toString()).toBe('+PONG\r\n');
      client.close();
      expect(fs.readFileSync(path.join(dir, 'x.pid'), 'utf8')).toBe(`${child.pid}\n`);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const log = messages(output);
    const texts = log.map((m) => m.text);
    expect(log[0]).toEqual({ role: 'C', level: '#', text: 'Reading config from stdin' });
    expect(log[1]).toEqual({ role: 'C', level: '#', text: 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo' });
    expect(log[2].text).toMatch(
      new RegExp(`^Redis version=7\\.0\\.15, bits=64, commit=00000000, modified=0, pid=${child.pid}, just started$`),
    );
    expect(log[3]).toEqual({ role: 'C', level: '#', text: 'Configuration loaded' });
    expect(texts).toContain(`Running mode=standalone, port=${port}.`);
    expect(log.find((m) => m.text === 'Server initialized')).toEqual({ role: 'M', level: '#', text: 'Server initialized' });
    expect(log.find((m) => m.text === 'Ready to accept connections')?.level).toBe('*');
    expect(output).toMatch(new RegExp(`^${child.pid}:signal-handler \\(\\d+\\) Received SIGINT scheduling shutdown\\.\\.\\.$`, 'm'));
    const tail = texts.slice(texts.indexOf('User requested shutdown...'));
    expect(tail).toEqual(['User requested shutdown...', 'Removing the pid file.', 'Redis is now ready to exit, bye bye...']);
    expect(fs.existsSync(path.join(dir, 'x.pid'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('when the port is taken', () => {
    let redis: ServerHandle;
    beforeAll(async () => {
      redis = await startRedis({ config: ['--bind', '127.0.0.1'] });
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('fails with the lines redis-server prints, exit 1', () => {
      const args = ['--port', String(redis.port), '--bind', '127.0.0.1', '--save', ''];
      const theirs = spawnSync('redis-server', args, { encoding: 'utf8', timeout: 10_000 });
      const ours = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 10_000 });
      expect(theirs.status).toBe(1);
      expect(ours.status).toBe(1);
      const failure = (out: string): string[] => messages(out).map((m) => m.text).filter((t) => /listening|Failed/.test(t));
      expect(failure(ours.stdout)).toEqual(failure(theirs.stdout));
      expect(failure(ours.stdout)).toHaveLength(2);
    });
  });
});
