// The library's lifecycle in a child process: a session that starts a server
// with a module, unloads and reloads it, and stops, must leave nothing behind
// that keeps Node alive. The child never calls process.exit, so a leaked
// handle (socket, timer, uv_async in the addon) shows up as a timeout here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../harness';
import { runProcess } from './processes';

const script = path.join(__dirname, 'library-lifecycle.cjs');

describe('library lifecycle', () => {
  it('load, call, unload, reload, stop: the process then exits by itself with code 0', async () => {
    const started = Date.now();
    const result = await runProcess(process.execPath, [script, fixturePath('hello')], { timeoutMs: 8000 });
    const elapsedMs = Date.now() - started;
    const stdout = result.stdout.toString();
    const stderr = result.stderr.toString();
    const context = `stdout:\n${stdout}\nstderr:\n${stderr}`;

    expect(result.timedOut, `the child did not exit on its own within 8 s\n${context}`).toBe(false);
    expect(result.signal, context).toBe(null);
    expect(result.code, context).toBe(0);
    expect(elapsedMs).toBeLessThan(5000);
    expect(stderr).toBe('');

    const steps = new Map<string, unknown>();
    for (const line of stdout.trim().split('\n')) {
      const colon = line.indexOf(': ');
      steps.set(line.slice(0, colon), JSON.parse(line.slice(colon + 2)));
    }
    expect(Object.fromEntries(steps)).toEqual({
      echo: 'in-process',
      args: ['x'],
      tcp: '$3\r\ntcp\r\n',
      unload: 'OK',
      // Redis's own text for a command nobody registers (any more).
      'after-unload': "ERR unknown command 'hello.echo', with args beginning with: 'x' ",
      'list-after-unload': [],
      load: 'OK',
      'args-after-load': ['y', 'z'],
      'echo-after-load': 'again',
      'client-closed-by-stop': true,
      stopped: true,
    });
  });
});
