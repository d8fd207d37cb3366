// Hash values.
//
// Fields live in two parallel arrays (field bytes, value bytes) with a
// field -> position index, so lookups are O(1) and a random field is one
// array read (HRANDFIELD). While the encoding is "listpack" the arrays keep
// insertion order, because Redis replies in listpack order (HGETALL, HKEYS,
// HSCAN...): a delete then closes the gap and renumbers what follows, which
// costs what a listpack delete costs in Redis. Once "hashtable" (for good, as
// in Redis), order is free and a delete moves the last field into the hole.
//
// Index keys are the field's bytes read as latin1 (one char per byte, so
// binary fields are safe); the Buffers are kept too, so replies copy bytes
// without re-encoding.
import { jemallocSize, sdsAllocSize } from './alloc';

/** hash-max-listpack-entries / hash-max-listpack-value, as numbers. */
export interface HashLimits {
  readonly maxListpackEntries: number;
  readonly maxListpackValue: number;
}



/** A listpack entry's bytes: encoding header, data, back-length. */
export function listpackEntrySize(len: number): number {
  const head = len < 64 ? 1 : len < 4096 ? 2 : 5;
  const total = head + len;
  const back = total < 128 ? 1 : total < 16384 ? 2 : total < 2097152 ? 3 : total < 268435456 ? 4 : 5;
  return total + back;
}

const ROBJ_SIZE = 16;
const DICT_SIZE = 56;
const DICT_ENTRY_SIZE = 24;

/** Buckets of a Redis dict holding n entries: the next power of two, at least 4. */
export function dictBuckets(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

export class HashValue {
  readonly type = 'hash' as const;
  /** What OBJECT ENCODING replies: "listpack", then "hashtable" once a limit is passed. */
  encoding: 'listpack' | 'hashtable' = 'listpack';
  private readonly index = new Map<string, number>();
  private readonly fieldList: Buffer[] = [];
  private readonly valueList: Buffer[] = [];

  get size(): number {
    return this.fieldList.length;
  }

  /** Fields in reply order (listpack: insertion order). Read-only view. */
  get fields(): readonly Buffer[] {
    return this.fieldList;
  }

  /** Values, parallel to `fields`. Read-only view. */
  get values(): readonly Buffer[] {
    return this.valueList;
  }

  fieldAt(i: number): Buffer {
    return this.fieldList[i];
  }

  valueAt(i: number): Buffer {
    return this.valueList[i];
  }

  get(field: Buffer): Buffer | undefined {
    const at = this.index.get(field.toString('latin1'));
    return at === undefined ? undefined : this.valueList[at];
  }

  has(field: Buffer): boolean {
    return this.index.has(field.toString('latin1'));
  }

  /**
   * Sets a field: `field` is copied when new, `value` is kept as given (the
   * caller hands over bytes nobody else writes to). Converts to "hashtable"
   * first when the field or value is too long for a listpack, and after an
   * insert that makes the hash too big, as Redis's hashTypeSet does.
   * True when the field is new.
   */
  set(field: Buffer, value: Buffer, limits: HashLimits): boolean {
    if (
      this.encoding === 'listpack' &&
      (field.length > limits.maxListpackValue || value.length > limits.maxListpackValue)
    ) {
      this.convert();
    }
    const name = field.toString('latin1');
    const at = this.index.get(name);
    if (at !== undefined) {
      this.valueList[at] = value;
      return false;
    }
    this.index.set(name, this.fieldList.length);
    this.fieldList.push(Buffer.from(field));
    this.valueList.push(value);
    if (this.encoding === 'listpack' && this.fieldList.length > limits.maxListpackEntries) this.convert();
    return true;
  }

  /** Converts to "hashtable" when any of `args` is longer than a listpack value may be (hashTypeTryConversion). */
  tryConversion(args: readonly Buffer[], from: number, to: number, limits: HashLimits): void {
    if (this.encoding !== 'listpack') return;
    for (let i = from; i <= to; i++) {
      if (args[i].length > limits.maxListpackValue) {
        this.convert();
        return;
      }
    }
  }

  delete(field: Buffer): boolean {
    const name = field.toString('latin1');
    const at = this.index.get(name);
    if (at === undefined) return false;
    this.index.delete(name);
    const fields = this.fieldList;
    const values = this.valueList;
    const last = fields.length - 1;
    if (this.encoding === 'listpack') {
      fields.splice(at, 1);
      values.splice(at, 1);
      // Renumber without re-encoding names: the index holds its keys in field order.
      for (const [name, i] of this.index) if (i > at) this.index.set(name, i - 1);
    } else {
      if (at !== last) {
        fields[at] = fields[last];
        values[at] = values[last];
        this.index.set(fields[at].toString('latin1'), at);
      }
      fields.pop();
      values.pop();
    }
    return true;
  }

  /** One-way, as in Redis. */
  convert(): void {
    this.encoding = 'hashtable';
  }

  /** COPY: same fields, values and encoding. Buffers are shared: stored bytes are never written in place. */
  clone(): HashValue {
    const copy = new HashValue();
    copy.encoding = this.encoding;
    for (let i = 0; i < this.fieldList.length; i++) {
      copy.index.set(this.fieldList[i].toString('latin1'), i);
      copy.fieldList.push(this.fieldList[i]);
      copy.valueList.push(this.valueList[i]);
    }
    return copy;
  }

  /** Bytes Redis would use: the robj plus a listpack, or a dict of sds pairs. */
  memoryUsage(): number {
    const n = this.fieldList.length;
    if (this.encoding === 'listpack') {
      let bytes = 7; // header and end byte
      for (let i = 0; i < n; i++) {
        bytes += listpackEntrySize(this.fieldList[i].length) + listpackEntrySize(this.valueList[i].length);
      }
      return ROBJ_SIZE + jemallocSize(bytes);
    }
    let bytes = ROBJ_SIZE + DICT_SIZE + dictBuckets(n) * 8 + n * DICT_ENTRY_SIZE;
    for (let i = 0; i < n; i++) bytes += sdsAllocSize(this.fieldList[i].length) + sdsAllocSize(this.valueList[i].length);
    return bytes;
  }
}
