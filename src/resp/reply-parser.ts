/**
 * Server reply decoding (RESP2 and RESP3) for the in-process client and the tests.
 *
 * ReplyFramer cuts a byte stream into complete top-level replies without decoding
 * them (the differential tests compare those frames byte for byte); ReplyParser
 * decodes each frame into values that keep every distinction the wire makes.
 * Both accept any chunking: the scan state survives between chunks, so a large
 * reply arriving in many pieces is scanned once.
 */

export class RespError extends Error {
  /** True for RESP3 blob errors ('!'), false for simple errors ('-'). */
  readonly blob: boolean;
  constructor(message: string, blob = false) {
    super(message);
    this.name = 'RespError';
    this.blob = blob;
  }
  /** The error code: the first word ("ERR", "WRONGTYPE", ...). */
  get code(): string {
    const space = this.message.indexOf(' ');
    return space < 0 ? this.message : this.message.slice(0, space);
  }
}

/** RESP3 map ('%'); keys may be any value, so entries keep their order and types. */
export class RespMap {
  constructor(readonly entries: Array<[RespValue, RespValue]>) {}
  get size(): number {
    return this.entries.length;
  }
  /** Looks up a key given as text (matches simple strings and bulk strings). */
  get(key: string): RespValue | undefined {
    for (const [k, v] of this.entries) {
      if (k === key || (Buffer.isBuffer(k) && k.toString('utf8') === key)) return v;
    }
    return undefined;
  }
}

/** RESP3 set ('~'). */
export class RespSet {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 push ('>'); items[0] is the kind ("message", "invalidate", ...). */
export class RespPush {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 verbatim string ('='): a three-letter format and the text. */
export class RespVerbatim {
  constructor(readonly format: string, readonly text: Buffer) {}
}

/** RESP3 big number ('('): the digits as sent, and their value. */
export class RespBigNumber {
  constructor(readonly text: string) {}
  get value(): bigint {
    return BigInt(this.text);
  }
}

/** RESP3 double (','): the text as sent ("inf", "-nan", "1.5") and its value. */
export class RespDouble {
  readonly value: number;
  constructor(readonly text: string) {
    this.value = parseRespDouble(text);
  }
}

/** A value preceded by RESP3 attributes ('|'). */
export class RespAttributed {
  constructor(readonly attributes: RespMap, readonly value: RespValue) {}
}

/**
 * Simple strings are JS strings (UTF-8); bulk strings are Buffers; integers are
 * numbers, or bigints outside the safe range; every null ($-1, *-1, _) is null.
 */
export type RespValue =
  | string
  | RespError
  | number
  | bigint
  | Buffer
  | null
  | boolean
  | RespValue[]
  | RespMap
  | RespSet
  | RespVerbatim
  | RespBigNumber
  | RespDouble
  | RespPush
  | RespAttributed;

function parseRespDouble(text: string): number {
  switch (text) {
    case 'inf': case '+inf': return Infinity;
    case '-inf': return -Infinity;
    case 'nan': case '-nan': return NaN;
    default: return Number(text);
  }
}

export class ReplyProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyProtocolError';
  }
}

const CR = 13;
const LF = 10;

/** Reads a signed decimal integer from data[from, to); throws on anything else. */
function readInt(data: Buffer, from: number, to: number): number {
  let p = from;
  let negative = false;
  if (data[p] === 45) {
    negative = true;
    p++;
  }
  if (p >= to) throw new ReplyProtocolError('empty length or integer');
  let v = 0;
  for (; p < to; p++) {
    const c = data[p] - 48;
    if (c < 0 || c > 9) throw new ReplyProtocolError(`invalid integer '${data.toString('latin1', from, to)}'`);
    v = v * 10 + c;
  }
  return negative ? -v : v;
}

/** Splits a reply stream into complete top-level frames. */
export class ReplyFramer {
  private data: Buffer = Buffer.alloc(0);
  /** Start of the frame being scanned. */
  private frameStart = 0;
  /** Scan position inside data. */
  private pos = 0;
  /** Remaining element counts of the open aggregates; [1] at the top of a frame. */
  private stack: number[] = [1];
  private store: Buffer | null = null;

  /** Bytes received and not yet returned in a frame. */
  get pending(): number {
    return this.data.length - this.frameStart;
  }

  /** Feeds bytes; returns the frames completed by them (views: never overwritten). */
  push(chunk: Buffer): Buffer[] {
    this.append(chunk);
    const frames: Buffer[] = [];
    for (;;) {
      const end = this.scan();
      if (end < 0) break;
      frames.push(this.data.subarray(this.frameStart, end));
      this.frameStart = end;
      this.pos = end;
      this.stack.length = 1;
      this.stack[0] = 1;
    }
    return frames;
  }

  private append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const unparsed = this.data.length - this.frameStart;
    if (unparsed === 0) {
      this.data = chunk;
      this.frameStart = 0;
      this.pos = 0;
      this.store = null;
      return;
    }
    const end = this.data.length;
    if (this.store !== null && this.store.length - end >= chunk.length) {
      chunk.copy(this.store, end);
      this.data = this.store.subarray(0, end + chunk.length);
      return;
    }
    const need = unparsed + chunk.length;
    const fresh = Buffer.allocUnsafe(Math.max(need * 2, 16 * 1024));
    this.data.copy(fresh, 0, this.frameStart, end);
    chunk.copy(fresh, unparsed);
    this.pos -= this.frameStart;
    this.frameStart = 0;
    this.store = fresh;
    this.data = fresh.subarray(0, need);
  }

  /** Advances the scan; returns the end of the frame when complete, else -1. */
  private scan(): number {
    const data = this.data;
    const end = data.length;
    const stack = this.stack;
    let pos = this.pos;
    while (pos < end) {
      const type = data[pos];
      const cr = data.indexOf(CR, pos + 1);
      if (cr < 0 || cr + 1 >= end) break;
      if (data[cr + 1] !== LF) throw new ReplyProtocolError('line not terminated by CRLF');
      let next = cr + 2;
      let children = 0;
      let attribute = false;
      switch (type) {
        case 36: // $
        case 61: // =
        case 33: { // !
          const len = readInt(data, pos + 1, cr);
          if (len >= 0) {
            if (end - next < len + 2) {
              this.pos = pos;
              return -1;
            }
            next += len + 2;
          }
          break;
        }
        case 42: // *
        case 126: // ~
        case 62: // >
          children = readInt(data, pos + 1, cr);
          break;
        case 37: // %
          children = readInt(data, pos + 1, cr) * 2;
          break;
        case 124: // |
          children = readInt(data, pos + 1, cr) * 2;
          attribute = true;
          break;
        case 43: case 45: case 58: case 95: case 44: case 35: case 40:
          break;
        default:
          throw new ReplyProtocolError(`unknown reply type byte 0x${type.toString(16)}`);
      }
      pos = next;
      // The attribute does not count as an element: the value after it does.
      if (attribute) stack[stack.length - 1]++;
      if (children > 0) {
        stack.push(children);
        continue;
      }
      // One element complete: close every aggregate it completes.
      let depth = stack.length - 1;
      stack[depth]--;
      while (stack[depth] === 0) {
        if (depth === 0) {
          this.pos = pos;
          return pos;
        }
        stack.pop();
        depth--;
        stack[depth]--;
      }
    }
    this.pos = pos;
    return -1;
  }
}

/** Decodes one complete frame (as produced by ReplyFramer). */
export function decodeReply(frame: Buffer): RespValue {
  const cursor = { pos: 0 };
  const value = decodeAt(frame, cursor);
  if (cursor.pos !== frame.length) throw new ReplyProtocolError('trailing bytes after reply');
  return value;
}

function decodeItems(data: Buffer, cursor: { pos: number }, n: number): RespValue[] {
  const items = new Array<RespValue>(n);
  for (let i = 0; i < n; i++) items[i] = decodeAt(data, cursor);
  return items;
}

function decodeMapEntries(data: Buffer, cursor: { pos: number }, n: number): Array<[RespValue, RespValue]> {
  const entries = new Array<[RespValue, RespValue]>(n);
  for (let i = 0; i < n; i++) {
    const k = decodeAt(data, cursor);
    const v = decodeAt(data, cursor);
    entries[i] = [k, v];
  }
  return entries;
}

function decodeAt(data: Buffer, cursor: { pos: number }): RespValue {
  const start = cursor.pos;
  const type = data[start];
  const cr = data.indexOf(CR, start + 1);
  if (cr < 0) throw new ReplyProtocolError('incomplete reply');
  cursor.pos = cr + 2;
  switch (type) {
    case 43: // +
      return data.toString('utf8', start + 1, cr);
    case 45: // -
      return new RespError(data.toString('utf8', start + 1, cr));
    case 58: { // :
      const n = readInt(data, start + 1, cr);
      if (Number.isSafeInteger(n)) return n;
      return BigInt(data.toString('latin1', start + 1, cr));
    }
    case 36: case 61: case 33: { // $ = !
      const len = readInt(data, start + 1, cr);
      if (len < 0) return null;
      const body = data.subarray(cr + 2, cr + 2 + len);
      cursor.pos = cr + 4 + len;
      if (type === 36) return body;
      if (type === 33) return new RespError(body.toString('utf8'), true);
      return new RespVerbatim(body.toString('latin1', 0, 3), body.subarray(4));
    }
    case 42: { // *
      const n = readInt(data, start + 1, cr);
      return n < 0 ? null : decodeItems(data, cursor, n);
    }
    case 126: // ~
      return new RespSet(decodeItems(data, cursor, readInt(data, start + 1, cr)));
    case 62: // >
      return new RespPush(decodeItems(data, cursor, readInt(data, start + 1, cr)));
    case 37: // %
      return new RespMap(decodeMapEntries(data, cursor, readInt(data, start + 1, cr)));
    case 124: { // |
      const attributes = new RespMap(decodeMapEntries(data, cursor, readInt(data, start + 1, cr)));
      return new RespAttributed(attributes, decodeAt(data, cursor));
    }
    case 95: // _
      return null;
    case 44: // ,
      return new RespDouble(data.toString('latin1', start + 1, cr));
    case 35: // #
      return data[start + 1] === 116; // 't'
    case 40: // (
      return new RespBigNumber(data.toString('latin1', start + 1, cr));
    default:
      throw new ReplyProtocolError(`unknown reply type byte 0x${type.toString(16)}`);
  }
}

/** Decodes replies from a byte stream in any chunking. */
export class ReplyParser {
  private readonly framer = new ReplyFramer();

  get pending(): number {
    return this.framer.pending;
  }

  /** Feeds bytes; returns the replies they complete, in order. */
  push(chunk: Buffer): RespValue[] {
    const frames = this.framer.push(chunk);
    const out = new Array<RespValue>(frames.length);
    for (let i = 0; i < frames.length; i++) out[i] = decodeReply(frames[i]);
    return out;
  }

  /** Callback form of push(). */
  feed(chunk: Buffer, onReply: (value: RespValue) => void): void {
    const frames = this.framer.push(chunk);
    for (let i = 0; i < frames.length; i++) onReply(decodeReply(frames[i]));
  }
}
