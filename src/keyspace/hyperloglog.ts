// Redis's HyperLogLog (hyperloglog.c of 7.0.15) over the string value's bytes.
// The value is an ordinary Redis string, so every byte we write must be the byte
// Redis would write: GET, DUMP and replication expose it, and a value written by
// one server is read by the other. Hence the sparse editing below follows Redis's
// opcode splitting and merging step by step, not just the register semantics.
//
// Layout: 16-byte header "HYLL", encoding (0 dense, 1 sparse), 3 unused bytes,
// 8-byte little-endian cached cardinality whose top bit marks it stale; then
// either 16384 6-bit registers packed LSB first (dense, 12288 bytes) or a run
// length code (sparse): 00xxxxxx ZERO run 1..64, 01xxxxxx yyyyyyyy XZERO run
// 1..16384, 1vvvvvxx VAL value 1..32 repeated 1..4 times.

const HEADER_SIZE = 16;
const REGISTER_COUNT = 16384;
const INDEX_BITS = 14;
const INDEX_MASK = REGISTER_COUNT - 1;
/** Hash bits left after the index: a run of zeros is at most this long, plus the final 1. */
const RUN_BITS = 64 - INDEX_BITS;
const DENSE_SIZE = HEADER_SIZE + (REGISTER_COUNT * 6) / 8;
const ENCODING_DENSE = 0;
const ENCODING_SPARSE = 1;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;
const CACHE_STALE_BYTE = 15;
const ALPHA_INF = 0.72134752044448170368; // 0.5 / ln(2)
const MURMUR_SEED = 0xadc83b19;

export const DEFAULT_SPARSE_MAX_BYTES = 3000;

export const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const ERR_CORRUPT = 'INVALIDOBJ Corrupted HLL object detected';
export const ERR_WRONG_TYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/**
 * Stands for a key that holds a non-string value. Redis checks the keys of
 * PFCOUNT/PFMERGE one at a time, so which error wins depends on the order;
 * passing this marker in place keeps that order exact.
 */
export const NOT_A_STRING: unique symbol = Symbol('not a string value');
export type HllSource = Buffer | null | typeof NOT_A_STRING;

/** A reply error; `message` is the error line without the leading '-'. */
export class HyperLogLogError extends Error {
  /**
   * For PFADD on a corrupt sparse value: Redis edits in place, so the elements
   * before the failing one stay applied (and the cache is not marked stale).
   * The caller stores this value when it differs from the original.
   */
  readonly value: Buffer | null;

  constructor(message: string, value: Buffer | null = null) {
    super(message);
    this.name = 'HyperLogLogError';
    this.value = value;
  }
}

// ---------------------------------------------------------------------------
// MurmurHash64A on 32-bit halves: BigInt would be exact too but ~20x slower,
// and PFADD hashes every element.

let hashHi = 0;
let hashLo = 0;

/** (aHi:aLo * bHi:bLo) mod 2^64 into hashHi/hashLo. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33, exact in a double
  const low = a0 * b0 + (mid % 65536) * 65536; // < 2^33
  const carry = Math.floor(low / 4294967296);
  const high = a1 * b1 + Math.floor(mid / 65536) + carry;
  hashLo = low >>> 0;
  hashHi = (high + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;

/** MurmurHash64A (little-endian reading, as Redis forces on every platform) into hashHi/hashLo. */
function murmurHash64A(data: Uint8Array, seed: number): void {
  const len = data.length;
  mul64(0, len, M_HI, M_LO);
  let hHi = hashHi;
  let hLo = (hashLo ^ seed) >>> 0;
  const blockEnd = len - (len & 7);
  let i = 0;
  for (; i < blockEnd; i += 8) {
    const kLo = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0;
    const kHi = (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24)) >>> 0;
    mul64(kHi, kLo, M_HI, M_LO);
    let k1Hi = hashHi;
    let k1Lo = (hashLo ^ (k1Hi >>> 15)) >>> 0; // k ^= k >> 47
    mul64(k1Hi, k1Lo, M_HI, M_LO);
    k1Hi = hashHi;
    k1Lo = hashLo;
    hHi = (hHi ^ k1Hi) >>> 0;
    hLo = (hLo ^ k1Lo) >>> 0;
    mul64(hHi, hLo, M_HI, M_LO);
    hHi = hashHi;
    hLo = hashLo;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) {
      const byte = data[i + j];
      if (j >= 4) hHi = (hHi ^ (byte << ((j - 4) * 8))) >>> 0;
      else hLo = (hLo ^ (byte << (j * 8))) >>> 0;
    }
    mul64(hHi, hLo, M_HI, M_LO);
    hHi = hashHi;
    hLo = hashLo;
  }
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mul64(hHi, hLo, M_HI, M_LO);
  hHi = hashHi;
  hLo = (hashLo ^ (hHi >>> 15)) >>> 0;
  hashHi = hHi;
  hashLo = hLo;
}

/** The 64-bit MurmurHash64A of `data` with Redis's HLL seed, for tests and debugging. */
export function hllHash(data: Uint8Array): bigint {
  murmurHash64A(data, MURMUR_SEED);
  return (BigInt(hashHi) << 32n) | BigInt(hashLo);
}

let patternIndex = 0;

/**
 * hllPatLen: the register an element lands in (low 14 hash bits, into
 * patternIndex) and the length of the "0...01" run in the remaining 50 bits
 * counted from their least significant end, 1..51 (51 when all 50 are zero).
 */
function patternLength(element: Uint8Array): number {
  murmurHash64A(element, MURMUR_SEED);
  patternIndex = hashLo & INDEX_MASK;
  const low = hashLo >>> INDEX_BITS; // hash bits 14..31 = run bits 0..17
  if (low !== 0) return countTrailingZeros(low) + 1;
  if (hashHi !== 0) return 32 - INDEX_BITS + countTrailingZeros(hashHi) + 1;
  return RUN_BITS + 1;
}

function countTrailingZeros(v: number): number {
  return 31 - Math.clz32(v & -v);
}

// ---------------------------------------------------------------------------
// Dense registers.

function denseGet(bytes: Uint8Array, base: number, index: number): number {
  const bit = index * 6;
  const at = base + (bit >>> 3);
  const shift = bit & 7;
  // The byte after the last register is outside the dense area; Redis reads the
  // sds terminator there, always 0.
  const next = index === REGISTER_COUNT - 1 ? 0 : bytes[at + 1];
  return ((bytes[at] >>> shift) | (next << (8 - shift))) & 63;
}

function denseSet(bytes: Uint8Array, base: number, index: number, value: number): void {
  const bit = index * 6;
  const at = base + (bit >>> 3);
  const shift = bit & 7;
  bytes[at] = (bytes[at] & ~(63 << shift)) | ((value << shift) & 0xff);
  if (shift > 2) {
    const spill = 8 - shift;
    bytes[at + 1] = (bytes[at + 1] & ~(63 >>> spill)) | (value >>> spill);
  }
}

/** Sets the register to `count` if that is larger; true when it changed. */
function denseSetIfLarger(bytes: Uint8Array, base: number, index: number, count: number): boolean {
  if (count <= denseGet(bytes, base, index)) return false;
  denseSet(bytes, base, index, count);
  return true;
}

// ---------------------------------------------------------------------------
// Working copy: a growable byte array, so that a sparse edit can shift bytes in
// place as Redis's sds does, and the caller's Buffer is never mutated.

class HllBytes {
  bytes: Buffer;
  length: number;

  constructor(source: Uint8Array, extra: number) {
    this.bytes = Buffer.alloc(source.length + extra);
    this.bytes.set(source);
    this.length = source.length;
  }

  get encoding(): number {
    return this.bytes[4];
  }

  ensureRoom(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.alloc(Math.max(this.length + extra, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  invalidateCache(): void {
    this.bytes[CACHE_STALE_BYTE] |= 0x80;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

function emptySparse(): HllBytes {
  const out = new HllBytes(new Uint8Array(0), HEADER_SIZE + 64);
  out.bytes.write('HYLL', 0, 'latin1');
  out.bytes[4] = ENCODING_SPARSE;
  let at = HEADER_SIZE;
  for (let remaining = REGISTER_COUNT; remaining > 0; ) {
    const run = Math.min(remaining, SPARSE_XZERO_MAX_LEN);
    writeXzero(out.bytes, at, run);
    at += 2;
    remaining -= run;
  }
  out.length = at;
  return out;
}

function writeXzero(bytes: Uint8Array, at: number, run: number): void {
  const encoded = run - 1;
  bytes[at] = (encoded >>> 8) | 0x40;
  bytes[at + 1] = encoded & 0xff;
}

function valByte(value: number, run: number): number {
  return ((value - 1) << 2) | (run - 1) | 0x80;
}

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXzero = (op: number): boolean => (op & 0xc0) === 0x40;
const isVal = (op: number): boolean => (op & 0x80) !== 0;
const zeroLen = (op: number): number => (op & 0x3f) + 1;
const xzeroLen = (op: number, next: number): number => (((op & 0x3f) << 8) | next) + 1;
const valValue = (op: number): number => ((op >>> 2) & 0x1f) + 1;
const valLen = (op: number): number => (op & 3) + 1;

/** hllSparseToDense; false when the run lengths do not add up to 16384. */
function sparseToDense(hll: HllBytes): boolean {
  if (hll.encoding === ENCODING_DENSE) return true;
  const dense = Buffer.alloc(DENSE_SIZE);
  hll.bytes.copy(dense, 0, 0, HEADER_SIZE); // magic, unused bytes and cached cardinality survive
  dense[4] = ENCODING_DENSE;
  const src = hll.bytes;
  const end = hll.length;
  let index = 0;
  let p = HEADER_SIZE;
  while (p < end) {
    const op = src[p];
    if (isZero(op)) {
      index += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      index += xzeroLen(op, p + 1 < end ? src[p + 1] : 0);
      p += 2;
    } else {
      let run = valLen(op);
      const value = valValue(op);
      // A run past the last register is corruption, as Debian's 7.0.15 reports it.
      if (run + index > REGISTER_COUNT) return false;
      while (run-- > 0) denseSet(dense, HEADER_SIZE, index++, value);
      p++;
    }
    if (index > REGISTER_COUNT) break;
  }
  if (index !== REGISTER_COUNT) return false;
  hll.bytes = dense;
  hll.length = DENSE_SIZE;
  return true;
}

/**
 * hllSparseSet: raise register `index` to `count` in a sparse value, editing the
 * opcodes exactly as Redis does, promoting to dense when the value does not fit
 * a VAL opcode or the grown value would exceed `sparseMaxBytes`.
 * Returns 1 changed, 0 unchanged, -1 corrupt.
 */
function sparseSet(hll: HllBytes, index: number, count: number, sparseMaxBytes: number): number {
  if (count > SPARSE_VAL_MAX_VALUE) return promoteAndSet(hll, index, count);
  hll.ensureRoom(3);
  let bytes = hll.bytes;
  let end = hll.length;

  // Step 1: find the opcode that covers `index`.
  let p = HEADER_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    let opLen = 1;
    const op = bytes[p];
    if (isZero(op)) span = zeroLen(op);
    else if (isVal(op)) span = valLen(op);
    else {
      span = xzeroLen(op, bytes[p + 1]);
      opLen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += opLen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;

  const op = bytes[p];
  const next = isXzero(op) ? p + 2 : p + 1;
  const hasNext = next < end;
  let runLength: number;
  let opIsZero = false;
  let opIsXzero = false;
  if (isZero(op)) {
    opIsZero = true;
    runLength = zeroLen(op);
  } else if (isXzero(op)) {
    opIsXzero = true;
    runLength = xzeroLen(op, bytes[p + 1]);
  } else {
    runLength = valLen(op);
  }

  let rewritten = false;
  if (!opIsZero && !opIsXzero) {
    if (valValue(op) >= count) return 0;
    if (runLength === 1) {
      bytes[p] = valByte(count, 1);
      rewritten = true;
    }
  }
  if (!rewritten && opIsZero && runLength === 1) {
    bytes[p] = valByte(count, 1);
    rewritten = true;
  }

  if (!rewritten) {
    // Step 2: split the opcode around `index` (at most XZERO VAL XZERO, 5 bytes).
    const seq: number[] = [];
    const last = first + span - 1;
    if (opIsZero || opIsXzero) {
      const pushZeros = (run: number): void => {
        if (run > SPARSE_ZERO_MAX_LEN) seq.push(((run - 1) >>> 8) | 0x40, (run - 1) & 0xff);
        else seq.push(run - 1);
      };
      if (index !== first) pushZeros(index - first);
      seq.push(valByte(count, 1));
      if (index !== last) pushZeros(last - index);
    } else {
      const current = valValue(op);
      if (index !== first) seq.push(valByte(current, index - first));
      seq.push(valByte(count, 1));
      if (index !== last) seq.push(valByte(current, last - index));
    }

    // Step 3: put the new sequence in place of the old opcode.
    const oldLen = opIsXzero ? 2 : 1;
    const delta = seq.length - oldLen;
    if (delta > 0 && hll.length + delta > sparseMaxBytes) return promoteAndSet(hll, index, count);
    if (delta !== 0 && hasNext) bytes.copy(bytes, next + delta, next, end);
    hll.length += delta;
    for (let i = 0; i < seq.length; i++) bytes[p + i] = seq[i];
    end += delta;
  }

  // Step 4: merge adjacent VAL opcodes of equal value, scanning up to five
  // opcodes from the one before the edit.
  bytes = hll.bytes;
  p = prev >= 0 ? prev : HEADER_SIZE;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const at = bytes[p];
    if (isXzero(at)) {
      p += 2;
      continue;
    }
    if (isZero(at)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(bytes[p + 1])) {
      const value = valValue(at);
      if (value === valValue(bytes[p + 1])) {
        const run = valLen(at) + valLen(bytes[p + 1]);
        if (run <= SPARSE_VAL_MAX_LEN) {
          bytes[p + 1] = valByte(value, run);
          bytes.copy(bytes, p, p + 1, end);
          hll.length--;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  hll.invalidateCache();
  return 1;
}

function promoteAndSet(hll: HllBytes, index: number, count: number): number {
  if (!sparseToDense(hll)) return -1;
  // Promotion happens only when the register must grow, so this always changes it.
  denseSetIfLarger(hll.bytes, HEADER_SIZE, index, count);
  return 1;
}

// ---------------------------------------------------------------------------
// Estimation.

/** Ertl's sigma(x), "New cardinality estimation algorithms for HyperLogLog sketches". */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

/** Ertl's tau(x). */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y; // Redis writes pow(1-x,2), which gcc turns into this product
  } while (previous !== z);
  return z / 3;
}

function estimateFromHistogram(histogram: Int32Array): number {
  const m = REGISTER_COUNT;
  let z = m * tau((m - histogram[RUN_BITS + 1]) / m);
  for (let j = RUN_BITS; j >= 1; j--) {
    z += histogram[j];
    z *= 0.5;
  }
  z += m * sigma(histogram[0] / m);
  return Math.round((ALPHA_INF * m * m) / z);
}

function denseHistogram(bytes: Uint8Array, histogram: Int32Array): void {
  for (let i = 0; i < REGISTER_COUNT; i++) histogram[denseGet(bytes, HEADER_SIZE, i)]++;
}

/** False when the sparse run lengths do not cover exactly 16384 registers. */
function sparseHistogram(bytes: Uint8Array, end: number, histogram: Int32Array): boolean {
  let index = 0;
  let p = HEADER_SIZE;
  while (p < end) {
    const op = bytes[p];
    if (isZero(op)) {
      const run = zeroLen(op);
      index += run;
      histogram[0] += run;
      p++;
    } else if (isXzero(op)) {
      const run = xzeroLen(op, p + 1 < end ? bytes[p + 1] : 0);
      index += run;
      histogram[0] += run;
      p += 2;
    } else {
      const run = valLen(op);
      index += run;
      histogram[valValue(op)] += run;
      p++;
    }
  }
  return index === REGISTER_COUNT;
}

/** hllMerge: raises `max` to the value's registers; false for a corrupt sparse value. */
function mergeInto(max: Uint8Array, value: Buffer): boolean {
  if (value[4] === ENCODING_DENSE) {
    for (let i = 0; i < REGISTER_COUNT; i++) {
      const v = denseGet(value, HEADER_SIZE, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  let index = 0;
  let p = HEADER_SIZE;
  const end = value.length;
  while (p < end) {
    const op = value[p];
    if (isZero(op)) {
      index += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      index += xzeroLen(op, p + 1 < end ? value[p + 1] : 0);
      p += 2;
    } else {
      let run = valLen(op);
      const v = valValue(op);
      // A run past the last register is corruption, as Debian's 7.0.15 reports it.
      if (run + index > REGISTER_COUNT) return false;
      while (run-- > 0) {
        if (v > max[index]) max[index] = v;
        index++;
      }
      p++;
    }
    if (index > REGISTER_COUNT) break;
  }
  return index === REGISTER_COUNT;
}

// ---------------------------------------------------------------------------
// Commands.

/** isHLLObjectOrReply's checks on a string value's bytes. */
export function isValidHll(value: Buffer): boolean {
  if (value.length < HEADER_SIZE) return false;
  if (value[0] !== 0x48 || value[1] !== 0x59 || value[2] !== 0x4c || value[3] !== 0x4c) return false;
  const encoding = value[4];
  if (encoding > ENCODING_SPARSE) return false;
  if (encoding === ENCODING_DENSE && value.length !== DENSE_SIZE) return false;
  return true;
}

function checkSource(source: HllSource): Buffer | null {
  if (source === NOT_A_STRING) throw new HyperLogLogError(ERR_WRONG_TYPE);
  if (source !== null && !isValidHll(source)) throw new HyperLogLogError(ERR_NOT_HLL);
  return source;
}

export interface PfaddResult {
  /** The value to store: a new Buffer when updated, else the value passed in. */
  value: Buffer;
  /** PFADD's reply (1/0); also whether to signal the key and notify "pfadd". */
  updated: boolean;
}

/**
 * PFADD on the key's current value (null: no key, created as an empty sparse
 * HLL, which counts as an update even with no elements).
 */
export function pfadd(
  value: HllSource,
  elements: readonly Uint8Array[],
  sparseMaxBytes: number = DEFAULT_SPARSE_MAX_BYTES,
): PfaddResult {
  const current = checkSource(value);
  const hll = current === null ? emptySparse() : new HllBytes(current, 8);
  let updated = current === null;
  for (const element of elements) {
    const count = patternLength(element);
    const index = patternIndex;
    let result: number;
    if (hll.encoding === ENCODING_DENSE) result = denseSetIfLarger(hll.bytes, HEADER_SIZE, index, count) ? 1 : 0;
    else if (hll.encoding === ENCODING_SPARSE) result = sparseSet(hll, index, count, sparseMaxBytes);
    else result = -1;
    if (result === -1) throw new HyperLogLogError(ERR_CORRUPT, hll.toBuffer());
    if (result === 1) updated = true;
  }
  if (!updated) return { value: current ?? hll.toBuffer(), updated: false };
  hll.invalidateCache();
  return { value: hll.toBuffer(), updated: true };
}

export interface PfcountResult {
  count: number;
  /**
   * Single key only: the value with the refreshed cached cardinality, when the
   * cache was stale. Redis stores it (and signals the key, dirty++) even though
   * PFCOUNT is a read command.
   */
  refreshed: Buffer | null;
}

/**
 * The register-wise maximum that multi-key PFCOUNT and PFMERGE build, one key
 * at a time as Redis does: each key is checked (isHLLObjectOrReply) and then
 * merged before the next key is looked at, so a corrupt value met first wins
 * over a wrong type further on.
 */
export class HllUnion {
  readonly registers = new Uint8Array(REGISTER_COUNT);
  /** Whether any merged value was dense (PFMERGE then writes a dense result). */
  anyDense = false;

  /** Checks and merges one key's value (null: missing key, skipped); throws the reply error. */
  add(source: HllSource): void {
    const value = checkSource(source);
    if (value === null) return;
    if (value[4] === ENCODING_DENSE) this.anyDense = true;
    if (!mergeInto(this.registers, value)) throw new HyperLogLogError(ERR_CORRUPT);
  }

  count(): number {
    const histogram = new Int32Array(64);
    const registers = this.registers;
    for (let i = 0; i < REGISTER_COUNT; i++) histogram[registers[i]]++;
    return estimateFromHistogram(histogram);
  }
}

/** PFCOUNT over one or more keys' values (null: missing key, an empty HLL). */
export function pfcount(values: readonly HllSource[]): PfcountResult {
  if (values.length === 1) {
    const value = checkSource(values[0]);
    if (value === null) return { count: 0, refreshed: null };
    if ((value[CACHE_STALE_BYTE] & 0x80) === 0) {
      return { count: value.readUInt32LE(8) + value.readUInt32LE(12) * 4294967296, refreshed: null };
    }
    const histogram = new Int32Array(64);
    if (value[4] === ENCODING_DENSE) denseHistogram(value, histogram);
    else if (!sparseHistogram(value, value.length, histogram)) throw new HyperLogLogError(ERR_CORRUPT);
    const count = estimateFromHistogram(histogram);
    const refreshed = Buffer.from(value);
    refreshed.writeUInt32LE(count >>> 0, 8);
    refreshed.writeUInt32LE(Math.floor(count / 4294967296), 12);
    return { count, refreshed };
  }
  const union = new HllUnion();
  for (const source of values) union.add(source);
  return { count: union.count(), refreshed: null };
}

/**
 * PFMERGE: the new value of `dest`. As in Redis the destination's own
 * registers take part, its header bytes are kept, and the result is dense
 * when any input (the destination included) is dense, else sparse (promoted
 * only if the edits make it so).
 */
export function pfmerge(
  dest: HllSource,
  sources: readonly HllSource[],
  sparseMaxBytes: number = DEFAULT_SPARSE_MAX_BYTES,
): Buffer {
  const union = new HllUnion();
  union.add(dest);
  for (const source of sources) union.add(source);
  return writeUnion(dest === NOT_A_STRING ? null : dest, union, sparseMaxBytes);
}

/**
 * The second half of PFMERGE: `dest` (the destination's value, already
 * merged into `union`; null when the key is missing) raised to the union's
 * registers, its cached cardinality marked stale.
 */
export function writeUnion(dest: Buffer | null, union: HllUnion, sparseMaxBytes: number = DEFAULT_SPARSE_MAX_BYTES): Buffer {
  const max = union.registers;
  const hll = dest === null ? emptySparse() : new HllBytes(dest, 8);
  if (union.anyDense && !sparseToDense(hll)) throw new HyperLogLogError(ERR_CORRUPT);
  for (let i = 0; i < REGISTER_COUNT; i++) {
    if (max[i] === 0) continue;
    if (hll.encoding === ENCODING_DENSE) denseSetIfLarger(hll.bytes, HEADER_SIZE, i, max[i]);
    else sparseSet(hll, i, max[i], sparseMaxBytes);
  }
  hll.invalidateCache();
  return hll.toBuffer();
}

/** PFDEBUG GETREG's view: the 16384 register values (throws for a corrupt value). */
export function hllRegisters(value: Buffer): Uint8Array {
  if (!isValidHll(value)) throw new HyperLogLogError(ERR_NOT_HLL);
  const registers = new Uint8Array(REGISTER_COUNT);
  if (!mergeInto(registers, value)) throw new HyperLogLogError(ERR_CORRUPT);
  return registers;
}

/** The encoding byte's name as PFDEBUG ENCODING prints it. */
export function hllEncoding(value: Buffer): 'dense' | 'sparse' {
  return value[4] === ENCODING_DENSE ? 'dense' : 'sparse';
}

/**
 * PFDEBUG GETREG / TODENSE: the value in the dense encoding, header bytes
 * (cached cardinality included) kept as hllSparseToDense keeps them. A dense
 * value comes back as is; null when a sparse value is corrupt.
 */
export function hllToDense(value: Buffer): Buffer | null {
  const hll = new HllBytes(value, 0);
  if (!sparseToDense(hll)) return null;
  return hll.toBuffer();
}

/**
 * PFDEBUG DECODE: the sparse opcodes as Redis prints them ("z:len" for
 * ZERO, "Z:len" for XZERO, "v:value,len", space separated). Null for a
 * dense value.
 */
export function hllDecodeSparse(value: Buffer): string | null {
  if (value[4] !== ENCODING_SPARSE) return null;
  const parts: string[] = [];
  let p = HEADER_SIZE;
  while (p < value.length) {
    const op = value[p];
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXzero(op)) {
      parts.push(`Z:${xzeroLen(op, p + 1 < value.length ? value[p + 1] : 0)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}
