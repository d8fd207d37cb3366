// DUMP and RESTORE (values in Redis's RDB payload format, src/keyspace/rdb.ts),
// and DEBUG's DIGEST and DIGEST-VALUE subcommands (src/keyspace/digest.ts),
// which register themselves with DEBUG when this module loads.
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { debugSubcommands } from './server';
import { NOTIFY, keyOf } from '../keyspace/keyspace';
import { createDumpPayload, loadDumpPayload, verifyDumpPayload, type LoadOptions } from '../keyspace/rdb';
import { datasetDigest, valueDigest } from '../keyspace/digest';
import type { Server } from '../server/server';

const ERR_SYNTAX = 'ERR syntax error';
const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
/** Redis keeps the LRU clock in 24 bits of seconds: longer idle times wrap. */
const LRU_CLOCK_MAX = 1 << 24;

const meta: Record<'dump' | 'restore', CommandMeta> = {
  dump: {
    name: 'dump',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return a serialized version of the value stored at the specified key.',
      since: '2.6.0',
      group: 'generic',
      complexity:
        'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  restore: {
    name: 'restore',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@slow', '@dangerous'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Create a key using the provided serialized value, previously obtained using DUMP.',
      since: '2.6.0',
      group: 'generic',
      complexity:
        'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
      history: [
        ['3.0.0', 'Added the `REPLACE` modifier.'],
        ['5.0.0', 'Added the `ABSTTL` modifier.'],
        ['5.0.0', 'Added the `IDLETIME` and `FREQ` options.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'ttl', type: 'integer' },
        { name: 'serialized-value', type: 'string' },
        { name: 'replace', type: 'pure-token', token: 'REPLACE', since: '3.0.0', flags: ['optional'] },
        { name: 'absttl', type: 'pure-token', token: 'ABSTTL', since: '5.0.0', flags: ['optional'] },
        { name: 'seconds', type: 'integer', token: 'IDLETIME', since: '5.0.0', flags: ['optional'] },
        { name: 'frequency', type: 'integer', token: 'FREQ', since: '5.0.0', flags: ['optional'] },
      ],
    },
  },
};

function configNumber(server: Server, name: string, fallback: number): number {
  const text = server.config.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isFinite(n) ? n : fallback;
}

function loadOptions(server: Server): LoadOptions {
  return {
    listFill: configNumber(server, 'list-max-listpack-size', -2),
    hashLimits: {
      maxListpackEntries: configNumber(server, 'hash-max-listpack-entries', 128),
      maxListpackValue: configNumber(server, 'hash-max-listpack-value', 64),
    },
    setMaxIntsetEntries: configNumber(server, 'set-max-intset-entries', 512),
    zsetMaxListpackEntries: configNumber(server, 'zset-max-listpack-entries', 128),
    zsetMaxListpackValue: configNumber(server, 'zset-max-listpack-value', 64),
  };
}

function dump({ argv, client, server, reply }: Context): void {
  const entry = client.db.lookupRead(keyOf(argv[1]));
  if (entry === undefined) {
    reply.nullBulk();
    return;
  }
  const payload = createDumpPayload(entry.value, {
    compression: server.config.get('rdbcompression') !== 'no',
    listCompressDepth: configNumber(server, 'list-compress-depth', 0),
  });
  if (payload === null) {
    reply.error('ERR DUMP of module values is not supported by redis-module-host yet');
    return;
  }
  reply.bulk(payload);
}

function restore({ argv, client, server, reply }: Context): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const arg = argv[j];
    const more = argv.length - j - 1;
    if (equalsIgnoreCase(arg, 'replace')) {
      replace = true;
    } else if (equalsIgnoreCase(arg, 'absttl')) {
      absttl = true;
    } else if (equalsIgnoreCase(arg, 'idletime') && more >= 1 && freq === -1) {
      const n = parseInteger(argv[++j]);
      if (n === null) return void reply.error(ERR_NOT_INTEGER);
      if (n < 0) return void reply.error('ERR Invalid IDLETIME value, must be >= 0');
      idle = n;
    } else if (equalsIgnoreCase(arg, 'freq') && more >= 1 && idle === -1) {
      const n = parseInteger(argv[++j]);
      if (n === null) return void reply.error(ERR_NOT_INTEGER);
      if (n < 0 || n > 255) return void reply.error('ERR Invalid FREQ value, must be >= 0 and <= 255');
      freq = n;
    } else {
      return void reply.error(ERR_SYNTAX);
    }
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  if (!replace && db.lookupWrite(key) !== undefined) {
    return void reply.error('BUSYKEY Target key name already exists.');
  }
  let ttl = parseInteger(argv[2]);
  if (ttl === null) return void reply.error(ERR_NOT_INTEGER);
  if (ttl < 0) return void reply.error('ERR Invalid TTL value, must be >= 0');
  const payload = argv[3];
  if (!verifyDumpPayload(payload)) {
    return void reply.error('ERR DUMP payload version or checksum are wrong');
  }
  const value = loadDumpPayload(payload, loadOptions(server));
  if (value === null) return void reply.error('ERR Bad data format');

  const deleted = replace ? db.delete(key) : false;
  const now = Date.now();
  if (ttl !== 0 && !absttl) ttl += now;
  if (ttl !== 0 && ttl <= now) {
    // Already expired: the key is not created; a replaced one is gone.
    if (deleted) db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    reply.simple('OK');
    return;
  }
  const entry = db.add(key, value);
  if (ttl !== 0) db.setExpiry(key, ttl);
  // objectSetLRUOrLFU: only the option that the eviction policy tracks counts.
  const policy = server.config.get('maxmemory-policy') ?? 'noeviction';
  if (policy.endsWith('-lfu')) {
    if (freq >= 0) entry.freq = freq;
  } else if (idle >= 0) {
    entry.lru = now - (idle % LRU_CLOCK_MAX) * 1000;
  }
  db.notify(NOTIFY.GENERIC, 'restore', argv[1]);
  reply.simple('OK');
}

const hex = (digest: Buffer): string => digest.toString('hex');

debugSubcommands.set('digest', ({ argv, server, reply }) => {
  if (argv.length !== 2) return false;
  reply.simple(hex(datasetDigest(server.keyspace)));
  return true;
});

debugSubcommands.set('digest-value', ({ argv, client, reply }) => {
  reply.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) reply.simple(hex(valueDigest(client.db.lookup(keyOf(argv[j])))));
  return true;
});

export const dumpCommands: Command[] = [defineCommand(meta.dump, dump), defineCommand(meta.restore, restore)];
