// MONITOR: every command that ran, as one status line per command sent to
// the clients that asked for it, in Redis's format:
//   +1700000000.123456 [0 127.0.0.1:50000] "SET" "k" "v"
// Fed after the command ran (so SELECT shows the new db, EXEC follows the
// commands it ran), never for commands Redis keeps out of the feed: those
// flagged admin or skip_monitor, and requests rejected before running.
import type { Client } from './client';
import type { Command } from '../commands/table';
import type { PubSub } from './pubsub';

const REDACTED = '"(redacted)"';

export class MonitorFeed {
  private readonly monitors = new Set<Client>();

  constructor(private readonly pubsub: PubSub) {}

  get active(): boolean {
    return this.monitors.size > 0;
  }

  has(client: Client): boolean {
    return this.monitors.has(client);
  }

  add(client: Client): void {
    this.monitors.add(client);
  }

  remove(client: Client): void {
    this.monitors.delete(client);
  }

  /** Called after each command that ran (see server.ts execute). */
  feed(client: Client, cmd: Command, argv: Buffer[]): void {
    const flags = cmd.flags;
    if (flags.includes('admin') || flags.includes('skip_monitor')) return;
    const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const seconds = Math.floor(micros / 1e6);
    const fraction = String(micros - seconds * 1e6).padStart(6, '0');
    const redact = redactedArgs(cmd.name, argv);
    let line = `+${seconds}.${fraction} [${client.dbIndex} ${client.addr === '' ? '?:0' : client.addr}]`;
    for (let i = 0; i < argv.length; i++) line += ' ' + (redact?.has(i) ? REDACTED : quoteArg(argv[i]));
    line += '\r\n';
    const bytes = Buffer.from(line, 'latin1');
    for (const m of this.monitors) {
      if (m.closed) continue;
      m.reply.raw(bytes);
      this.pubsub.flushSoon(m);
    }
  }
}

/** Arguments Redis replaces with "(redacted)" in the feed (credentials). */
function redactedArgs(name: string, argv: Buffer[]): Set<number> | null {
  if (name === 'auth') {
    const all = new Set<number>();
    for (let i = 1; i < argv.length; i++) all.add(i);
    return all;
  }
  if (name === 'hello' || name === 'migrate') {
    let found: Set<number> | null = null;
    for (let i = 1; i < argv.length; i++) {
      const word = argv[i].toString('latin1').toLowerCase();
      // HELLO/MIGRATE AUTH <user> <pass>... MIGRATE AUTH takes one (password), AUTH2 two.
      const count = word === 'auth' ? (name === 'hello' ? 2 : 1) : word === 'auth2' && name === 'migrate' ? 2 : 0;
      if (count === 0) continue;
      found ??= new Set();
      for (let j = 1; j <= count && i + j < argv.length; j++) found.add(i + j);
      i += count;
    }
    return found;
  }
  return null;
}

/** An argument as Redis's sdscatrepr writes it: quoted, escapes for quotes, controls and non-printables. */
export function quoteArg(arg: Buffer): string {
  let out = '"';
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}
