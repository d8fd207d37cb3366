// Starting the two servers the benchmarks compare: Debian's redis-server and
// our CLI, with the same arguments, on a free port, ready when they answer PING.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPing(port, child) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode})`);
    try {
      const out = execFileSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      if (out.trim() === 'PONG') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on port ${port} did not answer PING`);
}

/**
 * Starts `kind` ('redis' or 'ours') with `--port <free> --save '' --appendonly no`
 * plus `extraArgs`. Returns { port, pid, stop() }; stop() ends only that process.
 */
export async function startServer(kind, extraArgs = []) {
  const port = await freePort();
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', ...extraArgs];
  const child =
    kind === 'redis'
      ? spawn('redis-server', args, { stdio: 'ignore' })
      : spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { stdio: 'ignore' });
  await waitForPing(port, child);
  return {
    port,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
