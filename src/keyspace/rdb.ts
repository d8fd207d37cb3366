// Values in Redis's RDB format, as DUMP writes them and RESTORE reads them:
// the object type byte, the value encoded as Redis 7.0.15 saves it for the
// value's current encoding, then (for DUMP payloads) the RDB version and a
// CRC64 of everything before it.
//
// The byte layouts (listpacks, intsets, LZF, the length and string encodings)
// must equal Redis's exactly: DUMP replies are compared byte for byte with
// the real server, and payloads travel between the two servers. Older
// encodings that Redis 7.0 still loads (ziplists, zipmaps, the first
// quicklist and stream formats) are read, never written.
//
// One section per value type follows the shared codecs.
import { formatDouble } from '../resp/double';
import type { RedisValue } from './keyspace';
import { HashValue, type HashLimits } from './hash';
import { ListValue } from './list';
import { memberInteger, SetValue } from './set';
import {
  ConsumerGroup,
  formatId,
  MAX_ID,
  PendingEntry,
  StreamNode,
  StreamValue,
  type StreamId,
} from './stream';
import { SortedSet } from './zset';

/** The RDB version Redis 7.0 writes (and the newest it loads). */
export const RDB_VERSION = 10;

/** RDB object type bytes (rdb.h). */
export const RdbType = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
} as const;

/** Special string encodings after a length byte of 11xxxxxx. */
const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
const QUICKLIST_NODE_CONTAINER_PACKED = 2;

const U64 = (1n << 64n) - 1n;

// ---- CRC64 (Jones polynomial, reflected, as Redis's crc64.c) ------------------

// The table is split into 32-bit halves so the per-byte step stays in plain
// numbers: BigInt arithmetic per byte would make big payloads slow.
const CRC_LO = new Uint32Array(256);
const CRC_HI = new Uint32Array(256);
{
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 bit-reversed
  for (let n = 0; n < 256; n++) {
    let crc = BigInt(n);
    for (let k = 0; k < 8; k++) crc = (crc & 1n) === 1n ? (crc >> 1n) ^ poly : crc >> 1n;
    CRC_LO[n] = Number(crc & 0xffffffffn);
    CRC_HI[n] = Number(crc >> 32n);
  }
}

/** CRC64 of `data[0, end)`, as the 8 little-endian bytes Redis appends. */
export function crc64(data: Uint8Array, end = data.length): Buffer {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < end; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ CRC_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ CRC_HI[idx]) >>> 0;
  }
  const out = Buffer.allocUnsafe(8);
  out.writeUInt32LE(lo, 0);
  out.writeUInt32LE(hi, 4);
  return out;
}

// ---- LZF (liblzf 3.6 as Redis builds it: HLOG 16, VERY_FAST, shift hash) --------

const LZF_HLOG = 16;
const LZF_HSIZE = 1 << LZF_HLOG;
const LZF_MAX_LIT = 1 << 5;
const LZF_MAX_OFF = 1 << 13;
const LZF_MAX_REF = (1 << 8) + (1 << 3);

function lzfIndex(h: number): number {
  // ((h >> (3*8 - HLOG)) - h*5) & (HSIZE - 1), in unsigned 32-bit arithmetic.
  return ((h >>> (24 - LZF_HLOG)) - Math.imul(h, 5)) & (LZF_HSIZE - 1);
}

/** Hash slots: positions + 1 into the current input (0 = empty). */
const lzfTable = new Int32Array(LZF_HSIZE);

/**
 * lzf_compress into at most `outLen` bytes: the compressed bytes, or null when
 * they would not fit (the caller then stores the data uncompressed). Redis's
 * table starts out as whatever was on the stack; an empty one gives the same
 * output except for matches a stale slot happens to offer.
 */
export function lzfCompress(input: Uint8Array, outLen: number): Buffer | null {
  const inLen = input.length;
  if (inLen === 0 || outLen === 0) return null;
  lzfTable.fill(0);
  const out = Buffer.allocUnsafe(outLen + 1);
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  let hval = (input[ip] << 8) | input[ip + 1];
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = lzfIndex(hval);
    const ref = lzfTable[slot] - 1;
    lzfTable[slot] = ip + 1;
    const off = ip - ref - 1;
    if (
      ref > 0 &&
      ref < ip &&
      off < LZF_MAX_OFF &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > LZF_MAX_REF) maxlen = LZF_MAX_REF;
      // The exact room test (an empty literal run is about to be undone).
      if (op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return null;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo an empty run
      // liblzf first compares 16 bytes without checking maxlen (unrolled),
      // which can make a match near the end two bytes longer than maxlen.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            mismatch = true;
            break;
          }
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // now the count of octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      // VERY_FAST: rehash the two positions before the new ip.
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      lzfTable[lzfIndex(hval)] = ip + 1;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      lzfTable[lzfIndex(hval)] = ip + 1;
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === LZF_MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++];
    if (lit === LZF_MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}

/** lzf_decompress into exactly `outLen` bytes; null when the data is corrupt or of another length. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.alloc(outLen);
  let ip = 0;
  let op = 0;
  const inLen = input.length;
  while (ip < inLen) {
    let ctrl = input[ip++];
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen) return null;
      if (ip + ctrl > inLen) return null;
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inLen) return null;
      if (len === 7) {
        len += input[ip++];
        if (ip >= inLen) return null;
      }
      ref -= input[ip++];
      if (op + len + 2 > outLen) return null;
      if (ref < 0) return null;
      len += 2;
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}

// ---- integers as Redis's string2ll reads them ----------------------------------

/**
 * The value of bytes that string2ll accepts (optional '-', digits without
 * leading zeros, within int64; "-0" refused), else null. A number when exact
 * as one, otherwise a bigint.
 */
function integerOf(bytes: Uint8Array): number | bigint | null {
  return memberInteger(bytes as Buffer);
}

function decimalBytes(value: number | bigint): Buffer {
  return Buffer.from(String(value), 'latin1');
}

// ---- the writer ------------------------------------------------------------------

/** Options that change how values are written. */
export interface DumpOptions {
  /** rdbcompression: LZF-compress strings longer than 20 bytes when it saves space. */
  compression: boolean;
  /** list-compress-depth: quicklist nodes kept uncompressed at each end (0: none compressed). */
  listCompressDepth?: number;
}

class RdbWriter {
  private buf = Buffer.allocUnsafe(256);
  length = 0;

  constructor(private readonly compression: boolean) {}

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths. */
  len(length: number | bigint): void {
    const n = typeof length === 'bigint' && length <= 0xffffffffn ? Number(length) : length;
    if (typeof n === 'number' && n < 64) {
      this.byte(n);
    } else if (typeof n === 'number' && n < 16384) {
      this.byte(0x40 | (n >> 8));
      this.byte(n & 0xff);
    } else if (BigInt(n) <= 0xffffffffn) {
      this.reserve(5);
      this.buf[this.length++] = 0x80;
      this.buf.writeUInt32BE(Number(n), this.length);
      this.length += 4;
    } else {
      this.reserve(9);
      this.buf[this.length++] = 0x81;
      this.buf.writeBigUInt64BE(BigInt.asUintN(64, BigInt(n)), this.length);
      this.length += 8;
    }
  }

  /**
   * rdbSaveRawString: short decimal integers as 8/16/32-bit integers, long
   * strings LZF-compressed when that saves at least 4 bytes, others as a
   * length and the bytes.
   */
  string(s: Uint8Array): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const value = integerOf(s);
      if (typeof value === 'number' && value >= -2147483648 && value <= 2147483647) {
        this.encodedInteger(value);
        return;
      }
    }
    if (this.compression && n > 20) {
      const compressed = lzfCompress(s, n - 4);
      if (compressed !== null) {
        this.lzfBlob(compressed, n);
        return;
      }
    }
    this.len(n);
    this.raw(s);
  }

  private encodedInteger(value: number): void {
    this.reserve(5);
    const b = this.buf;
    if (value >= -128 && value <= 127) {
      b[this.length++] = 0xc0 | ENC_INT8;
      b.writeInt8(value, this.length);
      this.length += 1;
    } else if (value >= -32768 && value <= 32767) {
      b[this.length++] = 0xc0 | ENC_INT16;
      b.writeInt16LE(value, this.length);
      this.length += 2;
    } else {
      b[this.length++] = 0xc0 | ENC_INT32;
      b.writeInt32LE(value, this.length);
      this.length += 4;
    }
  }

  /** rdbSaveLzfBlob: data already compressed, with both lengths. */
  lzfBlob(packed: Uint8Array, originalLength: number): void {
    this.byte(0xc0 | ENC_LZF);
    this.len(packed.length);
    this.len(originalLength);
    this.raw(packed);
  }

  /** rdbSaveBinaryDoubleValue: the IEEE bytes, little-endian. */
  binaryDouble(d: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(d, this.length);
    this.length += 8;
  }

  /** rdbSaveMillisecondTime: int64 little-endian. */
  millis(ms: number): void {
    this.reserve(8);
    this.buf.writeBigInt64LE(BigInt(Math.trunc(ms)), this.length);
    this.length += 8;
  }

  /** A stream ID as Redis's rax keys hold it: ms and seq big-endian. */
  streamId(id: StreamId): void {
    this.reserve(16);
    this.buf.writeBigUInt64BE(id >> 64n, this.length);
    this.buf.writeBigUInt64BE(id & U64, this.length + 8);
    this.length += 16;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

// ---- listpacks (listpack.c layout) -------------------------------------------------

/** Builds a listpack: 6-byte header, entries with back-lengths, 0xFF. */
class ListpackBuilder {
  private buf = Buffer.allocUnsafe(64);
  private used = 6;
  count = 0;

  get bytes(): number {
    return this.used + 1;
  }

  private reserve(n: number): void {
    if (this.used + n + 1 <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.used + n + 1) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  private backlen(entryLen: number): void {
    const b = this.buf;
    if (entryLen <= 127) {
      b[this.used++] = entryLen;
    } else if (entryLen < 16383) {
      b[this.used++] = entryLen >>> 7;
      b[this.used++] = (entryLen & 127) | 128;
    } else if (entryLen < 2097151) {
      b[this.used++] = entryLen >>> 14;
      b[this.used++] = ((entryLen >>> 7) & 127) | 128;
      b[this.used++] = (entryLen & 127) | 128;
    } else if (entryLen < 268435455) {
      b[this.used++] = entryLen >>> 21;
      b[this.used++] = ((entryLen >>> 14) & 127) | 128;
      b[this.used++] = ((entryLen >>> 7) & 127) | 128;
      b[this.used++] = (entryLen & 127) | 128;
    } else {
      b[this.used++] = Math.floor(entryLen / 2 ** 28);
      b[this.used++] = ((entryLen >>> 21) & 127) | 128;
      b[this.used++] = ((entryLen >>> 14) & 127) | 128;
      b[this.used++] = ((entryLen >>> 7) & 127) | 128;
      b[this.used++] = (entryLen & 127) | 128;
    }
  }

  /** lpAppendInteger: the smallest integer encoding that holds the value. */
  integer(value: number | bigint): void {
    this.reserve(14);
    const b = this.buf;
    const start = this.used;
    const v = typeof value === 'bigint' && value >= -2147483648n && value <= 2147483647n ? Number(value) : value;
    if (typeof v === 'number') {
      if (v >= 0 && v <= 127) {
        b[this.used++] = v;
      } else if (v >= -4096 && v <= 4095) {
        const u = v < 0 ? (1 << 13) + v : v;
        b[this.used++] = 0xc0 | (u >> 8);
        b[this.used++] = u & 0xff;
      } else if (v >= -32768 && v <= 32767) {
        b[this.used++] = 0xf1;
        b.writeInt16LE(v, this.used);
        this.used += 2;
      } else if (v >= -8388608 && v <= 8388607) {
        b[this.used++] = 0xf2;
        b.writeIntLE(v, this.used, 3);
        this.used += 3;
      } else if (v >= -2147483648 && v <= 2147483647) {
        b[this.used++] = 0xf3;
        b.writeInt32LE(v, this.used);
        this.used += 4;
      } else {
        b[this.used++] = 0xf4;
        b.writeBigInt64LE(BigInt(v), this.used);
        this.used += 8;
      }
    } else {
      b[this.used++] = 0xf4;
      b.writeBigInt64LE(BigInt.asIntN(64, v), this.used);
      this.used += 8;
    }
    this.backlen(this.used - start);
    this.count++;
  }

  /** lpAppend of a string: stored as an integer when string2ll reads it as one. */
  string(s: Uint8Array): void {
    if (s.length <= 20) {
      const asInt = integerOf(s);
      if (asInt !== null) {
        this.integer(asInt);
        return;
      }
    }
    const n = s.length;
    this.reserve(n + 10);
    const b = this.buf;
    const start = this.used;
    if (n < 64) {
      b[this.used++] = 0x80 | n;
    } else if (n < 4096) {
      b[this.used++] = 0xe0 | (n >> 8);
      b[this.used++] = n & 0xff;
    } else {
      b[this.used++] = 0xf0;
      b.writeUInt32LE(n, this.used);
      this.used += 4;
    }
    b.set(s, this.used);
    this.used += n;
    this.backlen(this.used - start);
    this.count++;
  }

  finish(): Buffer {
    const b = this.buf;
    b[this.used] = 0xff;
    const total = this.used + 1;
    b.writeUInt32LE(total, 0);
    b.writeUInt16LE(Math.min(this.count, 65535), 4);
    return b.subarray(0, total);
  }
}


function listpackIntegerSize(value: number | bigint): number {
  const v = typeof value === 'bigint' ? (value >= -2147483648n && value <= 2147483647n ? Number(value) : null) : value;
  if (v === null) return 10;
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

function backlenSize(entryLen: number): number {
  return entryLen <= 127 ? 1 : entryLen < 16383 ? 2 : entryLen < 2097151 ? 3 : entryLen < 268435455 ? 4 : 5;
}

/** A malformed payload: RESTORE replies "Bad data format". */
class BadFormat extends Error {}

function bad(): never {
  throw new BadFormat();
}

/** An element read from a listpack or ziplist: bytes, or an integer. */
type PackedElement = Buffer | number | bigint;

function elementBytes(e: PackedElement): Buffer {
  return typeof e === 'object' ? e : decimalBytes(e);
}

/** Every element of a listpack, validating the structure as it goes. */
function readListpack(lp: Buffer): PackedElement[] {
  if (lp.length < 7) bad();
  if (lp.readUInt32LE(0) !== lp.length) bad();
  if (lp[lp.length - 1] !== 0xff) bad();
  const declared = lp.readUInt16LE(4);
  const out: PackedElement[] = [];
  let p = 6;
  const end = lp.length - 1;
  while (p < end) {
    const start = p;
    const b = lp[p];
    let element: PackedElement;
    if ((b & 0x80) === 0) {
      element = b;
      p += 1;
    } else if ((b & 0xc0) === 0x80) {
      const n = b & 0x3f;
      if (p + 1 + n > end) bad();
      element = Buffer.from(lp.subarray(p + 1, p + 1 + n));
      p += 1 + n;
    } else if ((b & 0xe0) === 0xc0) {
      if (p + 2 > end) bad();
      const u = ((b & 0x1f) << 8) | lp[p + 1];
      element = u >= 4096 ? u - 8192 : u;
      p += 2;
    } else if ((b & 0xf0) === 0xe0) {
      if (p + 2 > end) bad();
      const n = ((b & 0x0f) << 8) | lp[p + 1];
      if (p + 2 + n > end) bad();
      element = Buffer.from(lp.subarray(p + 2, p + 2 + n));
      p += 2 + n;
    } else if (b === 0xf1) {
      if (p + 3 > end) bad();
      element = lp.readInt16LE(p + 1);
      p += 3;
    } else if (b === 0xf2) {
      if (p + 4 > end) bad();
      element = lp.readIntLE(p + 1, 3);
      p += 4;
    } else if (b === 0xf3) {
      if (p + 5 > end) bad();
      element = lp.readInt32LE(p + 1);
      p += 5;
    } else if (b === 0xf4) {
      if (p + 9 > end) bad();
      const big = lp.readBigInt64LE(p + 1);
      element = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
      p += 9;
    } else if (b === 0xf0) {
      if (p + 5 > end) bad();
      const n = lp.readUInt32LE(p + 1);
      if (p + 5 + n > end) bad();
      element = Buffer.from(lp.subarray(p + 5, p + 5 + n));
      p += 5 + n;
    } else {
      bad();
    }
    const entryLen = p - start;
    const back = backlenSize(entryLen);
    if (p + back > end) bad();
    p += back;
    out.push(element);
  }
  if (p !== end) bad();
  if (declared !== 65535 && declared !== out.length) bad();
  return out;
}

/** Every element of a ziplist (the pre-7.0 encoding RESTORE still accepts). */
function readZiplist(zl: Buffer): PackedElement[] {
  if (zl.length < 11) bad();
  if (zl.readUInt32LE(0) !== zl.length) bad();
  if (zl[zl.length - 1] !== 0xff) bad();
  const declared = zl.readUInt16LE(8);
  const out: PackedElement[] = [];
  let p = 10;
  const end = zl.length - 1;
  while (p < end) {
    // prevlen: 1 byte, or 0xFE and 4 bytes.
    p += zl[p] === 0xfe ? 5 : 1;
    if (p >= end) bad();
    const b = zl[p];
    const kind = b >> 6;
    let element: PackedElement;
    if (kind === 0) {
      const n = b & 0x3f;
      if (p + 1 + n > end) bad();
      element = Buffer.from(zl.subarray(p + 1, p + 1 + n));
      p += 1 + n;
    } else if (kind === 1) {
      if (p + 2 > end) bad();
      const n = ((b & 0x3f) << 8) | zl[p + 1];
      if (p + 2 + n > end) bad();
      element = Buffer.from(zl.subarray(p + 2, p + 2 + n));
      p += 2 + n;
    } else if (kind === 2) {
      if (p + 5 > end) bad();
      const n = zl.readUInt32BE(p + 1);
      if (p + 5 + n > end) bad();
      element = Buffer.from(zl.subarray(p + 5, p + 5 + n));
      p += 5 + n;
    } else if (b === 0xc0) {
      if (p + 3 > end) bad();
      element = zl.readInt16LE(p + 1);
      p += 3;
    } else if (b === 0xd0) {
      if (p + 5 > end) bad();
      element = zl.readInt32LE(p + 1);
      p += 5;
    } else if (b === 0xe0) {
      if (p + 9 > end) bad();
      const big = zl.readBigInt64LE(p + 1);
      element = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
      p += 9;
    } else if (b === 0xf0) {
      if (p + 4 > end) bad();
      element = zl.readIntLE(p + 1, 3);
      p += 4;
    } else if (b === 0xfe) {
      if (p + 2 > end) bad();
      element = zl.readInt8(p + 1);
      p += 2;
    } else if (b >= 0xf1 && b <= 0xfd) {
      element = (b & 0x0f) - 1;
      p += 1;
    } else {
      bad();
    }
    out.push(element);
  }
  if (p !== end) bad();
  if (declared !== 65535 && declared !== out.length) bad();
  return out;
}

/** Field/value pairs of a zipmap (RDB_TYPE_HASH_ZIPMAP, Redis 2.4 and older). */
function readZipmap(zm: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let p = 1; // zmlen
  const readLen = (): number => {
    if (p >= zm.length) bad();
    const b = zm[p];
    if (b < 254) {
      p += 1;
      return b;
    }
    if (b === 254) {
      if (p + 5 > zm.length) bad();
      const n = zm.readUInt32LE(p + 1);
      p += 5;
      return n;
    }
    p += 1;
    return -1; // 255: the end
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > zm.length) bad();
    const key = Buffer.from(zm.subarray(p, p + klen));
    p += klen;
    const vlen = readLen();
    if (vlen < 0) bad();
    if (p >= zm.length) bad();
    const free = zm[p++];
    if (p + vlen + free > zm.length) bad();
    const value = Buffer.from(zm.subarray(p, p + vlen));
    p += vlen + free;
    out.push(key, value);
  }
  if (p !== zm.length) bad();
  return out;
}

// ---- intsets (intset.c layout) -----------------------------------------------------

function writeIntset(values: ReadonlyArray<number | bigint>): Buffer {
  let width = 2;
  for (const v of values) {
    if (v < -2147483648 || v > 2147483647) {
      width = 8;
      break;
    }
    if (v < -32768 || v > 32767) width = 4;
  }
  const out = Buffer.allocUnsafe(8 + width * values.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  let p = 8;
  for (const v of values) {
    if (width === 2) out.writeInt16LE(Number(v), p);
    else if (width === 4) out.writeInt32LE(Number(v), p);
    else out.writeBigInt64LE(BigInt(v), p);
    p += width;
  }
  return out;
}

function readIntset(is: Buffer): Array<number | bigint> {
  if (is.length < 8) bad();
  const width = is.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) bad();
  const count = is.readUInt32LE(4);
  if (8 + count * width !== is.length) bad();
  const out: Array<number | bigint> = [];
  for (let i = 0, p = 8; i < count; i++, p += width) {
    if (width === 2) out.push(is.readInt16LE(p));
    else if (width === 4) out.push(is.readInt32LE(p));
    else {
      const big = is.readBigInt64LE(p);
      out.push(big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big);
    }
  }
  return out;
}

// ---- the reader ----------------------------------------------------------------------

class RdbReader {
  pos = 0;
  constructor(private readonly buf: Buffer, private readonly end: number) {}

  byte(): number {
    if (this.pos >= this.end) bad();
    return this.buf[this.pos++];
  }

  raw(n: number): Buffer {
    if (n < 0 || this.pos + n > this.end) bad();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** rdbLoadLen; `encoded` set when it is a special string encoding (11xxxxxx). */
  lenOrEncoding(): { value: bigint; encoded: boolean } {
    const b = this.byte();
    const kind = b >> 6;
    if (kind === 0) return { value: BigInt(b & 0x3f), encoded: false };
    if (kind === 1) return { value: BigInt(((b & 0x3f) << 8) | this.byte()), encoded: false };
    if (kind === 3) return { value: BigInt(b & 0x3f), encoded: true };
    if (b === 0x80) return { value: BigInt(this.raw(4).readUInt32BE(0)), encoded: false };
    if (b === 0x81) return { value: this.raw(8).readBigUInt64BE(0), encoded: false };
    return bad();
  }

  bigLen(): bigint {
    const { value, encoded } = this.lenOrEncoding();
    if (encoded) bad();
    return value;
  }

  /** A length used as a count or size: must fit what the payload could hold. */
  len(): number {
    const value = this.bigLen();
    if (value > BigInt(this.end)) bad();
    return Number(value);
  }

  /** A length that is a number in its own right (stream IDs, counters). */
  number(): bigint {
    return this.bigLen();
  }

  /** rdbGenericLoadStringObject: integers, LZF or plain bytes. A copy. */
  string(): Buffer {
    const { value, encoded } = this.lenOrEncoding();
    if (encoded) {
      switch (Number(value)) {
        case ENC_INT8:
          return decimalBytes(this.raw(1).readInt8(0));
        case ENC_INT16:
          return decimalBytes(this.raw(2).readInt16LE(0));
        case ENC_INT32:
          return decimalBytes(this.raw(4).readInt32LE(0));
        case ENC_LZF: {
          const clen = this.len();
          // The uncompressed length may exceed the payload's; a sane bound still applies.
          const big = this.bigLen();
          if (big > 0xffffffffn) bad();
          const len = Number(big);
          const data = this.raw(clen);
          const out = lzfDecompress(data, len);
          if (out === null) bad();
          return out;
        }
        default:
          return bad();
      }
    }
    if (value > BigInt(this.end - this.pos)) bad();
    return Buffer.from(this.raw(Number(value)));
  }

  binaryDouble(): number {
    return this.raw(8).readDoubleLE(0);
  }

  /** rdbLoadDoubleValue: the old text format (a length byte, or 253/254/255 for nan/inf/-inf). */
  textDouble(): number {
    const n = this.byte();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    const text = this.raw(n).toString('latin1');
    const value = Number(text);
    return Number.isNaN(value) ? parseCDouble(text) : value;
  }

  millis(): number {
    return Number(this.raw(8).readBigInt64LE(0));
  }

  streamId(): StreamId {
    const raw = this.raw(16);
    return (raw.readBigUInt64BE(0) << 64n) | raw.readBigUInt64BE(8);
  }

  get done(): boolean {
    return this.pos === this.end;
  }
}

/** What strtod makes of score text that Number() refuses ("inf", "-inf", "nan"). */
function parseCDouble(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return NaN;
}

/** zzlStrtod: a listpack score element as a double. */
function scoreOf(e: PackedElement): number {
  if (typeof e === 'number') return e;
  if (typeof e === 'bigint') return Number(e);
  const text = e.toString('latin1');
  const value = Number(text);
  if (!Number.isNaN(value) && text.trim() !== '') return value;
  return parseCDouble(text);
}

// ==== strings ============================================================================

function saveString(w: RdbWriter, value: Buffer): void {
  w.string(value);
}

// ==== lists ==============================================================================

/**
 * RDB_TYPE_LIST_QUICKLIST_2: the node count, then per node its container
 * type and listpack. The node boundaries are the list's own (list.ts follows
 * quicklist.c through pushes, pops, inserts and deletions).
 */
function saveList(w: RdbWriter, list: ListValue, compressDepth: number): void {
  const layout = list.nodeLayout();
  w.len(layout.length);
  let index = 0;
  for (let i = 0; i < layout.length; i++) {
    const node = layout[i];
    if (node.plain) {
      w.len(QUICKLIST_NODE_CONTAINER_PLAIN);
      w.string(list.at(index++));
      continue;
    }
    w.len(QUICKLIST_NODE_CONTAINER_PACKED);
    const builder = new ListpackBuilder();
    for (let k = 0; k < node.count; k++) builder.string(list.at(index++));
    const lp = builder.finish();
    // list-compress-depth: nodes farther than `depth` from both ends are kept
    // LZF-compressed, and saved as the compressed blob.
    const interior = compressDepth > 0 && i >= compressDepth && i < layout.length - compressDepth;
    const packed = interior ? compressNode(lp) : null;
    if (packed !== null) w.lzfBlob(packed, lp.length);
    else w.string(lp);
  }
}

/** Redis's MIN_COMPRESS_BYTES and MIN_COMPRESS_IMPROVE for quicklist nodes. */
const MIN_COMPRESS_BYTES = 48;
const MIN_COMPRESS_IMPROVE = 8;

/** __quicklistCompressNode: the node's LZF form, or null when it stays raw. */
function compressNode(lp: Buffer): Buffer | null {
  if (lp.length < MIN_COMPRESS_BYTES) return null;
  const packed = lzfCompress(lp, lp.length);
  if (packed === null || packed.length + MIN_COMPRESS_IMPROVE >= lp.length) return null;
  return packed;
}

function loadList(r: RdbReader, type: number, options: LoadOptions): ListValue {
  if (type === RdbType.LIST || type === RdbType.LIST_ZIPLIST) {
    // Redis pushes these elements one by one at the tail.
    const items: Buffer[] = [];
    if (type === RdbType.LIST) {
      const n = r.len();
      for (let i = 0; i < n; i++) items.push(r.string());
    } else {
      for (const e of readZiplist(r.string())) items.push(elementBytes(e));
    }
    if (items.length === 0) bad();
    return ListValue.from(items, options.listFill);
  }
  // Quicklists load node by node: the saved boundaries stay.
  const nodes: Buffer[][] = [];
  const plain: boolean[] = [];
  let total = 0;
  const count = r.len();
  for (let i = 0; i < count; i++) {
    let container = QUICKLIST_NODE_CONTAINER_PACKED;
    if (type === RdbType.LIST_QUICKLIST_2) {
      container = r.len();
      if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN) bad();
    }
    const blob = r.string();
    if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
      nodes.push([blob]);
      plain.push(true);
      total++;
      continue;
    }
    const elements = type === RdbType.LIST_QUICKLIST_2 ? readListpack(blob) : readZiplist(blob);
    // Redis skips empty nodes silently.
    if (elements.length === 0) continue;
    const items = new Array<Buffer>(elements.length);
    for (let k = 0; k < elements.length; k++) items[k] = elementBytes(elements[k]);
    nodes.push(items);
    plain.push(false);
    total += items.length;
  }
  if (total === 0) bad();
  return ListValue.fromNodes(nodes, plain, options.listFill);
}

// ==== sets ===============================================================================

function saveSet(w: RdbWriter, set: SetValue): number {
  if (set.encoding === 'intset') {
    const values: Array<number | bigint> = [];
    for (const member of set.members) values.push(integerOf(member)!);
    w.string(writeIntset(values));
    return RdbType.SET_INTSET;
  }
  w.len(set.size);
  for (const member of set.members) w.string(member);
  return RdbType.SET;
}

function loadSet(r: RdbReader, type: number, options: LoadOptions): SetValue {
  const max = options.setMaxIntsetEntries;
  if (type === RdbType.SET_INTSET) {
    const values = readIntset(r.string());
    if (values.length === 0) bad();
    const set = new SetValue(true);
    for (const v of values) set.add(decimalBytes(v), Infinity, true);
    if (set.size > max) set.convert();
    return set;
  }
  const n = r.len();
  if (n === 0) bad();
  const set = new SetValue(n <= max);
  for (let i = 0; i < n; i++) {
    if (!set.add(r.string(), max, true)) bad(); // a duplicate member
  }
  return set;
}

// ==== sorted sets ==========================================================================

/** 2^62: double2ll's bound (LLONG_MAX/2 as a double). */
const D2L_LIMIT = 4611686018427387904;

/**
 * The text Redis 7.0's d2string writes for a listpack score: integral values
 * within +-LLONG_MAX/2 as integers (double2ll), others as "%.17g".
 */
function scoreText(score: number): Buffer {
  if (score === 0) return decimalBytes(0);
  if (Number.isInteger(score) && score >= -D2L_LIMIT && score <= D2L_LIMIT) {
    return Buffer.from(BigInt(score).toString(), 'latin1');
  }
  return Buffer.from(formatDouble(score), 'latin1');
}

function saveZset(w: RdbWriter, zset: SortedSet): number {
  const all = zset.rangeByRank(0, zset.size - 1);
  if (zset.encoding === 'listpack') {
    const lp = new ListpackBuilder();
    for (const e of all) {
      lp.string(e.member);
      lp.string(scoreText(e.score));
    }
    w.string(lp.finish());
    return RdbType.ZSET_LISTPACK;
  }
  // Redis saves a skiplist from the tail, so loading it inserts at the head.
  w.len(all.length);
  for (let i = all.length - 1; i >= 0; i--) {
    w.string(all[i].member);
    w.binaryDouble(all[i].score);
  }
  return RdbType.ZSET_2;
}

function loadZset(r: RdbReader, type: number, options: LoadOptions): SortedSet {
  const zset = new SortedSet();
  if (type === RdbType.ZSET_LISTPACK || type === RdbType.ZSET_ZIPLIST) {
    zset.encoding = 'listpack';
    const blob = r.string();
    const elements = type === RdbType.ZSET_LISTPACK ? readListpack(blob) : readZiplist(blob);
    if (elements.length === 0 || elements.length % 2 !== 0) bad();
    for (let i = 0; i < elements.length; i += 2) {
      const score = scoreOf(elements[i + 1]);
      if (Number.isNaN(score)) bad();
      if (zset.add(elementBytes(elements[i]), score) !== 'added') bad();
    }
    if (zset.size > options.zsetMaxListpackEntries) zset.encoding = 'skiplist';
    return zset;
  }
  const n = r.len();
  if (n === 0) bad();
  zset.encoding = 'skiplist';
  for (let i = 0; i < n; i++) {
    const member = r.string();
    const score = type === RdbType.ZSET_2 ? r.binaryDouble() : r.textDouble();
    if (Number.isNaN(score)) bad();
    if (zset.add(member, score) !== 'added') bad();
  }
  zset.fitListpack(options.zsetMaxListpackEntries, options.zsetMaxListpackValue);
  return zset;
}

// ==== hashes ===============================================================================

function saveHash(w: RdbWriter, hash: HashValue): number {
  if (hash.encoding === 'listpack') {
    const lp = new ListpackBuilder();
    for (let i = 0; i < hash.size; i++) {
      lp.string(hash.fieldAt(i));
      lp.string(hash.valueAt(i));
    }
    w.string(lp.finish());
    return RdbType.HASH_LISTPACK;
  }
  w.len(hash.size);
  for (let i = 0; i < hash.size; i++) {
    w.string(hash.fieldAt(i));
    w.string(hash.valueAt(i));
  }
  return RdbType.HASH;
}

const UNLIMITED: HashLimits = { maxListpackEntries: Infinity, maxListpackValue: Infinity };

function loadHash(r: RdbReader, type: number, options: LoadOptions): HashValue {
  const hash = new HashValue();
  const limits = options.hashLimits;
  if (type === RdbType.HASH) {
    const n = r.len();
    if (n === 0) bad();
    if (n > limits.maxListpackEntries) hash.convert();
    for (let i = 0; i < n; i++) {
      const field = r.string();
      const value = r.string();
      if (!hash.set(field, value, limits)) bad(); // a duplicate field
    }
    return hash;
  }
  let pairs: Buffer[];
  const blob = r.string();
  if (type === RdbType.HASH_ZIPMAP) pairs = readZipmap(blob);
  else pairs = (type === RdbType.HASH_LISTPACK ? readListpack(blob) : readZiplist(blob)).map(elementBytes);
  if (pairs.length === 0 || pairs.length % 2 !== 0) bad();
  let longest = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    if (!hash.set(pairs[i], pairs[i + 1], UNLIMITED)) bad();
    longest = Math.max(longest, pairs[i].length, pairs[i + 1].length);
  }
  // A listpack keeps its encoding unless it holds too many fields; a zipmap
  // is converted element by element, so long values count too.
  if (hash.size > limits.maxListpackEntries) hash.convert();
  else if (type === RdbType.HASH_ZIPMAP && longest > limits.maxListpackValue) hash.convert();
  return hash;
}

// ==== streams ==============================================================================

const STREAM_ITEM_FLAG_DELETED = 1;
const STREAM_ITEM_FLAG_SAMEFIELDS = 2;

function sameFields(master: readonly Buffer[], fv: readonly Buffer[]): boolean {
  if (master.length * 2 !== fv.length) return false;
  for (let i = 0; i < master.length; i++) if (!master[i].equals(fv[i * 2])) return false;
  return true;
}

/**
 * A stream node's listpack as t_stream.c lays it out: the master entry
 * (live count, deleted count, master fields, a 0 terminator), then per entry
 * its flags, the ID as deltas from the master ID, the fields (unless they are
 * the master's), the values and the entry's element count. Deleted entries
 * are not kept by our model, so a node is written with the live ones only.
 */
function nodeListpack(node: StreamNode): Buffer {
  const lp = new ListpackBuilder();
  const master = node.masterFields;
  let live = 0;
  for (const e of node.entries) if (e !== null) live++;
  lp.integer(live);
  lp.integer(0);
  lp.integer(master.length);
  for (const f of master) lp.string(f);
  lp.integer(0);
  const masterMs = node.masterId >> 64n;
  const masterSeq = node.masterId & U64;
  for (let i = 0; i < node.ids.length; i++) {
    const fv = node.entries[i];
    if (fv === null) continue;
    const id = node.ids[i];
    const same = sameFields(master, fv);
    lp.integer(same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0);
    lp.integer(BigInt.asIntN(64, (id >> 64n) - masterMs));
    lp.integer(BigInt.asIntN(64, (id & U64) - masterSeq));
    const numFields = fv.length >> 1;
    if (!same) {
      lp.integer(numFields);
      for (let j = 0; j < numFields; j++) {
        lp.string(fv[j * 2]);
        lp.string(fv[j * 2 + 1]);
      }
    } else {
      for (let j = 0; j < numFields; j++) lp.string(fv[j * 2 + 1]);
    }
    lp.integer(same ? numFields + 3 : numFields * 2 + 4);
  }
  return lp.finish();
}

function saveStream(w: RdbWriter, stream: StreamValue): void {
  const nodes = stream.nodes.filter((n) => n.live > 0);
  w.len(nodes.length);
  const key = Buffer.allocUnsafe(16);
  for (const node of nodes) {
    key.writeBigUInt64BE(node.masterId >> 64n, 0);
    key.writeBigUInt64BE(node.masterId & U64, 8);
    w.string(key);
    w.string(nodeListpack(node));
  }
  w.len(stream.length);
  w.len(stream.lastId >> 64n);
  w.len(stream.lastId & U64);
  w.len(stream.firstId >> 64n);
  w.len(stream.firstId & U64);
  w.len(stream.maxDeletedId >> 64n);
  w.len(stream.maxDeletedId & U64);
  w.len(stream.entriesAdded);
  const groups = stream.sortedGroups();
  w.len(groups.length);
  for (const group of groups) {
    w.string(group.name);
    w.len(group.lastId >> 64n);
    w.len(group.lastId & U64);
    w.len(BigInt.asUintN(64, group.entriesRead));
    w.len(group.pel.size);
    for (const id of group.pel.keys) {
      const nack = group.pel.get(id)!;
      w.streamId(id);
      w.millis(nack.deliveryTime);
      w.len(nack.deliveryCount);
    }
    const consumers = group.sortedConsumers();
    w.len(consumers.length);
    for (const consumer of consumers) {
      w.string(consumer.name);
      w.millis(consumer.seenTime);
      w.len(consumer.pel.size);
      for (const id of consumer.pel.keys) w.streamId(id);
    }
  }
}

/** Rebuilds one node from its listpack; returns it with its live count. */
function loadStreamNode(masterId: StreamId, lp: Buffer): StreamNode {
  const el = readListpack(lp);
  if (el.length === 0) bad(); // "Empty listpack inside stream"
  let p = 0;
  const next = (): PackedElement => {
    if (p >= el.length) bad();
    return el[p++];
  };
  const int = (): bigint => {
    const e = next();
    if (typeof e === 'object') {
      const v = integerOf(e);
      if (v === null) bad();
      return BigInt(v);
    }
    return BigInt(e);
  };
  const count = int();
  const deleted = int();
  const numMaster = Number(int());
  if (numMaster < 0 || numMaster > el.length) bad();
  const master: Buffer[] = [];
  for (let i = 0; i < numMaster; i++) master.push(elementBytes(next()));
  if (int() !== 0n) bad();
  const node = new StreamNode(masterId, master);
  const masterMs = masterId >> 64n;
  const masterSeq = masterId & U64;
  let live = 0;
  let dead = 0;
  while (p < el.length) {
    const flags = Number(int());
    const ms = BigInt.asUintN(64, masterMs + int());
    const seq = BigInt.asUintN(64, masterSeq + int());
    const id = (ms << 64n) | seq;
    let fv: Buffer[];
    if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) !== 0) {
      fv = new Array<Buffer>(numMaster * 2);
      for (let i = 0; i < numMaster; i++) {
        fv[i * 2] = master[i];
        fv[i * 2 + 1] = elementBytes(next());
      }
    } else {
      const n = Number(int());
      if (n < 0 || n > el.length) bad();
      fv = new Array<Buffer>(n * 2);
      for (let i = 0; i < n * 2; i++) fv[i] = elementBytes(next());
    }
    int(); // lp-count
    if (node.ids.length > 0 && id <= node.ids[node.ids.length - 1]) bad();
    node.ids.push(id);
    node.texts.push(formatId(id));
    if ((flags & STREAM_ITEM_FLAG_DELETED) !== 0) {
      node.entries.push(null);
      dead++;
    } else {
      node.entries.push(fv);
      live++;
    }
  }
  if (BigInt(live) !== count || BigInt(dead) !== deleted) bad();
  node.live = live;
  node.deleted = dead;
  node.fixedBytes = lp.length - listpackIntegerSize(live) - listpackIntegerSize(dead);
  return node;
}

function loadStream(r: RdbReader, type: number): StreamValue {
  const stream = new StreamValue();
  const nodeCount = r.len();
  let lastMaster = -1n;
  for (let i = 0; i < nodeCount; i++) {
    const key = r.string();
    if (key.length !== 16) bad();
    const masterId = (key.readBigUInt64BE(0) << 64n) | key.readBigUInt64BE(8);
    if (masterId <= lastMaster) bad();
    lastMaster = masterId;
    const node = loadStreamNode(masterId, r.string());
    // A node whose entries are all deleted is dropped, as Redis would have.
    if (node.live > 0) stream.nodes.push(node);
  }
  stream.length = r.len();
  stream.lastId = (r.number() << 64n) | r.number();
  let live = 0;
  for (const node of stream.nodes) live += node.live;
  if (live !== stream.length) bad();
  if (type === RdbType.STREAM_LISTPACKS_2) {
    stream.firstId = (r.number() << 64n) | r.number();
    stream.maxDeletedId = (r.number() << 64n) | r.number();
    stream.entriesAdded = r.number();
  } else {
    stream.maxDeletedId = 0n;
    stream.entriesAdded = BigInt(stream.length);
    stream.firstId = stream.edgeId(true) ?? MAX_ID;
  }
  const groupCount = r.len();
  for (let g = 0; g < groupCount; g++) {
    const name = r.string();
    const lastId = (r.number() << 64n) | r.number();
    const entriesRead =
      type === RdbType.STREAM_LISTPACKS_2 ? BigInt.asIntN(64, r.number()) : stream.estimateDistance(lastId);
    const key = name.toString('latin1');
    if (stream.groups.has(key)) bad(); // "Duplicated consumer group name"
    const group = new ConsumerGroup(name, lastId, entriesRead);
    stream.groups.set(key, group);
    const pelSize = r.len();
    for (let i = 0; i < pelSize; i++) {
      const id = r.streamId();
      const deliveryTime = r.millis();
      const deliveryCount = Number(r.number());
      if (group.pel.get(id) !== undefined) bad();
      group.pel.set(id, new PendingEntry(null, deliveryTime, deliveryCount));
    }
    const consumerCount = r.len();
    for (let c = 0; c < consumerCount; c++) {
      const consumerName = r.string();
      const seenTime = r.millis();
      const consumer = group.createConsumer(consumerName, seenTime);
      if (consumer === null) bad(); // "Duplicated consumer name"
      const owned = r.len();
      for (let i = 0; i < owned; i++) {
        const id = r.streamId();
        const nack = group.pel.get(id);
        if (nack === undefined) bad(); // "Consumer entry not found in group global PEL"
        nack.consumer = consumer;
        consumer.pel.set(id, nack);
      }
    }
  }
  return stream;
}

// ==== the payload ==========================================================================

/**
 * The object type byte and the value's encoding (rdbSaveObjectType +
 * rdbSaveObject), or null for a value this server cannot serialise (module
 * values).
 */
export function serializeValue(value: RedisValue, options: DumpOptions): Buffer | null {
  const w = new RdbWriter(options.compression);
  w.byte(0); // patched with the type below
  let type: number;
  if (value instanceof Uint8Array) {
    type = RdbType.STRING;
    saveString(w, value as Buffer);
  } else {
    switch (value.type) {
      case 'list':
        type = RdbType.LIST_QUICKLIST_2;
        saveList(w, value, options.listCompressDepth ?? 0);
        break;
      case 'set':
        type = saveSet(w, value);
        break;
      case 'zset':
        type = saveZset(w, value);
        break;
      case 'hash':
        type = saveHash(w, value);
        break;
      case 'stream':
        type = RdbType.STREAM_LISTPACKS_2;
        saveStream(w, value);
        break;
      default:
        return null;
    }
  }
  const out = w.finish();
  out[0] = type;
  return out;
}

/** DUMP's reply: the serialised value, the RDB version (2 bytes LE) and the CRC64 of both. */
export function createDumpPayload(value: RedisValue, options: DumpOptions): Buffer | null {
  const body = serializeValue(value, options);
  if (body === null) return null;
  const out = Buffer.allocUnsafe(body.length + 10);
  body.copy(out, 0);
  out.writeUInt16LE(RDB_VERSION, body.length);
  crc64(out, body.length + 2).copy(out, body.length + 2);
  return out;
}

/** verifyDumpPayload: a known RDB version and a matching CRC64. */
export function verifyDumpPayload(payload: Buffer, skipChecksum = false): boolean {
  if (payload.length < 10) return false;
  const footer = payload.length - 10;
  const version = payload.readUInt16LE(footer);
  if (version > RDB_VERSION) return false;
  if (skipChecksum) return true;
  return crc64(payload, payload.length - 8).equals(payload.subarray(payload.length - 8));
}

/** The configuration that decides the encodings of loaded values. */
export interface LoadOptions {
  listFill: number;
  hashLimits: HashLimits;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

/**
 * rdbLoadObjectType + rdbLoadObject on a payload already verified: the value,
 * or null when the data is malformed ("Bad data format"). As in Redis, the
 * reader sees the whole payload, footer included (a value that runs into the
 * footer loads), and bytes after the value are ignored.
 */
export function loadDumpPayload(payload: Buffer, options: LoadOptions): RedisValue | null {
  const r = new RdbReader(payload, payload.length);
  try {
    const type = r.byte();
    switch (type) {
      case RdbType.STRING:
        return r.string();
      case RdbType.LIST:
      case RdbType.LIST_ZIPLIST:
      case RdbType.LIST_QUICKLIST:
      case RdbType.LIST_QUICKLIST_2:
        return loadList(r, type, options);
      case RdbType.SET:
      case RdbType.SET_INTSET:
        return loadSet(r, type, options);
      case RdbType.ZSET:
      case RdbType.ZSET_2:
      case RdbType.ZSET_ZIPLIST:
      case RdbType.ZSET_LISTPACK:
        return loadZset(r, type, options);
      case RdbType.HASH:
      case RdbType.HASH_ZIPMAP:
      case RdbType.HASH_ZIPLIST:
      case RdbType.HASH_LISTPACK:
        return loadHash(r, type, options);
      case RdbType.STREAM_LISTPACKS:
      case RdbType.STREAM_LISTPACKS_2:
        return loadStream(r, type);
      default:
        // Module values (6, 7) need the module's rdb_load; other bytes are not types.
        return null;
    }
  } catch (error) {
    if (error instanceof BadFormat || error instanceof RangeError) return null;
    throw error;
  }
}
