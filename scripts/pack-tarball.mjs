#!/usr/bin/env node
// Packs the npm tarball: compiled TypeScript, the CLI, include/redismodule.h,
// the prebuilt addon, and binding.gyp with the native sources for the
// compile-from-source fallback. Nothing else.
//
//   node scripts/pack-tarball.mjs [--out DIR] [--prebuilds DIR] [--json]
//
//   --out DIR        where the .tgz goes (default: the repository)
//   --prebuilds DIR  a prebuilds/ directory to ship instead of building one now
//   --json           end with one JSON line: { tarball, size, unpackedSize, files }
//                    (the build log comes before it)
//
// The package is assembled in a staging directory: TypeScript is compiled
// there afresh (no stale files of an old dist/, no source maps pointing to
// sources that are not shipped), the prebuild is made there, and the working
// tree's build/, dist/ and prebuilds/ are left alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prebuildAddon } from './prebuild-addon.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What npm would pack from the repository, before the build adds dist/ and prebuilds/. */
const SOURCE_ENTRIES = ['package.json', 'README.md', 'LICENSE', 'binding.gyp', 'native', 'include'];

/** Every file in the tarball must match one of these. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/.+\.(js|d\.ts)$/,
  /^include\/redismodule\.h$/,
  /^prebuilds\/[a-z0-9]+-[a-z0-9]+\/redis-module-host(\.[a-z0-9]+)*\.node$/,
  /^binding\.gyp$/,
  /^native\/sources\.txt$/,
  /^native\/([a-z0-9_]+\/)*[a-z0-9_]+\.(cc|h)$/,
];

/** Files a user needs: the install, the library, the CLI, the header, the fallback build. */
const REQUIRED = [
  'package.json',
  'README.md',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/cli.js',
  'dist/native.js',
  'include/redismodule.h',
  'binding.gyp',
  'native/sources.txt',
];

function run(command, args, options) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return r.stdout;
}

/** npm's own CLI script, so this runs the npm that came with this Node even outside `npm run`. */
function npmCommand() {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && path.basename(fromNpm) === 'npm-cli.js') return [process.execPath, fromNpm];
  for (const libDir of ['lib', '']) {
    const cli = path.join(path.dirname(process.execPath), '..', libDir, 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (fs.existsSync(cli)) return [process.execPath, cli];
  }
  return ['npm'];
}

/** Throws unless the file list is exactly what a user needs. */
export function checkContents(files) {
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  if (unexpected.length) throw new Error(`the tarball holds files a user does not need: ${unexpected.join(', ')}`);
  const missing = REQUIRED.filter((f) => !files.includes(f));
  if (!files.some((f) => f.startsWith('prebuilds/'))) missing.push('prebuilds/<platform>-<arch>/*.node');
  const sources = fs.readFileSync(path.join(repoRoot, 'native', 'sources.txt'), 'utf8').trim().split(/\s+/);
  missing.push(...sources.filter((s) => !files.includes(s)));
  if (missing.length) throw new Error(`the tarball lacks: ${missing.join(', ')}`);
}

export async function packTarball({ out = repoRoot, prebuilds, quiet = false } = {}) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-pack-'));
  try {
    for (const entry of SOURCE_ENTRIES) {
      const from = path.join(repoRoot, entry);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
    }

    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    run(process.execPath, [tsc, '-p', path.join(repoRoot, 'tsconfig.json'), '--outDir', path.join(stage, 'dist'),
      '--sourceMap', 'false', '--declarationMap', 'false']);

    if (prebuilds) fs.cpSync(prebuilds, path.join(stage, 'prebuilds'), { recursive: true });
    else await prebuildAddon({ out: stage, quiet });

    fs.mkdirSync(out, { recursive: true });
    const [npm, ...npmArgs] = npmCommand();
    // --ignore-scripts: the package has no pack-time scripts, and its
    // "install" script must not run here.
    const json = run(npm, [...npmArgs, 'pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: stage });
    const [report] = JSON.parse(json);
    const files = report.files.map((f) => f.path).sort();
    checkContents(files);
    return { tarball: path.join(out, report.filename), size: report.size, unpackedSize: report.unpackedSize, files };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? path.resolve(args[at + 1]) : undefined;
  };
  const asJson = args.includes('--json');
  packTarball({ out: option('--out') ?? repoRoot, prebuilds: option('--prebuilds'), quiet: false }).then(
    (result) => {
      if (asJson) {
        console.log(JSON.stringify(result));
        return;
      }
      for (const f of result.files) console.log(`  ${f}`);
      console.log(`${result.tarball}: ${result.files.length} files, ${result.size} bytes packed, ${result.unpackedSize} unpacked`);
    },
    (err) => {
      console.error(`pack failed: ${err.message}`);
      process.exit(1);
    },
  );
}
