// COMMAND and its subcommands: everything here reads the one command table.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import { globMatch } from '../util/glob';
import {
  defineCommand,
  defineContainer,
  equalsIgnoreCase,
  type Command,
  type CommandMeta,
  type Context,
} from './table';
import type { ArgDoc, KeySpec } from './types';
import type { ReplyWriter } from '../resp/reply-writer';

const meta = {
  command: {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    tips: ['nondeterministic_output_order'],
    docs: {
      summary: 'Get array of Redis command details',
      since: '2.8.13',
      group: 'server',
      complexity: 'O(N) where N is the total number of Redis commands',
    },
  },
  'command|list': {
    name: 'command|list',
    arity: -2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    tips: ['nondeterministic_output_order'],
    docs: {
      summary: 'Get an array of Redis command names',
      since: '7.0.0',
      group: 'server',
      complexity: 'O(N) where N is the total number of Redis commands',
      arguments: [
        {
          name: 'filterby',
          type: 'oneof',
          token: 'FILTERBY',
          flags: ['optional'],
          arguments: [
            { name: 'module-name', type: 'string', token: 'MODULE' },
            { name: 'category', type: 'string', token: 'ACLCAT' },
            { name: 'pattern', type: 'pattern', token: 'PATTERN' },
          ],
        },
      ],
    },
  },
  'command|docs': {
    name: 'command|docs',
    arity: -2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    tips: ['nondeterministic_output_order'],
    docs: {
      summary: 'Get array of specific Redis command documentation',
      since: '7.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of commands to look up',
      arguments: [{ name: 'command-name', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  'command|count': {
    name: 'command|count',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Get total number of Redis commands',
      since: '2.8.13',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  'command|info': {
    name: 'command|info',
    arity: -2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    tips: ['nondeterministic_output_order'],
    docs: {
      summary: 'Get array of specific Redis command details, or all when no argument is given.',
      since: '2.8.13',
      group: 'server',
      complexity: 'O(N) where N is the number of commands to look up',
      history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
      arguments: [{ name: 'command-name', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  'command|help': {
    name: 'command|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '5.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
  },
  'command|getkeysandflags': {
    name: 'command|getkeysandflags',
    arity: -4,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Extract keys and access flags given a full Redis command',
      since: '7.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of arguments to the command',
    },
  },
  'command|getkeys': {
    name: 'command|getkeys',
    arity: -4,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow', '@connection'],
    docs: {
      summary: 'Extract keys given a full Redis command',
      since: '2.8.13',
      group: 'server',
      complexity: 'O(N) where N is the number of arguments to the command',
    },
  },
} satisfies Record<string, CommandMeta>;

const HELP_LINES = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.'
];

// ---- COMMAND INFO -------------------------------------------------------

function writeSimpleSet(reply: ReplyWriter, items: readonly string[]): void {
  reply.setHeader(items.length);
  for (const item of items) reply.simple(item);
}

function writeBulkSet(reply: ReplyWriter, items: readonly string[]): void {
  reply.setHeader(items.length);
  for (const item of items) reply.bulk(item);
}

function writeKeySpec(reply: ReplyWriter, spec: KeySpec): void {
  reply.mapHeader(spec.notes !== undefined ? 4 : 3);
  if (spec.notes !== undefined) {
    reply.bulk('notes');
    reply.bulk(spec.notes);
  }
  reply.bulk('flags');
  writeSimpleSet(reply, spec.flags);
  reply.bulk('begin_search');
  reply.mapHeader(2);
  reply.bulk('type');
  const bs = spec.beginSearch;
  reply.bulk(bs.type);
  reply.bulk('spec');
  if (bs.type === 'index') {
    reply.mapHeader(1);
    reply.bulk('index');
    reply.integer(bs.pos);
  } else if (bs.type === 'keyword') {
    reply.mapHeader(2);
    reply.bulk('keyword');
    reply.bulk(bs.keyword);
    reply.bulk('startfrom');
    reply.integer(bs.startfrom);
  } else {
    reply.mapHeader(0);
  }
  reply.bulk('find_keys');
  reply.mapHeader(2);
  reply.bulk('type');
  const fk = spec.findKeys;
  reply.bulk(fk.type);
  reply.bulk('spec');
  if (fk.type === 'range') {
    reply.mapHeader(3);
    reply.bulk('lastkey');
    reply.integer(fk.lastkey);
    reply.bulk('keystep');
    reply.integer(fk.step);
    reply.bulk('limit');
    reply.integer(fk.limit);
  } else if (fk.type === 'keynum') {
    reply.mapHeader(3);
    reply.bulk('keynumidx');
    reply.integer(fk.keynumidx);
    reply.bulk('firstkey');
    reply.integer(fk.firstkey);
    reply.bulk('keystep');
    reply.integer(fk.step);
  } else {
    reply.mapHeader(0);
  }
}

export function writeCommandInfo(reply: ReplyWriter, cmd: Command | undefined): void {
  if (cmd === undefined) {
    reply.nullBulk();
    return;
  }
  reply.arrayHeader(10);
  reply.bulk(cmd.name);
  reply.integer(cmd.arity);
  writeSimpleSet(reply, cmd.flags);
  reply.integer(cmd.firstKey);
  reply.integer(cmd.lastKey);
  reply.integer(cmd.keyStep);
  writeSimpleSet(reply, cmd.aclCategories);
  writeBulkSet(reply, cmd.tips ?? []);
  const specs = cmd.keySpecs ?? [];
  reply.setHeader(specs.length);
  for (const spec of specs) writeKeySpec(reply, spec);
  if (cmd.subcommands === undefined) {
    reply.setHeader(0);
  } else {
    reply.arrayHeader(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) writeCommandInfo(reply, sub);
  }
}

// ---- COMMAND DOCS -------------------------------------------------------

function writeArgs(reply: ReplyWriter, args: readonly ArgDoc[]): void {
  reply.arrayHeader(args.length);
  for (const arg of args) {
    const nested = arg.type === 'oneof' || arg.type === 'block';
    let fields = 2;
    // Redis prints key_spec_index for any argument that has one (SORT's
    // pattern arguments are not keys but point at a key spec).
    if (arg.keySpecIndex !== undefined) fields++;
    if (arg.token !== undefined) fields++;
    if (arg.summary !== undefined) fields++;
    if (arg.since !== undefined) fields++;
    if (arg.flags !== undefined && arg.flags.length > 0) fields++;
    if (arg.deprecatedSince !== undefined) fields++;
    if (nested) fields++;
    reply.mapHeader(fields);
    reply.bulk('name');
    reply.bulk(arg.name);
    reply.bulk('type');
    reply.bulk(arg.type);
    if (arg.keySpecIndex !== undefined) {
      reply.bulk('key_spec_index');
      reply.integer(arg.keySpecIndex);
    }
    if (arg.token !== undefined) {
      reply.bulk('token');
      reply.bulk(arg.token);
    }
    if (arg.summary !== undefined) {
      reply.bulk('summary');
      reply.bulk(arg.summary);
    }
    if (arg.since !== undefined) {
      reply.bulk('since');
      reply.bulk(arg.since);
    }
    // Redis's addReplyCommandArgList order: deprecated_since, then flags.
    if (arg.deprecatedSince !== undefined) {
      reply.bulk('deprecated_since');
      reply.bulk(arg.deprecatedSince);
    }
    if (arg.flags !== undefined && arg.flags.length > 0) {
      reply.bulk('flags');
      writeSimpleSet(reply, arg.flags);
    }
    if (nested) {
      reply.bulk('arguments');
      writeArgs(reply, arg.arguments ?? []);
    }
  }
}

export function writeCommandDocs(reply: ReplyWriter, cmd: Command): void {
  const d = cmd.docs;
  const group = cmd.module !== undefined ? 'module' : d.group;
  let fields = 1;
  if (d.summary !== undefined) fields++;
  if (d.since !== undefined) fields++;
  if (d.complexity !== undefined) fields++;
  if (cmd.module !== undefined) fields++;
  if (d.docFlags !== undefined && d.docFlags.length > 0) fields++;
  if (d.deprecatedSince !== undefined) fields++;
  if (d.replacedBy !== undefined) fields++;
  // Given-but-empty history or arguments still print (a module may set them
  // to an empty list); built-in docs leave them undefined when there are none.
  if (d.history !== undefined) fields++;
  if (d.arguments !== undefined) fields++;
  if (cmd.subcommands !== undefined) fields++;
  reply.mapHeader(fields);
  if (d.summary !== undefined) {
    reply.bulk('summary');
    reply.bulk(d.summary);
  }
  if (d.since !== undefined) {
    reply.bulk('since');
    reply.bulk(d.since);
  }
  reply.bulk('group');
  reply.bulk(group);
  if (d.complexity !== undefined) {
    reply.bulk('complexity');
    reply.bulk(d.complexity);
  }
  if (cmd.module !== undefined) {
    reply.bulk('module');
    reply.bulk(cmd.module);
  }
  if (d.docFlags !== undefined && d.docFlags.length > 0) {
    reply.bulk('doc_flags');
    writeSimpleSet(reply, d.docFlags);
  }
  if (d.deprecatedSince !== undefined) {
    reply.bulk('deprecated_since');
    reply.bulk(d.deprecatedSince);
  }
  if (d.replacedBy !== undefined) {
    reply.bulk('replaced_by');
    reply.bulk(d.replacedBy);
  }
  if (d.history !== undefined) {
    reply.bulk('history');
    reply.setHeader(d.history.length);
    for (const [since, changes] of d.history) {
      reply.arrayHeader(2);
      reply.bulk(since);
      reply.bulk(changes);
    }
  }
  if (d.arguments !== undefined) {
    reply.bulk('arguments');
    writeArgs(reply, d.arguments);
  }
  if (cmd.subcommands !== undefined) {
    reply.bulk('subcommands');
    reply.mapHeader(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      reply.bulk(sub.name);
      writeCommandDocs(reply, sub);
    }
  }
}

// ---- key extraction -----------------------------------------------------

import type { KeyPosition } from './types';
export type { KeyPosition };

/**
 * Key positions of a request from the command's key specs, the way Redis 7.0
 * walks them; null when a spec does not fit the arguments.
 */
function keysFromSpecs(specs: readonly KeySpec[], argv: Buffer[], lenient: boolean): KeyPosition[] | null {
  const argc = argv.length;
  const keys: KeyPosition[] = [];
  for (const spec of specs) {
    let first = 0;
    const bs = spec.beginSearch;
    if (bs.type === 'index') {
      first = bs.pos;
    } else if (bs.type === 'keyword') {
      const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
      const end = bs.startfrom > 0 ? argc - 1 : 0;
      const lower = bs.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (equalsIgnoreCase(argv[i], lower)) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    } else {
      return null;
    }
    let last: number;
    let step: number;
    const fk = spec.findKeys;
    if (fk.type === 'range') {
      step = fk.step;
      if (fk.lastkey >= 0) last = first + fk.lastkey;
      else if (fk.limit === 0) last = argc + fk.lastkey;
      else last = first + (Math.floor((argc - first) / fk.limit) + fk.lastkey);
    } else if (fk.type === 'keynum') {
      step = fk.step;
      if (fk.keynumidx >= argc - first) return null;
      const numkeys = Number(argv[first + fk.keynumidx].toString());
      if (!Number.isInteger(numkeys) || numkeys < 0) return null;
      first += fk.firstkey;
      last = first + numkeys - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) {
      if (i >= argc) {
        if (lenient) continue;
        return null;
      }
      keys.push({ pos: i, flags: spec.flags });
    }
  }
  return keys;
}

/** Flags of SET's key depend on its GET option (its key spec says variable_flags). */
function setKeyFlags(argv: Buffer[]): readonly string[] {
  for (let i = 3; i < argv.length; i++) if (equalsIgnoreCase(argv[i], 'get')) return ['RW', 'access', 'update'];
  return ['OW', 'update'];
}

/** Key positions of `argv` (argv[0] is the command name), or null when the arguments do not fit. */
export function commandKeys(cmd: Command, argv: Buffer[], ctx: Context): KeyPosition[] | null {
  if (cmd.getKeys !== undefined) return cmd.getKeys(argv, ctx);
  const specs = cmd.keySpecs;
  if (specs !== undefined && specs.length > 0) {
    const keys = keysFromSpecs(specs, argv, cmd.module !== undefined || cmd.arity < 0);
    if (keys !== null && cmd.module === undefined && cmd.name === 'set') {
      const flags = setKeyFlags(argv);
      for (const k of keys) k.flags = flags;
    }
    return keys;
  }
  if (cmd.firstKey > 0) {
    // A module command without key specs: its legacy first/last/step range.
    const keys: KeyPosition[] = [];
    const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
    const step = cmd.keyStep > 0 ? cmd.keyStep : 1;
    for (let i = cmd.firstKey; i <= last && i < argv.length; i += step) keys.push({ pos: i, flags: [] });
    return keys;
  }
  return [];
}

function hasKeyArguments(cmd: Command): boolean {
  return cmd.getKeys !== undefined || (cmd.keySpecs?.length ?? 0) > 0 || cmd.firstKey > 0;
}

function getKeys(ctx: Context, withFlags: boolean): void {
  const { argv, reply, server } = ctx;
  const target = argv.slice(2);
  let cmd = server.commands.lookup(target[0]);
  if (cmd?.subcommands !== undefined && target.length >= 2) cmd = server.commands.lookupSubcommand(cmd, target[1]);
  if (cmd === undefined) {
    reply.error('ERR Invalid command specified');
    return;
  }
  if (!hasKeyArguments(cmd)) {
    reply.error('ERR The command has no key arguments');
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== target.length) || target.length < -cmd.arity) {
    reply.error('ERR Invalid number of arguments specified for command');
    return;
  }
  const keys = commandKeys(cmd, target, ctx);
  if (keys === null || keys.length === 0) {
    if (cmd.flags.includes('no_mandatory_keys')) reply.arrayHeader(0);
    else reply.error('ERR Invalid arguments specified for command');
    return;
  }
  reply.arrayHeader(keys.length);
  for (const key of keys) {
    if (withFlags) {
      reply.arrayHeader(2);
      reply.bulk(target[key.pos]);
      writeSimpleSet(reply, key.flags.filter((f) => f !== 'variable_flags'));
    } else {
      reply.bulk(target[key.pos]);
    }
  }
}

// ---- COMMAND LIST -------------------------------------------------------


function list(ctx: Context): void {
  const { argv, reply, server } = ctx;
  let filter: ((cmd: Command) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (equalsIgnoreCase(argv[i], 'filterby') && more === 2) {
      const kind = argv[i + 1];
      const value = argv[i + 2].toString();
      if (equalsIgnoreCase(kind, 'module')) {
        filter = (cmd) => cmd.module === value;
      } else if (equalsIgnoreCase(kind, 'aclcat')) {
        const category = '@' + value.toLowerCase();
        filter = (cmd) => cmd.aclCategories.includes(category);
      } else if (equalsIgnoreCase(kind, 'pattern')) {
        filter = (cmd) => globMatch(value, cmd.name, true);
      } else {
        reply.error('ERR syntax error');
        return;
      }
      i += 2;
    } else {
      reply.error('ERR syntax error');
      return;
    }
  }
  const names: string[] = [];
  const visit = (cmd: Command): void => {
    if (filter === null || filter(cmd)) names.push(cmd.name);
    if (cmd.subcommands !== undefined) for (const sub of cmd.subcommands.values()) visit(sub);
  };
  for (const cmd of server.commands.all()) visit(cmd);
  reply.bulkArray(names);
}

// ---- the handlers -------------------------------------------------------

function all({ reply, server }: Context): void {
  reply.arrayHeader(server.commands.size);
  for (const cmd of server.commands.all()) writeCommandInfo(reply, cmd);
}

function count({ reply, server }: Context): void {
  reply.integer(server.commands.size);
}

function info(ctx: Context): void {
  const { argv, reply, server } = ctx;
  if (argv.length === 2) {
    all(ctx);
    return;
  }
  reply.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) writeCommandInfo(reply, server.commands.lookupFullName(argv[i].toString()));
}

function docs({ argv, reply, server }: Context): void {
  const found: Command[] = [];
  if (argv.length === 2) {
    for (const cmd of server.commands.all()) found.push(cmd);
  } else {
    for (let i = 2; i < argv.length; i++) {
      const cmd = server.commands.lookupFullName(argv[i].toString());
      if (cmd !== undefined) found.push(cmd);
    }
  }
  reply.mapHeader(found.length);
  for (const cmd of found) {
    reply.bulk(cmd.name);
    writeCommandDocs(reply, cmd);
  }
}

function help({ reply }: Context): void {
  reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) reply.simple(line);
}

export const commandCommand: Command = defineContainer(
  meta.command,
  [
    defineCommand(meta['command|count'], count),
    defineCommand(meta['command|info'], info),
    defineCommand(meta['command|docs'], docs),
    defineCommand(meta['command|list'], list),
    defineCommand(meta['command|getkeys'], (ctx) => getKeys(ctx, false)),
    defineCommand(meta['command|getkeysandflags'], (ctx) => getKeys(ctx, true)),
    defineCommand(meta['command|help'], help),
  ],
  all,
);
