// List values: a deque of byte strings in a growable ring buffer, so pushes
// and pops at both ends are O(1) and LINDEX/LSET/LRANGE reach any element in
// O(1). Elements are never edited in place (LSET swaps the Buffer), so a copy
// of a list can share its element Buffers.
//
// Redis 7.0 stores every list as a quicklist (a linked list of listpacks);
// OBJECT ENCODING always says "quicklist" there (the listpack encoding for
// small lists came with 7.2). The node layout matters only for MEMORY USAGE,
// which memoryUsage() estimates the way Redis measures a quicklist.

const MIN_CAPACITY = 8;

export class ListValue {
  readonly type = 'list' as const;
  /** What OBJECT ENCODING replies: Redis 7.0 has no other list encoding. */
  readonly encoding = 'quicklist';
  /**
   * list-max-listpack-size when the list was made: Redis fixes a quicklist's
   * fill factor at creation; only the memory estimate depends on it.
   */
  fill: number;

  private ring: Array<Buffer | undefined>;
  private mask: number;
  private head = 0;
  private count = 0;
  /** Cached memoryUsage(), dropped by every change. */
  private sizeCache = -1;

  constructor(fill = -2, capacity = MIN_CAPACITY) {
    this.fill = fill;
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.ring = new Array<Buffer | undefined>(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.count;
  }

  /** Element `index` (0 = head); the caller keeps it within [0, length). */
  at(index: number): Buffer {
    return this.ring[(this.head + index) & this.mask]!;
  }

  /** Replaces element `index` (within [0, length)). */
  set(index: number, value: Buffer): void {
    this.ring[(this.head + index) & this.mask] = value;
    this.sizeCache = -1;
  }

  pushBack(value: Buffer): void {
    if (this.count === this.ring.length) this.grow(this.count + 1);
    this.ring[(this.head + this.count) & this.mask] = value;
    this.count++;
    this.sizeCache = -1;
  }

  pushFront(value: Buffer): void {
    if (this.count === this.ring.length) this.grow(this.count + 1);
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = value;
    this.count++;
    this.sizeCache = -1;
  }

  /** Removes and returns the head; undefined when empty. */
  popFront(): Buffer | undefined {
    if (this.count === 0) return undefined;
    const value = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    this.sizeCache = -1;
    this.maybeShrink();
    return value;
  }

  /** Removes and returns the tail; undefined when empty. */
  popBack(): Buffer | undefined {
    if (this.count === 0) return undefined;
    const slot = (this.head + this.count - 1) & this.mask;
    const value = this.ring[slot];
    this.ring[slot] = undefined;
    this.count--;
    this.sizeCache = -1;
    this.maybeShrink();
    return value;
  }

  /** Inserts before element `index` (0..length); shifts the shorter side. */
  insertAt(index: number, value: Buffer): void {
    if (index <= 0) return this.pushFront(value);
    if (index >= this.count) return this.pushBack(value);
    if (this.count === this.ring.length) this.grow(this.count + 1);
    const ring = this.ring;
    const mask = this.mask;
    if (index < this.count - index) {
      // Move the first `index` elements one slot towards the front.
      this.head = (this.head - 1) & mask;
      for (let i = 0; i < index; i++) ring[(this.head + i) & mask] = ring[(this.head + i + 1) & mask];
    } else {
      for (let i = this.count; i > index; i--) ring[(this.head + i) & mask] = ring[(this.head + i - 1) & mask];
    }
    ring[(this.head + index) & mask] = value;
    this.count++;
    this.sizeCache = -1;
  }

  /** Removes element `index` (within [0, length)); shifts the shorter side. */
  removeAt(index: number): void {
    const ring = this.ring;
    const mask = this.mask;
    const n = this.count;
    if (index < n - 1 - index) {
      for (let i = index; i > 0; i--) ring[(this.head + i) & mask] = ring[(this.head + i - 1) & mask];
      ring[this.head] = undefined;
      this.head = (this.head + 1) & mask;
    } else {
      for (let i = index; i < n - 1; i++) ring[(this.head + i) & mask] = ring[(this.head + i + 1) & mask];
      ring[(this.head + n - 1) & mask] = undefined;
    }
    this.count = n - 1;
    this.sizeCache = -1;
    this.maybeShrink();
  }

  /**
   * Removes up to `limit` elements equal to `value` (0 = all), scanning from
   * the head, or from the tail when `fromTail`. Returns how many went.
   */
  removeMatching(value: Buffer, limit: number, fromTail: boolean): number {
    const ring = this.ring;
    const mask = this.mask;
    const n = this.count;
    const head = this.head;
    let removed = 0;
    if (!fromTail) {
      // Survivors slide towards the head; the freed slots end up at the tail.
      let write = 0;
      for (let read = 0; read < n; read++) {
        const item = ring[(head + read) & mask]!;
        if ((limit === 0 || removed < limit) && item.equals(value)) {
          removed++;
          continue;
        }
        if (write !== read) ring[(head + write) & mask] = item;
        write++;
      }
      for (let i = write; i < n; i++) ring[(head + i) & mask] = undefined;
    } else {
      let write = n - 1;
      for (let read = n - 1; read >= 0; read--) {
        const item = ring[(head + read) & mask]!;
        if ((limit === 0 || removed < limit) && item.equals(value)) {
          removed++;
          continue;
        }
        if (write !== read) ring[(head + write) & mask] = item;
        write--;
      }
      for (let i = 0; i <= write; i++) ring[(head + i) & mask] = undefined;
      this.head = (head + removed) & mask;
    }
    if (removed > 0) {
      this.count = n - removed;
      this.sizeCache = -1;
      this.maybeShrink();
    }
    return removed;
  }

  /** Drops `front` elements at the head and `back` at the tail (LTRIM, LPOP count). */
  trim(front: number, back: number): void {
    if (front + back >= this.count) {
      this.clear();
      return;
    }
    const ring = this.ring;
    const mask = this.mask;
    for (let i = 0; i < front; i++) ring[(this.head + i) & mask] = undefined;
    this.head = (this.head + front) & mask;
    this.count -= front;
    for (let i = 0; i < back; i++) ring[(this.head + this.count - 1 - i) & mask] = undefined;
    this.count -= back;
    if (front + back > 0) {
      this.sizeCache = -1;
      this.maybeShrink();
    }
  }

  clear(): void {
    this.ring = new Array<Buffer | undefined>(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.count = 0;
    this.sizeCache = -1;
  }

  /** An independent list with the same elements (COPY); Buffers are shared, never edited. */
  clone(): ListValue {
    const copy = new ListValue(this.fill, this.count);
    for (let i = 0; i < this.count; i++) copy.ring[i] = this.at(i);
    copy.count = this.count;
    return copy;
  }

  /** The elements head to tail (SORT, DUMP). */
  toArray(): Buffer[] {
    const out = new Array<Buffer>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<Buffer> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /** A list of these elements, in order (RESTORE, SORT STORE, modules). */
  static from(items: Iterable<Buffer>, fill = -2): ListValue {
    const list = new ListValue(fill);
    for (const item of items) list.pushBack(item);
    return list;
  }

  /**
   * Bytes of the value as Redis's MEMORY USAGE counts a quicklist (without
   * the key): the object header and quicklist struct, then nodes sampled from
   * the head (listpack bytes rounded to jemalloc size classes) times the node
   * count. The nodes are those that pushing the elements in order would make
   * under this list's fill factor. `samples` 0 measures every node.
   */
  memoryUsage(samples = 5): number {
    if (samples === 5 && this.sizeCache >= 0) return this.sizeCache;
    if (samples <= 0) samples = Infinity;
    const OBJECT = 16;
    const QUICKLIST = 40;
    const NODE = 40;
    let nodes = 0;
    let sampled = 0;
    let sampledBytes = 0;
    let nodeBytes = 0;
    let nodeCount = 0;
    for (let i = 0; i < this.count; i++) {
      const item = this.at(i);
      const len = item.length;
      if (nodes === 0 || !allowsInsert(nodeBytes, nodeCount, len, this.fill)) {
        if (nodes > 0 && sampled < samples) {
          sampledBytes += NODE + jemallocSize(nodeBytes);
          sampled++;
        }
        nodes++;
        nodeBytes = LISTPACK_EMPTY;
        nodeCount = 0;
      }
      nodeBytes += listpackEntrySize(item);
      nodeCount++;
    }
    if (nodes > 0 && sampled < samples) {
      sampledBytes += NODE + jemallocSize(nodeBytes);
      sampled++;
    }
    let size = OBJECT + QUICKLIST;
    if (sampled > 0) size += Math.floor((sampledBytes / sampled) * nodes);
    if (samples === 5) this.sizeCache = size;
    return size;
  }

  private grow(needed: number): void {
    let cap = this.ring.length * 2;
    while (cap < needed) cap *= 2;
    this.resize(cap);
  }

  /** Gives memory back after a list shrank to an eighth of its ring. */
  private maybeShrink(): void {
    const cap = this.ring.length;
    if (cap > 64 && this.count < cap >>> 3) this.resize(cap >>> 2);
  }

  private resize(cap: number): void {
    const next = new Array<Buffer | undefined>(cap);
    for (let i = 0; i < this.count; i++) next[i] = this.ring[(this.head + i) & this.mask];
    this.ring = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}

/** A listpack's header (total bytes, element count) and end byte. */
const LISTPACK_EMPTY = 7;
/** Redis's quicklist SIZE_SAFETY_LIMIT and its size levels for negative fill factors. */
const SIZE_SAFETY_LIMIT = 8192;
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];

/** Whether a quicklist node (listpack of `bytes`, `count` entries) takes one more element of `len` bytes. */
function allowsInsert(bytes: number, count: number, len: number, fill: number): boolean {
  // Redis estimates the growth from the raw length plus header bytes, as if
  // every element were stored as a string.
  let overhead = len < 254 ? 1 : 5;
  overhead += len < 64 ? 1 : len < 16384 ? 2 : 5;
  const next = bytes + len + overhead;
  if (fill < 0) {
    const level = -fill - 1;
    if (level < OPTIMIZATION_LEVEL.length && next <= OPTIMIZATION_LEVEL[level]) return true;
  }
  if (next > SIZE_SAFETY_LIMIT) return false;
  return count < fill;
}

/** Bytes one element takes in a listpack: encoding, data, back-length. */
function listpackEntrySize(item: Buffer): number {
  const asInt = smallInteger(item);
  let body: number;
  if (asInt !== null) {
    if (asInt >= 0 && asInt <= 127) body = 1;
    else if (asInt >= -4096 && asInt <= 4095) body = 2;
    else if (asInt >= -32768 && asInt <= 32767) body = 3;
    else if (asInt >= -8388608 && asInt <= 8388607) body = 4;
    else if (asInt >= -2147483648 && asInt <= 2147483647) body = 5;
    else body = 9;
  } else {
    const len = item.length;
    body = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  }
  const back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + back;
}

/**
 * The element as an integer when a listpack would store it as one (Redis's
 * string2ll rules: no '+', no leading zeros, no "-0", within int64), else
 * null. Values past 2^53 only need their magnitude class, which stays right.
 */
function smallInteger(item: Buffer): number | null {
  const len = item.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let negative = false;
  if (item[0] === 0x2d) {
    if (len === 1) return null;
    negative = true;
    i = 1;
  }
  if (item[i] === 0x30) return len === 1 ? 0 : null;
  let value = 0;
  for (; i < len; i++) {
    const d = item[i] - 0x30;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  if (len >= 19) {
    const big = BigInt(item.toString('latin1'));
    if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  }
  return negative ? -value : value;
}

/** The usable size jemalloc gives a request of `n` bytes (its small and large size classes). */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  const k = Math.floor(Math.log2(n - 1));
  const spacing = 2 ** (k - 2);
  return Math.ceil(n / spacing) * spacing;
}
