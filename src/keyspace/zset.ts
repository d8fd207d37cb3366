// The sorted set: Redis's skiplist with span counters (so rank queries are
// O(log N)) plus a member -> node map for O(1) score lookups, ordered by
// (score, member) with members compared as Redis's sdscmp does (memcmp, then
// the shorter first).
//
// Members are held as latin1 strings, one char per byte: JS compares strings by
// UTF-16 code unit, which for chars 0..255 is exactly memcmp-then-length, and a
// string costs far less memory and comparison time than a Buffer. They turn back
// into Buffers only on the way out.
//
// Also here: the score and range parsers of ZADD / ZRANGEBYSCORE / ZRANGEBYLEX,
// which follow C's strtod as Redis calls it.

import { formatDouble } from '../resp/double';

const MAX_LEVEL = 32;
const LEVEL_PROBABILITY = 0.25;

const HEADER = 0;
const NIL = -1;

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < LEVEL_PROBABILITY) level++;
  return level;
}

// ---------------------------------------------------------------------------
// Ranges.

/** zrangespec: bounds inclusive unless the flag says exclusive. */
export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minex: boolean;
  readonly maxex: boolean;
}

/**
 * One end of a zlexrangespec: '-' and '+' are the sentinels below and above
 * every member; otherwise a member (as a latin1 key) and whether it is excluded.
 */
export type LexBound =
  | { readonly kind: 'min' }
  | { readonly kind: 'max' }
  | { readonly kind: 'value'; readonly key: string; readonly exclusive: boolean };

export interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
}

export function scoreGteMin(score: number, range: ScoreRange): boolean {
  return range.minex ? score > range.min : score >= range.min;
}

export function scoreLteMax(score: number, range: ScoreRange): boolean {
  return range.maxex ? score < range.max : score <= range.max;
}

export function lexGteMin(key: string, range: LexRange): boolean {
  const min = range.min;
  if (min.kind === 'min') return true;
  if (min.kind === 'max') return false;
  return min.exclusive ? key > min.key : key >= min.key;
}

export function lexLteMax(key: string, range: LexRange): boolean {
  const max = range.max;
  if (max.kind === 'max') return true;
  if (max.kind === 'min') return false;
  return max.exclusive ? key < max.key : key <= max.key;
}

function compareLexBounds(a: LexBound, b: LexBound): number {
  if (a.kind !== 'value' || b.kind !== 'value') {
    if (a.kind === b.kind) return 0;
    if (a.kind === 'min' || b.kind === 'max') return -1;
    return 1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Whether any score at all can satisfy the range (zslIsInRange's first test). */
function scoreRangeIsEmpty(range: ScoreRange): boolean {
  return range.min > range.max || (range.min === range.max && (range.minex || range.maxex));
}

/** As Redis: the sentinels count as exclusive, so "- -" and "+ +" are empty. */
function lexRangeIsEmpty(range: LexRange): boolean {
  const cmp = compareLexBounds(range.min, range.max);
  const minex = range.min.kind !== 'value' || range.min.exclusive;
  const maxex = range.max.kind !== 'value' || range.max.exclusive;
  return cmp > 0 || (cmp === 0 && (minex || maxex));
}

// ---------------------------------------------------------------------------
// The set.

export interface ZsetEntry {
  readonly member: Buffer;
  readonly score: number;
}

export type AddOutcome = 'added' | 'updated' | 'unchanged';

export interface RangeLimit {
  /** Skip this many matches first (LIMIT offset); negative offsets are the caller's to reject. */
  readonly offset?: number;
  /** At most this many; negative or absent = all (LIMIT count < 0). */
  readonly count?: number;
}

/** A position in the set that moves one element at a time. Invalid after the set changes. */
export class ZsetCursor {
  /** @internal Use the SortedSet methods that return cursors. */
  constructor(
    private node: number,
    private readonly set: SortedSet,
  ) {}

  get done(): boolean {
    return this.node === NIL;
  }

  /** The member as a latin1 key (one char per byte). */
  get key(): string {
    return this.set.nodeKey(this.current());
  }

  get member(): Buffer {
    return Buffer.from(this.key, 'latin1');
  }

  get score(): number {
    return this.set.nodeScore(this.current());
  }

  /** 0-based rank of the current element (O(log N)). */
  get rank(): number {
    return this.set.rankOfKey(this.key) ?? -1;
  }

  /** Moves towards higher ranks; false (and done) past the last element. */
  next(): boolean {
    this.node = this.set.nodeNext(this.current());
    return this.node !== NIL;
  }

  /** Moves towards lower ranks; false (and done) before the first element. */
  prev(): boolean {
    this.node = this.set.nodePrev(this.current());
    return this.node !== NIL;
  }

  private current(): number {
    if (this.node === NIL) throw new Error('zset cursor is past the end');
    return this.node;
  }
}

/**
 * Nodes live in typed arrays indexed by node id (node 0 is the header) and
 * their per-level links in one pooled pair of Int32Arrays, each node owning a
 * contiguous block: at a million members this is several times faster than one
 * JS object per node (fewer cache misses, nothing for the GC to trace).
 */
export class SortedSet {
  /** The keyspace's type tag (TYPE replies "zset"). */
  readonly type = 'zset' as const;
  /**
   * What OBJECT ENCODING replies. Redis keeps small sets in a listpack and moves
   * them to a skiplist once zset-max-listpack-entries / -value are exceeded;
   * the commands decide when (noteInsert, fitListpack). The structure here is
   * the same either way: only the visible differences of a listpack are kept
   * (it stores -0 as 0, ZSCAN returns it whole). A bare SortedSet is a
   * skiplist; the commands start new keys as listpacks (newListpack).
   */
  encoding: 'listpack' | 'skiplist' = 'skiplist';

  /** An empty set in the listpack encoding, as ZADD & co create keys. */
  static newListpack(): SortedSet {
    const set = new SortedSet();
    set.encoding = 'listpack';
    return set;
  }
  private scores = new Float64Array(16);
  private keys: string[] = [''];
  private backward = new Int32Array(16);
  private levels = new Uint8Array(16);
  private bases = new Int32Array(16);
  /** Per level of each node: the next node on that level (NIL at the end). */
  private forward = new Int32Array(64);
  /** Per level of each node: how many ranks its forward link skips. */
  private spans = new Int32Array(64);
  private poolUsed = 0;
  private readonly freeBlocks: number[][] = Array.from({ length: MAX_LEVEL + 1 }, () => []);
  private readonly freeIds: number[] = [];
  private nextId = 1;
  private tail = NIL;
  private level = 1;
  private readonly index = new Map<string, number>();
  private keyBytes = 0;
  private levelSum = 0;
  private readonly update = new Int32Array(MAX_LEVEL);
  private readonly rankScratch = new Float64Array(MAX_LEVEL);

  constructor() {
    this.levels[HEADER] = MAX_LEVEL;
    this.bases[HEADER] = this.allocBlock(MAX_LEVEL);
    this.backward[HEADER] = NIL;
  }

  get size(): number {
    return this.index.size;
  }

  // --- members ------------------------------------------------------------

  score(member: Buffer): number | undefined {
    return this.scoreOfKey(member.toString('latin1'));
  }

  scoreOfKey(key: string): number | undefined {
    const node = this.index.get(key);
    return node === undefined ? undefined : this.scores[node];
  }

  has(member: Buffer): boolean {
    return this.index.has(member.toString('latin1'));
  }

  /**
   * Inserts the member or moves it to a new score. NaN is refused (Redis never
   * stores it; ZADD/ZINCRBY reply with an error before getting here). An equal
   * score (-0 vs 0 included) leaves the element untouched, as zsetAdd does.
   */
  add(member: Buffer, score: number): AddOutcome {
    return this.addKey(member.toString('latin1'), score);
  }

  addKey(key: string, score: number): AddOutcome {
    if (Number.isNaN(score)) throw new RangeError('a sorted set score cannot be NaN');
    // A listpack writes the score as text without the sign of zero.
    if (score === 0 && this.encoding === 'listpack') score = 0;
    const existing = this.index.get(key);
    if (existing === undefined) {
      this.index.set(key, this.insertNode(key, score));
      this.keyBytes += key.length;
      return 'added';
    }
    if (this.scores[existing] === score) return 'unchanged';
    this.updateScore(existing, score);
    return 'updated';
  }

  remove(member: Buffer): boolean {
    return this.removeKey(member.toString('latin1'));
  }

  removeKey(key: string): boolean {
    const node = this.index.get(key);
    if (node === undefined) return false;
    this.findUpdate(this.scores[node], key);
    this.unlink(node);
    this.forget(node);
    return true;
  }

  // --- ranks --------------------------------------------------------------

  /** 0-based rank, counted from the highest score when `reverse`. */
  rank(member: Buffer, reverse = false): number | undefined {
    const rank = this.rankOfKey(member.toString('latin1'));
    if (rank === undefined) return undefined;
    return reverse ? this.size - 1 - rank : rank;
  }

  rankOfKey(key: string): number | undefined {
    const node = this.index.get(key);
    if (node === undefined) return undefined;
    return this.rankOf(this.scores[node], key) - 1;
  }

  /** The element at a 0-based rank (from the highest when `reverse`). */
  memberAt(rank: number, reverse = false): ZsetEntry | undefined {
    const node = this.nodeAt(rank, reverse);
    return node === NIL ? undefined : this.entryOf(node);
  }

  /** The latin1 key at a 0-based forward rank; undefined when out of range. */
  keyAt(rank: number): string | undefined {
    const node = this.nodeAt(rank, false);
    return node === NIL ? undefined : this.keys[node];
  }

  /**
   * Elements with ranks start..stop inclusive, both already 0-based and
   * clamped by the caller as ZRANGE does; with `reverse` rank 0 is the highest.
   */
  rangeByRank(start: number, stop: number, reverse = false): ZsetEntry[] {
    const out: ZsetEntry[] = [];
    if (start < 0) start = 0;
    if (stop >= this.size) stop = this.size - 1;
    if (start > stop) return out;
    let node = this.nodeAt(start, reverse);
    for (let i = start; i <= stop && node !== NIL; i++) {
      out.push(this.entryOf(node));
      node = reverse ? this.backward[node] : this.forward[this.bases[node]];
    }
    return out;
  }

  cursorAt(rank: number, reverse = false): ZsetCursor {
    return new ZsetCursor(this.nodeAt(rank, reverse), this);
  }

  first(): ZsetEntry | undefined {
    const node = this.forward[this.bases[HEADER]];
    return node === NIL ? undefined : this.entryOf(node);
  }

  last(): ZsetEntry | undefined {
    return this.tail === NIL ? undefined : this.entryOf(this.tail);
  }

  // --- score ranges -------------------------------------------------------

  /** Cursor on the lowest element in range (done when none). */
  firstInScoreRange(range: ScoreRange): ZsetCursor {
    return new ZsetCursor(this.firstNodeInScoreRange(range), this);
  }

  /** Cursor on the highest element in range (done when none). */
  lastInScoreRange(range: ScoreRange): ZsetCursor {
    return new ZsetCursor(this.lastNodeInScoreRange(range), this);
  }

  rangeByScore(range: ScoreRange, reverse = false, limit: RangeLimit = {}): ZsetEntry[] {
    const start = reverse ? this.lastNodeInScoreRange(range) : this.firstNodeInScoreRange(range);
    const inside = reverse
      ? (node: number): boolean => scoreGteMin(this.scores[node], range)
      : (node: number): boolean => scoreLteMax(this.scores[node], range);
    return this.collect(start, reverse, limit, inside);
  }

  countInScoreRange(range: ScoreRange): number {
    const first = this.firstNodeInScoreRange(range);
    if (first === NIL) return 0;
    const last = this.lastNodeInScoreRange(range);
    if (last === NIL) return 0;
    return this.rankOf(this.scores[last], this.keys[last]) - this.rankOf(this.scores[first], this.keys[first]) + 1;
  }

  deleteRangeByScore(range: ScoreRange): number {
    this.descend((node) => !scoreGteMin(this.scores[node], range));
    return this.deleteRun((node) => scoreLteMax(this.scores[node], range));
  }

  // --- lex ranges (meaningful when all scores are equal) ------------------

  firstInLexRange(range: LexRange): ZsetCursor {
    return new ZsetCursor(this.firstNodeInLexRange(range), this);
  }

  lastInLexRange(range: LexRange): ZsetCursor {
    return new ZsetCursor(this.lastNodeInLexRange(range), this);
  }

  rangeByLex(range: LexRange, reverse = false, limit: RangeLimit = {}): ZsetEntry[] {
    const start = reverse ? this.lastNodeInLexRange(range) : this.firstNodeInLexRange(range);
    const inside = reverse
      ? (node: number): boolean => lexGteMin(this.keys[node], range)
      : (node: number): boolean => lexLteMax(this.keys[node], range);
    return this.collect(start, reverse, limit, inside);
  }

  countInLexRange(range: LexRange): number {
    const first = this.firstNodeInLexRange(range);
    if (first === NIL) return 0;
    const last = this.lastNodeInLexRange(range);
    if (last === NIL) return 0;
    return this.rankOf(this.scores[last], this.keys[last]) - this.rankOf(this.scores[first], this.keys[first]) + 1;
  }

  deleteRangeByLex(range: LexRange): number {
    this.descend((node) => !lexGteMin(this.keys[node], range));
    return this.deleteRun((node) => lexLteMax(this.keys[node], range));
  }

  /** Removes ranks start..stop (0-based, inclusive, forward order); returns how many. */
  deleteRangeByRank(start: number, stop: number): number {
    if (start < 0) start = 0;
    if (stop >= this.size) stop = this.size - 1;
    if (start > stop) return 0;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const slot = this.bases[x] + i;
        const next = this.forward[slot];
        if (next === NIL || traversed + this.spans[slot] > start) break;
        traversed += this.spans[slot];
        x = next;
      }
      this.update[i] = x;
    }
    let remaining = stop - start + 1;
    return this.deleteRun(() => remaining-- > 0);
  }

  // --- popping and iteration ----------------------------------------------

  /** ZPOPMIN: removes and returns up to `count` lowest elements. */
  popMin(count = 1): ZsetEntry[] {
    const out: ZsetEntry[] = [];
    while (out.length < count) {
      const node = this.forward[this.bases[HEADER]];
      if (node === NIL) break;
      out.push(this.entryOf(node));
      this.removeKey(this.keys[node]);
    }
    return out;
  }

  /** ZPOPMAX: removes and returns up to `count` highest elements, highest first. */
  popMax(count = 1): ZsetEntry[] {
    const out: ZsetEntry[] = [];
    while (out.length < count) {
      const node = this.tail;
      if (node === NIL) break;
      out.push(this.entryOf(node));
      this.removeKey(this.keys[node]);
    }
    return out;
  }

  *entries(reverse = false): IterableIterator<ZsetEntry> {
    let node = reverse ? this.tail : this.forward[this.bases[HEADER]];
    while (node !== NIL) {
      const entry = this.entryOf(node);
      node = reverse ? this.backward[node] : this.forward[this.bases[node]];
      yield entry;
    }
  }

  /**
   * Approximate bytes held, for MEMORY USAGE. A listpack counts what Redis's
   * would hold (a few bytes of header per entry, the member, the score as a
   * short integer or its text); a skiplist counts our node arrays, link pool,
   * keys and map slots.
   */
  memoryUsage(): number {
    if (this.encoding === 'listpack') {
      let bytes = 16 + 7;
      for (let node = this.forward[this.bases[HEADER]]; node !== NIL; node = this.forward[this.bases[node]]) {
        const score = this.scores[node];
        bytes += this.keys[node].length + 2 + (Number.isInteger(score) && Math.abs(score) < 2 ** 31 ? 5 : 18);
      }
      return bytes;
    }
    const perNode = 8 + 4 + 1 + 4 + 8; // score, backward, level, block base, key slot
    const perLevel = 8; // forward id and span
    const perMapEntry = 40;
    const perKeyString = 16;
    return 256 + this.size * (perNode + perMapEntry + perKeyString) + this.levelSum * perLevel + this.keyBytes;
  }

  // --- encoding -------------------------------------------------------------

  /**
   * Before inserting a member that is not there yet: a listpack that would
   * hold more than `maxEntries` members, or a member longer than `maxValue`
   * bytes, becomes a skiplist for good (zsetAdd's check).
   */
  noteInsert(keyLength: number, maxEntries: number, maxValue: number): void {
    if (this.encoding === 'listpack' && (this.size + 1 > maxEntries || keyLength > maxValue)) {
      this.encoding = 'skiplist';
    }
  }

  /**
   * The store commands' zsetConvertToListpackIfNeeded: a skiplist small
   * enough on both counts goes back to a listpack (its -0 scores become 0).
   */
  fitListpack(maxEntries: number, maxValue: number): void {
    if (this.encoding !== 'skiplist' || this.size > maxEntries) return;
    let longest = 0;
    for (const key of this.index.keys()) if (key.length > longest) longest = key.length;
    if (longest > maxValue) return;
    this.encoding = 'listpack';
    for (let node = this.forward[this.bases[HEADER]]; node !== NIL; node = this.forward[this.bases[node]]) {
      if (this.scores[node] === 0) this.scores[node] = 0;
    }
  }

  /** A copy with the same members, scores and encoding (COPY, DUMP-like uses). */
  clone(): SortedSet {
    const copy = new SortedSet();
    copy.encoding = 'skiplist';
    for (let node = this.forward[this.bases[HEADER]]; node !== NIL; node = this.forward[this.bases[node]]) {
      copy.addKey(this.keys[node], this.scores[node]);
    }
    copy.encoding = this.encoding;
    return copy;
  }

  /**
   * One step of ZSCAN over a skiplist: the cursor is a node id, stable for as
   * long as the member stays (an update of its score keeps the id), so members
   * present for the whole scan are returned. Visits up to `count` ids from
   * `cursor`; returns the next cursor (0 when done).
   */
  scanNodes(cursor: number, count: number, visit: (key: string, score: number) => void): number {
    let id = Math.max(cursor, 1);
    const end = this.nextId;
    for (let seen = 0; id < end && seen < count; id++) {
      const key = this.keys[id];
      if (key === undefined || this.index.get(key) !== id) continue;
      visit(key, this.scores[id]);
      seen++;
    }
    return id >= end ? 0 : id;
  }

  // --- node access for cursors ----------------------------------------------

  /** @internal */
  nodeKey(node: number): string {
    return this.keys[node];
  }

  /** @internal */
  nodeScore(node: number): number {
    return this.scores[node];
  }

  /** @internal */
  nodeNext(node: number): number {
    return this.forward[this.bases[node]];
  }

  /** @internal */
  nodePrev(node: number): number {
    return this.backward[node];
  }

  // --- internals ----------------------------------------------------------

  private entryOf(node: number): ZsetEntry {
    return { member: Buffer.from(this.keys[node], 'latin1'), score: this.scores[node] };
  }

  private allocBlock(level: number): number {
    const reused = this.freeBlocks[level].pop();
    if (reused !== undefined) return reused;
    const base = this.poolUsed;
    if (base + level > this.forward.length) {
      const capacity = Math.max(this.forward.length * 2, base + level);
      const forward = new Int32Array(capacity);
      forward.set(this.forward);
      this.forward = forward;
      const spans = new Int32Array(capacity);
      spans.set(this.spans);
      this.spans = spans;
    }
    this.poolUsed += level;
    this.forward.fill(NIL, base, base + level);
    return base;
  }

  private allocNode(key: string, score: number, level: number): number {
    let node = this.freeIds.pop();
    if (node === undefined) {
      node = this.nextId++;
      if (node >= this.scores.length) this.growNodes();
    }
    const base = this.allocBlock(level);
    this.forward.fill(NIL, base, base + level);
    this.spans.fill(0, base, base + level);
    this.keys[node] = key;
    this.scores[node] = score;
    this.levels[node] = level;
    this.bases[node] = base;
    this.backward[node] = NIL;
    this.levelSum += level;
    return node;
  }

  private growNodes(): void {
    const capacity = this.scores.length * 2;
    const scores = new Float64Array(capacity);
    scores.set(this.scores);
    this.scores = scores;
    const backward = new Int32Array(capacity);
    backward.set(this.backward);
    this.backward = backward;
    const levels = new Uint8Array(capacity);
    levels.set(this.levels);
    this.levels = levels;
    const bases = new Int32Array(capacity);
    bases.set(this.bases);
    this.bases = bases;
  }

  private forget(node: number): void {
    const key = this.keys[node];
    this.index.delete(key);
    this.keyBytes -= key.length;
    this.freeBlocks[this.levels[node]].push(this.bases[node]);
    this.levelSum -= this.levels[node];
    this.keys[node] = '';
    this.freeIds.push(node);
  }

  private insertNode(key: string, score: number): number {
    const update = this.update;
    const rank = this.rankScratch;
    const scores = this.scores;
    const keys = this.keys;
    let forward = this.forward;
    let spans = this.spans;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      for (;;) {
        const slot = this.bases[x] + i;
        const next = forward[slot];
        if (next === NIL) break;
        const s = scores[next];
        if (s > score || (s === score && keys[next] >= key)) break;
        rank[i] += spans[slot];
        x = next;
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = HEADER;
        spans[this.bases[HEADER] + i] = this.index.size;
      }
      this.level = level;
    }
    const node = this.allocNode(key, score, level);
    forward = this.forward;
    spans = this.spans;
    const base = this.bases[node];
    for (let i = 0; i < level; i++) {
      const prevSlot = this.bases[update[i]] + i;
      forward[base + i] = forward[prevSlot];
      forward[prevSlot] = node;
      spans[base + i] = spans[prevSlot] - (rank[0] - rank[i]);
      spans[prevSlot] = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) spans[this.bases[update[i]] + i]++;
    this.backward[node] = update[0] === HEADER ? NIL : update[0];
    const after = forward[base];
    if (after !== NIL) this.backward[after] = node;
    else this.tail = node;
    return node;
  }

  /** Fills `update` with the rightmost node before (score, key) on every level. */
  private findUpdate(score: number, key: string): void {
    const scores = this.scores;
    const keys = this.keys;
    const forward = this.forward;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const next = forward[this.bases[x] + i];
        if (next === NIL) break;
        const s = scores[next];
        if (s > score || (s === score && keys[next] >= key)) break;
        x = next;
      }
      this.update[i] = x;
    }
  }

  /** Fills `update` with the last node on every level for which `advance` holds. */
  private descend(advance: (node: number) => boolean): void {
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const next = this.forward[this.bases[x] + i];
        if (next === NIL || !advance(next)) break;
        x = next;
      }
      this.update[i] = x;
    }
  }

  /** Unlinks a node given `update` as left by findUpdate/descend. */
  private unlink(node: number): void {
    const forward = this.forward;
    const spans = this.spans;
    const base = this.bases[node];
    for (let i = 0; i < this.level; i++) {
      const prevSlot = this.bases[this.update[i]] + i;
      if (forward[prevSlot] === node) {
        spans[prevSlot] += spans[base + i] - 1;
        forward[prevSlot] = forward[base + i];
      } else {
        spans[prevSlot] -= 1;
      }
    }
    const after = forward[base];
    if (after !== NIL) this.backward[after] = this.backward[node];
    else this.tail = this.backward[node];
    const headerBase = this.bases[HEADER];
    while (this.level > 1 && forward[headerBase + this.level - 1] === NIL) this.level--;
  }

  /** zslUpdateScore: when the new score keeps the node between its neighbours only the score changes; otherwise unlink and reinsert. */
  private updateScore(node: number, score: number): void {
    const key = this.keys[node];
    const prev = this.backward[node];
    const next = this.forward[this.bases[node]];
    const scores = this.scores;
    const staysPut =
      (prev === NIL || scores[prev] < score || (scores[prev] === score && this.keys[prev] < key)) &&
      (next === NIL || score < scores[next] || (score === scores[next] && key < this.keys[next]));
    if (staysPut) {
      scores[node] = score;
      return;
    }
    this.findUpdate(scores[node], key);
    this.unlink(node);
    this.freeBlocks[this.levels[node]].push(this.bases[node]);
    this.levelSum -= this.levels[node];
    this.freeIds.push(node);
    this.keys[node] = '';
    this.index.set(key, this.insertNode(key, score));
  }

  /** 1-based rank of an element known to be present (0 if absent). */
  private rankOf(score: number, key: string): number {
    const forward = this.forward;
    const spans = this.spans;
    const scores = this.scores;
    const keys = this.keys;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const slot = this.bases[x] + i;
        const next = forward[slot];
        if (next === NIL) break;
        const s = scores[next];
        if (s > score || (s === score && keys[next] > key)) break;
        rank += spans[slot];
        x = next;
      }
      if (x !== HEADER && keys[x] === key) return rank;
    }
    return 0;
  }

  private nodeAt(rank: number, reverse: boolean): number {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.size) return NIL;
    const target = (reverse ? this.size - 1 - rank : rank) + 1;
    let traversed = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const slot = this.bases[x] + i;
        const next = this.forward[slot];
        if (next === NIL || traversed + this.spans[slot] > target) break;
        traversed += this.spans[slot];
        x = next;
      }
      if (traversed === target) return x;
    }
    return NIL;
  }

  private firstNodeInScoreRange(range: ScoreRange): number {
    if (!this.scoreRangeOverlaps(range)) return NIL;
    this.descend((node) => !scoreGteMin(this.scores[node], range));
    const found = this.forward[this.bases[this.update[0]]];
    return found !== NIL && scoreLteMax(this.scores[found], range) ? found : NIL;
  }

  private lastNodeInScoreRange(range: ScoreRange): number {
    if (!this.scoreRangeOverlaps(range)) return NIL;
    this.descend((node) => scoreLteMax(this.scores[node], range));
    const found = this.update[0];
    return found !== HEADER && scoreGteMin(this.scores[found], range) ? found : NIL;
  }

  private scoreRangeOverlaps(range: ScoreRange): boolean {
    if (scoreRangeIsEmpty(range)) return false;
    const lowest = this.forward[this.bases[HEADER]];
    if (this.tail === NIL || lowest === NIL) return false;
    return scoreGteMin(this.scores[this.tail], range) && scoreLteMax(this.scores[lowest], range);
  }

  private firstNodeInLexRange(range: LexRange): number {
    if (!this.lexRangeOverlaps(range)) return NIL;
    this.descend((node) => !lexGteMin(this.keys[node], range));
    const found = this.forward[this.bases[this.update[0]]];
    return found !== NIL && lexLteMax(this.keys[found], range) ? found : NIL;
  }

  private lastNodeInLexRange(range: LexRange): number {
    if (!this.lexRangeOverlaps(range)) return NIL;
    this.descend((node) => lexLteMax(this.keys[node], range));
    const found = this.update[0];
    return found !== HEADER && lexGteMin(this.keys[found], range) ? found : NIL;
  }

  private lexRangeOverlaps(range: LexRange): boolean {
    if (lexRangeIsEmpty(range)) return false;
    const lowest = this.forward[this.bases[HEADER]];
    if (this.tail === NIL || lowest === NIL) return false;
    return lexGteMin(this.keys[this.tail], range) && lexLteMax(this.keys[lowest], range);
  }

  private collect(start: number, reverse: boolean, limit: RangeLimit, inside: (node: number) => boolean): ZsetEntry[] {
    const out: ZsetEntry[] = [];
    let offset = limit.offset ?? 0;
    let remaining = limit.count === undefined || limit.count < 0 ? Infinity : limit.count;
    let node = start;
    // Redis skips the offset by walking, without checking the range (O(offset) there too).
    while (node !== NIL && offset > 0) {
      node = reverse ? this.backward[node] : this.forward[this.bases[node]];
      offset--;
    }
    while (node !== NIL && remaining > 0 && inside(node)) {
      out.push(this.entryOf(node));
      remaining--;
      node = reverse ? this.backward[node] : this.forward[this.bases[node]];
    }
    return out;
  }

  /** Deletes consecutive nodes after update[0] while `inRange` holds for them. */
  private deleteRun(inRange: (node: number) => boolean): number {
    let removed = 0;
    let node = this.forward[this.bases[this.update[0]]];
    while (node !== NIL && inRange(node)) {
      const next = this.forward[this.bases[node]];
      this.unlink(node);
      this.forget(node);
      removed++;
      node = next;
    }
    return removed;
  }
}

// ---------------------------------------------------------------------------
// Parsing and formatting scores.

export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_SCORE_RANGE = 'ERR min or max is not a float';
export const ERR_LEX_RANGE = 'ERR min or max not valid string range item';

export interface ParseError {
  readonly error: string;
}

export function isParseError(value: unknown): value is ParseError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

interface StrtodResult {
  value: number;
  /** Index after the converted text; `start` when nothing converted (as strtod's endptr). */
  end: number;
  /** strtod would set ERANGE to report overflow or an underflow to zero. */
  outOfRange: boolean;
}

const isCSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const hexValue = (c: number): number =>
  isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

function matchesWord(s: string, at: number, word: string): boolean {
  return s.slice(at, at + word.length).toLowerCase() === word;
}

/** C's strtod (glibc, "C" locale) over a latin1 string from `start`. */
function strtod(s: string, start: number): StrtodResult {
  let i = start;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const sign = negative ? -1 : 1;
  if (matchesWord(s, i, 'inf')) {
    const end = matchesWord(s, i, 'infinity') ? i + 8 : i + 3;
    return { value: sign * Infinity, end, outOfRange: false };
  }
  if (matchesWord(s, i, 'nan')) {
    let end = i + 3;
    if (s[end] === '(') {
      let j = end + 1;
      while (j < s.length && /[0-9A-Za-z_]/.test(s[j])) j++;
      if (s[j] === ')') end = j + 1;
    }
    return { value: NaN, end, outOfRange: false };
  }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    const hex = parseHexFloat(s, i + 2, sign);
    // "0x" without hex digits converts just the "0".
    return hex ?? { value: sign * 0, end: i + 1, outOfRange: false };
  }
  const numberStart = i;
  let sawDigit = false;
  let nonZero = false;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    sawDigit = true;
    if (s[i] !== '0') nonZero = true;
    i++;
  }
  if (s[i] === '.') {
    let j = i + 1;
    while (j < s.length && isDigit(s.charCodeAt(j))) {
      sawDigit = true;
      if (s[j] !== '0') nonZero = true;
      j++;
    }
    if (sawDigit) i = j;
  }
  if (!sawDigit) return { value: 0, end: start, outOfRange: false };
  if (s[i] === 'e' || s[i] === 'E') {
    let j = i + 1;
    if (s[j] === '+' || s[j] === '-') j++;
    if (isDigit(s.charCodeAt(j))) {
      while (j < s.length && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  // JS's decimal conversion is correctly rounded, as glibc's is.
  const magnitude = Number(s.slice(numberStart, i));
  const outOfRange = magnitude === Infinity || (magnitude === 0 && nonZero);
  return { value: sign * magnitude, end: i, outOfRange };
}

/** The part of a hex float after "0x"; null when no hex digit follows. */
function parseHexFloat(s: string, from: number, sign: number): StrtodResult | null {
  let i = from;
  let mantissa = 0n;
  let digits = 0;
  let fractionDigits = 0;
  while (i < s.length && hexValue(s.charCodeAt(i)) >= 0) {
    mantissa = mantissa * 16n + BigInt(hexValue(s.charCodeAt(i)));
    digits++;
    i++;
  }
  if (s[i] === '.') {
    let j = i + 1;
    while (j < s.length && hexValue(s.charCodeAt(j)) >= 0) {
      mantissa = mantissa * 16n + BigInt(hexValue(s.charCodeAt(j)));
      digits++;
      fractionDigits++;
      j++;
    }
    if (digits > 0) i = j;
  }
  if (digits === 0) return null;
  let exponent = 0;
  if (s[i] === 'p' || s[i] === 'P') {
    let j = i + 1;
    let expSign = 1;
    if (s[j] === '+' || s[j] === '-') {
      expSign = s[j] === '-' ? -1 : 1;
      j++;
    }
    if (isDigit(s.charCodeAt(j))) {
      let value = 0;
      while (j < s.length && isDigit(s.charCodeAt(j))) {
        value = Math.min(value * 10 + (s.charCodeAt(j) - 0x30), 1e6);
        j++;
      }
      exponent = expSign * value;
      i = j;
    }
  }
  if (mantissa === 0n) return { value: sign * 0, end: i, outOfRange: false };
  let binaryExponent = exponent - 4 * fractionDigits;
  // Round the mantissa to 53 bits (half to even), then scale by powers of two.
  const bits = mantissa.toString(2).length;
  if (bits > 53) {
    const drop = BigInt(bits - 53);
    const kept = mantissa >> drop;
    const rest = mantissa - (kept << drop);
    const half = 1n << (drop - 1n);
    mantissa = rest > half || (rest === half && (kept & 1n) === 1n) ? kept + 1n : kept;
    binaryExponent += bits - 53;
  }
  let value = Number(mantissa);
  while (binaryExponent > 0 && value !== Infinity) {
    const step = Math.min(binaryExponent, 1000);
    value *= 2 ** step;
    binaryExponent -= step;
  }
  while (binaryExponent < 0 && value !== 0) {
    const step = Math.max(binaryExponent, -1000);
    value *= 2 ** step;
    binaryExponent -= step;
  }
  return { value: sign * value, end: i, outOfRange: value === Infinity || value === 0 };
}

/**
 * A score argument as ZADD / ZINCRBY / ZSCORE-side commands read it (Redis's
 * string2d): the whole string must be a strtod number with no leading space,
 * not NaN, and not overflowing or underflowing to zero. Null when invalid
 * (reply ERR_NOT_FLOAT).
 */
export function parseScore(arg: Buffer): number | null {
  const s = arg.toString('latin1');
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  const parsed = strtod(s, 0);
  if (parsed.end !== s.length || parsed.outOfRange || Number.isNaN(parsed.value)) return null;
  return parsed.value;
}


/**
 * One bound of ZRANGEBYSCORE & co (zslParseRange): '(' makes it exclusive;
 * strtod must stop at the end of the C string (so text after a NUL byte is
 * ignored, and an empty string reads as 0); NaN is refused, infinities and
 * out-of-range values (strtod's ±inf / 0) are accepted.
 */
function parseScoreBound(arg: Buffer): { value: number; exclusive: boolean } | null {
  const s = arg.toString('latin1');
  const exclusive = s[0] === '(';
  const from = exclusive ? 1 : 0;
  const parsed = strtod(s, from);
  if (parsed.end < s.length && s.charCodeAt(parsed.end) !== 0) return null;
  if (Number.isNaN(parsed.value)) return null;
  return { value: parsed.value, exclusive };
}

export function parseScoreRange(min: Buffer, max: Buffer): ScoreRange | ParseError {
  const low = parseScoreBound(min);
  const high = parseScoreBound(max);
  if (low === null || high === null) return { error: ERR_SCORE_RANGE };
  return { min: low.value, minex: low.exclusive, max: high.value, maxex: high.exclusive };
}

function parseLexBound(arg: Buffer): LexBound | null {
  const first = arg[0];
  if (first === 0x2b /* + */ && arg.length === 1) return { kind: 'max' };
  if (first === 0x2d /* - */ && arg.length === 1) return { kind: 'min' };
  if (first === 0x28 /* ( */ || first === 0x5b /* [ */) {
    return { kind: 'value', key: arg.toString('latin1', 1), exclusive: first === 0x28 };
  }
  return null;
}

/** ZRANGEBYLEX & co bounds: '-', '+', '[member' (inclusive), '(member' (exclusive). */
export function parseLexRange(min: Buffer, max: Buffer): LexRange | ParseError {
  const low = parseLexBound(min);
  const high = parseLexBound(max);
  if (low === null || high === null) return { error: ERR_LEX_RANGE };
  return { min: low, max: high };
}

/** A score as ZSCORE & co print it (%.17g; "inf"/"-inf"). */
export function formatScore(score: number): string {
  return formatDouble(score);
}
