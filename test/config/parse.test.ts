// Config text rules: argument splitting, quoting, glob matching, memory units, the
// command line turned into config lines, and keyspace-event flags.
import { describe, expect, it } from 'vitest';
import {
  Config,
  ConfigLoadError,
  parseMemory,
  parseServerArgv,
  parseStrictInt,
  quoteArg,
  splitArgs,
} from '../../src/server/config';
import { keyspaceEventsFlagsToString, keyspaceEventsStringToFlags } from '../../src/server/config-table';
import { globMatch } from '../../src/util/glob';

describe('splitArgs (sdssplitargs rules)', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    expect(splitArgs('  set  a "b c"  \'d e\' ')).toEqual(['set', 'a', 'b c', 'd e']);
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('   \t ')).toEqual([]);
  });
  it('decodes escapes in double quotes only', () => {
    expect(splitArgs('"a\\nb\\tc\\x41\\"\\\\"')).toEqual(['a\nb\tcA"\\']);
    expect(splitArgs("'a\\nb\\'c'")).toEqual(["a\\nb'c"]);
    expect(splitArgs('"\\xzz"')).toEqual(['xzz']);
    expect(splitArgs('"\\xff"')).toEqual(['\xff']);
  });
  it('joins a quoted part to the word before it', () => {
    expect(splitArgs('ab"c d"')).toEqual(['abc d']);
  });
  it('refuses unbalanced quotes and text glued after a closing quote', () => {
    expect(splitArgs('port "6379')).toBeNull();
    expect(splitArgs("port '6379")).toBeNull();
    expect(splitArgs('port "63"79')).toBeNull();
    expect(splitArgs("port '63'79")).toBeNull();
  });
});

describe('quoteArg (sdscatrepr)', () => {
  it('escapes what splitArgs decodes', () => {
    expect(quoteArg('70000')).toBe('"70000"');
    expect(quoteArg('q"z')).toBe('"q\\"z"');
    expect(quoteArg('a\nb\x01\x7f\\')).toBe('"a\\nb\\x01\\x7f\\\\"');
    for (const s of ['', 'x y', '\r\n\t\x07\x08', '\xff\x00', '\'"']) {
      expect(splitArgs(quoteArg(s))).toEqual([s]);
    }
  });
});

describe('globMatch (stringmatchlen)', () => {
  it('matches Redis patterns', () => {
    expect(globMatch('maxmem*', 'maxmemory-policy', true)).toBe(true);
    expect(globMatch('MAXMEM*', 'maxmemory', true)).toBe(true);
    expect(globMatch('MAXMEM*', 'maxmemory', false)).toBe(false);
    // stringmatchlen never matches an empty subject (PUBLISH to "" reaches no
    // "*" pattern); KEYS and SCAN special-case a lone "*" before matching.
    expect(globMatch('*', '', false)).toBe(false);
    expect(globMatch('', '', false)).toBe(true);
    expect(globMatch('h?', 'hz', false)).toBe(true);
    expect(globMatch('[a-c]x', 'bx', false)).toBe(true);
    expect(globMatch('[^a-c]x', 'bx', false)).toBe(false);
    expect(globMatch('[^a-c]x', 'dx', false)).toBe(true);
    expect(globMatch('a\\*', 'a*', false)).toBe(true);
    expect(globMatch('a\\*', 'ab', false)).toBe(false);
    expect(globMatch('*-size', 'list-max-listpack-size', false)).toBe(true);
    expect(globMatch('a*b*c', 'aXbYc', false)).toBe(true);
    expect(globMatch('a*b*c', 'aXbY', false)).toBe(false);
  });
});

describe('numbers', () => {
  it('parses memory values like memtoull', () => {
    expect(parseMemory('1gb')).toBe(1073741824n);
    expect(parseMemory('1GB')).toBe(1073741824n);
    expect(parseMemory('5k')).toBe(5000n);
    expect(parseMemory('5kb')).toBe(5120n);
    expect(parseMemory('7b')).toBe(7n);
    expect(parseMemory('')).toBe(0n);
    expect(parseMemory('-1')).toBeNull();
    expect(parseMemory('+1')).toBeNull();
    expect(parseMemory('1xb')).toBeNull();
    expect(parseMemory('18446744073709551616')).toBe(18446744073709551615n);
    expect(parseMemory('18446744073709551615kb')).toBeNull();
  });
  it('parses integers like string2ll', () => {
    expect(parseStrictInt('0')).toBe(0n);
    expect(parseStrictInt('-12')).toBe(-12n);
    expect(parseStrictInt('007')).toBeNull();
    expect(parseStrictInt('+5')).toBeNull();
    expect(parseStrictInt(' 5')).toBeNull();
    expect(parseStrictInt('-0')).toBeNull();
    expect(parseStrictInt('9223372036854775808')).toBeNull();
  });
});

describe('parseServerArgv (redis-server main())', () => {
  const lines = (argv: string[]): string[] | null => parseServerArgv(argv).options?.split('\n') ?? null;

  it('turns --name value into quoted config lines', () => {
    expect(lines(['--port', '7000'])).toEqual(['port "7000" ']);
    expect(lines(['--loadmodule', './m.so', 'a', 'b', '--port', '7000'])).toEqual([
      'loadmodule "./m.so" "a" "b" ',
      'port "7000" ',
    ]);
    expect(lines(['--port 6380', '--bind', 'x y'])).toEqual(['port 6380 ', 'bind "x y" ']);
  });
  it('takes a value that starts with -- after a bare name', () => {
    expect(lines(['--port', '--save', ''])).toEqual(['port "--save" "" ']);
  });
  it('reads --save with no value as save ""', () => {
    expect(lines(['--save', '--port', '1'])).toEqual(['save ""', 'port "1" ']);
    expect(lines(['--port', '1', '--save'])).toEqual(['port "1" ', 'save ""']);
  });
  it('finds the config file and stdin', () => {
    expect(parseServerArgv(['/etc/r.conf', '--port', '1'])).toEqual({
      configFile: '/etc/r.conf',
      fromStdin: false,
      options: 'port "1" ',
    });
    expect(parseServerArgv(['-'])).toEqual({ configFile: null, fromStdin: true, options: '' });
    expect(parseServerArgv(['r.conf', '--port', '1', '-']).fromStdin).toBe(true);
    expect(parseServerArgv([])).toEqual({ configFile: null, fromStdin: false, options: null });
  });
});

describe('keyspace event flags', () => {
  it('normalises like keyspaceEventsFlagsToString', () => {
    const norm = (s: string): string => keyspaceEventsFlagsToString(keyspaceEventsStringToFlags(s) as number);
    expect(norm('KEA')).toBe('AKE');
    expect(norm('Exgl$')).toBe('g$lxE');
    expect(norm('Kn')).toBe('nK');
    expect(norm('AKEmn')).toBe('AKEm');
    expect(norm('')).toBe('');
    expect(keyspaceEventsStringToFlags('Q')).toBeNull();
  });
});

describe('Config', () => {
  it('has the defaults Redis shows, and our bind default', () => {
    const config = new Config();
    expect(config.get('port')).toBe('6379');
    expect(config.get('databases')).toBe('16');
    expect(config.get('save')).toBe('3600 1 300 100 60 10000');
    expect(config.get('bind')).toBe('127.0.0.1');
    expect(config.get('enable-module-command')).toBe('no');
    expect(config.get('SLAVE-READ-ONLY')).toBe('yes');
    expect(config.get('nope')).toBeUndefined();
    expect(config.requirepass).toBeNull();
    expect(config.bindAddresses).toEqual(['127.0.0.1']);
  });

  it('keeps loadmodule lines in order with their arguments', () => {
    const config = new Config();
    config.loadFromString('loadmodule ./a.so x "y z"\nLOADMODULE /b.so\n');
    expect(config.modules.map((m) => [m.path, m.args.map(String)])).toEqual([
      ['./a.so', ['x', 'y z']],
      ['/b.so', []],
    ]);
  });

  it('adds save lines in a file, replaces them with CONFIG SET', () => {
    const config = new Config();
    config.loadFromString('save 10 1\nsave 20 2\n');
    expect(config.get('save')).toBe('10 1 20 2');
    expect(config.set('save', '5 5')).toBeNull();
    expect(config.get('save')).toBe('5 5');
  });

  it('caps hz', () => {
    const config = new Config();
    expect(config.set('hz', '1000')).toBeNull();
    expect(config.hz).toBe(500);
    config.loadFromString('hz 0');
    expect(config.get('hz')).toBe('1');
  });

  it('calls onChange listeners and undoes the set when one throws', () => {
    const config = new Config();
    const seen: string[] = [];
    config.onChange('slave-priority', (value) => seen.push(value));
    expect(config.set('replica-priority', '7')).toBeNull();
    expect(seen).toEqual(['7']);
    config.onChange('port', () => {
      throw new Error('Unable to listen on this port. Check server logs.');
    });
    expect(config.setMany([['maxmemory', '1mb'], ['port', '1234']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
    );
    expect(config.get('port')).toBe('6379');
    expect(config.get('maxmemory')).toBe('0');
  });

  it('protects dir unless enable-protected-configs allows the client', () => {
    const config = new Config();
    expect(config.set('dir', '/')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
    );
    config.loadFromString('enable-protected-configs local');
    expect(config.set('dbfilename', 'x.rdb', { isLocalClient: false })).toMatch(/protected/);
    expect(config.set('dbfilename', 'x.rdb', { isLocalClient: true })).toBeNull();
  });

  it('reads include files, relative to the working directory', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-cfg-'));
    fs.writeFileSync(path.join(dir, 'a.conf'), 'maxmemory 2mb\n');
    fs.writeFileSync(path.join(dir, 'b.conf'), 'hz 20\n');
    const config = new Config();
    config.loadFromString(`include ${dir}/a.conf\ninclude ${dir}/*.conf\ninclude ${dir}/none*.conf\n`);
    expect(config.get('maxmemory')).toBe('2097152');
    expect(config.get('hz')).toBe('20');
    expect(() => config.loadFromString(`include ${dir}/none.conf`)).toThrow(ConfigLoadError);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('CONFIG REWRITE content', () => {
  it('replaces known lines, keeps comments, blanks duplicates, appends the rest', () => {
    const config = new Config();
    const old = '# my conf\nport 1000\nmaxmemory 1mb\nmaxmemory 2mb\nbogus 1\n';
    config.loadFromString('port 1000\nmaxmemory 2mb\n');
    expect(config.set('hz', '20')).toBeNull();
    const text = config.rewrittenContent(old);
    const lines = text.split('\n');
    expect(lines.slice(0, 7)).toEqual(['# my conf', 'port 1000', 'maxmemory 2mb', '', '# ??? bogus 1', '', '# Generated by CONFIG REWRITE']);
    expect(lines).toContain('hz 20');
    expect(lines.some((l) => l.startsWith('dir "'))).toBe(true);
    expect(lines).toContain('save 3600 1');
  });
});
