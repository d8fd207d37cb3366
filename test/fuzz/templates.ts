// One weighted table of command templates per family. Every template draws
// from the generator's small alphabets; weights favour the commands that build
// state (pushes, adds) so reads meet non-empty values. Commands whose reply is
// random (SPOP with a small count, SRANDMEMBER...) appear only in forms whose
// reply is determined, or compared by shape.
import type { CommandArg } from '../harness';
import type { Family, FamilyTable, Gen, Order, Template } from './generator';

const t = (cmd: string, weight: number, build: (g: Gen) => CommandArg[], order?: Template['order'], extra: Partial<Template> = {}): Template => ({
  cmd,
  weight,
  build,
  order,
  ...extra,
});

/** Random-member commands: the whole collection (count >= size) is determined, any other count only by shape. */
const randomCount = (args: CommandArg[]): Order => {
  if (args.length === 2 || args[2] !== '1000') return 'shape';
  const withValues = args.length > 3;
  return { ifUnordered: withValues ? 'pairs' : 'multiset', key: 1 };
};

const strings: Family = [
  t('get', 8, (g) => ['GET', g.key()]),
  t('set', 10, (g) =>
    ['SET', g.key(), g.value(), ...g.options([
      () => [g.pick(['NX', 'XX'])],
      () => ['GET'],
      () => g.pick([['EX', g.relSeconds()], ['PX', g.relMs()], ['EXAT', g.futureSeconds()], ['PXAT', g.futureMs()], ['KEEPTTL']]),
    ], 0.25)]),
  t('setnx', 2, (g) => ['SETNX', g.key(), g.value()]),
  t('setex', 1, (g) => ['SETEX', g.key(), g.relSeconds(), g.value()]),
  t('psetex', 1, (g) => ['PSETEX', g.key(), g.relMs(), g.value()]),
  t('getset', 2, (g) => ['GETSET', g.key(), g.value()]),
  t('getdel', 2, (g) => ['GETDEL', g.key()]),
  t('getex', 2, (g) => ['GETEX', g.key(), ...g.maybe(0.7, () => g.pick([['EX', g.relSeconds()], ['PX', g.relMs()], ['EXAT', g.absSeconds()], ['PXAT', g.absMs()], ['PERSIST'], ['KEEPTTL']]))]),
  t('mget', 3, (g) => ['MGET', ...g.keys(1, 4)]),
  t('mset', 3, (g) => ['MSET', ...g.some(3, () => [g.key(), g.value()]).flat()]),
  t('msetnx', 2, (g) => ['MSETNX', ...g.some(3, () => [g.key(), g.value()]).flat()]),
  t('append', 4, (g) => ['APPEND', g.key(), g.value()]),
  t('strlen', 2, (g) => ['STRLEN', g.key()]),
  t('incr', 4, (g) => ['INCR', g.key()]),
  t('decr', 2, (g) => ['DECR', g.key()]),
  t('incrby', 3, (g) => ['INCRBY', g.key(), g.integer()]),
  t('decrby', 2, (g) => ['DECRBY', g.key(), g.integer()]),
  t('incrbyfloat', 4, (g) => ['INCRBYFLOAT', g.key(), g.float()]),
  t('getrange', 3, (g) => ['GETRANGE', g.key(), g.index(), g.index()]),
  t('substr', 1, (g) => ['SUBSTR', g.key(), g.index(), g.index()]),
  t('setrange', 3, (g) => ['SETRANGE', g.key(), g.pick(['0', '1', '3', '10', '-1', '100', '536870912', 'abc']), g.value()]),
  t('setbit', 3, (g) => ['SETBIT', g.key(), g.pick(['0', '1', '7', '8', '15', '63', '100', '-1', '4294967296', 'abc']), g.pick(['0', '1', '1', '2', 'a'])]),
  t('getbit', 2, (g) => ['GETBIT', g.key(), g.pick(['0', '1', '7', '8', '63', '1000', '-1', '4294967296'])]),
  t('bitcount', 3, (g) => ['BITCOUNT', g.key(), ...g.maybe(0.6, () => [g.index(), g.index(), ...g.maybe(0.4, () => [g.pick(['BYTE', 'BIT', 'bit', 'WORD'])])])]),
  t('bitpos', 3, (g) => ['BITPOS', g.key(), g.pick(['0', '1', '2']), ...g.maybe(0.6, () => [g.index(), ...g.maybe(0.6, () => [g.index(), ...g.maybe(0.4, () => [g.pick(['BYTE', 'BIT'])])])])]),
  t('bitop', 3, (g) => ['BITOP', g.pick(['AND', 'OR', 'XOR', 'NOT', 'and', 'NAND']), g.key(), ...g.keys(1, 3)]),
  t('bitfield', 4, (g) =>
    ['BITFIELD', g.key(), ...g.some(3, () => {
      const type = g.pick(['i5', 'u8', 'i8', 'u1', 'i64', 'u63', 'u64', 'i65', 'x8', 'u16', 'i32']);
      const offset = g.pick(['0', '1', '3', '8', '#1', '#2', '100', '-1', 'abc']);
      return g.pick([
        ['GET', type, offset],
        ['SET', type, offset, g.integer()],
        ['INCRBY', type, offset, g.integer()],
        ['OVERFLOW', g.pick(['WRAP', 'SAT', 'FAIL', 'BAD'])],
      ]);
    }).flat()]),
  t('bitfield_ro', 1, (g) => ['BITFIELD_RO', g.key(), ...g.some(2, () => ['GET', g.pick(['i5', 'u8', 'i64', 'u64']), g.pick(['0', '#1', '3'])]).flat()]),
  t('lcs', 2, (g) => ['LCS', g.key(), g.key(), ...g.options([
    () => ['LEN'],
    () => ['IDX'],
    () => ['MINMATCHLEN', g.pick(['0', '1', '2', '-1', 'abc'])],
    () => ['WITHMATCHLEN'],
  ], 0.35)]),
];

const keys: Family = [
  t('del', 4, (g) => ['DEL', ...g.keys(1, 3)]),
  t('unlink', 1, (g) => ['UNLINK', ...g.keys(1, 3)]),
  t('exists', 3, (g) => ['EXISTS', ...g.keys(1, 4)]),
  t('type', 3, (g) => ['TYPE', g.key()]),
  t('touch', 1, (g) => ['TOUCH', ...g.keys(1, 3)]),
  t('rename', 3, (g) => ['RENAME', g.key(), g.key()]),
  t('renamenx', 2, (g) => ['RENAMENX', g.key(), g.key()]),
  t('copy', 3, (g) => ['COPY', g.key(), g.key(), ...g.options([() => ['DB', g.pick(['0', '1', '16', '-1', 'x'])], () => ['REPLACE']], 0.4)]),
  t('move', 1, (g) => ['MOVE', g.key(), g.pick(['1', '0', '1', '16', 'x'])]),
  t('expire', 2, (g) => ['EXPIRE', g.key(), g.relSeconds(), ...g.maybe(0.3, () => [g.pick(['NX', 'XX', 'GT', 'LT', 'nx', 'BAD'])])]),
  t('pexpire', 1, (g) => ['PEXPIRE', g.key(), g.relMs(), ...g.maybe(0.3, () => [g.pick(['NX', 'XX', 'GT', 'LT'])])]),
  t('expireat', 2, (g) => ['EXPIREAT', g.key(), g.absSeconds(), ...g.maybe(0.3, () => [g.pick(['NX', 'XX', 'GT', 'LT'])])]),
  t('pexpireat', 1, (g) => ['PEXPIREAT', g.key(), g.absMs(), ...g.maybe(0.3, () => [g.pick(['NX', 'XX', 'GT', 'LT'])])]),
  t('persist', 2, (g) => ['PERSIST', g.key()]),
  t('ttl', 2, (g) => ['TTL', g.key()], 'ttl'),
  t('pttl', 1, (g) => ['PTTL', g.key()], 'ttl'),
  t('expiretime', 2, (g) => ['EXPIRETIME', g.key()], 'expiretime'),
  t('pexpiretime', 1, (g) => ['PEXPIRETIME', g.key()], 'expiretime'),
  t('keys', 2, (g) => ['KEYS', g.pattern()], 'multiset'),
  // No out-of-range cursor: Redis's failed parse leaves errno at ERANGE, and a
  // later SORT in the same pipeline then fails its number conversions.
  t('scan', 2, (g) => ['SCAN', g.pick(['0', '0', '0', 'abc', '-1', '1x']), ...g.options([
    () => ['MATCH', g.pattern()],
    () => ['COUNT', g.pick(['1000', '1000', '0', '-1', 'x'])],
    () => ['TYPE', g.pick(['string', 'list', 'hash', 'set', 'zset', 'stream', 'nosuch'])],
  ], 0.4)], (args) => (args[1] === '0' ? 'scan' : 'scan-resumed')),
  t('randomkey', 1, () => ['RANDOMKEY'], 'shape'),
  t('dbsize', 1, () => ['DBSIZE']),
  t('select', 1, (g) => ['SELECT', g.pick(['0', '0', '0', '1', '16', 'x'])], 'bytes', { noMulti: true }),
  t('swapdb', 1, (g) => ['SWAPDB', g.pick(['0', '1']), g.pick(['0', '1', '16'])]),
  t('flushdb', 0.3, (g) => ['FLUSHDB', ...g.maybe(0.3, () => [g.pick(['ASYNC', 'SYNC'])])]),
  t('object|encoding', 4, (g) => ['OBJECT', 'ENCODING', g.key()]),
  t('object|refcount', 1, (g) => ['OBJECT', 'REFCOUNT', g.key()]),
  t('object|freq', 0.5, (g) => ['OBJECT', 'FREQ', g.key()]),
  t('object|idletime', 0.5, (g) => ['OBJECT', 'IDLETIME', g.key()], 'type'),
  t('sort', 4, (g) => {
    const by = g.maybe(0.4, () => ['BY', g.pick(['k*', 'k*->a', 'nosort', 'w_*', 'k*->1', '#'])]);
    const nosort = by.length > 0 && !String(by[1]).includes('*');
    const args: CommandArg[] = ['SORT', g.key(), ...by, ...g.options([
      () => (nosort ? [] : ['LIMIT', g.pick(['0', '1', '-1', '2']), g.pick(['1', '2', '-1', '10', '0'])]),
      () => g.some(2, () => ['GET', g.pick(['#', 'k*', 'k*->a', 'k*->1', 'nokey*'])]).flat(),
      () => [g.pick(['ASC', 'DESC'])],
      () => ['ALPHA'],
      () => ['STORE', g.key()],
    ], 0.35)];
    // Sorting by a pattern with ALPHA leaves ties (missing weights) in input
    // order: a hash-table set's order. Storing that would make the keyspaces diverge.
    const store = args.indexOf('STORE');
    if (by.length > 0 && !nosort && args.includes('ALPHA') && store > 0) args.splice(store, 2);
    return args;
  }, (args) => {
    // A BY pattern without '*' means "do not sort": the value's own order, a
    // hash-table order for a set. A pattern with ALPHA leaves ties unsorted.
    const by = args.indexOf('BY');
    if (by < 0) return 'bytes';
    const pattern = String(args[by + 1]);
    if (!pattern.includes('*')) return { ifUnordered: 'multiset', key: 1 };
    if (!args.includes('ALPHA')) return 'bytes';
    // Ties (equal or missing weights) come out in the order Redis's unstable
    // quicksort leaves its input, whatever the encoding.
    return args.includes('LIMIT') ? 'shape' : 'multiset';
  }),
  t('sort_ro', 1, (g) => ['SORT_RO', g.key(), ...g.options([() => ['ALPHA'], () => ['DESC'], () => ['LIMIT', '0', '2'], () => ['GET', '#']], 0.35)]),
  // A hash-table value serialises in its table's order, a stream with consumer
  // groups with delivery and seen times: only the other encodings compare byte for byte.
  t('dump', 2, (g) => ['DUMP', g.key()], { ifUnordered: 'type', key: 1, encodings: ['stream'] }),
  // args[3] names the key whose redis-server DUMP the runner puts there as the payload.
  t('restore', 2, (g) => ['RESTORE', g.key(), g.pick(['0', '0', '100000000', '4102444800000', '-1']), g.key(), ...g.options([
    () => ['REPLACE'],
    () => ['ABSTTL'],
    () => ['IDLETIME', '10'],
  ], 0.4)], 'bytes', { noMulti: true, restore: true }),
  t('debug|digest-value', 1, (g) => ['DEBUG', 'DIGEST-VALUE', ...g.keys(1, 2)]),
];

/** With a count argument, LPOP/RPOP reply an array; a null either way on a missing key. */
const lists: Family = [
  t('lpush', 8, (g) => ['LPUSH', g.key(), ...g.members(1, 5)]),
  t('rpush', 8, (g) => ['RPUSH', g.key(), ...g.members(1, 5)]),
  t('lpushx', 2, (g) => ['LPUSHX', g.key(), ...g.members(1, 3)]),
  t('rpushx', 2, (g) => ['RPUSHX', g.key(), ...g.members(1, 3)]),
  t('lpop', 3, (g) => ['LPOP', g.key(), ...g.maybe(0.4, () => [g.count()])]),
  t('rpop', 3, (g) => ['RPOP', g.key(), ...g.maybe(0.4, () => [g.count()])]),
  t('llen', 2, (g) => ['LLEN', g.key()]),
  t('lrange', 5, (g) => ['LRANGE', g.key(), g.index(), g.index()]),
  t('lindex', 3, (g) => ['LINDEX', g.key(), g.index()]),
  t('lset', 3, (g) => ['LSET', g.key(), g.index(), g.member()]),
  t('linsert', 3, (g) => ['LINSERT', g.key(), g.pick(['BEFORE', 'AFTER', 'before', 'MIDDLE']), g.member(), g.member()]),
  t('lrem', 3, (g) => ['LREM', g.key(), g.index(), g.member()]),
  t('ltrim', 2, (g) => ['LTRIM', g.key(), g.index(), g.index()]),
  t('lpos', 3, (g) => ['LPOS', g.key(), g.member(), ...g.options([
    () => ['RANK', g.pick(['1', '2', '-1', '-2', '0', '-9223372036854775808', 'x'])],
    () => ['COUNT', g.pick(['0', '1', '2', '-1'])],
    () => ['MAXLEN', g.pick(['0', '1', '3', '-1'])],
  ], 0.4)]),
  t('lmove', 3, (g) => ['LMOVE', g.key(), g.key(), g.pick(['LEFT', 'RIGHT']), g.pick(['LEFT', 'RIGHT', 'UP'])]),
  t('rpoplpush', 2, (g) => ['RPOPLPUSH', g.key(), g.key()]),
  t('lmpop', 3, (g) => {
    const ks = g.keys(1, 3);
    return ['LMPOP', g.pick([String(ks.length), String(ks.length), '0', '5']), ...ks, g.pick(['LEFT', 'RIGHT', 'DOWN']), ...g.maybe(0.4, () => ['COUNT', g.pick(['1', '2', '10', '0', '-1'])])];
  }),
  // Short timeouts: an empty key makes both servers wait the same 10 ms and reply null.
  t('blpop', 1, (g) => ['BLPOP', ...g.keys(1, 2), g.pick(['0.01', '0.01', '-1', 'abc'])]),
  t('brpop', 1, (g) => ['BRPOP', ...g.keys(1, 2), '0.01']),
  t('blmove', 1, (g) => ['BLMOVE', g.key(), g.key(), g.pick(['LEFT', 'RIGHT']), g.pick(['LEFT', 'RIGHT']), '0.01']),
  t('brpoplpush', 1, (g) => ['BRPOPLPUSH', g.key(), g.key(), '0.01']),
  t('blmpop', 1, (g) => ['BLMPOP', '0.01', '2', g.key(), g.key(), g.pick(['LEFT', 'RIGHT']), ...g.maybe(0.4, () => ['COUNT', g.pick(['1', '3'])])]),
];

const hashes: Family = [
  t('hset', 8, (g) => ['HSET', g.key(), ...g.some(3, () => [g.member(), g.value()]).flat()]),
  t('hsetnx', 2, (g) => ['HSETNX', g.key(), g.member(), g.value()]),
  t('hmset', 2, (g) => ['HMSET', g.key(), ...g.some(3, () => [g.member(), g.value()]).flat()]),
  t('hget', 4, (g) => ['HGET', g.key(), g.member()]),
  t('hmget', 3, (g) => ['HMGET', g.key(), ...g.members(1, 3)]),
  t('hdel', 3, (g) => ['HDEL', g.key(), ...g.members(1, 3)]),
  t('hlen', 2, (g) => ['HLEN', g.key()]),
  t('hstrlen', 2, (g) => ['HSTRLEN', g.key(), g.member()]),
  t('hexists', 2, (g) => ['HEXISTS', g.key(), g.member()]),
  t('hincrby', 3, (g) => ['HINCRBY', g.key(), g.member(), g.integer()]),
  t('hincrbyfloat', 3, (g) => ['HINCRBYFLOAT', g.key(), g.member(), g.float()]),
  t('hkeys', 2, (g) => ['HKEYS', g.key()], { ifUnordered: 'multiset', key: 1 }),
  t('hvals', 2, (g) => ['HVALS', g.key()], { ifUnordered: 'multiset', key: 1 }),
  t('hgetall', 4, (g) => ['HGETALL', g.key()], { ifUnordered: 'pairs', key: 1 }),
  t('hscan', 2, (g) => ['HSCAN', g.key(), g.pick(['0', '0', 'x', '-1']), ...g.options([() => ['MATCH', g.pick(['*', 'a*', '[ab]', '1'])], () => ['COUNT', g.pick(['1000', '1000', '0', '1'])]], 0.4)], (args) =>
    ({ ifUnordered: args[2] === '-1' ? 'scan-resumed' : 'scan-pairs', key: 1 })),
  t('hrandfield', 2, (g) => ['HRANDFIELD', g.key(), ...g.maybe(0.8, () => [g.pick(['1000', '1000', '-3', '2', '0', '-9223372036854775808']), ...g.maybe(0.5, () => ['WITHVALUES'])])], randomCount),
];

const sets: Family = [
  t('sadd', 8, (g) => ['SADD', g.key(), ...g.some(4, () => (g.chance(0.5) ? g.intMember() : g.member()))]),
  t('srem', 3, (g) => ['SREM', g.key(), ...g.members(1, 3)]),
  t('scard', 2, (g) => ['SCARD', g.key()]),
  t('sismember', 2, (g) => ['SISMEMBER', g.key(), g.member()]),
  t('smismember', 2, (g) => ['SMISMEMBER', g.key(), ...g.members(1, 3)]),
  t('smembers', 4, (g) => ['SMEMBERS', g.key()], { ifUnordered: 'multiset', key: 1 }),
  t('smove', 2, (g) => ['SMOVE', g.key(), g.key(), g.member()]),
  // Only counts that pop everything or nothing: a random pop would make the two keyspaces diverge.
  t('spop', 2, (g) => ['SPOP', g.key(), g.pick(['1000', '1000', '0', '-1', 'x'])], 'multiset'),
  t('srandmember', 2, (g) => ['SRANDMEMBER', g.key(), ...g.maybe(0.8, () => [g.pick(['1000', '-3', '2', '0', '-9223372036854775808'])])], (args) =>
    args.length === 2 ? 'shape' : args[2] === '1000' ? 'multiset' : 'shape'),
  t('sinter', 3, (g) => ['SINTER', ...g.keys(1, 3)], 'multiset'),
  t('sintercard', 2, (g) => ['SINTERCARD', g.pick(['1', '2', '2', '0', '3']), ...g.keys(2, 2), ...g.maybe(0.4, () => ['LIMIT', g.pick(['0', '1', '2', '-1'])])]),
  t('sinterstore', 2, (g) => ['SINTERSTORE', g.key(), ...g.keys(1, 3)]),
  t('sunion', 3, (g) => ['SUNION', ...g.keys(1, 3)], 'multiset'),
  t('sunionstore', 2, (g) => ['SUNIONSTORE', g.key(), ...g.keys(1, 3)]),
  t('sdiff', 3, (g) => ['SDIFF', ...g.keys(1, 3)], 'multiset'),
  t('sdiffstore', 2, (g) => ['SDIFFSTORE', g.key(), ...g.keys(1, 3)]),
  t('sscan', 2, (g) => ['SSCAN', g.key(), g.pick(['0', '0', 'x', '-1']), ...g.options([() => ['MATCH', g.pick(['*', '1*', '[ab]'])], () => ['COUNT', g.pick(['1000', '1000', '0'])]], 0.4)], (args) =>
    ({ ifUnordered: args[2] === '-1' ? 'scan-resumed' : 'scan', key: 1 })),
];

const withScores = (g: Gen) => g.maybe(0.4, () => ['WITHSCORES']);
const limit = (g: Gen) => g.maybe(0.3, () => ['LIMIT', g.pick(['0', '1', '-1', '2']), g.pick(['1', '2', '-1', '0', '10'])]);
const zsets: Family = [
  t('zadd', 10, (g) => ['ZADD', g.key(), ...g.options([() => [g.pick(['NX', 'XX'])], () => [g.pick(['GT', 'LT'])], () => ['CH'], () => ['INCR']], 0.15),
    ...g.some(3, () => [g.score(), g.member()]).flat()]),
  t('zincrby', 3, (g) => ['ZINCRBY', g.key(), g.score(), g.member()]),
  t('zrem', 3, (g) => ['ZREM', g.key(), ...g.members(1, 3)]),
  t('zcard', 2, (g) => ['ZCARD', g.key()]),
  t('zscore', 3, (g) => ['ZSCORE', g.key(), g.member()]),
  t('zmscore', 2, (g) => ['ZMSCORE', g.key(), ...g.members(1, 3)]),
  t('zrank', 2, (g) => ['ZRANK', g.key(), g.member()]),
  t('zrevrank', 2, (g) => ['ZREVRANK', g.key(), g.member()]),
  t('zcount', 2, (g) => ['ZCOUNT', g.key(), g.scoreBound(), g.scoreBound()]),
  t('zlexcount', 2, (g) => ['ZLEXCOUNT', g.key(), g.lexBound(), g.lexBound()], 'bytes', { noMulti: true, lex: () => true }),
  t('zrange', 6, (g) => {
    const mode = g.pick(['index', 'index', 'BYSCORE', 'BYLEX']);
    const bounds = mode === 'index' ? [g.index(), g.index()] : mode === 'BYSCORE' ? [g.scoreBound(), g.scoreBound()] : [g.lexBound(), g.lexBound()];
    return ['ZRANGE', g.key(), ...bounds, ...(mode === 'index' ? [] : [mode]), ...g.options([() => ['REV'], () => limit(g), () => ['WITHSCORES']], 0.35)];
  }, 'bytes', { noMulti: true, lex: (args) => args.includes('BYLEX') }),
  t('zrangestore', 2, (g) => ['ZRANGESTORE', g.key(), g.key(), g.index(), g.index(), ...g.maybe(0.3, () => ['BYSCORE']), ...g.maybe(0.3, () => ['REV'])]),
  t('zrangebyscore', 2, (g) => ['ZRANGEBYSCORE', g.key(), g.scoreBound(), g.scoreBound(), ...withScores(g), ...limit(g)]),
  t('zrevrangebyscore', 2, (g) => ['ZREVRANGEBYSCORE', g.key(), g.scoreBound(), g.scoreBound(), ...withScores(g), ...limit(g)]),
  t('zrangebylex', 2, (g) => ['ZRANGEBYLEX', g.key(), g.lexBound(), g.lexBound(), ...limit(g)], 'bytes', { noMulti: true, lex: () => true }),
  t('zrevrangebylex', 1, (g) => ['ZREVRANGEBYLEX', g.key(), g.lexBound(), g.lexBound(), ...limit(g)], 'bytes', { noMulti: true, lex: () => true }),
  t('zrevrange', 2, (g) => ['ZREVRANGE', g.key(), g.index(), g.index(), ...withScores(g)]),
  t('zremrangebyrank', 1, (g) => ['ZREMRANGEBYRANK', g.key(), g.index(), g.index()]),
  t('zremrangebyscore', 1, (g) => ['ZREMRANGEBYSCORE', g.key(), g.scoreBound(), g.scoreBound()]),
  t('zremrangebylex', 1, (g) => ['ZREMRANGEBYLEX', g.key(), g.lexBound(), g.lexBound()], 'bytes', { noMulti: true, lex: () => true }),
  t('zpopmin', 2, (g) => ['ZPOPMIN', g.key(), ...g.maybe(0.5, () => [g.count()])]),
  t('zpopmax', 2, (g) => ['ZPOPMAX', g.key(), ...g.maybe(0.5, () => [g.count()])]),
  t('bzpopmin', 1, (g) => ['BZPOPMIN', ...g.keys(1, 2), '0.01']),
  t('bzpopmax', 1, (g) => ['BZPOPMAX', ...g.keys(1, 2), '0.01']),
  t('zmpop', 2, (g) => ['ZMPOP', '2', g.key(), g.key(), g.pick(['MIN', 'MAX', 'MID']), ...g.maybe(0.4, () => ['COUNT', g.pick(['1', '2', '10', '0'])])]),
  t('bzmpop', 1, (g) => ['BZMPOP', '0.01', '1', g.key(), g.pick(['MIN', 'MAX']), ...g.maybe(0.4, () => ['COUNT', '2'])]),
  ...(['zunion', 'zinter', 'zdiff'] as const).map((name) =>
    t(name, 2, (g) => {
      const ks = g.keys(1, 3);
      const extra = name === 'zdiff' ? [] : g.options([
        () => ['WEIGHTS', ...ks.map(() => g.pick(['1', '2', '-1', '0.5', 'inf', 'nan', 'x']))],
        () => ['AGGREGATE', g.pick(['SUM', 'MIN', 'MAX', 'AVG'])],
      ], 0.35);
      return [name.toUpperCase(), g.pick([String(ks.length), String(ks.length), '0', '-1']), ...ks, ...extra, ...withScores(g)];
    })),
  ...(['zunionstore', 'zinterstore', 'zdiffstore'] as const).map((name) =>
    t(name, 2, (g) => {
      const ks = g.keys(1, 3);
      const extra = name === 'zdiffstore' ? [] : g.options([
        () => ['WEIGHTS', ...ks.map(() => g.pick(['1', '2', '-1', '0.5', 'inf']))],
        () => ['AGGREGATE', g.pick(['SUM', 'MIN', 'MAX'])],
      ], 0.35);
      return [name.toUpperCase(), g.key(), String(ks.length), ...ks, ...extra];
    })),
  t('zintercard', 1, (g) => ['ZINTERCARD', '2', g.key(), g.key(), ...g.maybe(0.4, () => ['LIMIT', g.pick(['0', '1', '-1'])])]),
  t('zscan', 2, (g) => ['ZSCAN', g.key(), '0', ...g.options([() => ['MATCH', g.pick(['*', 'a*', '[ab]'])], () => ['COUNT', '1000']], 0.4)], { ifUnordered: 'scan-pairs', key: 1 }),
  t('zrandmember', 2, (g) => ['ZRANDMEMBER', g.key(), ...g.maybe(0.8, () => [g.pick(['1000', '1000', '-3', '2', '0']), ...g.maybe(0.5, () => ['WITHSCORES'])])], randomCount),
];

/** Explicit IDs only: an auto ID ('*') depends on the clock. */
const streams: Family = [
  t('xadd', 10, (g) => ['XADD', g.key(), ...g.options([
    () => ['NOMKSTREAM'],
    () => [g.pick(['MAXLEN', 'MINID']), ...g.maybe(0.5, () => [g.pick(['=', '~'])]), g.pick(['0', '1', '2', '5', '-1', '3-0'])],
  ], 0.2), g.streamId(), ...g.some(2, () => [g.member(), g.value()]).flat()]),
  t('xlen', 2, (g) => ['XLEN', g.key()]),
  t('xrange', 4, (g) => ['XRANGE', g.key(), g.rangeId(), g.rangeId(), ...g.maybe(0.3, () => ['COUNT', g.pick(['0', '1', '2', '-1'])])]),
  t('xrevrange', 2, (g) => ['XREVRANGE', g.key(), g.rangeId(), g.rangeId(), ...g.maybe(0.3, () => ['COUNT', g.pick(['0', '1', '2'])])]),
  t('xdel', 2, (g) => ['XDEL', g.key(), ...g.some(2, () => g.streamId())]),
  t('xtrim', 2, (g) => ['XTRIM', g.key(), g.pick(['MAXLEN', 'MINID']), ...g.maybe(0.5, () => [g.pick(['=', '~'])]), g.pick(['0', '1', '2', '3-0', '-1']), ...g.maybe(0.2, () => ['LIMIT', g.pick(['0', '1', '10'])])]),
  t('xread', 2, (g) => ['XREAD', ...g.maybe(0.4, () => ['COUNT', g.pick(['1', '2', '0'])]), 'STREAMS', g.key(), g.readId()]),
  t('xgroup|create', 3, (g) => ['XGROUP', 'CREATE', g.key(), g.pick(['g1', 'g2']), g.pick(['0', '$', '1-1', 'abc']), ...g.options([() => ['MKSTREAM'], () => ['ENTRIESREAD', g.pick(['0', '1', '5', '-1'])]], 0.3)]),
  t('xgroup|setid', 1, (g) => ['XGROUP', 'SETID', g.key(), g.pick(['g1', 'g2']), g.pick(['0', '$', '2-0']), ...g.maybe(0.3, () => ['ENTRIESREAD', g.pick(['0', '3'])])]),
  t('xgroup|destroy', 0.5, (g) => ['XGROUP', 'DESTROY', g.key(), g.pick(['g1', 'g2'])]),
  t('xgroup|createconsumer', 1, (g) => ['XGROUP', 'CREATECONSUMER', g.key(), g.pick(['g1', 'g2']), g.pick(['c1', 'c2'])]),
  t('xgroup|delconsumer', 0.5, (g) => ['XGROUP', 'DELCONSUMER', g.key(), g.pick(['g1', 'g2']), g.pick(['c1', 'c2'])]),
  t('xreadgroup', 3, (g) => ['XREADGROUP', 'GROUP', g.pick(['g1', 'g2']), g.pick(['c1', 'c2']), ...g.options([() => ['COUNT', g.pick(['1', '2'])], () => ['NOACK']], 0.3),
    'STREAMS', g.key(), g.pick(['>', '>', '0', '1-1'])]),
  t('xack', 2, (g) => ['XACK', g.key(), g.pick(['g1', 'g2']), ...g.some(2, () => g.streamId())]),
  t('xpending', 2, (g) => ['XPENDING', g.key(), g.pick(['g1', 'g2']), ...g.maybe(0.5, () => [...g.maybe(0.3, () => ['IDLE', '0']), g.rangeId(), g.rangeId(), g.pick(['10', '1', '0']), ...g.maybe(0.3, () => [g.pick(['c1', 'c2'])])])], 'times'),
  t('xclaim', 1, (g) => ['XCLAIM', g.key(), g.pick(['g1', 'g2']), g.pick(['c1', 'c2']), '0', ...g.some(2, () => g.streamId()), ...g.options([() => ['JUSTID'], () => ['FORCE'], () => ['RETRYCOUNT', '3']], 0.3)]),
  t('xautoclaim', 1, (g) => ['XAUTOCLAIM', g.key(), g.pick(['g1', 'g2']), g.pick(['c1', 'c2']), '0', g.pick(['0', '0-0', '2-0']), ...g.maybe(0.3, () => ['COUNT', g.pick(['1', '10'])]), ...g.maybe(0.3, () => ['JUSTID'])]),
  t('xinfo|stream', 2, (g) => ['XINFO', 'STREAM', g.key(), ...g.maybe(0.3, () => ['FULL', ...g.maybe(0.3, () => ['COUNT', '2'])])], 'times'),
  t('xinfo|groups', 1, (g) => ['XINFO', 'GROUPS', g.key()], 'times'),
  t('xinfo|consumers', 1, (g) => ['XINFO', 'CONSUMERS', g.key(), g.pick(['g1', 'g2'])], 'times'),
  t('xsetid', 1, (g) => ['XSETID', g.key(), g.pick(['5-0', '10-0', '0-1', '100-0']), ...g.maybe(0.3, () => ['ENTRIESADDED', g.pick(['5', '100'])]), ...g.maybe(0.3, () => ['MAXDELETEDID', g.pick(['1-0', '3-0'])])]),
];

const hll: Family = [
  t('pfadd', 8, (g) => ['PFADD', g.key(), ...(g.chance(0.15) ? Array.from({ length: g.rng.range(20, 300) }, (_, i) => `e${i * 7 + g.rng.int(5)}`) : g.members(0, 4))]),
  t('pfcount', 5, (g) => ['PFCOUNT', ...g.keys(1, 3)]),
  t('pfmerge', 2, (g) => ['PFMERGE', g.key(), ...g.keys(0, 2)]),
  t('pfdebug', 1, (g) => ['PFDEBUG', g.pick(['ENCODING', 'TODENSE', 'GETREG']), g.key()]),
];

const pubsub: Family = [
  t('publish', 2, (g) => ['PUBLISH', g.pick(['ch1', 'ch2', '__keyspace@0__:k0']), g.value()]),
  t('spublish', 1, (g) => ['SPUBLISH', g.pick(['ch1', 'ch2']), g.value()]),
  t('pubsub|channels', 1, (g) => ['PUBSUB', 'CHANNELS', ...g.maybe(0.5, () => [g.pattern()])], 'multiset'),
  t('pubsub|numsub', 1, (g) => ['PUBSUB', 'NUMSUB', ...g.some(2, () => g.pick(['ch1', 'ch2']), 0)]),
  t('pubsub|numpat', 1, () => ['PUBSUB', 'NUMPAT']),
  t('pubsub|shardchannels', 0.5, () => ['PUBSUB', 'SHARDCHANNELS'], 'multiset'),
  t('pubsub|shardnumsub', 0.5, () => ['PUBSUB', 'SHARDNUMSUB', 'ch1']),
];

export const FAMILIES: readonly FamilyTable[] = [
  { family: 'strings', templates: strings },
  { family: 'keys', templates: keys },
  { family: 'lists', templates: lists },
  { family: 'hashes', templates: hashes },
  { family: 'sets', templates: sets },
  { family: 'zsets', templates: zsets },
  { family: 'streams', templates: streams },
  { family: 'hll', templates: hll },
  { family: 'pubsub', templates: pubsub },
];

/** Every command name the tables use, for the availability probe. */
export function templateCommands(tables: readonly FamilyTable[] = FAMILIES): string[] {
  return [...new Set(tables.flatMap((f) => f.templates.map((tpl) => tpl.cmd)))];
}

/** The tables without the templates whose command is in `unavailable`. */
export function withoutCommands(tables: readonly FamilyTable[], unavailable: ReadonlySet<string>): FamilyTable[] {
  return tables.map((f) => ({ family: f.family, templates: f.templates.filter((tpl) => !unavailable.has(tpl.cmd)) }));
}
