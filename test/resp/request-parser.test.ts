import { describe, expect, it } from 'vitest';
import { RequestParser, type RequestParserOptions } from '../../src/resp/request-parser';

interface Outcome {
  commands: string[][];
  error: string | null;
  pending: number;
}

/** Deterministic PRNG so a failing split can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function run(chunks: Buffer[], opts?: RequestParserOptions): Outcome {
  const parser = new RequestParser(opts);
  const commands: string[][] = [];
  let error: string | null = null;
  let errors = 0;
  for (const chunk of chunks) {
    parser.feed(
      chunk,
      (argv) => commands.push(argv.map((a) => a.toString('latin1'))),
      (msg) => {
        error = msg;
        errors++;
      },
    );
  }
  expect(errors).toBeLessThanOrEqual(1);
  return { commands, error, pending: parser.pending };
}

function splits(input: Buffer, seed: number): Buffer[] {
  const next = rng(seed);
  const out: Buffer[] = [];
  let p = 0;
  while (p < input.length) {
    const n = 1 + Math.floor(next() * Math.min(input.length - p, 1 + Math.floor(next() * 40)));
    // Copy so no chunk shares memory with the input: the parser must not depend on it.
    out.push(Buffer.from(input.subarray(p, p + n)));
    p += n;
  }
  return out;
}

/** Every case must give the same outcome whole, byte by byte, and in random splits. */
function parseAllWays(input: Buffer | string, opts?: RequestParserOptions): Outcome {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const whole = run([bytes], opts);
  const bytewise = run([...bytes].map((b) => Buffer.from([b])), opts);
  expect(bytewise).toEqual(whole);
  for (let seed = 1; seed <= 8; seed++) expect(run(splits(bytes, seed), opts)).toEqual(whole);
  return whole;
}

const mb = (...args: string[]): string =>
  `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('');

describe('RequestParser multibulk', () => {
  it('parses pipelined commands', () => {
    const r = parseAllWays(mb('SET', 'k', 'v') + mb('GET', 'k') + mb('PING'));
    expect(r).toEqual({ commands: [['SET', 'k', 'v'], ['GET', 'k'], ['PING']], error: null, pending: 0 });
  });

  it('is binary safe', () => {
    const payload = '\x00\r\n\xff$*\r';
    const r = parseAllWays(mb('ECHO', payload, ''));
    expect(r.commands).toEqual([['ECHO', payload, '']]);
  });

  // Checked against redis-server 7.0.15: "*0\r\n*-1\r\n*-5\r\nPING\r\n" -> only "+PONG\r\n", connection open.
  it('skips *0 and negative counts', () => {
    expect(parseAllWays('*0\r\n*-1\r\n*-5\r\nPING\r\n').commands).toEqual([['PING']]);
    // redis-server: "*-9223372036854775808\r\nPING\r\n" -> "+PONG" (LLONG_MIN parses, count <= 0)
    expect(parseAllWays('*-9223372036854775808\r\nPING\r\n').commands).toEqual([['PING']]);
  });

  // redis-server: "*1\r\n$4\r\nPINGxyPING\r\n" -> "+PONG\r\n+PONG\r\n": the 2 bytes after a bulk are not checked.
  it('skips the two bytes after a bulk whatever they are', () => {
    expect(parseAllWays('*1\r\n$4\r\nPINGxyPING\r\n').commands).toEqual([['PING'], ['PING']]);
    // redis-server: "*1\rX$4\rXPING\r\n" -> "+PONG\r\n": the byte after '\r' in headers is not checked either.
    expect(parseAllWays('*1\rX$4\rXPING\r\n').commands).toEqual([['PING']]);
  });

  // redis-server: "*1\n$4\nPING\n" -> no reply, connection stays open (waits for '\r').
  it('needs \\r in multibulk headers', () => {
    expect(parseAllWays('*1\n$4\nPING\n')).toEqual({ commands: [], error: null, pending: 11 });
  });

  // redis-server: "*2147483647\r\n" and "*1048577\r\n" -> no reply, open (limit is INT_MAX).
  it('accepts counts up to INT_MAX', () => {
    expect(parseAllWays('*2147483647\r\n').error).toBeNull();
    expect(parseAllWays('*1048577\r\n').error).toBeNull();
  });

  // Each of these was sent to redis-server 7.0.15 over a raw socket; it replied
  // "-ERR <message>\r\n" and closed the connection.
  const errors: Array<[string, string]> = [
    ['*2147483648\r\n', 'Protocol error: invalid multibulk length'],
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*\r\n', 'Protocol error: invalid multibulk length'],
    ['*01\r\n$4\r\nPING\r\n', 'Protocol error: invalid multibulk length'],
    ['*-0\r\n', 'Protocol error: invalid multibulk length'],
    ['*-9223372036854775809\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$4\nPING\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$+4\r\nPING\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$04\r\nPING\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$99999999999999999999\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\nfoo\r\n', "Protocol error: expected '$', got 'f'"],
    ['*1\r\n*1\r\n', "Protocol error: expected '$', got '*'"],
    // Redis maps CR/LF in formatted errors to spaces; other bytes are sent raw.
    ['*1\r\n\r\n', "Protocol error: expected '$', got ' '"],
    ['*1\r\n\n\r\n', "Protocol error: expected '$', got ' '"],
    ['*1\r\n\t\r\n', "Protocol error: expected '$', got '\t'"],
    ['*1\r\n\x80\r\n', "Protocol error: expected '$', got '\x80'"],
    ['*' + '1'.repeat(65536), 'Protocol error: too big mbulk count string'],
    ['*1\r\n$' + '1'.repeat(65536), 'Protocol error: too big bulk count string'],
  ];
  for (const [input, message] of errors) {
    it(`reports ${JSON.stringify(message)} for ${JSON.stringify(input.slice(0, 30))}`, () => {
      const r = parseAllWays(input);
      expect(r.error).toBe(message);
      expect(r.commands).toEqual([]);
    });
  }

  // redis-server: 65536 header bytes without '\r' -> no reply yet; 65537 -> error.
  it('waits up to the inline limit for a header line', () => {
    expect(parseAllWays('*' + '1'.repeat(65535)).error).toBeNull();
    expect(parseAllWays('*1\r\n$' + '1'.repeat(65535)).error).toBeNull();
  });

  // redis-server: "*1\x00\r\n$4\r\nPING\r\n" -> no reply, open: header search stops at NUL (strchr).
  it('stops header search at NUL like strchr', () => {
    expect(parseAllWays('*1\x00\r\n$4\r\nPING\r\n')).toMatchObject({ commands: [], error: null });
    expect(parseAllWays('*1\x00' + 'x'.repeat(65600) + '\r\n').error).toBe('Protocol error: too big mbulk count string');
  });

  it('delivers commands before the error, then ignores input', () => {
    const parser = new RequestParser();
    const seen: string[][] = [];
    const errs: string[] = [];
    const onCmd = (a: Buffer[]): void => void seen.push(a.map(String));
    parser.feed(Buffer.from(mb('PING') + '*x\r\n' + mb('PING')), onCmd, (m) => errs.push(m));
    parser.feed(Buffer.from(mb('PING')), onCmd, (m) => errs.push(m));
    expect(seen).toEqual([['PING']]);
    expect(errs).toEqual(['Protocol error: invalid multibulk length']);
    expect(parser.hasFailed).toBe(true);
  });

  // redis-server with requirepass: "*10\r\n" waits; "*11\r\n" -> unauthenticated multibulk length;
  // "$16384" waits; "$16385" -> unauthenticated bulk length; "*2147483648" still says invalid
  // multibulk length; after AUTH the limits are gone.
  it('applies the unauthenticated limits', () => {
    const o = { authRequired: true };
    expect(parseAllWays('*10\r\n', o).error).toBeNull();
    expect(parseAllWays('*11\r\n', o).error).toBe('Protocol error: unauthenticated multibulk length');
    expect(parseAllWays('*2147483648\r\n', o).error).toBe('Protocol error: invalid multibulk length');
    expect(parseAllWays('*1\r\n$16384\r\n', o).error).toBeNull();
    expect(parseAllWays('*1\r\n$16385\r\n', o).error).toBe('Protocol error: unauthenticated bulk length');
    expect(parseAllWays('*1\r\n$536870913\r\n', o).error).toBe('Protocol error: invalid bulk length');

    const parser = new RequestParser(o);
    const seen: string[][] = [];
    let err: string | null = null;
    parser.feed(
      Buffer.from(mb('AUTH', 'foo') + '*11\r\n' + '$1\r\nx\r\n'.repeat(11)),
      (argv) => {
        seen.push(argv.map(String));
        if (argv[0].toString() === 'AUTH') parser.authRequired = false;
      },
      (m) => (err = m),
    );
    expect(err).toBeNull();
    expect(seen.length).toBe(2);
  });

  it('honours maxBulkLen', () => {
    expect(parseAllWays('*1\r\n$11\r\n', { maxBulkLen: 10 }).error).toBe('Protocol error: invalid bulk length');
    expect(parseAllWays('*1\r\n$10\r\n', { maxBulkLen: 10 }).error).toBeNull();
  });

  it('collects big arguments without re-copying and keeps them intact', () => {
    const big = Buffer.alloc(200_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const header = '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n';
    const headerLen = header.length;
    const input = Buffer.concat([
      Buffer.from(header),
      big,
      Buffer.from('\r\n' + mb('GET', 'k')),
    ]);
    for (const size of [1, 7, 1000, 65536, input.length]) {
      const parser = new RequestParser();
      const seen: Buffer[][] = [];
      for (let p = 0; p < input.length; p += size) {
        parser.feed(Buffer.from(input.subarray(p, p + size)), (a) => seen.push(a), () => {
          throw new Error('unexpected error');
        });
        const got = p + size;
        if (size > 1 && got >= headerLen && got < headerLen + 200_000) expect(parser.pending).toBe(got - headerLen);
      }
      expect(seen.length).toBe(2);
      expect(seen[0][2].equals(big)).toBe(true);
      expect(seen[1].map(String)).toEqual(['GET', 'k']);
      expect(parser.pending).toBe(0);
    }
  });

  it('never overwrites arguments it handed out', () => {
    const parser = new RequestParser();
    const kept: Buffer[][] = [];
    const input = Buffer.from(Array.from({ length: 500 }, (_, i) => mb('SET', `key:${i}`, `value:${i}`)).join(''));
    for (const chunk of splits(input, 42)) parser.feed(chunk, (a) => kept.push(a), () => {});
    expect(kept.length).toBe(500);
    kept.forEach((argv, i) => expect(argv.map(String)).toEqual(['SET', `key:${i}`, `value:${i}`]));
  });

  it('counts pending bytes', () => {
    const parser = new RequestParser();
    parser.feed(Buffer.from('*2\r\n$3\r\nGET\r\n$1\r'), () => {}, () => {});
    expect(parser.pending).toBe(3);
  });

  it('pauses and resumes delivery', () => {
    const parser = new RequestParser();
    const seen: string[] = [];
    const onCmd = (a: Buffer[]): void => {
      seen.push(a[0].toString());
      if (a[0].toString() === 'BLPOP') parser.pause();
    };
    parser.feed(Buffer.from(mb('PING') + mb('BLPOP') + mb('ECHO')), onCmd, () => {});
    expect(seen).toEqual(['PING', 'BLPOP']);
    parser.feed(Buffer.from(mb('GET')), onCmd, () => {});
    expect(seen).toEqual(['PING', 'BLPOP']);
    parser.resume(onCmd, () => {});
    expect(seen).toEqual(['PING', 'BLPOP', 'ECHO', 'GET']);
  });
});

describe('RequestParser inline', () => {
  // Each line was sent to redis-server 7.0.15 as "RPUSH k <line>" and read back with LRANGE.
  const cases: Array<[string, string[] | 'unbalanced']> = [
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ["'a b' c", ['a b', 'c']],
    ['"a\\x41\\x4g\\n\\r\\t\\b\\a\\z\\"q"', ['aAx4g\n\r\t\b\x07z"q']],
    ["'it\\'s' 'x\\y'", ["it's", 'x\\y']],
    ['"ab"c', 'unbalanced'],
    ['"ab" c', ['ab', 'c']],
    ['x"ab"', ['xab']],
    ['x"a b" y', ['xa b', 'y']],
    ['"unterminated', 'unbalanced'],
    ["'unterminated", 'unbalanced'],
    ['"a"\x0bb', ['a', 'b']],
    ['"a"\x0cb', ['a', 'b']],
    ['a\x0bb', ['a\x0bb']],
    ['\x0b a', ['a']],
    ['a\rb', ['a', 'b']],
    ['""', ['']],
    ["''", ['']],
    ['"\\"', 'unbalanced'],
    ['"a\\', 'unbalanced'],
    ["'a\\'", 'unbalanced'],
    ['a\tb', ['a', 'b']],
    ['"\\xff\\x00"', ['\xff\x00']],
  ];
  for (const [line, expected] of cases) {
    it(`splits ${JSON.stringify(line)}`, () => {
      const r = parseAllWays(`RPUSH k ${line}\r\n`);
      if (expected === 'unbalanced') {
        expect(r.error).toBe('Protocol error: unbalanced quotes in request');
      } else {
        expect(r.error).toBeNull();
        expect(r.commands).toEqual([['RPUSH', 'k', ...expected]]);
      }
    });
  }

  // redis-server: "PING\nPING\r\n\r\n\n   \r\n" -> two "+PONG"; "PING\r\r\n" -> "+PONG";
  // "\r\n*1\r\n$4\r\nPING\r\n" -> "+PONG".
  it('accepts \\n alone, ignores empty lines, strips one \\r', () => {
    expect(parseAllWays('PING\nPING\r\n\r\n\n   \r\n').commands).toEqual([['PING'], ['PING']]);
    expect(parseAllWays('PING\r\r\n').commands).toEqual([['PING']]);
    expect(parseAllWays('\r\n*1\r\n$4\r\nPING\r\n').commands).toEqual([['PING']]);
  });

  // redis-server: "RPUSH k a\x00b c\r\n..." -> no reply, connection open: the line end is
  // searched with strchr, which stops at NUL. With 65600 more bytes: too big inline request.
  it('stops the line search at NUL like strchr', () => {
    expect(parseAllWays('PING a\x00b c\r\nPING\r\n')).toMatchObject({ commands: [], error: null });
    expect(parseAllWays('PING\x00' + 'A'.repeat(65600) + '\n').error).toBe('Protocol error: too big inline request');
  });

  // redis-server: 65536 bytes without newline -> waits; 65537 -> too big inline request;
  // 65536 bytes then "\n" in a second write -> runs the command.
  it('limits inline lines', () => {
    expect(parseAllWays('A'.repeat(65536)).error).toBeNull();
    expect(parseAllWays('A'.repeat(65537)).error).toBe('Protocol error: too big inline request');
    expect(parseAllWays('A'.repeat(65536) + '\n').commands).toEqual([['A'.repeat(65536)]]);
    // Lines longer than the limit are refused even when complete in one chunk: the
    // result must not depend on chunking (Redis's 16KB reads make it lenient there).
    expect(parseAllWays('A'.repeat(65537) + '\n').error).toBe('Protocol error: too big inline request');
  });

  it('mixes inline and multibulk', () => {
    expect(parseAllWays('PING\r\n' + mb('ECHO', 'x') + 'ECHO "y z"\n').commands).toEqual([
      ['PING'],
      ['ECHO', 'x'],
      ['ECHO', 'y z'],
    ]);
  });
});
