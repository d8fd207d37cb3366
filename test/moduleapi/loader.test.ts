// MODULE LOAD / UNLOAD / LIST, and the loader's failures: the reply bytes, and
// the reason in the server log (wording taken from redis-server's own log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, waitForLogLine, waitForLogMessage, type DiffInput } from '../harness';

let pair: ServerPair;
const hello = fixturePath('hello');
const failload = fixturePath('failload');
const noonload = fixturePath('noonload');
const samename = fixturePath('samename');
const missing = '/nonexistent/rmh-no-such-module.so';

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [hello] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

async function expectLoggedByBoth(message: string): Promise<void> {
  await waitForLogMessage(pair.redis, message);
  await waitForLogMessage(pair.ours, message);
}

describe('module loader', () => {
  it('lists the start-up module identically', async () => {
    for (const resp of [2, 3] as const) {
      const mismatches = await pair.diff([['MODULE', 'LIST']], { resp });
      expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    }
  });

  it('refuses a missing file, and says why', async () => {
    const mismatches = await pair.diff([['MODULE', 'LOAD', missing]], { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    // The reason comes from dlerror(), identical for the same libc and path.
    const prefix = `# Module ${missing} failed to load: `;
    const reason = await waitForLogLine(pair.redis, (line) => line.startsWith(prefix), JSON.stringify(prefix));
    await waitForLogMessage(pair.ours, reason);
  });

  it('refuses a module whose OnLoad fails', async () => {
    const mismatches = await pair.diff([['MODULE', 'LOAD', failload]], { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth('# <failload> failload: refusing to load on purpose');
    await expectLoggedByBoth(`# Module ${failload} initialization failed. Module not loaded`);
  });

  it('refuses a shared object without RedisModule_OnLoad', async () => {
    const mismatches = await pair.diff([['MODULE', 'LOAD', noonload]], { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth(`# Module ${noonload} does not export RedisModule_OnLoad() symbol. Module not loaded.`);
  });

  it('refuses a second module named "hello"', async () => {
    const mismatches = await pair.diff([['MODULE', 'LOAD', samename], ['samename.ping']], { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth(`# Module ${samename} initialization failed. Module not loaded`);
  });

  it('unloads and reloads with arguments', async () => {
    const commands: DiffInput[] = [
      ['MODULE', 'UNLOAD', 'nosuch'],
      ['MODULE', 'UNLOAD', 'hello'],
      ['hello.echo', 'gone'],
      ['MODULE', 'LIST'],
      ['MODULE', 'LOAD', hello, 'x', 'y y', ''],
      ['hello.args'],
      ['MODULE', 'LOAD', hello],
      ['MODULE', 'LIST'],
      ['MODULE', 'LOADEX', hello],
      ['MODULE', 'UNLOAD', 'hello'],
      ['MODULE', 'LOADEX', hello, 'ARGS', 'p', 'q'],
      ['hello.args'],
      ['MODULE', 'LIST'],
      ['MODULE'],
      ['MODULE', 'LOAD'],
      ['MODULE', 'NOSUCH'],
    ];
    const mismatches = await pair.diff(commands, { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth('* Module hello unloaded');
    await expectLoggedByBoth(`* Module 'hello' loaded from ${hello}`);
  });

  it('lists modules identically under RESP3 after the reloads', async () => {
    const mismatches = await pair.diff([['MODULE', 'LIST']], { resp: 3 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
