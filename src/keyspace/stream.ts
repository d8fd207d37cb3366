// Stream values, laid out as Redis 7.0 lays them out: entries packed into
// nodes of at most stream-node-max-entries entries / stream-node-max-bytes
// bytes, nodes indexed by their master ID. Keeping Redis's node boundaries
// (we model each node's listpack size byte for byte) is what makes XINFO's
// radix-tree-keys/-nodes, approximate trimming (~ drops whole nodes only) and
// the deleted-entry bookkeeping come out exactly as Redis reports them.
//
// An ID is one bigint, (ms << 64) | seq: both halves are unsigned 64-bit, and a
// single bigint compares in one operation. Each entry keeps its ID's text,
// which every reply needs.
import { parseInteger } from '../commands/table';

export type StreamId = bigint;

const U64 = (1n << 64n) - 1n;
export const MAX_ID: StreamId = (U64 << 64n) | U64;
export const ZERO_ID: StreamId = 0n;

export function makeId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

export function idMs(id: StreamId): bigint {
  return id >> 64n;
}

export function idSeq(id: StreamId): bigint {
  return id & U64;
}

export function formatId(id: StreamId): string {
  return `${id >> 64n}-${id & U64}`;
}

/** The next ID (streamIncrID); null past the last possible one. */
export function incrId(id: StreamId): StreamId | null {
  return id === MAX_ID ? null : id + 1n;
}

/** The previous ID (streamDecrID); null before 0-0. */
export function decrId(id: StreamId): StreamId | null {
  return id === 0n ? null : id - 1n;
}

// ---- listpack size model ---------------------------------------------------

/** Bytes a listpack integer element takes (encoding + backlen). */
function lpIntSize(v: number): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

function lpBigIntSize(v: bigint): number {
  const n = BigInt.asIntN(64, v);
  if (n >= -2147483648n && n <= 2147483647n) return lpIntSize(Number(n));
  return 10;
}

/** Bytes a listpack string element takes; strings that read as integers are stored as integers. */
function lpStringSize(s: Buffer): number {
  if (s.length <= 20) {
    const asInt = parseInteger(s);
    if (asInt !== null) return lpIntSize(asInt);
  }
  const len = s.length;
  const encoded = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  const backlen = encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
  return encoded + backlen;
}

/** listpack header (total bytes + element count) and end marker. */
const LP_EMPTY_BYTES = 7;
const LISTPACK_MAX_SIZE = 1 << 30;

// ---- nodes -----------------------------------------------------------------

/** One listpack node: the entries from masterId on, deleted ones kept (flagged) as in Redis. */
export class StreamNode {
  readonly ids: StreamId[] = [];
  readonly texts: string[] = [];
  /** field, value, field, value...; null once deleted. */
  readonly entries: Array<Buffer[] | null> = [];
  live = 0;
  deleted = 0;
  /** The listpack's size without its live/deleted counters (which change encoding size). */
  fixedBytes: number;

  constructor(
    readonly masterId: StreamId,
    readonly masterFields: Buffer[],
  ) {
    let bytes = LP_EMPTY_BYTES + lpIntSize(masterFields.length) + lpIntSize(0);
    for (const f of masterFields) bytes += lpStringSize(f);
    this.fixedBytes = bytes;
  }

  get bytes(): number {
    return this.fixedBytes + lpIntSize(this.live) + lpIntSize(this.deleted);
  }

  /** Index of the first entry whose ID is >= id. */
  lowerBound(id: StreamId): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clone(): StreamNode {
    const copy = new StreamNode(this.masterId, this.masterFields);
    copy.ids.push(...this.ids);
    copy.texts.push(...this.texts);
    for (const e of this.entries) copy.entries.push(e === null ? null : e.slice());
    copy.live = this.live;
    copy.deleted = this.deleted;
    copy.fixedBytes = this.fixedBytes;
    return copy;
  }
}

// ---- consumer groups -------------------------------------------------------

/** IDs in order with a value each: Redis keeps PELs in radix trees (sorted). */
export class IdIndex<V> {
  readonly keys: StreamId[] = [];
  readonly map = new Map<StreamId, V>();

  get size(): number {
    return this.keys.length;
  }

  get(id: StreamId): V | undefined {
    return this.map.get(id);
  }

  lowerBound(id: StreamId): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds or replaces. */
  set(id: StreamId, value: V): void {
    if (!this.map.has(id)) {
      const keys = this.keys;
      if (keys.length === 0 || keys[keys.length - 1] < id) keys.push(id);
      else keys.splice(this.lowerBound(id), 0, id);
    }
    this.map.set(id, value);
  }

  delete(id: StreamId): boolean {
    if (!this.map.delete(id)) return false;
    this.keys.splice(this.lowerBound(id), 1);
    return true;
  }
}

/** A pending entry (Redis's streamNACK): shared by the group's PEL and its consumer's. */
export class PendingEntry {
  constructor(
    public consumer: Consumer | null,
    public deliveryTime: number,
    public deliveryCount: number,
  ) {}
}

export class Consumer {
  readonly pel = new IdIndex<PendingEntry>();
  constructor(
    readonly name: Buffer,
    public seenTime: number,
  ) {}
}

/** Redis's SCG_INVALID_ENTRIES_READ. */
export const INVALID_ENTRIES_READ = -1n;

export class ConsumerGroup {
  readonly pel = new IdIndex<PendingEntry>();
  /** By the name's latin1 text; replies list them in byte order (Redis keeps them in a radix tree). */
  readonly consumers = new Map<string, Consumer>();

  constructor(
    readonly name: Buffer,
    public lastId: StreamId,
    public entriesRead: bigint,
  ) {}

  sortedConsumers(): Consumer[] {
    return [...this.consumers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }

  /** streamCreateConsumer: null when it exists already. */
  createConsumer(name: Buffer, now: number): Consumer | null {
    const key = name.toString('latin1');
    if (this.consumers.has(key)) return null;
    const consumer = new Consumer(Buffer.from(name), now);
    this.consumers.set(key, consumer);
    return consumer;
  }

  lookupConsumer(name: Buffer): Consumer | undefined {
    return this.consumers.get(name.toString('latin1'));
  }

  /** Removes a consumer and its pending entries from the group. */
  deleteConsumer(consumer: Consumer): void {
    for (const id of consumer.pel.keys) this.pel.delete(id);
    this.consumers.delete(consumer.name.toString('latin1'));
  }

  clone(): ConsumerGroup {
    const copy = new ConsumerGroup(this.name, this.lastId, this.entriesRead);
    const consumers = new Map<Consumer, Consumer>();
    for (const [key, c] of this.consumers) {
      const nc = new Consumer(c.name, c.seenTime);
      consumers.set(c, nc);
      copy.consumers.set(key, nc);
    }
    for (const id of this.pel.keys) {
      const p = this.pel.map.get(id)!;
      const owner = p.consumer === null ? null : (consumers.get(p.consumer) ?? null);
      const np = new PendingEntry(owner, p.deliveryTime, p.deliveryCount);
      copy.pel.set(id, np);
      owner?.pel.set(id, np);
    }
    return copy;
  }
}

// ---- the stream ------------------------------------------------------------

export interface TrimOptions {
  /** 'maxlen' keeps the newest `maxlen` entries; 'minid' drops entries below `minid`. */
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  approx: boolean;
  /** Most entries removed (approximate trimming only); 0 = no limit. */
  limit: number;
}

export class StreamValue {
  readonly type = 'stream' as const;
  readonly encoding = 'stream';
  nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  firstId: StreamId = 0n;
  entriesAdded = 0n;
  /** By name (latin1); replies list them in byte order. */
  groups = new Map<string, ConsumerGroup>();

  /**
   * Appends an entry with an ID the caller checked to be > lastId.
   * `fieldsValues` is owned by the stream from now on.
   */
  append(id: StreamId, text: string, fieldsValues: Buffer[], maxEntries: number, maxBytes: number): void {
    const numFields = fieldsValues.length >> 1;
    let node = this.nodes.length > 0 ? this.nodes[this.nodes.length - 1] : null;
    if (node !== null) {
      let totalElementLength = 0;
      for (let i = 0; i < fieldsValues.length; i++) totalElementLength += fieldsValues[i].length;
      const nodeMaxBytes = maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : maxBytes;
      if (node.bytes + totalElementLength >= nodeMaxBytes) node = null;
      else if (maxEntries !== 0 && node.live + node.deleted >= maxEntries) node = null;
    }
    let sameFields: boolean;
    if (node === null) {
      const master: Buffer[] = new Array<Buffer>(numFields);
      for (let i = 0; i < numFields; i++) master[i] = fieldsValues[i * 2];
      node = new StreamNode(id, master);
      this.nodes.push(node);
      sameFields = true;
    } else {
      const master = node.masterFields;
      sameFields = master.length === numFields;
      for (let i = 0; sameFields && i < numFields; i++) if (!master[i].equals(fieldsValues[i * 2])) sameFields = false;
      if (sameFields) for (let i = 0; i < numFields; i++) fieldsValues[i * 2] = master[i];
    }
    // flags + ms delta + seq delta [+ field count + fields] + values + lp-count
    const master = node.masterId;
    let bytes = 2 + lpBigIntSize((id >> 64n) - (master >> 64n)) + lpBigIntSize((id & U64) - (master & U64));
    let lpCount = numFields + 3;
    if (!sameFields) {
      bytes += lpIntSize(numFields);
      for (let i = 0; i < numFields; i++) bytes += lpStringSize(fieldsValues[i * 2]);
      lpCount += numFields + 1;
    }
    for (let i = 0; i < numFields; i++) bytes += lpStringSize(fieldsValues[i * 2 + 1]);
    bytes += lpIntSize(lpCount);
    node.fixedBytes += bytes;
    node.ids.push(id);
    node.texts.push(text);
    node.entries.push(fieldsValues);
    node.live++;
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the node that would hold `id`: the last one whose master ID is <= id (-1 if none). */
  private nodeIndexFor(id: StreamId): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (nodes[mid].masterId <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The fields and values of a live entry. */
  get(id: StreamId): Buffer[] | undefined {
    const n = this.nodeIndexFor(id);
    if (n < 0) return undefined;
    const node = this.nodes[n];
    const i = node.lowerBound(id);
    if (i >= node.ids.length || node.ids[i] !== id) return undefined;
    return node.entries[i] ?? undefined;
  }

  /** Deletes a live entry (streamDeleteItem): a node left with no live entry goes. */
  delete(id: StreamId): boolean {
    const n = this.nodeIndexFor(id);
    if (n < 0) return false;
    const node = this.nodes[n];
    const i = node.lowerBound(id);
    if (i >= node.ids.length || node.ids[i] !== id || node.entries[i] === null) return false;
    node.entries[i] = null;
    node.live--;
    node.deleted++;
    this.length--;
    if (node.live === 0) this.nodes.splice(n, 1);
    return true;
  }

  /**
   * Visits live entries with start <= id <= end, in order (or reversed),
   * until `visit` returns false.
   */
  range(start: StreamId, end: StreamId, rev: boolean, visit: (id: StreamId, text: string, fv: Buffer[]) => boolean): void {
    if (start > end) return;
    const nodes = this.nodes;
    if (!rev) {
      let n = Math.max(0, this.nodeIndexFor(start));
      for (; n < nodes.length; n++) {
        const node = nodes[n];
        const ids = node.ids;
        for (let i = node.lowerBound(start); i < ids.length; i++) {
          const id = ids[i];
          if (id > end) return;
          const fv = node.entries[i];
          if (fv !== null && !visit(id, node.texts[i], fv)) return;
        }
      }
    } else {
      let n = this.nodeIndexFor(end);
      for (; n >= 0; n--) {
        const node = nodes[n];
        const ids = node.ids;
        let i = node.lowerBound(end);
        if (i >= ids.length || ids[i] > end) i--;
        for (; i >= 0; i--) {
          const id = ids[i];
          if (id < start) return;
          const fv = node.entries[i];
          if (fv !== null && !visit(id, node.texts[i], fv)) return;
        }
      }
    }
  }

  /** The first (or last) live entry's ID, as streamGetEdgeID with tombstones skipped. */
  edgeId(first: boolean): StreamId | null {
    let found: StreamId | null = null;
    this.range(0n, MAX_ID, !first, (id) => {
      found = id;
      return false;
    });
    return found;
  }

  /** streamLastValidID: the last live entry's ID, 0-0 when empty. */
  lastValidId(): StreamId {
    return this.edgeId(false) ?? 0n;
  }

  /** streamTrim: returns how many entries went. */
  trim(options: TrimOptions): number {
    const nodes = this.nodes;
    let removed = 0;
    let n = 0;
    while (n < nodes.length) {
      if (options.strategy === 'maxlen' && this.length <= options.maxlen) break;
      const node = nodes[n];
      const entries = node.live;
      if (options.limit !== 0 && removed + entries > options.limit) break;
      const removeNode =
        options.strategy === 'maxlen'
          ? this.length - entries >= options.maxlen
          : node.ids[node.ids.length - 1] < options.minid;
      if (removeNode) {
        nodes.splice(n, 1);
        this.length -= entries;
        removed += entries;
        continue;
      }
      if (options.approx) break;
      // Flag entries of this node deleted, oldest first, until the target is met.
      let fromNode = 0;
      for (let i = 0; i < node.ids.length; i++) {
        const stop = options.strategy === 'maxlen' ? this.length <= options.maxlen : node.ids[i] >= options.minid;
        if (stop) break;
        if (node.entries[i] !== null) {
          node.entries[i] = null;
          fromNode++;
          this.length--;
        }
      }
      node.live -= fromNode;
      node.deleted += fromNode;
      removed += fromNode;
      break;
    }
    if (this.length === 0) this.firstId = 0n;
    else this.firstId = this.edgeId(true) ?? 0n;
    return removed;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the entries-read counter for `id`, or INVALID. */
  estimateDistance(id: StreamId): bigint {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return INVALID_ENTRIES_READ;
    if (this.maxDeletedId === 0n || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - BigInt(this.length);
      if (id === this.firstId) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return INVALID_ENTRIES_READ;
  }

  /** streamRangeHasTombstones with an open end: a deleted entry may lie at or after `start`. */
  hasTombstonesFrom(start: StreamId): boolean {
    if (this.length === 0 || this.maxDeletedId === 0n) return false;
    // Every deletion so far lies before the first live entry (XSETID
    // MAXDELETEDID, trims): nothing ahead is fragmented.
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId;
  }

  /** The lag XINFO reports for a group (streamReplyWithCGLag); null when unknown. */
  groupLag(group: ConsumerGroup): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.hasTombstonesFrom(group.lastId)) {
      return this.entriesAdded - group.entriesRead;
    }
    const read = this.estimateDistance(group.lastId);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }

  /** The group's progress after delivering `id` (XREADGROUP with '>'). */
  advanceGroup(group: ConsumerGroup, id: StreamId): void {
    if (id <= group.lastId) return;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.hasTombstonesFrom(id)) group.entriesRead++;
    else if (this.entriesAdded !== 0n) group.entriesRead = this.estimateDistance(id);
    group.lastId = id;
  }

  sortedGroups(): ConsumerGroup[] {
    return [...this.groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }

  /** raxSize of the node index (XINFO radix-tree-keys). */
  get radixTreeKeys(): number {
    return this.nodes.length;
  }

  /**
   * The node count of Redis's radix tree over the nodes' 16-byte big-endian
   * master IDs. A rax over same-length keys is a compressed trie whose nodes
   * sit at: the root, every branching point, every child of a branching
   * point, and every leaf.
   */
  get radixTreeNodes(): number {
    const keys = this.nodes.map((node) => {
      const b = Buffer.alloc(16);
      b.writeBigUInt64BE(node.masterId >> 64n, 0);
      b.writeBigUInt64BE(node.masterId & U64, 8);
      return b;
    });
    if (keys.length === 0) return 1;
    let count = 1;
    const walk = (lo: number, hi: number, depth: number): void => {
      if (hi - lo === 1) {
        if (depth < 16) count++;
        return;
      }
      const first = keys[lo];
      const last = keys[hi - 1];
      let d = depth;
      while (first[d] === last[d]) d++;
      if (d > depth) count++;
      let start = lo;
      for (let i = lo + 1; i <= hi; i++) {
        if (i === hi || keys[i][d] !== keys[start][d]) {
          count++;
          walk(start, i, d + 1);
          start = i;
        }
      }
    };
    walk(0, keys.length, 0);
    return count;
  }

  memoryUsage(): number {
    let bytes = 96;
    for (const node of this.nodes) bytes += node.bytes + 64;
    for (const group of this.groups.values()) {
      bytes += 64 + group.name.length + group.pel.size * 48;
      for (const c of group.consumers.values()) bytes += 48 + c.name.length + c.pel.size * 24;
    }
    return bytes;
  }

  clone(): StreamValue {
    const copy = new StreamValue();
    copy.nodes = this.nodes.map((n) => n.clone());
    copy.length = this.length;
    copy.lastId = this.lastId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.firstId = this.firstId;
    copy.entriesAdded = this.entriesAdded;
    for (const [k, g] of this.groups) copy.groups.set(k, g.clone());
    return copy;
  }
}

// ---- ID parsing ------------------------------------------------------------

/**
 * C's strtoull as Redis's string2ull uses it: leading white space, a sign
 * (a '-' negates modulo 2^64), decimal digits to the end; null on overflow
 * or anything else.
 */
function parseU64(text: string): bigint | null {
  // string2ll first: a valid negative long long is refused outright.
  if (/^-[1-9][0-9]*$/.test(text) && BigInt(text) >= -(1n << 63n)) return null;
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(text);
  if (m === null) return null;
  const v = BigInt(m[2]);
  if (v > U64) return null;
  return m[1] === '-' ? (v === 0n ? 0n : (1n << 64n) - v) : v;
}

/** What parseStreamId returns: the ID and whether the sequence part was given ('ms-*' clears it). */
export interface ParsedId {
  id: StreamId;
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply: "-", "+" (unless strict), "ms", "ms-seq", and
 * "ms-*" when `allowSeqStar`. Null when invalid.
 */
export function parseStreamId(arg: Buffer, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  let text = arg.toString('latin1');
  // Redis parses a C string copy: a NUL ends it.
  const nul = text.indexOf('\0');
  if (nul >= 0) text = text.slice(0, nul);
  if (text === '-' || text === '+') {
    if (strict) return null;
    return { id: text === '-' ? 0n : MAX_ID, seqGiven: true };
  }
  const dash = text.indexOf('-');
  const ms = parseU64(dash >= 0 ? text.slice(0, dash) : text);
  if (ms === null) return null;
  if (dash < 0) return { id: (ms << 64n) | missingSeq, seqGiven: true };
  const seqText = text.slice(dash + 1);
  if (allowSeqStar && seqText === '*') return { id: ms << 64n, seqGiven: false };
  const seq = parseU64(seqText);
  if (seq === null) return null;
  return { id: (ms << 64n) | seq, seqGiven: true };
}
