// Bad config files and command lines: our fatal error text must equal what Debian's
// redis-server 7.0.15 prints (stderr block, or the log line for unreadable files).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli';
import { Config, ConfigLoadError, parseServerArgv } from '../../src/server/config';

const redisServer = process.env.RMH_REDIS_SERVER ?? 'redis-server';

interface Case {
  name: string;
  files?: Record<string, string>;
  argv: string[];
}

const cases: Case[] = [
  { name: 'out of range, line 2', files: { 'bad.conf': '# c\nport 70000\n' }, argv: ['bad.conf'] },
  { name: 'unknown directive', files: { 'bad.conf': 'foo bar\n' }, argv: ['bad.conf'] },
  { name: 'not an integer after blank lines', files: { 'bad.conf': '\n\nport abc\n' }, argv: ['bad.conf'] },
  { name: 'not yes/no', files: { 'bad.conf': 'daemonize maybe\n' }, argv: ['bad.conf'] },
  { name: 'unbalanced double quote', files: { 'bad.conf': 'port "6379\n' }, argv: ['bad.conf'] },
  { name: 'unbalanced single quote', files: { 'bad.conf': "port '6379\n" }, argv: ['bad.conf'] },
  { name: 'text after a closing quote', files: { 'bad.conf': 'port "63"79\n' }, argv: ['bad.conf'] },
  { name: 'too many arguments', files: { 'bad.conf': 'port 1 2\n' }, argv: ['bad.conf'] },
  { name: 'bad memory value', files: { 'bad.conf': 'maxmemory 1xb\n' }, argv: ['bad.conf'] },
  { name: 'bad enum', files: { 'bad.conf': 'loglevel foo\n' }, argv: ['bad.conf'] },
  { name: 'bad keyspace classes', files: { 'bad.conf': 'notify-keyspace-events Q\n' }, argv: ['bad.conf'] },
  { name: 'odd save', files: { 'bad.conf': 'save 1\n' }, argv: ['bad.conf'] },
  { name: 'blanks, CR and upper case', files: { 'bad.conf': '  \t PORT   "abc"  \r\n' }, argv: ['bad.conf'] },
  { name: 'empty integer', files: { 'bad.conf': 'port ""\n' }, argv: ['bad.conf'] },
  { name: 'missing dir', files: { 'bad.conf': 'dir /nonexistent-rmh\n' }, argv: ['bad.conf'] },
  { name: 'unopenable log file', files: { 'bad.conf': 'logfile /nonexistent-rmh/a.log\n' }, argv: ['bad.conf'] },
  { name: 'module config without value', files: { 'bad.conf': 'foo.bar\n' }, argv: ['bad.conf'] },
  { name: 'loadmodule without path', files: { 'bad.conf': 'loadmodule\n' }, argv: ['bad.conf'] },
  { name: 'dir with two arguments', files: { 'bad.conf': 'dir a b\n' }, argv: ['bad.conf'] },
  { name: 'oom values out of range', files: { 'bad.conf': 'oom-score-adj-values 1 2 3000\n' }, argv: ['bad.conf'] },
  { name: 'sentinel directive', files: { 'bad.conf': 'sentinel monitor x\n' }, argv: ['bad.conf'] },
  { name: 'error inside an include', files: { 'a.conf': 'port 0\ninclude b.conf\n', 'b.conf': '\n\nport 99999\n' }, argv: ['a.conf'] },
  { name: '--port out of range', argv: ['--port', '70000'] },
  { name: 'file then --port', files: { 'ok.conf': 'port 0\nsave ""\n' }, argv: ['ok.conf', '--port', '70000'] },
  { name: 'bare --port last', files: { 'ok.conf': 'port 0\n' }, argv: ['ok.conf', '--save', '', '--port'] },
  { name: 'value starting with --', argv: ['--port', '--save', ''] },
  { name: 'loadmodule args then bad port', argv: ['--loadmodule', './m.so', 'a', 'b', '--port', '70000'] },
  { name: 'value with a space', argv: ['--port', '6379 1'] },
  { name: 'save with no value', argv: ['--save', '--port', '70000'] },
  { name: 'quoted unknown directive', argv: ['--foo', 'x y', 'q"z'] },
  { name: 'name and value in one argument', argv: ['--port 70000'] },
  { name: 'deprecated lines are skipped', files: { 'bad.conf': 'list-max-ziplist-entries 5\nlua-replicate-commands yes\nhz x\n' }, argv: ['bad.conf'] },
  { name: 'bind too many', argv: ['--bind', ...Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}`)] },
  { name: 'bad hostname', argv: ['--cluster-announce-hostname', 'a_b'] },
  { name: 'bad replicaof port', argv: ['--replicaof', 'h', 'x'] },
  { name: 'percent too large', argv: ['--maxmemory-clients', '200%'] },
  { name: 'octal', argv: ['--unixsocketperm', '999'] },
  { name: 'unsigned below range', argv: ['--maxclients', '-1'] },
];

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let workDir = '';
const startDir = process.cwd();

function writeFiles(dir: string, files: Record<string, string> = {}): void {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

function runRedis(c: Case): { code: number | null; stderr: string; stdout: string } {
  const dir = fs.mkdtempSync(path.join(workDir, 'redis-'));
  writeFiles(dir, c.files);
  const result = spawnSync(redisServer, c.argv, { cwd: dir, timeout: 5000, encoding: 'latin1', input: '' });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

async function runOurs(c: Case): Promise<{ code: number; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(workDir, 'ours-'));
  writeFiles(dir, c.files);
  process.chdir(dir);
  let stderr = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += typeof text === 'string' ? text : text.toString('latin1');
    },
    exit: (code) => {
      throw new Exit(code);
    },
    readStdin: () => '',
  };
  try {
    await main(c.argv, io);
  } catch (err) {
    if (err instanceof Exit) return { code: err.code, stderr };
    throw err;
  } finally {
    process.chdir(startDir);
  }
  throw new Error('main() returned without exiting: the config was accepted');
}

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-fatal-'));
});

afterAll(() => {
  process.chdir(startDir);
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('fatal config errors match redis-server 7.0.15', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const redis = runRedis(c);
      expect(redis.code).toBe(1);
      const ours = await runOurs(c);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toBe(redis.stderr);
    });
  }

  it('a missing config file is a log line, as in Redis', () => {
    const redis = runRedis({ name: 'missing', argv: ['/nonexistent-rmh/x.conf'] });
    expect(redis.code).toBe(1);
    const message = redis.stdout.replace(/^\d+:C \d\d \w{3} \d{4} [\d:.]+ # /, '').trimEnd();
    const config = new Config();
    const parsed = parseServerArgv(['/nonexistent-rmh/x.conf']);
    let caught: unknown = null;
    try {
      config.load(parsed.configFile, null, parsed.options);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigLoadError);
    expect((caught as ConfigLoadError).report).toBe('log');
    expect((caught as ConfigLoadError).text).toBe(message);
  });
});
