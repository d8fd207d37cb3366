// The API table, the header and docs/api-status.md agree: every function
// pointer include/redismodule.h declares is either registered (GetApi
// resolves it) or listed as not implemented yet, never both, and the table
// holds nothing the header does not declare.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { native } from '../src/native';

const root = path.resolve(__dirname, '..');

function headerFunctions(): Set<string> {
  const text = fs.readFileSync(path.join(root, 'include/redismodule.h'), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/\(\*(RedisModule_\w+)\)\s*\(/g)) names.add(m[1]);
  // GetApi is read from the context, not registered (Redis does the same).
  names.delete('RedisModule_GetApi');
  return names;
}

function listedUnder(heading: string): string[] {
  const text = fs.readFileSync(path.join(root, 'docs/api-status.md'), 'utf8');
  const start = text.indexOf(`## ${heading}`);
  expect(start, `docs/api-status.md has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^- (RedisModule_\w+)$/gm)].map((m) => m[1]);
}

describe('module API status', () => {
  const registered = new Set(native().apiNames());
  const declared = headerFunctions();

  it('registers only functions the header declares', () => {
    expect([...registered].filter((n) => !declared.has(n))).toEqual([]);
  });

  it('lists exactly the registered functions as implemented', () => {
    expect(new Set(listedUnder('Implemented'))).toEqual(registered);
  });

  it('lists every declared function that is not registered as not implemented yet', () => {
    const notYet = new Set(listedUnder('Not implemented yet'));
    const unaccounted = [...declared].filter((n) => !registered.has(n) && !notYet.has(n));
    const both = [...notYet].filter((n) => registered.has(n));
    expect({ unaccounted, both }).toEqual({ unaccounted: [], both: [] });
    expect(notYet.size + registered.size).toBe(declared.size);
  });

  it('resolves the families of the foundation issue', () => {
    for (const name of ['Alloc', 'PoolAlloc', 'CreateCommand', 'SetCommandInfo', 'CreateStringPrintf', 'ReplyWithMap', 'ReplySetAttributeLength', 'Log', 'SelectDb', 'GetContextFlags', '_Assert']) {
      expect(registered.has(`RedisModule_${name}`), name).toBe(true);
    }
  });
});
