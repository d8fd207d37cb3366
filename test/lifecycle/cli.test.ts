// The CLI's lifecycle next to redis-server's: the ways a server process ends
// (SHUTDOWN from a client, SIGTERM from a supervisor, a module that fails to
// load at start) give the same exit status and the same log lines in both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, repoRoot, startOurs, startRedis, type ServerHandle, type ServerOptions } from '../harness';
import { freePort, logMessagesOf, messagesAfterReady, runProcess } from './processes';

const ourCli = path.join(repoRoot, 'dist', 'cli.js');

/** Both servers with the same argv; both stopped (by pid) if the test fails before they exit. */
async function withBoth(options: ServerOptions, test: (redis: ServerHandle, ours: ServerHandle) => Promise<void>): Promise<void> {
  const [redis, ours] = await Promise.all([startRedis(options), startOurs(options)]);
  try {
    await test(redis, ours);
  } finally {
    await Promise.all([redis.stop(), ours.stop()]);
  }
}

const withHello: ServerOptions = { modules: [fixturePath('hello')] };

describe('CLI lifecycle', () => {
  it('SHUTDOWN from redis-cli: exit code 0 and Redis\'s shutdown lines', async () => {
    await withBoth(withHello, async (redis, ours) => {
      const shutdown = async (server: ServerHandle) => {
        const cli = await runProcess('redis-cli', ['-p', String(server.port), 'SHUTDOWN'], { timeoutMs: 5000 });
        return { cli: { code: cli.code, stdout: cli.stdout.toString(), stderr: cli.stderr.toString() }, exit: await server.exited() };
      };
      const [fromRedis, fromOurs] = await Promise.all([shutdown(redis), shutdown(ours)]);
      expect(fromOurs.cli).toEqual(fromRedis.cli);
      expect(fromRedis.exit).toEqual({ code: 0, signal: null });
      expect(fromOurs.exit).toEqual({ code: 0, signal: null });
      expect(messagesAfterReady(redis.log())).toEqual(['# User requested shutdown...', '# Redis is now ready to exit, bye bye...']);
      expect(messagesAfterReady(ours.log())).toEqual(messagesAfterReady(redis.log()));
    });
  });

  it('SIGTERM: exit code 0 and Redis\'s shutdown lines', async () => {
    await withBoth(withHello, async (redis, ours) => {
      process.kill(redis.pid, 'SIGTERM');
      process.kill(ours.pid, 'SIGTERM');
      expect(await redis.exited()).toEqual({ code: 0, signal: null });
      expect(await ours.exited()).toEqual({ code: 0, signal: null });
      expect(messagesAfterReady(redis.log())).toEqual([
        'Received SIGTERM scheduling shutdown...',
        '# User requested shutdown...',
        '# Redis is now ready to exit, bye bye...',
      ]);
      expect(messagesAfterReady(ours.log())).toEqual(messagesAfterReady(redis.log()));
    });
  });

  it('--loadmodule of a missing file: exit code 1 and the lines redis-server logs', async () => {
    const run = async (command: string, prefix: string[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-lifecycle-'));
      try {
        const argv = ['--port', String(await freePort()), '--save', '', '--appendonly', 'no', '--dir', dir,
          '--loadmodule', '/nonexistent.so'];
        return await runProcess(command, [...prefix, ...argv], { cwd: dir, timeoutMs: 10_000 });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const [redis, ours] = await Promise.all([run('redis-server', []), run(process.execPath, [ourCli])]);
    const lastTwo = (output: Buffer) => logMessagesOf(output.toString()).slice(-2);
    const expected = [
      '# Module /nonexistent.so failed to load: /nonexistent.so: cannot open shared object file: No such file or directory',
      "# Can't load module from /nonexistent.so: server aborting",
    ];
    expect({ code: redis.code, signal: redis.signal, log: lastTwo(redis.stdout) }).toEqual({ code: 1, signal: null, log: expected });
    expect({ code: ours.code, signal: ours.signal, log: lastTwo(ours.stdout), stderr: ours.stderr.toString() }).toEqual({
      code: 1,
      signal: null,
      log: expected,
      stderr: redis.stderr.toString(),
    });
  });
});
