// Our replies against Debian's redis-server 7.0.15, byte for byte, over RESP2 and RESP3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisModuleHost } from '../../src/index';
import { decodeReply, RespMap, type RespValue } from '../../src/resp/reply-parser';
import { RawConnection, startOracle, type Oracle } from './harness';

let host: RedisModuleHost;
let oracle: Oracle;

beforeAll(async () => {
  [host, oracle] = await Promise.all([startServer(), startOracle()]);
});
afterAll(async () => {
  await Promise.all([host?.stop(), oracle?.stop()]);
});

/** HELLO's id differs between two servers by nature. */
function normalize(reply: string): string {
  return reply.replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:ID\r\n');
}

async function runOn(port: number, protocol: 2 | 3, commands: string[][]): Promise<string[]> {
  const c = await RawConnection.open(port);
  const out: string[] = [];
  try {
    if (protocol === 3) out.push(normalize(await c.command('HELLO', '3')));
    await c.command('FLUSHALL');
    for (const cmd of commands) out.push(normalize(await c.command(...cmd)));
  } finally {
    c.close();
  }
  return out;
}

const long = 'x'.repeat(200);

const CASES: Record<string, string[][]> = {
  ping: [['PING'], ['ping', 'hello'], ['PING', 'a', 'b'], ['ECHO', 'x'], ['ECHO'], ['echo', '']],
  select: [['SELECT', '99'], ['SELECT', 'x'], ['SELECT', '-1'], ['SELECT', '15'], ['SELECT', '0'], ['SELECT', '01']],
  hello: [
    ['HELLO', '4'],
    ['HELLO', 'x'],
    ['HELLO', '1'],
    ['HELLO', '3', 'FOO'],
    ['HELLO', '3', 'AUTH', 'default'],
    ['HELLO', '3', 'AUTH', 'bob', 'pw'],
    ['HELLO', '3', 'SETNAME', 'a b'],
    ['HELLO', '2', 'AUTH', 'default', 'anything', 'SETNAME', 'me'],
    ['CLIENT', 'GETNAME'],
    ['HELLO'],
    ['HELLO', '3'],
  ],
  auth: [['AUTH', 'x'], ['AUTH', 'a', 'b'], ['AUTH', 'default', 'b'], ['AUTH', 'a', 'b', 'c']],
  unknown: [
    ['foo', 'a', 'b'],
    ['foo'],
    ['FOO', long, long],
    ['foo', 'a\r\nb'],
    ['GET'],
    ['get', 'a', 'b'],
    ['SET', 'a'],
    ['DBSIZE', 'x'],
  ],
  strings: [
    ['SET', 'k', 'v'],
    ['GET', 'k'],
    ['SET', 'k', 'v2', 'NX'],
    ['SET', 'k', 'v2', 'XX', 'GET'],
    ['GET', 'k'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['SET', 'k', 'v', 'EX', 'x'],
    ['SET', 'k', 'v', 'EX'],
    ['SET', 'k', 'v', 'NX', 'XX'],
    ['SET', 'k', 'v', 'KEEPTTL', 'EX', '5'],
    ['SET', 'k', 'v', 'PX', '100', 'EX', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
    ['SET', 'k', 'v', 'EX', '-1'],
    ['SET', 'k', 'v', 'PX', '9223372036854775807'],
    ['SET', 'k', 'v', 'EX', '9223372036854776'],
    ['SET', 'k', 'v', 'EXAT', '99999999999'],
    ['SET', 'k', 'v', 'PXAT', '1'],
    ['GET', 'k'],
    ['SET', 'missing', 'v', 'GET'],
    ['SET', 'n', 'v', 'NX', 'GET'],
    ['SET', 'n', 'v', 'NX', 'GET'],
    ['SET', 'n', 'v', 'KEEPTTL'],
    ['SET', 'n', 'v', 'FOO'],
    ['EXISTS', 'n', 'n', 'missing'],
    ['DEL', 'n', 'missing', 'k'],
    ['DBSIZE'],
    ['SET', 'bin', Buffer.from([0, 255, 10, 13]).toString('latin1')],
    ['GET', 'bin'],
  ],
  server: [
    ['DBSIZE'],
    ['FLUSHALL', 'x'],
    ['FLUSHALL', 'ASYNC'],
    ['FLUSHDB', 'sync'],
    ['FLUSHDB', 'a', 'b'],
    ['SHUTDOWN', 'x'],
    ['SHUTDOWN', 'ABORT'],
    ['SHUTDOWN', 'SAVE', 'NOSAVE'],
    ['SHUTDOWN', 'ABORT', 'NOW'],
    ['INFO', 'foo'],
    ['SET', 'a', '1'],
    ['INFO', 'keyspace'],
    ['INFO', 'KEYSPACE', 'modules'],
    ['TIME', 'x'],
  ],
  client: [
    ['CLIENT', 'SETNAME', 'a b'],
    ['CLIENT', 'SETNAME', 'a\nb'],
    ['CLIENT', 'SETNAME', 'ok'],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME', ''],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'foo'],
    ['CLIENT'],
    ['client', 'SETNAME'],
    ['CLIENT', 'KILL', '1.2.3.4:5'],
    ['CLIENT', 'KILL', 'ID', '999999'],
    ['CLIENT', 'KILL', 'ID', 'x'],
    ['CLIENT', 'KILL', 'ID', '0'],
    ['CLIENT', 'KILL', 'foo', 'bar'],
    ['CLIENT', 'KILL', 'ID', '1', 'SKIPME'],
    ['CLIENT', 'KILL', 'USER', 'nobody'],
    ['CLIENT', 'KILL', 'TYPE', 'nobody'],
    ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
    ['CLIENT', 'KILL', 'ADDR', '1.1.1.1:1', 'SKIPME', 'yes'],
    ['CLIENT', 'LIST', 'TYPE', 'foo'],
    ['CLIENT', 'LIST', 'TYPE', 'master'],
    ['CLIENT', 'LIST', 'ID', 'x'],
    ['CLIENT', 'LIST', 'ID', '999999'],
    ['CLIENT', 'LIST', 'foo'],
    ['CLIENT', 'HELP'],
    ['CLIENT', 'TRACKINGINFO'],
    ['CLIENT', 'GETREDIR'],
    ['CLIENT', 'NO-EVICT', 'on'],
    ['CLIENT', 'NO-EVICT', 'maybe'],
    ['CLIENT', 'UNBLOCK', '5'],
    ['CLIENT', 'UNBLOCK', 'x'],
    ['CLIENT', 'UNBLOCK', '5', 'foo'],
    ['CLIENT', 'CACHING', 'yes'],
    ['CLIENT', 'PAUSE', 'x'],
    ['CLIENT', 'PAUSE', '-1'],
    ['CLIENT', 'PAUSE', '10', 'foo'],
    ['CLIENT', 'UNPAUSE'],
    ['CLIENT', 'REPLY', 'foo'],
    ['CLIENT', 'REPLY', 'ON'],
  ],
  command: [
    ['COMMAND', 'HELP'],
    ['COMMAND', 'foo'],
    ['COMMAND', 'GETKEYS'],
    ['COMMAND', 'GETKEYS', 'foo', 'a'],
    ['COMMAND', 'GETKEYS', 'ping', 'x'],
    ['COMMAND', 'GETKEYS', 'get', 'a'],
    ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
    ['COMMAND', 'GETKEYS', 'set', 'a', 'b'],
    ['COMMAND', 'GETKEYS', 'del', 'a', 'b', 'c'],
    ['COMMAND', 'GETKEYS', 'client', 'list'],
    ['COMMAND', 'GETKEYS', 'client', 'foo'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b', 'GET'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'exists', 'a', 'b'],
    ['COMMAND', 'INFO', 'get', 'nosuch', 'SET'],
    ['COMMAND', 'INFO', 'client|list', 'client|nosuch', 'get|x'],
    ['COMMAND', 'DOCS', 'nosuch'],
    ['COMMAND', 'DOCS', 'get', 'nosuch', 'set'],
    ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'],
    ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuch'],
    ['COMMAND', 'LIST', 'FILTERBY', 'module', 'nosuch'],
    ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'ech?'],
    ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'client|[g]etn*'],
    ['COMMAND', 'LIST', 'extra'],
  ],
  quit: [['PING'], ['QUIT']],
};

describe.each([2, 3] as const)('RESP%i replies equal redis-server 7.0.15', (protocol) => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const commands = CASES[name];
    const [ours, theirs] = await Promise.all([
      runOn(host.port, protocol, commands),
      runOn(oracle.port, protocol, commands),
    ]);
    const differing: string[] = [];
    for (let i = 0; i < theirs.length; i++) {
      if (ours[i] !== theirs[i]) {
        const label = i === 0 && protocol === 3 ? 'HELLO 3' : commands[i - (protocol === 3 ? 1 : 0)]?.join(' ');
        differing.push(`${label}\n  ours:   ${JSON.stringify(ours[i])}\n  theirs: ${JSON.stringify(theirs[i])}`);
      }
    }
    expect(differing).toEqual([]);
  });
});

/** Redis lists subcommands in hash order, which changes per process: compare them sorted. */
function canonical(value: RespValue): RespValue {
  if (value instanceof RespMap) {
    return new RespMap(value.entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

function sortedSubcommands(info: RespValue): RespValue {
  if (!Array.isArray(info)) return info;
  const subs = info[9];
  if (!Array.isArray(subs)) return info;
  const sorted = [...subs].sort((a, b) => String((a as RespValue[])[0]).localeCompare(String((b as RespValue[])[0])));
  return [...info.slice(0, 9), sorted];
}

describe('COMMAND INFO and COMMAND DOCS of every built-in equal redis-server 7.0.15', () => {
  const names = (): string[] => {
    const out: string[] = [];
    for (const cmd of host.server.commands.all()) {
      if (cmd.module !== undefined) continue;
      out.push(cmd.name);
      for (const sub of cmd.subcommands?.values() ?? []) out.push(sub.name);
    }
    return out;
  };

  it.each([2, 3] as const)('RESP%i', async (protocol) => {
    const differing: string[] = [];
    const ours = await RawConnection.open(host.port);
    const theirs = await RawConnection.open(oracle.port);
    if (protocol === 3) {
      await ours.command('HELLO', '3');
      await theirs.command('HELLO', '3');
    }
    for (const name of names()) {
      const isContainer = host.server.commands.lookupFullName(name)?.subcommands !== undefined;
      for (const sub of ['INFO', 'DOCS']) {
        const a = await ours.command('COMMAND', sub, name);
        const b = await theirs.command('COMMAND', sub, name);
        if (isContainer) {
          // Only the order of subcommands may differ: compare the rest, and the sets of names.
          const da = decodeReply(Buffer.from(a, 'latin1'));
          const db = decodeReply(Buffer.from(b, 'latin1'));
          if (sub === 'INFO') {
            const ia = sortedSubcommands((da as RespValue[])[0]);
            const ib = sortedSubcommands((db as RespValue[])[0]);
            if (JSON.stringify((ia as RespValue[]).slice(0, 9)) !== JSON.stringify((ib as RespValue[]).slice(0, 9))) {
              differing.push(`COMMAND INFO ${name} (header)`);
            }
            const namesA = ((ia as RespValue[])[9] as RespValue[]).map((s) => String((s as RespValue[])[0]));
            const namesB = ((ib as RespValue[])[9] as RespValue[]).map((s) => String((s as RespValue[])[0]));
            if (namesA.join() !== namesB.join()) differing.push(`COMMAND INFO ${name}: ${namesA} vs ${namesB}`);
          } else if (protocol === 3) {
            const ma = ((da as RespMap).entries[0][1] as RespMap).entries;
            const mb = ((db as RespMap).entries[0][1] as RespMap).entries;
            const strip = (e: Array<[RespValue, RespValue]>): string =>
              JSON.stringify(canonical(new RespMap(e.filter(([k]) => String(k) !== 'subcommands'))));
            if (strip(ma) !== strip(mb)) differing.push(`COMMAND DOCS ${name} (header)`);
          }
        } else if (a !== b) {
          differing.push(`COMMAND ${sub} ${name}\n  ours:   ${JSON.stringify(a)}\n  theirs: ${JSON.stringify(b)}`);
        }
      }
    }
    ours.close();
    theirs.close();
    expect(differing).toEqual([]);
  });
});
