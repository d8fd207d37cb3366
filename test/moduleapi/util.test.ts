// Logging, clocks, client ids, database selection. util.assert kills the
// server on purpose: only its own test, on its own pair, sends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixturePath,
  formatMismatches,
  logMessages,
  RawClient,
  ServerPair,
  waitForLogLine,
  waitForLogMessage,
  type DiffInput,
} from '../harness';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ modules: [fixturePath('util')] });
}, 60000);

afterAll(async () => {
  await pair?.stop();
});

const commands: DiffInput[] = [
  ['util.time'],
  ['util.time', 'extra'],
  ['util.clientid'],
  ['util.select', '3'],
  ['util.select', '15'],
  ['util.select', '16'],
  ['util.select', '-1'],
  ['util.select', 'x'],
  ['util.select', '0'],
  ['util.log', 'bogus', 'x'],
  ['util.log', 'warning'],
];

describe.each([2, 3] as const)('util module, RESP%i', (resp) => {
  it('replies exactly as redis-server', async () => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});

describe('util module logging', () => {
  // Each expected line is first checked on redis-server (so the expectation is
  // the real wording), then on ours.
  async function expectLoggedByBoth(message: string): Promise<void> {
    await waitForLogMessage(pair.redis, message);
    await waitForLogMessage(pair.ours, message);
  }

  it('logs at warning and notice with the module name prefix', async () => {
    const mismatches = await pair.diff(
      [['util.log', 'warning', 'a warning line'], ['util.log', 'notice', 'a notice line'], ['util.log', 'NOTICE', 'upper-case level']],
      { resp: 2 },
    );
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth('# <util> a warning line');
    await expectLoggedByBoth('* <util> a notice line');
    await expectLoggedByBoth('* <util> upper-case level');
  });

  it('drops debug and verbose lines at the default loglevel (notice)', async () => {
    const mismatches = await pair.diff(
      [['util.log', 'debug', 'a debug line'], ['util.log', 'verbose', 'a verbose line'], ['util.log', 'warning', 'after the quiet ones']],
      { resp: 2 },
    );
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth('# <util> after the quiet ones');
    for (const server of [pair.redis, pair.ours]) {
      const quiet = logMessages(server).filter((line) => line.includes('a debug line') || line.includes('a verbose line'));
      expect(quiet, `${server.kind} log`).toEqual([]);
    }
  });

  it('logs with a NULL context under the "module" prefix', async () => {
    const mismatches = await pair.diff([['util.lognoctx', 'no context here']], { resp: 2 });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
    await expectLoggedByBoth('# <module> no context here');
  });

  // LogIOError needs a RedisModuleIO, which only module data types' RDB
  // callbacks receive: its test comes with the data type family.
});

describe('util.assert', () => {
  // A server of its own: the assertion takes the process down.
  it('crashes both servers with the same assertion report', async () => {
    const doomed = await ServerPair.start({ modules: [fixturePath('util')] });
    try {
      for (const server of [doomed.redis, doomed.ours]) {
        const client = await RawClient.connect(server.port);
        await expect(client.send(['util.assert'])).rejects.toThrow();
        client.close();
        const status = await server.exited();
        expect(status.code === 0 && status.signal === null, `${server.kind} exit ${JSON.stringify(status)}`).toBe(false);
      }
      await waitForLogMessage(doomed.redis, '# === ASSERTION FAILED ===');
      await waitForLogMessage(doomed.ours, '# === ASSERTION FAILED ===');
      const where = await waitForLogLine(doomed.redis, (line) => line.startsWith('# ==> '), 'the assertion location');
      expect(where).toMatch(/util\.c:\d+ 'argc == -1' is not true$/);
      await waitForLogMessage(doomed.ours, where);
    } finally {
      await doomed.stop();
    }
  });
});
