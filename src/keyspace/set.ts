// Set values.
//
// Redis 7.0 has two set encodings: "intset" (a sorted array of int64s, used
// while every member is an integer as string2ll reads it and there are at most
// set-max-intset-entries of them) and "hashtable" (for good once left).
//
// Members are kept as Buffers in one array, so a random member is one array
// read (SPOP, SRANDMEMBER). As an intset the array is sorted by value, with
// the values alongside (a JS number when it is a safe integer, a bigint past
// that: the two compare exactly with < and >), and membership is a binary
// search, as intsetFind is; replies come out in ascending order as Redis's do.
// As a hashtable a member -> position index (keys: the bytes read as latin1)
// makes membership O(1) and a delete moves the last member into the hole.
import { dictBuckets } from './hash';
import { jemallocSize, sdsAllocSize } from './alloc';
import { parseInt64 } from '../util/string2ll';

/** The integer a member stands for when Redis would store it in an intset (string2ll), else null. */
export const memberInteger: (bytes: Buffer) => number | bigint | null = parseInt64;

export class SetValue {
  readonly type = 'set' as const;
  encoding: 'intset' | 'hashtable';
  private readonly memberList: Buffer[] = [];
  /** Intset only: the members' values, ascending, parallel to memberList. */
  private ints: Array<number | bigint> = [];
  /** Hashtable only. */
  private index: Map<string, number> | null = null;

  /**
   * An empty set with the encoding Redis's setTypeCreate picks for its first
   * member: an intset when that member is an integer.
   */
  constructor(intset = true) {
    this.encoding = intset ? 'intset' : 'hashtable';
    if (!intset) this.index = new Map();
  }

  static forFirstMember(member: Buffer): SetValue {
    return new SetValue(memberInteger(member) !== null);
  }

  get size(): number {
    return this.memberList.length;
  }

  /** Members in reply order (intset: ascending). Read-only view. */
  get members(): readonly Buffer[] {
    return this.memberList;
  }

  at(i: number): Buffer {
    return this.memberList[i];
  }

  /** SORT's input: the members in reply order. */
  toArray(): Buffer[] {
    return this.memberList.slice();
  }

  /** Position of `value` in the intset, or -(insertion point) - 1. */
  private search(value: number | bigint): number {
    const ints = this.ints;
    let lo = 0;
    let hi = ints.length - 1;
    // The common appends (ascending input) skip the search.
    if (hi >= 0 && value > ints[hi]) return -(hi + 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ints[mid];
      if (v < value) lo = mid + 1;
      else if (v > value) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  has(member: Buffer): boolean {
    if (this.index !== null) return this.index.has(member.toString('latin1'));
    const value = memberInteger(member);
    return value !== null && this.search(value) >= 0;
  }

  /**
   * Adds a member (copied unless `owned`: bytes nobody else writes to), as
   * Redis's setTypeAdd: a non-integer converts an intset first, and an intset
   * that grows past `maxIntsetEntries` converts after the insert. True when new.
   */
  add(member: Buffer, maxIntsetEntries: number, owned = false): boolean {
    if (this.index === null) {
      const value = memberInteger(member);
      if (value !== null) {
        const at = this.search(value);
        if (at >= 0) return false;
        const pos = -at - 1;
        const bytes = owned ? member : Buffer.from(member);
        if (pos === this.memberList.length) {
          this.memberList.push(bytes);
          this.ints.push(value);
        } else {
          this.memberList.splice(pos, 0, bytes);
          this.ints.splice(pos, 0, value);
        }
        if (this.memberList.length > maxIntsetEntries) this.convert();
        return true;
      }
      this.convert();
    }
    const index = this.index as Map<string, number>;
    const name = member.toString('latin1');
    if (index.has(name)) return false;
    index.set(name, this.memberList.length);
    this.memberList.push(owned ? member : Buffer.from(member));
    return true;
  }

  remove(member: Buffer): boolean {
    if (this.index === null) {
      const value = memberInteger(member);
      if (value === null) return false;
      const at = this.search(value);
      if (at < 0) return false;
      this.memberList.splice(at, 1);
      this.ints.splice(at, 1);
      return true;
    }
    const name = member.toString('latin1');
    const at = this.index.get(name);
    if (at === undefined) return false;
    this.index.delete(name);
    this.removeFromArray(at);
    return true;
  }

  /** Removes and returns the member at position i (SPOP). */
  removeAt(i: number): Buffer {
    const member = this.memberList[i];
    if (this.index === null) {
      this.memberList.splice(i, 1);
      this.ints.splice(i, 1);
    } else {
      this.index.delete(member.toString('latin1'));
      this.removeFromArray(i);
    }
    return member;
  }

  private removeFromArray(at: number): void {
    const list = this.memberList;
    const last = list.length - 1;
    if (at !== last) {
      list[at] = list[last];
      (this.index as Map<string, number>).set(list[at].toString('latin1'), at);
    }
    list.pop();
  }

  /** One-way, as in Redis. */
  convert(): void {
    if (this.index !== null) return;
    const index = new Map<string, number>();
    const list = this.memberList;
    for (let i = 0; i < list.length; i++) index.set(list[i].toString('latin1'), i);
    this.index = index;
    this.ints = [];
    this.encoding = 'hashtable';
  }

  /** COPY: same members and encoding. Buffers are shared: stored bytes are never written in place. */
  clone(): SetValue {
    const copy = new SetValue(this.index === null);
    for (const member of this.memberList) copy.memberList.push(member);
    if (this.index === null) copy.ints = this.ints.slice();
    else copy.index = new Map(this.index);
    return copy;
  }

  /** Bytes Redis would use: the robj plus an intset, or a dict of sds keys. */
  memoryUsage(): number {
    const n = this.memberList.length;
    if (this.index === null) {
      let width = 2;
      for (const v of this.ints) {
        if (v < -2147483648 || v > 2147483647) {
          width = 8;
          break;
        }
        if (v < -32768 || v > 32767) width = 4;
      }
      return 16 + jemallocSize(8 + n * width);
    }
    let bytes = 16 + 56 + dictBuckets(n) * 8 + n * 24;
    for (const member of this.memberList) bytes += sdsAllocSize(member.length);
    return bytes;
  }
}
