// List commands: pushes, pops, ranges, LPOS, moves between lists, and the
// blocking pops (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP), as Redis 7.0.15's
// t_list.c behaves: same argument checks in the same order, same replies and
// errors, same keyspace events in the same order.
//
// Blocking: a client that finds no data registers with the server's blocking
// registry. A push that creates a list signals its key ready (as Redis's
// dbAdd does: an existing list is never empty, so nobody waits on it), and
// after the command that pushed, the registry calls each waiter's serve(key),
// which re-checks the key (it may be empty again, or hold another type: Redis
// then keeps the client waiting).
// The metadata is what Redis 7.0.15 reports (COMMAND INFO / COMMAND DOCS).
import { defineCommand, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { keyBytes, keyOf, ListValue, NOTIFY, WRONG_TYPE, WRONGTYPE, type Database } from '../keyspace/keyspace';
import type { Client } from '../server/client';
import type { Server } from '../server/server';
import { parseBlockTimeout } from '../server/blocking';

const meta = {
  lpush: {
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Prepend one or multiple elements to a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [['2.4.0', 'Accepts multiple `element` arguments.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  rpush: {
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Append one or multiple elements to a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [['2.4.0', 'Accepts multiple `element` arguments.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  lpushx: {
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Prepend an element to a list, only if the list exists',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [['4.0.0', 'Accepts multiple `element` arguments.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  rpushx: {
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Append an element to a list, only if the list exists',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [['4.0.0', 'Accepts multiple `element` arguments.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  lpop: {
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove and get the first elements in a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements returned',
      history: [['6.2.0', 'Added the `count` argument.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', since: '6.2.0', flags: ['optional'] },
      ],
    },
  },
  rpop: {
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove and get the last elements in a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements returned',
      history: [['6.2.0', 'Added the `count` argument.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer', since: '6.2.0', flags: ['optional'] },
      ],
    },
  },
  llen: {
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@list', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get the length of a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  lrange: {
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get a range of elements from a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'stop', type: 'integer' },
      ],
    },
  },
  lindex: {
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get an element from a list by its index',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'index', type: 'integer' }],
    },
  },
  lset: {
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set the value of an element in a list by its index',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'index', type: 'integer' },
        { name: 'element', type: 'string' },
      ],
    },
  },
  linsert: {
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Insert an element before or after another element in a list',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'where',
          type: 'oneof',
          arguments: [
            { name: 'before', type: 'pure-token', token: 'BEFORE' },
            { name: 'after', type: 'pure-token', token: 'AFTER' },
          ],
        },
        { name: 'pivot', type: 'string' },
        { name: 'element', type: 'string' },
      ],
    },
  },
  lrem: {
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove elements from a list',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'count', type: 'integer' },
        { name: 'element', type: 'string' },
      ],
    },
  },
  ltrim: {
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Trim a list to the specified range',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to be removed by the operation.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'integer' },
        { name: 'stop', type: 'integer' },
      ],
    },
  },
  lpos: {
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return the index of matching elements on a list',
      since: '6.0.6',
      group: 'list',
      complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'element', type: 'string' },
        { name: 'rank', type: 'integer', token: 'RANK', flags: ['optional'] },
        { name: 'num-matches', type: 'integer', token: 'COUNT', flags: ['optional'] },
        { name: 'len', type: 'integer', token: 'MAXLEN', flags: ['optional'] },
      ],
    },
  },
  lmove: {
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Pop an element from a list, push it to another list and return it',
      since: '6.2.0',
      group: 'list',
      complexity: 'O(1)',
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
        {
          name: 'wherefrom',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
        {
          name: 'whereto',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
      ],
    },
  },
  rpoplpush: {
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove the last element in a list, prepend it to another list and return it',
      since: '1.2.0',
      group: 'list',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
      ],
    },
  },
  lmpop: {
    name: 'lmpop',
    arity: -4,
    flags: ['write', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@write', '@list', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 },
      },
    ],
    docs: {
      summary: 'Pop elements from a list',
      since: '7.0.0',
      group: 'list',
      complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
      arguments: [
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        {
          name: 'where',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  blpop: {
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -2, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove and get the first element in a list, or block until one is available',
      since: '2.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of provided keys.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  brpop: {
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -2, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Remove and get the last element in a list, or block until one is available',
      since: '2.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of provided keys.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  blmove: {
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
      since: '6.2.0',
      group: 'list',
      complexity: 'O(1)',
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
        {
          name: 'wherefrom',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
        {
          name: 'whereto',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  brpoplpush: {
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@list', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        { name: 'source', type: 'key', keySpecIndex: 0 },
        { name: 'destination', type: 'key', keySpecIndex: 1 },
        { name: 'timeout', type: 'double' },
      ],
    },
  },
  blmpop: {
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@write', '@list', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RW', 'access', 'delete'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, step: 1 },
      },
    ],
    docs: {
      summary: 'Pop elements from a list, or block until one is available',
      since: '7.0.0',
      group: 'list',
      complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
      arguments: [
        { name: 'timeout', type: 'double' },
        { name: 'numkeys', type: 'integer' },
        { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
        {
          name: 'where',
          type: 'oneof',
          arguments: [
            { name: 'left', type: 'pure-token', token: 'LEFT' },
            { name: 'right', type: 'pure-token', token: 'RIGHT' },
          ],
        },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
const ERR_NOT_POSITIVE = 'ERR value is out of range, must be positive';
const ERR_SYNTAX = 'ERR syntax error';
const ERR_NO_SUCH_KEY = 'ERR no such key';
const ERR_INDEX_RANGE = 'ERR index out of range';
const ERR_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

/** The two ends of a list (Redis's LIST_HEAD / LIST_TAIL). */
type End = 'head' | 'tail';

// ---- shared steps --------------------------------------------------------

/** list-max-listpack-size per server, kept in step with CONFIG SET (the module key API's pushes use it too). */
const fillByServer = new WeakMap<Server, { value: number }>();

export function listFill(server: Server): number {
  let cell = fillByServer.get(server);
  if (cell === undefined) {
    const read = (): number => {
      const n = Number(server.config.get('list-max-listpack-size') ?? '-2');
      return Number.isInteger(n) ? n : -2;
    };
    const fresh = { value: read() };
    server.config.onChange('list-max-listpack-size', () => {
      fresh.value = read();
    });
    fillByServer.set(server, fresh);
    cell = fresh;
  }
  return cell.value;
}

/** LEFT / RIGHT of LMOVE, BLMOVE, LMPOP, BLMPOP; null for anything else. */
function parseEnd(arg: Buffer): End | null {
  if (equalsIgnoreCase(arg, 'left')) return 'head';
  if (equalsIgnoreCase(arg, 'right')) return 'tail';
  return null;
}

function popEnd(list: ListValue, where: End): Buffer {
  return (where === 'head' ? list.popFront() : list.popBack())!;
}

function pushEnd(list: ListValue, where: End, value: Buffer): void {
  if (where === 'head') list.pushFront(value);
  else list.pushBack(value);
}

/**
 * After elements left a list (Redis's listElementsRemoved): the pop event,
 * the key deleted with a 'del' event once empty, the modification signalled.
 */
function elementsRemoved(db: Database, key: string, keyArg: Buffer, where: End, list: ListValue): void {
  db.notify(NOTIFY.LIST, where === 'head' ? 'lpop' : 'rpop', keyArg);
  if (list.length === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', keyArg);
  } else {
    db.modified(key);
  }
}

/**
 * Elements start..end (Redis's addListRangeReply: negative indexes count from
 * the tail, then clamped); `reverse` lists them tail first.
 */
function replyRange(client: Client, list: ListValue, start: number, end: number, reverse: boolean): void {
  const reply = client.reply;
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    reply.arrayHeader(0);
    return;
  }
  if (end >= len) end = len - 1;
  reply.arrayHeader(end - start + 1);
  if (reverse) for (let i = end; i >= start; i--) reply.bulk(list.at(i));
  else for (let i = start; i <= end; i++) reply.bulk(list.at(i));
}

/** Pops up to `count` from one end, replying [key, [elements]] (LMPOP, BLMPOP). */
function popRangeWithKey(client: Client, db: Database, key: string, keyArg: Buffer, list: ListValue, where: End, count: number): void {
  const n = Math.min(count, list.length);
  client.reply.arrayHeader(2);
  client.reply.bulk(keyArg);
  if (where === 'head') {
    replyRange(client, list, 0, n - 1, false);
    list.trim(n, 0);
  } else {
    replyRange(client, list, -n, -1, true);
    list.trim(0, n);
  }
  elementsRemoved(db, key, keyArg, where, list);
}

/**
 * The push half of a move (Redis's lmoveHandlePush): the destination made if
 * missing, modified, the value pushed with its event, the value replied.
 */
function pushForMove(client: Client, server: Server, db: Database, dstKey: string, dstArg: Buffer, dst: ListValue | undefined, value: Buffer, where: End): void {
  if (dst === undefined) {
    dst = new ListValue(listFill(server));
    db.add(dstKey, dst);
    db.signalReady(dstKey);
  } else {
    db.modified(dstKey);
  }
  pushEnd(dst, where, value);
  db.notify(NOTIFY.LIST, where === 'head' ? 'lpush' : 'rpush', dstArg);
  client.reply.bulk(value);
}

// ---- integer arguments ---------------------------------------------------

/** getPositiveLongFromObjectOrReply: an error text (the same for any failure), or the value. */
function positiveLong(arg: Buffer, message: string): number | string {
  const n = parseInteger(arg);
  if (n === null || n < 0) return message;
  return n;
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX) with a message for every failure. */
function atLeastOne(arg: Buffer, message: string): number | string {
  const n = parseInteger(arg);
  if (n === null || n < 1) return message;
  return n;
}

// ---- pushes ---------------------------------------------------------------

function pushGeneric({ argv, client, reply, server }: Context, where: End, onlyExisting: boolean): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const found = db.writeTyped<ListValue>(key, 'list');
  if (found === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  let list = found;
  if (list === undefined) {
    if (onlyExisting) {
      reply.integer(0);
      return;
    }
    list = new ListValue(listFill(server));
    db.add(key, list);
    // As Redis's dbAdd: only a list that comes into being can have waiters.
    db.signalReady(key);
  } else {
    db.modified(key);
  }
  const argc = argv.length;
  if (where === 'head') for (let j = 2; j < argc; j++) list.pushFront(Buffer.from(argv[j]));
  else for (let j = 2; j < argc; j++) list.pushBack(Buffer.from(argv[j]));
  reply.integer(list.length);
  db.notify(NOTIFY.LIST, where === 'head' ? 'lpush' : 'rpush', argv[1]);
}

function linsert({ argv, client, reply }: Context): void {
  let after: boolean;
  if (equalsIgnoreCase(argv[2], 'after')) after = true;
  else if (equalsIgnoreCase(argv[2], 'before')) after = false;
  else {
    reply.error(ERR_SYNTAX);
    return;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const list = db.writeTyped<ListValue>(key, 'list');
  if (list === undefined) {
    reply.integer(0);
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const pivot = argv[3];
  const len = list.length;
  let at = -1;
  for (let i = 0; i < len; i++) {
    if (list.at(i).equals(pivot)) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    reply.integer(-1);
    return;
  }
  list.insertBeside(at, Buffer.from(argv[4]), after);
  db.modified(key);
  db.notify(NOTIFY.LIST, 'linsert', argv[1]);
  reply.integer(list.length);
}

// ---- reads ----------------------------------------------------------------

function llen({ argv, client, reply }: Context): void {
  const list = client.db.readTyped<ListValue>(keyOf(argv[1]), 'list');
  if (list === undefined) reply.integer(0);
  else if (list === WRONG_TYPE) reply.error(WRONGTYPE);
  else reply.integer(list.length);
}

function lindex({ argv, client, reply }: Context): void {
  const list = client.db.readTyped<ListValue>(keyOf(argv[1]), 'list');
  if (list === undefined) {
    reply.nullBulk();
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  let index = parseInteger(argv[2]);
  if (index === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) reply.nullBulk();
  else reply.bulk(list.at(index));
}

function lrange({ argv, client, reply }: Context): void {
  const start = parseInteger(argv[2]);
  const end = parseInteger(argv[3]);
  if (start === null || end === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  const list = client.db.readTyped<ListValue>(keyOf(argv[1]), 'list');
  if (list === undefined) reply.arrayHeader(0);
  else if (list === WRONG_TYPE) reply.error(WRONGTYPE);
  else replyRange(client, list, start, end, false);
}

function lpos({ argv, client, reply }: Context): void {
  const element = argv[2];
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  // RANK -2^63 cannot be negated in a long: Redis keeps it negative, so the
  // first match already reaches it and COUNT never ends the scan.
  let rankIsMin = false;
  const argc = argv.length;
  for (let j = 3; j < argc; j++) {
    const more = argc - 1 - j;
    if (equalsIgnoreCase(argv[j], 'rank') && more > 0) {
      j++;
      const n = parseInteger(argv[j]);
      if (n === null) {
        reply.error(ERR_NOT_INTEGER);
        return;
      }
      if (n === 0) {
        reply.error(ERR_RANK_ZERO);
        return;
      }
      rank = n;
      rankIsMin = argv[j].equals(LONG_MIN_TEXT);
    } else if (equalsIgnoreCase(argv[j], 'count') && more > 0) {
      j++;
      const n = positiveLong(argv[j], "ERR COUNT can't be negative");
      if (typeof n === 'string') {
        reply.error(n);
        return;
      }
      count = n;
    } else if (equalsIgnoreCase(argv[j], 'maxlen') && more > 0) {
      j++;
      const n = positiveLong(argv[j], "ERR MAXLEN can't be negative");
      if (typeof n === 'string') {
        reply.error(n);
        return;
      }
      maxlen = n;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const list = client.db.readTyped<ListValue>(keyOf(argv[1]), 'list');
  if (list === undefined) {
    if (count !== -1) reply.arrayHeader(0);
    else reply.nullBulk();
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const len = list.length;
  const limit = maxlen === 0 ? len : Math.min(maxlen, len);
  let matches = 0;
  if (count === -1) {
    for (let n = 0; n < limit; n++) {
      const i = fromTail ? len - 1 - n : n;
      if (!list.at(i).equals(element)) continue;
      matches++;
      if (rankIsMin || matches >= rank) {
        reply.integer(i);
        return;
      }
    }
    reply.nullBulk();
    return;
  }
  const token = reply.deferArray();
  let found = 0;
  for (let n = 0; n < limit; n++) {
    const i = fromTail ? len - 1 - n : n;
    if (!list.at(i).equals(element)) continue;
    matches++;
    if (rankIsMin || matches >= rank) {
      found++;
      reply.integer(i);
      if (!rankIsMin && count !== 0 && matches - rank + 1 >= count) break;
    }
  }
  reply.setDeferredArray(token, found);
}

const LONG_MIN_TEXT = Buffer.from('-9223372036854775808');

// ---- in-place writes --------------------------------------------------------

function lset({ argv, client, reply }: Context): void {
  const db = client.db;
  const key = keyOf(argv[1]);
  const list = db.writeTyped<ListValue>(key, 'list');
  if (list === undefined) {
    reply.error(ERR_NO_SUCH_KEY);
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  let index = parseInteger(argv[2]);
  if (index === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) {
    reply.error(ERR_INDEX_RANGE);
    return;
  }
  list.set(index, Buffer.from(argv[3]));
  reply.simple('OK');
  db.modified(key);
  db.notify(NOTIFY.LIST, 'lset', argv[1]);
}

function lrem({ argv, client, reply }: Context): void {
  const count = parseInteger(argv[2]);
  if (count === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const list = db.writeTyped<ListValue>(key, 'list');
  if (list === undefined) {
    reply.integer(0);
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const removed = list.removeMatching(argv[3], Math.abs(count), count < 0);
  if (removed > 0) {
    db.modified(key);
    db.notify(NOTIFY.LIST, 'lrem', argv[1]);
  }
  if (list.length === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  }
  reply.integer(removed);
}

function ltrim({ argv, client, reply }: Context): void {
  let start = parseInteger(argv[2]);
  let end = parseInteger(argv[3]);
  if (start === null || end === null) {
    reply.error(ERR_NOT_INTEGER);
    return;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const list = db.writeTyped<ListValue>(key, 'list');
  if (list === undefined) {
    reply.simple('OK');
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  let front: number;
  let back: number;
  if (start > end || start >= len) {
    front = len;
    back = 0;
  } else {
    if (end >= len) end = len - 1;
    front = start;
    back = len - end - 1;
  }
  list.trim(front, back);
  db.notify(NOTIFY.LIST, 'ltrim', argv[1]);
  if (list.length === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  } else {
    db.modified(key);
  }
  reply.simple('OK');
}

// ---- pops -----------------------------------------------------------------

function popGeneric({ argv, client, reply }: Context, where: End): void {
  const hasCount = argv.length === 3;
  let count = 0;
  if (argv.length > 3) {
    reply.error(`ERR wrong number of arguments for '${where === 'head' ? 'lpop' : 'rpop'}' command`);
    return;
  }
  if (hasCount) {
    const n = positiveLong(argv[2], ERR_NOT_POSITIVE);
    if (typeof n === 'string') {
      reply.error(n);
      return;
    }
    count = n;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const list = db.writeTyped<ListValue>(key, 'list');
  if (list === undefined) {
    if (hasCount) reply.nullArray();
    else reply.nullBulk();
    return;
  }
  if (list === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  if (hasCount && count === 0) {
    reply.arrayHeader(0);
    return;
  }
  if (!hasCount) {
    reply.bulk(popEnd(list, where));
  } else {
    const n = Math.min(count, list.length);
    if (where === 'head') {
      replyRange(client, list, 0, n - 1, false);
      list.trim(n, 0);
    } else {
      replyRange(client, list, -n, -1, true);
      list.trim(0, n);
    }
  }
  elementsRemoved(db, key, argv[1], where, list);
}

/** LMOVE / RPOPLPUSH once the source is known to hold elements. */
function moveGeneric({ argv, client, reply, server }: Context, from: End, to: End): void {
  const db = client.db;
  const srcKey = keyOf(argv[1]);
  const src = db.writeTyped<ListValue>(srcKey, 'list');
  if (src === undefined) {
    reply.nullBulk();
    return;
  }
  if (src === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  const dstKey = keyOf(argv[2]);
  const dst = db.writeTyped<ListValue>(dstKey, 'list');
  if (dst === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  // Looked up before the pop: with src = dst the element goes back on the same list.
  const value = popEnd(src, from);
  pushForMove(client, server, db, dstKey, argv[2], dst, value, to);
  db.notify(NOTIFY.LIST, from === 'head' ? 'lpop' : 'rpop', argv[1]);
  if (src.length === 0) {
    db.delete(srcKey);
    db.notify(NOTIFY.GENERIC, 'del', argv[1]);
  } else {
    db.modified(srcKey);
  }
}

function lmove(ctx: Context): void {
  const from = parseEnd(ctx.argv[3]);
  const to = from === null ? null : parseEnd(ctx.argv[4]);
  if (from === null || to === null) {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  moveGeneric(ctx, from, to);
}

/** Parses LMPOP / BLMPOP after the timeout; null when an error was replied. */
function parseMpop(ctx: Context, numkeysIndex: number): { keys: Buffer[]; where: End; count: number } | null {
  const { argv, reply } = ctx;
  const numkeys = atLeastOne(argv[numkeysIndex], 'ERR numkeys should be greater than 0');
  if (typeof numkeys === 'string') {
    reply.error(numkeys);
    return null;
  }
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) {
    reply.error(ERR_SYNTAX);
    return null;
  }
  const where = parseEnd(argv[whereIndex]);
  if (where === null) {
    reply.error(ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIndex + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && equalsIgnoreCase(argv[j], 'count') && more > 0) {
      j++;
      const n = atLeastOne(argv[j], 'ERR count should be greater than 0');
      if (typeof n === 'string') {
        reply.error(n);
        return null;
      }
      count = n;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), where, count: count === -1 ? 1 : count };
}

function lmpop(ctx: Context): void {
  const parsed = parseMpop(ctx, 1);
  if (parsed === null) return;
  const db = ctx.client.db;
  for (const keyArg of parsed.keys) {
    const key = keyOf(keyArg);
    const list = db.writeTyped<ListValue>(key, 'list');
    if (list === undefined) continue;
    if (list === WRONG_TYPE) {
      ctx.reply.error(WRONGTYPE);
      return;
    }
    popRangeWithKey(ctx.client, db, key, keyArg, list, parsed.where, parsed.count);
    return;
  }
  ctx.reply.nullArray();
}

// ---- blocking pops ------------------------------------------------------------

/** What a blocked client will do with the first list that gets data. */
type Waiting =
  | { kind: 'pop'; where: End }
  | { kind: 'mpop'; where: End; count: number }
  | { kind: 'move'; from: End; to: End; dst: Buffer };

/**
 * BLPOP / BRPOP / BLMPOP (Redis's blockingPopGenericCommand): the timeout is
 * read first; then the first non-empty list is popped at once; otherwise
 * the client waits (or, where it may not block, gets the timeout reply now).
 * `count` is -1 for BLPOP/BRPOP.
 */
function blockingPop(ctx: Context, keys: Buffer[], where: End, timeoutArg: Buffer, count: number): void {
  const { client, reply } = ctx;
  const deadline = parseBlockTimeout(timeoutArg);
  if (typeof deadline === 'string') {
    reply.error(deadline);
    return;
  }
  const db = client.db;
  for (const keyArg of keys) {
    const key = keyOf(keyArg);
    const list = db.writeTyped<ListValue>(key, 'list');
    if (list === undefined) continue;
    if (list === WRONG_TYPE) {
      reply.error(WRONGTYPE);
      return;
    }
    if (count !== -1) {
      popRangeWithKey(client, db, key, keyArg, list, where, count);
      return;
    }
    const value = popEnd(list, where);
    reply.arrayHeader(2);
    reply.bulk(keyArg);
    reply.bulk(value);
    elementsRemoved(db, key, keyArg, where, list);
    return;
  }
  if (client.denyBlocking) {
    reply.nullArray();
    return;
  }
  block(ctx, keys, deadline, count === -1 ? { kind: 'pop', where } : { kind: 'mpop', where, count });
}

/** BLMOVE / BRPOPLPUSH once the ends and the timeout are read (Redis's blmoveGenericCommand). */
function blockingMove(ctx: Context, from: End, to: End, deadline: number): void {
  const { argv, client, reply } = ctx;
  const src = client.db.writeTyped<ListValue>(keyOf(argv[1]), 'list');
  if (src === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return;
  }
  if (src !== undefined) {
    moveGeneric(ctx, from, to);
    return;
  }
  if (client.denyBlocking) {
    reply.nullBulk();
    return;
  }
  block(ctx, [argv[1]], deadline, { kind: 'move', from, to, dst: Buffer.from(argv[2]) });
}

function block(ctx: Context, keys: Buffer[], deadline: number, waiting: Waiting): void {
  const { client, server } = ctx;
  const dbIndex = client.dbIndex;
  server.blocking.block(client, {
    db: dbIndex,
    keys: keys.map(keyOf),
    deadline,
    serve: (key) => serveBlocked(client, server, dbIndex, key, waiting),
    // Redis replies a null array to any list waiter that times out, BLMOVE included.
    timeout: () => client.reply.nullArray(),
  });
}

/**
 * A key a client waits on got data (Redis's serveClientBlockedOnList). The
 * key is looked at again: missing or not a list, the client keeps waiting.
 * Redis does not signal the popped key as modified here: the push that
 * woke the client already did.
 */
function serveBlocked(client: Client, server: Server, dbIndex: number, key: string, waiting: Waiting): boolean {
  const db = server.keyspace.db(dbIndex);
  const entry = db.lookup(key);
  if (entry === undefined) return false;
  const list = entry.value;
  if (!(list instanceof ListValue) || list.length === 0) return false;
  const keyArg = keyBytes(key);
  const reply = client.reply;
  if (waiting.kind === 'mpop') {
    popRangeWithKey(client, db, key, keyArg, list, waiting.where, waiting.count);
    return true;
  }
  if (waiting.kind === 'pop') {
    const value = popEnd(list, waiting.where);
    reply.arrayHeader(2);
    reply.bulk(keyArg);
    reply.bulk(value);
    db.notify(NOTIFY.LIST, waiting.where === 'head' ? 'lpop' : 'rpop', keyArg);
  } else {
    const dstKey = keyOf(waiting.dst);
    const dstEntry = db.lookupWrite(dstKey);
    const dst = dstEntry?.value;
    if (dst !== undefined && !(dst instanceof ListValue)) {
      // The wrong-typed destination ends the wait with an error; nothing moves.
      reply.error(WRONGTYPE);
      return true;
    }
    const value = popEnd(list, waiting.from);
    pushForMove(client, server, db, dstKey, waiting.dst, dst, value, waiting.to);
    db.notify(NOTIFY.LIST, waiting.from === 'head' ? 'lpop' : 'rpop', keyArg);
  }
  if (list.length === 0) {
    db.delete(key);
    db.notify(NOTIFY.GENERIC, 'del', keyArg);
  }
  return true;
}

function blmove(ctx: Context): void {
  const { argv, reply } = ctx;
  const from = parseEnd(argv[3]);
  const to = from === null ? null : parseEnd(argv[4]);
  if (from === null || to === null) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const deadline = parseBlockTimeout(argv[5]);
  if (typeof deadline === 'string') {
    reply.error(deadline);
    return;
  }
  blockingMove(ctx, from, to, deadline);
}

function brpoplpush(ctx: Context): void {
  const deadline = parseBlockTimeout(ctx.argv[3]);
  if (typeof deadline === 'string') {
    ctx.reply.error(deadline);
    return;
  }
  blockingMove(ctx, 'tail', 'head', deadline);
}

function blmpop(ctx: Context): void {
  const parsed = parseMpop(ctx, 2);
  if (parsed === null) return;
  blockingPop(ctx, parsed.keys, parsed.where, ctx.argv[1], parsed.count);
}

export const listCommands: Command[] = [
  defineCommand(meta.lpush, (ctx) => pushGeneric(ctx, 'head', false)),
  defineCommand(meta.rpush, (ctx) => pushGeneric(ctx, 'tail', false)),
  defineCommand(meta.lpushx, (ctx) => pushGeneric(ctx, 'head', true)),
  defineCommand(meta.rpushx, (ctx) => pushGeneric(ctx, 'tail', true)),
  defineCommand(meta.lpop, (ctx) => popGeneric(ctx, 'head')),
  defineCommand(meta.rpop, (ctx) => popGeneric(ctx, 'tail')),
  defineCommand(meta.llen, llen),
  defineCommand(meta.lrange, lrange),
  defineCommand(meta.lindex, lindex),
  defineCommand(meta.lset, lset),
  defineCommand(meta.linsert, linsert),
  defineCommand(meta.lrem, lrem),
  defineCommand(meta.ltrim, ltrim),
  defineCommand(meta.lpos, lpos),
  defineCommand(meta.lmove, lmove),
  defineCommand(meta.rpoplpush, (ctx) => moveGeneric(ctx, 'tail', 'head')),
  defineCommand(meta.lmpop, lmpop),
  defineCommand(meta.blpop, (ctx) => blockingPop(ctx, ctx.argv.slice(1, -1), 'head', ctx.argv[ctx.argv.length - 1], -1)),
  defineCommand(meta.brpop, (ctx) => blockingPop(ctx, ctx.argv.slice(1, -1), 'tail', ctx.argv[ctx.argv.length - 1], -1)),
  defineCommand(meta.blmove, blmove),
  defineCommand(meta.brpoplpush, brpoplpush),
  defineCommand(meta.blmpop, blmpop),
];
