// The config directives of Redis 7.0.15 as facts: names, aliases, types, bounds, defaults
// and mutability. Taken from Debian's redis-server 7.0.15 (`CONFIG GET *` on a server
// started without a config file) and Redis's config.c table. Debian builds with TLS, so
// the tls-* directives exist; it links the system jemalloc, so `activedefrag yes` fails.
//
// Machine-dependent values: `dir` is the process's working directory; `port` and `bind`
// take our product's defaults (see below).

/** Integer storage types: they decide how out-of-range values are compared and shown. */
export type NumericStorage =
  | 'int'
  | 'uint'
  | 'long'
  | 'ulong'
  | 'longlong'
  | 'ulonglong'
  | 'size_t'
  | 'ssize_t'
  | 'off_t'
  | 'time_t';

export const INT_MIN = -2147483648n;
export const INT_MAX = 2147483647n;
export const UINT_MAX = 4294967295n;
export const LONG_MAX = 9223372036854775807n;
export const LLONG_MAX = LONG_MAX;
export const SSIZE_MAX = LONG_MAX;
export const ULLONG_MAX = 18446744073709551615n;

export interface DirectiveFlags {
  /** CONFIG SET refuses it: "can't set immutable config". */
  immutable: boolean;
  /** CONFIG SET needs enable-protected-configs: "can't set protected config". */
  protected: boolean;
  /** Not listed by CONFIG GET patterns; an exact name still finds it. */
  hidden: boolean;
  /** Its value is a secret (masked in logs and monitors). */
  sensitive: boolean;
  /** Takes several arguments in a config file; CONFIG SET splits its value on spaces. */
  multiArg: boolean;
}

interface DirectiveBase {
  name: string;
  alias?: string;
  flags: DirectiveFlags;
  /** True when redis-module-host changes its behaviour according to this directive. */
  actedOn: boolean;
}

export interface BoolDirective extends DirectiveBase {
  kind: 'bool';
  default: boolean;
  /** Returns an error string when the value is refused. */
  validate?: (value: boolean) => string | null;
}

export interface StringDirective extends DirectiveBase {
  kind: 'string';
  default: string | null;
  /** An empty value is stored as "unset" (Redis's EMPTY_STRING_IS_NULL). */
  emptyIsNull: boolean;
  validate?: (value: string) => string | null;
}

export interface EnumDirective extends DirectiveBase {
  kind: 'enum';
  /** Names with their numeric values, in Redis's order; several names may share a value. */
  values: ReadonlyArray<readonly [string, number]>;
  default: number;
  /** Several names may be given at once and their values OR'ed (shutdown-on-sig*). */
  bitflags: boolean;
  validate?: (value: number) => string | null;
}

export interface NumericDirective extends DirectiveBase {
  kind: 'numeric';
  storage: NumericStorage;
  min: bigint;
  max: bigint;
  default: bigint;
  /** Accepts 1k/1kb/1m/1mb/1g/1gb units. */
  memory: boolean;
  /** Accepts "N%" (stored negated). */
  percent: boolean;
  /** Written and read in octal. */
  octal: boolean;
}

/** Directives whose parsing, storage and display are their own (save, bind, dir, ...). */
export interface SpecialDirective extends DirectiveBase {
  kind: 'special';
}

export type Directive =
  | BoolDirective
  | StringDirective
  | EnumDirective
  | NumericDirective
  | SpecialDirective;

/** Our product listens on loopback only unless told otherwise (Redis binds "* -::*"). */
export const DEFAULT_BIND: readonly string[] = ['127.0.0.1'];
export const DEFAULT_SAVE: ReadonlyArray<readonly [number, number]> = [
  [3600, 1],
  [300, 100],
  [60, 10000],
];
export const MIN_HZ = 1;
export const MAX_HZ = 500;

/** Flag words as Redis's table spells them; a directive is mutable unless IMMUTABLE. */
type FlagWord = 'IMMUTABLE' | 'PROTECTED' | 'HIDDEN' | 'SENSITIVE' | 'MULTI_ARG';

function flagsOf(words: readonly FlagWord[]): DirectiveFlags {
  return {
    immutable: words.includes('IMMUTABLE'),
    protected: words.includes('PROTECTED'),
    hidden: words.includes('HIDDEN'),
    sensitive: words.includes('SENSITIVE'),
    multiArg: words.includes('MULTI_ARG'),
  };
}

/** Directive names redis-module-host acts on; every other one is stored and shown only. */
const ACTED_ON = new Set([
  'port',
  'bind',
  'databases',
  'requirepass',
  'loglevel',
  'logfile',
  'enable-module-command',
  'maxclients',
  'timeout',
  'protected-mode',
  'proto-max-bulk-len',
  'client-query-buffer-limit',
  'dir',
  'pidfile',
  'daemonize',
  'notify-keyspace-events',
  'maxmemory',
  'hz',
  'enable-protected-configs',
  'enable-debug-command',
  'syslog-enabled',
]);

function base(name: string, alias: string | undefined, words: readonly FlagWord[]): DirectiveBase {
  return { name, alias, flags: flagsOf(words), actedOn: ACTED_ON.has(name) };
}

function bool(
  name: string,
  alias: string | undefined,
  words: readonly FlagWord[],
  dflt: boolean,
  validate?: (value: boolean) => string | null,
): BoolDirective {
  return { ...base(name, alias, words), kind: 'bool', default: dflt, validate };
}

function str(
  name: string,
  alias: string | undefined,
  words: readonly FlagWord[],
  emptyIsNull: boolean,
  dflt: string | null,
  validate?: (value: string) => string | null,
): StringDirective {
  return { ...base(name, alias, words), kind: 'string', default: dflt, emptyIsNull, validate };
}

function enm(
  name: string,
  words: readonly FlagWord[],
  values: ReadonlyArray<readonly [string, number]>,
  dflt: number,
  validate?: (value: number) => string | null,
): EnumDirective {
  const bitflags = words.includes('MULTI_ARG');
  return { ...base(name, undefined, words), kind: 'enum', values, default: dflt, bitflags, validate };
}

const SHUTDOWN_FLAGS: ReadonlyArray<readonly [string, number]> = [
  ['default', 0],
  ['save', 1],
  ['nosave', 2],
  ['now', 4],
  ['force', 8],
];

function validateShutdownFlags(flags: number): string | null {
  return (flags & 1) !== 0 && (flags & 2) !== 0
    ? "shutdown options SAVE and NOSAVE can't be used simultaneously"
    : null;
}

type NumFormat = 'integer' | 'memory' | 'memory|percent' | 'octal';

function num(
  storage: NumericStorage,
  name: string,
  alias: string | undefined,
  words: readonly FlagWord[],
  min: bigint,
  max: bigint,
  dflt: bigint,
  format: NumFormat = 'integer',
): NumericDirective {
  return {
    ...base(name, alias, words),
    kind: 'numeric',
    storage,
    min,
    max,
    default: dflt,
    memory: format === 'memory' || format === 'memory|percent',
    percent: format === 'memory|percent',
    octal: format === 'octal',
  };
}

function special(name: string, alias: string | undefined, words: readonly FlagWord[]): SpecialDirective {
  return { ...base(name, alias, words), kind: 'special' };
}

const NO_YES_LOCAL: ReadonlyArray<readonly [string, number]> = [
  ['no', 0],
  ['yes', 1],
  ['local', 2],
];

export const LOGLEVELS: ReadonlyArray<readonly [string, number]> = [
  ['debug', 0],
  ['verbose', 1],
  ['notice', 2],
  ['warning', 3],
];

function isBaseName(path: string): boolean {
  return !path.includes('/') && !path.includes('\\');
}

function validateHostname(value: string): string | null {
  if (value.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(value)) {
    return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  }
  return null;
}

const PROC_TITLE_VARIABLES = new Set([
  'title',
  'listen-addr',
  'server-mode',
  'port',
  'tls-port',
  'unixsocket',
  'config-file',
]);

/** The template must only name known variables and expand to something non-blank. */
function validateProcTitleTemplate(template: string): string | null {
  const invalid = 'template format is invalid or contains unknown variables';
  let expanded = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      if (close < 0) return invalid;
      const variable = template.slice(i + 1, close);
      if (!PROC_TITLE_VARIABLES.has(variable)) return invalid;
      // Variables expand to placeholders: only emptiness of the result matters here.
      expanded += variable === 'title' ? 'x' : '';
      i = close;
    } else if (ch === '}') {
      if (template[i + 1] !== '}') return invalid;
      expanded += '}';
      i++;
    } else {
      expanded += ch;
    }
  }
  return expanded.trim().length === 0 ? invalid : null;
}

/** All directives, primary entries only; aliases are listed on their primary. */
export const DIRECTIVES: readonly Directive[] = [
  // Booleans
  bool('rdbchecksum', undefined, ['IMMUTABLE'], true),
  bool('daemonize', undefined, ['IMMUTABLE'], false),
  bool('io-threads-do-reads', undefined, ['IMMUTABLE'], false),
  bool('always-show-logo', undefined, ['IMMUTABLE'], false),
  bool('protected-mode', undefined, [], true),
  bool('rdbcompression', undefined, [], true),
  bool('rdb-del-sync-files', undefined, [], false),
  bool('activerehashing', undefined, [], true),
  bool('stop-writes-on-bgsave-error', undefined, [], true),
  bool('set-proc-title', undefined, ['IMMUTABLE'], true),
  bool('dynamic-hz', undefined, [], true),
  bool('lazyfree-lazy-eviction', undefined, [], false),
  bool('lazyfree-lazy-expire', undefined, [], false),
  bool('lazyfree-lazy-server-del', undefined, [], false),
  bool('lazyfree-lazy-user-del', undefined, [], false),
  bool('lazyfree-lazy-user-flush', undefined, [], false),
  bool('repl-disable-tcp-nodelay', undefined, [], false),
  bool('repl-diskless-sync', undefined, [], true),
  bool('aof-rewrite-incremental-fsync', undefined, [], true),
  bool('no-appendfsync-on-rewrite', undefined, [], false),
  bool('cluster-require-full-coverage', undefined, [], true),
  bool('rdb-save-incremental-fsync', undefined, [], true),
  bool('aof-load-truncated', undefined, [], true),
  bool('aof-use-rdb-preamble', undefined, [], true),
  bool('aof-timestamp-enabled', undefined, [], false),
  bool('cluster-replica-no-failover', 'cluster-slave-no-failover', [], false),
  bool('replica-lazy-flush', 'slave-lazy-flush', [], false),
  bool('replica-serve-stale-data', 'slave-serve-stale-data', [], true),
  bool('replica-read-only', 'slave-read-only', [], true),
  bool('replica-ignore-maxmemory', 'slave-ignore-maxmemory', [], true),
  bool('jemalloc-bg-thread', undefined, [], true),
  bool('activedefrag', undefined, [], false, (on) =>
    on
      ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
      : null,
  ),
  bool('syslog-enabled', undefined, ['IMMUTABLE'], false),
  bool('cluster-enabled', undefined, ['IMMUTABLE'], false),
  bool('appendonly', undefined, [], false),
  bool('cluster-allow-reads-when-down', undefined, [], false),
  bool('cluster-allow-pubsubshard-when-down', undefined, [], true),
  bool('crash-log-enabled', undefined, [], true),
  bool('crash-memcheck-enabled', undefined, [], true),
  bool('use-exit-on-panic', undefined, ['HIDDEN'], false),
  bool('disable-thp', undefined, ['IMMUTABLE'], true),
  bool('cluster-allow-replica-migration', undefined, [], true),
  bool('replica-announced', undefined, [], true),
  bool('latency-tracking', undefined, [], true),
  bool('aof-disable-auto-gc', undefined, [], false),
  bool('replica-ignore-disk-write-errors', undefined, [], false),
  bool('tls-cluster', undefined, [], false),
  bool('tls-replication', undefined, [], false),
  bool('tls-prefer-server-ciphers', undefined, [], false),
  bool('tls-session-caching', undefined, [], true),

  // Strings
  str('aclfile', undefined, ['IMMUTABLE'], false, ''),
  str('unixsocket', undefined, ['IMMUTABLE'], true, null),
  str('pidfile', undefined, ['IMMUTABLE'], true, null),
  str('replica-announce-ip', 'slave-announce-ip', [], true, null),
  str('masteruser', undefined, ['SENSITIVE'], true, null),
  str('cluster-announce-ip', undefined, [], true, null),
  str('cluster-config-file', undefined, ['IMMUTABLE'], false, 'nodes.conf'),
  str('cluster-announce-hostname', undefined, [], true, null, validateHostname),
  str('syslog-ident', undefined, ['IMMUTABLE'], false, 'redis'),
  str('dbfilename', undefined, ['PROTECTED'], false, 'dump.rdb', (v) =>
    isBaseName(v) ? null : "dbfilename can't be a path, just a filename",
  ),
  str('appendfilename', undefined, ['IMMUTABLE'], false, 'appendonly.aof', (v) => {
    if (v === '') return "appendfilename can't be empty";
    return isBaseName(v) ? null : "appendfilename can't be a path, just a filename";
  }),
  str('appenddirname', undefined, ['IMMUTABLE'], false, 'appendonlydir', (v) => {
    if (v === '') return "appenddirname can't be empty";
    return isBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
  }),
  str('server_cpulist', undefined, ['IMMUTABLE'], true, null),
  str('bio_cpulist', undefined, ['IMMUTABLE'], true, null),
  str('aof_rewrite_cpulist', undefined, ['IMMUTABLE'], true, null),
  str('bgsave_cpulist', undefined, ['IMMUTABLE'], true, null),
  str('ignore-warnings', undefined, [], false, ''),
  str(
    'proc-title-template',
    undefined,
    [],
    false,
    '{title} {listen-addr} {server-mode}',
    validateProcTitleTemplate,
  ),
  str('bind-source-addr', undefined, [], true, null),
  str('logfile', undefined, ['IMMUTABLE'], false, ''),
  str('masterauth', undefined, ['SENSITIVE'], true, null),
  str('requirepass', undefined, ['SENSITIVE'], true, null),
  str('tls-cert-file', undefined, [], true, null),
  str('tls-key-file', undefined, [], true, null),
  str('tls-key-file-pass', undefined, [], true, null),
  str('tls-client-cert-file', undefined, [], true, null),
  str('tls-client-key-file', undefined, [], true, null),
  str('tls-client-key-file-pass', undefined, [], true, null),
  str('tls-dh-params-file', undefined, [], true, null),
  str('tls-ca-cert-file', undefined, [], true, null),
  str('tls-ca-cert-dir', undefined, [], true, null),
  str('tls-protocols', undefined, [], true, null),
  str('tls-ciphers', undefined, [], true, null),
  str('tls-ciphersuites', undefined, [], true, null),

  // Enums
  enm('supervised', ['IMMUTABLE'], [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], 0),
  enm(
    'syslog-facility',
    ['IMMUTABLE'],
    [
      ['user', 8],
      ['local0', 128],
      ['local1', 136],
      ['local2', 144],
      ['local3', 152],
      ['local4', 160],
      ['local5', 168],
      ['local6', 176],
      ['local7', 184],
    ],
    128,
  ),
  enm('repl-diskless-load', [], [['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]], 0),
  enm('loglevel', [], LOGLEVELS, 2),
  enm(
    'maxmemory-policy',
    [],
    [
      ['volatile-lru', 1],
      ['volatile-lfu', 2],
      ['volatile-random', 3],
      ['volatile-ttl', 4],
      ['allkeys-lru', 5],
      ['allkeys-lfu', 6],
      ['allkeys-random', 7],
      ['noeviction', 8],
    ],
    8,
  ),
  enm('appendfsync', [], [['everysec', 2], ['always', 1], ['no', 0]], 2),
  enm('oom-score-adj', [], [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]], 0),
  enm('acl-pubsub-default', [], [['allchannels', 1], ['resetchannels', 0]], 0),
  enm('sanitize-dump-payload', [], [['no', 0], ['yes', 1], ['clients', 2]], 0),
  enm('enable-protected-configs', ['IMMUTABLE'], NO_YES_LOCAL, 0),
  enm('enable-debug-command', ['IMMUTABLE'], NO_YES_LOCAL, 0),
  enm('enable-module-command', ['IMMUTABLE'], NO_YES_LOCAL, 0),
  enm(
    'cluster-preferred-endpoint-type',
    [],
    [['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]],
    0,
  ),
  enm('tls-auth-clients', [], [['no', 0], ['yes', 1], ['optional', 2]], 1),
  enm('propagation-error-behavior', [], [['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]], 0),
  enm('shutdown-on-sigint', ['MULTI_ARG'], SHUTDOWN_FLAGS, 0, validateShutdownFlags),
  enm('shutdown-on-sigterm', ['MULTI_ARG'], SHUTDOWN_FLAGS, 0, validateShutdownFlags),

  // Integers
  num('int', 'databases', undefined, ['IMMUTABLE'], 1n, INT_MAX, 16n),
  num('int', 'port', undefined, [], 0n, 65535n, 6379n),
  num('int', 'io-threads', undefined, ['IMMUTABLE'], 1n, 128n, 1n),
  num('int', 'auto-aof-rewrite-percentage', undefined, [], 0n, INT_MAX, 100n),
  num('int', 'cluster-replica-validity-factor', 'cluster-slave-validity-factor', [], 0n, INT_MAX, 10n),
  num('int', 'list-max-listpack-size', 'list-max-ziplist-size', [], INT_MIN, INT_MAX, -2n),
  num('int', 'tcp-keepalive', undefined, [], 0n, INT_MAX, 300n),
  num('int', 'cluster-migration-barrier', undefined, [], 0n, INT_MAX, 1n),
  num('int', 'active-defrag-cycle-min', undefined, [], 1n, 99n, 1n),
  num('int', 'active-defrag-cycle-max', undefined, [], 1n, 99n, 25n),
  num('int', 'active-defrag-threshold-lower', undefined, [], 0n, 1000n, 10n),
  num('int', 'active-defrag-threshold-upper', undefined, [], 0n, 1000n, 100n),
  num('int', 'lfu-log-factor', undefined, [], 0n, INT_MAX, 10n),
  num('int', 'lfu-decay-time', undefined, [], 0n, INT_MAX, 1n),
  num('int', 'replica-priority', 'slave-priority', [], 0n, INT_MAX, 100n),
  num('int', 'repl-diskless-sync-delay', undefined, [], 0n, INT_MAX, 5n),
  num('int', 'maxmemory-samples', undefined, [], 1n, INT_MAX, 5n),
  num('int', 'maxmemory-eviction-tenacity', undefined, [], 0n, 100n, 10n),
  num('int', 'timeout', undefined, [], 0n, INT_MAX, 0n),
  num('int', 'replica-announce-port', 'slave-announce-port', [], 0n, 65535n, 0n),
  num('int', 'tcp-backlog', undefined, ['IMMUTABLE'], 0n, INT_MAX, 511n),
  num('int', 'cluster-port', undefined, ['IMMUTABLE'], 0n, 65535n, 0n),
  num('int', 'cluster-announce-bus-port', undefined, [], 0n, 65535n, 0n),
  num('int', 'cluster-announce-port', undefined, [], 0n, 65535n, 0n),
  num('int', 'cluster-announce-tls-port', undefined, [], 0n, 65535n, 0n),
  num('int', 'repl-timeout', undefined, [], 1n, INT_MAX, 60n),
  num('int', 'repl-ping-replica-period', 'repl-ping-slave-period', [], 1n, INT_MAX, 10n),
  num('int', 'list-compress-depth', undefined, [], 0n, INT_MAX, 0n),
  num('int', 'rdb-key-save-delay', undefined, ['HIDDEN'], INT_MIN, INT_MAX, 0n),
  num('int', 'key-load-delay', undefined, ['HIDDEN'], INT_MIN, INT_MAX, 0n),
  num('int', 'active-expire-effort', undefined, [], 1n, 10n, 1n),
  num('int', 'hz', undefined, [], 0n, INT_MAX, 10n),
  num('int', 'min-replicas-to-write', 'min-slaves-to-write', [], 0n, INT_MAX, 0n),
  num('int', 'min-replicas-max-lag', 'min-slaves-max-lag', [], 0n, INT_MAX, 10n),
  num('int', 'watchdog-period', undefined, ['HIDDEN'], 0n, INT_MAX, 0n),
  num('int', 'shutdown-timeout', undefined, [], 0n, INT_MAX, 10n),
  num('int', 'repl-diskless-sync-max-replicas', undefined, [], 0n, INT_MAX, 0n),
  num('int', 'tls-port', undefined, [], 0n, 65535n, 0n),
  num('int', 'tls-session-cache-size', undefined, [], 0n, INT_MAX, 20480n),
  num('int', 'tls-session-cache-timeout', undefined, [], 0n, INT_MAX, 300n),
  num('uint', 'maxclients', undefined, [], 1n, UINT_MAX, 10000n),
  num('uint', 'socket-mark-id', undefined, ['IMMUTABLE'], 0n, UINT_MAX, 0n),
  num('uint', 'unixsocketperm', undefined, ['IMMUTABLE'], 0n, 0o777n, 0n, 'octal'),
  num('ulong', 'active-defrag-max-scan-fields', undefined, [], 1n, LONG_MAX, 1000n),
  num('ulong', 'slowlog-max-len', undefined, [], 0n, LONG_MAX, 128n),
  num('ulong', 'acllog-max-len', undefined, [], 0n, LONG_MAX, 128n),
  num('longlong', 'busy-reply-threshold', 'lua-time-limit', [], 0n, LONG_MAX, 5000n),
  num('longlong', 'cluster-node-timeout', undefined, [], 0n, LLONG_MAX, 15000n),
  num('longlong', 'slowlog-log-slower-than', undefined, [], -1n, LLONG_MAX, 10000n),
  num('longlong', 'latency-monitor-threshold', undefined, [], 0n, LLONG_MAX, 0n),
  num('longlong', 'proto-max-bulk-len', undefined, [], 1048576n, LONG_MAX, 536870912n, 'memory'),
  num('longlong', 'stream-node-max-entries', undefined, [], 0n, LLONG_MAX, 100n),
  num('longlong', 'repl-backlog-size', undefined, [], 1n, LLONG_MAX, 1048576n, 'memory'),
  num('ulonglong', 'maxmemory', undefined, [], 0n, ULLONG_MAX, 0n, 'memory'),
  num('ulonglong', 'cluster-link-sendbuf-limit', undefined, [], 0n, ULLONG_MAX, 0n, 'memory'),
  num('size_t', 'hash-max-listpack-entries', 'hash-max-ziplist-entries', [], 0n, LONG_MAX, 512n),
  num('size_t', 'set-max-intset-entries', undefined, [], 0n, LONG_MAX, 512n),
  num('size_t', 'zset-max-listpack-entries', 'zset-max-ziplist-entries', [], 0n, LONG_MAX, 128n),
  num('size_t', 'active-defrag-ignore-bytes', undefined, [], 1n, LLONG_MAX, 104857600n, 'memory'),
  num('size_t', 'hash-max-listpack-value', 'hash-max-ziplist-value', [], 0n, LONG_MAX, 64n, 'memory'),
  num('size_t', 'stream-node-max-bytes', undefined, [], 0n, LONG_MAX, 4096n, 'memory'),
  num('size_t', 'zset-max-listpack-value', 'zset-max-ziplist-value', [], 0n, LONG_MAX, 64n, 'memory'),
  num('size_t', 'hll-sparse-max-bytes', undefined, [], 0n, LONG_MAX, 3000n, 'memory'),
  num('size_t', 'tracking-table-max-keys', undefined, [], 0n, LONG_MAX, 1000000n),
  num('size_t', 'client-query-buffer-limit', undefined, [], 1048576n, LONG_MAX, 1073741824n, 'memory'),
  num('ssize_t', 'maxmemory-clients', undefined, [], -100n, SSIZE_MAX, 0n, 'memory|percent'),
  num('time_t', 'repl-backlog-ttl', undefined, [], 0n, LONG_MAX, 3600n),
  num('off_t', 'auto-aof-rewrite-min-size', undefined, [], 0n, LLONG_MAX, 67108864n, 'memory'),
  num('off_t', 'loading-process-events-interval-bytes', undefined, ['HIDDEN'], 1024n, INT_MAX, 2097152n),

  // Special: parsed, stored and shown by their own code in config.ts
  special('dir', undefined, ['PROTECTED']),
  special('save', undefined, ['MULTI_ARG']),
  special('client-output-buffer-limit', undefined, ['MULTI_ARG']),
  special('oom-score-adj-values', undefined, ['MULTI_ARG']),
  special('notify-keyspace-events', undefined, []),
  special('bind', undefined, ['MULTI_ARG']),
  special('replicaof', 'slaveof', ['IMMUTABLE', 'MULTI_ARG']),
  special('latency-tracking-info-percentiles', undefined, ['MULTI_ARG']),
];

/** Lines that Redis 7.0 still accepts and ignores, with the word counts it accepts. */
export const DEPRECATED_DIRECTIVES: ReadonlyArray<readonly [string, number, number]> = [
  ['list-max-ziplist-entries', 2, 2],
  ['list-max-ziplist-value', 2, 2],
  ['lua-replicate-commands', 2, 2],
];

/** Keyspace notification classes: bit values equal REDISMODULE_NOTIFY_* in redismodule.h. */
export const NOTIFY = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  LOADED: 1 << 12,
  MODULE: 1 << 13,
  NEW: 1 << 14,
} as const;

/** What "A" stands for: every class except key-miss, loaded and new. */
export const NOTIFY_ALL =
  NOTIFY.GENERIC |
  NOTIFY.STRING |
  NOTIFY.LIST |
  NOTIFY.SET |
  NOTIFY.HASH |
  NOTIFY.ZSET |
  NOTIFY.EXPIRED |
  NOTIFY.EVICTED |
  NOTIFY.STREAM |
  NOTIFY.MODULE;

const NOTIFY_CHARS: ReadonlyArray<readonly [string, number]> = [
  ['g', NOTIFY.GENERIC],
  ['$', NOTIFY.STRING],
  ['l', NOTIFY.LIST],
  ['s', NOTIFY.SET],
  ['h', NOTIFY.HASH],
  ['z', NOTIFY.ZSET],
  ['x', NOTIFY.EXPIRED],
  ['e', NOTIFY.EVICTED],
  ['t', NOTIFY.STREAM],
  ['d', NOTIFY.MODULE],
  ['n', NOTIFY.NEW],
];

/** Parses notify-keyspace-events classes; null when a character is not a class. */
export function keyspaceEventsStringToFlags(classes: string): number | null {
  let flags = 0;
  for (const ch of classes) {
    if (ch === 'A') flags |= NOTIFY_ALL;
    else if (ch === 'K') flags |= NOTIFY.KEYSPACE;
    else if (ch === 'E') flags |= NOTIFY.KEYEVENT;
    else if (ch === 'm') flags |= NOTIFY.KEY_MISS;
    else {
      const entry = NOTIFY_CHARS.find(([c]) => c === ch);
      if (!entry) return null;
      flags |= entry[1];
    }
  }
  return flags;
}

/** Redis's canonical spelling: "A" when all classes are on, then K, E, m. */
export function keyspaceEventsFlagsToString(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    out += 'A';
  } else {
    for (const [ch, bit] of NOTIFY_CHARS) if (flags & bit) out += ch;
  }
  if (flags & NOTIFY.KEYSPACE) out += 'K';
  if (flags & NOTIFY.KEYEVENT) out += 'E';
  if (flags & NOTIFY.KEY_MISS) out += 'm';
  return out;
}
