// Running a program to its end and reading what it printed: the lifecycle and
// client tests judge a process by its exit status and its output, as a user's
// supervisor or shell would.
import { spawn } from 'node:child_process';
export { freePort } from '../harness/ports';

export interface ProcessResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  /** True when the process outlived `timeoutMs` and was killed by us. */
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  cwd?: string;
  /** Written to the process's stdin, which is then closed. */
  input?: string | Buffer;
}

/**
 * Runs `command` until it exits. Never rejects on a non-zero status: the
 * status is what the tests assert. A process that outlives the timeout is
 * killed by its pid and reported with `timedOut`.
 */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A process that exits without reading its stdin makes our write fail: harmless.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': the pipes are drained by then, so no output is lost.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut });
    });
  });
}


// "12345:M 21 Nov 2026 05:56:39.210 " before a log message, and
// "12345:signal-handler (1795241207) " before a line logged from a signal handler.
const logLinePrefix = /^\d+:[A-Z] \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} /;
const signalHandlerPrefix = /^\d+:signal-handler \(\d+\) /;

/**
 * The log lines of a server's output without their pid and time, so that a
 * line from redis-server and the same line from ours compare equal. Ordinary
 * lines keep their level character ("# Server initialized"); lines logged from
 * a signal handler have none in Redis and keep none here.
 */
export function logMessagesOf(output: string): string[] {
  const messages: string[] = [];
  for (const line of output.split('\n')) {
    if (logLinePrefix.test(line)) messages.push(line.replace(logLinePrefix, ''));
    else if (signalHandlerPrefix.test(line)) messages.push(line.replace(signalHandlerPrefix, ''));
  }
  return messages;
}

/** The messages logged after the server said it was ready: the shutdown sequence. */
export function messagesAfterReady(output: string): string[] {
  const messages = logMessagesOf(output);
  const ready = messages.indexOf('* Ready to accept connections');
  if (ready < 0) throw new Error(`the server never logged that it was ready; output:\n${output}`);
  return messages.slice(ready + 1);
}
