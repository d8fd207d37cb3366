// The log line format, checked against lines printed by Debian's redis-server 7.0.15.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger, formatLogTime, type LogLevel } from '../../src/server/log';
import { startRedis, type ServerHandle } from '../harness';

/** pid:role dd Mon yyyy HH:MM:SS.mmm <level char> message */
const LOG_LINE =
  /^(\d+):([MCSX]) (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3}) ([.\-*#]) (.*)$/;

let redis: ServerHandle;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});

describe('log format', () => {
  it("matches every line of the real server's startup log", () => {
    const lines = redis.log().split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(LOG_LINE);
    expect(lines[0]).toMatch(/:C .* # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/);
  });

  it('writes the same shape, with level chars and role', () => {
    const out: string[] = [];
    const when = new Date(2026, 10, 21, 5, 3, 8, 65);
    const logger = new Logger({ pid: 4242, role: 'C', sink: (t) => out.push(t), now: () => when, settings: { loglevel: 'debug', logfile: '' } });
    logger.log('warning', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
    logger.role = 'M';
    const levels: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];
    for (const level of levels) logger.log(level, `at ${level}`);
    logger.rawLine('raw text');
    logger.fromSignalHandler('Received SIGINT scheduling shutdown...');
    expect(out).toEqual([
      '4242:C 21 Nov 2026 05:03:08.065 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n',
      '4242:M 21 Nov 2026 05:03:08.065 . at debug\n',
      '4242:M 21 Nov 2026 05:03:08.065 - at verbose\n',
      '4242:M 21 Nov 2026 05:03:08.065 * at notice\n',
      '4242:M 21 Nov 2026 05:03:08.065 # at warning\n',
      'raw text\n',
      `4242:signal-handler (${Math.floor(when.getTime() / 1000)}) Received SIGINT scheduling shutdown...\n`,
    ]);
    for (const line of out.slice(0, 5)) expect(line.trimEnd()).toMatch(LOG_LINE);
  });

  it('filters by loglevel, read live from the settings', () => {
    const out: string[] = [];
    const settings = { loglevel: 'notice' as LogLevel, logfile: '' };
    const logger = new Logger({ sink: (t) => out.push(t), settings });
    logger.log('verbose', 'hidden');
    logger.log('notice', 'shown');
    settings.loglevel = 'warning';
    logger.log('notice', 'hidden too');
    logger.log('warning', 'shown too');
    expect(out.map((l) => l.replace(/^.* [.\-*#] /, '').trimEnd())).toEqual(['shown', 'shown too']);
  });

  it('appends to logfile when set, and cuts messages at 1023 bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-log-'));
    const file = path.join(dir, 'server.log');
    const logger = new Logger({ settings: { loglevel: 'notice', logfile: file } });
    logger.log('notice', 'first');
    logger.log('warning', 'x'.repeat(5000));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toMatch(/ \* first$/);
    expect(lines[1].replace(/^.* # /, '').length).toBe(1023);
    fs.rmSync(dir, { recursive: true });
  });

  it('formats local time like strftime', () => {
    expect(formatLogTime(new Date(2024, 0, 2, 3, 4, 5, 6))).toBe('02 Jan 2024 03:04:05.006');
  });
});
