// Differential fuzzing against Debian's redis-server 7.0.15: seeded random
// command sequences over tiny key and value alphabets, run on both servers,
// replies compared byte for byte (hash-table-ordered replies as multisets),
// then the end state (DEBUG DIGEST where ours has it, every key's type,
// encoding and content) and the keyspace notifications. A bounded run here;
// `node scripts/fuzz.mjs --seeds 1000 --commands 200` runs many more.
//
// FUZZ_SEEDS / FUZZ_COMMANDS / FUZZ_FIRST_SEED change the bounds; FUZZ_EXCLUDE
// (comma-separated command names) leaves commands out while they are fixed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Fuzzer, formatCommands, formatFigures, formatMismatch, seedConfigText, type SeedResult } from './runner';

const seeds = Number(process.env.FUZZ_SEEDS ?? 40);
const length = Number(process.env.FUZZ_COMMANDS ?? 150);
const firstSeed = Number(process.env.FUZZ_FIRST_SEED ?? 1);
const exclude = (process.env.FUZZ_EXCLUDE ?? '').split(',').filter(Boolean);

let fuzzer: Fuzzer;

beforeAll(async () => {
  fuzzer = await Fuzzer.start({ exclude });
}, 60000);

afterAll(async () => {
  await fuzzer?.stop();
});

it(`${seeds} seeded sequences of ${length} commands reply the same on both servers`, async () => {
  console.log(`fuzz: commands ours does not have yet (skipped): ${fuzzer.unavailable.join(' ') || 'none'}`);
  if (!fuzzer.digestSupported) console.log('fuzz: DEBUG DIGEST is not implemented by ours yet: digest comparison skipped');
  if (!fuzzer.notificationsSupported) console.log('fuzz: keyspace notifications unavailable on ours: not compared');
  const failing: SeedResult[] = [];
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const result = await fuzzer.runSeed(seed, length);
    if (result.mismatches.length > 0) failing.push(result);
  }
  console.log(`fuzz: ${formatFigures(fuzzer.figures)}`);
  if (failing.length === 0) return;
  // One shrunk reproduction per kind of first difference; the rest listed by seed.
  const kinds = new Map<string, SeedResult>();
  for (const f of failing) if (!kinds.has(f.mismatches[0].what)) kinds.set(f.mismatches[0].what, f);
  const reproductions: string[] = [];
  for (const f of [...kinds.values()].slice(0, 3)) {
    const { commands, mismatch } = await fuzzer.shrink(f, 40);
    reproductions.push(
      `--- ${mismatch.what}: seed ${f.seed}, RESP${f.protocol}, after FLUSHALL and CONFIG SET ${seedConfigText(f.seed)}:`,
      formatCommands(commands),
      formatMismatch(mismatch),
    );
  }
  const report = [
    `${failing.length} of ${seeds} sequences differ (replay one: node scripts/fuzz.mjs --seed N --commands ${length}).`,
    ...reproductions,
    'First difference of every failing seed:',
    ...failing.map((f) => formatMismatch(f.mismatches[0])),
  ].join('\n');
  expect.fail(report);
}, 600000);
