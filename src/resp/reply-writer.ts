/**
 * Reply encoder for one client, in its protocol (RESP2 or RESP3), with the bytes
 * Redis 7.0.15 emits (networking.c addReply* family; checked with DEBUG PROTOCOL
 * and ZSCORE against the real server, see test/resp/reply-writer.test.ts).
 *
 * Bytes are appended into a growable Buffer. take() hands out a view of what was
 * written; later writes go past it (or into a new Buffer), never over it.
 *
 * Simple strings and errors are written one char per byte (latin1) so that a
 * message built from argument bytes with `buf.toString('latin1')` round-trips
 * exactly, as Redis copies raw bytes into its messages; bulk strings given as JS
 * strings are UTF-8.
 */

import { formatDouble } from './double';

export type Protocol = 2 | 3;
export type DeferredKind = 'array' | 'map' | 'set' | 'push' | 'attribute';

const CR = 13;
const LF = 10;
const INITIAL_SIZE = 16 * 1024;
/** The longest header: type byte, "-9223372036854775808" and CRLF. */
const MAX_HEADER = 24;

function headerPrefix(kind: DeferredKind, protocol: Protocol): number {
  if (protocol === 2) return 42; // '*'
  switch (kind) {
    case 'array': return 42;
    case 'map': return 37; // '%'
    case 'set': return 126; // '~'
    case 'push': return 62; // '>'
    case 'attribute': return 124; // '|'
  }
}

export class ReplyWriter {
  protocol: Protocol;
  private buf: Buffer;
  /** Start of what take() will return next. */
  private base = 0;
  private pos = 0;
  /** Positions (absolute in buf) of deferred headers not yet filled; -1 once filled. */
  private deferredAt: number[] = [];
  private deferredOpen = 0;

  constructor(protocol: Protocol = 2) {
    this.protocol = protocol;
    this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
  }

  get length(): number {
    return this.pos - this.base;
  }

  /** Makes room for n more bytes, moving pending bytes to a new Buffer when needed. */
  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.base;
    const size = Math.max(INITIAL_SIZE, (used + n) * 2);
    const fresh = Buffer.allocUnsafe(size);
    this.buf.copy(fresh, 0, this.base, this.pos);
    const shift = this.base;
    for (let i = 0; i < this.deferredAt.length; i++) {
      if (this.deferredAt[i] >= 0) this.deferredAt[i] -= shift;
    }
    this.buf = fresh;
    this.base = 0;
    this.pos = used;
  }

  /** Writes a non-negative safe integer's digits at pos (room already reserved). */
  private digits(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n < 100) {
      buf[this.pos++] = 48 + ((n / 10) | 0);
      buf[this.pos++] = 48 + (n % 10);
      return;
    }
    let width = 3;
    for (let t = 1000; t <= n && width < 16; t *= 10) width++;
    let p = this.pos + width - 1;
    let v = n;
    while (v >= 1) {
      const q = Math.floor(v / 10);
      buf[p--] = 48 + (v - q * 10);
      v = q;
    }
    this.pos += width;
  }

  /** prefix, integer, CRLF: the shape of every length header and integer reply. */
  private header(prefix: number, n: number): void {
    this.reserve(MAX_HEADER);
    const buf = this.buf;
    buf[this.pos++] = prefix;
    if (n < 0) {
      buf[this.pos++] = 45;
      n = -n;
    }
    if (Number.isSafeInteger(n)) {
      this.digits(n);
    } else {
      this.pos += buf.write(BigInt(Math.trunc(n)).toString(), this.pos, 'latin1');
    }
    buf[this.pos++] = CR;
    buf[this.pos++] = LF;
  }

  private latin1Line(prefix: number, s: string): void {
    this.reserve(s.length + 3);
    const buf = this.buf;
    buf[this.pos++] = prefix;
    this.pos += buf.write(s, this.pos, 'latin1');
    buf[this.pos++] = CR;
    buf[this.pos++] = LF;
  }

  private bytesLine(prefix: number, b: Buffer): void {
    this.reserve(b.length + 3);
    const buf = this.buf;
    buf[this.pos++] = prefix;
    this.pos += b.copy(buf, this.pos);
    buf[this.pos++] = CR;
    buf[this.pos++] = LF;
  }

  simple(s: string | Buffer): void {
    if (typeof s === 'string') this.latin1Line(43, s);
    else this.bytesLine(43, s);
  }

  /**
   * `msg` carries its code ("ERR ...", "WRONGTYPE ..."); a leading '-' is kept, not
   * doubled. CR and LF become spaces, as Redis's addReplyErrorFormat does.
   */
  error(msg: string | Buffer): void {
    const text = typeof msg === 'string' ? msg : msg.toString('latin1');
    let clean = text;
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) clean = text.replaceAll('\r', ' ').replaceAll('\n', ' ');
    if (clean.charCodeAt(0) === 45) {
      this.reserve(clean.length + 2);
      this.pos += this.buf.write(clean, this.pos, 'latin1');
      this.buf[this.pos++] = CR;
      this.buf[this.pos++] = LF;
    } else {
      this.latin1Line(45, clean);
    }
  }

  integer(n: number | bigint): void {
    if (typeof n === 'bigint') {
      this.latin1Line(58, n.toString());
    } else {
      this.header(58, n);
    }
  }

  bulk(b: Buffer | string): void {
    if (typeof b === 'string') {
      const len = b.length < 128 && isAscii(b) ? b.length : Buffer.byteLength(b, 'utf8');
      this.header(36, len);
      this.reserve(len + 2);
      this.pos += this.buf.write(b, this.pos, len, 'utf8');
    } else {
      this.header(36, b.length);
      this.reserve(b.length + 2);
      this.pos += b.copy(this.buf, this.pos);
    }
    this.buf[this.pos++] = CR;
    this.buf[this.pos++] = LF;
  }

  nullBulk(): void {
    if (this.protocol === 2) this.ascii('$-1\r\n');
    else this.ascii('_\r\n');
  }

  nullArray(): void {
    if (this.protocol === 2) this.ascii('*-1\r\n');
    else this.ascii('_\r\n');
  }

  /** RESP3's null, also for replies where Redis always uses the null bulk in RESP2. */
  null(): void {
    this.nullBulk();
  }

  private ascii(s: string): void {
    this.reserve(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  arrayHeader(n: number): void {
    this.header(42, n);
  }

  mapHeader(n: number): void {
    if (this.protocol === 2) this.header(42, n * 2);
    else this.header(37, n);
  }

  setHeader(n: number): void {
    this.header(this.protocol === 2 ? 42 : 126, n);
  }

  pushHeader(n: number): void {
    this.header(this.protocol === 2 ? 42 : 62, n);
  }

  /** RESP3 only, as in Redis (attributes do not exist in RESP2). */
  attributeHeader(n: number): void {
    if (this.protocol === 2) throw new Error('ReplyWriter.attributeHeader: attributes need RESP3');
    this.header(124, n);
  }

  double(d: number): void {
    if (this.protocol === 2) {
      if (d === Infinity) this.ascii('$3\r\ninf\r\n');
      else if (d === -Infinity) this.ascii('$4\r\n-inf\r\n');
      else this.bulkAscii(formatDouble(d));
    } else {
      if (d === Infinity) this.ascii(',inf\r\n');
      else if (d === -Infinity) this.ascii(',-inf\r\n');
      else this.latin1Line(44, formatDouble(d));
    }
  }

  private bulkAscii(s: string): void {
    this.header(36, s.length);
    this.reserve(s.length + 2);
    this.pos += this.buf.write(s, this.pos, 'latin1');
    this.buf[this.pos++] = CR;
    this.buf[this.pos++] = LF;
  }

  bool(b: boolean): void {
    if (this.protocol === 2) this.ascii(b ? ':1\r\n' : ':0\r\n');
    else this.ascii(b ? '#t\r\n' : '#f\r\n');
  }

  bigNumber(s: string): void {
    if (this.protocol === 2) this.bulkAscii(s);
    else this.latin1Line(40, s);
  }

  verbatim(text: Buffer | string, format = 'txt'): void {
    if (this.protocol === 2) {
      this.bulk(text);
      return;
    }
    const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.header(61, body.length + 4);
    this.reserve(body.length + 6);
    this.pos += this.buf.write(format.padEnd(3, ' ').slice(0, 3), this.pos, 'latin1');
    this.buf[this.pos++] = 58; // ':'
    this.pos += body.copy(this.buf, this.pos);
    this.buf[this.pos++] = CR;
    this.buf[this.pos++] = LF;
  }

  bulkArray(items: ReadonlyArray<Buffer | string>): void {
    this.header(42, items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }

  raw(b: Buffer): void {
    this.reserve(b.length);
    this.pos += b.copy(this.buf, this.pos);
  }

  /** The first `length` bytes of `src` (a buffer the caller reuses), pre-encoded RESP. */
  rawFrom(src: Uint8Array, length: number): void {
    this.reserve(length);
    const buf = this.buf;
    let pos = this.pos;
    // Short replies are the common case: a loop beats the set()/copy() call setup.
    if (length <= 64) {
      for (let i = 0; i < length; i++) buf[pos++] = src[i];
    } else {
      buf.set(src.subarray(0, length), pos);
      pos += length;
    }
    this.pos = pos;
  }

  /** Reserves the place of a header whose count is known later. Tokens stay valid until take(). */
  defer(): number {
    this.deferredAt.push(this.pos);
    this.deferredOpen++;
    return this.deferredAt.length - 1;
  }

  deferArray(): number {
    return this.defer();
  }

  deferMap(): number {
    return this.defer();
  }

  deferSet(): number {
    return this.defer();
  }

  setDeferredArray(token: number, n: number): void {
    this.setDeferredLength(token, n, 'array');
  }

  setDeferredMap(token: number, n: number): void {
    this.setDeferredLength(token, n, 'map');
  }

  setDeferredSet(token: number, n: number): void {
    this.setDeferredLength(token, n, 'set');
  }

  /** Inserts the header at the reserved place; `n` counts pairs for maps and attributes. */
  setDeferredLength(token: number, n: number, kind: DeferredKind): void {
    const at = this.deferredAt[token];
    if (at === undefined || at < 0) throw new Error(`ReplyWriter: deferred token ${token} is not open`);
    if (kind === 'attribute' && this.protocol === 2) throw new Error('ReplyWriter: attributes need RESP3');
    const count = this.protocol === 2 && (kind === 'map' || kind === 'attribute') ? n * 2 : n;
    // Encode the header at the end, then rotate it into place (header() finds the room
    // reserved here, so nothing moves between the two).
    this.reserve(MAX_HEADER);
    const headerStart = this.pos;
    this.header(headerPrefix(kind, this.protocol), count);
    const len = this.pos - headerStart;
    const target = this.deferredAt[token];
    const header = Buffer.from(this.buf.subarray(headerStart, this.pos));
    this.buf.copyWithin(target + len, target, headerStart);
    header.copy(this.buf, target);
    this.deferredAt[token] = -1;
    this.deferredOpen--;
    // Headers deferred later sit at or after this one: they move with the bytes.
    for (let i = token + 1; i < this.deferredAt.length; i++) {
      if (this.deferredAt[i] >= 0) this.deferredAt[i] += len;
    }
  }

  /** Returns the bytes written since the last take(). */
  take(): Buffer {
    if (this.deferredOpen !== 0) throw new Error('ReplyWriter.take: a deferred length was never set');
    const out = this.buf.subarray(this.base, this.pos);
    this.deferredAt.length = 0;
    if (this.buf.length - this.pos < 512) {
      this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
      this.pos = 0;
    }
    this.base = this.pos;
    return out;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
