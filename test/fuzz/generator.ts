// Seeded generation of command sequences for the differential fuzzer. The
// alphabets are deliberately tiny (six keys, a handful of members) so that
// commands collide: keys change type, members repeat, WRONGTYPE happens. The
// same seed and the same set of available commands always give the same
// sequence: the PRNG is ours (mulberry32), never Math.random.
import type { CommandArg } from '../harness';

/** mulberry32: 32-bit state, good enough spread for test generation, trivially reproducible. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }
  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }
  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/**
 * How the two replies of a command are compared. The default is byte for
 * byte; the others exist only for replies Redis itself leaves unspecified.
 * - multiset: elements in any order (hash-table iteration order)
 * - pairs: (field, value) pairs in any order: a flat RESP2 array or a RESP3 map
 * - scan: [cursor, elements]; a finished scan (cursor 0) as a multiset, a partial one by shape
 * - scan-pairs: the same with (field, value) elements
 * - scan-resumed: a scan from a non-zero cursor, which lands in a bucket that
 *   depends on the per-process hash seed: any two scan replies agree
 * - shape: structure only (random replies: SRANDMEMBER with a negative count...)
 * - ttl: TTL/PTTL: every positive reply is "some time left" (it shrinks while the test runs)
 * - expiretime: EXPIRETIME/PEXPIRETIME: positive replies kept only when they are one of the fuzzer's absolute times
 * - times: stream replies with idle/seen times masked
 * - type: the reply's type byte only
 * - ifUnordered: ask redis-server (only it) for the key's OBJECT ENCODING first;
 *   a hash-table encoding (hashtable, skiplist, or those listed in `encodings`)
 *   selects `ifUnordered`, anything else bytes
 */
export type Order =
  | 'bytes'
  | 'multiset'
  | 'pairs'
  | 'scan'
  | 'scan-pairs'
  | 'scan-resumed'
  | 'shape'
  | 'ttl'
  | 'expiretime'
  | 'times'
  | 'type'
  | { ifUnordered: Exclude<Order, object>; key: number; encodings?: readonly string[] };

/** One generated command. `exec` carries the orders of the commands queued since MULTI. */
export interface FuzzCommand {
  args: CommandArg[];
  order: Order;
  /** The table name of the command (for figures and skip lists). */
  name: string;
  family: string;
  /**
   * Set on a RESTORE built from redis-server's DUMP of another key at run
   * time: the runner fills in the payload (a fixed payload could not track the
   * sequence's state).
   */
  restoreFrom?: CommandArg;
  /**
   * A lex-range command on this zset key: over differing scores Redis leaves
   * the answer unspecified (on a skiplist it follows the random node levels),
   * so the runner drops the command, on both servers, when redis-server holds
   * such a zset.
   */
  lexKey?: CommandArg;
  exec?: Order[];
}

export interface Template {
  /** Name as COMMAND INFO knows it: "get", "object|encoding". */
  cmd: string;
  weight: number;
  build(g: Gen): CommandArg[];
  order?: Order | ((args: CommandArg[]) => Order);
  /** Never queued inside MULTI (the runner probes or rewrites it). */
  noMulti?: boolean;
  restore?: boolean;
  /** A lex-range command (see FuzzCommand.lexKey); args[1] is the key. */
  lex?: (args: CommandArg[]) => boolean;
}

export type Family = readonly Template[];

// ---- Alphabets -----------------------------------------------------------------

export const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'] as const;
const BINARY = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x20]);
const LONG = 'x'.repeat(70);
const VERY_LONG = 'long-'.repeat(60);

/** The few members most commands use, so they collide. */
const SMALL = ['a', 'b', 'c', '1', '2', '3'];
const VALUES: CommandArg[] = [
  '', '0', '1', '2', '-1', '7', '10', '42', '100', '-100', '3.14', '-2.5', '0.1', '1e3', 'inf', '-inf',
  '+inf', 'nan', '-0', ' 1', '01', '0x1f', '9223372036854775807', '-9223372036854775808', '9223372036854775808',
  '18446744073709551615', 'a', 'b', 'c', 'ab', 'abc', 'hello', 'k0', 'k1', BINARY, LONG, VERY_LONG, '*', '[a-c]',
  'é', '12345678901234567890', '4294967296', '255', '-4294967297',
];
const INTEGERS = [
  '0', '1', '2', '3', '-1', '-2', '5', '10', '-10', '100', '9223372036854775807', '-9223372036854775808',
  '9223372036854775808', '-9223372036854775809', 'abc', '1.5', '', ' 1', '+1', '0x10',
];
const INDEXES = ['0', '1', '2', '3', '-1', '-2', '-3', '5', '-5', '10', '-10', '100', '-100', '9223372036854775807', '-9223372036854775808'];
const FLOATS = [
  '1', '0.1', '-0.3', '2.5', '1e308', '-1e308', '1e-10', 'inf', '-inf', 'nan', '3.0000000000000000001', '5.0e3',
  '10', '-10', 'abc', '', '0x10', '1.7976931348623157e308', ' 1', '1 ', '.5', '5.', '0',
];
const SCORES = ['0', '1', '2', '3', '-1', '1.5', '-2.5', 'inf', '-inf', '+inf', '10', '0.1', '1e308', '-0', '100'];
// No '1e400': a double parse failing with ERANGE leaves errno set in Redis, and
// a later SORT in the same pipeline then reports "One or more scores can't be
// converted into double" (a Redis quirk, not behaviour to copy).
const BAD_SCORES = ['nan', 'abc', '', '(1', ' 1'];
const SCORE_BOUNDS = ['-inf', '+inf', 'inf', '0', '1', '2', '3', '(1', '(2', '-1', '(-1', '1.5', '(inf', 'nan', 'abc', '10', '(', '-'];
const LEX_BOUNDS = ['-', '+', '[a', '(a', '[b', '(b', '[c', '(c', '[1', '(3', '[', '(', 'a', '[aa', '+inf'];
/** Relative expiry times: large or invalid, never small positive (no reply may depend on the clock). */
const REL_SECONDS = ['100000', '9999999', '-1', '0', '-100', '9223372036854775807', '-9223372036854775808', '9223372036854775806', 'abc', '1.5', ''];
const REL_MS = ['100000000', '9999999999', '-1', '0', '9223372036854775807', '9223372036854775806', 'abc', '-1000'];
/** Absolute expiry times: far future, far past, out of range. */
export const ABS_SECONDS = ['4102444800', '4102444801', '1', '0', '-1', '9223372036854775807', 'abc', '32503680000'];
// Absolute deadlines in ms stop below 2^53: the host keeps deadlines as JS
// numbers, so PEXPIREAT/PXAT 9223372036854775807 reads back as ...808 (a known
// difference, listed in the keyspace issue's closing note). Larger values in
// seconds still reach the overflow errors, which are exact.
export const ABS_MS = ['4102444800000', '4102444800001', '1', '0', '32503680000000'];
/**
 * For SET EXAT/PXAT: no past times. Redis keeps such a key until its expire
 * cycle or an access deletes it, so DBSIZE, DEBUG DIGEST and the 'expired'
 * event would depend on timing.
 */
const SET_ABS_SECONDS = ['4102444800', '4102444801', '0', '-1', '9223372036854775807', 'abc'];
const SET_ABS_MS = ['4102444800000', '4102444800001', '0'];
const STREAM_IDS = [
  '1-1', '1-2', '2', '2-1', '3-0', '3-*', '5-*', '7-*', '10-0', '0-1', '0-0', '1', '0-*',
  '18446744073709551615-18446744073709551615', '18446744073709551615-*', 'abc', '1-2-3', '-1', '1-', '4-18446744073709551615',
];
const READ_IDS = ['0', '0-0', '1', '1-1', '2-0', '3', '5-0', '$', '10', '18446744073709551615-18446744073709551615', 'abc'];
const RANGE_IDS = ['-', '+', '0', '1', '1-2', '2', '(1-1', '(2', '3-0', '5', '10-0', 'abc', '(-', '(+'];
const PATTERNS = ['*', 'k*', 'k[0-2]', 'k?', '*1', 'x*', '[', '\\', 'k[^0]', '*[', 'a*', '?', 'k[1-]', '[a-'];

/** The generation context handed to templates. */
export class Gen {
  constructor(readonly rng: Rng) {}
  key(): string {
    return this.rng.pick(KEYS);
  }
  keys(min = 1, max = 3): string[] {
    return Array.from({ length: this.rng.range(min, max) }, () => this.key());
  }
  value(): CommandArg {
    return this.rng.chance(0.5) ? this.rng.pick(SMALL) : this.rng.pick(VALUES);
  }
  member(): CommandArg {
    if (this.rng.chance(0.75)) return this.rng.pick(SMALL);
    if (this.rng.chance(0.4)) return String(this.rng.range(0, 30));
    return this.rng.pick(VALUES);
  }
  members(min = 1, max = 4): CommandArg[] {
    return Array.from({ length: this.rng.range(min, max) }, () => this.member());
  }
  /** A small integer member more often: intset sets and integer-encoded listpacks. */
  intMember(): string {
    return this.rng.chance(0.8) ? String(this.rng.range(-3, 20)) : this.rng.pick(['9223372036854775807', '-9223372036854775808', '100000', '1e3']);
  }
  integer(): string {
    return this.rng.pick(INTEGERS);
  }
  smallInt(min: number, max: number): string {
    return String(this.rng.range(min, max));
  }
  index(): string {
    return this.rng.chance(0.85) ? this.smallInt(-4, 4) : this.rng.pick(INDEXES);
  }
  count(): string {
    return this.rng.chance(0.8) ? this.smallInt(0, 5) : this.rng.pick(INTEGERS);
  }
  float(): string {
    return this.rng.pick(FLOATS);
  }
  score(): string {
    return this.rng.chance(0.93) ? this.rng.pick(SCORES) : this.rng.pick(BAD_SCORES);
  }
  scoreBound(): string {
    return this.rng.pick(SCORE_BOUNDS);
  }
  lexBound(): string {
    return this.rng.pick(LEX_BOUNDS);
  }
  relSeconds(): string {
    return this.rng.pick(REL_SECONDS);
  }
  relMs(): string {
    return this.rng.pick(REL_MS);
  }
  absSeconds(): string {
    return this.rng.pick(ABS_SECONDS);
  }
  absMs(): string {
    return this.rng.pick(ABS_MS);
  }
  futureSeconds(): string {
    return this.rng.pick(SET_ABS_SECONDS);
  }
  futureMs(): string {
    return this.rng.pick(SET_ABS_MS);
  }
  streamId(): string {
    return this.rng.pick(STREAM_IDS);
  }
  readId(): string {
    return this.rng.pick(READ_IDS);
  }
  rangeId(): string {
    return this.rng.pick(RANGE_IDS);
  }
  pattern(): string {
    return this.rng.pick(PATTERNS);
  }
  pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }
  chance(p: number): boolean {
    return this.rng.chance(p);
  }
  /** Each optional part with probability p, in the given order. */
  maybe(p: number, part: () => CommandArg[]): CommandArg[] {
    return this.rng.chance(p) ? part() : [];
  }
  /** 1..max items built by `make`. */
  some<T>(max: number, make: () => T, min = 1): T[] {
    return Array.from({ length: this.rng.range(min, max) }, make);
  }
  /** The given options in a random order and subset (Redis parses most options in any order). */
  options(parts: Array<() => CommandArg[]>, p = 0.3): CommandArg[] {
    const chosen = parts.filter(() => this.rng.chance(p)).map((make) => make());
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
    }
    return chosen.flat();
  }
}

// ---- Sequences -------------------------------------------------------------------

export interface FamilyTable {
  family: string;
  templates: Family;
}

function pickWeighted(rng: Rng, templates: readonly Template[], total: number): Template {
  // Fractional weights need a fractional roll.
  let roll = (rng.next() / 4294967296) * total;
  for (const t of templates) {
    roll -= t.weight;
    if (roll < 0) return t;
  }
  return templates[templates.length - 1];
}

function instantiate(g: Gen, family: string, t: Template): FuzzCommand {
  const args = t.build(g);
  const order = typeof t.order === 'function' ? t.order(args) : (t.order ?? 'bytes');
  const command: FuzzCommand = { args, order, name: t.cmd, family };
  if (t.restore) command.restoreFrom = args[3];
  if (t.lex?.(args)) command.lexKey = args[1];
  return command;
}

/** Per-seed configuration: the conversion thresholds, small half of the time so encodings change within a sequence. */
export function seedConfig(seed: number): string[][] {
  const rng = new Rng(seed * 7919 + 17);
  const small = rng.chance(0.5);
  const pick = (normal: string, tiny: string) => (small && rng.chance(0.8) ? tiny : normal);
  return [
    ['hash-max-listpack-entries', pick('128', String(rng.range(1, 5)))],
    ['hash-max-listpack-value', pick('64', String(rng.range(1, 10)))],
    ['set-max-intset-entries', pick('512', String(rng.range(1, 5)))],
    ['zset-max-listpack-entries', pick('128', String(rng.range(1, 5)))],
    ['zset-max-listpack-value', pick('64', String(rng.range(1, 10)))],
    ['list-max-listpack-size', pick('-2', rng.pick(['1', '2', '4', '-1']))],
    ['stream-node-max-entries', pick('100', String(rng.range(1, 5)))],
    ['hll-sparse-max-bytes', pick('3000', rng.pick(['20', '100', '400']))],
  ];
}

export interface GenerateOptions {
  seed: number;
  length: number;
  tables: readonly FamilyTable[];
  /** Share of MULTI/EXEC blocks among generated steps. */
  multiRate?: number;
}

/** The seed's command sequence (without the FLUSHALL/CONFIG prelude). */
export function generateSequence(options: GenerateOptions): FuzzCommand[] {
  const rng = new Rng(options.seed);
  const g = new Gen(rng);
  const tables = options.tables.filter((t) => t.templates.length > 0);
  if (tables.length === 0) return [];
  // Each sequence leans on one or two families, so a type's state gets deep
  // enough to reach its conversions, while the others still interleave.
  const focus = [rng.pick(tables), rng.pick(tables)];
  const multiRate = options.multiRate ?? 0.04;
  const out: FuzzCommand[] = [];
  const one = (inMulti: boolean): FuzzCommand => {
    for (;;) {
      const table = rng.chance(0.7) ? rng.pick(focus) : rng.pick(tables);
      const candidates = inMulti ? table.templates.filter((t) => !t.noMulti) : table.templates;
      if (candidates.length === 0) continue;
      const total = candidates.reduce((sum, t) => sum + t.weight, 0);
      return instantiate(g, table.family, pickWeighted(rng, candidates, total));
    }
  };
  const plain = (args: CommandArg[], name: string): FuzzCommand => ({ args, order: 'bytes', name, family: 'transactions' });
  while (out.length < options.length) {
    if (rng.chance(multiRate)) {
      // WATCH first sometimes, with a command between WATCH and MULTI that may touch the watched key.
      if (rng.chance(0.4)) {
        out.push(plain(['WATCH', ...g.keys(1, 2)], 'watch'));
        out.push(one(false));
      }
      out.push(plain(['MULTI'], 'multi'));
      const queued = g.some(4, () => one(true));
      out.push(...queued);
      const end = rng.chance(0.15) ? 'DISCARD' : 'EXEC';
      out.push({ ...plain([end], end.toLowerCase()), exec: end === 'EXEC' ? queued.map((c) => c.order) : undefined });
      if (rng.chance(0.2)) out.push(plain(['UNWATCH'], 'unwatch'));
    } else {
      out.push(one(false));
    }
  }
  return out;
}
