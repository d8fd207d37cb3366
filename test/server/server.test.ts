import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { startServer, type RedisModuleHost } from '../../src/index';
import { RespError, RespVerbatim } from '../../src/resp/reply-parser';
import { defineCommand } from '../../src/commands/table';
import { RawConnection, encode } from './harness';

let host: RedisModuleHost;
beforeAll(async () => {
  host = await startServer();
});
afterAll(async () => {
  await host.stop();
});

describe('sockets', () => {
  it('answers a pipelined batch in order, in few writes', async () => {
    const c = await RawConnection.open(host.port);
    const batch: Buffer[] = [];
    for (let i = 0; i < 2000; i++) batch.push(encode(['ECHO', String(i)]));
    c.writeRaw(Buffer.concat(batch));
    const replies = await c.replies(2000);
    expect(replies.length).toBe(2000);
    expect(replies[1999].toString()).toBe('$4\r\n1999\r\n');
    c.close();
  });

  it('QUIT replies +OK then closes', async () => {
    const c = await RawConnection.open(host.port);
    c.writeRaw(Buffer.concat([encode(['QUIT']), encode(['PING'])]));
    const replies = await c.replies(2, 1000);
    expect(replies.map(String)).toEqual(['+OK\r\n']);
    expect(await c.closedByServer()).toBe(true);
  });

  it('a protocol error replies and closes', async () => {
    const c = await RawConnection.open(host.port);
    c.writeRaw('*1\r\n$x\r\n');
    const [reply] = await c.replies(1);
    expect(String(reply)).toBe('-ERR Protocol error: invalid bulk length\r\n');
    expect(await c.closedByServer()).toBe(true);
  });

  it('CLIENT LIST shows Redis 7.0 fields in order', async () => {
    const c = await RawConnection.open(host.port);
    await c.command('CLIENT', 'SETNAME', 'lister');
    const reply = await c.command('CLIENT', 'INFO');
    const line = reply.split('\r\n')[1];
    const fields = line.trim().split(' ').map((f) => f.slice(0, f.indexOf('=')));
    expect(fields).toEqual(
      'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'.split(
        ' ',
      ),
    );
    expect(line).toContain(' name=lister ');
    expect(line).toContain(' cmd=client|info ');
    expect(line).toMatch(/ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ /);
    const list = await c.command('CLIENT', 'LIST');
    expect(list).toContain('name=lister');
    c.close();
  });

  it('CLIENT KILL by id closes the other connection', async () => {
    const a = await RawConnection.open(host.port);
    const b = await RawConnection.open(host.port);
    const idB = (await b.command('CLIENT', 'ID')).slice(1, -2);
    expect(await a.command('CLIENT', 'KILL', 'ID', idB)).toBe(':1\r\n');
    expect(await b.closedByServer()).toBe(true);
    a.close();
  });

  it('INFO has the server, clients, modules and keyspace sections', async () => {
    const text = String(await host.call('INFO'));
    expect(text.startsWith('# Server\r\nredis_version:7.0.15\r\n')).toBe(true);
    expect(text).toContain(`\r\ntcp_port:${host.port}\r\n`);
    expect(text).toContain(`\r\nprocess_id:${process.pid}\r\n`);
    expect(text).toContain('\r\n\r\n# Clients\r\nconnected_clients:');
    expect(text).toContain('\r\n\r\n# Modules\r\n');
    expect(text.endsWith('# Keyspace\r\n') || /db0:keys=\d+,expires=\d+,avg_ttl=\d+\r\n$/.test(text)).toBe(true);
  });
});

describe('real clients', () => {
  it('ioredis', async () => {
    const r = new Redis({ port: host.port, host: '127.0.0.1', lazyConnect: true });
    await r.connect();
    expect(await r.set('io', 'redis')).toBe('OK');
    expect(await r.get('io')).toBe('redis');
    expect(await r.call('HELLO', '3')).toBeTruthy();
    expect(await r.exists('io', 'nope')).toBe(1);
    await r.quit();
  });

  it('node-redis (RESP3)', async () => {
    const c = createClient({ url: `redis://127.0.0.1:${host.port}`, RESP: 3 });
    await c.connect();
    expect(await c.set('nr', 'v', { EX: 100 })).toBe('OK');
    expect(await c.get('nr')).toBe('v');
    expect(await c.del('nr')).toBe(1);
    await c.close();
  });
});

describe('in-process API', () => {
  it('call decodes replies and rejects on error replies', async () => {
    expect(await host.call('SET', 'ip', 42)).toBe('OK');
    expect(await host.call('GET', 'ip')).toEqual(Buffer.from('42'));
    await expect(host.call('GET')).rejects.toBeInstanceOf(RespError);
    await expect(host.call('GET')).rejects.toThrow("ERR wrong number of arguments for 'get' command");
    expect(host.callRaw('PING').toString()).toBe('+PONG\r\n');
  });

  it('a dedicated RESP3 client', async () => {
    const c = host.client({ protocol: 3 });
    const info = await c.call('CLIENT', 'INFO');
    expect(info).toBeInstanceOf(RespVerbatim);
    expect(c.callRaw('SELECT', 3).toString()).toBe('+OK\r\n');
    expect(await c.call('DBSIZE')).toBe(0);
  });

  it('a throwing handler becomes an error reply', async () => {
    host.server.commands.add(
      defineCommand(
        {
          name: 'boom',
          arity: 1,
          flags: [],
          firstKey: 0,
          lastKey: 0,
          keyStep: 0,
          aclCategories: [],
          docs: { group: 'server' },
        },
        () => {
          throw new Error('kaboom');
        },
      ),
    );
    await expect(host.call('BOOM')).rejects.toThrow('ERR kaboom');
    expect(await host.call('PING')).toBe('PONG');
    host.server.commands.remove('boom');
    await expect(host.call('boom')).rejects.toThrow("ERR unknown command 'boom'");
  });

  it('loadModules with a missing file rejects with the loader\'s reason', async () => {
    await expect(startServer({ loadModules: ['/nonexistent.so'] })).rejects.toThrow(
      'Module /nonexistent.so failed to load: /nonexistent.so: cannot open shared object file: No such file or directory',
    );
  });
});

describe('requirepass', () => {
  it('NOAUTH until AUTH', async () => {
    const h = await startServer({ config: { requirepass: 'secret' } });
    try {
      const c = await RawConnection.open(h.port);
      expect(await c.command('GET', 'x')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await c.command('AUTH', 'wrong')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await c.command('AUTH', 'secret')).toBe('+OK\r\n');
      expect(await c.command('GET', 'x')).toBe('$-1\r\n');
      c.close();
      const d = await RawConnection.open(h.port);
      expect((await d.command('HELLO', '3', 'AUTH', 'default', 'secret')).startsWith('%7\r\n')).toBe(true);
      d.close();
    } finally {
      await h.stop();
    }
  });
});

describe('SHUTDOWN', () => {
  it('stops the server and resolves stopped', async () => {
    const h = await startServer();
    const c = await RawConnection.open(h.port);
    let event = false;
    h.server.on('shutdown', () => (event = true));
    c.send('SHUTDOWN', 'NOSAVE');
    await h.server.stopped;
    expect(event).toBe(true);
    expect(await c.closedByServer()).toBe(true);
  });
});
