import { describe, expect, it } from 'vitest';
import {
  ReplyFramer,
  ReplyParser,
  RespAttributed,
  RespBigNumber,
  RespDouble,
  RespError,
  RespMap,
  RespPush,
  RespSet,
  RespVerbatim,
  type RespValue,
} from '../../src/resp/reply-parser';
import { ReplyWriter } from '../../src/resp/reply-writer';

// The RESP3 bytes redis-server 7.0.15 sent for DEBUG PROTOCOL string, integer, double,
// bignum, null, array, set, map, attrib, push, verbatim, true, false (after HELLO 3).
const debugProtocolResp3 =
  '$11\r\nHello World\r\n:12345\r\n,3.141\r\n(1234567999999999999999999999999999999\r\n_\r\n' +
  '*3\r\n:0\r\n:1\r\n:2\r\n~3\r\n:0\r\n:1\r\n:2\r\n%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n' +
  '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n' +
  '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n' +
  '=29\r\ntxt:This is a verbatim\nstring\r\n#t\r\n#f\r\n';

function chunkings(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  let s = 7;
  for (let k = 0; k < 5; k++) {
    const parts: Buffer[] = [];
    for (let p = 0; p < bytes.length; ) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const n = 1 + (s % 23);
      parts.push(Buffer.from(bytes.subarray(p, p + n)));
      p += n;
    }
    ways.push(parts);
  }
  return ways;
}

function frameAll(chunks: Buffer[]): string[] {
  const framer = new ReplyFramer();
  const frames: string[] = [];
  for (const c of chunks) for (const f of framer.push(c)) frames.push(f.toString('latin1'));
  expect(framer.pending).toBe(0);
  return frames;
}

describe('ReplyFramer', () => {
  it('splits the real server stream into frames in any chunking', () => {
    const bytes = Buffer.from(debugProtocolResp3, 'latin1');
    const expected = [
      '$11\r\nHello World\r\n',
      ':12345\r\n',
      ',3.141\r\n',
      '(1234567999999999999999999999999999999\r\n',
      '_\r\n',
      '*3\r\n:0\r\n:1\r\n:2\r\n',
      '~3\r\n:0\r\n:1\r\n:2\r\n',
      '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n',
      '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n',
      '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n',
      '$40\r\nSome real reply following the push reply\r\n',
      '=29\r\ntxt:This is a verbatim\nstring\r\n',
      '#t\r\n',
      '#f\r\n',
    ];
    for (const chunks of chunkings(bytes)) expect(frameAll(chunks)).toEqual(expected);
  });

  it('handles nulls, empty aggregates, nesting and binary bulks', () => {
    const frames = [
      '$-1\r\n',
      '*-1\r\n',
      '*0\r\n',
      '*2\r\n*0\r\n*1\r\n*1\r\n$3\r\n\r\n\x00\r\n',
      '-ERR x\r\n',
      '!5\r\nERR y\r\n',
      '%0\r\n',
      '|0\r\n:1\r\n',
    ];
    const bytes = Buffer.from(frames.join(''), 'latin1');
    for (const chunks of chunkings(bytes)) expect(frameAll(chunks)).toEqual(frames);
  });

  it('scans a big reply arriving in many chunks once', () => {
    const w = new ReplyWriter(3);
    w.arrayHeader(20000);
    for (let i = 0; i < 20000; i++) w.bulk(`element-${i}`);
    const bytes = w.take();
    const framer = new ReplyFramer();
    let frames: Buffer[] = [];
    for (let p = 0; p < bytes.length; p += 100) frames = frames.concat(framer.push(bytes.subarray(p, p + 100)));
    expect(frames.length).toBe(1);
    expect(frames[0].equals(bytes)).toBe(true);
  });
});

describe('ReplyParser', () => {
  it('decodes every RESP3 type without losing kinds', () => {
    const values: RespValue[] = [];
    const parser = new ReplyParser();
    for (const b of Buffer.from(debugProtocolResp3, 'latin1')) values.push(...parser.push(Buffer.from([b])));
    expect(values.length).toBe(14);
    expect(values[0]).toEqual(Buffer.from('Hello World'));
    expect(values[1]).toBe(12345);
    expect(values[2]).toBeInstanceOf(RespDouble);
    expect((values[2] as RespDouble).value).toBe(3.141);
    expect((values[3] as RespBigNumber).value).toBe(1234567999999999999999999999999999999n);
    expect(values[4]).toBeNull();
    expect(values[5]).toEqual([0, 1, 2]);
    expect(values[6]).toBeInstanceOf(RespSet);
    expect((values[6] as RespSet).items).toEqual([0, 1, 2]);
    const map = values[7] as RespMap;
    expect(map).toBeInstanceOf(RespMap);
    expect(map.entries).toEqual([
      [0, false],
      [1, true],
      [2, false],
    ]);
    const attributed = values[8] as RespAttributed;
    expect(attributed).toBeInstanceOf(RespAttributed);
    expect(attributed.attributes.get('key-popularity')).toEqual([Buffer.from('key:123'), 90]);
    expect(attributed.value).toEqual(Buffer.from('Some real reply following the attribute'));
    expect(values[9]).toBeInstanceOf(RespPush);
    expect((values[9] as RespPush).items).toEqual([Buffer.from('server-cpu-usage'), 42]);
    const verbatim = values[11] as RespVerbatim;
    expect(verbatim.format).toBe('txt');
    expect(verbatim.text.toString()).toBe('This is a verbatim\nstring');
    expect(values.slice(12)).toEqual([true, false]);
  });

  it('decodes simple strings, errors, big integers and RESP2 nulls', () => {
    const parser = new ReplyParser();
    const got = parser.push(
      Buffer.from('+OK\r\n-WRONGTYPE Operation\r\n:-9223372036854775808\r\n$-1\r\n*-1\r\n!9\r\nERR blob!\r\n,-inf\r\n,nan\r\n'),
    );
    expect(got[0]).toBe('OK');
    expect(got[1]).toBeInstanceOf(RespError);
    expect((got[1] as RespError).code).toBe('WRONGTYPE');
    expect(got[2]).toBe(-9223372036854775808n);
    expect(got[3]).toBeNull();
    expect(got[4]).toBeNull();
    expect((got[5] as RespError).blob).toBe(true);
    expect((got[6] as RespDouble).value).toBe(-Infinity);
    expect(Number.isNaN((got[7] as RespDouble).value)).toBe(true);
  });

  it('round-trips everything the writer emits', () => {
    for (const protocol of [2, 3] as const) {
      const w = new ReplyWriter(protocol);
      w.simple('OK');
      w.error('ERR bad');
      w.integer(-42);
      w.bulk(Buffer.from([0, 1, 2]));
      w.nullBulk();
      w.nullArray();
      w.double(1.5);
      w.bool(true);
      w.bigNumber('123456789012345678901234567890');
      w.verbatim('hi');
      const t = w.deferMap();
      w.bulk('k');
      w.setHeader(1);
      w.integer(1);
      w.setDeferredMap(t, 1);
      w.pushHeader(2);
      w.bulk('message');
      w.bulk('x');
      const got = new ReplyParser().push(w.take());
      expect(got.length).toBe(12);
      expect(got[0]).toBe('OK');
      expect((got[1] as RespError).message).toBe('ERR bad');
      expect(got[2]).toBe(-42);
      expect(got[3]).toEqual(Buffer.from([0, 1, 2]));
      expect(got[4]).toBeNull();
      expect(got[5]).toBeNull();
      if (protocol === 2) {
        expect(got[6]).toEqual(Buffer.from('1.5'));
        expect(got[7]).toBe(1);
        expect(got[8]).toEqual(Buffer.from('123456789012345678901234567890'));
        expect(got[9]).toEqual(Buffer.from('hi'));
        expect(got[10]).toEqual([Buffer.from('k'), [1]]);
        expect(got[11]).toEqual([Buffer.from('message'), Buffer.from('x')]);
      } else {
        expect((got[6] as RespDouble).value).toBe(1.5);
        expect(got[7]).toBe(true);
        expect((got[8] as RespBigNumber).value).toBe(123456789012345678901234567890n);
        expect((got[9] as RespVerbatim).text.toString()).toBe('hi');
        const m = got[10] as RespMap;
        expect(m.get('k')).toBeInstanceOf(RespSet);
        expect(got[11]).toBeInstanceOf(RespPush);
      }
    }
  });
});
