// The one command table: built-in and module commands alike. Lookup is on the
// hot path of every request, so names are kept lower-case and a lower-case
// request name hits the Map without being converted.
import type { CommandContext, CommandSpec } from './types';
import type { Server } from '../server/server';
import type { Client } from '../server/client';

export type Command = CommandSpec<Server, Client>;
export type Context = CommandContext<Server, Client>;
/** Everything of a command but its behaviour: what COMMAND INFO/DOCS report. */
export type CommandMeta = Omit<Command, 'handler' | 'subcommands' | 'getKeys'>;
export type Handler = Command['handler'];

export function defineCommand(meta: CommandMeta, handler: Handler, getKeys?: Command['getKeys']): Command {
  const spec: Command = { ...meta, handler };
  if (getKeys !== undefined) spec.getKeys = getKeys;
  return spec;
}

/**
 * A container such as CLIENT: its own handler never runs for a known
 * subcommand, because dispatch resolves the subcommand first.
 */
export function defineContainer(meta: CommandMeta, subcommands: Command[], handler?: Handler): Command {
  const subs = new Map<string, Command>();
  for (const sub of subcommands) subs.set(sub.name.slice(sub.name.indexOf('|') + 1), sub);
  return { ...meta, subcommands: subs, handler: handler ?? (() => undefined) };
}

export class CommandTable {
  private readonly byName = new Map<string, Command>();

  add(spec: Command): void {
    this.byName.set(spec.name.toLowerCase(), spec);
    this.recentCommand = [undefined, undefined];
  }

  /** Removes a top-level command (its subcommands go with it). */
  remove(name: string): boolean {
    this.recentCommand = [undefined, undefined];
    return this.byName.delete(name.toLowerCase());
  }

  // Pipelines repeat a command, and a module command calling another through
  // RedisModule_Call alternates two: the last two names looked up are
  // compared byte by byte before a string is built and hashed.
  private recentName: [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];
  private recentCommand: [Command | undefined, Command | undefined] = [undefined, undefined];

  lookup(name: Buffer): Command | undefined {
    for (let slot = 0; slot < 2; slot++) {
      const cached = this.recentCommand[slot];
      if (cached === undefined) continue;
      const last = this.recentName[slot];
      const len = name.length;
      if (len !== last.length) continue;
      let i = 0;
      while (i < len && name[i] === last[i]) i++;
      if (i === len) return cached;
    }
    const raw = name.toString('latin1');
    const found = this.byName.get(raw) ?? this.byName.get(raw.toLowerCase());
    if (found !== undefined) {
      this.recentName[1] = this.recentName[0];
      this.recentCommand[1] = this.recentCommand[0];
      this.recentName[0] = Buffer.from(name);
      this.recentCommand[0] = found;
    }
    return found;
  }

  lookupString(name: string): Command | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  lookupSubcommand(parent: Command, name: Buffer): Command | undefined {
    const subs = parent.subcommands;
    if (subs === undefined) return undefined;
    const raw = name.toString('latin1');
    return subs.get(raw) ?? subs.get(raw.toLowerCase());
  }

  /** "get" or "client|list", as COMMAND INFO and DOCS accept them. */
  lookupFullName(fullName: string): Command | undefined {
    const bar = fullName.indexOf('|');
    if (bar < 0) return this.lookupString(fullName);
    const parent = this.lookupString(fullName.slice(0, bar));
    const subs = parent?.subcommands;
    if (subs === undefined) return undefined;
    // Redis resolves only one level: "a|b|c" names nothing.
    const subName = fullName.slice(bar + 1).toLowerCase();
    if (subName.includes('|')) return undefined;
    return subs.get(subName);
  }

  all(): IterableIterator<Command> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }
}

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;

/**
 * A signed 64-bit integer written as Redis's string2ll accepts it: optional
 * '-', digits, no leading zeros, no spaces or '+'. Null when it is not one.
 * Values past 2^53 lose precision as JS numbers.
 */
export function parseInteger(arg: Buffer): number | null {
  const len = arg.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let negative = false;
  if (arg[0] === 0x2d) {
    negative = true;
    i = 1;
    if (len === 1) return null;
  }
  if (arg[i] === 0x30) return len === 1 ? 0 : null;
  let value = 0;
  for (; i < len; i++) {
    const d = arg[i] - 0x30;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  if (value > 9007199254740991) {
    const big = BigInt(arg.toString('latin1'));
    if (big > MAX_INT64 || big < MIN_INT64) return null;
  }
  return negative ? -value : value;
}

/** Compares an argument with a lower-case ASCII word, ignoring case. */
export function equalsIgnoreCase(arg: Buffer, lowerWord: string): boolean {
  const len = lowerWord.length;
  if (arg.length !== len) return false;
  for (let i = 0; i < len; i++) {
    let c = arg[i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lowerWord.charCodeAt(i)) return false;
  }
  return true;
}
