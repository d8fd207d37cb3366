// List values: a deque of byte strings in a growable ring buffer, so pushes
// and pops at both ends are O(1) and LINDEX/LSET/LRANGE reach any element in
// O(1). Elements are never edited in place (LSET swaps the Buffer), so a copy
// of a list can share its element Buffers.
//
// Redis 7.0 stores every list as a quicklist (a linked list of listpacks);
// OBJECT ENCODING always says "quicklist" there (the listpack encoding for
// small lists came with 7.2). Beside the elements, a list keeps the node
// layout Redis's quicklist.c would have after the same commands (how many
// elements each node holds and its listpack's bytes): DUMP writes one
// listpack per node and MEMORY USAGE samples the nodes, so both depend on it.
// Pushes at either end fill the end node or open a new one
// (_quicklistNodeAllowInsert), LINSERT fills, spills into a neighbour or
// splits a full node and merges around it (_quicklistInsert), deletions
// shrink nodes and drop empty ones, LSET resizes its node.
import { jemallocSize } from './alloc';
import { parseInt64Number } from '../util/string2ll';

const MIN_CAPACITY = 8;

export class ListValue {
  readonly type = 'list' as const;
  /** What OBJECT ENCODING replies: Redis 7.0 has no other list encoding. */
  readonly encoding = 'quicklist';
  /**
   * list-max-listpack-size when the list was made: Redis fixes a quicklist's
   * fill factor at creation; only the memory estimate depends on it.
   */
  readonly fill: number;

  private ring: Array<Buffer | undefined>;
  /** The quicklist nodes, head to tail; their counts add up to `count`. */
  private nodes = new NodeRing();
  private mask: number;
  private head = 0;
  private count = 0;
  /** Cached memoryUsage(), dropped by every change. */
  private sizeCache = -1;

  constructor(fill = -2, capacity = MIN_CAPACITY) {
    // quicklistSetFill: fill factors are clamped to [-5, FILL_MAX].
    this.fill = Math.max(-5, Math.min(FILL_MAX, fill));
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

  /**
   * Replaces element `index` (within [0, length)). Redis 7.0 rewrites the
   * entry inside its listpack (quicklistReplaceEntry) whatever the node's
   * size becomes; a plain node takes the value as a packed one unless it too
   * is large.
   */
  set(index: number, value: Buffer): void {
    const slot = (this.head + index) & this.mask;
    const old = this.ring[slot]!;
    this.ring[slot] = value;
    const { node } = this.nodeOf(index);
    if (node.plain) {
      if (!isLarge(value)) {
        node.plain = false;
        node.bytes = LISTPACK_EMPTY + listpackEntrySize(value);
      } else {
        node.bytes = value.length;
      }
    } else {
      node.bytes += listpackEntrySize(value) - listpackEntrySize(old);
    }
    this.sizeCache = -1;
  }

  pushBack(value: Buffer): void {
    if (this.count === this.ring.length) this.grow(this.count + 1);
    this.ring[(this.head + this.count) & this.mask] = value;
    this.count++;
    this.sizeCache = -1;
    const nodes = this.nodes;
    const tail = nodes.size > 0 ? nodes.at(nodes.size - 1) : undefined;
    if (tail !== undefined && !isLarge(value) && allowsInsert(tail, value.length, this.fill)) {
      tail.count++;
      tail.bytes += listpackEntrySize(value);
    } else {
      nodes.pushBack(nodeOfOne(value));
    }
  }

  pushFront(value: Buffer): void {
    if (this.count === this.ring.length) this.grow(this.count + 1);
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = value;
    this.count++;
    this.sizeCache = -1;
    const nodes = this.nodes;
    const first = nodes.size > 0 ? nodes.at(0) : undefined;
    if (first !== undefined && !isLarge(value) && allowsInsert(first, value.length, this.fill)) {
      first.count++;
      first.bytes += listpackEntrySize(value);
    } else {
      nodes.pushFront(nodeOfOne(value));
    }
  }

  /** Removes and returns the head; undefined when empty. */
  popFront(): Buffer | undefined {
    if (this.count === 0) return undefined;
    const value = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    this.sizeCache = -1;
    this.leaveNode(0, value);
    this.maybeShrink();
    return value;
  }

  /** Removes and returns the tail; undefined when empty. */
  popBack(): Buffer | undefined {
    if (this.count === 0) return undefined;
    const slot = (this.head + this.count - 1) & this.mask;
    const value = this.ring[slot]!;
    this.ring[slot] = undefined;
    this.count--;
    this.sizeCache = -1;
    this.leaveNode(this.nodes.size - 1, value);
    this.maybeShrink();
    return value;
  }

  /**
   * LINSERT: inserts `value` after (or before) element `pivot` (within
   * [0, length)), placing it in the node layout as _quicklistInsert does.
   */
  insertBeside(pivot: number, value: Buffer, after: boolean): void {
    this.placeInserted(pivot, value, after);
    this.insertElement(after ? pivot + 1 : pivot, value);
  }

  /** Inserts before element `index` (0..length) in the ring alone; shifts the shorter side. */
  private insertElement(index: number, value: Buffer): void {
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
    const { node, nodeIndex } = this.nodeOf(index);
    this.shrinkNode(node, nodeIndex, this.at(index));
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
    const nodes = this.nodes;
    let removed = 0;
    // The node of the element being read, walked in step (quicklistDelIndex per match).
    let nodeIndex = fromTail ? nodes.size - 1 : 0;
    let leftInNode = n > 0 ? nodes.at(nodeIndex).count : 0;
    if (!fromTail) {
      // Survivors slide towards the head; the freed slots end up at the tail.
      let write = 0;
      for (let read = 0; read < n; read++) {
        if (leftInNode === 0) leftInNode = nodes.at(++nodeIndex).count;
        leftInNode--;
        const item = ring[(head + read) & mask]!;
        if ((limit === 0 || removed < limit) && item.equals(value)) {
          removed++;
          dropFromNode(nodes.at(nodeIndex), item);
          continue;
        }
        if (write !== read) ring[(head + write) & mask] = item;
        write++;
      }
      for (let i = write; i < n; i++) ring[(head + i) & mask] = undefined;
    } else {
      let write = n - 1;
      for (let read = n - 1; read >= 0; read--) {
        if (leftInNode === 0) leftInNode = nodes.at(--nodeIndex).count;
        leftInNode--;
        const item = ring[(head + read) & mask]!;
        if ((limit === 0 || removed < limit) && item.equals(value)) {
          removed++;
          dropFromNode(nodes.at(nodeIndex), item);
          continue;
        }
        if (write !== read) ring[(head + write) & mask] = item;
        write--;
      }
      for (let i = 0; i <= write; i++) ring[(head + i) & mask] = undefined;
      this.head = (head + removed) & mask;
    }
    if (removed > 0) {
      nodes.removeEmpty();
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
    this.trimNodes(front, back);
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
    this.nodes = new NodeRing();
    this.sizeCache = -1;
  }

  /** An independent list with the same elements and nodes (COPY); Buffers are shared, never edited. */
  clone(): ListValue {
    const copy = new ListValue(this.fill, this.count);
    for (let i = 0; i < this.count; i++) copy.ring[i] = this.at(i);
    copy.count = this.count;
    for (let i = 0; i < this.nodes.size; i++) {
      const node = this.nodes.at(i);
      copy.nodes.pushBack({ count: node.count, bytes: node.bytes, plain: node.plain });
    }
    return copy;
  }

  /** The quicklist layout, head to tail: each node's element count and whether it is a plain node (DUMP). */
  nodeLayout(): Array<{ count: number; plain: boolean }> {
    const out = new Array<{ count: number; plain: boolean }>(this.nodes.size);
    for (let i = 0; i < this.nodes.size; i++) {
      const node = this.nodes.at(i);
      out[i] = { count: node.count, plain: node.plain };
    }
    return out;
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

  /** A list of these elements, pushed in order at the tail (SORT STORE, older RDB encodings, modules). */
  static from(items: Iterable<Buffer>, fill = -2): ListValue {
    const list = new ListValue(fill);
    for (const item of items) list.pushBack(item);
    return list;
  }

  /**
   * A list with the given node boundaries (RESTORE of a quicklist payload,
   * which Redis loads node by node as saved): `nodes` holds each node's
   * elements, `plain` whether it is a plain node. Empty nodes are skipped.
   */
  static fromNodes(nodes: readonly Buffer[][], plain: readonly boolean[], fill = -2): ListValue {
    let total = 0;
    for (const items of nodes) total += items.length;
    const list = new ListValue(fill, total);
    for (let n = 0; n < nodes.length; n++) {
      const items = nodes[n];
      if (items.length === 0) continue;
      let bytes = LISTPACK_EMPTY;
      for (const item of items) {
        list.ring[list.count++] = item;
        bytes += listpackEntrySize(item);
      }
      list.nodes.pushBack(plain[n] ? { count: 1, bytes: items[0].length, plain: true } : { count: items.length, bytes, plain: false });
    }
    return list;
  }

  /**
   * Bytes of the value as Redis's MEMORY USAGE counts a quicklist (without
   * the key): the object header and quicklist struct, then nodes sampled from
   * the head (node struct plus the listpack's jemalloc size) averaged and
   * multiplied by the node count. `samples` 0 measures every node.
   */
  memoryUsage(samples = 5): number {
    if (samples === 5 && this.sizeCache >= 0) return this.sizeCache;
    if (samples <= 0) samples = Infinity;
    const OBJECT = 16;
    const QUICKLIST = 40;
    const NODE = 40;
    const nodes = this.nodes;
    let sampled = 0;
    let sampledBytes = 0;
    for (let i = 0; i < nodes.size && sampled < samples; i++) {
      sampledBytes += NODE + jemallocSize(nodes.at(i).bytes);
      sampled++;
    }
    let size = OBJECT + QUICKLIST;
    if (sampled > 0) size += Math.floor((sampledBytes / sampled) * nodes.size);
    if (samples === 5) this.sizeCache = size;
    return size;
  }

  /** The node holding element `index` (within [0, length)), its position among the nodes and its first element's index. */
  private nodeOf(index: number): { node: QuickNode; nodeIndex: number; first: number } {
    const nodes = this.nodes;
    if (index < this.count / 2) {
      let first = 0;
      for (let i = 0; ; i++) {
        const node = nodes.at(i);
        if (index < first + node.count) return { node, nodeIndex: i, first };
        first += node.count;
      }
    }
    let end = this.count;
    for (let i = nodes.size - 1; ; i--) {
      const node = nodes.at(i);
      if (index >= end - node.count) return { node, nodeIndex: i, first: end - node.count };
      end -= node.count;
    }
  }

  /** An element left node `nodeIndex` (an end node on pops): the node shrinks and goes once empty. */
  private leaveNode(nodeIndex: number, value: Buffer): void {
    this.shrinkNode(this.nodes.at(nodeIndex), nodeIndex, value);
  }

  private shrinkNode(node: QuickNode, nodeIndex: number, value: Buffer): void {
    dropFromNode(node, value);
    if (node.count === 0) this.nodes.removeAt(nodeIndex);
  }

  /** Listpack bytes of elements [from, to) of the ring. */
  private entryBytes(from: number, to: number): number {
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += listpackEntrySize(this.at(i));
    return bytes;
  }

  /** The node side of trim(): whole nodes go, the first partly kept node at each end shrinks (quicklistDelRange). */
  private trimNodes(front: number, back: number): void {
    const nodes = this.nodes;
    let left = front;
    while (left > 0) {
      const node = nodes.at(0);
      if (node.count <= left) {
        left -= node.count;
        nodes.removeAt(0);
        continue;
      }
      if (!node.plain) node.bytes -= this.entryBytes(front - left, front);
      node.count -= left;
      left = 0;
    }
    left = back;
    while (left > 0) {
      const last = nodes.size - 1;
      const node = nodes.at(last);
      if (node.count <= left) {
        left -= node.count;
        nodes.removeAt(last);
        continue;
      }
      if (!node.plain) node.bytes -= this.entryBytes(this.count - back, this.count - back + left);
      node.count -= left;
      left = 0;
    }
  }

  /**
   * The node side of LINSERT (_quicklistInsert of 7.0): into the pivot's node
   * when it has room; at a node's edge into the neighbour with room, or a new
   * node between them; otherwise the pivot's node is split at the pivot, the
   * value joins the split-off part, and the nodes around are merged where
   * they fit (_quicklistMergeNodes).
   */
  private placeInserted(pivot: number, value: Buffer, after: boolean): void {
    const nodes = this.nodes;
    const fill = this.fill;
    const { node, nodeIndex, first } = this.nodeOf(pivot);
    const offset = pivot - first;
    const len = value.length;
    const prev = nodeIndex > 0 ? nodes.at(nodeIndex - 1) : undefined;
    const next = nodeIndex + 1 < nodes.size ? nodes.at(nodeIndex + 1) : undefined;
    const full = node.plain || isLarge(value) || !allowsInsert(node, len, fill);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    const roomNext = atTail && next !== undefined && !next.plain && !isLarge(value) && allowsInsert(next, len, fill);
    const roomPrev = atHead && prev !== undefined && !prev.plain && !isLarge(value) && allowsInsert(prev, len, fill);
    const size = listpackEntrySize(value);

    if (isLarge(value)) {
      if (node.plain || atTail || atHead) {
        nodes.insertAt(after ? nodeIndex + 1 : nodeIndex, nodeOfOne(value));
      } else {
        const split = this.split(node, first, offset, after);
        const plainIndex = after ? nodeIndex + 1 : nodeIndex;
        nodes.insertAt(plainIndex, nodeOfOne(value));
        nodes.insertAt(after ? plainIndex + 1 : plainIndex, split);
      }
      return;
    }
    if (!full) {
      node.count++;
      node.bytes += size;
    } else if (atTail && roomNext) {
      next!.count++;
      next!.bytes += size;
    } else if (atHead && roomPrev) {
      prev!.count++;
      prev!.bytes += size;
    } else if ((atTail && next !== undefined) || (atHead && prev !== undefined)) {
      nodes.insertAt(after ? nodeIndex + 1 : nodeIndex, nodeOfOne(value));
    } else {
      const split = this.split(node, first, offset, after);
      split.count++;
      split.bytes += size;
      nodes.insertAt(after ? nodeIndex + 1 : nodeIndex, split);
      this.mergeAround(after ? nodeIndex : nodeIndex + 1);
    }
  }

  /**
   * _quicklistSplitNode: `node` keeps elements up to the pivot (after) or from
   * it (before); the rest becomes the returned node, not yet in the ring.
   */
  private split(node: QuickNode, first: number, offset: number, after: boolean): QuickNode {
    const movedFrom = after ? first + offset + 1 : first;
    const movedTo = after ? first + node.count : first + offset;
    const moved = movedTo - movedFrom;
    const bytes = this.entryBytes(movedFrom, movedTo);
    node.count -= moved;
    node.bytes -= bytes;
    return { count: moved, bytes: LISTPACK_EMPTY + bytes, plain: false };
  }

  /** _quicklistMergeNodes around the node at `center`. */
  private mergeAround(center: number): void {
    const nodes = this.nodes;
    const fill = this.fill;
    // prev_prev with prev, then next with next_next, then center with prev,
    // then the result with its next.
    if (center >= 2 && allowsMerge(nodes.at(center - 1), nodes.at(center - 2), fill)) {
      mergeInto(nodes, center - 2);
      center--;
    }
    if (center + 2 < nodes.size && allowsMerge(nodes.at(center + 1), nodes.at(center + 2), fill)) {
      mergeInto(nodes, center + 1);
    }
    let target = center;
    if (center >= 1 && allowsMerge(nodes.at(center), nodes.at(center - 1), fill)) {
      mergeInto(nodes, center - 1);
      target = center - 1;
    }
    if (target + 1 < nodes.size && allowsMerge(nodes.at(target), nodes.at(target + 1), fill)) {
      mergeInto(nodes, target);
    }
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
/** What Redis adds to a node's size to estimate an insert (SIZE_ESTIMATE_OVERHEAD). */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** quicklist's FILL_MAX: the largest fill factor a quicklist records. */
const FILL_MAX = 32767;
/** packed_threshold: elements from this size on get a node of their own (a plain node). */
export const PACKED_THRESHOLD = 1 << 30;

/** One quicklist node: its element count and listpack bytes (lpBytes; a plain node's element length). */
interface QuickNode {
  count: number;
  bytes: number;
  plain: boolean;
}

function isLarge(value: Buffer): boolean {
  return value.length >= PACKED_THRESHOLD;
}

function nodeOfOne(value: Buffer): QuickNode {
  return isLarge(value)
    ? { count: 1, bytes: value.length, plain: true }
    : { count: 1, bytes: LISTPACK_EMPTY + listpackEntrySize(value), plain: false };
}

/** An element left the node (its count may reach 0: the caller drops the node). */
function dropFromNode(node: QuickNode, value: Buffer): void {
  node.count--;
  if (!node.plain) node.bytes -= listpackEntrySize(value);
}

/** _quicklistNodeSizeMeetsOptimizationRequirement: a negative fill factor's byte limit holds. */
function meetsSizeLevel(bytes: number, fill: number): boolean {
  return fill < 0 && bytes <= OPTIMIZATION_LEVEL[-fill - 1];
}

/** _quicklistNodeAllowInsert: whether the packed node takes an element of `len` bytes. */
function allowsInsert(node: QuickNode, len: number, fill: number): boolean {
  if (node.plain) return false;
  const next = node.bytes + len + SIZE_ESTIMATE_OVERHEAD;
  if (meetsSizeLevel(next, fill)) return true;
  if (next > SIZE_SAFETY_LIMIT) return false;
  return node.count < fill;
}

/** _quicklistNodeAllowMerge: whether two packed nodes fit in one (one listpack header less). */
function allowsMerge(a: QuickNode, b: QuickNode, fill: number): boolean {
  if (a.plain || b.plain) return false;
  const merged = a.bytes + b.bytes - LISTPACK_EMPTY;
  if (meetsSizeLevel(merged, fill)) return true;
  if (merged > SIZE_SAFETY_LIMIT) return false;
  return a.count + b.count <= fill;
}

/** Merges node `at + 1` into node `at` (_quicklistListpackMerge keeps one listpack). */
function mergeInto(nodes: NodeRing, at: number): void {
  const a = nodes.at(at);
  const b = nodes.at(at + 1);
  a.count += b.count;
  a.bytes += b.bytes - LISTPACK_EMPTY;
  nodes.removeAt(at + 1);
}

/** A deque of quicklist nodes: O(1) at both ends, O(n) in the middle (as rare as LINSERT). */
class NodeRing {
  private ring: Array<QuickNode | undefined> = new Array<QuickNode | undefined>(4);
  private mask = 3;
  private head = 0;
  size = 0;

  at(i: number): QuickNode {
    return this.ring[(this.head + i) & this.mask]!;
  }

  pushBack(node: QuickNode): void {
    if (this.size === this.ring.length) this.grow();
    this.ring[(this.head + this.size) & this.mask] = node;
    this.size++;
  }

  pushFront(node: QuickNode): void {
    if (this.size === this.ring.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = node;
    this.size++;
  }

  /** Inserts before position `i` (0..size). */
  insertAt(i: number, node: QuickNode): void {
    if (i === 0) return this.pushFront(node);
    if (this.size === this.ring.length) this.grow();
    const ring = this.ring;
    const mask = this.mask;
    for (let j = this.size; j > i; j--) ring[(this.head + j) & mask] = ring[(this.head + j - 1) & mask];
    ring[(this.head + i) & mask] = node;
    this.size++;
  }

  removeAt(i: number): void {
    const ring = this.ring;
    const mask = this.mask;
    if (i === 0) {
      ring[this.head] = undefined;
      this.head = (this.head + 1) & mask;
    } else {
      for (let j = i; j < this.size - 1; j++) ring[(this.head + j) & mask] = ring[(this.head + j + 1) & mask];
      ring[(this.head + this.size - 1) & mask] = undefined;
    }
    this.size--;
  }

  /** Drops the nodes whose count reached 0, keeping the order. */
  removeEmpty(): void {
    let write = 0;
    const n = this.size;
    for (let read = 0; read < n; read++) {
      const node = this.at(read);
      if (node.count === 0) continue;
      if (write !== read) this.ring[(this.head + write) & this.mask] = node;
      write++;
    }
    for (let i = write; i < n; i++) this.ring[(this.head + i) & this.mask] = undefined;
    this.size = write;
  }

  private grow(): void {
    const next = new Array<QuickNode | undefined>(this.ring.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.at(i);
    this.ring = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}

/** Bytes one element takes in a listpack: encoding, data, back-length. */
function listpackEntrySize(item: Buffer): number {
  const asInt = parseInt64Number(item);
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


