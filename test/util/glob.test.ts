// src/util/glob.ts against facts observed on redis-server 7.0.15 (KEYS,
// PSUBSCRIBE and CONFIG GET all use stringmatchlen).
import { describe, expect, it } from 'vitest';
import { globMatch, globMatchBytes } from '../../src/util/glob';

describe('globMatch (stringmatchlen)', () => {
  it('reads "[1-]" as the range 1..] (KEYS k[1-] on k1 k3 k] k- k0 returns k1 k3 k])', () => {
    expect(['k1', 'k3', 'k]', 'k-', 'k0'].filter((k) => globMatch('k[1-]', k))).toEqual(['k1', 'k3', 'k]']);
  });

  it('never matches an empty subject but with the empty pattern', () => {
    expect(globMatch('*', '')).toBe(false);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('a*', 'a')).toBe(true);
  });

  it('compares ranges as signed chars and ignores ASCII case on request', () => {
    // A range from 'a' to byte 0xff is empty for signed chars (0xff is -1).
    expect(globMatchBytes(Buffer.from([0x5b, 0x61, 0x2d, 0xff, 0x5d]), Buffer.from('b'))).toBe(false);
    expect(globMatch('MAXMEM*', 'maxmemory', true)).toBe(true);
    expect(globMatch('MAXMEM*', 'maxmemory', false)).toBe(false);
    expect(globMatch('[A-C]x', 'bx', true)).toBe(true);
  });

  it('handles escapes and unterminated classes', () => {
    expect(globMatch('a\\*', 'a*')).toBe(true);
    expect(globMatch('a\\*', 'ab')).toBe(false);
    expect(globMatch('a[bc', 'ac')).toBe(true);
  });
});
