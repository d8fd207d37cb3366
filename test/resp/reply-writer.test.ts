import { describe, expect, it } from 'vitest';
import { ReplyWriter, type Protocol } from '../../src/resp/reply-writer';
import { formatDouble } from '../../src/resp/double';

function out(protocol: Protocol, build: (w: ReplyWriter) => void): string {
  const w = new ReplyWriter(protocol);
  build(w);
  return w.take().toString('latin1');
}

describe('ReplyWriter matches redis-server 7.0.15 DEBUG PROTOCOL output', () => {
  // Bytes captured from: printf 'DEBUG PROTOCOL <type>\r\n' (and after 'HELLO 3') to redis-server 7.0.15.
  const observed: Array<[string, (w: ReplyWriter) => void, string, string]> = [
    ['string', (w) => w.bulk('Hello World'), '$11\r\nHello World\r\n', '$11\r\nHello World\r\n'],
    ['integer', (w) => w.integer(12345), ':12345\r\n', ':12345\r\n'],
    ['double', (w) => w.double(3.141), '$5\r\n3.141\r\n', ',3.141\r\n'],
    [
      'bignum',
      (w) => w.bigNumber('1234567999999999999999999999999999999'),
      '$37\r\n1234567999999999999999999999999999999\r\n',
      '(1234567999999999999999999999999999999\r\n',
    ],
    ['null', (w) => w.nullBulk(), '$-1\r\n', '_\r\n'],
    [
      'array',
      (w) => {
        w.arrayHeader(3);
        for (let i = 0; i < 3; i++) w.integer(i);
      },
      '*3\r\n:0\r\n:1\r\n:2\r\n',
      '*3\r\n:0\r\n:1\r\n:2\r\n',
    ],
    [
      'set',
      (w) => {
        w.setHeader(3);
        for (let i = 0; i < 3; i++) w.integer(i);
      },
      '*3\r\n:0\r\n:1\r\n:2\r\n',
      '~3\r\n:0\r\n:1\r\n:2\r\n',
    ],
    [
      'map',
      (w) => {
        w.mapHeader(3);
        for (let i = 0; i < 3; i++) {
          w.integer(i);
          w.bool(i === 1);
        }
      },
      '*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n',
      '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n',
    ],
    [
      'verbatim',
      (w) => w.verbatim('This is a verbatim\nstring'),
      '$25\r\nThis is a verbatim\nstring\r\n',
      '=29\r\ntxt:This is a verbatim\nstring\r\n',
    ],
    ['true', (w) => w.bool(true), ':1\r\n', '#t\r\n'],
    ['false', (w) => w.bool(false), ':0\r\n', '#f\r\n'],
  ];
  for (const [name, build, resp2, resp3] of observed) {
    it(name, () => {
      expect(out(2, build)).toBe(resp2);
      expect(out(3, build)).toBe(resp3);
    });
  }

  it('attrib (RESP3 only)', () => {
    const got = out(3, (w) => {
      w.attributeHeader(1);
      w.bulk('key-popularity');
      w.arrayHeader(2);
      w.bulk('key:123');
      w.integer(90);
      w.bulk('Some real reply following the attribute');
    });
    expect(got).toBe(
      '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n',
    );
    expect(() => new ReplyWriter(2).attributeHeader(1)).toThrow();
  });

  it('push', () => {
    const build = (w: ReplyWriter): void => {
      w.pushHeader(2);
      w.bulk('server-cpu-usage');
      w.integer(42);
    };
    expect(out(3, build)).toBe('>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n');
    expect(out(2, build)).toBe('*2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n');
  });
});

describe('ReplyWriter encoding', () => {
  it('simple strings and errors', () => {
    expect(out(2, (w) => w.simple('OK'))).toBe('+OK\r\n');
    expect(out(3, (w) => w.error('ERR unknown command'))).toBe('-ERR unknown command\r\n');
    expect(out(2, (w) => w.error('-NOAUTH Authentication required.'))).toBe('-NOAUTH Authentication required.\r\n');
    expect(out(2, (w) => w.error('ERR a\r\nb\nc'))).toBe('-ERR a  b c\r\n');
    // One char per byte, so messages built from argument bytes keep them.
    expect(out(2, (w) => w.error("ERR expected '$', got '\x80'"))).toBe("-ERR expected '$', got '\x80'\r\n");
  });

  it('integers', () => {
    const cases: Array<[number | bigint, string]> = [
      [0, ':0\r\n'],
      [1, ':1\r\n'],
      [-1, ':-1\r\n'],
      [9, ':9\r\n'],
      [10, ':10\r\n'],
      [99, ':99\r\n'],
      [100, ':100\r\n'],
      [123456789, ':123456789\r\n'],
      [Number.MAX_SAFE_INTEGER, ':9007199254740991\r\n'],
      [-Number.MAX_SAFE_INTEGER, ':-9007199254740991\r\n'],
      [9223372036854775807n, ':9223372036854775807\r\n'],
      [-9223372036854775808n, ':-9223372036854775808\r\n'],
    ];
    for (const [n, bytes] of cases) expect(out(2, (w) => w.integer(n))).toBe(bytes);
    for (let n = 0; n < 20000; n += 7) expect(out(2, (w) => w.integer(n))).toBe(`:${n}\r\n`);
  });

  it('bulk strings are byte counted', () => {
    expect(out(2, (w) => w.bulk(''))).toBe('$0\r\n\r\n');
    expect(out(2, (w) => w.bulk('héllo'))).toBe('$6\r\nh\xc3\xa9llo\r\n');
    expect(out(2, (w) => w.bulk(Buffer.from([0, 13, 10, 255])))).toBe('$4\r\n\x00\r\n\xff\r\n');
    expect(out(3, (w) => w.bulkArray(['a', Buffer.from('bc')]))).toBe('*2\r\n$1\r\na\r\n$2\r\nbc\r\n');
    const long = 'x'.repeat(100_000);
    expect(out(2, (w) => w.bulk(long))).toBe(`$100000\r\n${long}\r\n`);
  });

  it('nulls', () => {
    expect(out(2, (w) => w.nullArray())).toBe('*-1\r\n');
    expect(out(3, (w) => w.nullArray())).toBe('_\r\n');
  });

  it('verbatim with another format', () => {
    expect(out(3, (w) => w.verbatim(Buffer.from('# x'), 'mkd'))).toBe('=7\r\nmkd:# x\r\n');
  });

  it('raw bytes pass through', () => {
    expect(out(2, (w) => w.raw(Buffer.from('+PONG\r\n')))).toBe('+PONG\r\n');
  });

  it('deferred lengths, nested and filled in any order', () => {
    const build = (w: ReplyWriter): void => {
      const outer = w.deferArray();
      w.bulk('a');
      const inner = w.deferMap();
      w.bulk('k');
      w.integer(1);
      w.setDeferredMap(inner, 1);
      const last = w.deferSet();
      w.setDeferredSet(last, 0);
      w.setDeferredArray(outer, 3);
    };
    expect(out(2, build)).toBe('*3\r\n$1\r\na\r\n*2\r\n$1\r\nk\r\n:1\r\n*0\r\n');
    expect(out(3, build)).toBe('*3\r\n$1\r\na\r\n%1\r\n$1\r\nk\r\n:1\r\n~0\r\n');

    // Outer filled first, and two headers deferred at the same place.
    const w = new ReplyWriter(2);
    const a = w.deferArray();
    const b = w.deferArray();
    w.simple('x');
    w.setDeferredArray(a, 1);
    w.setDeferredArray(b, 12);
    expect(w.take().toString()).toBe('*1\r\n*12\r\n+x\r\n');
  });

  it('refuses take() with an open deferred length', () => {
    const w = new ReplyWriter();
    w.deferArray();
    expect(() => w.take()).toThrow();
  });

  it('take() hands out bytes that later writes never touch', () => {
    const w = new ReplyWriter();
    const taken: Array<[Buffer, string]> = [];
    for (let i = 0; i < 5000; i++) {
      w.bulk(`value-${i}`.repeat(1 + (i % 50)));
      if (i % 3 === 0) {
        const b = w.take();
        taken.push([b, b.toString('latin1')]);
      }
    }
    const rest = w.take();
    expect(w.length).toBe(0);
    expect(rest.length).toBeGreaterThan(0);
    for (const [b, s] of taken) expect(b.toString('latin1')).toBe(s);
  });

  it('length counts pending bytes; the protocol can change', () => {
    const w = new ReplyWriter(2);
    w.nullBulk();
    expect(w.length).toBe(5);
    w.protocol = 3;
    w.nullBulk();
    expect(w.take().toString()).toBe('$-1\r\n_\r\n');
  });
});

describe('double formatting (%.17g as addReplyDouble)', () => {
  // From ZADD z <v> m; ZSCORE z m against redis-server 7.0.15, RESP2 and RESP3.
  const observed: Array<[number, string]> = [
    [1.1, '1.1000000000000001'],
    [0.1, '0.10000000000000001'],
    [2.98023223876953125e-8, '2.9802322387695312e-08'], // an exact tie: rounds half to even
    [1e21, '1e+21'],
    [1e-5, '1.0000000000000001e-05'],
    [0.0001, '0.0001'],
    [123456789012345678, '1.2345678901234568e+17'],
    [1e16, '10000000000000000'],
    [1e17, '1e+17'],
    [3, '3'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.30000000000000004, '0.30000000000000004'],
    [100, '100'],
    [12345.678, '12345.678'],
    [3.141, '3.141'],
  ];
  for (const [d, text] of observed) {
    it(`${d} -> ${text}`, () => {
      expect(formatDouble(d)).toBe(text);
      expect(out(2, (w) => w.double(d))).toBe(`$${text.length}\r\n${text}\r\n`);
      expect(out(3, (w) => w.double(d))).toBe(`,${text}\r\n`);
    });
  }

  it('infinities and nan', () => {
    expect(out(2, (w) => w.double(Infinity))).toBe('$3\r\ninf\r\n');
    expect(out(2, (w) => w.double(-Infinity))).toBe('$4\r\n-inf\r\n');
    expect(out(3, (w) => w.double(Infinity))).toBe(',inf\r\n');
    expect(out(3, (w) => w.double(-Infinity))).toBe(',-inf\r\n');
    expect(formatDouble(NaN)).toBe('nan');
    expect(formatDouble(-0)).toBe('-0');
    expect(formatDouble(0)).toBe('0');
  });

  it('other ties round half to even', () => {
    // 2^-25 * 3 = 8.94069671630859375e-08 (18 digits, ends in 5; kept digit 7 is odd -> up)
    expect(formatDouble(3 * 2 ** -25)).toBe('8.9406967163085938e-08');
    // 2^-24 has 17 digits: no rounding at all.
    expect(formatDouble(2 ** -24)).toBe('5.9604644775390625e-08');
  });
});
