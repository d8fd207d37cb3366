// One key operation as the JS side sees it: the numbers and strings native
// code left in the memory shared with it (native/core/bridge.h, KeyIo), the
// open key the operation is about, and where its results go.
//
// Rule for every operation: read all inputs before writing any output. The
// shared memory is also where outputs go, and an operation that fires a
// keyspace event may run nested operations of a module in the meantime.
import type { Database, Entry, Keyspace, RedisValue } from '../../keyspace/keyspace';
import type { Server } from '../../server/server';
import type { KeyspaceEventForwarder } from './events';

/** REDISMODULE_* open modes and key types (redismodule.h values). */
export const READ = 1 << 0;
export const WRITE = 1 << 1;
export const OPEN_KEY_NOTOUCH = 1 << 16;

export const KEYTYPE = {
  EMPTY: 0,
  STRING: 1,
  LIST: 2,
  HASH: 3,
  SET: 4,
  ZSET: 5,
  MODULE: 6,
  STREAM: 7,
} as const;

export const OK = 0;
export const ERR = 1;

/** The REDISMODULE_KEYTYPE_* of a value (EMPTY for none). */
export function keyTypeOf(value: RedisValue | undefined): number {
  if (value === undefined) return KEYTYPE.EMPTY;
  if (value instanceof Uint8Array) return KEYTYPE.STRING;
  switch (value.type) {
    case 'list':
      return KEYTYPE.LIST;
    case 'hash':
      return KEYTYPE.HASH;
    case 'set':
      return KEYTYPE.SET;
    case 'zset':
      return KEYTYPE.ZSET;
    case 'stream':
      return KEYTYPE.STREAM;
    case 'module':
      return KEYTYPE.MODULE;
  }
}

/**
 * An open key (RedisModuleKey): which key of which database, in what mode.
 * It does not hold the value: each operation reads the database's entry, so
 * a value replaced meanwhile (RedisModule_Call) is the one seen.
 */
export class OpenKey {
  private bytes: Buffer | undefined;
  /**
   * Per-type iteration state (a sorted-set range, a stream iterator, ...);
   * a key holds one value, so one slot serves every family, which checks it
   * with instanceof. Dropped when the key closes.
   */
  iterator: unknown = undefined;

  constructor(
    readonly slot: number,
    readonly db: Database,
    /** The key's bytes read as latin1: the database's Map key. */
    readonly key: string,
    readonly mode: number,
  ) {}

  get writable(): boolean {
    return (this.mode & WRITE) !== 0;
  }

  /** The key's bytes (event payloads, replies). */
  get keyBytes(): Buffer {
    if (this.bytes === undefined) this.bytes = Buffer.from(this.key, 'latin1');
    return this.bytes;
  }

  get entry(): Entry | undefined {
    return this.db.entries.get(this.key);
  }

  get value(): RedisValue | undefined {
    return this.db.entries.get(this.key)?.value;
  }
}

/** Slots of the shared numbers (native/core/bridge.h). */
export const NUM_RESULT = 0;
export const NUM_ERRNO = 1;
export const NUM_SLOT = 2;
/** The first of the operation's own numbers (up to num[61]). */
export const NUM_ARGS = 3;
/**
 * A key opened for writing is opened by its first operation (no crossing of
 * its own): num[2] is then NUM_SLOT_OPEN_FIRST, the key's database and mode
 * are in these slots, its name is the first input string, and the slot of
 * the new record goes back in NUM_OPENED_SLOT.
 */
export const NUM_SLOT_OPEN_FIRST = -2;
export const NUM_OPEN_DB = 60;
export const NUM_OPEN_MODE = 61;
export const NUM_OPENED_SLOT = 60;
/** Out, after every operation on an open key: its KEYTYPE and ValueLength, which native code caches. */
export const NUM_KEY_TYPE = 62;
export const NUM_KEY_LENGTH = 63;

export interface KeyIoMemory {
  num: Float64Array;
  lens: Int32Array;
  bytes: Buffer;
  /** Keys closed by native code, not yet finished here: [0] count, then slot * 2 + signal. */
  closing: Int32Array;
}

export class KeyCall {
  readonly num: Float64Array;
  private readonly lens: Int32Array;
  private readonly bytes: Buffer;
  private nin = 0;
  /** Input strings before this one are the dispatcher's (see skipFirstInput). */
  private first = 0;
  private overflow: Buffer[] | null = null;
  private outs: Buffer[] | null = null;
  private outCount = 0;
  private outOffset = 0;
  /** The open key of num[2], when the operation is about one (set by the dispatcher). */
  key: OpenKey | undefined = undefined;

  constructor(io: KeyIoMemory) {
    this.num = io.num;
    this.lens = io.lens;
    this.bytes = io.bytes;
  }

  reset(nin: number, overflow: Buffer[] | null, key: OpenKey | undefined): void {
    this.nin = nin;
    this.first = 0;
    this.overflow = overflow;
    this.outs = null;
    this.outCount = 0;
    this.outOffset = 0;
    this.key = key;
  }

  /**
   * The dispatcher consumed the first input string (the name of a key
   * opened with this operation): the handler's arg(0) is the next one.
   */
  skipFirstInput(): void {
    this.first = 1;
  }

  get inputCount(): number {
    return this.nin - this.first;
  }

  /** How much of the shared memory this operation uses now: strings and bytes, inputs or outputs. */
  sharedExtent(): { strings: number; bytes: number } {
    if (this.overflow !== null) return { strings: this.outCount, bytes: this.outOffset };
    const inputBytes = this.offsetOf(this.nin - this.first);
    return { strings: Math.max(this.nin, this.outCount), bytes: Math.max(inputBytes, this.outOffset) };
  }

  private offsetOf(i: number): number {
    let offset = 0;
    const end = i + this.first;
    for (let j = 0; j < end; j++) offset += this.lens[j];
    return offset;
  }

  /** The open key the operation is about (native code always sends one for key operations). */
  get openKey(): OpenKey {
    if (this.key === undefined) throw new Error('key operation without an open key');
    return this.key;
  }

  /** Input string i, copied (safe to store in the keyspace). */
  arg(i: number): Buffer {
    if (this.overflow !== null) return this.overflow[i + this.first];
    const start = this.offsetOf(i);
    return Buffer.from(this.bytes.subarray(start, start + this.lens[i + this.first]));
  }

  /** Input string i as a view of the shared memory: read it before any output is written, never store it. */
  argView(i: number): Buffer {
    if (this.overflow !== null) return this.overflow[i + this.first];
    const start = this.offsetOf(i);
    return this.bytes.subarray(start, start + this.lens[i + this.first]);
  }

  /** Input string i read as latin1 (a key name, or a field as a Map key). */
  argLatin1(i: number): string {
    if (this.overflow !== null) return this.overflow[i + this.first].toString('latin1');
    const start = this.offsetOf(i);
    return this.bytes.toString('latin1', start, start + this.lens[i + this.first]);
  }

  /** Appends an output string (copied: the caller may reuse b). */
  out(b: Uint8Array): void {
    if (this.outs === null) {
      const end = this.outOffset + b.length;
      if (end <= this.bytes.length && this.outCount < this.lens.length) {
        this.bytes.set(b, this.outOffset);
        this.lens[this.outCount++] = b.length;
        this.outOffset = end;
        return;
      }
      this.spill();
    }
    this.outs!.push(Buffer.from(b));
  }

  /**
   * Appends an output string whose own memory native code receives (the
   * pointer StringDMA returns), so it is never copied.
   */
  outOwned(b: Buffer): void {
    if (this.outs === null) this.spill();
    this.outs!.push(b);
  }

  /** Moves the outputs so far out of the shared memory: from now on they travel as Buffers. */
  private spill(): void {
    const outs: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < this.outCount; i++) {
      const len = this.lens[i];
      outs.push(Buffer.from(this.bytes.subarray(offset, offset + len)));
      offset += len;
    }
    this.outs = outs;
  }

  /** What the bridge function returns to native code. */
  finish(): number | Buffer[] {
    return this.outs ?? this.outCount;
  }
}

/** What operations may use of the key API (src/modules/key-api/index.ts). */
export interface KeyApiContext {
  readonly server: Server;
  readonly keyspace: Keyspace;
  /** Where the keyspace's events go to subscribed modules. */
  readonly events: KeyspaceEventForwarder;
  /** A new open key of database `db`: its slot is what native code keeps. */
  open(db: number, key: string, mode: number): OpenKey;
  close(key: OpenKey): void;
}

/**
 * An operation's JS side. The dispatcher zeroed num[0] (result) and num[1]
 * (errno) and resolved num[2] into call.key.
 */
export type KeyOpHandler = (call: KeyCall, api: KeyApiContext) => void;
/** A family's operations by number (native/api/<family>.cc has the same numbers). */
export type KeyOpTable = Record<number, KeyOpHandler>;
