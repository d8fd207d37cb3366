// The databases. Keys are the key's bytes read as latin1 (one char per byte,
// so the mapping is 1:1 and binary keys are safe); values keep their bytes.
//
// One Entry per key holds the value, its deadline and its access time. A
// string value is the Buffer itself (no wrapper object: strings are most of
// the keys); every other type is an object with a `type` tag, one file per
// type beside this one. What happens to keys (writes, deletions, expiry) is
// reported here, once, to the listeners that need it: keyspace
// notifications, WATCH, clients blocked on keys.
import { HashValue } from './hash';
import { ListValue } from './list';
import { SetValue } from './set';
import { StreamValue } from './stream';
import { ModuleValue } from './module-value';
import { SortedSet } from './zset';

export { HashValue, ListValue, SetValue, StreamValue, ModuleValue, SortedSet };

/** A stored value: a string is its bytes; the other types carry a `type` tag. */
export type RedisValue = Buffer | ListValue | HashValue | SetValue | SortedSet | StreamValue | ModuleValue;
export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream' | 'module';

export function typeOf(value: RedisValue): ValueType {
  return value instanceof Uint8Array ? 'string' : value.type;
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/** Returned by the typed lookups when the key holds another type. */
export const WRONG_TYPE: unique symbol = Symbol('wrong type');
export type WrongType = typeof WRONG_TYPE;

/** Keyspace notification classes (bit values of REDISMODULE_NOTIFY_*). */
export { NOTIFY } from '../server/config-table';

export class Entry {
  /** Last access, ms since the epoch (OBJECT IDLETIME). */
  lru: number;
  /** Access counter for OBJECT FREQ (Redis's LFU counter semantics are the strings helper's concern). */
  freq = 0;
  /**
   * Strings only: true once the value was edited in place (APPEND, SETRANGE,
   * SETBIT, ...), which Redis reports as encoding "raw" whatever its length.
   */
  rawEncoding = false;

  constructor(
    public value: RedisValue,
    /** Absolute deadline in ms since the epoch; 0 = no expiry. */
    public expiresAt: number,
    now: number,
  ) {
    this.lru = now;
  }
}

/** Who hears about keys: set by the server (pub/sub, WATCH, blocking) and by modules. */
export interface KeyspaceListener {
  /** A keyspace event of class `cls` (NOTIFY bits) named `event` on `key`. */
  notify?(cls: number, event: string, key: Buffer, db: number): void;
  /** The key's value changed or the key went away (WATCH, client-side caching). */
  modified?(db: number, key: string): void;
  /**
   * Every key of `db` changed at once (FLUSHDB, FLUSHALL, SWAPDB). `hadKey`
   * tells which keys existed in what was replaced (WATCH touches only those).
   */
  modifiedAll?(db: number, hadKey: (key: string) => boolean): void;
  /** A key that blocked clients may wait for now holds data (push, add). */
  ready?(db: number, key: string): void;
}

export class Database {
  readonly entries = new Map<string, Entry>();
  /** Keys that have a deadline: INFO counts them, the expiry heap indexes them. */
  private readonly withExpiry = new Set<string>();
  private readonly heap = new ExpiryHeap();

  constructor(
    readonly keyspace: Keyspace,
    public index: number,
  ) {}

  /**
   * The live entry for a key, expiring it first if its deadline has passed.
   * No statistics, no access time: for existence checks and writes.
   */
  lookup(key: string, now: number = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== 0 && entry.expiresAt <= now) {
      this.expire(key);
      return undefined;
    }
    return entry;
  }

  /** A read by a command: counts a keyspace hit or miss and touches the access time. */
  lookupRead(key: string, now: number = Date.now()): Entry | undefined {
    const entry = this.lookup(key, now);
    if (entry === undefined) {
      this.keyspace.stats.misses++;
      // 'keymiss' is not part of "A": only built when someone asked for it.
      if ((this.keyspace.notifyFlags & NOTIFY_KEY_MISS) !== 0 || this.keyspace.keyMissListeners > 0) {
        this.keyspace.notifyEvent(NOTIFY_KEY_MISS, 'keymiss', Buffer.from(key, 'latin1'), this.index);
      }
      return undefined;
    }
    this.keyspace.stats.hits++;
    if (!this.keyspace.noTouch) entry.lru = now;
    return entry;
  }

  /** A write by a command: the live entry, access time touched, no hit/miss counted. */
  lookupWrite(key: string, now: number = Date.now()): Entry | undefined {
    const entry = this.lookup(key, now);
    if (entry !== undefined && !this.keyspace.noTouch) entry.lru = now;
    return entry;
  }

  /** The value if it has `type`, undefined if the key is missing, WRONG_TYPE otherwise (a read). */
  readTyped<T extends Exclude<RedisValue, Buffer>>(key: string, type: T['type']): T | undefined | WrongType {
    const entry = this.lookupRead(key);
    if (entry === undefined) return undefined;
    const value = entry.value;
    if (value instanceof Uint8Array || value.type !== type) return WRONG_TYPE;
    return value as T;
  }

  /** As readTyped, for a command that will write the value. */
  writeTyped<T extends Exclude<RedisValue, Buffer>>(key: string, type: T['type']): T | undefined | WrongType {
    const entry = this.lookupWrite(key);
    if (entry === undefined) return undefined;
    const value = entry.value;
    if (value instanceof Uint8Array || value.type !== type) return WRONG_TYPE;
    return value as T;
  }

  /** A string value (a read): its bytes, undefined if missing, WRONG_TYPE otherwise. */
  readString(key: string): Buffer | undefined | WrongType {
    const entry = this.lookupRead(key);
    if (entry === undefined) return undefined;
    return entry.value instanceof Uint8Array ? (entry.value as Buffer) : WRONG_TYPE;
  }

  /**
   * Stores a value, replacing any (Redis's setKey): the deadline goes unless
   * `keepTtl`. Signals the modification; the caller sends the notification,
   * whose event name depends on the command.
   */
  set(key: string, value: RedisValue, expiresAt = 0, keepTtl = false): Entry {
    const now = Date.now();
    const old = this.lookup(key, now);
    if (old !== undefined) {
      old.value = value;
      old.rawEncoding = false;
      old.lru = now;
      if (!keepTtl) this.setDeadline(key, old, expiresAt);
      this.keyspace.modified(this.index, key);
      return old;
    }
    const entry = new Entry(value, 0, now);
    this.entries.set(key, entry);
    this.setDeadline(key, entry, expiresAt);
    this.keyspace.modified(this.index, key);
    this.created(key);
    return entry;
  }

  /**
   * Adds a key known to be absent (a command creating a list, hash, ...).
   * Signals the modification; a command that makes data blocked clients wait
   * for also calls keyspace.signalReady.
   */
  add(key: string, value: RedisValue): Entry {
    const entry = new Entry(value, 0, Date.now());
    this.entries.set(key, entry);
    this.keyspace.modified(this.index, key);
    this.created(key);
    return entry;
  }

  /** Redis's dbAdd fires 'new' (class n), built only when someone asked for it. */
  private created(key: string): void {
    if ((this.keyspace.notifyFlags & NOTIFY_NEW) !== 0 || this.keyspace.newKeyListeners > 0) {
      this.keyspace.notifyEvent(NOTIFY_NEW, 'new', Buffer.from(key, 'latin1'), this.index);
    }
  }

  /** Sets or clears (0) a live key's deadline; false when the key is missing. */
  setExpiry(key: string, expiresAt: number): boolean {
    const entry = this.lookup(key);
    if (entry === undefined) return false;
    this.setDeadline(key, entry, expiresAt);
    return true;
  }

  private setDeadline(key: string, entry: Entry, expiresAt: number): void {
    entry.expiresAt = expiresAt;
    if (expiresAt !== 0) {
      this.withExpiry.add(key);
      this.heap.push(expiresAt, key);
    } else {
      this.withExpiry.delete(key);
    }
  }

  /**
   * A value changed in place (LPUSH onto a list, HSET, ...): what Redis's
   * signalModifiedKey does (WATCH). set/add/delete/take/put signal by themselves.
   */
  modified(key: string): void {
    this.keyspace.modified(this.index, key);
  }

  /** A keyspace event on a key of this database (NOTIFY class bits, Redis's event name). */
  notify(cls: number, event: string, key: Buffer): void {
    this.keyspace.notifyEvent(cls, event, key, this.index);
  }

  /** The key now holds data blocked clients may wait for (list push, zset add, stream add). */
  signalReady(key: string): void {
    this.keyspace.signalReady(this.index, key);
  }

  /** Removes a key (no check of its deadline). Signals it; true when it existed. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    if (entry.expiresAt !== 0) this.withExpiry.delete(key);
    this.keyspace.modified(this.index, key);
    return true;
  }

  /** Removes a key if it exists and has not expired; true when something live was removed. */
  deleteLive(key: string): boolean {
    if (this.lookup(key) === undefined) return false;
    return this.delete(key);
  }

  /** Moves an entry out of this database as it is (RENAME, MOVE, SWAPDB helpers). */
  take(key: string): Entry | undefined {
    const entry = this.lookup(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt !== 0) this.withExpiry.delete(key);
    this.keyspace.modified(this.index, key);
    return entry;
  }

  /** Puts an entry taken from elsewhere, deadline and all, replacing any. */
  put(key: string, entry: Entry): void {
    const old = this.entries.get(key);
    if (old !== undefined && old.expiresAt !== 0) this.withExpiry.delete(key);
    this.entries.set(key, entry);
    if (entry.expiresAt !== 0) {
      this.withExpiry.add(key);
      this.heap.push(entry.expiresAt, key);
    }
    this.keyspace.modified(this.index, key);
    if (old === undefined) this.created(key);
  }

  /** Deletes a key whose deadline has passed, as Redis's expireIfNeeded does. */
  private expire(key: string): void {
    this.entries.delete(key);
    this.withExpiry.delete(key);
    this.keyspace.stats.expiredKeys++;
    this.keyspace.notifyEvent(NOTIFY_EXPIRED, 'expired', Buffer.from(key, 'latin1'), this.index);
    this.keyspace.modified(this.index, key);
  }

  /**
   * Deletes up to `limit` keys whose deadline has passed, earliest first.
   * Returns how many were deleted.
   */
  expireDue(now: number, limit: number): number {
    let done = 0;
    while (done < limit) {
      const top = this.heap.peek();
      if (top === undefined || top.at > now) break;
      this.heap.pop();
      const entry = this.entries.get(top.key);
      // Stale heap items (deadline changed or key gone) are skipped.
      if (entry === undefined || entry.expiresAt !== top.at) continue;
      this.expire(top.key);
      done++;
    }
    return done;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * A random live key (RANDOMKEY, RedisModule_RandomKey), or undefined when
   * the database is empty. Expired picks are deleted and another is drawn,
   * as Redis's dbRandomKey does.
   */
  randomKey(): string | undefined {
    while (this.entries.size > 0) {
      let skip = Math.floor(Math.random() * this.entries.size);
      let picked: string | undefined;
      for (const key of this.entries.keys()) {
        if (skip-- === 0) {
          picked = key;
          break;
        }
      }
      if (picked === undefined) break;
      if (this.lookup(picked) !== undefined) return picked;
    }
    return undefined;
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

  /** Removes every key (FLUSHDB); signals the whole database first, while its keys are known. */
  clear(): void {
    const entries = this.entries;
    this.keyspace.modifiedAll(this.index, (key) => entries.has(key));
    this.entries.clear();
    this.withExpiry.clear();
    this.heap.clear();
  }
}

const NOTIFY_EXPIRED = 1 << 8;
const NOTIFY_KEY_MISS = 1 << 11;
const NOTIFY_NEW = 1 << 14;
const NOTIFY_KEYSPACE = 1 << 0;
const NOTIFY_KEYEVENT = 1 << 1;

export interface KeyspaceStats {
  hits: number;
  misses: number;
  expiredKeys: number;
  /** Writes since start (INFO rdb_changes_since_last_save until persistence exists). */
  dirty: number;
}

export class Keyspace {
  readonly dbs: Database[];
  readonly stats: KeyspaceStats = { hits: 0, misses: 0, expiredKeys: 0, dirty: 0 };
  /** notify-keyspace-events as NOTIFY bits; the server keeps it in step with the config. */
  notifyFlags = 0;
  /** Set while a command must not touch access times (CLIENT NO-TOUCH, OBJECT, DEBUG). */
  noTouch = false;
  /** Listeners that want 'keymiss' events whatever the config says (module subscriptions). */
  keyMissListeners = 0;
  /** Listeners that want 'new' events whatever the config says (module subscriptions). */
  newKeyListeners = 0;
  /** DEBUG SET-ACTIVE-EXPIRE: whether the periodic cycle deletes expired keys. */
  activeExpire = true;
  private readonly listeners: KeyspaceListener[] = [];

  constructor(databases = 16) {
    this.dbs = [];
    for (let i = 0; i < databases; i++) this.dbs.push(new Database(this, i));
  }

  get count(): number {
    return this.dbs.length;
  }

  db(index: number): Database {
    return this.dbs[index];
  }

  /** `first`: heard before the listeners already there (module subscribers hear events before pub/sub, as in Redis). */
  listen(listener: KeyspaceListener, first = false): () => void {
    if (first) this.listeners.unshift(listener);
    else this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * A keyspace event, as Redis's notifyKeyspaceEvent: listeners always hear
   * it (module subscriptions filter themselves); pub/sub channels only when
   * notify-keyspace-events enables the class.
   */
  notifyEvent(cls: number, event: string, key: Buffer, db: number): void {
    for (const l of this.listeners) l.notify?.(cls, event, key, db);
  }

  /** Whether pub/sub should carry an event of class `cls`, and on which channels. */
  publishes(cls: number): { keyspace: boolean; keyevent: boolean } | null {
    const flags = this.notifyFlags;
    if ((flags & cls) === 0) return null;
    const keyspace = (flags & NOTIFY_KEYSPACE) !== 0;
    const keyevent = (flags & NOTIFY_KEYEVENT) !== 0;
    return keyspace || keyevent ? { keyspace, keyevent } : null;
  }

  modified(db: number, key: string): void {
    this.stats.dirty++;
    for (const l of this.listeners) l.modified?.(db, key);
  }

  modifiedAll(db: number, hadKey: (key: string) => boolean): void {
    for (const l of this.listeners) l.modifiedAll?.(db, hadKey);
  }

  /** A key blocked clients may be waiting for now has data (Redis's signalKeyAsReady). */
  signalReady(db: number, key: string): void {
    for (const l of this.listeners) l.ready?.(db, key);
  }

  flushAll(): number {
    let removed = 0;
    for (const db of this.dbs) {
      removed += db.size;
      db.clear();
    }
    return removed;
  }

  /** SWAPDB: the two databases trade contents; clients keep their db index. */
  swap(a: number, b: number): void {
    const dbA = this.dbs[a];
    const dbB = this.dbs[b];
    this.dbs[a] = dbB;
    this.dbs[b] = dbA;
    dbA.index = b;
    dbB.index = a;
    const either = (key: string): boolean => dbA.entries.has(key) || dbB.entries.has(key);
    this.modifiedAll(a, either);
    this.modifiedAll(b, either);
  }

  /**
   * One round of active expiry over every database: at most `budget` keys
   * deleted in all, earliest deadlines first. Returns how many were deleted.
   */
  activeExpireCycle(now: number = Date.now(), budget = 1000): number {
    if (!this.activeExpire) return 0;
    let done = 0;
    for (const db of this.dbs) {
      if (done >= budget) break;
      done += db.expireDue(now, budget - done);
    }
    return done;
  }
}

/** The Map key for a key's bytes. */
export function keyOf(key: Buffer): string {
  return key.toString('latin1');
}

/** A key's bytes from its Map key. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/**
 * Deadlines in a binary min-heap, so active expiry finds due keys without a
 * scan. Items go stale when a deadline changes or a key goes; the entry's
 * own deadline is the truth, checked when an item comes out.
 */
class ExpiryHeap {
  private at: number[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.at.length;
  }

  push(at: number, key: string): void {
    const a = this.at;
    const k = this.keys;
    let i = a.length;
    a.push(at);
    k.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= at) break;
      a[i] = a[parent];
      k[i] = k[parent];
      i = parent;
    }
    a[i] = at;
    k[i] = key;
  }

  peek(): { at: number; key: string } | undefined {
    return this.at.length === 0 ? undefined : { at: this.at[0], key: this.keys[0] };
  }

  pop(): void {
    const a = this.at;
    const k = this.keys;
    const lastAt = a.pop()!;
    const lastKey = k.pop()!;
    const n = a.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r] < a[l] ? r : l;
      if (a[c] >= lastAt) break;
      a[i] = a[c];
      k[i] = k[c];
      i = c;
    }
    a[i] = lastAt;
    k[i] = lastKey;
  }

  clear(): void {
    this.at = [];
    this.keys = [];
  }
}
