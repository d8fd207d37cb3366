// `npm install redis-module-host` on a machine with no compiler.
//
// The tarball is packed the way a release is (scripts/pack-tarball.mjs:
// prebuildify, then npm pack), then installed into empty directories with a
// PATH on which every build tool fails loudly and writes down that it was
// called. The PATH holds nothing else but node and sh (npm runs scripts with
// `sh`), so a tool the poison missed would not be found either. The installed CLI then serves a fixture
// module to redis-cli, and /proc/<pid>/maps of that very process says which
// addon binary it runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../harness/ports';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, repoRoot } from '../harness';

/** Every program a compile from source would run first (node-gyp: python3, make; then the compilers). */
const POISONED_TOOLS = ['cc', 'gcc', 'g++', 'c++', 'clang', 'clang++', 'make', 'cmake', 'python3', 'python'];
const POISON_MESSAGE = 'BUILD TOOL CALLED DURING INSTALL';

interface Run {
  status: number | null;
  output: string;
}

interface PackReport {
  tarball: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rmh-package-'));
const callLog = path.join(work, 'build-tool-calls.log');
const poisonedPath = [path.join(work, 'poison'), path.join(work, 'base')].join(':');
let pack: PackReport;
const children = new Set<ChildProcess>();

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The build tools called since the last reset, one "tool args" line each. */
function buildToolCalls(): string[] {
  if (!fs.existsSync(callLog)) return [];
  return fs.readFileSync(callLog, 'utf8').split('\n').filter((line) => line !== '');
}

/**
 * The environment of a user's shell on a machine without compilers: this
 * test runner's npm_* variables and addon overrides removed, so the
 * installs see only their own command line.
 */
function compilerlessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || /^(PREBUILDS_ONLY|RMH_ADDON|NODE_OPTIONS|REDIS_MODULE_HOST_PREBUILD)$/.test(name)) continue;
    env[name] = value;
  }
  env.PATH = poisonedPath;
  return env;
}

/** npm's own CLI script: the npm that ships with the Node running this test. */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && path.basename(fromNpm) === 'npm-cli.js') return fromNpm;
  for (const libDir of ['lib', '']) {
    const cli = path.join(path.dirname(process.execPath), '..', libDir, 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (fs.existsSync(cli)) return cli;
  }
  throw new Error('npm-cli.js not found next to node');
}

/** Installs the tarball into a new empty directory on the compiler-less PATH. */
async function installTarball(name: string, npmArgs: readonly string[]): Promise<{ dir: string; pkg: string; run: Run; calls: string[] }> {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `rmh-install-${name}`, private: true }));
  fs.rmSync(callLog, { force: true });
  // --prefer-offline: the dependencies come from npm's cache when it has
  // them (offline machines), from the registry otherwise (fresh CI machines).
  const result = await run(
    process.execPath,
    [npmCli(), 'install', pack.tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', ...npmArgs],
    { cwd: dir, env: compilerlessEnv(), timeoutMs: 120_000 },
  );
  return { dir, pkg: path.join(dir, 'node_modules', 'redis-module-host'), run: result, calls: buildToolCalls() };
}


function redisCli(port: number, ...args: string[]): string {
  try {
    return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return '';
  }
}

/** The `.node` files mapped into a running process. */
function mappedAddons(pid: number): string[] {
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  const files = new Set<string>();
  for (const line of maps.split('\n')) {
    // address perms offset dev inode pathname; the pathname may hold spaces.
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6) continue;
    const file = fields.slice(5).join(' ');
    if (file.endsWith('.node')) files.add(file);
  }
  return [...files];
}

interface RunningCli {
  pid: number;
  port: number;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts the installed `redis-module-host` bin (on the compiler-less PATH) and waits for PONG. */
async function startInstalledCli(installDir: string, modulePath: string): Promise<RunningCli> {
  const port = await freePort();
  const bin = path.join(installDir, 'node_modules', '.bin', 'redis-module-host');
  const child = spawn(bin, ['--port', String(port), '--loadmodule', modulePath], {
    cwd: installDir,
    env: compilerlessEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killTimer);
    }
    children.delete(child);
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (redisCli(port, 'PING') === 'PONG\n') {
      // The bin is a `#!/usr/bin/env node` script: env execs node in place, so this pid is the server.
      return { pid: child.pid ?? -1, port, log: () => output, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the installed CLI did not answer PING; its output:\n${output}`);
}

/** What every install on the compiler-less PATH must give: the prebuild, no build, no tool called. */
function expectPrebuiltInstall(install: { pkg: string; run: Run; calls: string[] }): string {
  expect(install.run.status, install.run.output).toBe(0);
  expect(install.calls).toEqual([]);
  expect(install.run.output).not.toContain(POISON_MESSAGE);
  // node-gyp-build prefers build/Release: a compile would have left it there.
  expect(fs.existsSync(path.join(install.pkg, 'build'))).toBe(false);
  const platformDir = path.join(install.pkg, 'prebuilds', `${os.platform()}-${os.arch()}`);
  const prebuilt = fs.readdirSync(platformDir).filter((f) => f.endsWith('.node'));
  expect(prebuilt).toHaveLength(1);
  return fs.realpathSync(path.join(platformDir, prebuilt[0]));
}

async function expectCliServesFixture(installDir: string, prebuilt: string): Promise<void> {
  const cli = await startInstalledCli(installDir, fixturePath('hello'));
  try {
    expect(redisCli(cli.port, 'hello.echo', 'from the tarball')).toBe('from the tarball\n');
    expect(redisCli(cli.port, 'MODULE', 'LIST')).toContain('hello');
    expect(mappedAddons(cli.pid)).toEqual([prebuilt]);
  } finally {
    await cli.stop();
  }
  expect(buildToolCalls()).toEqual([]);
}

/**
 * node-gyp ran and reached for a poisoned tool. It probes python3 first and
 * keeps the probe's stderr to itself, so the call log is the evidence.
 */
function expectCompileAttempt(output: string, calls: string[]): void {
  expect(output).toContain('node-gyp');
  expect(calls.length, output).toBeGreaterThan(0);
  for (const call of calls) expect(POISONED_TOOLS).toContain(call.split(' ')[0]);
  console.log(`build tools called: ${calls.join(' | ')}`);
}

beforeAll(async () => {
  // A build tool's stand-in: says loudly that it was called, notes it, fails.
  fs.mkdirSync(path.join(work, 'poison'));
  for (const tool of POISONED_TOOLS) {
    const script = path.join(work, 'poison', tool);
    fs.writeFileSync(
      script,
      `#!/bin/sh\necho "${POISON_MESSAGE}: ${tool} $*" >&2\necho "${tool} $*" >> '${callLog}'\nexit 97\n`,
    );
    fs.chmodSync(script, 0o755);
  }
  fs.mkdirSync(path.join(work, 'base'));
  fs.symlinkSync(process.execPath, path.join(work, 'base', 'node'));
  fs.symlinkSync('/bin/sh', path.join(work, 'base', 'sh'));

  // Packed with the ordinary PATH: making the prebuild is the one step that compiles.
  const packed = await run(process.execPath, [path.join(repoRoot, 'scripts', 'pack-tarball.mjs'), '--out', work, '--json'], {
    cwd: repoRoot,
    timeoutMs: 170_000,
  });
  expect(packed.status, packed.output).toBe(0);
  const lines = packed.output.trim().split('\n');
  pack = JSON.parse(lines[lines.length - 1]) as PackReport;
  console.log(`tarball ${path.basename(pack.tarball)}: ${pack.files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} bytes unpacked`);
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm install from the packed tarball, with no build tools on PATH', () => {
  it('ships the prebuild, the library, the CLI, the header and the fallback sources, and nothing else', () => {
    expect(pack.files.filter((f) => f.startsWith('prebuilds/'))).toEqual([`prebuilds/${os.platform()}-${os.arch()}/redis-module-host.glibc.node`]);
    expect(pack.files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'include/redismodule.h', 'binding.gyp']));
    expect(pack.files.some((f) => /^(test|fixtures|build|src|scripts|bench|docs)\//.test(f) || f.endsWith('.map'))).toBe(false);
    expect(pack.size).toBeLessThan(2 * 1024 * 1024);
  });

  it('installs without calling a compiler, and the installed CLI runs the prebuilt addon', async () => {
    const install = await installTarball('default', []);
    const prebuilt = expectPrebuiltInstall(install);
    // The install script did run: it is node-gyp-build's check that a prebuild loads.
    expect(install.run.output).toContain('node-gyp-build');
    await expectCliServesFixture(install.dir, prebuilt);

    // The library entry point and its types, as a dependent project resolves them.
    const probe = await run(
      process.execPath,
      ['-e', `const m = require('redis-module-host'); const p = require('redis-module-host/package.json');
        const types = require('path').join(require.resolve('redis-module-host'), '..', 'index.d.ts');
        console.log(typeof m.startServer, p.name, require('fs').existsSync(types));`],
      { cwd: install.dir, env: compilerlessEnv(), timeoutMs: 15_000 },
    );
    expect(probe.output.trim()).toBe('function redis-module-host true');
  }, 60_000);

  it('works the same with --ignore-scripts', async () => {
    const install = await installTarball('ignore-scripts', ['--ignore-scripts']);
    const prebuilt = expectPrebuiltInstall(install);
    expect(install.run.output).not.toContain('node-gyp-build');
    await expectCliServesFixture(install.dir, prebuilt);
  }, 60_000);

  it('compiles modules against the shipped include/redismodule.h', async () => {
    const install = await installTarball('header', ['--ignore-scripts']);
    const prebuilt = expectPrebuiltInstall(install);
    // A user's module build, with the ordinary PATH: gcc and the shipped header only.
    const module = path.join(work, 'hello-shipped-header.so');
    execFileSync('gcc', ['-shared', '-fPIC', '-std=gnu99', '-I', path.join(install.pkg, 'include'), '-o', module,
      path.join(repoRoot, 'fixtures', 'hello.c')]);
    const cli = await startInstalledCli(install.dir, module);
    try {
      expect(redisCli(cli.port, 'hello.echo', 'shipped header')).toBe('shipped header\n');
      expect(mappedAddons(cli.pid)).toEqual([prebuilt]);
    } finally {
      await cli.stop();
    }
  }, 60_000);

  // Controls: the PATH really stops a compile, so the tests above would fail
  // if the package needed one.
  it('control: --build-from-source fails and shows the build tool call', async () => {
    const install = await installTarball('build-from-source', ['--build-from-source']);
    expect(install.run.status).not.toBe(0);
    expectCompileAttempt(install.run.output, install.calls);
    expect(fs.existsSync(path.join(install.pkg, 'build', 'Release'))).toBe(false);
  }, 60_000);

  it('control: without prebuilds/ the install script tries to compile, and fails', async () => {
    const install = await installTarball('no-prebuilds', ['--ignore-scripts']);
    expect(install.run.status, install.run.output).toBe(0);
    fs.rmSync(path.join(install.pkg, 'prebuilds'), { recursive: true });
    fs.rmSync(callLog, { force: true });
    // `npm rebuild` runs the install script as `npm install` does.
    const rebuild = await run(process.execPath, [npmCli(), 'rebuild', 'redis-module-host', '--foreground-scripts'], {
      cwd: install.dir,
      env: compilerlessEnv(),
      timeoutMs: 60_000,
    });
    expect(rebuild.status).not.toBe(0);
    expectCompileAttempt(rebuild.output, buildToolCalls());
  }, 60_000);
});
