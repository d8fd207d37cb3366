/**
 * Client request parser with the behaviour of Redis 7.0.15's processInputBuffer,
 * processInlineBuffer and processMultibulkBuffer (networking.c), checked against
 * the real redis-server byte for byte (see test/resp/request-parser.test.ts).
 *
 * Arguments are handed out as `subarray` views of the bytes the parser was fed (or
 * of its own accumulation buffers). The parser never writes into a region it has
 * handed out: an accumulation buffer is only ever appended to, and when it is full
 * a fresh one is allocated. A caller that keeps an argument for long (a stored
 * value) may copy it so that it does not pin the whole chunk it came from.
 */

export type ProtocolErrorHandler = (message: string) => void;
export type CommandHandler = (argv: Buffer[]) => void;

export interface RequestParserOptions {
  /** proto-max-bulk-len: the largest bulk argument accepted. */
  maxBulkLen?: number;
  /** PROTO_INLINE_MAX_SIZE: the longest inline line, and the longest `*`/`$` header line. */
  maxInlineLen?: number;
  /** Redis's limits for clients that must still AUTH (argument count and argument size). */
  unauthenticatedMaxArgs?: number;
  unauthenticatedMaxBulkLen?: number;
  /** Start with the unauthenticated limits in force (requirepass set and not yet authenticated). */
  authRequired?: boolean;
}

const CR = 13;
const LF = 10;
const NUL = 0;
const STAR = 42;
const DOLLAR = 36;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** PROTO_MBULK_BIG_ARG: from this size a partial bulk is collected in a buffer of its own. */
const BIG_ARG = 32 * 1024;
const INT_MAX = 2147483647;
/** LONG_STR_SIZE: string2ll refuses strings of this length or longer. */
const LONG_STR_SIZE = 21;
const MIN_STORE = 16 * 1024;
const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN_ABS = 9223372036854775808n;

/** string2ll's verdict: NaN when Redis's string2ll would fail, else the value (clamped to JS precision). */
function string2ll(data: Buffer, from: number, to: number): number {
  const len = to - from;
  if (len === 0 || len >= LONG_STR_SIZE) return NaN;
  if (len === 1 && data[from] === ZERO) return 0;
  let p = from;
  let negative = false;
  if (data[p] === MINUS) {
    negative = true;
    p++;
    if (p === to) return NaN;
  }
  const first = data[p];
  if (first < ZERO + 1 || first > NINE) return NaN;
  let value = 0;
  for (let i = p; i < to; i++) {
    const c = data[i];
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  if (to - p >= 16) {
    // Past 2^53 the float is inexact; decide long long overflow exactly.
    const exact = BigInt(data.toString('latin1', p, to));
    if (negative ? exact > LLONG_MIN_ABS : exact > LLONG_MAX) return NaN;
  }
  return negative ? -value : value;
}

function isCSpace(c: number): boolean {
  // C isspace in the "C" locale: space, \t, \n, \v, \f, \r
  return c === 32 || (c >= 9 && c <= 13);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function hexValue(c: number): number {
  if (c <= 57) return c - 48;
  if (c >= 97) return c - 87;
  return c - 55;
}

/**
 * sdssplitargs over data[from, to): `to` (and any NUL, which cannot occur because
 * the line search stops at NUL) acts as the string terminator. Returns null on
 * unbalanced quotes. Plain tokens are views; quoted ones are fresh buffers.
 */
function splitInlineArgs(data: Buffer, from: number, to: number): Buffer[] | null {
  const args: Buffer[] = [];
  let p = from;
  for (;;) {
    while (p < to && isCSpace(data[p])) p++;
    if (p >= to) return args;
    const tokenStart = p;
    // Unquoted run: ends at ' ', \n, \r, \t or the end of the line.
    while (p < to) {
      const c = data[p];
      if (c === 32 || c === LF || c === CR || c === 9 || c === 34 || c === 39) break;
      p++;
    }
    if (p >= to || (data[p] !== 34 && data[p] !== 39)) {
      args.push(data.subarray(tokenStart, p));
      if (p < to) p++;
      continue;
    }
    // A quote opens inside or at the start of the token: build it byte by byte.
    const out = Buffer.allocUnsafe(to - tokenStart);
    let n = data.copy(out, 0, tokenStart, p);
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = p < to ? data[p] : NUL;
      const next = p + 1 < to ? data[p + 1] : NUL;
      if (inDouble) {
        if (c === 92 && next === 120 && p + 3 < to && isHexDigit(data[p + 2]) && isHexDigit(data[p + 3])) {
          out[n++] = hexValue(data[p + 2]) * 16 + hexValue(data[p + 3]);
          p += 3;
        } else if (c === 92 && next !== NUL) {
          p++;
          switch (next) {
            case 110: out[n++] = 10; break; // \n
            case 114: out[n++] = 13; break; // \r
            case 116: out[n++] = 9; break; // \t
            case 98: out[n++] = 8; break; // \b
            case 97: out[n++] = 7; break; // \a
            default: out[n++] = next;
          }
        } else if (c === 34) {
          // A closing quote must be followed by whitespace or the end.
          if (next !== NUL && !isCSpace(next)) return null;
          done = true;
        } else if (c === NUL) {
          return null;
        } else {
          out[n++] = c;
        }
      } else if (inSingle) {
        if (c === 92 && next === 39) {
          p++;
          out[n++] = 39;
        } else if (c === 39) {
          if (next !== NUL && !isCSpace(next)) return null;
          done = true;
        } else if (c === NUL) {
          return null;
        } else {
          out[n++] = c;
        }
      } else {
        switch (c) {
          case 32: case LF: case CR: case 9: case NUL:
            done = true;
            break;
          case 34: inDouble = true; break;
          case 39: inSingle = true; break;
          default: out[n++] = c;
        }
      }
      if (p < to) p++;
    }
    args.push(out.subarray(0, n));
  }
}

export class RequestParser {
  private readonly maxBulkLen: number;
  private readonly maxInlineLen: number;
  private readonly unauthMaxArgs: number;
  private readonly unauthMaxBulkLen: number;
  /** True while requirepass applies and the client has not authenticated; the server flips it. */
  authRequired: boolean;

  /** Unparsed input is data[start, data.length). */
  private data: Buffer = Buffer.alloc(0);
  private start = 0;
  /** Our own accumulation buffer (data is a view of its prefix), or null when data is the caller's chunk. */
  private store: Buffer | null = null;

  /** The multibulk being assembled. */
  private argv: Buffer[] | null = null;
  private argc = 0;
  private argsLeft = 0;
  /** Length of the bulk being read, -1 while its `$` header is awaited. */
  private bulkLen = -1;

  /** A big argument collected outside `data`. */
  private big: Buffer | null = null;
  private bigFilled = 0;
  /** Bytes of the trailer after a big argument still to skip (Redis skips 2 bytes, whatever they are). */
  private bigTrailer = 0;

  private failed = false;
  private paused = false;

  /** Memo of findLineEnd for the line starting at scanAnchor. */
  private scanAnchor = -1;
  private scanned = 0;
  private nulBlocked = false;

  constructor(opts: RequestParserOptions = {}) {
    this.maxBulkLen = opts.maxBulkLen ?? 512 * 1024 * 1024;
    this.maxInlineLen = opts.maxInlineLen ?? 64 * 1024;
    this.unauthMaxArgs = opts.unauthenticatedMaxArgs ?? 10;
    this.unauthMaxBulkLen = opts.unauthenticatedMaxBulkLen ?? 16384;
    this.authRequired = opts.authRequired ?? false;
  }

  /** Bytes received but not yet returned as part of a command (CLIENT LIST qbuf). */
  get pending(): number {
    return this.data.length - this.start + this.bigFilled + (this.big !== null ? 2 - this.bigTrailer : 0);
  }

  /** True once a protocol error was reported; all later input is ignored. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /**
   * Stop delivering commands after the current one (a blocked client, or CLIENT PAUSE):
   * later input is buffered until resume().
   */
  pause(): void {
    this.paused = true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Deliver what was buffered while paused. */
  resume(onCommand: CommandHandler, onError: ProtocolErrorHandler): void {
    this.paused = false;
    if (!this.failed) this.run(onCommand, onError);
  }

  feed(chunk: Buffer, onCommand: CommandHandler, onError: ProtocolErrorHandler): void {
    if (this.failed || chunk.length === 0) {
      if (chunk.length === 0 && !this.paused && !this.failed) this.run(onCommand, onError);
      return;
    }
    let offset = 0;
    if (this.big !== null) {
      offset = this.fillBig(chunk, 0);
      if (this.big !== null) return;
    }
    if (offset < chunk.length) this.append(offset === 0 ? chunk : chunk.subarray(offset));
    if (!this.paused) this.run(onCommand, onError);
  }

  private append(chunk: Buffer): void {
    const unparsed = this.data.length - this.start;
    if (unparsed === 0) {
      this.data = chunk;
      this.start = 0;
      this.store = null;
      this.scanAnchor = -1;
      return;
    }
    const store = this.store;
    const end = this.data.length;
    if (store !== null && store.length - end >= chunk.length) {
      chunk.copy(store, end);
      this.data = store.subarray(0, end + chunk.length);
      return;
    }
    const need = unparsed + chunk.length;
    const fresh = Buffer.allocUnsafe(Math.max(need * 2, MIN_STORE));
    this.data.copy(fresh, 0, this.start, end);
    chunk.copy(fresh, unparsed);
    this.store = fresh;
    this.data = fresh.subarray(0, need);
    this.scanAnchor = this.scanAnchor === this.start ? 0 : -1;
    this.start = 0;
  }

  /** Copies chunk[from..] into the big argument; returns the offset of the first byte not consumed. */
  private fillBig(chunk: Buffer, from: number): number {
    const big = this.big as Buffer;
    let p = from;
    if (this.bigFilled < big.length) {
      const n = Math.min(big.length - this.bigFilled, chunk.length - p);
      chunk.copy(big, this.bigFilled, p, p + n);
      this.bigFilled += n;
      p += n;
    }
    if (this.bigFilled === big.length) {
      const skip = Math.min(this.bigTrailer, chunk.length - p);
      this.bigTrailer -= skip;
      p += skip;
      if (this.bigTrailer === 0) {
        (this.argv as Buffer[])[this.argc++] = big;
        this.argsLeft--;
        this.bulkLen = -1;
        this.big = null;
        this.bigFilled = 0;
      }
    }
    return p;
  }

  private deliver(onCommand: CommandHandler): void {
    const argv = this.argv as Buffer[];
    if (argv.length !== this.argc) argv.length = this.argc;
    this.argv = null;
    this.argc = 0;
    onCommand(argv);
  }

  private fail(onError: ProtocolErrorHandler, message: string): void {
    this.failed = true;
    this.argv = null;
    this.big = null;
    this.data = Buffer.alloc(0);
    this.start = 0;
    this.store = null;
    onError(message);
  }

  /**
   * Index of the first `target` byte of the line starting at `from`, -1 while it has
   * not arrived (or never will: Redis finds line ends with strchr on a NUL-terminated
   * buffer, so a NUL first hides it), -2 when the line is already longer than
   * maxInlineLen. Resumes where the previous search of the same line stopped, so a
   * line arriving byte by byte costs linear time.
   */
  private findLineEnd(target: number, from: number): number {
    if (from !== this.scanAnchor) {
      this.scanAnchor = from;
      this.scanned = 0;
      this.nulBlocked = false;
    }
    if (this.nulBlocked) return -1;
    const data = this.data;
    const limit = Math.min(data.length, from + this.maxInlineLen + 1);
    let i = from + this.scanned;
    for (; i < limit; i++) {
      const c = data[i];
      if (c === target) return i;
      if (c === NUL) {
        this.nulBlocked = true;
        return -1;
      }
    }
    this.scanned = i - from;
    return i < data.length ? -2 : -1;
  }

  private run(onCommand: CommandHandler, onError: ProtocolErrorHandler): void {
    while (!this.paused) {
      if (this.argv !== null && this.argsLeft === 0) {
        // Completed by the tail of a big argument in feed().
        this.deliver(onCommand);
        continue;
      }
      const data = this.data;
      const end = data.length;
      let pos = this.start;
      if (pos >= end) return;

      if (this.argsLeft === 0) {
        if (data[pos] !== STAR) {
          if (!this.parseInline(onCommand, onError)) return;
          continue;
        }
        // Multibulk count line. Fast path: digits straight up to '\r'.
        let p = pos + 1;
        let count = 0;
        let cr = -1;
        if (p < end && data[p] >= ZERO + 1 && data[p] <= NINE) {
          const stop = Math.min(end, p + 16);
          while (p < stop) {
            const c = data[p];
            if (c >= ZERO && c <= NINE) {
              count = count * 10 + (c - ZERO);
              p++;
            } else break;
          }
          if (p < end && data[p] === CR && p - pos - 1 < 16) cr = p;
        }
        if (cr < 0) {
          cr = this.findLineEnd(CR, pos);
          if (cr < 0) {
            if (cr === -2 || end - pos > this.maxInlineLen) {
              this.fail(onError, 'Protocol error: too big mbulk count string');
            }
            return;
          }
          if (cr + 1 >= end) return;
          count = string2ll(data, pos + 1, cr);
        } else if (cr + 1 >= end) {
          return;
        }
        if (!(count <= INT_MAX)) {
          this.fail(onError, 'Protocol error: invalid multibulk length');
          return;
        }
        if (count > this.unauthMaxArgs && this.authRequired) {
          this.fail(onError, 'Protocol error: unauthenticated multibulk length');
          return;
        }
        pos = cr + 2;
        this.start = pos;
        if (count <= 0) continue;
        this.argsLeft = count;
        this.argc = 0;
        this.argv = count <= 1024 ? new Array<Buffer>(count) : [];
        this.bulkLen = -1;
      }

      // Bulk arguments.
      const argv = this.argv as Buffer[];
      while (this.argsLeft > 0) {
        if (this.bulkLen < 0) {
          if (pos >= end) {
            this.start = pos;
            return;
          }
          let p = pos + 1;
          let len = 0;
          let cr = -1;
          if (data[pos] === DOLLAR && p < end) {
            const first = data[p];
            if (first >= ZERO && first <= NINE) {
              const stop = Math.min(end, p + 16);
              while (p < stop) {
                const c = data[p];
                if (c >= ZERO && c <= NINE) {
                  len = len * 10 + (c - ZERO);
                  p++;
                } else break;
              }
              // A leading zero is only valid as the single digit "0".
              if (p < end && data[p] === CR && p - pos - 1 < 16 && (first !== ZERO || p === pos + 2)) cr = p;
            }
          }
          if (cr < 0) {
            this.start = pos;
            cr = this.findLineEnd(CR, pos);
            if (cr < 0) {
              if (cr === -2 || end - pos > this.maxInlineLen) {
                this.fail(onError, 'Protocol error: too big bulk count string');
              }
              return;
            }
            if (cr + 1 >= end) {
              this.start = pos;
              return;
            }
            if (data[pos] !== DOLLAR) {
              let got = data[pos];
              if (got === CR || got === LF) got = 32;
              this.fail(onError, `Protocol error: expected '$', got '${String.fromCharCode(got)}'`);
              return;
            }
            len = string2ll(data, pos + 1, cr);
          } else if (cr + 1 >= end) {
            this.start = pos;
            return;
          }
          if (!(len >= 0) || len > this.maxBulkLen) {
            this.fail(onError, 'Protocol error: invalid bulk length');
            return;
          }
          if (len > this.unauthMaxBulkLen && this.authRequired) {
            this.fail(onError, 'Protocol error: unauthenticated bulk length');
            return;
          }
          pos = cr + 2;
          this.bulkLen = len;
        }
        const len = this.bulkLen;
        if (end - pos < len + 2) {
          if (len >= BIG_ARG) {
            // Collect the rest straight into a buffer of the final size: no re-copying.
            this.big = Buffer.allocUnsafe(len);
            this.bigTrailer = 2;
            this.bigFilled = 0;
            this.data = Buffer.alloc(0);
            this.start = 0;
            this.store = null;
            const after = this.fillBig(data, pos);
            if (after !== end) throw new Error('unreachable: partial big argument consumed the chunk');
            return;
          }
          this.start = pos;
          return;
        }
        argv[this.argc++] = data.subarray(pos, pos + len);
        pos += len + 2;
        this.bulkLen = -1;
        this.argsLeft--;
      }
      this.start = pos;
      this.deliver(onCommand);
    }
  }

  /** Returns false when it must wait for more input (or failed). */
  private parseInline(onCommand: CommandHandler, onError: ProtocolErrorHandler): boolean {
    const data = this.data;
    const pos = this.start;
    const nl = this.findLineEnd(LF, pos);
    if (nl < 0) {
      if (nl === -2 || data.length - pos > this.maxInlineLen) {
        this.fail(onError, 'Protocol error: too big inline request');
      }
      return false;
    }
    const lineEnd = nl > pos && data[nl - 1] === CR ? nl - 1 : nl;
    const args = splitInlineArgs(data, pos, lineEnd);
    if (args === null) {
      this.fail(onError, 'Protocol error: unbalanced quotes in request');
      return false;
    }
    this.start = nl + 1;
    if (args.length > 0) onCommand(args);
    return true;
  }
}
