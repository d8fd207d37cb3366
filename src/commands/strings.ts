// String and bitmap commands, as Redis 7.0.15's t_string.c and bitops.c
// behave: the same replies, errors, argument order of checks, keyspace
// events and encodings. Values are Buffers; what a string object carries
// besides its bytes lives in src/keyspace/string.ts.
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import { defineCommand, type Command, type CommandMeta, type Context } from './table';
import type { KeyPosition } from './types';
import { keyOf, NOTIFY, WRONG_TYPE, WRONGTYPE, type Entry } from '../keyspace/keyspace';
import {
  addLongDouble,
  adoptRawString,
  appendToString,
  countBits,
  cstrEquals,
  editableString,
  findBit,
  formatLongDouble,
  getBitfield,
  int64Bytes,
  newRawString,
  parseInt64,
  parseLongDouble,
  setBitfield,
  storeWithoutIntEncoding,
  type LongDouble,
} from '../keyspace/string';

const meta = {
  get: {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the value of a key',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  set: {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@slow'],
    keySpecs: [
      {
        notes: 'RW and ACCESS due to the optional `GET` argument',
        flags: ['RW', 'access', 'update', 'variable_flags'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the string value of a key',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      history: [
        ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
        ['6.0.0', 'Added the `KEEPTTL` option.'],
        ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
        ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'value', type: 'string' },
        {
          name: 'condition',
          type: 'oneof',
          since: '2.6.12',
          flags: ['optional'],
          arguments: [{ name: 'nx', type: 'pure-token', token: 'NX' }, { name: 'xx', type: 'pure-token', token: 'XX' }],
        },
        { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', flags: ['optional'] },
        {
          name: 'expiration',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
            { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
            { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
            { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
            { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
          ],
        },
      ],
    },
  },
  setnx: {
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['OW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the value of a key, only if the key does not exist',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }],
    },
  },
  setex: {
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the value and expiration of a key',
      since: '2.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'seconds', type: 'integer' },
        { name: 'value', type: 'string' },
      ],
    },
  },
  psetex: {
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the value and expiration in milliseconds of a key',
      since: '2.6.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'milliseconds', type: 'integer' },
        { name: 'value', type: 'string' },
      ],
    },
  },
  mget: {
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@fast'],
    tips: ['request_policy:multi_shard'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the values of all the given keys',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to retrieve.',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    },
  },
  mset: {
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 2,
    aclCategories: ['@write', '@string', '@slow'],
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 2, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set multiple keys to multiple values',
      since: '1.0.1',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to set.',
      arguments: [
        {
          name: 'key_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }],
        },
      ],
    },
  },
  msetnx: {
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 2,
    aclCategories: ['@write', '@string', '@slow'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    keySpecs: [
      {
        flags: ['OW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 2, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set multiple keys to multiple values, only if none of the keys exist',
      since: '1.0.1',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to set.',
      arguments: [
        {
          name: 'key_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }],
        },
      ],
    },
  },
  getset: {
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the string value of a key and return its old value',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`SET` with the `!GET` argument',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }],
    },
  },
  getdel: {
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the value of a key and delete the key',
      since: '6.2.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  getex: {
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        notes: 'RW and UPDATE because it changes the TTL',
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the value of a key and optionally set its expiration',
      since: '6.2.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'expiration',
          type: 'oneof',
          flags: ['optional'],
          arguments: [
            { name: 'seconds', type: 'integer', token: 'EX' },
            { name: 'milliseconds', type: 'integer', token: 'PX' },
            { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
            { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
            { name: 'persist', type: 'pure-token', token: 'PERSIST' },
          ],
        },
      ],
    },
  },
  append: {
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Append a value to a key',
      since: '2.0.0',
      group: 'string',
      complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'value', type: 'string' }],
    },
  },
  strlen: {
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the length of the value stored in a key',
      since: '2.2.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  incr: {
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Increment the integer value of a key by one',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  decr: {
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Decrement the integer value of a key by one',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  incrby: {
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Increment the integer value of a key by the given amount',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'increment', type: 'integer' }],
    },
  },
  decrby: {
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Decrement the integer value of a key by the given number',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'decrement', type: 'integer' }],
    },
  },
  incrbyfloat: {
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Increment the float value of a key by the given amount',
      since: '2.6.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'increment', type: 'double' }],
    },
  },
  getrange: {
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get a substring of the string stored at a key',
      since: '2.4.0',
      group: 'string',
      complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'end', type: 'integer' },
      ],
    },
  },
  setrange: {
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Overwrite part of a string at key starting at the specified offset',
      since: '2.2.0',
      group: 'string',
      complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'offset', type: 'integer' },
        { name: 'value', type: 'string' },
      ],
    },
  },
  substr: {
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get a substring of the string stored at a key',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
      docFlags: ['deprecated'],
      deprecatedSince: '2.0.0',
      replacedBy: '`GETRANGE`',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'end', type: 'integer' },
      ],
    },
  },
  lcs: {
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@read', '@string', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Find longest common substring',
      since: '7.0.0',
      group: 'string',
      complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
      arguments: [
        { name: 'key1', type: 'key', keySpecIndex: 0 },
        { name: 'key2', type: 'key', keySpecIndex: 0 },
        { name: 'len', type: 'pure-token', token: 'LEN', flags: ['optional'] },
        { name: 'idx', type: 'pure-token', token: 'IDX', flags: ['optional'] },
        { name: 'len', type: 'integer', token: 'MINMATCHLEN', flags: ['optional'] },
        { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', flags: ['optional'] },
      ],
    },
  },
  setbit: {
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@bitmap', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Sets or clears the bit at offset in the string value stored at key',
      since: '2.2.0',
      group: 'bitmap',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'offset', type: 'integer' },
        { name: 'value', type: 'integer' },
      ],
    },
  },
  getbit: {
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@bitmap', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Returns the bit value at offset in the string value stored at key',
      since: '2.2.0',
      group: 'bitmap',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'offset', type: 'integer' }],
    },
  },
  bitcount: {
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@bitmap', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Count set bits in a string',
      since: '2.6.0',
      group: 'bitmap',
      complexity: 'O(N)',
      history: [['7.0.0', 'Added the `BYTE|BIT` option.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'index',
          type: 'block',
          flags: ['optional'],
          arguments: [
            { name: 'start', type: 'integer' },
            { name: 'end', type: 'integer' },
            {
              name: 'index_unit',
              type: 'oneof',
              since: '7.0.0',
              flags: ['optional'],
              arguments: [
                { name: 'byte', type: 'pure-token', token: 'BYTE' },
                { name: 'bit', type: 'pure-token', token: 'BIT' },
              ],
            },
          ],
        },
      ],
    },
  },
  bitpos: {
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@bitmap', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Find first bit set or clear in a string',
      since: '2.8.7',
      group: 'bitmap',
      complexity: 'O(N)',
      history: [['7.0.0', 'Added the `BYTE|BIT` option.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'bit', type: 'integer' },
        {
          name: 'index',
          type: 'block',
          flags: ['optional'],
          arguments: [
            { name: 'start', type: 'integer' },
            {
              name: 'end_index',
              type: 'block',
              flags: ['optional'],
              arguments: [
                { name: 'end', type: 'integer' },
                {
                  name: 'index_unit',
                  type: 'oneof',
                  since: '7.0.0',
                  flags: ['optional'],
                  arguments: [
                    { name: 'byte', type: 'pure-token', token: 'BYTE' },
                    { name: 'bit', type: 'pure-token', token: 'BIT' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  },
  bitop: {
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@write', '@bitmap', '@slow'],
    keySpecs: [
      {
        flags: ['OW', 'update'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 3 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Perform bitwise operations between strings',
      since: '2.6.0',
      group: 'bitmap',
      complexity: 'O(N)',
      arguments: [
        { name: 'operation', type: 'string' },
        { name: 'destkey', type: 'key', keySpecIndex: 0 },
        { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
      ],
    },
  },
  bitfield: {
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@bitmap', '@slow'],
    keySpecs: [
      {
        notes: 'This command allows both access and modification of the key',
        flags: ['RW', 'access', 'update', 'variable_flags'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Perform arbitrary bitfield integer operations on strings',
      since: '3.2.0',
      group: 'bitmap',
      complexity: 'O(1) for each subcommand specified',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'operation',
          type: 'oneof',
          flags: ['optional', 'multiple'],
          arguments: [
            {
              name: 'encoding_offset',
              type: 'block',
              token: 'GET',
              arguments: [{ name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }],
            },
            {
              name: 'write',
              type: 'block',
              arguments: [
                {
                  name: 'wrap_sat_fail',
                  type: 'oneof',
                  token: 'OVERFLOW',
                  flags: ['optional'],
                  arguments: [
                    { name: 'wrap', type: 'pure-token', token: 'WRAP' },
                    { name: 'sat', type: 'pure-token', token: 'SAT' },
                    { name: 'fail', type: 'pure-token', token: 'FAIL' },
                  ],
                },
                {
                  name: 'write_operation',
                  type: 'oneof',
                  arguments: [
                    {
                      name: 'encoding_offset_value',
                      type: 'block',
                      token: 'SET',
                      arguments: [
                        { name: 'encoding', type: 'string' },
                        { name: 'offset', type: 'integer' },
                        { name: 'value', type: 'integer' },
                      ],
                    },
                    {
                      name: 'encoding_offset_increment',
                      type: 'block',
                      token: 'INCRBY',
                      arguments: [
                        { name: 'encoding', type: 'string' },
                        { name: 'offset', type: 'integer' },
                        { name: 'increment', type: 'integer' },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  },
  bitfield_ro: {
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@bitmap', '@fast'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
      since: '6.0.0',
      group: 'bitmap',
      complexity: 'O(1) for each subcommand specified',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'encoding_offset',
          type: 'block',
          token: 'GET',
          flags: ['optional', 'multiple', 'multiple_token'],
          arguments: [{ name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }],
        },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

// ---- shared helpers -----------------------------------------------------------

const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
const ERR_NOT_FLOAT = 'ERR value is not a valid float';
const ERR_SYNTAX = 'ERR syntax error';
const ERR_TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
const EMPTY = Buffer.alloc(0);
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function isString(entry: Entry): boolean {
  return entry.value instanceof Uint8Array;
}

/** Redis's checkStringLength: a result longer than proto-max-bulk-len is refused. */
function tooLong(ctx: Context, size: number, append: number): boolean {
  if (size + append > ctx.server.config.protoMaxBulkLen) {
    ctx.reply.error(ERR_TOO_BIG);
    return true;
  }
  return false;
}

/** getLongLongFromObjectOrReply: the int64 or null after replying the error. */
function int64Arg(ctx: Context, arg: Buffer, error = ERR_NOT_INTEGER): number | bigint | null {
  const value = parseInt64(arg);
  if (value === null) ctx.reply.error(error);
  return value;
}

/**
 * An int64 argument as a number for index arithmetic on lengths below 2^53:
 * values past ±2^53 become ±2^62, which compare with any length (and with
 * the lengths added to them) as the exact values do. Comparisons of two
 * arguments with each other use the exact values instead.
 */
function clampedInt(value: number | bigint): number {
  if (typeof value === 'number') return value;
  return value > 0n ? 2 ** 62 : -(2 ** 62);
}

// ---- expiry options (SET, SETEX, PSETEX, GETEX) ---------------------------------

const OPT_NX = 1;
const OPT_XX = 2;
const OPT_GET = 4;
const OPT_KEEPTTL = 8;
const OPT_PERSIST = 16;
const OPT_EX = 32;
const OPT_PX = 64;
const OPT_EXAT = 128;
const OPT_PXAT = 256;
const ANY_EXPIRY = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT;

interface StringOptions {
  flags: number;
  expire: Buffer | null;
}

/**
 * Redis's parseExtendedStringArgumentsOrReply for SET (forSet) and GETEX:
 * which options combine, and a unit option taking the next argument. Null
 * after replying a syntax error.
 */
function parseStringOptions(ctx: Context, from: number, forSet: boolean): StringOptions | null {
  const argv = ctx.argv;
  let flags = 0;
  let expire: Buffer | null = null;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j];
    const hasNext = j < argv.length - 1;
    if (forSet && cstrEquals(opt, 'nx') && (flags & OPT_XX) === 0) flags |= OPT_NX;
    else if (forSet && cstrEquals(opt, 'xx') && (flags & OPT_NX) === 0) flags |= OPT_XX;
    else if (forSet && cstrEquals(opt, 'get')) flags |= OPT_GET;
    else if (forSet && cstrEquals(opt, 'keepttl') && (flags & (OPT_PERSIST | ANY_EXPIRY)) === 0) flags |= OPT_KEEPTTL;
    else if (!forSet && cstrEquals(opt, 'persist') && (flags & (OPT_KEEPTTL | ANY_EXPIRY)) === 0) flags |= OPT_PERSIST;
    else {
      // A unit excludes KEEPTTL, PERSIST and the other units, not a repeat of itself.
      const unit = cstrEquals(opt, 'ex')
        ? OPT_EX
        : cstrEquals(opt, 'px')
          ? OPT_PX
          : cstrEquals(opt, 'exat')
            ? OPT_EXAT
            : cstrEquals(opt, 'pxat')
              ? OPT_PXAT
              : 0;
      if (unit === 0 || !hasNext || (flags & (OPT_KEEPTTL | OPT_PERSIST | (ANY_EXPIRY & ~unit))) !== 0) {
        ctx.reply.error(ERR_SYNTAX);
        return null;
      }
      flags |= unit;
      expire = argv[++j];
    }
  }
  return { flags, expire };
}

/**
 * Redis's getExpireMillisecondsOrReply: the absolute deadline in ms, or null
 * after replying the error (not an integer, not positive, or overflowing).
 */
function expireDeadline(ctx: Context, arg: Buffer, flags: number, command: string): number | null {
  const parsed = int64Arg(ctx, arg);
  if (parsed === null) return null;
  const invalid = (): null => {
    ctx.reply.error(`ERR invalid expire time in '${command}' command`);
    return null;
  };
  const inSeconds = (flags & (OPT_EX | OPT_EXAT)) !== 0;
  const relative = (flags & (OPT_EX | OPT_PX)) !== 0;
  if (typeof parsed === 'number' && parsed > 0 && parsed < 9e12) {
    // The common case: no overflow possible.
    const ms = inSeconds ? parsed * 1000 : parsed;
    return relative ? ms + Date.now() : ms;
  }
  let ms = BigInt(parsed);
  if (ms <= 0n || (inSeconds && ms > INT64_MAX / 1000n)) return invalid();
  if (inSeconds) ms *= 1000n;
  if (relative) {
    const now = BigInt(Date.now());
    if (ms > INT64_MAX - now) return invalid();
    ms += now;
  }
  return Number(ms);
}

// ---- GET SET and friends -------------------------------------------------------

function get({ argv, client, reply }: Context): void {
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) reply.nullBulk();
  else if (value === WRONG_TYPE) reply.error(WRONGTYPE);
  else reply.bulk(value);
}

/**
 * Redis's setGenericCommand: the expiry is validated first, then GET replies
 * the old value, then NX/XX decide. `okReply`/`abortReply` are what SETNX
 * replies instead of OK and null.
 */
function setGeneric(
  ctx: Context,
  flags: number,
  keyArg: Buffer,
  valueArg: Buffer,
  expireArg: Buffer | null,
  command: string,
  okReply: (() => void) | null,
  abortReply: (() => void) | null,
): void {
  const { client, reply } = ctx;
  let expiresAt = 0;
  if (expireArg !== null) {
    const deadline = expireDeadline(ctx, expireArg, flags, command);
    if (deadline === null) return;
    expiresAt = deadline;
  }
  const db = client.db;
  const key = keyOf(keyArg);
  if ((flags & OPT_GET) !== 0) {
    const old = db.readString(key);
    if (old === WRONG_TYPE) {
      reply.error(WRONGTYPE);
      return;
    }
    if (old === undefined) reply.nullBulk();
    else reply.bulk(old);
  }
  const found = db.lookupWrite(key) !== undefined;
  if (((flags & OPT_NX) !== 0 && found) || ((flags & OPT_XX) !== 0 && !found)) {
    if ((flags & OPT_GET) === 0) {
      if (abortReply !== null) abortReply();
      else reply.nullBulk();
    }
    return;
  }
  db.set(key, Buffer.from(valueArg), expiresAt, (flags & OPT_KEEPTTL) !== 0);
  db.notify(NOTIFY.STRING, 'set', keyArg);
  if (expireArg !== null) db.notify(NOTIFY.GENERIC, 'expire', keyArg);
  if ((flags & OPT_GET) === 0) {
    if (okReply !== null) okReply();
    else reply.simple('OK');
  }
}

function set(ctx: Context): void {
  const options = parseStringOptions(ctx, 3, true);
  if (options === null) return;
  setGeneric(ctx, options.flags, ctx.argv[1], ctx.argv[2], options.expire, 'set', null, null);
}

function setnx(ctx: Context): void {
  const { reply } = ctx;
  setGeneric(ctx, OPT_NX, ctx.argv[1], ctx.argv[2], null, 'setnx', () => reply.integer(1), () => reply.integer(0));
}

function setex(ctx: Context): void {
  setGeneric(ctx, OPT_EX, ctx.argv[1], ctx.argv[3], ctx.argv[2], 'setex', null, null);
}

function psetex(ctx: Context): void {
  setGeneric(ctx, OPT_PX, ctx.argv[1], ctx.argv[3], ctx.argv[2], 'psetex', null, null);
}

function getex(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const options = parseStringOptions(ctx, 2, false);
  if (options === null) return;
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupRead(key);
  if (entry === undefined) {
    reply.nullBulk();
    return;
  }
  if (!isString(entry)) {
    reply.error(WRONGTYPE);
    return;
  }
  let deadline = 0;
  if (options.expire !== null) {
    const at = expireDeadline(ctx, options.expire, options.flags, 'getex');
    if (at === null) return;
    deadline = at;
  }
  reply.bulk(entry.value as Buffer);
  if (options.expire !== null) {
    if (deadline <= Date.now()) {
      db.delete(key);
      db.notify(NOTIFY.GENERIC, 'del', argv[1]);
    } else {
      db.setExpiry(key, deadline);
      db.modified(key);
      db.notify(NOTIFY.GENERIC, 'expire', argv[1]);
    }
  } else if ((options.flags & OPT_PERSIST) !== 0 && entry.expiresAt !== 0) {
    db.setExpiry(key, 0);
    db.modified(key);
    db.notify(NOTIFY.GENERIC, 'persist', argv[1]);
  }
}

function getdel({ argv, client, reply }: Context): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const value = db.readString(key);
  if (value === undefined) {
    reply.nullBulk();
    return;
  }
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  reply.bulk(value);
  db.delete(key);
  db.notify(NOTIFY.GENERIC, 'del', argv[1]);
}

function getset({ argv, client, reply }: Context): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const value = db.readString(key);
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  if (value === undefined) reply.nullBulk();
  else reply.bulk(value);
  db.set(key, Buffer.from(argv[2]));
  db.notify(NOTIFY.STRING, 'set', argv[1]);
}

function mget({ argv, client, reply }: Context): void {
  const db = client.db;
  reply.arrayHeader(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const entry = db.lookupRead(keyOf(argv[i]));
    if (entry === undefined || !isString(entry)) reply.nullBulk();
    else reply.bulk(entry.value as Buffer);
  }
}

function msetGeneric(ctx: Context, nx: boolean): void {
  const { argv, client, reply } = ctx;
  if (argv.length % 2 === 0) {
    reply.error(`ERR wrong number of arguments for '${nx ? 'msetnx' : 'mset'}' command`);
    return;
  }
  const db = client.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupWrite(keyOf(argv[j])) !== undefined) {
        reply.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    db.set(keyOf(argv[j]), Buffer.from(argv[j + 1]));
    db.notify(NOTIFY.STRING, 'set', argv[j]);
  }
  if (nx) reply.integer(1);
  else reply.simple('OK');
}

function strlen({ argv, client, reply }: Context): void {
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) reply.integer(0);
  else if (value === WRONG_TYPE) reply.error(WRONGTYPE);
  else reply.integer(value.length);
}

function append(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  let length: number;
  if (entry === undefined) {
    const value = Buffer.from(argv[2]);
    db.add(key, value);
    length = value.length;
  } else {
    if (!isString(entry)) {
      reply.error(WRONGTYPE);
      return;
    }
    if (tooLong(ctx, (entry.value as Buffer).length, argv[2].length)) return;
    length = appendToString(entry, argv[2]);
    db.modified(key);
  }
  db.notify(NOTIFY.STRING, 'append', argv[1]);
  reply.integer(length);
}

// ---- counters ----------------------------------------------------------------------

function incrDecr(ctx: Context, increment: number | bigint): void {
  const { argv, client, reply } = ctx;
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  let current: number | bigint = 0;
  if (entry !== undefined) {
    if (!isString(entry)) {
      reply.error(WRONGTYPE);
      return;
    }
    const parsed = parseInt64(entry.value as Buffer);
    if (parsed === null) {
      reply.error(ERR_NOT_INTEGER);
      return;
    }
    current = parsed;
  }
  let result: number | bigint;
  if (typeof current === 'number' && typeof increment === 'number' && Number.isSafeInteger(current + increment)) {
    result = current + increment;
  } else {
    const sum = BigInt(current) + BigInt(increment);
    if (sum > INT64_MAX || sum < INT64_MIN) {
      reply.error('ERR increment or decrement would overflow');
      return;
    }
    result = sum >= -9007199254740991n && sum <= 9007199254740991n ? Number(sum) : sum;
  }
  db.set(key, int64Bytes(result), 0, true);
  db.notify(NOTIFY.STRING, 'incrby', argv[1]);
  reply.integer(result);
}

function incrby(ctx: Context): void {
  const increment = int64Arg(ctx, ctx.argv[2]);
  if (increment !== null) incrDecr(ctx, increment);
}

function decrby(ctx: Context): void {
  const decrement = int64Arg(ctx, ctx.argv[2]);
  if (decrement === null) return;
  if (decrement === INT64_MIN) {
    ctx.reply.error('ERR decrement would overflow');
    return;
  }
  incrDecr(ctx, typeof decrement === 'number' ? -decrement : -decrement);
}

function incrbyfloat({ argv, client, reply }: Context): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  let current: LongDouble | null = { negative: false, infinite: false, mantissa: 0n, exponent: 0 };
  if (entry !== undefined) {
    if (!isString(entry)) {
      reply.error(WRONGTYPE);
      return;
    }
    current = parseLongDouble(entry.value as Buffer);
  }
  const increment = current === null ? null : parseLongDouble(argv[2]);
  if (current === null || increment === null) {
    reply.error(ERR_NOT_FLOAT);
    return;
  }
  const sum = addLongDouble(current, increment);
  if (sum === null) {
    reply.error('ERR increment would produce NaN or Infinity');
    return;
  }
  const value = storeWithoutIntEncoding(formatLongDouble(sum));
  db.set(key, value, 0, true);
  db.notify(NOTIFY.STRING, 'incrbyfloat', argv[1]);
  reply.bulk(value);
}

// ---- ranges --------------------------------------------------------------------------

function getrange(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const startArg = int64Arg(ctx, argv[2]);
  if (startArg === null) return;
  const endArg = int64Arg(ctx, argv[3]);
  if (endArg === null) return;
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) {
    reply.bulk(EMPTY);
    return;
  }
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  if (startArg < 0 && endArg < 0 && startArg > endArg) {
    reply.bulk(EMPTY);
    return;
  }
  const length = value.length;
  let start = clampedInt(startArg);
  let end = clampedInt(endArg);
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= length) end = length - 1;
  if (start > end || length === 0) reply.bulk(EMPTY);
  else reply.bulk(value.subarray(start, end + 1));
}

function setrange(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const offsetArg = int64Arg(ctx, argv[2]);
  if (offsetArg === null) return;
  if (offsetArg < 0) {
    reply.error('ERR offset is out of range');
    return;
  }
  const offset = clampedInt(offsetArg);
  const patch = argv[3];
  const db = client.db;
  const key = keyOf(argv[1]);
  const entry = db.lookupWrite(key);
  let target: Buffer;
  if (entry === undefined) {
    if (patch.length === 0) {
      reply.integer(0);
      return;
    }
    if (tooLong(ctx, offset, patch.length)) return;
    target = newRawString(db.add(key, EMPTY), offset + patch.length);
  } else {
    if (!isString(entry)) {
      reply.error(WRONGTYPE);
      return;
    }
    const current = entry.value as Buffer;
    if (patch.length === 0) {
      reply.integer(current.length);
      return;
    }
    if (tooLong(ctx, offset, patch.length)) return;
    target = editableString(entry, Math.max(current.length, offset + patch.length));
    db.modified(key);
  }
  patch.copy(target, offset);
  db.notify(NOTIFY.STRING, 'setrange', argv[1]);
  reply.integer(target.length);
}

function lcs(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const db = client.db;
  const entryA = db.lookupRead(keyOf(argv[1]));
  const entryB = db.lookupRead(keyOf(argv[2]));
  if ((entryA !== undefined && !isString(entryA)) || (entryB !== undefined && !isString(entryB))) {
    reply.error('ERR The specified keys must contain string values');
    return;
  }
  const a = entryA === undefined ? EMPTY : (entryA.value as Buffer);
  const b = entryB === undefined ? EMPTY : (entryB.value as Buffer);
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = argv.length - 1 - j;
    if (cstrEquals(opt, 'idx')) getIdx = true;
    else if (cstrEquals(opt, 'len')) getLen = true;
    else if (cstrEquals(opt, 'withmatchlen')) withMatchLen = true;
    else if (cstrEquals(opt, 'minmatchlen') && more > 0) {
      const parsed = int64Arg(ctx, argv[j + 1]);
      if (parsed === null) return;
      minMatchLen = parsed < 0 ? 0 : clampedInt(parsed);
      j++;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  if (getIdx && getLen) {
    reply.error('ERR If you want both the length and indexes, please just use IDX.');
    return;
  }
  const alen = a.length;
  const blen = b.length;
  const width = blen + 1;
  const cells = (alen + 1) * width;
  if (cells * 4 > ctx.server.config.protoMaxBulkLen) {
    reply.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  // table[i * width + j]: LCS length of a[0..i) and b[0..j).
  const table = new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ai = a[i - 1];
    const row = i * width;
    const prev = row - width;
    for (let j = 1; j <= blen; j++) {
      if (ai === b[j - 1]) table[row + j] = table[prev + j - 1] + 1;
      else {
        const up = table[prev + j];
        const left = table[row + j - 1];
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * width + blen];
  if (getLen && !getIdx) {
    reply.integer(total);
    return;
  }
  const result = getIdx ? null : Buffer.allocUnsafe(total);
  // Ranges are found walking back from the ends; Redis emits them as it goes.
  const ranges: number[] = [];
  let idx = total;
  let i = alen;
  let j = blen;
  let aStart = alen; // alen: no range open
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      if (result !== null) result[idx - 1] = a[i - 1];
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const up = table[(i - 1) * width + j];
      const left = table[i * width + j - 1];
      if (up > left) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }
  if (result !== null) {
    reply.bulk(result);
    return;
  }
  reply.mapHeader(2);
  reply.bulk('matches');
  reply.arrayHeader(ranges.length / 5);
  for (let r = 0; r < ranges.length; r += 5) {
    reply.arrayHeader(withMatchLen ? 3 : 2);
    reply.arrayHeader(2);
    reply.integer(ranges[r]);
    reply.integer(ranges[r + 1]);
    reply.arrayHeader(2);
    reply.integer(ranges[r + 2]);
    reply.integer(ranges[r + 3]);
    if (withMatchLen) reply.integer(ranges[r + 4]);
  }
  reply.bulk('len');
  reply.integer(total);
}

// ---- bitmaps -----------------------------------------------------------------------

/**
 * Redis's getBitOffsetFromArgument: a bit offset, or with `bits` > 0 a
 * "#N" offset counted in fields of that width (the product wraps as int64
 * does in C). Null after replying the error.
 */
function bitOffsetArg(ctx: Context, arg: Buffer, bits: number): number | null {
  const hash = bits > 0 && arg.length > 0 && arg[0] === 0x23;
  const parsed = parseInt64(hash ? arg.subarray(1) : arg);
  if (parsed === null) {
    ctx.reply.error(ERR_BIT_OFFSET);
    return null;
  }
  let offset: number | bigint = parsed;
  if (hash) {
    offset = typeof parsed === 'number' && Number.isSafeInteger(parsed * bits) ? parsed * bits : BigInt.asIntN(64, BigInt(parsed) * BigInt(bits));
  }
  if (offset < 0 || Number(offset) / 8 >= ctx.server.config.protoMaxBulkLen) {
    ctx.reply.error(ERR_BIT_OFFSET);
    return null;
  }
  return Number(offset);
}

/**
 * Redis's lookupStringForBitCommand: the key's string grown to hold bit
 * `maxBit`, created when missing, copied to a raw string of its own when
 * shared or not raw. `dirty` tells whether it was created or grew.
 */
function stringForBits(ctx: Context, key: string, maxBit: number): { value: Buffer; dirty: boolean } | null {
  const db = ctx.client.db;
  const length = Math.floor(maxBit / 8) + 1;
  const entry = db.lookupWrite(key);
  if (entry === undefined) return { value: newRawString(db.add(key, EMPTY), length), dirty: true };
  if (!isString(entry)) {
    ctx.reply.error(WRONGTYPE);
    return null;
  }
  const before = (entry.value as Buffer).length;
  const value = editableString(entry, length);
  return { value, dirty: value.length !== before };
}

function setbit(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const offset = bitOffsetArg(ctx, argv[2], 0);
  if (offset === null) return;
  const on = int64Arg(ctx, argv[3], ERR_BIT_VALUE);
  if (on === null) return;
  if (on !== 0 && on !== 1) {
    reply.error(ERR_BIT_VALUE);
    return;
  }
  const key = keyOf(argv[1]);
  const target = stringForBits(ctx, key, offset);
  if (target === null) return;
  const { value, dirty } = target;
  const byte = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset % 8));
  const old = (value[byte] & mask) !== 0 ? 1 : 0;
  if (dirty || old !== on) {
    if (on === 1) value[byte] |= mask;
    else value[byte] &= ~mask;
    client.db.modified(key);
    client.db.notify(NOTIFY.STRING, 'setbit', argv[1]);
  }
  reply.integer(old);
}

function getbit(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const offset = bitOffsetArg(ctx, argv[2], 0);
  if (offset === null) return;
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) {
    reply.integer(0);
    return;
  }
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const byte = Math.floor(offset / 8);
  reply.integer(byte < value.length && (value[byte] & (1 << (7 - (offset % 8)))) !== 0 ? 1 : 0);
}

/** The BYTE|BIT word of BITCOUNT/BITPOS: true for BIT, null after a syntax error. */
function bitModeArg(ctx: Context, arg: Buffer): boolean | null {
  if (cstrEquals(arg, 'bit')) return true;
  if (cstrEquals(arg, 'byte')) return false;
  ctx.reply.error(ERR_SYNTAX);
  return null;
}

function bitcount(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const value = client.db.readString(keyOf(argv[1]));
  if (value === undefined) {
    reply.integer(0);
    return;
  }
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const argc = argv.length;
  let start: number;
  let end: number;
  let firstIgnore = 0;
  let lastIgnore = 0;
  if (argc === 4 || argc === 5) {
    const startArg = int64Arg(ctx, argv[2]);
    if (startArg === null) return;
    const endArg = int64Arg(ctx, argv[3]);
    if (endArg === null) return;
    if (startArg < 0 && endArg < 0 && startArg > endArg) {
      reply.integer(0);
      return;
    }
    let isBit = false;
    if (argc === 5) {
      const mode = bitModeArg(ctx, argv[4]);
      if (mode === null) return;
      isBit = mode;
    }
    const total = isBit ? value.length * 8 : value.length;
    start = clampedInt(startArg);
    end = clampedInt(endArg);
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (isBit && start <= end) {
      // Bits of the edge bytes outside the range.
      firstIgnore = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastIgnore = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argc === 2) {
    start = 0;
    end = value.length - 1;
  } else {
    reply.error(ERR_SYNTAX);
    return;
  }
  if (start > end) reply.integer(0);
  else reply.integer(countBits(value, start, end, firstIgnore, lastIgnore));
}

function bitpos(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const bitArg = int64Arg(ctx, argv[2]);
  if (bitArg === null) return;
  if (bitArg !== 0 && bitArg !== 1) {
    reply.error('ERR The bit argument must be 1 or 0.');
    return;
  }
  const bit = bitArg;
  const db = client.db;
  const entry = db.lookupRead(keyOf(argv[1]));
  // A missing key is an endless run of zero bits.
  if (entry === undefined) {
    reply.integer(bit === 1 ? -1 : 0);
    return;
  }
  if (!isString(entry)) {
    reply.error(WRONGTYPE);
    return;
  }
  const value = entry.value as Buffer;
  const argc = argv.length;
  let isBit = false;
  let endGiven = false;
  let start: number;
  let end: number;
  if (argc >= 4 && argc <= 6) {
    const startArg = int64Arg(ctx, argv[3]);
    if (startArg === null) return;
    if (argc === 6) {
      const mode = bitModeArg(ctx, argv[5]);
      if (mode === null) return;
      isBit = mode;
    }
    let endArg: number | bigint = isBit ? value.length * 8 + 7 : value.length - 1;
    if (argc >= 5) {
      const parsed = int64Arg(ctx, argv[4]);
      if (parsed === null) return;
      endArg = parsed;
      endGiven = true;
    }
    const total = isBit ? value.length * 8 : value.length;
    start = clampedInt(startArg);
    end = clampedInt(endArg);
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (!isBit) {
      start *= 8;
      end = end * 8 + 7;
    }
  } else if (argc === 3) {
    start = 0;
    end = value.length * 8 - 1;
  } else {
    reply.error(ERR_SYNTAX);
    return;
  }
  if (start > end) {
    reply.integer(-1);
    return;
  }
  const found = findBit(value, bit, start, end);
  if (found >= 0) reply.integer(found);
  // No clear bit inside: without an explicit end the string continues with zeros.
  else if (bit === 0 && !endGiven) reply.integer(end + 1);
  else reply.integer(-1);
}

function bitop(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const opname = argv[1];
  const op = cstrEquals(opname, 'and') ? 0 : cstrEquals(opname, 'or') ? 1 : cstrEquals(opname, 'xor') ? 2 : cstrEquals(opname, 'not') ? 3 : -1;
  if (op < 0) {
    reply.error(ERR_SYNTAX);
    return;
  }
  if (op === 3 && argv.length !== 4) {
    reply.error('ERR BITOP NOT must be called with a single source key.');
    return;
  }
  const db = client.db;
  const sources: Buffer[] = [];
  let maxLength = 0;
  for (let j = 3; j < argv.length; j++) {
    const entry = db.lookupRead(keyOf(argv[j]));
    if (entry === undefined) {
      sources.push(EMPTY);
      continue;
    }
    if (!isString(entry)) {
      reply.error(WRONGTYPE);
      return;
    }
    const value = entry.value as Buffer;
    sources.push(value);
    if (value.length > maxLength) maxLength = value.length;
  }
  const destKey = keyOf(argv[2]);
  if (maxLength === 0) {
    if (db.delete(destKey)) db.notify(NOTIFY.GENERIC, 'del', argv[2]);
    reply.integer(0);
    return;
  }
  const result = Buffer.alloc(maxLength);
  const first = sources[0];
  first.copy(result, 0);
  if (op === 3) {
    for (let i = 0; i < maxLength; i++) result[i] = ~result[i] & 0xff;
  } else {
    for (let s = 1; s < sources.length; s++) {
      const src = sources[s];
      const n = src.length;
      if (op === 0) {
        for (let i = 0; i < n; i++) result[i] &= src[i];
        result.fill(0, n);
      } else if (op === 1) {
        for (let i = 0; i < n; i++) result[i] |= src[i];
      } else {
        for (let i = 0; i < n; i++) result[i] ^= src[i];
      }
    }
  }
  adoptRawString(db.set(destKey, result), result);
  db.notify(NOTIFY.STRING, 'set', argv[2]);
  reply.integer(maxLength);
}

// ---- BITFIELD ------------------------------------------------------------------------

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const OVERFLOW_WRAP = 0;
const OVERFLOW_SAT = 1;
const OVERFLOW_FAIL = 2;

interface BitfieldOp {
  opcode: number;
  offset: number;
  bits: number;
  signed: boolean;
  overflow: number;
  operand: bigint;
}

const ERR_BITFIELD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

/** Redis's getBitfieldTypeFromArgument: [iu]N read as a C string; null after the error. */
function bitfieldType(ctx: Context, arg: Buffer): { signed: boolean; bits: number } | null {
  const nul = arg.indexOf(0);
  const text = nul >= 0 ? arg.subarray(0, nul) : arg;
  const kind = text.length > 0 ? text[0] : 0; // lower-case only
  const bits = kind === 0x69 || kind === 0x75 ? parseInt64(text.subarray(1)) : null;
  const signed = kind === 0x69;
  if (bits === null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
    ctx.reply.error(ERR_BITFIELD_TYPE);
    return null;
  }
  return { signed, bits: Number(bits) };
}

/**
 * The field after adding `increment` to `value` (SET adds 0 to the new
 * value), or null when FAIL refuses it. Overflow is detected as Redis's
 * checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow do it, int64
 * wrap-around of their intermediate differences included: a signed SET of a
 * very negative value can saturate to the maximum, as in Redis.
 */
function bitfieldResult(value: bigint, increment: bigint, op: BitfieldOp): bigint | null {
  const bits = op.bits;
  let direction = 0;
  let max: bigint;
  let min: bigint;
  if (op.signed) {
    max = bits === 64 ? INT64_MAX : (1n << BigInt(bits - 1)) - 1n;
    min = -max - 1n;
    const maxIncrement = BigInt.asIntN(64, max - value);
    const minIncrement = BigInt.asIntN(64, min - value);
    if (value > max || (bits !== 64 && increment > maxIncrement) || (value >= 0n && increment > 0n && increment > maxIncrement)) {
      direction = 1;
    } else if (value < min || (bits !== 64 && increment < minIncrement) || (value < 0n && increment < 0n && increment < minIncrement)) {
      direction = -1;
    }
  } else {
    max = (1n << BigInt(bits)) - 1n;
    min = 0n;
    const maxIncrement = BigInt.asIntN(64, max - value);
    const minIncrement = BigInt.asIntN(64, -value);
    if (value > max || (increment > 0n && increment > maxIncrement)) direction = 1;
    else if (increment < 0n && increment < minIncrement) direction = -1;
  }
  if (direction === 0) return op.signed ? BigInt.asIntN(64, value + increment) : BigInt.asUintN(64, value + increment);
  if (op.overflow === OVERFLOW_FAIL) return null;
  if (op.overflow === OVERFLOW_SAT) return direction > 0 ? max : min;
  return op.signed ? BigInt.asIntN(bits, value + increment) : BigInt.asUintN(bits, value + increment);
}

function bitfieldGeneric(ctx: Context, readOnlyCommand: boolean): void {
  const { argv, client, reply } = ctx;
  const ops: BitfieldOp[] = [];
  let overflow = OVERFLOW_WRAP;
  let readonly = true;
  let highestWriteBit = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j];
    let opcode: number;
    if (cstrEquals(sub, 'get') && remaining >= 2) opcode = OP_GET;
    else if (cstrEquals(sub, 'set') && remaining >= 3) opcode = OP_SET;
    else if (cstrEquals(sub, 'incrby') && remaining >= 3) opcode = OP_INCRBY;
    else if (cstrEquals(sub, 'overflow') && remaining >= 1) {
      const kind = argv[++j];
      if (cstrEquals(kind, 'wrap')) overflow = OVERFLOW_WRAP;
      else if (cstrEquals(kind, 'sat')) overflow = OVERFLOW_SAT;
      else if (cstrEquals(kind, 'fail')) overflow = OVERFLOW_FAIL;
      else {
        reply.error('ERR Invalid OVERFLOW type specified');
        return;
      }
      continue;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
    const type = bitfieldType(ctx, argv[j + 1]);
    if (type === null) return;
    const offset = bitOffsetArg(ctx, argv[j + 2], type.bits);
    if (offset === null) return;
    let operand = 0n;
    if (opcode !== OP_GET) {
      readonly = false;
      if (highestWriteBit < offset + type.bits - 1) highestWriteBit = offset + type.bits - 1;
      const parsed = int64Arg(ctx, argv[j + 3]);
      if (parsed === null) return;
      operand = BigInt(parsed);
    }
    ops.push({ opcode, offset, bits: type.bits, signed: type.signed, overflow, operand });
    j += opcode === OP_GET ? 2 : 3;
  }

  const db = client.db;
  const key = keyOf(argv[1]);
  let value: Buffer = EMPTY;
  let dirty = false;
  if (readonly) {
    const entry = db.lookupRead(key);
    if (entry !== undefined) {
      if (!isString(entry)) {
        reply.error(WRONGTYPE);
        return;
      }
      value = entry.value as Buffer;
    }
  } else {
    if (readOnlyCommand) {
      reply.error('ERR BITFIELD_RO only supports the GET subcommand');
      return;
    }
    const target = stringForBits(ctx, key, highestWriteBit);
    if (target === null) return;
    value = target.value;
    dirty = target.dirty;
  }

  reply.arrayHeader(ops.length);
  let changes = 0;
  for (const op of ops) {
    const raw = getBitfield(value, op.offset, op.bits);
    const old = op.signed ? BigInt.asIntN(op.bits, raw) : raw;
    if (op.opcode === OP_GET) {
      reply.integer(old);
      continue;
    }
    // SET checks the new value alone; an unsigned SET sees a negative value as its uint64 bits.
    const stored = op.opcode === OP_SET ? (op.signed ? op.operand : BigInt.asUintN(64, op.operand)) : old;
    const next = bitfieldResult(stored, op.opcode === OP_SET ? 0n : op.operand, op);
    if (next === null) {
      reply.nullBulk();
      continue;
    }
    reply.integer(op.opcode === OP_SET ? old : next);
    setBitfield(value, op.offset, op.bits, next);
    if (dirty || next !== old) changes++;
  }
  if (changes > 0) {
    db.modified(key);
    db.notify(NOTIFY.STRING, 'setbit', argv[1]);
  }
}

/**
 * BITFIELD's key is read-only when every subcommand is a GET (or OVERFLOW),
 * as Redis's bitfieldGetKeys reports it.
 */
function bitfieldKeys(argv: Buffer[]): KeyPosition[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const remaining = argv.length - i - 1;
    if (cstrEquals(argv[i], 'get') && remaining >= 2) i += 2;
    else if (cstrEquals(argv[i], 'overflow') && remaining >= 1) i += 1;
    else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? ['RO', 'access'] : ['RW', 'access', 'update'] }];
}

export const stringCommands: Command[] = [
  defineCommand(meta.get, get),
  defineCommand(meta.set, set),
  defineCommand(meta.setnx, setnx),
  defineCommand(meta.setex, setex),
  defineCommand(meta.psetex, psetex),
  defineCommand(meta.mget, mget),
  defineCommand(meta.mset, (ctx) => msetGeneric(ctx, false)),
  defineCommand(meta.msetnx, (ctx) => msetGeneric(ctx, true)),
  defineCommand(meta.getset, getset),
  defineCommand(meta.getdel, getdel),
  defineCommand(meta.getex, getex),
  defineCommand(meta.append, append),
  defineCommand(meta.strlen, strlen),
  defineCommand(meta.incr, (ctx) => incrDecr(ctx, 1)),
  defineCommand(meta.decr, (ctx) => incrDecr(ctx, -1)),
  defineCommand(meta.incrby, incrby),
  defineCommand(meta.decrby, decrby),
  defineCommand(meta.incrbyfloat, incrbyfloat),
  defineCommand(meta.getrange, getrange),
  defineCommand(meta.substr, getrange),
  defineCommand(meta.setrange, setrange),
  defineCommand(meta.lcs, lcs),
  defineCommand(meta.setbit, setbit),
  defineCommand(meta.getbit, getbit),
  defineCommand(meta.bitcount, bitcount),
  defineCommand(meta.bitpos, bitpos),
  defineCommand(meta.bitop, bitop),
  defineCommand(meta.bitfield, (ctx) => bitfieldGeneric(ctx, false), bitfieldKeys),
  defineCommand(meta.bitfield_ro, (ctx) => bitfieldGeneric(ctx, true)),
];
