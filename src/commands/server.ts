// Server commands: INFO FLUSHALL FLUSHDB DBSIZE TIME SHUTDOWN MONITOR MEMORY
// DEBUG LASTSAVE ROLE, and (from unsupported.ts) the commands we do not run yet.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import { defineCommand, defineContainer, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { sdsAllocSize } from '../keyspace/alloc';
import { stringEncoding, stringMemoryUsage } from '../keyspace/string';
import type { ShutdownFlag } from '../server/server';
import type { Entry } from '../keyspace/keyspace';
import { keyOf } from '../keyspace/keyspace';
import { renderInfo } from './info';
import { unsupportedCommands } from './unsupported';

const meta = {
  info: {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    docs: {
      summary: 'Get information and statistics about the server',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added support for taking multiple section arguments.']],
      arguments: [{ name: 'section', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  flushall: {
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@write', '@slow', '@dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Remove all keys from all databases',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the total number of keys in all databases',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        {
          name: 'async',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
            { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
          ],
        },
      ],
    },
  },
  flushdb: {
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@write', '@slow', '@dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Remove all keys from the current database',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of keys in the selected database',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        {
          name: 'async',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
            { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
          ],
        },
      ],
    },
  },
  dbsize: {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    docs: {
      summary: 'Return the number of keys in the selected database',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  time: {
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@fast'],
    tips: ['nondeterministic_output'],
    docs: { summary: 'Return the current server time', since: '2.6.0', group: 'server', complexity: 'O(1)' },
  },
  shutdown: {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous'],
    docs: {
      summary: 'Synchronously save the dataset to disk and then shut down the server',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
      history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
      arguments: [
        {
          name: 'nosave_save',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'nosave', type: 'pure-token', token: 'NOSAVE' },
            { name: 'save', type: 'pure-token', token: 'SAVE' },
          ],
        },
        { name: 'now', type: 'pure-token', token: 'NOW', since: '7.0.0', flags: ['optional'] },
        { name: 'force', type: 'pure-token', token: 'FORCE', since: '7.0.0', flags: ['optional'] },
        { name: 'abort', type: 'pure-token', token: 'ABORT', since: '7.0.0', flags: ['optional'] },
      ],
    },
  },
  monitor: {
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous'],
    docs: {
      summary: 'Listen for all requests received by the server in real time',
      since: '1.0.0',
      group: 'server',
    },
  },
  memory: {
    name: 'memory',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for memory diagnostics commands',
      since: '4.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
  },
  'memory|doctor': {
    name: 'memory|doctor',
    arity: 2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    docs: {
      summary: 'Outputs memory problems report',
      since: '4.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  'memory|help': {
    name: 'memory|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '4.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  'memory|malloc-stats': {
    name: 'memory|malloc-stats',
    arity: 2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    docs: {
      summary: 'Show allocator internal stats',
      since: '4.0.0',
      group: 'server',
      complexity: 'Depends on how much memory is allocated, could be slow',
    },
  },
  'memory|purge': {
    name: 'memory|purge',
    arity: 2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    docs: {
      summary: 'Ask the allocator to release memory',
      since: '4.0.0',
      group: 'server',
      complexity: 'Depends on how much memory is allocated, could be slow',
    },
  },
  'memory|stats': {
    name: 'memory|stats',
    arity: 2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    docs: { summary: 'Show memory usage details', since: '4.0.0', group: 'server', complexity: 'O(1)' },
  },
  'memory|usage': {
    name: 'memory|usage',
    arity: -3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@read', '@slow'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Estimate the memory usage of a key',
      since: '4.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of samples.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', token: 'SAMPLES', flags: ['optional'] },
      ],
    },
  },
  debug: {
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@slow', '@dangerous'],
    docs: {
      summary: 'A container for debugging commands',
      since: '1.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
      docFlags: ['syscmd'],
    },
  },
  lastsave: {
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@fast', '@dangerous'],
    tips: ['nondeterministic_output'],
    docs: {
      summary: 'Get the UNIX time stamp of the last successful save to disk',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  role: {
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@admin', '@fast', '@dangerous'],
    docs: {
      summary: 'Return the role of the instance in the context of replication',
      since: '2.8.12',
      group: 'server',
      complexity: 'O(1)',
    },
  },
} satisfies Record<string, CommandMeta>;

function info({ argv, server, reply }: Context): void {
  const sections: string[] = [];
  for (let i = 1; i < argv.length; i++) sections.push(argv[i].toString('latin1').toLowerCase());
  reply.verbatim(renderInfo(server, sections), 'txt');
}

/** FLUSHALL/FLUSHDB's optional ASYNC|SYNC; false after replying a syntax error. */
function flushModeValid({ argv, reply }: Context): boolean {
  if (argv.length > 2 || (argv.length === 2 && !equalsIgnoreCase(argv[1], 'sync') && !equalsIgnoreCase(argv[1], 'async'))) {
    reply.error('ERR syntax error');
    return false;
  }
  return true;
}

function flushall(ctx: Context): void {
  if (!flushModeValid(ctx)) return;
  ctx.server.keyspace.flushAll();
  ctx.reply.simple('OK');
}

function flushdb(ctx: Context): void {
  if (!flushModeValid(ctx)) return;
  ctx.client.db.clear();
  ctx.reply.simple('OK');
}

function dbsize({ client, reply }: Context): void {
  reply.integer(client.db.size);
}

function time({ reply }: Context): void {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const seconds = Math.floor(micros / 1e6);
  reply.arrayHeader(2);
  reply.bulk(String(seconds));
  reply.bulk(String(micros - seconds * 1e6));
}

function shutdown({ argv, server, reply }: Context): void {
  const flags: ShutdownFlag[] = [];
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (equalsIgnoreCase(arg, 'nosave')) flags.push('nosave');
    else if (equalsIgnoreCase(arg, 'save')) flags.push('save');
    else if (equalsIgnoreCase(arg, 'now')) flags.push('now');
    else if (equalsIgnoreCase(arg, 'force')) flags.push('force');
    else if (equalsIgnoreCase(arg, 'abort')) abort = true;
    else {
      reply.error('ERR syntax error');
      return;
    }
  }
  if ((abort && flags.length > 0) || (flags.includes('nosave') && flags.includes('save'))) {
    reply.error('ERR syntax error');
    return;
  }
  if (abort) {
    // Our shutdown never waits for replicas, so there is never one in progress to abort.
    reply.error('ERR No shutdown in progress.');
    return;
  }
  // Like Redis, the client gets no reply: its connection closes with the server.
  void server.shutdown('User requested shutdown...', flags);
}

// ---- MONITOR, LASTSAVE, ROLE ---------------------------------------------

function monitor({ client, server, reply }: Context): void {
  // A client that needs one reply per command (inside EXEC, scripts) cannot stream the feed.
  if (client.denyBlocking) {
    reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  // As Redis: a second MONITOR is ignored, without a reply.
  if (server.monitor.has(client)) return;
  server.monitor.add(client);
  reply.simple('OK');
}

function lastsave({ server, reply }: Context): void {
  // Nothing is ever saved: Redis reports its start time until the first save.
  reply.integer(Math.floor(server.startedAt / 1000));
}

function role({ reply }: Context): void {
  reply.arrayHeader(3);
  reply.bulk('master');
  reply.integer(0);
  reply.arrayHeader(0);
}

// ---- MEMORY -----------------------------------------------------------------

const MEMORY_HELP_LINES = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];



const ROBJ_SIZE = 16;
const DICT_ENTRY_SIZE = 24;

/** What the value types expose to MEMORY and DEBUG (each type class has them). */
interface Introspectable {
  encoding?: string | number;
  memoryUsage?(): number;
}

function valueSize(entry: Entry): number {
  const value = entry.value;
  if (value instanceof Uint8Array) return stringMemoryUsage(entry);
  return (value as Introspectable).memoryUsage?.() ?? ROBJ_SIZE;
}

function valueEncoding(entry: Entry): string {
  const value = entry.value;
  if (value instanceof Uint8Array) return stringEncoding(entry);
  const encoding = (value as Introspectable).encoding;
  return typeof encoding === 'string' ? encoding : 'raw';
}

/** Redis's syntax error for a known subcommand with the wrong arguments. */
function subcommandSyntaxError({ argv, reply }: Context): void {
  reply.error(
    `ERR unknown subcommand or wrong number of arguments for '${argv[1].toString('latin1')}'. ` +
      `Try ${argv[0].toString('latin1').toUpperCase()} HELP.`,
  );
}

function memoryUsage({ argv, client, server, reply }: Context): void {
  for (let j = 3; j < argv.length; j++) {
    if (equalsIgnoreCase(argv[j], 'samples') && j + 1 < argv.length) {
      const samples = parseInteger(argv[j + 1]);
      if (samples === null) {
        reply.error('ERR value is not an integer or out of range');
        return;
      }
      if (samples < 0) {
        reply.error('ERR syntax error');
        return;
      }
      // Our sizes are computed, not sampled: the count changes nothing.
      j++;
    } else {
      reply.error('ERR syntax error');
      return;
    }
  }
  const keyspace = server.keyspace;
  const touched = keyspace.noTouch;
  keyspace.noTouch = true;
  const entry = client.db.lookupRead(keyOf(argv[2]));
  keyspace.noTouch = touched;
  if (entry === undefined) {
    reply.nullBulk();
    return;
  }
  reply.integer(valueSize(entry) + sdsAllocSize(argv[2].length) + DICT_ENTRY_SIZE);
}

function memoryDoctor({ server, reply }: Context): void {
  const mem = process.memoryUsage();
  // Redis's doctor has nothing to say below 5 MB allocated; our measure is what grew since start-up.
  const text =
    mem.heapUsed + mem.external - server.infoCounters.startupMemory < 5 * 1024 * 1024
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. " +
        'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming ' +
        'as soon as I finished rebooting.\n'
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  reply.verbatim(text, 'txt');
}

function memoryMallocStats({ reply }: Context): void {
  reply.verbatim('Stats not supported for the current allocator', 'txt');
}

function memoryPurge({ reply }: Context): void {
  reply.simple('OK');
}

function memoryStats({ server, reply }: Context): void {
  const mem = process.memoryUsage();
  const used = mem.heapUsed + mem.external;
  const counters = server.infoCounters;
  counters.peakMemory = Math.max(counters.peakMemory, used);
  const startup = Math.min(counters.startupMemory, used);
  const dbs = server.keyspace.dbs.filter((db) => db.size > 0);
  let keys = 0;
  for (const db of dbs) keys += db.size;
  const dataset = used - startup;
  reply.mapHeader(27 + dbs.length);
  const field = (name: string, value: number): void => {
    reply.bulk(name);
    reply.integer(value);
  };
  const ratio = (name: string, value: number): void => {
    reply.bulk(name);
    reply.double(value);
  };
  field('peak.allocated', counters.peakMemory);
  field('total.allocated', used);
  field('startup.allocated', startup);
  field('replication.backlog', 0);
  field('clients.slaves', 0);
  field('clients.normal', 0);
  field('cluster.links', 0);
  field('aof.buffer', 0);
  field('lua.caches', 0);
  field('functions.caches', 0);
  for (const db of dbs) {
    reply.bulk(`db.${db.index}`);
    reply.mapHeader(3);
    field('overhead.hashtable.main', db.size * DICT_ENTRY_SIZE);
    field('overhead.hashtable.expires', db.expiresCount * DICT_ENTRY_SIZE);
    field('overhead.hashtable.slot-to-keys', 0);
  }
  field('overhead.total', startup);
  field('keys.count', keys);
  field('keys.bytes-per-key', keys === 0 ? 0 : Math.floor((used - startup) / keys));
  field('dataset.bytes', dataset);
  ratio('dataset.percentage', used === startup ? 0 : (dataset * 100) / (used - startup));
  ratio('peak.percentage', (used * 100) / counters.peakMemory);
  field('allocator.allocated', used);
  field('allocator.active', used);
  field('allocator.resident', mem.rss);
  ratio('allocator-fragmentation.ratio', 1);
  field('allocator-fragmentation.bytes', 0);
  ratio('allocator-rss.ratio', mem.rss / used);
  field('allocator-rss.bytes', mem.rss - used);
  ratio('rss-overhead.ratio', 1);
  field('rss-overhead.bytes', 0);
  ratio('fragmentation', mem.rss / used);
  field('fragmentation.bytes', mem.rss - used);
}

function memoryHelp({ reply }: Context): void {
  reply.arrayHeader(MEMORY_HELP_LINES.length);
  for (const line of MEMORY_HELP_LINES) reply.simple(line);
}

// ---- DEBUG ------------------------------------------------------------------

const DEBUG_HELP_LINES = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  '    Like HTSTATS but for the hash table stored at <key>\'s value.',
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'MALLCTL <key> [<val>]',
  '    Get or set a malloc tuning integer.',
  'MALLCTL-STR <key> [<val>]',
  '    Get or set a malloc tuning string.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
  'HELP',
  '    Prints this help.',
];

const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", ' +
  'you can run it from a local connection, otherwise you need to set this option in the ' +
  'configuration file, and then restart the server.';

/**
 * A DEBUG subcommand: replies and returns true, or returns false when the
 * arguments do not fit (DEBUG then replies Redis's syntax error).
 */
export type DebugSubcommand = (ctx: Context) => boolean;

/** DEBUG's subcommands by lower-case name; other families add theirs (DIGEST, ...). */
export const debugSubcommands = new Map<string, DebugSubcommand>();

/** Blocks the whole process, as DEBUG SLEEP blocks Redis. */
function sleepSync(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** C's strtod/atoi as Redis uses them here: a leading number, else 0. */
function leadingNumber(arg: Buffer): number {
  const match = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(arg.toString('latin1'));
  return match === null ? 0 : Number(match[0]);
}

/** Length of a string value in an RDB file (no LZF compression: an estimate for long strings). */
function serializedStringLength(entry: Entry): number {
  const value = entry.value as Buffer;
  if (stringEncoding(entry) === 'int') {
    const n = Number(value.toString('latin1'));
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648 && n <= 2147483647) return 5;
  }
  const len = value.length;
  return (len < 64 ? 1 : len < 16384 ? 2 : 5) + len;
}

/** Redis keeps integers below 10000 as shared objects, with this refcount. */
const OBJ_SHARED_REFCOUNT = 2147483647;

debugSubcommands.set('help', ({ argv, reply }) => {
  if (argv.length !== 2) return false;
  reply.arrayHeader(DEBUG_HELP_LINES.length);
  for (const line of DEBUG_HELP_LINES) reply.simple(line);
  return true;
});
debugSubcommands.set('sleep', ({ argv, reply }) => {
  if (argv.length !== 3) return false;
  sleepSync(leadingNumber(argv[2]) * 1000);
  reply.simple('OK');
  return true;
});
debugSubcommands.set('set-active-expire', ({ argv, server, reply }) => {
  if (argv.length !== 3) return false;
  server.keyspace.activeExpire = Math.trunc(leadingNumber(argv[2])) !== 0;
  reply.simple('OK');
  return true;
});
debugSubcommands.set('error', ({ argv, reply }) => {
  if (argv.length !== 3) return false;
  reply.error(argv[2].toString('latin1'));
  return true;
});
debugSubcommands.set('log', ({ argv, server, reply }) => {
  if (argv.length !== 3) return false;
  server.logger.log('warning', `DEBUG LOG: ${argv[2].toString('latin1')}`);
  reply.simple('OK');
  return true;
});
debugSubcommands.set('object', ({ argv, client, reply }) => {
  if (argv.length !== 3) return false;
  const entry = client.db.lookup(keyOf(argv[2]));
  if (entry === undefined) {
    reply.error('ERR no such key');
    return true;
  }
  const isString = entry.value instanceof Uint8Array;
  const encoding = valueEncoding(entry);
  const shared = isString && encoding === 'int' && Number((entry.value as Buffer).toString('latin1')) >= 0 &&
    Number((entry.value as Buffer).toString('latin1')) < 10000;
  const serialized = isString ? serializedStringLength(entry) : valueSize(entry);
  const lruSeconds = Math.floor(entry.lru / 1000) & 0xffffff;
  const idle = Math.max(0, Math.floor((Date.now() - entry.lru) / 1000));
  // No real address exists: a stable made-up one per key keeps the format.
  const address = (0x7f0000000000 + (hashKey(argv[2]) & 0xffffff) * 16).toString(16);
  reply.simple(
    `Value at:0x${address} refcount:${shared ? OBJ_SHARED_REFCOUNT : 1} encoding:${encoding} ` +
      `serializedlength:${serialized} lru:${lruSeconds} lru_seconds_idle:${idle}`,
  );
  return true;
});

function hashKey(key: Buffer): number {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = ((h * 33) ^ key[i]) >>> 0;
  return h;
}

function debug(ctx: Context): void {
  const { argv, client, server, reply } = ctx;
  const gate = server.config.enableDebugCommand;
  if (gate === 'no' || (gate === 'local' && !client.isLocal())) {
    reply.error(DEBUG_NOT_ALLOWED);
    return;
  }
  const name = argv[1].toString('latin1').toLowerCase();
  const sub = debugSubcommands.get(name);
  if (sub === undefined) {
    // A real Redis subcommand we do not run, or a made-up name: Redis's own reply for unknown ones.
    if (DEBUG_HELP_LINES.some((line) => line.toLowerCase().startsWith(name + ' ') || line.toLowerCase() === name)) {
      reply.error(`ERR DEBUG ${name.toUpperCase()} is not supported by redis-module-host yet`);
    } else {
      subcommandSyntaxError(ctx);
    }
    return;
  }
  if (!sub(ctx)) subcommandSyntaxError(ctx);
}

export const serverCommands: Command[] = [
  defineCommand(meta.info, info),
  defineCommand(meta.flushall, flushall),
  defineCommand(meta.flushdb, flushdb),
  defineCommand(meta.dbsize, dbsize),
  defineCommand(meta.time, time),
  defineCommand(meta.shutdown, shutdown),
  defineCommand(meta.monitor, monitor),
  defineCommand(meta.lastsave, lastsave),
  defineCommand(meta.role, role),
  defineCommand(meta.debug, debug),
  defineContainer(meta.memory, [
    defineCommand(meta['memory|usage'], memoryUsage),
    defineCommand(meta['memory|doctor'], memoryDoctor),
    defineCommand(meta['memory|stats'], memoryStats),
    defineCommand(meta['memory|malloc-stats'], memoryMallocStats),
    defineCommand(meta['memory|purge'], memoryPurge),
    defineCommand(meta['memory|help'], memoryHelp),
  ]),
  ...unsupportedCommands,
];
