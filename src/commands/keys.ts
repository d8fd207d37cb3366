// Generic key commands: DEL UNLINK EXISTS TYPE TOUCH KEYS SCAN RANDOMKEY RENAME
// RENAMENX MOVE COPY SWAPDB, the EXPIRE/TTL family, PERSIST, OBJECT, SORT and
// SORT_RO. The metadata is what Redis 7.0.15 reports (COMMAND INFO/DOCS).
//
// What this file needs from the value classes (written by their families),
// checked at run time so that a class still in progress fails one command, not
// the build:
//   - every non-string type: `encoding: string` (OBJECT ENCODING) and
//     `clone(): <same class>`, a deep copy with the same encoding (COPY);
//     a ModuleValue's clone() runs the module type's copy callback and returns
//     null when the callback fails;
//   - ListValue and SetValue: `toArray(): Buffer[]` (SORT reads them), list
//     order head to tail, set order as the set iterates (ascending for an
//     intset); ListValue: static `from(items, fill)` (SORT ... STORE);
//   - HashValue: `get(field: Buffer): Buffer | undefined` (SORT's `*->field`).
import {
  defineCommand,
  defineContainer,
  equalsIgnoreCase,
  parseInteger,
  type Command,
  type CommandMeta,
  type Context,
} from './table';
import type { KeyPosition } from './types';
import { globMatch } from '../util/glob';
import {
  Entry,
  ListValue,
  NOTIFY,
  SortedSet,
  WRONGTYPE,
  keyOf,
  typeOf,
  type Database,
  type RedisValue,
} from '../keyspace/keyspace';
import { duplicateString, isOwnInteger, stringEncoding } from '../keyspace/string';
import type { Server } from '../server/server';

const meta = {
  del: {
    name: 'del',
    arity: -2,
    flags: ['write'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@slow'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RM', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Delete a key',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  unlink: {
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RM', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
      since: '4.0.0',
      group: 'generic',
      complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  exists: {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Determine if a key exists',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys to check.',
      history: [
        ['3.0.3', 'Accepts multiple `key` arguments.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  type: {
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Determine the type stored at key',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  touch: {
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
      since: '3.2.1',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys that will be touched.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
      ],
    },
  },
  keys: {
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@read', '@slow', '@dangerous'],
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    docs: {
      summary: 'Find all keys matching the given pattern',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
      arguments: [
        { name: 'pattern', type: 'pattern' },
      ],
    },
  },
  scan: {
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output', 'request_policy:special'],
    docs: {
      summary: 'Incrementally iterate the keys space',
      since: '2.8.0',
      group: 'generic',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
      history: [
        ['6.0.0', 'Added the `TYPE` subcommand.'],
      ],
      arguments: [
        { name: 'cursor', type: 'integer' },
        { name: 'pattern', type: 'pattern', token: 'MATCH', flags: ['optional'] },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
        { name: 'type', type: 'string', token: 'TYPE', since: '6.0.0', flags: ['optional'] },
      ],
    },
  },
  randomkey: {
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['request_policy:all_shards', 'nondeterministic_output'],
    docs: {
      summary: 'Return a random key from the keyspace',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
    },
  },
  rename: {
    name: 'rename',
    arity: 3,
    flags: ['write'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Rename a key',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'newkey', type: 'key', keySpecIndex: 1 },
      ],
    },
  },
  renamenx: {
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['OW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Rename a key, only if the new key does not exist',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['3.2.0', 'The command no longer returns an error when source and destination names are the same.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'newkey', type: 'key', keySpecIndex: 1 },
      ],
    },
  },
  move: {
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Move a key to another database',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'db', type: 'integer' },
      ],
    },
  },
  copy: {
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Copy a key',
      since: '6.2.0',
      group: 'generic',
      complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
        { name: 'destination-db', type: 'integer', token: 'DB', flags: ['optional'] },
        { name: 'replace', type: 'pure-token', token: 'REPLACE', flags: ['optional'] },
      ],
    },
  },
  swapdb: {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@write', '@fast', '@dangerous'],
    docs: {
      summary: 'Swaps two Redis databases',
      since: '4.0.0',
      group: 'server',
      complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
      arguments: [
        { name: 'index1', type: 'integer' },
        { name: 'index2', type: 'integer' },
      ],
    },
  },
  expire: {
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: "Set a key's time to live in seconds",
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'seconds', type: 'integer' },
        {
          name: 'condition',
          type: 'oneof',
          since: '7.0.0',
          flags: ['optional'],
          arguments: [
            { name: 'nx', type: 'pure-token', token: 'NX' },
            { name: 'xx', type: 'pure-token', token: 'XX' },
            { name: 'gt', type: 'pure-token', token: 'GT' },
            { name: 'lt', type: 'pure-token', token: 'LT' },
          ],
        },
      ],
    },
  },
  pexpire: {
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: "Set a key's time to live in milliseconds",
      since: '2.6.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'milliseconds', type: 'integer' },
        {
          name: 'condition',
          type: 'oneof',
          since: '7.0.0',
          flags: ['optional'],
          arguments: [
            { name: 'nx', type: 'pure-token', token: 'NX' },
            { name: 'xx', type: 'pure-token', token: 'XX' },
            { name: 'gt', type: 'pure-token', token: 'GT' },
            { name: 'lt', type: 'pure-token', token: 'LT' },
          ],
        },
      ],
    },
  },
  expireat: {
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the expiration for a key as a UNIX timestamp',
      since: '1.2.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'unix-time-seconds', type: 'unix-time' },
        {
          name: 'condition',
          type: 'oneof',
          since: '7.0.0',
          flags: ['optional'],
          arguments: [
            { name: 'nx', type: 'pure-token', token: 'NX' },
            { name: 'xx', type: 'pure-token', token: 'XX' },
            { name: 'gt', type: 'pure-token', token: 'GT' },
            { name: 'lt', type: 'pure-token', token: 'LT' },
          ],
        },
      ],
    },
  },
  pexpireat: {
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
      since: '2.6.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'unix-time-milliseconds', type: 'unix-time' },
        {
          name: 'condition',
          type: 'oneof',
          since: '7.0.0',
          flags: ['optional'],
          arguments: [
            { name: 'nx', type: 'pure-token', token: 'NX' },
            { name: 'xx', type: 'pure-token', token: 'XX' },
            { name: 'gt', type: 'pure-token', token: 'GT' },
            { name: 'lt', type: 'pure-token', token: 'LT' },
          ],
        },
      ],
    },
  },
  ttl: {
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the time to live for a key in seconds',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['2.8.0', 'Added the -2 reply.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  pttl: {
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the time to live for a key in milliseconds',
      since: '2.6.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['2.8.0', 'Added the -2 reply.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  expiretime: {
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the expiration Unix timestamp for a key',
      since: '7.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  pexpiretime: {
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the expiration Unix timestamp for a key in milliseconds',
      since: '7.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  persist: {
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@keyspace', '@write', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove the expiration from a key',
      since: '2.2.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  object: {
    name: 'object',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for object introspection commands',
      since: '2.2.3',
      group: 'generic',
      complexity: 'Depends on subcommand.',
    },
  },
  'object|encoding': {
    name: 'object|encoding',
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Inspect the internal encoding of a Redis object',
      since: '2.2.3',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  'object|idletime': {
    name: 'object|idletime',
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the time since a Redis object was last accessed',
      since: '2.2.3',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  'object|help': {
    name: 'object|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@keyspace', '@slow'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '6.2.0',
      group: 'generic',
      complexity: 'O(1)',
    },
  },
  'object|freq': {
    name: 'object|freq',
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the logarithmic access frequency counter of a Redis object',
      since: '4.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  'object|refcount': {
    name: 'object|refcount',
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@keyspace', '@read', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the number of references to the value of the key',
      since: '2.2.3',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
      ],
    },
  },
  sort: {
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@set', '@sortedset', '@list', '@slow', '@dangerous'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
        flags: ['RO', 'access'],
        beginSearch: { type: 'unknown' },
        findKeys: { type: 'unknown' },
      },
      {
        notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
        flags: ['OW', 'update'],
        beginSearch: { type: 'unknown' },
        findKeys: { type: 'unknown' },
      },
    ],
    docs: {
      summary: 'Sort the elements in a list, set or sorted set',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', flags: ['optional'] },
        {
          name: 'offset_count',
          type: 'block',
          token: 'LIMIT',
          flags: ['optional'],
          arguments: [
            { name: 'offset', type: 'integer' },
            { name: 'count', type: 'integer' },
          ],
        },
        {
          name: 'pattern',
          type: 'pattern',
          keySpecIndex: 1,
          token: 'GET',
          flags: ['optional', 'multiple', 'multiple_token'],
        },
        {
          name: 'order',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'asc', type: 'pure-token', token: 'ASC' },
            { name: 'desc', type: 'pure-token', token: 'DESC' },
          ],
        },
        { name: 'sorting', type: 'pure-token', token: 'ALPHA', flags: ['optional'] },
        { name: 'destination', type: 'key', keySpecIndex: 2, token: 'STORE', flags: ['optional'] },
      ],
    },
  },
  sort_ro: {
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@set', '@sortedset', '@list', '@slow', '@dangerous'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
        flags: ['RO', 'access'],
        beginSearch: { type: 'unknown' },
        findKeys: { type: 'unknown' },
      },
    ],
    docs: {
      summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
      since: '7.0.0',
      group: 'generic',
      complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', flags: ['optional'] },
        {
          name: 'offset_count',
          type: 'block',
          token: 'LIMIT',
          flags: ['optional'],
          arguments: [
            { name: 'offset', type: 'integer' },
            { name: 'count', type: 'integer' },
          ],
        },
        {
          name: 'pattern',
          type: 'pattern',
          keySpecIndex: 1,
          token: 'GET',
          flags: ['optional', 'multiple', 'multiple_token'],
        },
        {
          name: 'order',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'asc', type: 'pure-token', token: 'ASC' },
            { name: 'desc', type: 'pure-token', token: 'DESC' },
          ],
        },
        { name: 'sorting', type: 'pure-token', token: 'ALPHA', flags: ['optional'] },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

// ---- shared helpers ------------------------------------------------------

const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
const ERR_SYNTAX = 'ERR syntax error';
const ERR_NO_SUCH_KEY = 'ERR no such key';
const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
const ERR_DB_RANGE = 'ERR DB index is out of range';
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

/** A read that must not touch the access time (TYPE, EXISTS, TTL...): Redis's LOOKUP_NOTOUCH. */
function lookupNoTouch(db: Database, key: string): Entry | undefined {
  const keyspace = db.keyspace;
  const before = keyspace.noTouch;
  keyspace.noTouch = true;
  try {
    return db.lookupRead(key);
  } finally {
    keyspace.noTouch = before;
  }
}

const ERR_INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';

/**
 * Redis's getIntFromObjectOrReply: a 64-bit integer that also fits an int, or
 * the error it replies (its own for each failure unless the caller names one).
 */
function parseInt32(arg: Buffer, message?: string): number | { error: string } {
  const n = parseInteger(arg);
  if (n === null) return { error: message ?? ERR_NOT_INTEGER };
  if (n > INT_MAX || n < INT_MIN) return { error: message ?? ERR_INT_RANGE };
  return n;
}

/** A 64-bit integer argument exactly (expiry arithmetic overflows where Redis's does). */
function parseInt64(arg: Buffer): bigint | null {
  return parseInteger(arg) === null ? null : BigInt(arg.toString('latin1'));
}

/** TYPE's name for a value; a module value answers its module type's name. */
function typeName(value: RedisValue): string {
  if (value instanceof Uint8Array) return 'string';
  return value.type === 'module' ? value.typeName : value.type;
}

/** Redis's dbAdd wakes clients blocked on the key whatever the type; their serve() checks it. */
function addEntry(db: Database, key: string, value: RedisValue): Entry {
  const entry = db.add(key, value);
  db.signalReady(key);
  return entry;
}

// ---- DEL UNLINK EXISTS TOUCH TYPE ----------------------------------------

function del({ argv, client, reply }: Context): void {
  const db = client.db;
  let removed = 0;
  for (let i = 1; i < argv.length; i++) {
    if (!db.deleteLive(keyOf(argv[i]))) continue;
    db.notify(NOTIFY.GENERIC, 'del', argv[i]);
    removed++;
  }
  reply.integer(removed);
}

function exists({ argv, client, reply }: Context): void {
  const db = client.db;
  let found = 0;
  for (let i = 1; i < argv.length; i++) if (lookupNoTouch(db, keyOf(argv[i])) !== undefined) found++;
  reply.integer(found);
}

function touch({ argv, client, reply }: Context): void {
  const db = client.db;
  let found = 0;
  for (let i = 1; i < argv.length; i++) if (db.lookupRead(keyOf(argv[i])) !== undefined) found++;
  reply.integer(found);
}

function type({ argv, client, reply }: Context): void {
  const entry = lookupNoTouch(client.db, keyOf(argv[1]));
  reply.simple(entry === undefined ? 'none' : typeName(entry.value));
}

// ---- KEYS SCAN RANDOMKEY ---------------------------------------------------

function keys({ argv, client, reply }: Context): void {
  const db = client.db;
  const pattern = keyOf(argv[1]);
  const all = pattern === '*';
  const now = Date.now();
  const token = reply.deferArray();
  let n = 0;
  // Expired keys are skipped, not deleted: KEYS is a read of the whole space.
  for (const [key, entry] of db.entries) {
    if (entry.expiresAt !== 0 && entry.expiresAt <= now) continue;
    if (!all && !globMatch(pattern, key, false)) continue;
    reply.bulk(Buffer.from(key, 'latin1'));
    n++;
  }
  reply.setDeferredArray(token, n);
}

/**
 * A SCAN in progress: a live iterator over the database's Map, which visits
 * every key that stays present in insertion order whatever is added or
 * deleted meanwhile (the guarantee SCAN documents), plus one key read ahead so
 * that the last page already says cursor 0. Cursors name these states; a
 * cursor we do not know (forgotten, from another server, another db) starts a
 * fresh iteration, which keeps the guarantee (keys may repeat, as Redis allows).
 */
interface ScanState {
  db: Database;
  iterator: Iterator<string>;
  next: IteratorResult<string>;
}

const scans = new Map<string, ScanState>();
/** Abandoned scans are forgotten oldest first beyond this many. */
const MAX_SCANS = 1024;
let nextCursor = 1n;

/** Redis's cursor parse (strtoul): optional sign, digits, no space, at most 2^64-1; negatives wrap. */
function parseCursor(arg: Buffer): bigint | null {
  const text = arg.toString('latin1');
  // strtoul converts nothing from an empty string and stops at its end: cursor 0.
  if (text.length === 0) return 0n;
  const m = /^([+-]?)(\d+)$/.exec(text);
  if (m === null) return null;
  const magnitude = BigInt(m[2]);
  if (magnitude > 0xffffffffffffffffn) return null;
  return m[1] === '-' ? (0x10000000000000000n - magnitude) & 0xffffffffffffffffn : magnitude;
}

function scan({ argv, client, reply }: Context): void {
  const cursor = parseCursor(argv[1]);
  if (cursor === null) {
    reply.error('ERR invalid cursor');
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  let wantedType: string | null = null;
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (equalsIgnoreCase(argv[j], 'count') && more >= 1) {
      const n = parseInteger(argv[j + 1]);
      if (n === null) {
        reply.error(ERR_NOT_INTEGER);
        return;
      }
      if (n < 1) {
        reply.error(ERR_SYNTAX);
        return;
      }
      count = n;
      j++;
    } else if (equalsIgnoreCase(argv[j], 'match') && more >= 1) {
      pattern = keyOf(argv[j + 1]);
      if (pattern === '*') pattern = null;
      j++;
    } else if (equalsIgnoreCase(argv[j], 'type') && more >= 1) {
      wantedType = argv[j + 1].toString('latin1').toLowerCase();
      j++;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }

  const db = client.db;
  const cursorText = cursor.toString();
  let state = cursor === 0n ? undefined : scans.get(cursorText);
  if (state !== undefined) scans.delete(cursorText);
  if (state === undefined || state.db !== db) {
    const iterator = db.entries.keys();
    state = { db, iterator, next: iterator.next() };
  }

  const found: string[] = [];
  let taken = 0;
  while (taken < count && state.next.done !== true) {
    found.push(state.next.value);
    state.next = state.iterator.next();
    taken++;
  }

  let replyCursor = '0';
  if (state.next.done !== true) {
    replyCursor = (nextCursor++).toString();
    scans.set(replyCursor, state);
    if (scans.size > MAX_SCANS) scans.delete(scans.keys().next().value as string);
  }

  // Filters run after the page is taken, as Redis's do: a page may come back empty.
  const keys: Buffer[] = [];
  for (const key of found) {
    if (pattern !== null && !globMatch(pattern, key, false)) continue;
    const entry = wantedType === null ? db.lookup(key) : lookupNoTouch(db, key);
    if (entry === undefined) continue;
    if (wantedType !== null && typeName(entry.value).toLowerCase() !== wantedType) continue;
    keys.push(Buffer.from(key, 'latin1'));
  }
  reply.arrayHeader(2);
  reply.bulk(replyCursor);
  reply.bulkArray(keys);
}

function randomkey({ client, reply }: Context): void {
  const key = client.db.randomKey();
  if (key === undefined) reply.nullBulk();
  else reply.bulk(Buffer.from(key, 'latin1'));
}

// ---- RENAME RENAMENX MOVE COPY SWAPDB --------------------------------------

function renameGeneric({ argv, client, reply }: Context, nx: boolean): void {
  const db = client.db;
  const from = keyOf(argv[1]);
  const to = keyOf(argv[2]);
  if (db.lookupWrite(from) === undefined) {
    reply.error(ERR_NO_SUCH_KEY);
    return;
  }
  if (from === to) {
    if (nx) reply.integer(0);
    else reply.simple('OK');
    return;
  }
  if (db.lookupWrite(to) !== undefined) {
    if (nx) {
      reply.integer(0);
      return;
    }
    db.delete(to);
  }
  // The entry moves as it is: value, deadline, access time, encoding.
  const entry = db.take(from)!;
  db.put(to, entry);
  db.signalReady(to);
  db.notify(NOTIFY.GENERIC, 'rename_from', argv[1]);
  db.notify(NOTIFY.GENERIC, 'rename_to', argv[2]);
  if (nx) reply.integer(1);
  else reply.simple('OK');
}

function rename(ctx: Context): void {
  renameGeneric(ctx, false);
}

function renamenx(ctx: Context): void {
  renameGeneric(ctx, true);
}

/** The database a DB argument names, or the error to reply. */
function targetDb(server: Server, arg: Buffer): Database | string {
  const index = parseInt32(arg);
  if (typeof index !== 'number') return index.error;
  if (index < 0 || index >= server.keyspace.count) return ERR_DB_RANGE;
  return server.keyspace.db(index);
}

function move({ argv, client, reply, server }: Context): void {
  const src = client.db;
  const dst = targetDb(server, argv[2]);
  if (typeof dst === 'string') {
    reply.error(dst);
    return;
  }
  if (dst === src) {
    reply.error(ERR_SAME_OBJECT);
    return;
  }
  const key = keyOf(argv[1]);
  if (src.lookupWrite(key) === undefined || dst.lookupWrite(key) !== undefined) {
    reply.integer(0);
    return;
  }
  const entry = src.take(key)!;
  dst.put(key, entry);
  dst.signalReady(key);
  src.notify(NOTIFY.GENERIC, 'move_from', argv[1]);
  dst.notify(NOTIFY.GENERIC, 'move_to', argv[1]);
  reply.integer(1);
}

interface Cloneable {
  clone(): RedisValue | null;
}

function hasClone(value: object): value is Cloneable {
  return typeof (value as Partial<Cloneable>).clone === 'function';
}

/** A deep copy of an entry's value for COPY, or the error to reply. */
function copyValue(source: Entry): RedisValue | string {
  const value = source.value;
  // The strings family makes the duplicate once the new entry exists (duplicateString).
  if (value instanceof Uint8Array) return value;
  if (!hasClone(value)) {
    const kind = typeOf(value as RedisValue);
    return kind === 'module' ? 'ERR not supported for this module key' : `ERR COPY of a ${kind} is not available yet`;
  }
  const copy = value.clone();
  return copy === null ? 'ERR module key failed to copy' : copy;
}

function copy({ argv, client, reply, server }: Context): void {
  const src = client.db;
  let dst = src;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (equalsIgnoreCase(argv[j], 'replace')) {
      replace = true;
    } else if (equalsIgnoreCase(argv[j], 'db') && more >= 1) {
      const target = targetDb(server, argv[j + 1]);
      if (typeof target === 'string') {
        reply.error(target);
        return;
      }
      dst = target;
      j++;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const from = keyOf(argv[1]);
  const to = keyOf(argv[2]);
  if (src === dst && from === to) {
    reply.error(ERR_SAME_OBJECT);
    return;
  }
  const source = src.lookupRead(from);
  if (source === undefined) {
    reply.integer(0);
    return;
  }
  const existing = dst.lookupWrite(to) !== undefined;
  if (existing && !replace) {
    reply.integer(0);
    return;
  }
  const value = copyValue(source);
  if (typeof value === 'string') {
    reply.error(value);
    return;
  }
  if (existing) dst.delete(to);
  const entry = addEntry(dst, to, value);
  if (value instanceof Uint8Array) duplicateString(source, entry);
  if (source.expiresAt !== 0) dst.setExpiry(to, source.expiresAt);
  dst.notify(NOTIFY.GENERIC, 'copy_to', argv[2]);
  reply.integer(1);
}

function swapdb({ argv, client, reply, server }: Context): void {
  const a = parseInt32(argv[1], 'ERR invalid first DB index');
  if (typeof a !== 'number') {
    reply.error(a.error);
    return;
  }
  const b = parseInt32(argv[2], 'ERR invalid second DB index');
  if (typeof b !== 'number') {
    reply.error(b.error);
    return;
  }
  const keyspace = server.keyspace;
  if (a < 0 || a >= keyspace.count || b < 0 || b >= keyspace.count) {
    reply.error(ERR_DB_RANGE);
    return;
  }
  // Clients stay on their index (Client.db reads it) and see the other data
  // from now on. Swapping a database with itself changes nothing, and
  // touches no watched key (dbSwapDatabases returns at once).
  if (a !== b) keyspace.swap(a, b);
  keyspace.stats.dirty++;
  reply.simple('OK');
}

// ---- EXPIRE family, TTL family, PERSIST ----------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** EXPIRE PEXPIRE EXPIREAT PEXPIREAT: `basetime` 0 for absolute times; `unit` ms per argument unit. */
function expireGeneric({ argv, client, reply }: Context, name: string, relative: boolean, unit: 1n | 1000n): void {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (equalsIgnoreCase(opt, 'nx')) flags |= EXPIRE_NX;
    else if (equalsIgnoreCase(opt, 'xx')) flags |= EXPIRE_XX;
    else if (equalsIgnoreCase(opt, 'gt')) flags |= EXPIRE_GT;
    else if (equalsIgnoreCase(opt, 'lt')) flags |= EXPIRE_LT;
    else {
      reply.error(Buffer.concat([Buffer.from('ERR Unsupported option '), opt]));
      return;
    }
  }
  if ((flags & EXPIRE_NX) !== 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) !== 0) {
    reply.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return;
  }
  if ((flags & EXPIRE_GT) !== 0 && (flags & EXPIRE_LT) !== 0) {
    reply.error('ERR GT and LT options at the same time are not compatible');
    return;
  }
  let when = parseInt64(argv[2]);
  if (when === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  const invalid = `ERR invalid expire time in '${name}' command`;
  if (unit === 1000n) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) {
      reply.error(invalid);
      return;
    }
    when *= 1000n;
  }
  const now = Date.now();
  if (relative) {
    if (when > LLONG_MAX - BigInt(now)) {
      reply.error(invalid);
      return;
    }
    when += BigInt(now);
  }

  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  if (entry === undefined) {
    reply.integer(0);
    return;
  }
  const deadline = Number(when);
  if (flags !== 0) {
    const current = entry.expiresAt;
    const refused =
      ((flags & EXPIRE_NX) !== 0 && current !== 0) ||
      ((flags & EXPIRE_XX) !== 0 && current === 0) ||
      // No deadline counts as an infinite one.
      ((flags & EXPIRE_GT) !== 0 && (current === 0 || deadline <= current)) ||
      ((flags & EXPIRE_LT) !== 0 && current !== 0 && deadline >= current);
    if (refused) {
      reply.integer(0);
      return;
    }
  }
  if (deadline <= now) {
    // A deadline in the past deletes the key at once, reported as a DEL.
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    reply.integer(1);
    return;
  }
  db.setExpiry(key, deadline);
  db.modified(key);
  db.notify(NOTIFY.GENERIC, 'expire', argv[1]);
  reply.integer(1);
}

function ttlGeneric({ argv, client, reply }: Context, inMs: boolean, absolute: boolean): void {
  const entry = lookupNoTouch(client.db, keyOf(argv[1]));
  if (entry === undefined) {
    reply.integer(-2);
    return;
  }
  if (entry.expiresAt === 0) {
    reply.integer(-1);
    return;
  }
  let ttl = absolute ? entry.expiresAt : entry.expiresAt - Date.now();
  if (ttl < 0) ttl = 0;
  reply.integer(inMs ? ttl : Math.floor((ttl + 500) / 1000));
}

function persist({ argv, client, reply }: Context): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  if (entry === undefined || entry.expiresAt === 0) {
    reply.integer(0);
    return;
  }
  db.setExpiry(key, 0);
  db.modified(key);
  db.notify(NOTIFY.GENERIC, 'persist', argv[1]);
  reply.integer(1);
}

// ---- OBJECT ------------------------------------------------------------

/** Redis shares the integers 0..9999 between keys: their refcount reads INT_MAX. */
const SHARED_INTEGERS = 10000;
const OBJ_SHARED_REFCOUNT = INT_MAX;

function encodingOf(entry: Entry): string {
  const value = entry.value;
  if (value instanceof Uint8Array) return stringEncoding(entry);
  // Module values are RAW-encoded objects in Redis.
  if (value.type === 'module') return 'raw';
  const encoding = (value as { encoding?: unknown }).encoding;
  return typeof encoding === 'string' ? encoding : value.type;
}

function policyOf(server: Server): string {
  return server.config.get('maxmemory-policy') ?? 'noeviction';
}

/** OBJECT's key lookup: counted as a read, access time untouched; null reply when missing. */
function objectEntry({ argv, client, reply }: Context): Entry | undefined {
  const entry = lookupNoTouch(client.db, keyOf(argv[2]));
  if (entry === undefined) reply.nullBulk();
  return entry;
}

function objectEncoding(ctx: Context): void {
  const entry = objectEntry(ctx);
  if (entry !== undefined) ctx.reply.bulk(encodingOf(entry));
}

function objectRefcount(ctx: Context): void {
  const entry = objectEntry(ctx);
  if (entry === undefined) return;
  let refcount = 1;
  if (entry.value instanceof Uint8Array && stringEncoding(entry) === 'int') {
    const n = parseInteger(entry.value as Buffer)!;
    const policy = policyOf(ctx.server);
    // With maxmemory and an LRU/LFU policy every key needs its own access data.
    const unshared = ctx.server.config.maxmemory > 0n && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
    if (n >= 0 && n < SHARED_INTEGERS && !unshared && !isOwnInteger(entry.value as Buffer)) refcount = OBJ_SHARED_REFCOUNT;
  }
  ctx.reply.integer(refcount);
}

function objectIdletime(ctx: Context): void {
  const entry = objectEntry(ctx);
  if (entry === undefined) return;
  if (policyOf(ctx.server).endsWith('-lfu')) {
    ctx.reply.error(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    return;
  }
  // Redis's LRU clock ticks in whole seconds.
  ctx.reply.integer(Math.max(0, Math.floor(Date.now() / 1000) - Math.floor(entry.lru / 1000)));
}

function objectFreq(ctx: Context): void {
  const entry = objectEntry(ctx);
  if (entry === undefined) return;
  if (!policyOf(ctx.server).endsWith('-lfu')) {
    ctx.reply.error(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    return;
  }
  ctx.reply.integer(entry.freq);
}

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function objectHelp({ reply }: Context): void {
  reply.arrayHeader(OBJECT_HELP.length);
  for (const line of OBJECT_HELP) reply.simple(line);
}

// ---- SORT SORT_RO --------------------------------------------------------

interface Listable {
  toArray(): Buffer[];
}

interface HashLike {
  get(field: Buffer): Buffer | undefined;
}

function elementsOf(value: object): Buffer[] | null {
  const toArray = (value as Partial<Listable>).toArray;
  return typeof toArray === 'function' ? toArray.call(value) : null;
}

/** One element being sorted: the element, its numeric weight, its ALPHA BY weight. */
interface SortItem {
  element: Buffer;
  score: number;
  weight: Buffer | null;
}

const NUL = 0;

/** Bytes up to the first NUL: what C string functions see of an argument. */
function cString(b: Buffer): Buffer {
  const nul = b.indexOf(NUL);
  return nul < 0 ? b : b.subarray(0, nul);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan(?:\([0-9A-Za-z_]*\))?)$/i;

/**
 * A SORT weight as Redis reads it: strtod over the C string, which must
 * consume all of it (leading space allowed, an empty string reads 0), no NaN,
 * no overflow or underflow to zero. Null when it is not one.
 */
function sortWeight(raw: Buffer): number | null {
  const whole = cString(raw).toString('latin1');
  if (whole.length === 0) return 0;
  const text = whole.replace(/^[ \t\n\v\f\r]+/, '');
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) return null;
    if (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return null;
    return value;
  }
  const special = SPECIAL.exec(text);
  if (special !== null) {
    if (special[2].toLowerCase().startsWith('nan')) return null;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  const hex = HEX.exec(text);
  if (hex !== null) {
    const [intPart, fracPart = ''] = hex[2].split('.');
    let value = 0;
    for (const digit of intPart + fracPart) value = value * 16 + parseInt(digit, 16);
    value *= 2 ** (Number(hex[3] ?? '0') - 4 * fracPart.length);
    if (!Number.isFinite(value)) return null;
    return hex[1] === '-' ? -value : value;
  }
  return null;
}

/** memcmp then length: Redis's compareStringObjects. */
function compareBinary(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

/** strcoll in the C/C.UTF-8 locale: bytes up to the first NUL. */
function compareCollate(a: Buffer, b: Buffer): number {
  return Buffer.compare(cString(a), cString(b));
}

/**
 * SORT's BY/GET lookup (lookupKeyByPattern): "#" is the element; otherwise the
 * first '*' takes the element and the key must hold a string, or with
 * "key->field" a hash whose field is read. Null when nothing is found.
 */
function lookupByPattern(db: Database, pattern: Buffer, element: Buffer): Buffer | null {
  if (pattern[0] === 0x23 /* # */ && (pattern.length === 1 || pattern[1] === NUL)) return element;
  const c = cString(pattern);
  const star = c.indexOf(0x2a /* * */);
  if (star < 0) return null;
  const arrow = c.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < c.length;
  const fieldLength = hasField ? pattern.length - arrow - 2 : 0;
  const postfixLength = pattern.length - star - 1 - (hasField ? fieldLength + 2 : 0);
  const key = Buffer.concat([
    pattern.subarray(0, star),
    element,
    pattern.subarray(star + 1, star + 1 + postfixLength),
  ]);
  const entry = db.lookupRead(keyOf(key));
  if (entry === undefined) return null;
  const value = entry.value;
  if (hasField) {
    if (value instanceof Uint8Array || value.type !== 'hash') return null;
    const get = (value as Partial<HashLike>).get;
    if (typeof get !== 'function') return null;
    return get.call(value, pattern.subarray(arrow + 2)) ?? null;
  }
  return value instanceof Uint8Array ? (value as Buffer) : null;
}

function sortGeneric({ argv, client, reply, server }: Context, readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let storeKey: Buffer | null = null;
  let sortBy: Buffer | null = null;
  let dontSort = false;
  const gets: Buffer[] = [];
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const opt = argv[j];
    if (equalsIgnoreCase(opt, 'asc')) desc = false;
    else if (equalsIgnoreCase(opt, 'desc')) desc = true;
    else if (equalsIgnoreCase(opt, 'alpha')) alpha = true;
    else if (equalsIgnoreCase(opt, 'limit') && more >= 2) {
      const start = parseInteger(argv[j + 1]);
      const count = start === null ? null : parseInteger(argv[j + 2]);
      if (start === null || count === null) {
        reply.error(ERR_NOT_INTEGER);
        return;
      }
      limitStart = start;
      limitCount = count;
      j += 2;
    } else if (!readonly && equalsIgnoreCase(opt, 'store') && more >= 1) {
      storeKey = argv[++j];
    } else if (equalsIgnoreCase(opt, 'by') && more >= 1) {
      sortBy = argv[++j];
      // A pattern without '*' names one key for all: nothing to sort by.
      if (cString(sortBy).indexOf(0x2a) < 0) dontSort = true;
    } else if (equalsIgnoreCase(opt, 'get') && more >= 1) {
      gets.push(argv[++j]);
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }

  const db = client.db;
  const entry = db.lookupRead(keyOf(argv[1]));
  const value = entry?.value;
  let kind: 'list' | 'set' | 'zset' = 'list';
  if (value !== undefined) {
    const t = typeOf(value);
    if (t !== 'list' && t !== 'set' && t !== 'zset') {
      reply.error(WRONGTYPE);
      return;
    }
    kind = t;
  }
  // A set's own order is a hash table's: with STORE, sort it so the result is defined.
  if (dontSort && kind === 'set' && storeKey !== null) {
    dontSort = false;
    alpha = true;
    sortBy = null;
  }
  // Redis converts a listpack sorted set for good before sorting it.
  if (value instanceof SortedSet) value.encoding = 'skiplist';

  let vectorLength = 0;
  let all: Buffer[] | null = null;
  if (value !== undefined) {
    if (value instanceof SortedSet) vectorLength = value.size;
    else {
      all = elementsOf(value);
      if (all === null) {
        reply.error(`ERR SORT of a ${kind} is not available yet`);
        return;
      }
      vectorLength = all.length;
    }
  }

  // LIMIT, clamped to the data (Redis's checks, overflow-safe).
  let start = Math.min(Math.max(limitStart, 0), vectorLength);
  const count = Math.min(Math.max(limitCount, -1), vectorLength);
  let end = count < 0 ? vectorLength - 1 : start + count - 1;
  if (start >= vectorLength) {
    start = vectorLength - 1;
    end = vectorLength - 2;
  }
  if (end >= vectorLength) end = vectorLength - 1;

  let items: SortItem[];
  const item = (element: Buffer): SortItem => ({ element, score: 0, weight: null });
  if (dontSort && (kind === 'list' || kind === 'zset') && value !== undefined) {
    // Native order, only the LIMIT range, reversed by DESC.
    items = [];
    if (end >= start) {
      if (value instanceof SortedSet) {
        for (const e of value.rangeByRank(start, end, desc)) items.push(item(e.member));
      } else {
        const list = all!;
        const n = list.length;
        for (let i = start; i <= end; i++) items.push(item(list[desc ? n - 1 - i : i]));
      }
    }
    end -= start;
    start = 0;
  } else if (value instanceof SortedSet) {
    items = value.rangeByRank(0, vectorLength - 1).map((e) => item(e.member));
  } else {
    items = (all ?? []).map(item);
  }

  if (!dontSort) {
    let conversionError = false;
    for (const it of items) {
      let by: Buffer | null;
      if (sortBy !== null) {
        by = lookupByPattern(db, sortBy, it.element);
        if (by === null) continue;
      } else {
        by = it.element;
      }
      if (alpha) {
        if (sortBy !== null) it.weight = by;
      } else {
        const score = sortWeight(by);
        if (score === null) conversionError = true;
        else it.score = score;
      }
    }
    if (conversionError) {
      reply.error("ERR One or more scores can't be converted into double");
      return;
    }
    const store = storeKey !== null;
    const sign = desc ? -1 : 1;
    let compare: (a: SortItem, b: SortItem) => number;
    if (!alpha) {
      compare = (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBinary(a.element, b.element));
    } else if (sortBy !== null) {
      compare = (a, b) => {
        if (a.weight === null || b.weight === null) return sign * (a.weight === b.weight ? 0 : a.weight === null ? -1 : 1);
        return sign * (store ? compareBinary(a.weight, b.weight) : compareCollate(a.weight, b.weight));
      };
    } else {
      compare = (a, b) => sign * (store ? compareBinary(a.element, b.element) : compareCollate(a.element, b.element));
    }
    items.sort(compare);
  }

  const outputLength = gets.length > 0 ? gets.length * (end - start + 1) : end - start + 1;
  if (storeKey === null) {
    reply.arrayHeader(outputLength);
    for (let j = start; j <= end; j++) {
      const element = items[j].element;
      if (gets.length === 0) reply.bulk(element);
      for (const pattern of gets) {
        const found = lookupByPattern(db, pattern, element);
        if (found === null) reply.nullBulk();
        else reply.bulk(found);
      }
    }
    return;
  }

  const output: Buffer[] = [];
  for (let j = start; j <= end; j++) {
    const element = items[j].element;
    if (gets.length === 0) output.push(Buffer.from(element));
    for (const pattern of gets) {
      const found = lookupByPattern(db, pattern, element);
      output.push(found === null ? Buffer.alloc(0) : Buffer.from(found));
    }
  }
  const storeName = keyOf(storeKey);
  if (outputLength > 0) {
    // Redis makes this list with createQuicklistObject alone: the default
    // fill factor (-2), whatever list-max-listpack-size says.
    db.set(storeName, ListValue.from(output));
    db.signalReady(storeName);
    db.notify(NOTIFY.LIST, 'sortstore', storeKey);
  } else if (db.deleteLive(storeName)) {
    db.notify(NOTIFY.GENERIC, 'del', storeKey);
  }
  reply.integer(outputLength);
}

function sort(ctx: Context): void {
  sortGeneric(ctx, false);
}

function sortRo(ctx: Context): void {
  sortGeneric(ctx, true);
}

/**
 * SORT's keys: the sorted key, and the last STORE target (LIMIT's two
 * arguments and BY/GET patterns are skipped, so a pattern named "store" is
 * not a keyword).
 */
function sortKeys(argv: Buffer[]): KeyPosition[] {
  const keys: KeyPosition[] = [{ pos: 1, flags: ['RO', 'access'] }];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    if (equalsIgnoreCase(argv[i], 'limit')) i += 2;
    else if (equalsIgnoreCase(argv[i], 'get') || equalsIgnoreCase(argv[i], 'by')) i += 1;
    else if (equalsIgnoreCase(argv[i], 'store') && i + 1 < argv.length) store = ++i;
  }
  if (store > 0) keys.push({ pos: store, flags: ['OW', 'update'] });
  return keys;
}

function sortRoKeys(): KeyPosition[] {
  return [{ pos: 1, flags: ['RO', 'access'] }];
}

// ---- the table -----------------------------------------------------------

export const keyCommands: Command[] = [
  defineCommand(meta.del, del),
  defineCommand(meta.unlink, del),
  defineCommand(meta.exists, exists),
  defineCommand(meta.type, type),
  defineCommand(meta.touch, touch),
  defineCommand(meta.keys, keys),
  defineCommand(meta.scan, scan),
  defineCommand(meta.randomkey, randomkey),
  defineCommand(meta.rename, rename),
  defineCommand(meta.renamenx, renamenx),
  defineCommand(meta.move, move),
  defineCommand(meta.copy, copy),
  defineCommand(meta.swapdb, swapdb),
  defineCommand(meta.expire, (ctx) => expireGeneric(ctx, 'expire', true, 1000n)),
  defineCommand(meta.pexpire, (ctx) => expireGeneric(ctx, 'pexpire', true, 1n)),
  defineCommand(meta.expireat, (ctx) => expireGeneric(ctx, 'expireat', false, 1000n)),
  defineCommand(meta.pexpireat, (ctx) => expireGeneric(ctx, 'pexpireat', false, 1n)),
  defineCommand(meta.ttl, (ctx) => ttlGeneric(ctx, false, false)),
  defineCommand(meta.pttl, (ctx) => ttlGeneric(ctx, true, false)),
  defineCommand(meta.expiretime, (ctx) => ttlGeneric(ctx, false, true)),
  defineCommand(meta.pexpiretime, (ctx) => ttlGeneric(ctx, true, true)),
  defineCommand(meta.persist, persist),
  defineContainer(meta.object, [
    defineCommand(meta['object|encoding'], objectEncoding),
    defineCommand(meta['object|refcount'], objectRefcount),
    defineCommand(meta['object|idletime'], objectIdletime),
    defineCommand(meta['object|freq'], objectFreq),
    defineCommand(meta['object|help'], objectHelp),
  ]),
  defineCommand(meta.sort, sort, sortKeys),
  defineCommand(meta.sort_ro, sortRo, sortRoKeys),
];
