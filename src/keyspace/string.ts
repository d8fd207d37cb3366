// String values: a string is its Buffer. This file holds what Redis keeps in
// its string object besides the bytes (the encoding OBJECT ENCODING reports,
// the spare room of a string edited in place), the number formats of INCR and
// INCRBYFLOAT (x87 long double, as Redis computes on x86-64), and the bit
// primitives of the bitmap commands.
import type { Entry } from './keyspace';
import { parseInt64 } from '../util/string2ll';

export { parseInt64 };
import { jemallocSize } from './alloc';

// ---- encodings -------------------------------------------------------------

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT: longer strings are "raw". */
const EMBSTR_SIZE_LIMIT = 44;

/**
 * Values Redis stores without trying the integer encoding (INCRBYFLOAT's
 * result goes through createStringObject, not tryObjectEncoding): "3" made
 * by INCRBYFLOAT is "embstr", "3" made by SET is "int".
 */
const noIntEncoding = new WeakSet<Buffer>();

/**
 * Buffers that an entry may grow and edit in place, with the shape of the sds
 * behind them in Redis: `capacity` is the sds alloc (bytes the string may
 * reach without a reallocation), `allocation` the jemalloc size MEMORY USAGE
 * counts. A value stored by SET is owned by nobody and is copied before its
 * first in-place edit, as Redis copies a shared or non-raw object
 * (dbUnshareStringValue); a value another key shares is never written through.
 */
interface Growable extends SdsShape {
  owner: Entry;
}
const growable = new WeakMap<Buffer, Growable>();

/**
 * Int-encoded values that are an object of their own even when small: COPY
 * duplicates an integer into a new object (refcount 1) where other writes
 * store Redis's shared integers 0..9999.
 */
const ownIntegers = new WeakSet<Buffer>();

/** Whether an int-encoded value is its own object rather than one of Redis's shared integers (OBJECT REFCOUNT). */
export function isOwnInteger(value: Buffer): boolean {
  return ownIntegers.has(value);
}

/** Marks a value stored without the integer encoding (INCRBYFLOAT). */
export function storeWithoutIntEncoding(value: Buffer): Buffer {
  noIntEncoding.add(value);
  return value;
}

/** Whether tryObjectEncoding would store these bytes as an integer (string2l on at most 20 bytes). */
export function isIntegerEncodable(value: Buffer): boolean {
  const len = value.length;
  if (len === 0 || len > 20) return false;
  return parseInt64(value) !== null;
}

/** What OBJECT ENCODING replies for a string entry. */
export function stringEncoding(entry: Entry): 'int' | 'embstr' | 'raw' {
  const value = entry.value as Buffer;
  if (entry.rawEncoding) return 'raw';
  if (!noIntEncoding.has(value) && isIntegerEncodable(value)) return 'int';
  return value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}


/** sds header size for a string of `len` bytes (sdsReqType of 7.0, type 5 excluded: strings that grow). */
function sdsHeader(len: number): number {
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len < 4294967296) return 9;
  return 17;
}

/** The largest alloc an sds header of `header` bytes records (sdsTypeMaxSize). */
function sdsTypeMax(header: number): number {
  if (header === 3) return 255;
  if (header === 5) return 65535;
  if (header === 9) return 4294967295;
  return Number.MAX_SAFE_INTEGER;
}

/** An sds's alloc and the size of its allocation. */
interface SdsShape {
  capacity: number;
  allocation: number;
}

/**
 * sdsnewlen(len): a type-5 header (1 byte, no room recorded) below 32 bytes
 * except for the empty string; otherwise the allocator's usable size becomes
 * the alloc, capped by the header type.
 */
function sdsNewLen(len: number): SdsShape {
  if (len > 0 && len < 32) return { capacity: len, allocation: jemallocSize(1 + len + 1) };
  const header = sdsHeader(len);
  const allocation = jemallocSize(header + len + 1);
  return { capacity: Math.min(allocation - header - 1, sdsTypeMax(header)), allocation };
}

/** sdsMakeRoomFor (greedy) growing a string to `length` bytes: never type 5. */
function sdsGrown(length: number): SdsShape {
  const wanted = greedyCapacity(length);
  const header = sdsHeader(wanted);
  const allocation = jemallocSize(header + wanted + 1);
  return { capacity: Math.min(allocation - header - 1, sdsTypeMax(header)), allocation };
}

/**
 * The sds behind a value no entry owns. A string SET stored as raw (over 44
 * bytes) went through tryObjectEncoding, which gives back the spare room when
 * it exceeds a tenth of the length; other raw values (COPY's duplicate, an
 * HLL) are as sdsnewlen made them.
 */
function unownedShape(entry: Entry, value: Buffer): SdsShape {
  const shape = sdsNewLen(value.length);
  if (!entry.rawEncoding && value.length > EMBSTR_SIZE_LIMIT && shape.capacity - value.length > Math.floor(value.length / 10)) {
    return { capacity: value.length, allocation: shape.allocation };
  }
  return shape;
}

const ROBJ_SIZE = 16;

/**
 * Bytes the value takes as Redis computes it for MEMORY USAGE (objectComputeSize
 * of a string): the 16-byte object, plus the embedded or separate sds
 * allocation. The key's own bytes and the dict entry are the caller's.
 */
export function stringMemoryUsage(entry: Entry): number {
  const value = entry.value as Buffer;
  const encoding = stringEncoding(entry);
  if (encoding === 'int') return ROBJ_SIZE;
  if (encoding === 'embstr') return jemallocSize(ROBJ_SIZE + 3 + value.length + 1);
  const grown = growable.get(value);
  return ROBJ_SIZE + (grown !== undefined && grown.owner === entry ? grown : unownedShape(entry, value)).allocation;
}

// ---- in-place edits --------------------------------------------------------

/** Redis's SDS_MAX_PREALLOC: below it a growing string doubles, above it gains 1MB. */
const MAX_PREALLOC = 1024 * 1024;

function greedyCapacity(length: number): number {
  return length < MAX_PREALLOC ? length * 2 : length + MAX_PREALLOC;
}

/**
 * The entry's value as a buffer this entry alone may write, at least
 * `length` bytes long (new bytes are zero), stored back into the entry and
 * marked "raw". A value the entry does not own is copied first, as
 * dbUnshareStringValue copies an embstr or shared string (sdsnewlen); the
 * string grows in place while its sds has room and is reallocated greedily
 * beyond, as sdsMakeRoomFor does. Does not signal the modification: the
 * command decides whether anything changed.
 */
export function editableString(entry: Entry, length: number): Buffer {
  let value = entry.value as Buffer;
  let grown = growable.get(value);
  if (grown === undefined || grown.owner !== entry) {
    // A raw string SET stored is the entry's alone in Redis (no copy), yet its
    // Buffer may be shared here: copy the bytes, keep the sds shape.
    const shape = entry.rawEncoding || value.length > EMBSTR_SIZE_LIMIT ? unownedShape(entry, value) : sdsNewLen(value.length);
    // One byte beyond the capacity, always zero: sds's terminating NUL, which
    // modules reading a StringDMA pointer as a C string rely on.
    const memory = Buffer.alloc(Math.max(shape.capacity, value.length) + 1);
    value.copy(memory, 0);
    value = memory.subarray(0, value.length);
    grown = { owner: entry, capacity: shape.capacity, allocation: shape.allocation };
    growable.set(value, grown);
    entry.value = value;
  }
  entry.rawEncoding = true;
  if (length <= value.length) return value;
  if (length <= grown.capacity && value.buffer.byteLength - value.byteOffset >= length) {
    const view = Buffer.from(value.buffer, value.byteOffset, length);
    growable.set(view, grown);
    entry.value = view;
    return view;
  }
  const shape = sdsGrown(length);
  const memory = Buffer.alloc(shape.capacity + 1);
  value.copy(memory, 0);
  const view = memory.subarray(0, length);
  growable.set(view, { owner: entry, capacity: shape.capacity, allocation: shape.allocation });
  entry.value = view;
  return view;
}

/** A new raw string of `length` zero bytes for a key being created (SETRANGE, SETBIT, BITFIELD: sdsnewlen). */
export function newRawString(entry: Entry, length: number): Buffer {
  const shape = sdsNewLen(length);
  const memory = Buffer.alloc(Math.max(shape.capacity, length));
  const value = memory.subarray(0, length);
  growable.set(value, { owner: entry, ...shape });
  entry.value = value;
  entry.rawEncoding = true;
  return value;
}

/**
 * COPY's duplicate of a string (dupStringObject), given to `target`, a new
 * entry that holds the source's value: a raw string gets bytes of its own
 * (sdsnewlen of the length; the source edits its bytes in place, and the
 * copy may later edit these), an int or embstr value, which nobody writes
 * through, stays shared.
 */
export function duplicateString(source: Entry, target: Entry): void {
  const value = source.value as Buffer;
  const encoding = stringEncoding(source);
  if (encoding === 'int') {
    // A new integer object: Redis's shared integers stay with the source.
    const copy = Buffer.from(value);
    ownIntegers.add(copy);
    target.value = copy;
    target.rawEncoding = false;
    return;
  }
  if (encoding !== 'raw') {
    target.value = value;
    target.rawEncoding = false;
    return;
  }
  const shape = sdsNewLen(value.length);
  const memory = Buffer.alloc(Math.max(shape.capacity, value.length));
  value.copy(memory, 0);
  const copy = memory.subarray(0, value.length);
  growable.set(copy, { owner: target, ...shape });
  target.value = copy;
  target.rawEncoding = true;
}

/** Appends `bytes` to the entry's string in place (amortised O(len(bytes))); the new length. */
export function appendToString(entry: Entry, bytes: Buffer): number {
  const start = (entry.value as Buffer).length;
  const target = editableString(entry, start + bytes.length);
  bytes.copy(target, start);
  return target.length;
}

/**
 * Shortens the entry's string to `length` bytes in place (a module's
 * StringTruncate: sdssubstr, then sdsRemoveFreeSpace when the spare room
 * exceeds the length). The cut-off bytes are zeroed: a later growth in
 * place must read zeroes there, as sdsgrowzero writes them.
 */
export function shortenString(entry: Entry, length: number): Buffer {
  const value = editableString(entry, length);
  const grown = growable.get(value)!;
  value.fill(0, length);
  const view = value.subarray(0, length);
  let shape: SdsShape = grown;
  if (length < grown.capacity - length) {
    // sdsRemoveFreeSpace keeps the header unless a smaller type fits below 256 bytes.
    const oldHeader = sdsHeader(grown.capacity);
    const header = length < 32 ? 1 : sdsHeader(length);
    const kept = header === oldHeader || length >= 256 ? oldHeader : header;
    shape = { capacity: length, allocation: jemallocSize(kept + length + 1) };
  }
  growable.set(view, { owner: entry, capacity: shape.capacity, allocation: shape.allocation });
  entry.value = view;
  return view;
}

// ---- C-string argument matching ----------------------------------------------

/**
 * Redis compares option words with strcasecmp on the argument's C string, so
 * anything after a NUL byte is ignored ("nx\0junk" is NX). `lowerWord` is
 * lower-case ASCII.
 */
export function cstrEquals(arg: Buffer, lowerWord: string): boolean {
  const len = lowerWord.length;
  if (arg.length < len) return false;
  for (let i = 0; i < len; i++) {
    let c = arg[i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lowerWord.charCodeAt(i)) return false;
  }
  return arg.length === len || arg[len] === 0;
}

// ---- 64-bit integers -------------------------------------------------------



/** The decimal bytes of an integer, as Redis stores INCR's result. */
export function int64Bytes(value: number | bigint): Buffer {
  return Buffer.from(String(value), 'latin1');
}

// ---- long double (x87 80-bit extended) -------------------------------------

/**
 * A finite long double: (-1)^negative * mantissa * 2^exponent with a mantissa
 * of at most 64 bits, or an infinity. INCRBYFLOAT parses, adds and prints in
 * this format on x86-64, and its replies depend on every bit of it.
 */
export interface LongDouble {
  negative: boolean;
  infinite: boolean;
  mantissa: bigint;
  exponent: number;
}

/** Smallest exponent of the least significant mantissa bit (denormals). */
const LD_MIN_EXPONENT = -16445;
/** Largest exponent of the least significant mantissa bit of a 64-bit mantissa. */
const LD_MAX_EXPONENT = 16320;
const MANTISSA_BITS = 64;

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  if (n <= 0xffffffffn) return 32 - Math.clz32(Number(n));
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

const powersOfTen: bigint[] = [1n];

function powerOfTen(n: number): bigint {
  if (n < 64) {
    while (powersOfTen.length <= n) powersOfTen.push(powersOfTen[powersOfTen.length - 1] * 10n);
    return powersOfTen[n];
  }
  return 10n ** BigInt(n);
}

/**
 * Rounds q * 2^e (plus a positive amount below one unit of q when `sticky`)
 * to a long double, to nearest, ties to even. `underflowToZero` tells a
 * nonzero value that became 0 (strtold's ERANGE with a zero result).
 */
function roundExtended(negative: boolean, q: bigint, e: number, sticky: boolean): { value: LongDouble; underflowToZero: boolean } {
  if (q === 0n) {
    return { value: { negative, infinite: false, mantissa: 0n, exponent: 0 }, underflowToZero: sticky };
  }
  const bits = bitLength(q);
  const outExponent = Math.max(e + bits - MANTISSA_BITS, LD_MIN_EXPONENT);
  const shift = outExponent - e;
  let mantissa: bigint;
  let exponent: number;
  if (shift <= 0) {
    mantissa = q;
    exponent = e;
  } else {
    const big = BigInt(shift);
    mantissa = q >> big;
    const rest = q & ((1n << big) - 1n);
    const half = 1n << (big - 1n);
    if (rest > half || (rest === half && (sticky || (mantissa & 1n) === 1n))) mantissa += 1n;
    exponent = outExponent;
    if (mantissa >> 64n !== 0n) {
      mantissa >>= 1n;
      exponent++;
    }
  }
  if (exponent > LD_MAX_EXPONENT) {
    return { value: { negative, infinite: true, mantissa: 0n, exponent: 0 }, underflowToZero: false };
  }
  return { value: { negative, infinite: false, mantissa, exponent }, underflowToZero: mantissa === 0n };
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses strings this long. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/**
 * Redis's string2ld: glibc strtold, refused when it starts with a space,
 * leaves bytes over, overflows, underflows to zero or is NaN. Null when
 * refused.
 */
export function parseLongDouble(arg: Buffer): LongDouble | null {
  const len = arg.length;
  // strtold must consume every byte: a NUL byte ends the C string early.
  if (len === 0 || len >= MAX_LONG_DOUBLE_CHARS || arg.indexOf(0) >= 0) return null;
  if (isSpace(arg[0])) return null;
  let i = 0;
  let negative = false;
  if (arg[0] === 0x2b || arg[0] === 0x2d) {
    negative = arg[0] === 0x2d;
    i = 1;
  }
  if (i < len && (arg[i] | 0x20) === 0x69) {
    const word = arg.toString('latin1', i, len).toLowerCase();
    return word === 'inf' || word === 'infinity' ? { negative, infinite: true, mantissa: 0n, exponent: 0 } : null;
  }
  if (i + 1 < len && arg[i] === 0x30 && (arg[i + 1] | 0x20) === 0x78) return parseHexFloat(arg, i + 2, len, negative);
  return parseDecimalFloat(arg, i, len, negative);
}

function parseDecimalFloat(arg: Buffer, start: number, end: number, negative: boolean): LongDouble | null {
  let i = start;
  // Digits accumulate in a number while exact, then as text for BigInt.
  let small = 0;
  let digits = '';
  let digitCount = 0;
  let leadingZeros = 0;
  let fractionDigits = 0;
  const take = (c: number) => {
    if (digitCount === leadingZeros && c === 0x30) leadingZeros++;
    digitCount++;
    if (digits.length === 0 && small < 9e14) small = small * 10 + (c - 0x30);
    else {
      if (digits.length === 0) digits = String(small);
      digits += String.fromCharCode(c);
    }
  };
  while (i < end && isDigit(arg[i])) take(arg[i++]);
  if (i < end && arg[i] === 0x2e) {
    i++;
    while (i < end && isDigit(arg[i])) {
      take(arg[i++]);
      fractionDigits++;
    }
  }
  if (digitCount === 0) return null;
  let exponent = 0;
  if (i < end && (arg[i] | 0x20) === 0x65) {
    let j = i + 1;
    let expNegative = false;
    if (j < end && (arg[j] === 0x2b || arg[j] === 0x2d)) {
      expNegative = arg[j] === 0x2d;
      j++;
    }
    if (j >= end || !isDigit(arg[j])) return null; // "1e" leaves the 'e' unparsed.
    while (j < end && isDigit(arg[j])) {
      // Past 1e9 the result is an overflow or zero whatever the digits.
      if (exponent < 1e9) exponent = exponent * 10 + (arg[j] - 0x30);
      j++;
    }
    if (expNegative) exponent = -exponent;
    i = j;
  }
  if (i !== end) return null;
  let significand = digits.length === 0 ? BigInt(small) : BigInt(digits);
  if (significand === 0n) return { negative, infinite: false, mantissa: 0n, exponent: 0 };
  let power = exponent - fractionDigits;
  const magnitude = digitCount - leadingZeros + power;
  if (magnitude > 5000) return null; // overflow: HUGE_VALL with ERANGE
  if (magnitude < -5000) return null; // underflow to zero with ERANGE
  let rounded: { value: LongDouble; underflowToZero: boolean };
  if (power >= 0) {
    significand *= powerOfTen(power);
    rounded = roundExtended(negative, significand, 0, false);
  } else {
    const divisor = powerOfTen(-power);
    // Enough quotient bits for the 64-bit mantissa plus guard bits.
    const shift = Math.max(0, bitLength(divisor) - bitLength(significand) + MANTISSA_BITS + 2);
    const scaled = significand << BigInt(shift);
    const q = scaled / divisor;
    const r = scaled - q * divisor;
    power = -shift;
    rounded = roundExtended(negative, q, power, r !== 0n);
  }
  if (rounded.value.infinite || rounded.underflowToZero) return null;
  return rounded.value;
}

function parseHexFloat(arg: Buffer, start: number, end: number, negative: boolean): LongDouble | null {
  let i = start;
  let significand = 0n;
  let fractionDigits = 0;
  let sawDigit = false;
  let h: number;
  while (i < end && (h = hexValue(arg[i])) >= 0) {
    significand = (significand << 4n) | BigInt(h);
    sawDigit = true;
    i++;
  }
  if (i < end && arg[i] === 0x2e) {
    i++;
    while (i < end && (h = hexValue(arg[i])) >= 0) {
      significand = (significand << 4n) | BigInt(h);
      fractionDigits++;
      sawDigit = true;
      i++;
    }
  }
  // "0x" with no hex digit: strtold reads the "0" and stops at the 'x'.
  if (!sawDigit) return null;
  let exponent = 0;
  if (i < end && (arg[i] | 0x20) === 0x70) {
    let j = i + 1;
    let expNegative = false;
    if (j < end && (arg[j] === 0x2b || arg[j] === 0x2d)) {
      expNegative = arg[j] === 0x2d;
      j++;
    }
    if (j >= end || !isDigit(arg[j])) return null;
    while (j < end && isDigit(arg[j])) {
      if (exponent < 1e9) exponent = exponent * 10 + (arg[j] - 0x30);
      j++;
    }
    if (expNegative) exponent = -exponent;
    i = j;
  }
  if (i !== end) return null;
  if (significand === 0n) return { negative, infinite: false, mantissa: 0n, exponent: 0 };
  const e = exponent - 4 * fractionDigits;
  if (e + bitLength(significand) > 20000) return null;
  if (e + bitLength(significand) < -20000) return null;
  const rounded = roundExtended(negative, significand, e, false);
  if (rounded.value.infinite || rounded.underflowToZero) return null;
  return rounded.value;
}

/**
 * a + b rounded to long double, or null when the sum is NaN or infinite
 * ("increment would produce NaN or Infinity").
 */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.infinite || b.infinite) return null;
  const e = Math.min(a.exponent, b.exponent);
  const av = a.mantissa << BigInt(a.exponent - e);
  const bv = b.mantissa << BigInt(b.exponent - e);
  const sum = (a.negative ? -av : av) + (b.negative ? -bv : bv);
  if (sum === 0n) {
    // IEEE: an exact zero sum is +0 unless both addends are -0.
    return { negative: a.negative && b.negative, infinite: false, mantissa: 0n, exponent: 0 };
  }
  const rounded = roundExtended(sum < 0n, sum < 0n ? -sum : sum, e, false).value;
  return rounded.infinite ? null : rounded;
}

const TEN_17 = 10n ** 17n;

/**
 * The bytes Redis stores for INCRBYFLOAT's result: printf("%.17Lf") (exact
 * value, rounded half to even), trailing zeros and a trailing '.' removed,
 * and "-0" written "0".
 */
export function formatLongDouble(value: LongDouble): Buffer {
  let integer: bigint;
  let fraction: bigint;
  if (value.exponent >= 0) {
    integer = value.mantissa << BigInt(value.exponent);
    fraction = 0n;
  } else {
    const shift = BigInt(-value.exponent);
    const scaled = value.mantissa * TEN_17;
    let q = scaled >> shift;
    const rest = scaled & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    integer = q / TEN_17;
    fraction = q % TEN_17;
  }
  let text = integer.toString();
  if (fraction !== 0n) text += '.' + fraction.toString().padStart(17, '0').replace(/0+$/, '');
  if (value.negative && text !== '0') text = '-' + text;
  return Buffer.from(text, 'latin1');
}

// ---- bits --------------------------------------------------------------------

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/** Set bits in bytes [start, end] (inclusive), the first and last byte masked by the given "ignore" masks. */
export function countBits(value: Buffer, start: number, end: number, firstIgnore: number, lastIgnore: number): number {
  let count = 0;
  for (let i = start; i <= end; i++) count += POPCOUNT[value[i]];
  if (firstIgnore !== 0) count -= POPCOUNT[value[start] & firstIgnore];
  if (lastIgnore !== 0) count -= POPCOUNT[value[end] & lastIgnore];
  return count;
}

/**
 * The first bit equal to `bit` in bits [fromBit, toBit] of `value` (bytes past
 * its end read as zero), or -1 when there is none.
 */
export function findBit(value: Buffer, bit: 0 | 1, fromBit: number, toBit: number): number {
  let pos = fromBit;
  const skip = bit === 1 ? 0x00 : 0xff;
  while (pos <= toBit) {
    const byteIndex = pos >>> 3;
    const byte = byteIndex < value.length ? value[byteIndex] : 0;
    if ((pos & 7) === 0 && pos + 7 <= toBit && byte === skip) {
      pos += 8;
      continue;
    }
    if (((byte >> (7 - (pos & 7))) & 1) === bit) return pos;
    pos++;
  }
  return -1;
}

/** Unsigned value of `bits` bits (1..64) at bit `offset`, most significant bit first; bytes past the end read as 0. */
export function getBitfield(value: Buffer, offset: number, bits: number): bigint {
  let result = 0n;
  if (bits <= 32) {
    let small = 0;
    for (let i = 0; i < bits; i++) {
      const pos = offset + i;
      const byteIndex = Math.floor(pos / 8);
      const byte = byteIndex < value.length ? value[byteIndex] : 0;
      small = small * 2 + ((byte >> (7 - (pos % 8))) & 1);
    }
    return BigInt(small);
  }
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byteIndex = Math.floor(pos / 8);
    const byte = byteIndex < value.length ? value[byteIndex] : 0;
    result = (result << 1n) | BigInt((byte >> (7 - (pos % 8))) & 1);
  }
  return result;
}

/** Writes the low `bits` bits of `field` at bit `offset`; `value` must be long enough. */
export function setBitfield(value: Buffer, offset: number, bits: number, field: bigint): void {
  let v = BigInt.asUintN(bits, field);
  for (let i = bits - 1; i >= 0; i--) {
    const pos = offset + i;
    const byteIndex = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos % 8));
    if ((v & 1n) === 1n) value[byteIndex] |= mask;
    else value[byteIndex] &= ~mask;
    v >>= 1n;
  }
}

/** Stores a freshly built buffer (BITOP's result, sdsnewlen) as the entry's raw string, editable in place later. */
export function adoptRawString(entry: Entry, value: Buffer): void {
  growable.set(value, { owner: entry, ...sdsNewLen(value.length) });
  entry.value = value;
  entry.rawEncoding = true;
}
