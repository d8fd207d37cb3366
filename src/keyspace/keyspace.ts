// The databases. Keys are the key's bytes read as latin1 (one char per byte,
// so the mapping is 1:1 and binary keys are safe); values keep their bytes.

/** A stored value. Later types (list, hash, set, zset, stream, module) extend this union. */
export type RedisValue = StringValue;

export interface StringValue {
  type: 'string';
  value: Buffer;
}

export interface Entry {
  value: RedisValue;
  /** Absolute deadline in ms since the epoch; 0 = no expiry. */
  expiresAt: number;
}

export class Database {
  readonly entries = new Map<string, Entry>();
  /** Keys that have a deadline: lets INFO count expires without a scan. */
  private readonly withExpiry = new Set<string>();

  constructor(readonly index: number) {}

  /** The live entry for a key, removing it first if its deadline has passed. */
  lookup(key: string, now: number = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== 0 && entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Replaces the value; keeps the key's deadline only when `keepTtl`. */
  set(key: string, value: RedisValue, expiresAt = 0, keepTtl = false): void {
    const old = this.entries.get(key);
    if (old !== undefined && keepTtl) {
      old.value = value;
      return;
    }
    this.entries.set(key, { value, expiresAt });
    if (expiresAt !== 0) this.withExpiry.add(key);
    else if (old !== undefined && old.expiresAt !== 0) this.withExpiry.delete(key);
  }

  setExpiry(key: string, expiresAt: number): boolean {
    const entry = this.lookup(key);
    if (entry === undefined) return false;
    entry.expiresAt = expiresAt;
    if (expiresAt !== 0) this.withExpiry.add(key);
    else this.withExpiry.delete(key);
    return true;
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    if (entry.expiresAt !== 0) this.withExpiry.delete(key);
    return true;
  }

  /** Removes a key if it exists and has not expired; true when something live was removed. */
  deleteLive(key: string): boolean {
    if (this.lookup(key) === undefined) return false;
    return this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get expiresCount(): number {
    return this.withExpiry.size;
  }

  /** Mean remaining TTL in ms over keys with a deadline, as INFO keyspace's avg_ttl. */
  averageTtl(now: number = Date.now()): number {
    if (this.withExpiry.size === 0) return 0;
    let sum = 0;
    let count = 0;
    for (const key of this.withExpiry) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      const left = entry.expiresAt - now;
      if (left > 0) {
        sum += left;
        count++;
      }
    }
    return count === 0 ? 0 : Math.floor(sum / count);
  }

  clear(): void {
    this.entries.clear();
    this.withExpiry.clear();
  }
}

export class Keyspace {
  readonly dbs: Database[];

  constructor(databases = 16) {
    this.dbs = [];
    for (let i = 0; i < databases; i++) this.dbs.push(new Database(i));
  }

  get count(): number {
    return this.dbs.length;
  }

  db(index: number): Database {
    return this.dbs[index];
  }

  flushAll(): number {
    let removed = 0;
    for (const db of this.dbs) {
      removed += db.size;
      db.clear();
    }
    return removed;
  }
}

/** The Map key for a key's bytes. */
export function keyOf(key: Buffer): string {
  return key.toString('latin1');
}
