// The server log in Redis's format (server.c serverLogRaw):
//   <pid>:<role> <dd Mon yyyy HH:MM:SS.mmm> <level char> <message>
// role: M master, S replica, C before the server is initialised (Redis prints 'C' while
// server.pid is unset) and X sentinel; level chars: '.' debug, '-' verbose, '*' notice,
// '#' warning. Lines go to stdout, or are appended to `logfile` when it is set.
import * as fs from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
export type LogRole = 'M' | 'S' | 'C' | 'X';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const LEVEL_CHAR: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Redis formats messages into a 1024-byte buffer: longer ones are cut. */
const LOG_MAX_LEN = 1024;

/** Where the logger reads loglevel and logfile from: the live Config fits. */
export interface LogSettings {
  readonly loglevel: LogLevel;
  /** Empty: standard output. */
  readonly logfile: string;
}

export interface LoggerOptions {
  settings?: LogSettings;
  pid?: number;
  role?: LogRole;
  /** Replaces the output (tests); receives each line with its newline. */
  sink?: (text: string) => void;
  /** Clock for timestamps (tests). */
  now?: () => Date;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "21 Nov 2026 05:53:08.655", local time, as strftime("%d %b %Y %H:%M:%S.") + ms. */
export function formatLogTime(date: Date): string {
  return (
    `${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

function truncate(msg: string): string {
  if (msg.length < LOG_MAX_LEN / 4) return msg;
  const bytes = Buffer.from(msg, 'utf8');
  return bytes.length < LOG_MAX_LEN ? msg : bytes.subarray(0, LOG_MAX_LEN - 1).toString('utf8');
}

export class Logger {
  role: LogRole;
  private readonly settings: LogSettings;
  private readonly pid: number;
  private readonly sink: ((text: string) => void) | null;
  private readonly now: () => Date;

  constructor(options: LoggerOptions = {}) {
    this.settings = options.settings ?? { loglevel: 'notice', logfile: '' };
    this.pid = options.pid ?? process.pid;
    this.role = options.role ?? 'M';
    this.sink = options.sink ?? null;
    this.now = options.now ?? (() => new Date());
  }

  /** True when a message at `level` would be written (skip building costly messages). */
  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.settings.loglevel];
  }

  log(level: LogLevel, msg: string): void {
    if (!this.enabled(level)) return;
    const line = `${this.pid}:${this.role} ${formatLogTime(this.now())} ${LEVEL_CHAR[level]} ${truncate(msg)}\n`;
    this.write(line);
  }

  /** A line without the prefix (Redis's LL_RAW), e.g. the ASCII logo or crash reports. */
  rawLine(msg: string, level: LogLevel = 'warning'): void {
    if (!this.enabled(level)) return;
    this.write(msg + '\n');
  }

  /** What Redis logs from inside a signal handler: no level, the Unix time in seconds. */
  fromSignalHandler(msg: string): void {
    if (!this.enabled('warning')) return;
    this.write(`${this.pid}:signal-handler (${Math.floor(this.now().getTime() / 1000)}) ${msg}\n`);
  }

  private write(text: string): void {
    if (this.sink) {
      this.sink(text);
      return;
    }
    const file = this.settings.logfile;
    try {
      if (file === '') fs.writeSync(1, text);
      else fs.appendFileSync(file, text);
    } catch {
      // Redis drops a line it cannot write; logging must never take the server down.
    }
  }
}
