#!/usr/bin/env node
// Makes the Node-API prebuild that the npm package ships:
//   prebuilds/<platform>-<arch>/redis-module-host.<libc>.node
// with prebuildify (which drives node-gyp and binding.gyp, the same build a
// user's machine runs when no prebuild fits).
//
//   node scripts/prebuild-addon.mjs [--out DIR]     (default DIR: the repository)
//
// node-gyp's "rebuild" deletes and rewrites build/, which is cmake-js's
// development build (and its fixtures). So node-gyp runs in a staging copy of
// the sources, and only the finished binary comes back.
//
// One binary serves every Node version with Node-API 8 (binding.gyp defines
// NAPI_VERSION=8), so it is compiled against the running Node's headers when
// they are installed next to it: no header download, which CI machines and
// offline builds may not have. npm_config_nodedir overrides that choice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));

/** The files binding.gyp compiles from (package.json: prebuildify names the binary after it). */
const BUILD_INPUTS = ['binding.gyp', 'package.json', 'native', 'include'];

/** A Node install prefix whose include/node holds what node-gyp needs, or undefined. */
function localNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const headers = path.join(prefix, 'include', 'node');
  const complete = ['node_api.h', 'common.gypi'].every((f) => fs.existsSync(path.join(headers, f)));
  return complete ? prefix : undefined;
}

/**
 * node-gyp's entry script. It is not a dependency of ours: npm bundles it
 * (npm's own install scripts use it), so look there.
 */
function nodeGypScript() {
  const candidates = [];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally: npm's copy below
  }
  if (process.env.npm_execpath) {
    candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  for (const libDir of ['lib', '']) {
    candidates.push(path.join(path.dirname(process.execPath), '..', libDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked in: ${candidates.join(', ')})`);
  return found;
}

/** Single-quotes a word for /bin/sh, which prebuildify runs node-gyp through. */
function shellWord(word) {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function runPrebuildify(opts) {
  const prebuildify = require('prebuildify');
  return new Promise((resolve, reject) => {
    prebuildify(opts, (err) => (err ? reject(err) : resolve()));
  });
}

/** Loads the binary in a fresh Node to prove it is a working addon of ours. */
function checkLoads(file) {
  const probe = `const a = require(${JSON.stringify(file)});
    if (typeof a.loadModule !== 'function' || !a.apiNames().includes('RedisModule_Alloc')) throw new Error('not our addon');`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the prebuild does not load: ${r.stderr}`);
}

/**
 * Builds the prebuild into <out>/prebuilds/<platform>-<arch>/ (replacing what
 * was there) and returns the binary's path.
 */
export async function prebuildAddon({ out = repoRoot, quiet = false } = {}) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-prebuild-'));
  try {
    for (const entry of BUILD_INPUTS) {
      fs.cpSync(path.join(repoRoot, entry), path.join(stage, entry), { recursive: true });
    }
    // binding.gyp asks node for node-addon-api's include directory.
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

    const nodeDir = localNodeDir();
    if (nodeDir) process.env.npm_config_nodedir = nodeDir;
    else if (!quiet) console.error('prebuild: no local Node headers; node-gyp will download them');

    await runPrebuildify({
      cwd: stage,
      out: stage,
      napi: true,
      strip: true,
      // Alpine's musl cannot load a glibc binary: tagged, node-gyp-build skips it there and compiles.
      tagLibc: true,
      // The version only picks the headers; the binary is Node-API 8 for every version.
      targets: [`node@${process.versions.node}`],
      nodeGyp: `${shellWord(process.execPath)} ${shellWord(nodeGypScript())}`,
      shell: '/bin/sh',
      quiet,
    });

    const platformDir = `${os.platform()}-${os.arch()}`;
    const built = path.join(stage, 'prebuilds', platformDir);
    const binaries = fs.readdirSync(built).filter((f) => f.endsWith('.node'));
    if (binaries.length !== 1) throw new Error(`expected one binary in ${built}, found: ${binaries.join(', ')}`);
    checkLoads(path.join(built, binaries[0]));

    const dest = path.join(out, 'prebuilds', platformDir);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    fs.copyFileSync(path.join(built, binaries[0]), path.join(dest, binaries[0]));
    return path.join(dest, binaries[0]);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? path.resolve(args[outAt + 1]) : repoRoot;
  prebuildAddon({ out, quiet: args.includes('--quiet') }).then(
    (file) => console.log(`prebuild: ${file} (${fs.statSync(file).size} bytes)`),
    (err) => {
      console.error(`prebuild failed: ${err.message}`);
      process.exit(1);
    },
  );
}
