// A module that crashes takes the server down, as in Redis, and leaves a
// Redis-style bug report that points at the module. A fault elsewhere in the
// process is not ours to report: Node (V8's trap handler, or the default
// action) owns it, and our handler must step aside.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, logMessages, RawClient, startOurs, startRedis, type ServerHandle } from '../harness';
import { runProcess } from './processes';

const crashModule = fixturePath('crash');

/** Sends `command` to a server that is expected to die of it, and returns how it ended. */
async function crashWith(server: ServerHandle, command: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const client = await RawClient.connect(server.port);
  try {
    await expect(client.send([command], 10_000)).rejects.toThrow('connection closed by the server');
  } finally {
    client.close();
  }
  const exit = await server.exited();
  // 'exit' can come before the last of the pipe's output: wait for the report's end.
  await server.waitForLog(/=== REDIS BUG REPORT END/, 5000);
  return exit;
}

/** The lines of a report that say what happened, the same in Redis's report and ours. */
function faultLines(server: ServerHandle): string[] {
  return logMessages(server).filter((m) => /crashed by signal|Accessing address/.test(m));
}

/** A stack line naming the module, as backtrace_symbols prints it: "/path/crash.so(+0x811e)[0x7f...]". */
function moduleStackLine(server: ServerHandle): string | undefined {
  return server.log().split('\n').find((line) => line.startsWith(`${crashModule}(`));
}

describe('crash report', () => {
  it.each(['crash.segv', 'crash.nullcall'])('%s: dies by SIGSEGV with a report that names the module', async (command) => {
    const [redis, ours] = await Promise.all([startRedis({ modules: [crashModule] }), startOurs({ modules: [crashModule] })]);
    try {
      const [redisExit, ourExit] = await Promise.all([crashWith(redis, command), crashWith(ours, command)]);
      for (const [server, exit] of [[redis, redisExit], [ours, ourExit]] as const) {
        const log = server.log();
        expect(exit, `${server.kind}:\n${log}`).toEqual({ code: null, signal: 'SIGSEGV' });
        expect(log).toContain('=== REDIS BUG REPORT START');
        expect(log).toContain('crashed by signal: 11');
        expect(moduleStackLine(server), `${server.kind} has no stack line in ${crashModule}:\n${log}`).toBeDefined();
      }
      expect(faultLines(ours)).toEqual(faultLines(redis));
      const nullCallNote = logMessages(ours).find((m) => m.includes('call through a NULL function pointer'));
      if (command === 'crash.nullcall') expect(nullCallNote, ours.log()).toBeDefined();
      else expect(nullCallNote).toBeUndefined();
    } finally {
      await Promise.all([redis.stop(), ours.stop()]);
    }
  });

  it.each([
    ['with a module loaded (our handlers installed)', [fixturePath('hello')], true],
    ['with no module (the addon is not even loaded)', [], false],
  ] as const)('a SIGSEGV not raised by module code is left to Node: %s', async (_name, args, addonLoaded) => {
    const script = path.join(__dirname, 'foreign-segv.cjs');
    const result = await runProcess(process.execPath, [script, ...args], { timeoutMs: 5000 });
    const output = `${result.stdout.toString()}${result.stderr.toString()}`;
    expect(result.timedOut, `the SIGSEGV was swallowed: the process kept running\n${output}`).toBe(false);
    expect(result.stdout.toString()).toBe(`addon-loaded: ${addonLoaded}\n`);
    expect(result.signal, output).toBe('SIGSEGV');
    expect(output).not.toContain('REDIS BUG REPORT');
  });
});
