// Redis's glob matching (util.c stringmatchlen), the one implementation for
// KEYS, SCAN MATCH, HSCAN/SSCAN/ZSCAN MATCH, pub/sub patterns, COMMAND LIST
// PATTERN and CONFIG GET: '*', '?', '[...]' with ranges and '^', '\' escapes,
// over bytes (a range compares bytes as C's signed char does), optionally
// ignoring ASCII case. An empty subject matches only the empty pattern.

/** Whether `subject` matches `pattern`, byte for byte. */
export function globMatchBytes(pattern: Uint8Array, subject: Uint8Array, nocase = false): boolean {
  if (subject.length === 0) return pattern.length === 0;
  const skipLonger = { value: false };
  return matchAt(pattern, 0, subject, 0, nocase, skipLonger);
}

/** The same over strings whose chars are bytes (latin1 keys, config names). */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  return globMatchBytes(Buffer.from(pattern, 'latin1'), Buffer.from(subject, 'latin1'), nocase);
}

function signedByte(b: number): number {
  return b >= 0x80 ? b - 0x100 : b;
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

function matchAt(
  p: Uint8Array,
  pi: number,
  s: Uint8Array,
  si: number,
  nocase: boolean,
  skipLonger: { value: boolean },
): boolean {
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p[pi];
    if (pc === 0x2a /* * */) {
      while (pi + 1 < plen && p[pi + 1] === 0x2a) pi++;
      if (pi + 1 === plen) return true;
      while (si < slen) {
        if (matchAt(p, pi + 1, s, si, nocase, skipLonger)) return true;
        // A later star failed against every shorter rest: longer rests fail too.
        if (skipLonger.value) return false;
        si++;
      }
      skipLonger.value = true;
      return false;
    } else if (pc === 0x3f /* ? */) {
      si++;
    } else if (pc === 0x5b /* [ */) {
      pi++;
      const negate = pi < plen && p[pi] === 0x5e; /* ^ */
      if (negate) pi++;
      let matched = false;
      const c = nocase ? lower(s[si]) : s[si];
      for (;;) {
        if (pi < plen && p[pi] === 0x5c /* \ */ && plen - pi >= 2) {
          pi++;
          if ((nocase ? lower(p[pi]) : p[pi]) === c) matched = true;
        } else if (pi < plen && p[pi] === 0x5d /* ] */) {
          break;
        } else if (pi >= plen) {
          // An unterminated class: Redis steps back onto the last byte.
          pi--;
          break;
        } else if (plen - pi >= 3 && p[pi + 1] === 0x2d /* - */) {
          let start = signedByte(nocase ? lower(p[pi]) : p[pi]);
          let end = signedByte(nocase ? lower(p[pi + 2]) : p[pi + 2]);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          pi += 2;
          const sc = signedByte(c);
          if (sc >= start && sc <= end) matched = true;
        } else if ((nocase ? lower(p[pi]) : p[pi]) === c) {
          matched = true;
        }
        pi++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      si++;
    } else {
      if (pc === 0x5c /* \ */ && plen - pi >= 2) pi++;
      const a = nocase ? lower(p[pi]) : p[pi];
      const b = nocase ? lower(s[si]) : s[si];
      if (a !== b) return false;
      si++;
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p[pi] === 0x2a) pi++;
      break;
    }
  }
  return pi >= plen && si === slen;
}
