// Redis's string2ll (util.c): the one reader of 64-bit integers written as
// text, for arguments, for values INCR reads, and for the listpack/intset
// encodings that store integer-looking strings as integers.
//
// Accepted: an optional '-', then digits without leading zeros (a lone "0";
// no "-0"), at most 20 bytes, within int64. No '+', no spaces.

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The integer exactly: a number when it is a safe integer, else a bigint; null when refused. */
export function parseInt64(arg: Uint8Array): number | bigint | null {
  const len = arg.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let negative = false;
  if (arg[0] === 0x2d) {
    if (len === 1) return null;
    negative = true;
    i = 1;
  }
  const first = arg[i];
  if (first === 0x30) return len === 1 ? 0 : null;
  if (first < 0x31 || first > 0x39) return null;
  let value = 0;
  for (; i < len; i++) {
    const d = arg[i] - 0x30;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  if (value <= Number.MAX_SAFE_INTEGER) return negative ? -value : value;
  const big = BigInt(Buffer.from(arg.buffer, arg.byteOffset, len).toString('latin1'));
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return big;
}

/** The same as a number: exact up to 2^53, the nearest double beyond (enough for counts and ranges). */
export function parseInt64Number(arg: Uint8Array): number | null {
  const v = parseInt64(arg);
  return typeof v === 'bigint' ? Number(v) : v;
}
