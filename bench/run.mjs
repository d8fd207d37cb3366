#!/usr/bin/env node
// Side-by-side benchmark: Debian's redis-server and redis-module-host, the
// same fixture module loaded in both, the same redis-benchmark runs, in one
// process run. Prints requests/second of each and the ratio ours/redis.
//
//   node bench/run.mjs [--suite module|keyspace|call|keyapi] [--trials 3] [--requests 200000]
//                      [--module build/fixtures/hello.so]
//
// Suites: "module" (default) runs PING and a module command; "keyspace" runs
// redis-benchmark's own tests (set,get,incr,lpush,rpop,sadd,hset,zadd,
// lrange_100), unpipelined (-c 50) and pipelined (-P 16); "call" runs
// fixtures/call.c's call.incrby (one RedisModule_Call of INCRBY, the integer
// replied) next to a plain INCRBY, with build/fixtures/call.so by default;
// "keyapi" runs fixtures/keys_bench.c's keybench.push (OpenKey, ListPush,
// ValueLength, CloseKey) and keybench.incr (StringDMA) next to RPUSH and
// INCR, with build/fixtures/keys_bench.so by default.
//
// Needs: npm run build (dist/ and build/fixtures), redis-server and
// redis-benchmark on PATH. Each trial starts fresh servers (one process per
// trial), alternating which server runs first to spread machine noise.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './servers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = { suite: 'module', trials: 3, requests: 200000, module: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (!(key in opts) || value === undefined) {
    console.error(`unknown option ${process.argv[i]}`);
    process.exit(2);
  }
  opts[key] = key === 'module' ? path.resolve(value) : key === 'suite' ? value : Number(value);
}
const DEFAULT_MODULES = { call: 'build/fixtures/call.so', keyapi: 'build/fixtures/keys_bench.so' };
if (opts.module === '') opts.module = path.join(root, DEFAULT_MODULES[opts.suite] ?? 'build/fixtures/hello.so');

// Each scenario: a name, the command redis-benchmark sends, its pipeline depth.
// A scenario with `tests` runs redis-benchmark's built-in tests and yields one
// result per test.
const KEYSPACE_TESTS = 'set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100';
const keyspaceScenarios = [
  { name: '-c 50', args: ['-c', '50', '-t', KEYSPACE_TESTS], tests: true },
  { name: '-P 16', args: ['-c', '50', '-P', '16', '-t', KEYSPACE_TESTS], tests: true },
];
const moduleScenarios = [
  { name: 'PING            -c 50', args: ['-c', '50'], command: ['ping'] },
  { name: 'PING            -P 16', args: ['-c', '50', '-P', '16'], command: ['ping'] },
  { name: 'hello.echo      -c 50', args: ['-c', '50'], command: ['hello.echo', 'abcdefgh'] },
  { name: 'hello.echo      -P 16', args: ['-c', '50', '-P', '16'], command: ['hello.echo', 'abcdefgh'] },
];
const callScenarios = [
  { name: 'INCRBY          -c 50', args: ['-c', '50'], command: ['incrby', 'counter', '1'] },
  { name: 'INCRBY          -P 16', args: ['-c', '50', '-P', '16'], command: ['incrby', 'counter', '1'] },
  { name: 'call.incrby     -c 50', args: ['-c', '50'], command: ['call.incrby', 'counter', '1'] },
  { name: 'call.incrby     -P 16', args: ['-c', '50', '-P', '16'], command: ['call.incrby', 'counter', '1'] },
];
// The key API: read-modify-write commands of fixtures/keys_bench.c next to
// the built-in commands that do the same work.
const keyapiScenarios = [
  { name: 'RPUSH           -c 50', args: ['-c', '50'], command: ['rpush', 'rlist', 'abcdefgh'] },
  { name: 'RPUSH           -P 16', args: ['-c', '50', '-P', '16'], command: ['rpush', 'rlist', 'abcdefgh'] },
  { name: 'keybench.push   -c 50', args: ['-c', '50'], command: ['keybench.push', 'mlist', 'abcdefgh'] },
  { name: 'keybench.push   -P 16', args: ['-c', '50', '-P', '16'], command: ['keybench.push', 'mlist', 'abcdefgh'] },
  { name: 'INCR            -c 50', args: ['-c', '50'], command: ['incr', 'rcounter'] },
  { name: 'INCR            -P 16', args: ['-c', '50', '-P', '16'], command: ['incr', 'rcounter'] },
  { name: 'keybench.incr   -c 50', args: ['-c', '50'], command: ['keybench.incr', 'mcounter'] },
  { name: 'keybench.incr   -P 16', args: ['-c', '50', '-P', '16'], command: ['keybench.incr', 'mcounter'] },
];
const scenarios =
  opts.suite === 'keyspace'
    ? keyspaceScenarios
    : opts.suite === 'call'
      ? callScenarios
      : opts.suite === 'keyapi'
        ? keyapiScenarios
        : moduleScenarios;

function startBenchServer(kind) {
  return startServer(kind, ['--loadmodule', opts.module]);
}

/** requests/s by result name: the scenario's name, or "<test> <scenario>" for built-in tests. */
function runBenchmark(port, scenario) {
  const out = execFileSync(
    'redis-benchmark',
    ['-p', String(port), '-n', String(opts.requests), '-q', ...scenario.args, ...(scenario.command ?? [])],
    { encoding: 'utf8' },
  );
  const results = new Map();
  // -q prints progress lines ending in \r, then one final line per test.
  for (const line of out.split('\n')) {
    const final = line.split('\r').pop() ?? line;
    const m = /^(.*?): ([\d.]+) requests per second/.exec(final.trim());
    if (!m) continue;
    results.set(scenario.tests ? `${m[1].padEnd(22)} ${scenario.name}` : scenario.name, Number(m[2]));
  }
  if (results.size === 0) throw new Error(`cannot read redis-benchmark output: ${out}`);
  return results;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = new Map();
for (let t = 0; t < opts.trials; t++) {
  const order = t % 2 === 0 ? ['redis', 'ours'] : ['ours', 'redis'];
  for (const kind of order) {
    const server = await startBenchServer(kind);
    try {
      for (const s of scenarios) {
        for (const [name, rps] of runBenchmark(server.port, s)) {
          if (!results.has(name)) results.set(name, { redis: [], ours: [] });
          results.get(name)[kind].push(rps);
        }
      }
    } finally {
      await server.stop();
    }
  }
}

console.log(`redis-benchmark, ${opts.requests} requests, median of ${opts.trials} trials, module ${path.relative(root, opts.module)}`);
console.log('scenario                        redis-server rps   redis-module-host rps   ratio');
for (const [name, { redis, ours }] of results) {
  const r = median(redis);
  const o = median(ours);
  console.log(`${name.padEnd(30)} ${r.toFixed(0).padStart(16)}   ${o.toFixed(0).padStart(21)}   ${(o / r).toFixed(2)}x`);
}
