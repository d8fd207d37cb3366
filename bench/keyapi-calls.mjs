#!/usr/bin/env node
// The cost of one key-API call: fixtures/keys_bench.c's keybench.calls runs
// one function n times on one open key and times the loop from inside the
// module. In redis-server that is a C function call. Here GetExpire crosses
// into the TypeScript keyspace every time (the boundary's cost), while
// ValueLength is answered from the key's native cache when nothing ran in JS
// since the last crossing. Prints nanoseconds per call for both servers,
// median of --trials runs.
//
//   node bench/keyapi-calls.mjs [--calls 1000000] [--trials 5]
//
// Needs: npm run build, redis-server and redis-cli on PATH.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './servers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = { calls: 1000000, trials: 5 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts) || process.argv[i + 1] === undefined) {
    console.error(`unknown option ${process.argv[i]}`);
    process.exit(2);
  }
  opts[key] = Number(process.argv[i + 1]);
}
const module = path.join(root, 'build/fixtures/keys_bench.so');
const cli = (port, ...args) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const FUNCTIONS = { expire: 'GetExpire (crosses)', length: 'ValueLength (cached)' };
const ns = {};
for (const kind of ['redis', 'ours']) {
  const server = await startServer(kind, ['--loadmodule', module]);
  try {
    cli(server.port, 'SET', 'k', 'value', 'EX', '1000');
    for (const fn of Object.keys(FUNCTIONS)) {
      cli(server.port, 'keybench.calls', 'k', '100000', fn); // warm-up (JIT on our side)
      const runs = [];
      for (let t = 0; t < opts.trials; t++) runs.push(Number(cli(server.port, 'keybench.calls', 'k', String(opts.calls), fn)));
      ns[`${kind} ${fn}`] = median(runs);
    }
  } finally {
    await server.stop();
  }
}
console.log(`one key-API call on an open key, ${opts.calls} calls, median of ${opts.trials} trials (ns/call)`);
console.log('function                    redis-server   redis-module-host');
for (const [fn, label] of Object.entries(FUNCTIONS)) {
  const r = ns[`redis ${fn}`];
  const o = ns[`ours ${fn}`];
  console.log(`${label.padEnd(26)} ${r.toFixed(1).padStart(12)}   ${o.toFixed(1).padStart(17)}`);
}
