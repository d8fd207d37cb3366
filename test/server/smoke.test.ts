import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisModuleHost } from '../../src/index';
import { RawConnection } from './harness';

let host: RedisModuleHost;
beforeAll(async () => {
  host = await startServer();
});
afterAll(async () => {
  await host.stop();
});

describe('smoke', () => {
  it('answers PING over TCP', async () => {
    const c = await RawConnection.open(host.port);
    expect(await c.command('PING')).toBe('+PONG\r\n');
    expect(await c.command('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.command('GET', 'k')).toBe('$1\r\nv\r\n');
    c.close();
  });
});
