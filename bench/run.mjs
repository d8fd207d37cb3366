#!/usr/bin/env node
// Side-by-side benchmark: Debian's redis-server and redis-module-host, the
// same fixture module loaded in both, the same redis-benchmark runs, in one
// process run. Prints requests/second of each and the ratio ours/redis.
//
//   node bench/run.mjs [--trials 3] [--requests 200000] [--module build/fixtures/hello.so]
//
// Needs: npm run build (dist/ and build/fixtures), redis-server and
// redis-benchmark on PATH. Each trial starts fresh servers (one process per
// trial), alternating which server runs first to spread machine noise.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = { trials: 3, requests: 200000, module: path.join(root, 'build/fixtures/hello.so') };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (!(key in opts) || value === undefined) {
    console.error(`unknown option ${process.argv[i]}`);
    process.exit(2);
  }
  opts[key] = key === 'module' ? path.resolve(value) : Number(value);
}

// Each scenario: a name, the command redis-benchmark sends, its pipeline depth.
const scenarios = [
  { name: 'PING            -c 50', args: ['-c', '50'], command: ['ping'] },
  { name: 'PING            -P 16', args: ['-c', '50', '-P', '16'], command: ['ping'] },
  { name: 'hello.echo      -c 50', args: ['-c', '50'], command: ['hello.echo', 'abcdefgh'] },
  { name: 'hello.echo      -P 16', args: ['-c', '50', '-P', '16'], command: ['hello.echo', 'abcdefgh'] },
];

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

async function startServer(kind) {
  const port = await freePort();
  const common = ['--port', String(port), '--save', '', '--appendonly', 'no', '--loadmodule', opts.module];
  const child =
    kind === 'redis'
      ? spawn('redis-server', common, { stdio: 'ignore' })
      : spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...common], { stdio: 'ignore' });
  await waitForPing(port, child);
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

function runBenchmark(port, scenario) {
  const out = execFileSync(
    'redis-benchmark',
    ['-p', String(port), '-n', String(opts.requests), '-q', ...scenario.args, ...scenario.command],
    { encoding: 'utf8' },
  );
  const m = /([\d.]+) requests per second/.exec(out.split('\r').pop() ?? out);
  if (!m) throw new Error(`cannot read redis-benchmark output: ${out}`);
  return Number(m[1]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = new Map(scenarios.map((s) => [s.name, { redis: [], ours: [] }]));
for (let t = 0; t < opts.trials; t++) {
  const order = t % 2 === 0 ? ['redis', 'ours'] : ['ours', 'redis'];
  for (const kind of order) {
    const server = await startServer(kind);
    try {
      for (const s of scenarios) results.get(s.name)[kind].push(runBenchmark(server.port, s));
    } finally {
      await server.stop();
    }
  }
}

console.log(`redis-benchmark, ${opts.requests} requests, median of ${opts.trials} trials, module ${path.relative(root, opts.module)}`);
console.log('scenario                  redis-server rps   redis-module-host rps   ratio');
for (const s of scenarios) {
  const r = median(results.get(s.name).redis);
  const o = median(results.get(s.name).ours);
  console.log(`${s.name.padEnd(24)} ${r.toFixed(0).padStart(16)}   ${o.toFixed(0).padStart(21)}   ${(o / r).toFixed(2)}x`);
}
