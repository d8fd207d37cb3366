// Locating (and, when stale, building) the fixture modules. CMake builds them
// into build/fixtures/; a test run must not depend on someone having run it
// since the last edit, so a missing or outdated .so is rebuilt with the same
// flags CMakeLists.txt uses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixturesBuildDir = path.join(repoRoot, 'build', 'fixtures');

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Absolute path of build/fixtures/<name>.so, compiled first if missing or older than its sources. */
export function fixturePath(name: string): string {
  const source = path.join(repoRoot, 'fixtures', `${name}.c`);
  const header = path.join(repoRoot, 'include', 'redismodule.h');
  const output = path.join(fixturesBuildDir, `${name}.so`);
  if (!fs.existsSync(source)) throw new Error(`no fixture source ${source}`);
  const built = mtimeMs(output);
  if (built >= mtimeMs(source) && built >= mtimeMs(header)) return output;

  fs.mkdirSync(fixturesBuildDir, { recursive: true });
  // Test files run in parallel processes: compile to a private name, then
  // rename, so no process ever loads a half-written .so.
  const partial = `${output}.${process.pid}.tmp`;
  execFileSync(
    'gcc',
    ['-shared', '-fPIC', '-std=gnu99', '-O2', '-Wall', '-W', '-Wno-unused-parameter',
      '-I', path.join(repoRoot, 'include'), '-o', partial, source],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  fs.renameSync(partial, output);
  return output;
}
