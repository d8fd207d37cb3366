/**
 * printf("%.17g") as glibc prints it, which is what Redis 7.0.15's addReplyDouble
 * sends (RESP2 as a bulk string, RESP3 after ','). Infinities are the caller's:
 * Redis spells them "inf"/"-inf" itself.
 */

const scratch = new DataView(new ArrayBuffer(8));

function signBit(d: number): boolean {
  scratch.setFloat64(0, d);
  return (scratch.getUint8(0) & 0x80) !== 0;
}

/**
 * The 17 significant digits and decimal exponent of |d|, rounded half-to-even on the
 * exact binary value as glibc does. JS's toExponential rounds exact ties up, and a
 * tie at 17 digits exists only when the exact value has exactly 18 significant
 * digits, which needs d = m * 2^-k with k <= 25 (5^26 > 10^18) and a small m.
 */
function digits17(abs: number): { digits: string; exp: number } {
  const s = abs.toExponential(16);
  const ePos = s.indexOf('e');
  let digits = s.charCodeAt(1) === 46 ? s[0] + s.slice(2, ePos) : s.slice(0, ePos);
  let exp = Number(s.slice(ePos + 1));
  if (!Number.isInteger(abs) && Number.isInteger(abs * 33554432)) {
    // Decompose: abs = mant * 2^e2 with mant odd.
    scratch.setFloat64(0, abs);
    const hi = scratch.getUint32(0);
    const lo = scratch.getUint32(4);
    const biased = (hi >>> 20) & 0x7ff;
    let mant = BigInt(hi & 0xfffff) * 4294967296n + BigInt(lo);
    let e2 = biased === 0 ? -1074 : biased - 1075;
    if (biased !== 0) mant += 1n << 52n;
    while ((mant & 1n) === 0n) {
      mant >>= 1n;
      e2++;
    }
    if (e2 < 0 && e2 >= -25) {
      const exact = (mant * 5n ** BigInt(-e2)).toString();
      if (exact.length === 18) {
        // exact digits d1..d18 with d18 == '5' (m odd): a true tie.
        const head = BigInt(exact.slice(0, 17));
        const lastKept = Number(exact[16]);
        const rounded = lastKept % 2 === 0 ? head : head + 1n;
        let r = rounded.toString();
        // Scale: exact = digits * 10^(e2); value exponent from the leading digit.
        let valueExp = exact.length - 1 + e2;
        if (r.length > 17) {
          r = r.slice(0, 17);
          valueExp++;
        }
        digits = r;
        exp = valueExp;
      }
    }
  }
  return { digits, exp };
}

function trimZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function formatDouble(d: number): string {
  // Integral values below 2^53 print as their decimal digits under %.17g:
  // the common case (scores, counters), several times faster than the
  // general path. Zero goes the general way, for "-0".
  if (Number.isSafeInteger(d) && d !== 0) return String(d);
  if (Number.isNaN(d)) return signBit(d) ? '-nan' : 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  const negative = signBit(d);
  const sign = negative ? '-' : '';
  if (d === 0) return sign + '0';
  const abs = Math.abs(d);
  const { digits, exp } = digits17(abs);
  if (exp < -4 || exp >= 17) {
    // %e style: d.ddd...e±XX, trailing zeros of the fraction dropped.
    const frac = trimZeros(digits.slice(1));
    const mantissa = frac.length > 0 ? digits[0] + '.' + frac : digits[0];
    const e = Math.abs(exp);
    return sign + mantissa + (exp < 0 ? 'e-' : 'e+') + (e < 10 ? '0' + e : String(e));
  }
  // %f style with 17 significant digits.
  let out: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    const frac = trimZeros(digits.slice(exp + 1));
    out = frac.length > 0 ? intPart + '.' + frac : intPart;
  } else {
    const frac = trimZeros('0'.repeat(-exp - 1) + digits);
    out = '0.' + frac;
  }
  return sign + out;
}
