// Server commands against redis-server 7.0.15: INFO's sections and fields,
// MEMORY, DEBUG, LASTSAVE, ROLE, and the commands that reply a clear error
// until they are implemented (scripting, ACL, persistence, replication) or
// that Redis itself refuses without cluster mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeReply, RespVerbatim } from '../../src/resp/reply-parser';
import { RawClient, ServerPair, formatMismatches, typeOnly, type DiffInput } from '../harness';
import { notSupportedMessage } from '../../src/commands/unsupported';

let pair: ServerPair;

beforeAll(async () => {
  pair = await ServerPair.start({ config: { 'enable-debug-command': 'yes' } });
});
afterAll(async () => {
  await pair?.stop();
});

/** INFO's text as section titles and field names, values dropped. */
function infoShape(frame: Buffer): string {
  const value = decodeReply(frame);
  const text = value instanceof RespVerbatim ? value.text.toString() : Buffer.isBuffer(value) ? value.toString() : String(value);
  return text
    .split('\r\n')
    .map((line) => (line.startsWith('#') || line === '' ? line : line.slice(0, line.indexOf(':'))))
    .join('\n');
}

/** Keeps the reply's type and replaces volatile numbers in DEBUG OBJECT's line. */
function debugObjectShape(frame: Buffer): Buffer {
  return Buffer.from(
    frame
      .toString('latin1')
      .replace(/at:0x[0-9a-f]+/, 'at:ADDR')
      .replace(/lru:\d+ lru_seconds_idle:\d+/, 'lru:LRU')
      .replace(/serializedlength:\d+/, 'serializedlength:N'),
    'latin1',
  );
}

describe('INFO', () => {
  const sections = [
    [], ['default'], ['all'], ['everything'], ['server'], ['clients'], ['memory'], ['persistence'], ['stats'],
    ['replication'], ['cpu'], ['modules'], ['commandstats'], ['errorstats'], ['latencystats'], ['cluster'],
    ['keyspace'], ['nosuchsection'], ['SERVER', 'keyspace'], ['cpu', 'cpu'],
  ];
  it.each([2, 3] as const)('section titles and field names, in order (RESP%i)', async (resp) => {
    // Fill the sections that only list what exists, so both print the same lines.
    await pair.diff([['FLUSHALL'], ['SET', 'a', '1'], ['SELECT', '2'], ['SET', 'b', '2', 'EX', '100']], { resp });
    for (const args of sections) {
      const { redis, ours } = await pair.sendBoth(['INFO', ...args], { resp });
      // Commandstats, errorstats and latencystats list what ran: only their titles are compared.
      const strip = (shape: string) =>
        shape.replace(/(# (Commandstats|Errorstats|Latencystats)\n)[^#]*/g, '$1').replace(/^module\n/gm, '');
      expect(strip(infoShape(ours)), `INFO ${args.join(' ')}`).toBe(strip(infoShape(redis)));
      expect(ours[0]).toBe(redis[0]);
    }
  });

  it('keyspace line and pubsub counts match', async () => {
    const commands: DiffInput[] = [
      ['FLUSHALL'],
      ['SET', 'x', '1'],
      ['SET', 'y', '1', 'EX', '1000'],
      // avg_ttl is Redis's sampled estimate; the frame's length header goes with it.
      {
        args: ['INFO', 'keyspace'],
        normalize: (f) => Buffer.from(f.toString('latin1').replace(/avg_ttl=\d+/, 'avg_ttl=T').replace(/^[$=]\d+\r\n/, '')),
      },
      ['FLUSHALL'],
      ['INFO', 'keyspace'],
    ];
    for (const resp of [2, 3] as const) expect(formatMismatches(await pair.diff(commands, { resp }))).toBe('');
  });
});

describe('MEMORY', () => {
  const commands: DiffInput[] = [
    ['FLUSHALL'],
    ['SET', 'int', '123'],
    ['SET', 'bigint', '123456789012'],
    ['SET', 'short', 'hello'],
    ['SET', 'edge44', 'x'.repeat(44)],
    ['SET', 'edge45', 'x'.repeat(45)],
    ['SET', 'long', 'y'.repeat(300)],
    ['SET', 'k'.repeat(40), 'v'],
    ['MEMORY', 'USAGE', 'int'],
    ['MEMORY', 'USAGE', 'bigint'],
    ['MEMORY', 'USAGE', 'short'],
    ['MEMORY', 'USAGE', 'edge44'],
    ['MEMORY', 'USAGE', 'edge45'],
    ['MEMORY', 'USAGE', 'long'],
    ['MEMORY', 'USAGE', 'k'.repeat(40)],
    ['MEMORY', 'USAGE', 'short', 'SAMPLES', '0'],
    ['MEMORY', 'USAGE', 'short', 'SAMPLES', '10'],
    ['MEMORY', 'USAGE', 'nokey'],
    ['MEMORY', 'USAGE', 'short', 'SAMPLES'],
    ['MEMORY', 'USAGE', 'short', 'SAMPLES', 'x'],
    ['MEMORY', 'USAGE', 'short', 'SAMPLES', '-1'],
    ['MEMORY', 'USAGE', 'short', 'FOO'],
    ['MEMORY', 'USAGE'],
    ['MEMORY', 'HELP'],
    ['MEMORY', 'HELP', 'x'],
    ['MEMORY', 'PURGE'],
    ['MEMORY', 'DOCTOR'],
    ['MEMORY', 'NOSUCH'],
    ['MEMORY'],
    { args: ['MEMORY', 'STATS'], normalize: typeOnly },
    ['FLUSHALL'],
  ];
  it.each([2, 3] as const)('RESP%i', async (resp) => {
    expect(formatMismatches(await pair.diff(commands, { resp }))).toBe('');
  });
});

describe('DEBUG, LASTSAVE, ROLE', () => {
  const commands: DiffInput[] = [
    ['FLUSHALL'],
    ['SET', 'str', 'hello'],
    ['SET', 'num', '42'],
    ['SET', 'big', '100000'],
    ['SET', 'long', 'z'.repeat(50)],
    { args: ['DEBUG', 'OBJECT', 'str'], normalize: debugObjectShape },
    { args: ['DEBUG', 'OBJECT', 'num'], normalize: debugObjectShape },
    { args: ['DEBUG', 'OBJECT', 'big'], normalize: debugObjectShape },
    { args: ['DEBUG', 'OBJECT', 'long'], normalize: debugObjectShape },
    ['DEBUG', 'OBJECT', 'nokey'],
    ['DEBUG', 'OBJECT'],
    ['DEBUG', 'HELP'],
    ['DEBUG', 'nosuch'],
    ['DEBUG'],
    ['DEBUG', 'SLEEP', '0'],
    ['DEBUG', 'SLEEP', '0.01'],
    ['DEBUG', 'SLEEP', 'x'],
    ['DEBUG', 'SLEEP'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
    ['DEBUG', 'set-active-expire', '1'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE'],
    ['DEBUG', 'ERROR', 'MYERR custom'],
    ['DEBUG', 'ERROR'],
    ['DEBUG', 'LOG', 'from the test'],
    { args: ['LASTSAVE'], normalize: typeOnly },
    ['ROLE'],
    ['ROLE', 'x'],
    ['FLUSHALL'],
  ];
  it.each([2, 3] as const)('RESP%i', async (resp) => {
    expect(formatMismatches(await pair.diff(commands, { resp }))).toBe('');
  });

  it('DEBUG is refused unless enable-debug-command allows it', async () => {
    const plain = await ServerPair.start();
    try {
      const mismatches = await plain.diff([['DEBUG', 'SLEEP', '0'], ['DEBUG', 'HELP']], { resp: 2 });
      expect(formatMismatches(mismatches)).toBe('');
    } finally {
      await plain.stop();
    }
  });
});

describe('commands without cluster mode, and those not supported yet', () => {
  const clusterCommands: DiffInput[] = [
    ['CLUSTER', 'INFO'],
    ['CLUSTER', 'HELP'],
    ['CLUSTER', 'KEYSLOT', 'a'],
    ['CLUSTER', 'NOSUCH'],
    ['CLUSTER'],
    ['CLUSTER', 'SHARDS', 'x'],
    ['READONLY'],
    ['READWRITE'],
    ['ASKING'],
  ];
  const arityErrors: DiffInput[] = [
    ['EVAL'],
    ['EVALSHA', 'x'],
    ['FCALL', 'f'],
    ['FUNCTION'],
    ['FUNCTION', 'NOSUCH'],
    ['SCRIPT', 'NOSUCH'],
    ['ACL'],
    ['ACL', 'NOSUCH'],
    ['SAVE', 'x'],
    ['REPLICAOF', 'host'],
    ['SLAVEOF'],
    ['SYNC', 'x'],
  ];
  it.each([2, 3] as const)('RESP%i: cluster errors and arity errors as Redis', async (resp) => {
    expect(formatMismatches(await pair.diff([...clusterCommands, ...arityErrors], { resp }))).toBe('');
  });

  it('everything else replies one clear error', async () => {
    const cases: Array<[string[], string]> = [
      [['EVAL', 'return 1', '0'], 'eval'],
      [['EVALSHA', 'abc', '0'], 'evalsha'],
      [['FCALL', 'f', '0'], 'fcall'],
      [['FUNCTION', 'LIST'], 'function|list'],
      [['SCRIPT', 'FLUSH'], 'script|flush'],
      [['ACL', 'WHOAMI'], 'acl|whoami'],
      [['SAVE'], 'save'],
      [['BGSAVE'], 'bgsave'],
      [['BGREWRITEAOF'], 'bgrewriteaof'],
      [['REPLICAOF', 'NO', 'ONE'], 'replicaof'],
      [['FAILOVER'], 'failover'],
    ];
    for (const [args, name] of cases) {
      const client = await RawClient.connect(pair.ours.port);
      const ours = await client.send(args);
      client.close();
      expect(ours.toString(), args.join(' ')).toBe(`-${notSupportedMessage(name)}\r\n`);
    }
    expect(notSupportedMessage('function|list')).toBe('ERR FUNCTION LIST is not supported by redis-module-host yet');
  });
});
