// The enable-module-command gate: "no" (Redis's default) refuses LOAD, LOADEX
// and UNLOAD but not LIST or HELP; "local" allows them from this machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, formatMismatches, ServerPair, type DiffInput } from '../harness';

describe.each(['no', 'local'] as const)('enable-module-command %s', (setting) => {
  let pair: ServerPair;

  beforeAll(async () => {
    pair = await ServerPair.start({ modules: [fixturePath('hello')], config: { 'enable-module-command': setting } });
  }, 60000);

  afterAll(async () => {
    await pair?.stop();
  });

  const commands: DiffInput[] = [
    ['CONFIG', 'GET', 'enable-module-command'],
    ['CONFIG', 'SET', 'enable-module-command', 'yes'],
    ['MODULE', 'HELP'],
    ['MODULE', 'UNLOAD', 'hello'],
    ['MODULE', 'LIST'],
    ['hello.echo', 'still here?'],
    ['MODULE', 'LOAD', fixturePath('hello')],
    ['MODULE', 'LOADEX', fixturePath('hello'), 'ARGS', 'a'],
    ['MODULE', 'LIST'],
  ];

  it.each([2, 3] as const)('replies exactly as redis-server (RESP%i)', async (resp) => {
    const mismatches = await pair.diff(commands, { resp });
    expect(mismatches, formatMismatches(mismatches)).toEqual([]);
  });
});
