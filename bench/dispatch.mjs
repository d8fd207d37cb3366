#!/usr/bin/env node
// Per-command CPU cost of our dispatch path with no socket: the in-process
// client runs a built-in (ECHO) and a module command (hello.echo) N times.
// Reports nanoseconds per command (best of 5 alternating rounds, since the
// machine is shared); the difference is the cost of crossing into native
// code and back (argument strings, context, reply copy).
//
//   node bench/dispatch.mjs [iterations]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startServer } = createRequire(import.meta.url)(path.join(root, 'dist/index.js'));
const n = Number(process.argv[2] ?? 1_000_000);

const host = await startServer({ loadModules: [path.join(root, 'build/fixtures/hello.so')] });
const arg = Buffer.from('abcdefgh');
function time(args) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) host.callRaw(...args);
  return Number(process.hrtime.bigint() - t0) / n;
}
const cases = [
  ['ECHO (built-in)', ['ECHO', arg]],
  ['hello.echo (module)', ['hello.echo', arg]],
].map(([name, argv]) => ({ name, args: argv.map((a) => Buffer.from(a)), best: Infinity }));
for (const c of cases) for (let i = 0; i < 100_000; i++) host.callRaw(...c.args); // warm up
for (let round = 0; round < 5; round++) for (const c of cases) c.best = Math.min(c.best, time(c.args));
for (const c of cases) {
  console.log(`${c.name.padEnd(22)} ${c.best.toFixed(0).padStart(6)} ns/command  ${(1e9 / c.best / 1e6).toFixed(2)}M commands/s`);
}
console.log(`native crossing: ${(cases[1].best - cases[0].best).toFixed(0)} ns/command`);
await host.stop();
