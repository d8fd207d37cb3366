// The server configuration: Redis 7.0.15's directives (config-table.ts), parsed from config
// text, the command line and CONFIG SET with Redis's rules and error strings.
//
// Every value is held as a byte string: one JS char per byte (latin1), because config text
// may carry any bytes ("\xff" in quotes) and CONFIG GET must give them back unchanged.
// Getters that hand out filesystem paths decode them as UTF-8.
import * as fs from 'node:fs';
import { globMatch } from '../util/glob';
import * as path from 'node:path';
import {
  DEFAULT_BIND,
  DEFAULT_SAVE,
  DEPRECATED_DIRECTIVES,
  DIRECTIVES,
  LOGLEVELS,
  MAX_HZ,
  MIN_HZ,
  keyspaceEventsFlagsToString,
  keyspaceEventsStringToFlags,
  type BoolDirective,
  type Directive,
  type EnumDirective,
  type NumericDirective,
  type StringDirective,
} from './config-table';

export const REDIS_VERSION = '7.0.15';

// ---------------------------------------------------------------------------------------
// Text rules shared with Redis (sds.c, util.c): argument splitting, quoting, glob matching,
// number and memory parsing.
// ---------------------------------------------------------------------------------------

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

/**
 * Splits a line into arguments the way redis-cli and config files do: blanks separate,
 * "double quotes" take \n \r \t \b \a \xHH escapes, 'single quotes' take only \'. A closing
 * quote must be followed by a blank or the end. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length) return args;
    let inDouble = false;
    let inSingle = false;
    let current = '';
    for (;;) {
      const ch = line[i];
      if (inDouble) {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === 'x' && isHexDigit(line[i + 2]) && isHexDigit(line[i + 3])) {
          current += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < line.length) {
          i++;
          const esc = line[i];
          current +=
            esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : esc === 'b' ? '\b' : esc === 'a' ? '\x07' : esc;
        } else if (ch === '"') {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return null;
          i++;
          break;
        } else {
          current += ch;
        }
      } else if (inSingle) {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (ch === "'") {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return null;
          i++;
          break;
        } else {
          current += ch;
        }
      } else {
        if (ch === undefined || ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\0') {
          if (ch !== undefined) i++;
          break;
        }
        if (ch === '"') inDouble = true;
        else if (ch === "'") inSingle = true;
        else current += ch;
      }
      i++;
    }
    args.push(current);
  }
}

/** Quotes a byte string so that splitArgs gives it back (Redis's sdscatrepr). */
export function quoteArg(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code === 7) out += '\\a';
    else if (code === 8) out += '\\b';
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += '\\x' + (code & 0xff).toString(16).padStart(2, '0');
  }
  return out + '"';
}



const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Redis's strict string2ll: no blanks, no '+', no leading zeros, within 64 bits. */
export function parseStrictInt(text: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/** C's strtoll: leading blanks and a sign allowed; `rest` is what was not consumed. */
function cStrtoll(text: string, base: 8 | 10): { value: bigint; rest: string; overflow: boolean } {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  const digitRe = base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  while (i < text.length && digitRe.test(text[i])) i++;
  if (i === start) return { value: 0n, rest: text, overflow: false };
  let value = BigInt((base === 8 ? '0o' : '') + text.slice(start, i));
  if (negative) value = -value;
  let overflow = false;
  if (value > INT64_MAX) [value, overflow] = [INT64_MAX, true];
  if (value < INT64_MIN) [value, overflow] = [INT64_MIN, true];
  return { value, rest: text.slice(i), overflow };
}

const MEMORY_UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/** Redis's memtoull: digits then an optional unit (b k kb m mb g gb, any case); null on error. */
export function parseMemory(text: string): bigint | null {
  if (text.startsWith('-')) return null;
  let digitsEnd = 0;
  while (digitsEnd < text.length && text[digitsEnd] >= '0' && text[digitsEnd] <= '9') digitsEnd++;
  const multiplier = MEMORY_UNITS[text.slice(digitsEnd).toLowerCase()];
  if (multiplier === undefined || digitsEnd >= 128) return null;
  // strtoull saturates on overflow and Redis does not check for it.
  let value = digitsEnd === 0 ? 0n : BigInt(text.slice(0, digitsEnd));
  if (value > UINT64_MAX) value = UINT64_MAX;
  if (value > UINT64_MAX / multiplier) return null;
  return value * multiplier;
}

/** Redis's string2d for latency percentiles: a full-string strtod, no blanks, no NaN. */
function parseStrictDouble(text: string): number | null {
  if (text.length === 0 || isSpace(text[0])) return null;
  if (!/^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?)$/i.test(text)) return null;
  const value = /inf/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
  return Number.isNaN(value) ? null : value;
}

/** printf("%f") with trailing zeros (and a trailing dot) removed, as Redis shows percentiles. */
function formatPercentile(value: number): string {
  const fixed = value.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Human text for the errno codes that config loading can meet (strerror). */
export function strerror(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  const texts: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EPERM: 'Operation not permitted',
    ENOTDIR: 'Not a directory',
    EISDIR: 'Is a directory',
    ELOOP: 'Too many levels of symbolic links',
    ENAMETOOLONG: 'File name too long',
    EROFS: 'Read-only file system',
    ENOSPC: 'No space left on device',
    EADDRINUSE: 'Address already in use',
    EADDRNOTAVAIL: 'Cannot assign requested address',
    EMFILE: 'Too many open files',
  };
  if (code && texts[code]) return texts[code];
  return err instanceof Error ? err.message : String(err);
}

/** Byte string (one char per byte) to a normal string, for paths and log text. */
export function bytesToUtf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A normal string (argv, cwd) to a byte string. */
export function utf8ToBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * Loading the configuration failed; Redis exits 1. `report` is where Redis prints it:
 * 'stderr' for the "*** FATAL CONFIG FILE ERROR" block (text holds the whole block), 'log'
 * for a warning log line (text holds the message).
 */
export class ConfigLoadError extends Error {
  constructor(
    readonly report: 'stderr' | 'log',
    readonly text: string,
  ) {
    super(text);
    this.name = 'ConfigLoadError';
  }
}

/** A config change a listener could not apply (e.g. the new port is taken). */
export class ConfigApplyError extends Error {}

// ---------------------------------------------------------------------------------------
// The Config
// ---------------------------------------------------------------------------------------

type SetOutcome = { ok: true; changed: boolean } | { ok: false; error: string };

interface OutputBufferLimit {
  hard: bigint;
  soft: bigint;
  seconds: bigint;
}

const CLIENT_CLASSES = ['normal', 'slave', 'pubsub'] as const;
type ClientClass = (typeof CLIENT_CLASSES)[number];

function defaultOutputLimits(): Record<ClientClass, OutputBufferLimit> {
  return {
    normal: { hard: 0n, soft: 0n, seconds: 0n },
    slave: { hard: 268435456n, soft: 67108864n, seconds: 60n },
    pubsub: { hard: 33554432n, soft: 8388608n, seconds: 60n },
  };
}

export interface ModuleToLoad {
  /** As written in the directive; relative paths are opened from the working directory. */
  path: string;
  /** Load arguments, bytes as given. */
  args: Buffer[];
}

export interface ConfigSetOptions {
  /** The client is on a loopback/unix connection ("local" protected-config rule). */
  isLocalClient?: boolean;
}

export type ConfigChangeListener = (value: string, name: string) => void;

/** What one CONFIG GET entry looks like: the name as matched and the value, both byte strings. */
export type ConfigEntry = [name: string, value: string];

export class Config {
  /** Absolute path of the config file given on the command line, or null. */
  configFile: string | null = null;
  /** `loadmodule` directives in order. */
  readonly modules: ModuleToLoad[] = [];
  /** `module.name value` lines, for module configs registered at load time. */
  readonly moduleConfigQueue = new Map<string, string>();
  /** `rename-command old new` directives in order (new '' removes the command). */
  readonly renamedCommands: Array<[from: string, to: string]> = [];
  /** `user ...` directives (ACL rules), each as its words. */
  readonly users: string[][] = [];

  private readonly byName = new Map<string, Directive>();
  private readonly values = new Map<string, boolean | bigint | number | string | null>();
  private save: Array<[number, number]> = DEFAULT_SAVE.map(([s, c]) => [s, c]);
  private saveSeenInFile = false;
  private bindList: string[] = [...DEFAULT_BIND];
  private outputLimits = defaultOutputLimits();
  private oomScoreAdjValues: [number, number, number] = [0, 200, 800];
  private notifyFlags = 0;
  private replicaOf: { host: string; port: number } | null = null;
  private latencyPercentiles: number[] = [50, 99, 99.9];
  private readingFile = false;
  private readonly listeners = new Map<string, ConfigChangeListener[]>();
  private readonly anyChangeListeners: Array<(names: string[]) => void> = [];

  constructor() {
    for (const directive of DIRECTIVES) {
      this.byName.set(directive.name, directive);
      if (directive.alias) this.byName.set(directive.alias, directive);
      if (directive.kind !== 'special') this.values.set(directive.name, directive.default);
    }
  }

  // ---- lookup and display ----

  /** The directive a (case-insensitive) name or alias refers to. */
  directive(name: string): Directive | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** All names CONFIG GET '*' lists: primaries and aliases, hidden ones left out. */
  names(): string[] {
    const out: string[] = [];
    for (const d of DIRECTIVES) {
      if (d.flags.hidden) continue;
      out.push(d.name);
      if (d.alias) out.push(d.alias);
    }
    return out;
  }

  /** The value CONFIG GET shows for a directive, or undefined when there is none. */
  get(name: string): string | undefined {
    const d = this.directive(name);
    return d ? this.show(d) : undefined;
  }

  /**
   * CONFIG GET with several arguments: exact names (reported as typed) and glob patterns
   * (case-insensitive, hidden directives excluded), each directive once.
   */
  getMatching(patterns: string | readonly string[]): ConfigEntry[] {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const seen = new Set<string>();
    const out: ConfigEntry[] = [];
    for (const pattern of list) {
      if (!/[[*?]/.test(pattern)) {
        if (seen.has(pattern)) continue;
        const d = this.directive(pattern);
        if (d) {
          seen.add(pattern);
          out.push([pattern, this.show(d)]);
        }
        continue;
      }
      for (const name of this.names()) {
        if (seen.has(name) || !globMatch(pattern, name, true)) continue;
        seen.add(name);
        out.push([name, this.show(this.byName.get(name) as Directive)]);
      }
    }
    return out;
  }

  private show(d: Directive): string {
    switch (d.kind) {
      case 'bool':
        return this.values.get(d.name) ? 'yes' : 'no';
      case 'string':
        return (this.values.get(d.name) as string | null) ?? '';
      case 'enum':
        return enumName(d, this.values.get(d.name) as number);
      case 'numeric': {
        const value = this.values.get(d.name) as bigint;
        if (d.percent && value < 0n) return `${-value}%`;
        if (d.memory) return BigInt.asUintN(64, value).toString();
        if (d.octal) return value.toString(8);
        return value.toString();
      }
      case 'special':
        return this.showSpecial(d.name);
    }
  }

  private showSpecial(name: string): string {
    switch (name) {
      case 'dir':
        return utf8ToBytes(process.cwd());
      case 'save':
        return this.save.map(([s, c]) => `${s} ${c}`).join(' ');
      case 'client-output-buffer-limit':
        return CLIENT_CLASSES.map((cls) => {
          const l = this.outputLimits[cls];
          return `${cls} ${l.hard} ${l.soft} ${l.seconds}`;
        }).join(' ');
      case 'oom-score-adj-values':
        return this.oomScoreAdjValues.join(' ');
      case 'notify-keyspace-events':
        return keyspaceEventsFlagsToString(this.notifyFlags);
      case 'bind':
        return this.bindList.join(' ');
      case 'replicaof':
        return this.replicaOf ? `${this.replicaOf.host} ${this.replicaOf.port}` : '';
      case 'latency-tracking-info-percentiles':
        return this.latencyPercentiles.map(formatPercentile).join(' ');
      default:
        return '';
    }
  }

  // ---- setting ----

  /** Sets one directive through CONFIG SET's rules; returns the error reply text or null. */
  set(name: string, value: string, options: ConfigSetOptions = {}): string | null {
    return this.setMany([[name, value]], options);
  }

  /**
   * CONFIG SET name value [name value ...]: all or nothing. Returns null on success, else
   * the error reply ("ERR ..."), chosen with the precedence Redis uses.
   */
  setMany(pairs: ReadonlyArray<readonly [string, string]>, options: ConfigSetOptions = {}): string | null {
    let unknownName: string | null = null;
    let failedName: string | null = null;
    let failure: string | null = null;
    const chosen: Directive[] = [];
    const names: string[] = [];
    for (const [name] of pairs) {
      const d = this.directive(name);
      if (!d) {
        if (failedName === null && unknownName === null) unknownName = name;
        continue;
      }
      if (failedName !== null || unknownName !== null) continue;
      if (d.flags.immutable || (d.flags.protected && !this.protectedActionAllowed('enable-protected-configs', options))) {
        failure = d.flags.immutable ? "can't set immutable config" : "can't set protected config";
        failedName = name;
        continue;
      }
      // An alias is a table entry of its own in Redis: "slave-x" and "replica-x" together
      // are not duplicates.
      const entryName = d.alias && name.toLowerCase() === d.alias ? d.alias : d.name;
      if (names.includes(entryName)) {
        failure = 'duplicate parameter';
        failedName = name;
        continue;
      }
      chosen.push(d);
      names.push(entryName);
    }
    if (unknownName !== null) return `ERR Unknown option or number of arguments for CONFIG SET - '${unknownName}'`;
    if (failedName !== null) return `ERR CONFIG SET failed (possibly related to argument '${failedName}') - ${failure}`;

    const previous = chosen.map((d) => this.show(d));
    const changed: number[] = [];
    for (let i = 0; i < chosen.length; i++) {
      const outcome = this.setFromString(chosen[i], pairs[i][1]);
      if (!outcome.ok) {
        this.restore(chosen.slice(0, i + 1), previous);
        return `ERR CONFIG SET failed (possibly related to argument '${names[i]}') - ${outcome.error}`;
      }
      if (outcome.changed) changed.push(i);
    }
    for (const i of changed) {
      const d = chosen[i];
      try {
        for (const fn of this.listeners.get(d.name) ?? []) fn(this.show(d), d.name);
      } catch (err) {
        this.restore(chosen, previous);
        const reason = err instanceof Error ? err.message : String(err);
        return `ERR CONFIG SET failed (possibly related to argument '${names[i]}') - ${reason}`;
      }
    }
    for (const fn of this.anyChangeListeners) fn(names);
    return null;
  }

  private restore(directives: Directive[], previous: string[]): void {
    directives.forEach((d, i) => this.setFromString(d, previous[i]));
  }

  /** CONFIG SET's value for one directive: multi-argument ones split on single spaces. */
  private setFromString(d: Directive, value: string): SetOutcome {
    const args = d.flags.multiArg ? (value.length === 0 ? [] : value.split(' ')) : [value];
    return this.setArgs(d, args);
  }

  private protectedActionAllowed(directive: string, options: ConfigSetOptions): boolean {
    const mode = this.values.get(directive) as number;
    return mode === 1 || (mode === 2 && options.isLocalClient === true);
  }

  private setArgs(d: Directive, args: string[]): SetOutcome {
    switch (d.kind) {
      case 'bool':
        return this.setBool(d, args[0]);
      case 'string':
        return this.setString(d, args[0]);
      case 'enum':
        return this.setEnum(d, args);
      case 'numeric':
        return this.setNumeric(d, args[0]);
      case 'special':
        return this.setSpecial(d.name, args);
    }
  }

  private store(name: string, value: boolean | bigint | number | string | null): SetOutcome {
    const changed = this.values.get(name) !== value;
    this.values.set(name, value);
    return { ok: true, changed };
  }

  private setBool(d: BoolDirective, arg: string): SetOutcome {
    const lowered = arg.toLowerCase();
    if (lowered !== 'yes' && lowered !== 'no') return { ok: false, error: "argument must be 'yes' or 'no'" };
    const value = lowered === 'yes';
    const invalid = d.validate?.(value);
    if (invalid) return { ok: false, error: invalid };
    return this.store(d.name, value);
  }

  private setString(d: StringDirective, arg: string): SetOutcome {
    const invalid = d.validate?.(arg);
    if (invalid) return { ok: false, error: invalid };
    return this.store(d.name, d.emptyIsNull && arg === '' ? null : arg);
  }

  private setEnum(d: EnumDirective, args: string[]): SetOutcome {
    let value = 0;
    let known = args.length === 1 || (d.bitflags && args.length > 0);
    for (const arg of known ? args : []) {
      const entry = d.values.find(([n]) => n === arg.toLowerCase());
      if (!entry) known = false;
      else value |= entry[1];
    }
    if (!known) {
      const list = d.values.map(([n]) => n).join(', ');
      return { ok: false, error: `argument(s) must be one of the following: ${list}`.slice(0, 255) };
    }
    const invalid = d.validate?.(value);
    if (invalid) return { ok: false, error: invalid };
    return this.store(d.name, value);
  }

  private setNumeric(d: NumericDirective, arg: string): SetOutcome {
    const parsed = parseNumeric(d, arg);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    const outOfRange = checkBounds(d, parsed);
    if (outOfRange) return { ok: false, error: outOfRange };
    let value = isUnsigned(d) ? BigInt.asUintN(64, parsed) : parsed;
    // hz is a hint: out-of-range values are accepted and capped.
    if (d.name === 'hz') value = BigInt(Math.min(MAX_HZ, Math.max(MIN_HZ, Number(value))));
    return this.store(d.name, value);
  }

  private setSpecial(name: string, args: string[]): SetOutcome {
    const wrongArgs: SetOutcome = { ok: false, error: 'wrong number of arguments' };
    switch (name) {
      case 'dir': {
        if (args.length !== 1) return wrongArgs;
        try {
          process.chdir(bytesToUtf8(args[0]));
        } catch (err) {
          return { ok: false, error: strerror(err) };
        }
        return { ok: true, changed: true };
      }
      case 'save':
        return this.setSave(args);
      case 'client-output-buffer-limit':
        return this.setOutputLimits(args);
      case 'oom-score-adj-values': {
        if (args.length !== 3) return wrongArgs;
        const values: number[] = [];
        for (const arg of args) {
          const { value, rest } = cStrtoll(arg, 10);
          if (rest !== '' || value < -2000n || value > 2000n) {
            return { ok: false, error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
          }
          values.push(Number(value));
        }
        const changed = values.some((v, i) => v !== this.oomScoreAdjValues[i]);
        this.oomScoreAdjValues = [values[0], values[1], values[2]];
        return { ok: true, changed };
      }
      case 'notify-keyspace-events': {
        if (args.length !== 1) return wrongArgs;
        const flags = keyspaceEventsStringToFlags(args[0]);
        if (flags === null) return { ok: false, error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
        this.notifyFlags = flags;
        return { ok: true, changed: true };
      }
      case 'bind': {
        if (args.length > 16) return { ok: false, error: 'Too many bind addresses specified.' };
        this.bindList = args.length === 1 && args[0] === '' ? [] : [...args];
        return { ok: true, changed: true };
      }
      case 'replicaof': {
        if (args.length !== 2) return wrongArgs;
        this.replicaOf = null;
        if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { ok: true, changed: true };
        const { value, rest } = cStrtoll(args[1], 10);
        if (value < 0n || value > 65535n || rest !== '') return { ok: false, error: 'Invalid master port' };
        this.replicaOf = { host: args[0], port: Number(value) };
        return { ok: true, changed: true };
      }
      case 'latency-tracking-info-percentiles': {
        const values: number[] = [];
        const list = args.length === 1 && args[0] === '' ? [] : args;
        for (const arg of list) {
          const value = parseStrictDouble(arg);
          let error: string | null = null;
          if (value === null) error = 'Invalid latency-tracking-info-percentiles parameters';
          else if (value > 100 || value < 0) {
            error = 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
          }
          if (error) {
            this.latencyPercentiles = [];
            return { ok: false, error };
          }
          values.push(value as number);
        }
        this.latencyPercentiles = values;
        return { ok: true, changed: true };
      }
      default:
        return { ok: false, error: 'unsupported directive' };
    }
  }

  private setSave(args: string[]): SetOutcome {
    const list = args.length === 1 && args[0] === '' ? [] : args;
    const invalid: SetOutcome = { ok: false, error: 'Invalid save parameters' };
    if (list.length % 2 === 1) return invalid;
    const numbers: number[] = [];
    for (let j = 0; j < list.length; j++) {
      const { value, rest } = cStrtoll(list[j], 10);
      if (rest !== '' || (j % 2 === 0 && value < 1n) || (j % 2 === 1 && value < 0n)) return invalid;
      numbers.push(Number(value));
    }
    // In a file, the first `save` line replaces the defaults and later ones add to it.
    if (!this.readingFile || !this.saveSeenInFile) {
      this.save = [];
      if (this.readingFile) this.saveSeenInFile = true;
    }
    for (let j = 0; j < numbers.length; j += 2) this.save.push([numbers[j], numbers[j + 1]]);
    return { ok: true, changed: true };
  }

  private setOutputLimits(args: string[]): SetOutcome {
    if (args.length % 4 !== 0) {
      return { ok: false, error: 'Wrong number of arguments in buffer limit configuration.' };
    }
    const updates: Array<[ClientClass, OutputBufferLimit]> = [];
    for (let j = 0; j < args.length; j += 4) {
      const className = args[j].toLowerCase();
      const cls: ClientClass | null =
        className === 'normal' ? 'normal' : className === 'slave' || className === 'replica' ? 'slave' : className === 'pubsub' ? 'pubsub' : null;
      if (!cls) {
        return { ok: false, error: 'Invalid client class specified in buffer limit configuration.' };
      }
      const hard = parseMemory(args[j + 1]);
      const soft = parseMemory(args[j + 2]);
      const seconds = cStrtoll(args[j + 3], 10);
      if (hard === null || soft === null || seconds.value < 0n || seconds.rest !== '') {
        return { ok: false, error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
      }
      updates.push([cls, { hard, soft, seconds: seconds.value }]);
    }
    for (const [cls, limit] of updates) this.outputLimits[cls] = limit;
    return { ok: true, changed: true };
  }

  // ---- change notification ----

  /** Calls fn after CONFIG SET changed `name` (or its alias). Throwing ConfigApplyError
   *  undoes the whole CONFIG SET and replies with the error's message. */
  onChange(name: string, fn: ConfigChangeListener): () => void {
    const d = this.directive(name);
    if (!d) throw new Error(`unknown config directive '${name}'`);
    const list = this.listeners.get(d.name) ?? [];
    list.push(fn);
    this.listeners.set(d.name, list);
    return () => {
      const at = list.indexOf(fn);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Calls fn with the names given to every successful CONFIG SET (the module CONFIG event). */
  onAnyChange(fn: (names: string[]) => void): () => void {
    this.anyChangeListeners.push(fn);
    return () => {
      const at = this.anyChangeListeners.indexOf(fn);
      if (at >= 0) this.anyChangeListeners.splice(at, 1);
    };
  }

  // ---- loading config text ----

  /**
   * What redis-server does at startup: the file (if any), then stdin text (if any), then
   * the command-line options, parsed as one text. Throws ConfigLoadError.
   */
  load(file: string | null, stdinText: string | null, options: string | null): void {
    let text = '';
    if (file !== null) {
      this.configFile = path.resolve(bytesToUtf8(file));
      text += this.readConfigFiles(file);
    }
    if (stdinText !== null) text += stdinText;
    if (options !== null) text += '\n' + options;
    this.loadFromString(text);
  }

  /** Reads a config file, or every file a wildcard path matches (none is fine then). */
  private readConfigFiles(file: string): string {
    const fsPath = bytesToUtf8(file);
    const files = /[*?[]/.test(fsPath) ? expandGlob(fsPath) : [fsPath];
    let text = '';
    for (const f of files) {
      try {
        text += fs.readFileSync(f).toString('latin1');
      } catch (err) {
        if ((err as { code?: string }).code === 'EISDIR') continue;
        throw new ConfigLoadError('log', `Fatal error, can't open config file '${f}': ${strerror(err)}`);
      }
    }
    return text;
  }

  /** Applies config text with loadServerConfigFromString's rules. Throws ConfigLoadError. */
  loadFromString(text: string): void {
    const wasReading = this.readingFile;
    this.readingFile = true;
    try {
      this.loadLines(text);
    } finally {
      this.readingFile = wasReading;
    }
  }

  private loadLines(text: string): void {
    // Redis reads the config as a C string: a NUL byte ends it.
    const nul = text.indexOf('\0');
    const lines = (nul >= 0 ? text.slice(0, nul) : text).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '' || line.startsWith('#')) continue;
      const fail = (reason: string): never => {
        throw new ConfigLoadError(
          'stderr',
          `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n` +
            `Reading the configuration file, at line ${i + 1}\n>>> '${line}'\n${reason}\n`,
        );
      };
      const argv = splitArgs(line);
      if (argv === null) fail('Unbalanced quotes in configuration line');
      const words = argv as string[];
      if (words.length === 0) continue;
      const name = words[0].toLowerCase();
      const d = this.byName.get(name);
      if (d) {
        if (!d.flags.multiArg && words.length !== 2) fail('wrong number of arguments');
        const outcome = this.setArgs(d, words.slice(1));
        if (!outcome.ok) fail(outcome.error);
        continue;
      }
      if (DEPRECATED_DIRECTIVES.some(([n, min, max]) => n === name && words.length >= min && words.length <= max)) {
        continue;
      }
      if (name === 'include' && words.length === 2) {
        this.loadFromString(this.readConfigFiles(words[1]));
      } else if (name === 'rename-command' && words.length === 3) {
        this.renamedCommands.push([words[1], words[2]]);
      } else if (name === 'user' && words.length >= 2) {
        this.users.push(words.slice(1));
      } else if (name === 'loadmodule' && words.length >= 2) {
        this.modules.push({
          path: bytesToUtf8(words[1]),
          args: words.slice(2).map((a) => Buffer.from(a, 'latin1')),
        });
      } else if (name.includes('.')) {
        if (words.length !== 2) fail('Module config specified without value');
        this.moduleConfigQueue.set(name, words[1]);
      } else if (name === 'sentinel') {
        if (words.length !== 1) fail('sentinel directive while not in sentinel mode');
      } else {
        fail('Bad directive or wrong number of arguments');
      }
    }

    const logfile = this.values.get('logfile') as string;
    if (logfile !== '') {
      try {
        fs.closeSync(fs.openSync(bytesToUtf8(logfile), 'a'));
      } catch (err) {
        throw new ConfigLoadError(
          'stderr',
          `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\nCan't open the log file: ${strerror(err)}\n`,
        );
      }
    }
    if (this.values.get('cluster-enabled') && this.replicaOf) {
      throw new ConfigLoadError(
        'stderr',
        `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\nreplicaof directive not allowed in cluster mode\n`,
      );
    }
  }

  // ---- CONFIG REWRITE ----

  /**
   * Rewrites the config file as Redis does: lines of known directives are replaced in
   * place (or blanked when no longer needed), comments and unknown lines are kept, and
   * non-default values are appended after "# Generated by CONFIG REWRITE".
   */
  rewrite(): void {
    if (this.configFile === null) throw new Error('The server is running without a config file');
    const file = this.configFile;
    let old = '';
    try {
      old = fs.readFileSync(file).toString('latin1');
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    const content = this.rewrittenContent(old);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(tmp, Buffer.from(content, 'latin1'), { mode: 0o644 });
      fs.renameSync(tmp, file);
    } catch (err) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // The temporary file may not exist.
      }
      throw err;
    }
  }

  /** The text CONFIG REWRITE would write, given the current file's text. */
  rewrittenContent(old: string): string {
    const signature = '# Generated by CONFIG REWRITE';
    const lines: string[] = [];
    const optionLines = new Map<string, number[]>();
    let needsSignature = true;
    // Like Redis, a final newline leaves an empty last line, which stays as a blank line.
    const oldLines = old.length === 0 ? [] : old.split('\n');
    for (const raw of oldLines) {
      const line = raw.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '');
      if (line === '' || line.startsWith('#')) {
        if (line === signature) needsSignature = false;
        lines.push(line);
        continue;
      }
      const argv = splitArgs(line);
      if (argv === null || argv.length === 0 || !this.directive(argv[0])) {
        lines.push('# ??? ' + line);
        continue;
      }
      lines.push(line);
      const option = argv[0].toLowerCase().replace('slave', 'replica');
      const at = optionLines.get(option) ?? [];
      at.push(lines.length - 1);
      optionLines.set(option, at);
    }

    const processed = new Set<string>();
    const rewriteLine = (option: string, line: string | null, force: boolean): void => {
      processed.add(option);
      if (line === null) return;
      const at = optionLines.get(option);
      if (at && at.length > 0) {
        lines[at.shift() as number] = line;
        return;
      }
      if (!force) return;
      if (needsSignature) {
        lines.push(signature);
        needsSignature = false;
      }
      lines.push(line);
    };

    for (const d of DIRECTIVES) {
      for (const [line, force] of this.rewriteLinesFor(d)) rewriteLine(d.name, line, force);
      if (!processed.has(d.name)) processed.add(d.name);
    }
    for (const m of this.modules) {
      const args = m.args.map((a) => a.toString('latin1'));
      rewriteLine('loadmodule', ['loadmodule', utf8ToBytes(m.path), ...args].join(' '), true);
    }
    processed.add('loadmodule');
    processed.add('user');
    for (const u of this.users) rewriteLine('user', ['user', ...u].join(' '), true);

    for (const [option, at] of optionLines) {
      if (!processed.has(option)) continue;
      for (const n of at) lines[n] = '';
    }
    let out = '';
    let wasEmpty = false;
    for (const line of lines) {
      if (line === '') {
        if (wasEmpty) continue;
        wasEmpty = true;
      } else {
        wasEmpty = false;
      }
      out += line + '\n';
    }
    return out;
  }

  /** Lines a directive rewrites to, each with "force" (append even if not in the file). */
  private rewriteLinesFor(d: Directive): Array<[string | null, boolean]> {
    const name = d.name;
    const formatMemory = (bytes: bigint): string => {
      const gb = 1024n * 1024n * 1024n;
      const mb = 1024n * 1024n;
      const kb = 1024n;
      if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
      if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
      if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
      return `${bytes}`;
    };
    switch (d.kind) {
      case 'bool': {
        const value = this.values.get(name) as boolean;
        return [[`${name} ${value ? 'yes' : 'no'}`, value !== d.default]];
      }
      case 'string': {
        const value = this.values.get(name) as string | null;
        if (value === null) return [[null, false]];
        return [[`${name} ${quoteArg(value)}`, d.default === null || value !== d.default]];
      }
      case 'enum': {
        const value = this.values.get(name) as number;
        return [[`${name} ${this.show(d)}`, value !== d.default]];
      }
      case 'numeric': {
        const value = this.values.get(name) as bigint;
        const force = value !== d.default;
        if (d.percent && value < 0n) return [[`${name} ${-value}%`, force]];
        if (d.memory) return [[`${name} ${formatMemory(value)}`, force]];
        if (d.octal) return [[`${name} ${value.toString(8)}`, force]];
        return [[`${name} ${value}`, force]];
      }
      case 'special':
        break;
    }
    switch (name) {
      case 'dir':
        return [[`dir ${quoteArg(utf8ToBytes(process.cwd()))}`, true]];
      case 'save':
        if (this.save.length === 0) return [['save ""', true]];
        return this.save.map(([s, c]) => [`save ${s} ${c}`, true]);
      case 'client-output-buffer-limit': {
        const defaults = defaultOutputLimits();
        return CLIENT_CLASSES.map((cls) => {
          const l = this.outputLimits[cls];
          const dl = defaults[cls];
          const force = l.hard !== dl.hard || l.soft !== dl.soft || l.seconds !== dl.seconds;
          const shown = cls === 'slave' ? 'replica' : cls;
          return [`${name} ${shown} ${formatMemory(l.hard)} ${formatMemory(l.soft)} ${l.seconds}`, force];
        });
      }
      case 'oom-score-adj-values': {
        const force = this.oomScoreAdjValues.some((v, i) => v !== [0, 200, 800][i]);
        return [[`${name} ${this.oomScoreAdjValues.join(' ')}`, force]];
      }
      case 'notify-keyspace-events':
        return [[`${name} ${quoteArg(keyspaceEventsFlagsToString(this.notifyFlags))}`, this.notifyFlags !== 0]];
      case 'bind': {
        const isDefault = this.bindList.length === DEFAULT_BIND.length && this.bindList.every((b, i) => b === DEFAULT_BIND[i]);
        if (isDefault) return [[null, false]];
        return [[`bind ${this.bindList.length > 0 ? this.bindList.join(' ') : '""'}`, true]];
      }
      case 'replicaof':
        if (!this.replicaOf || this.values.get('cluster-enabled')) return [[null, false]];
        return [[`replicaof ${this.replicaOf.host} ${this.replicaOf.port}`, true]];
      case 'latency-tracking-info-percentiles': {
        const list = this.latencyPercentiles.map(formatPercentile).join(' ');
        return [[`${name} ${list.length > 0 ? list : '""'}`, true]];
      }
      default:
        return [[null, false]];
    }
  }

  // ---- typed getters for the directives the server acts on ----

  private num(name: string): number {
    return Number(this.values.get(name) as bigint);
  }

  private enumName(name: string): string {
    return this.get(name) as string;
  }

  get port(): number {
    return this.num('port');
  }
  /** Addresses to listen on; a leading '-' marks one whose failure is not fatal. */
  get bindAddresses(): readonly string[] {
    return this.bindList.map(bytesToUtf8);
  }
  get databases(): number {
    return this.num('databases');
  }
  /** The default user's password as bytes, or null when none is required. */
  get requirepass(): Buffer | null {
    const value = this.values.get('requirepass') as string | null;
    return value === null ? null : Buffer.from(value, 'latin1');
  }
  get loglevel(): 'debug' | 'verbose' | 'notice' | 'warning' {
    const value = this.values.get('loglevel') as number;
    return (LOGLEVELS.find(([, v]) => v === value)?.[0] ?? 'notice') as 'debug' | 'verbose' | 'notice' | 'warning';
  }
  /** Empty means standard output. */
  get logfile(): string {
    return bytesToUtf8(this.values.get('logfile') as string);
  }
  get enableModuleCommand(): 'no' | 'yes' | 'local' {
    return this.enumName('enable-module-command') as 'no' | 'yes' | 'local';
  }
  get enableDebugCommand(): 'no' | 'yes' | 'local' {
    return this.enumName('enable-debug-command') as 'no' | 'yes' | 'local';
  }
  get maxclients(): number {
    return this.num('maxclients');
  }
  /** Idle client timeout in seconds; 0 disables it. */
  get timeout(): number {
    return this.num('timeout');
  }
  get protectedMode(): boolean {
    return this.values.get('protected-mode') as boolean;
  }
  get protoMaxBulkLen(): number {
    return this.num('proto-max-bulk-len');
  }
  get clientQueryBufferLimit(): number {
    return this.num('client-query-buffer-limit');
  }
  get dir(): string {
    return process.cwd();
  }
  get pidfile(): string | null {
    const value = this.values.get('pidfile') as string | null;
    return value === null ? null : bytesToUtf8(value);
  }
  get daemonize(): boolean {
    return this.values.get('daemonize') as boolean;
  }
  /** notify-keyspace-events as REDISMODULE_NOTIFY_* bits. */
  get notifyKeyspaceEvents(): number {
    return this.notifyFlags;
  }
  get maxmemory(): bigint {
    return this.values.get('maxmemory') as bigint;
  }
  get hz(): number {
    return this.num('hz');
  }
  get savePoints(): ReadonlyArray<readonly [seconds: number, changes: number]> {
    return this.save;
  }
}

/** Paths matching a wildcard path, sorted per directory as glob(3) returns them. */
function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let current: string[] = [absolute ? '/' : ''];
  for (const part of parts) {
    if (part === '') continue;
    const next: string[] = [];
    for (const dirPath of current) {
      if (!/[*?[]/.test(part)) {
        const candidate = dirPath === '' ? part : path.join(dirPath, part);
        if (fs.existsSync(candidate)) next.push(candidate);
        continue;
      }
      let entries: string[];
      try {
        entries = fs.readdirSync(dirPath === '' ? '.' : dirPath).sort();
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.startsWith('.') && !part.startsWith('.')) continue;
        if (globMatch(part, entry, false)) next.push(dirPath === '' ? entry : path.join(dirPath, entry));
      }
    }
    current = next;
  }
  return current.filter((p) => p !== '' && p !== '/');
}

// ---------------------------------------------------------------------------------------
// Numeric parsing with Redis's error strings
// ---------------------------------------------------------------------------------------

/** An enum's display: its name, or for flag sets the names of the bits set, in table order. */
function enumName(d: EnumDirective, value: number): string {
  if (d.bitflags && value !== 0) {
    return d.values
      .filter(([, v]) => v !== 0 && (value & v) === v)
      .map(([n]) => n)
      .join(' ');
  }
  return d.values.find(([, v]) => v === value)?.[0] ?? 'unknown';
}

function isUnsigned(d: NumericDirective): boolean {
  return d.storage === 'ulonglong' || d.storage === 'uint' || d.storage === 'size_t';
}

/** A 64-bit signed value, or the error text. */
function parseNumeric(d: NumericDirective, text: string): bigint | string {
  if (d.memory) {
    const bytes = parseMemory(text);
    if (bytes !== null) return BigInt.asIntN(64, bytes);
  }
  if (d.percent && text.length > 1 && text.endsWith('%')) {
    const pct = parseStrictInt(text.slice(0, -1));
    if (pct !== null && pct >= 0n) return -pct;
  }
  if (d.octal) {
    const { value, rest, overflow } = cStrtoll(text, 8);
    if (!overflow && rest === '') return value;
  }
  if (!d.memory && !d.percent && !d.octal) {
    const value = parseStrictInt(text);
    if (value !== null) return value;
  }
  if (d.memory && d.percent) return 'argument must be a memory or percent value';
  if (d.memory) return 'argument must be a memory value';
  if (d.octal) return "argument couldn't be parsed as an octal number";
  return "argument couldn't be parsed into an integer";
}

function checkBounds(d: NumericDirective, value: bigint): string | null {
  if (isUnsigned(d)) {
    const unsigned = BigInt.asUintN(64, value);
    const lo = BigInt.asUintN(64, d.min);
    const hi = BigInt.asUintN(64, d.max);
    if (unsigned > hi || unsigned < lo) {
      const show = (v: bigint): string => (d.octal ? v.toString(8) : v.toString());
      return `argument must be between ${show(lo)} and ${show(hi)} inclusive`;
    }
    return null;
  }
  if (d.percent && value < 0n) {
    return value < d.min ? `percentage argument must be less or equal to ${-d.min}` : null;
  }
  if (value > d.max || value < d.min) return `argument must be between ${d.min} and ${d.max} inclusive`;
  return null;
}

/**
 * Turns redis-server's argv (after the program name) into what main() does: the config
 * file, whether to read stdin, and the option text appended after them. `--name value`
 * becomes the line `name "value"`; words after a value continue the same directive.
 */
export interface ParsedArgv {
  configFile: string | null;
  fromStdin: boolean;
  /** Option lines as one text, or null when there are no arguments at all. */
  options: string | null;
}

export function parseServerArgv(argv: readonly string[]): ParsedArgv {
  if (argv.length === 0) return { configFile: null, fromStdin: false, options: null };
  let j = 0;
  let configFile: string | null = null;
  let fromStdin = false;
  let options = '';
  if (!argv[0].startsWith('-')) {
    configFile = argv[0];
    j = 1;
  }
  let lastNameHadValue = true;
  for (; j < argv.length; j++) {
    const arg = argv[j];
    const isLast = j === argv.length - 1;
    if (arg === '-' && (j === 0 || isLast)) {
      fromStdin = true;
    } else if (lastNameHadValue && arg.startsWith('--')) {
      if (options.length > 0) options += '\n';
      options += arg.slice(2) + ' ';
      const words = splitArgs(arg);
      if (words !== null && words.length === 1) {
        lastNameHadValue = false;
        // `--save` followed by another option, or last, means `save ""` (pre-7.0 habit).
        if (arg.toLowerCase() === '--save' && (isLast || argv[j + 1].startsWith('--'))) {
          options += '""';
          lastNameHadValue = !isLast;
        }
      } else {
        lastNameHadValue = true;
      }
    } else {
      options += quoteArg(arg) + ' ';
      lastNameHadValue = true;
    }
  }
  return { configFile, fromStdin, options };
}
