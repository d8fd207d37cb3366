// The one command table: built-in and module commands alike. Lookup is on the
// hot path of every request, so names are kept lower-case and a lower-case
// request name hits the Map without being converted.
import type { CommandContext, CommandSpec } from './types';
import { parseInt64Number } from '../util/string2ll';
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



/**
 * A signed 64-bit integer argument as Redis's string2ll accepts it, as a
 * number (past 2^53 the nearest double); null when it is not one.
 */
export const parseInteger: (arg: Buffer) => number | null = parseInt64Number;

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
