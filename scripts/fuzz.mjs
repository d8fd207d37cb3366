#!/usr/bin/env node
// Long differential fuzzing runs on demand (CI runs a bounded number in
// test/fuzz/differential.fuzz.test.ts):
//
//   node scripts/fuzz.mjs --seeds 1000 --commands 200 [--first-seed 1]
//                         [--exclude xtrim,keys] [--families lists,hashes]
//                         [--shrink 10] [--seed 42]
//
// Prints the figures, then the first difference of each kind with the seed
// that reproduces it and a shrunk command list. --seed N replays one seed and
// prints its whole sequence. Exit code 1 when anything differed.
// Needs dist/ (npx tsc -p .) and Debian's redis-server on PATH.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = { seeds: 100, commands: 150, 'first-seed': 1, exclude: '', families: '', shrink: 10, seed: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (!(key in opts) || value === undefined) {
    console.error(`unknown option ${process.argv[i]}\nusage: node scripts/fuzz.mjs --seeds N --commands N [--first-seed N] [--exclude a,b] [--families a,b] [--shrink N] [--seed N]`);
    process.exit(2);
  }
  opts[key] = typeof opts[key] === 'number' ? Number(value) : value;
}

// The fuzzer is TypeScript shared with the test: Vite's module runner loads it
// as is. The test harness locates the repository from its CommonJS __dirname,
// which vitest provides and a bare module runner does not: the one module that
// reads it (test/harness/fixtures.ts) gets its own directory.
globalThis.__dirname = path.join(root, 'test', 'harness');
const { module: fuzz } = await runnerImport(path.join(root, 'test/fuzz/runner.ts'), {
  configFile: false,
  root,
  logLevel: 'error',
});
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const fuzzer = await fuzz.Fuzzer.start({
  exclude: list(opts.exclude),
  families: opts.families ? list(opts.families) : undefined,
});

let exitCode = 0;
try {
  console.log(`commands ours does not have yet (skipped): ${fuzzer.unavailable.join(' ') || 'none'}`);
  if (!fuzzer.digestSupported) console.log('DEBUG DIGEST is not implemented by ours yet: digest comparison skipped');
  if (!fuzzer.notificationsSupported) console.log('keyspace notifications unavailable on ours: not compared');

  const seeds = opts.seed !== ''
    ? [Number(opts.seed)]
    : Array.from({ length: opts.seeds }, (_, i) => opts['first-seed'] + i);
  const failing = [];
  const started = Date.now();
  for (const seed of seeds) {
    const result = await fuzzer.runSeed(seed, opts.commands);
    if (opts.seed !== '') console.log(`sequence of seed ${seed} (RESP${result.protocol}):\n${fuzz.formatCommands(result.commands)}\n`);
    if (result.mismatches.length > 0) failing.push(result);
    if (seeds.length > 50 && (seed - seeds[0] + 1) % 100 === 0) {
      process.stderr.write(`  ${seed - seeds[0] + 1}/${seeds.length} seeds, ${failing.length} differing\n`);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${fuzz.formatFigures(fuzzer.figures)} (${seconds} s)`);
  const never = fuzz.templateNames(fuzzer.tables).filter((name) => !fuzzer.figures.perCommand.has(name));
  if (never.length > 0 && opts.seed === '') console.log(`commands never generated in this run: ${never.join(' ')}`);

  if (failing.length > 0) {
    exitCode = 1;
    // Group by what differed first; shrink one seed of each kind.
    const kinds = new Map();
    for (const result of failing) {
      const what = result.mismatches[0].what;
      if (!kinds.has(what)) kinds.set(what, []);
      kinds.get(what).push(result);
    }
    console.log(`\n${failing.length} sequences differ; first differences by command:`);
    for (const [what, results] of kinds) {
      console.log(`  ${what}: ${results.length} seeds (${results.slice(0, 8).map((r) => r.seed).join(' ')}${results.length > 8 ? ' ...' : ''})`);
    }
    let shrunk = 0;
    for (const [what, results] of kinds) {
      const first = results[0];
      console.log(`\n=== ${what} ===\n${fuzz.formatMismatch(first.mismatches[0])}`);
      if (shrunk++ < opts.shrink) {
        const { commands, mismatch } = await fuzzer.shrink(first);
        console.log(`shrunk reproduction (seed ${first.seed}, RESP${first.protocol}; after FLUSHALL and CONFIG SET ${fuzz.seedConfigText(first.seed)}):`);
        console.log(fuzz.formatCommands(commands).replace(/^/gm, '  '));
        console.log(fuzz.formatMismatch(mismatch));
      }
    }
  }
} finally {
  await fuzzer.stop();
}
process.exit(exitCode);
