// Clients blocked on keys (BLPOP, BZPOPMIN, XREAD BLOCK, ...), as Redis's
// blocked.c does it: a client waits on keys in FIFO order per key; a command
// that gives a key data signals it ready; after each top-level command the
// ready keys are served, oldest waiter first; deadlines reply the timeout.
//
// A blocked client reads no further commands: its parser is paused and its
// pipelined requests run once it is served (or times out).
import type { Client } from './client';

export interface BlockRequest {
  /** The database the keys are in (the client's, when it blocked). */
  db: number;
  /** Keys waited on (Map keys: latin1 of the bytes). */
  keys: string[];
  /** Absolute deadline, ms since the epoch; 0 = wait forever. */
  deadline: number;
  /**
   * `key` has data now: serve the client if the command can be completed
   * (write its reply) and return true, or return false to keep waiting.
   */
  serve(key: string): boolean;
  /** The deadline passed: write the timeout reply. */
  timeout(): void;
}

/** "db\0key": the index of waiters across databases. */
function slot(db: number, key: string): string {
  return `${db}\u0000${key}`;
}

export class BlockingRegistry {
  private readonly waiters = new Map<string, Client[]>();
  private readonly ready = new Set<string>();
  private readonly deadlines = new Set<Client>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  /**
   * Clients served while ready keys are being handled: their pipelined input
   * runs after every ready key is served, as Redis processes unblocked
   * clients after handleClientsBlockedOnKeys.
   */
  private readonly toResume: Client[] = [];
  private serving = false;

  /** Number of clients blocked on keys (INFO blocked_clients). */
  get blockedCount(): number {
    let n = 0;
    const seen = new Set<Client>();
    for (const list of this.waiters.values()) for (const c of list) if (!seen.has(c)) (seen.add(c), n++);
    return n;
  }

  get hasReady(): boolean {
    return this.ready.size > 0;
  }

  block(client: Client, request: BlockRequest): void {
    client.blocked = request;
    client.pauseInput();
    for (const key of request.keys) {
      const s = slot(request.db, key);
      const list = this.waiters.get(s);
      if (list === undefined) this.waiters.set(s, [client]);
      else if (!list.includes(client)) list.push(client);
    }
    if (request.deadline !== 0) {
      this.deadlines.add(client);
      this.schedule(request.deadline);
    }
  }

  /**
   * Ends a client's wait without a reply of ours (served, timed out, CLIENT
   * UNBLOCK, disconnect). Its pipelined input runs again unless it is gone.
   */
  unblock(client: Client): void {
    const request = client.blocked;
    if (request === null) return;
    client.blocked = null;
    for (const key of request.keys) {
      const s = slot(request.db, key);
      const list = this.waiters.get(s);
      if (list === undefined) continue;
      const i = list.indexOf(client);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.waiters.delete(s);
    }
    this.deadlines.delete(client);
    this.toResume.push(client);
    if (!this.serving) this.resumeServed();
  }

  private resumeServed(): void {
    while (this.toResume.length > 0) this.toResume.shift()!.resumeInput();
  }

  /** A key got data: remember it if someone waits for it (Redis's signalKeyAsReady). */
  signal(db: number, key: string): void {
    const s = slot(db, key);
    if (this.waiters.has(s)) this.ready.add(s);
  }

  /** Every key of a database may have changed (FLUSHDB, SWAPDB): re-check its waiters. */
  signalAll(db: number): void {
    const prefix = `${db}\u0000`;
    for (const s of this.waiters.keys()) if (s.startsWith(prefix)) this.ready.add(s);
  }

  /**
   * Serves clients waiting on the keys signalled so far, oldest first. Serving
   * may signal more keys (BLMOVE pushes to its destination): loops until none
   * are left. Called after each top-level command.
   */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      this.serveReadyKeys();
    } finally {
      this.serving = false;
    }
    this.resumeServed();
  }

  private serveReadyKeys(): void {
    while (this.ready.size > 0) {
      const keys = [...this.ready];
      this.ready.clear();
      for (const s of keys) {
        const list = this.waiters.get(s);
        if (list === undefined) continue;
        const key = s.slice(s.indexOf('\u0000') + 1);
        for (const client of [...list]) {
          const request = client.blocked;
          if (request === null) continue;
          if (!request.serve(key)) continue;
          this.unblock(client);
          client.flush();
        }
      }
    }
  }

  private schedule(deadline: number): void {
    if (this.timer !== null && this.timerAt <= deadline) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = deadline;
    // setTimeout takes at most 2^31-1 ms (about 24.8 days); a later deadline
    // is reached through expire() rescheduling.
    const delay = Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.expire(), delay);
    // A waiting client keeps the server alive through its socket, not this timer.
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    this.serving = true;
    try {
      this.expireDue();
    } finally {
      this.serving = false;
    }
    this.resumeServed();
  }

  private expireDue(): void {
    const now = Date.now();
    let next = 0;
    for (const client of [...this.deadlines]) {
      const request = client.blocked;
      if (request === null) continue;
      if (request.deadline <= now) {
        request.timeout();
        this.unblock(client);
        client.flush();
      } else if (next === 0 || request.deadline < next) {
        next = request.deadline;
      }
    }
    if (next !== 0) this.schedule(next);
  }

  /** Stops the deadline timer (server stop). */
  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

const ERR_TIMEOUT_FLOAT = 'ERR timeout is not a float or out of range';
const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';
const LLONG_MAX = 9223372036854775807n;

/**
 * A blocking timeout in seconds, as Redis 7.0.15 reads it: strtold's syntax
 * (decimal or hex, "inf"; not NaN, no leading space, nothing after the
 * number, a NUL ends it), overflow and underflow to zero refused; then
 * ceil(seconds * 1000) as a long long, whose overflow reads as negative.
 * Returns the deadline in ms (0: wait forever) or an error text. A deadline
 * past the int64 range never comes in Redis: here it is "forever" too.
 */
export function parseBlockTimeout(arg: Buffer, now: number = Date.now()): number | string {
  const len = arg.length;
  if (len === 0 || len >= 5 * 1024) return ERR_TIMEOUT_FLOAT;
  const nul = arg.indexOf(0);
  const text = arg.toString('latin1', 0, nul < 0 ? len : nul);
  if (text.length === 0) return 0;
  if (/^[ \t\n\v\f\r]/.test(text)) return ERR_TIMEOUT_FLOAT;
  const ms = timeoutMillis(text);
  if (typeof ms === 'string') return ms;
  if (ms < 0n) return ERR_TIMEOUT_NEGATIVE;
  if (ms === 0n) return 0;
  if (ms > LLONG_MAX - BigInt(now)) return 0;
  return now + Number(ms);
}

/** ceil(seconds * 1000) of a timeout's text, exactly, with long long overflow as Redis gets it. */
function timeoutMillis(text: string): bigint | string {
  let sign = 1n;
  let body = text;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1n;
    body = body.slice(1);
  }
  if (/^(inf|infinity)$/i.test(body)) return -9223372036854775808n;
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body);
  if (hex !== null) {
    const digits = (hex[1] + (hex[2] ?? '')).replace(/^0+/, '');
    if (hex[1].length + (hex[2] ?? '').length === 0) return ERR_TIMEOUT_FLOAT;
    if (digits.length === 0) return 0n;
    // value = digits * 2^e2; its magnitude is 2^(bits + e2) at most.
    const e2 = Number(hex[3] ?? '0') - 4 * (hex[2] ?? '').length;
    const mantissa = BigInt(`0x${digits}`);
    const bits = mantissa.toString(2).length;
    if (bits + e2 > 16384) return ERR_TIMEOUT_FLOAT;
    if (bits + e2 < -16444) return ERR_TIMEOUT_FLOAT;
    if (bits + e2 > 64) return -9223372036854775808n;
    const scaled = mantissa * 1000n;
    let ms: bigint;
    if (e2 >= 0) ms = scaled << BigInt(e2);
    else {
      const shift = BigInt(-e2);
      ms = scaled >> shift;
      const exact = (ms << shift) === scaled;
      if (sign > 0n && !exact) ms += 1n;
    }
    return clampMillis(sign * ms);
  }
  const dec = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(body);
  if (dec === null) return ERR_TIMEOUT_FLOAT;
  const intDigits = dec[1];
  const fracDigits = dec[2] ?? '';
  if (intDigits.length + fracDigits.length === 0) return ERR_TIMEOUT_FLOAT;
  const all = intDigits + fracDigits;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return 0n;
  const digits = all.slice(lead).replace(/0+$/, '');
  // value = 0.<digits> * 10^magnitude
  const exponent = dec[3] === undefined ? 0 : Number(dec[3]);
  const magnitude = intDigits.length - lead + exponent;
  // Long double: at most 1.18973149535723176502e4932; below about 1.8e-4951 it is 0.
  if (magnitude > 4933 || (magnitude === 4933 && `0.${digits}` > '0.118973149535723176502')) return ERR_TIMEOUT_FLOAT;
  if (magnitude < -4950 || (magnitude === -4950 && `0.${digits}` < '0.18225997659412373')) return ERR_TIMEOUT_FLOAT;
  const msMagnitude = magnitude + 3;
  if (msMagnitude > 20) return -9223372036854775808n;
  if (msMagnitude <= 0) return sign > 0n ? 1n : 0n;
  const whole = digits.length <= msMagnitude ? BigInt(digits) * 10n ** BigInt(msMagnitude - digits.length) : BigInt(digits.slice(0, msMagnitude));
  const fraction = digits.length > msMagnitude;
  return clampMillis(sign > 0n ? whole + (fraction ? 1n : 0n) : -whole);
}

/** A long long conversion of an out-of-range value gives LLONG_MIN on x86-64. */
function clampMillis(ms: bigint): bigint {
  if (ms > LLONG_MAX || ms < -LLONG_MAX - 1n) return -9223372036854775808n;
  return ms;
}

