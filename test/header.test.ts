// include/redismodule.h is read by three kinds of code: C and C++ modules (the
// default mode), the host in REDISMODULE_CORE mode, and native/core/api_table.cc.
// These tests compile each view with warnings as errors, and check that the
// function pointers the header declares are exactly Redis 7.0.15's API names.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const includeDir = path.join(repoRoot, 'include');
const headerPath = path.join(includeDir, 'redismodule.h');
const apiListPath = path.join(repoRoot, '..', 'shared', 'api', 'redis-7.0-api.txt');

// RedisModule_GetApi is the bootstrap pointer RedisModule_Init fills from the
// context; the server never registers it under its own name, so the 7.0.15
// name list does not contain it.
const BOOTSTRAP_POINTERS = new Set(['RedisModule_GetApi']);

const workDir = mkdtempSync(path.join(tmpdir(), 'rmh-header-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeSource(name: string, text: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, text);
  return file;
}

// Throws with the compiler's diagnostics, so a failing test shows them.
function compile(compiler: 'gcc' | 'g++', args: readonly string[]): void {
  try {
    execFileSync(compiler, [...args, '-I', includeDir], { stdio: 'pipe' });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`${compiler} ${args.join(' ')} failed:\n${stderr}`);
  }
}

// A module that touches the parts of the header modules rely on: Init, the
// helper macros, a data type, command info and event structs.
const MODULE_SOURCE = `
#include "redismodule.h"
#include <string.h>

static RedisModuleType *CounterType;

static int EchoCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModule_Assert(argv[1] != NULL);
    return RedisModule_ReplyWithString(ctx, argv[1]);
}

static void *CounterLoad(RedisModuleIO *io, int encver) {
    REDISMODULE_NOT_USED(encver);
    return (void *)(intptr_t)RedisModule_LoadSigned(io);
}

static void CounterSave(RedisModuleIO *io, void *value) {
    RedisModule_SaveSigned(io, (int64_t)(intptr_t)value);
}

static void CounterFree(void *value) { REDISMODULE_NOT_USED(value); }

static void OnFlush(RedisModuleCtx *ctx, RedisModuleEvent eid, uint64_t subevent, void *data) {
    REDISMODULE_NOT_USED(ctx); REDISMODULE_NOT_USED(eid); REDISMODULE_NOT_USED(subevent);
    RedisModuleFlushInfo *info = (RedisModuleFlushInfo *)data;
    REDISMODULE_NOT_USED(info);
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv); REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "headertest", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR) return REDISMODULE_ERR;
    RedisModuleTypeMethods methods;
    memset(&methods, 0, sizeof(methods));
    methods.version = REDISMODULE_TYPE_METHOD_VERSION;
    methods.rdb_load = CounterLoad;
    methods.rdb_save = CounterSave;
    methods.free = CounterFree;
    CounterType = RedisModule_CreateDataType(ctx, "hdrcount1", 0, &methods);
    if (RedisModule_CreateCommand(ctx, "headertest.echo", EchoCommand, "readonly", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleCommandInfo info;
    memset(&info, 0, sizeof(info));
    info.version = REDISMODULE_COMMAND_INFO_VERSION;
    info.arity = 2;
    RedisModule_SetCommandInfo(RedisModule_GetCommand(ctx, "headertest.echo"), &info);
    RedisModule_SubscribeToServerEvent(ctx, RedisModuleEvent_FlushDB, OnFlush);
    if (RMAPI_FUNC_SUPPORTED(RedisModule_GetServerVersion) && RedisModule_IsAOFClient(RedisModule_GetClientId(ctx)))
        return REDISMODULE_ERR;
    return CounterType ? REDISMODULE_OK : REDISMODULE_ERR;
}
`;

// A second translation unit of the same module: the pointers are tentative
// definitions, so linking both under -fno-common must not clash.
const SECOND_UNIT_SOURCE = `
#include "redismodule.h"
int second_unit_has_alloc(void) { return RedisModule_Alloc != NULL; }
`;

// The host's view: types and constants only, opaque structs completed here.
const CORE_SOURCE = `
#define REDISMODULE_CORE 1
#include "redismodule.h"
#include <cstddef>

struct RedisModuleCtx { void *getapifuncptr; };

static_assert(sizeof(RedisModuleEvent) == 16, "RedisModuleEvent layout");
static_assert(offsetof(RedisModuleCommandInfo, args) == 64, "RedisModuleCommandInfo layout");
static_assert(sizeof(RedisModuleTypeMethods) == 144, "RedisModuleTypeMethods layout");

int core_uses_types(RedisModuleCtx *ctx, RedisModuleCmdFunc fn, RedisModuleString **argv) {
    return fn ? fn(ctx, argv, 0) : REDISMODULE_OK;
}
`;

describe('include/redismodule.h compiles', () => {
  it.each(['gnu99', 'c11'])('as a C module with -std=%s -Wall -Wextra -Werror', (std) => {
    const src = writeSource(`module_${std}.c`, MODULE_SOURCE);
    compile('gcc', [`-std=${std}`, '-Wall', '-Wextra', '-Werror', '-fPIC', '-c', src, '-o', `${src}.o`]);
  });

  it('links two module translation units with -fno-common', () => {
    const first = writeSource('unit_a.c', MODULE_SOURCE);
    const second = writeSource('unit_b.c', SECOND_UNIT_SOURCE);
    const out = path.join(workDir, 'two_units.so');
    compile('gcc', ['-std=gnu99', '-Wall', '-Werror', '-fno-common', '-fPIC', '-shared', first, second, '-o', out]);
    expect(existsSync(out)).toBe(true);
  });

  it('as a C++17 module with -Wall -Wextra -Werror', () => {
    const src = writeSource('module_cxx.cc', MODULE_SOURCE);
    compile('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-fPIC', '-c', src, '-o', `${src}.o`]);
  });

  it('in REDISMODULE_CORE mode as C++17, without pointers or RedisModule_Init', () => {
    const src = writeSource('core.cc', CORE_SOURCE);
    compile('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-c', src, '-o', `${src}.o`]);
    // Core mode must not declare the module-side globals: using one must fail.
    const misuse = writeSource('core_misuse.cc', `${CORE_SOURCE}\nvoid *leak() { return (void *)RedisModule_Alloc; }\n`);
    expect(() => compile('g++', ['-std=c++17', '-c', misuse, '-o', `${misuse}.o`])).toThrow(/RedisModule_Alloc/);
  });
});

describe('include/redismodule.h API surface', () => {
  const header = readFileSync(headerPath, 'utf8');
  const declared = new Set(Array.from(header.matchAll(/\(\*(RedisModule_\w+)\)\s*\(/g), (m) => m[1]));
  const fetched = new Set(Array.from(header.matchAll(/REDISMODULE_GET_API\((\w+)\);/g), (m) => `RedisModule_${m[1]}`));

  it('declares exactly the 332 function pointers of Redis 7.0.15', (context) => {
    if (!existsSync(apiListPath)) {
      context.skip(`API list not found at ${apiListPath}; cannot compare the declared pointers`);
      return;
    }
    const expected = new Set(
      readFileSync(apiListPath, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line.length > 0),
    );
    const declaredApi = new Set([...declared].filter((name) => !BOOTSTRAP_POINTERS.has(name)));
    expect(expected.size).toBe(332);
    expect([...declaredApi].filter((name) => !expected.has(name)).sort()).toEqual([]);
    expect([...expected].filter((name) => !declaredApi.has(name)).sort()).toEqual([]);
  });

  it('fetches every declared pointer in RedisModule_Init', () => {
    const needed = [...declared].filter((name) => !BOOTSTRAP_POINTERS.has(name)).sort();
    expect([...fetched].sort()).toEqual(needed);
  });
});
