// MODULE LOAD / LOADEX / LIST / UNLOAD / HELP, with Redis 7.0.15's replies,
// errors and the enable-module-command gate. The work is the module manager's.
import { defineCommand, defineContainer, equalsIgnoreCase, type Command, type CommandMeta, type Context } from './table';
import { ModuleManager } from '../modules/module-manager';

const LOAD_ERROR = 'ERR Error loading the extension. Please check the server logs.';
const NOT_ALLOWED =
  'ERR MODULE command not allowed. If the enable-module-command option is set to "local", ' +
  'you can run it from a local connection, otherwise you need to set this option in the ' +
  'configuration file, and then restart the server.';

const HELP_LINES = [
  'MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LIST',
  '    Return a list of loaded modules.',
  'LOAD <path> [<arg> ...]',
  '    Load a module library from <path>, passing to it any optional arguments.',
  'LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]',
  '    Load a module library from <path>, while passing it module configurations and optional arguments.',
  'UNLOAD <name>',
  '    Unload a module.',
  'HELP',
  '    Prints this help.',
];

const ADMIN = ['@admin', '@slow', '@dangerous'];

function sub(name: string, arity: number, flags: string[], acl: string[], docs: CommandMeta['docs'], tips?: string[]): CommandMeta {
  const meta: CommandMeta = { name: `module|${name}`, arity, flags, firstKey: 0, lastKey: 0, keyStep: 0, aclCategories: acl, docs };
  if (tips !== undefined) meta.tips = tips;
  return meta;
}

/** The manager of the server running the command, or null when modules are unavailable. */
function manager(ctx: Context): ModuleManager | null {
  const modules = ctx.server.modules;
  return modules instanceof ModuleManager ? modules : null;
}

/**
 * enable-module-command: "yes", "no", or "local" (loopback and in-process
 * clients only). Protected subcommands are refused before they run.
 */
function allowed(ctx: Context): boolean {
  const setting = String(ctx.server.config.get?.('enable-module-command') ?? 'no');
  if (setting === 'yes') return true;
  if (setting === 'local') return ctx.client.isLocal();
  return false;
}

function load(ctx: Context, path: string, args: Buffer[]): void {
  const mm = manager(ctx);
  if (mm === null) {
    ctx.server.logger.log('warning', `Module ${path} failed to load: module support is not available`);
    ctx.reply.error(LOAD_ERROR);
    return;
  }
  const outcome = mm.load(path, args);
  if (outcome.ok) ctx.reply.simple('OK');
  else ctx.reply.error(LOAD_ERROR);
}

function moduleLoad(ctx: Context): void {
  if (!allowed(ctx)) return ctx.reply.error(NOT_ALLOWED);
  load(ctx, ctx.argv[2].toString(), ctx.argv.slice(3));
}

/**
 * LOADEX path [CONFIG name value ...] [ARGS arg ...]. Module configurations
 * are not implemented yet: as in Redis when a module registers none, queued
 * CONFIG pairs make the load fail after OnLoad, with Redis's log line.
 */
function moduleLoadex(ctx: Context): void {
  if (!allowed(ctx)) return ctx.reply.error(NOT_ALLOWED);
  const { argv } = ctx;
  const path = argv[2].toString();
  let args: Buffer[] = [];
  let configs = 0;
  for (let i = 3; i < argv.length; i++) {
    if (equalsIgnoreCase(argv[i], 'config')) {
      if (i + 2 >= argv.length) {
        ctx.server.logger.log('notice', 'CONFIG specified without name value pair');
        return ctx.reply.error(LOAD_ERROR);
      }
      configs++;
      i += 2;
    } else if (equalsIgnoreCase(argv[i], 'args')) {
      args = argv.slice(i + 1);
      break;
    } else {
      ctx.server.logger.log('notice', `Syntax Error from arguments to loadex around ${argv[i].toString()}.`);
      return ctx.reply.error(LOAD_ERROR);
    }
  }
  const mm = manager(ctx);
  if (mm === null || configs === 0) return load(ctx, path, args);
  const outcome = mm.load(path, args);
  if (!outcome.ok) return ctx.reply.error(LOAD_ERROR);
  ctx.server.logger.log(
    'warning',
    'Loadex configurations were not applied, likely due to invalid arguments. Unloading the module.',
  );
  mm.unload(outcome.name);
  ctx.reply.error(LOAD_ERROR);
}

function moduleUnload(ctx: Context): void {
  if (!allowed(ctx)) return ctx.reply.error(NOT_ALLOWED);
  const mm = manager(ctx);
  const outcome = mm === null ? { ok: false as const, error: 'no such module with that name' } : mm.unload(ctx.argv[2].toString());
  if (outcome.ok) ctx.reply.simple('OK');
  else ctx.reply.error(`ERR Error unloading module: ${outcome.error}`);
}

function moduleList(ctx: Context): void {
  const mods = manager(ctx)?.list() ?? [];
  const { reply } = ctx;
  reply.arrayHeader(mods.length);
  for (const m of mods) {
    reply.mapHeader(4);
    reply.bulk('name');
    reply.bulk(m.name);
    reply.bulk('ver');
    reply.integer(m.ver);
    reply.bulk('path');
    reply.bulk(m.path);
    reply.bulk('args');
    reply.arrayHeader(m.args.length);
    for (const a of m.args) reply.bulk(a);
  }
}

function moduleHelp(ctx: Context): void {
  ctx.reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) ctx.reply.simple(line);
}

const PROTECTED = ['admin', 'noscript', 'no_async_loading'];

// Subcommands in the order Redis 7.0.15 happened to list them once; Redis's
// own order comes from a seeded hash table and varies between runs.
export const moduleCommand: Command = defineContainer(
  {
    name: 'module',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: { summary: 'A container for module commands', since: '4.0.0', group: 'server', complexity: 'Depends on subcommand.' },
  },
  [
    defineCommand(
      sub('loadex', -3, PROTECTED, ADMIN, {
        summary: 'Load a module with extended parameters',
        since: '7.0.0',
        group: 'server',
        complexity: 'O(1)',
        arguments: [
          { name: 'path', type: 'string' },
          {
            name: 'configs',
            type: 'block',
            token: 'CONFIG',
            flags: ['optional', 'multiple', 'multiple_token'],
            arguments: [
              { name: 'name', type: 'string' },
              { name: 'value', type: 'string' },
            ],
          },
          {
            name: 'args',
            type: 'block',
            token: 'ARGS',
            flags: ['optional', 'multiple'],
            arguments: [{ name: 'arg', type: 'string' }],
          },
        ],
      }),
      moduleLoadex,
    ),
    defineCommand(
      sub('list', 2, ['admin', 'noscript'], ADMIN, {
        summary: 'List all modules loaded by the server',
        since: '4.0.0',
        group: 'server',
        complexity: 'O(N) where N is the number of loaded modules.',
      }, ['nondeterministic_output_order']),
      moduleList,
    ),
    defineCommand(
      sub('load', -3, PROTECTED, ADMIN, {
        summary: 'Load a module',
        since: '4.0.0',
        group: 'server',
        complexity: 'O(1)',
        arguments: [
          { name: 'path', type: 'string' },
          { name: 'arg', type: 'string', flags: ['optional', 'multiple'] },
        ],
      }),
      moduleLoad,
    ),
    defineCommand(
      sub('help', 2, ['loading', 'stale'], ['@slow'], {
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        group: 'server',
        complexity: 'O(1)',
      }),
      moduleHelp,
    ),
    defineCommand(
      sub('unload', 3, PROTECTED, ADMIN, {
        summary: 'Unload a module',
        since: '4.0.0',
        group: 'server',
        complexity: 'O(1)',
        arguments: [{ name: 'name', type: 'string' }],
      }),
      moduleUnload,
    ),
  ],
);
