// Redis's allocation sizes, for MEMORY USAGE and DEBUG OBJECT: what
// zmalloc_size reports in Debian's redis-server (jemalloc 5), one model for
// every type.

/** jemalloc's size class for an n-byte request: 8, 16-byte steps to 128, then four classes per doubling. */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  // The largest power of two below n, exactly (no floating-point log).
  let group = 128;
  while (group * 2 < n) group *= 2;
  const step = group / 4;
  return Math.ceil(n / step) * step;
}

/** An sds string's allocation: header by sdsReqType (type 5 below 32 bytes), bytes, NUL. */
export function sdsAllocSize(len: number): number {
  const header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return jemallocSize(header + len + 1);
}
