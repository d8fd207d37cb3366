// Server log lines without their "pid:role date time" prefix, so a line from
// redis-server and the same line from ours compare equal.
import type { ServerHandle } from './servers';

// 12345:M 21 Nov 2026 05:56:39.210 # message
const logPrefix = /^\d+:[A-Z] \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} /;

/** Every log line as "<level char> <message>" (e.g. "# Module x failed to load: ..."). */
export function logMessages(server: ServerHandle): string[] {
  return server
    .log()
    .split('\n')
    .filter((line) => logPrefix.test(line))
    .map((line) => line.replace(logPrefix, ''));
}

/**
 * Waits for the first log message (level char included) accepted by `matches`.
 * Waiting matters even after the reply arrived: the log comes through a pipe
 * and may trail the socket.
 */
export async function waitForLogLine(
  server: ServerHandle,
  matches: (message: string) => boolean,
  description: string,
  timeoutMs = 5000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = logMessages(server).find(matches);
    if (found !== undefined) return found;
    if (Date.now() > until) {
      throw new Error(`${server.kind} server never logged ${description}; its log:\n${server.log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the server logged a line whose message (level char included) equals `message`. */
export async function waitForLogMessage(server: ServerHandle, message: string, timeoutMs = 5000): Promise<void> {
  await waitForLogLine(server, (line) => line === message, JSON.stringify(message), timeoutMs);
}
