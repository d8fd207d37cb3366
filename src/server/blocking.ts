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
    client.resumeInput();
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
    this.timer = setTimeout(() => this.expire(), Math.max(0, deadline - Date.now()));
    // A waiting client keeps the server alive through its socket, not this timer.
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
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

/**
 * A timeout argument of a blocking command, in seconds with decimals as
 * Redis's getTimeoutFromObjectOrReply reads it: ms deadline, 0 = forever, or
 * an error reply text.
 */
export function parseBlockTimeout(arg: Buffer, now: number = Date.now()): number | string {
  const text = arg.toString('latin1');
  // strtold-like, but Redis refuses anything that is not a plain finite number.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return 'ERR timeout is not a float or out of range';
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) return 'ERR timeout is not a float or out of range';
  if (seconds < 0) return 'ERR timeout is negative';
  const ms = Math.round(seconds * 1000);
  if (ms > 0 && ms + now > Number.MAX_SAFE_INTEGER) return 'ERR timeout is out of range';
  return ms === 0 ? 0 : now + ms;
}
