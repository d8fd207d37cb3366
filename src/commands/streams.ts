// Stream commands: XADD XRANGE XREVRANGE XLEN XDEL XTRIM XREAD XREADGROUP
// XGROUP XACK XPENDING XCLAIM XAUTOCLAIM XINFO XSETID, as Redis 7.0.15's
// t_stream.c behaves: same argument parsing order (which decides which error
// a bad request gets), same replies in RESP2 and RESP3, same keyspace events.
// The metadata is what Redis 7.0.15 reports (COMMAND INFO/DOCS).
import { defineCommand, defineContainer, equalsIgnoreCase, parseInteger, type Command, type CommandMeta, type Context } from './table';
import { keyOf, NOTIFY, WRONG_TYPE, WRONGTYPE, type Database } from '../keyspace/keyspace';
import {
  ConsumerGroup,
  decrId,
  formatId,
  idMs,
  incrId,
  INVALID_ENTRIES_READ,
  makeId,
  MAX_ID,
  parseStreamId,
  PendingEntry,
  StreamValue,
  type Consumer,
  type StreamId,
  type TrimOptions,
} from '../keyspace/stream';
import type { ReplyWriter } from '../resp/reply-writer';
import type { Client } from '../server/client';
import type { Server } from '../server/server';

const meta = {
  xadd: {
    name: 'xadd',
    arity: -5,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        notes: 'UPDATE instead of INSERT because of the optional trimming feature',
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Appends a new entry to a stream',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
      history: [
        ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
        ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'nomkstream', type: 'pure-token', token: 'NOMKSTREAM', since: '6.2.0', flags: ['optional'] },
        {
          name: 'trim',
          type: 'block',
          flags: ['optional'],
          arguments: [
            {
              name: 'strategy',
              type: 'oneof',
              arguments: [
                { name: 'maxlen', type: 'pure-token', token: 'MAXLEN' },
                { name: 'minid', type: 'pure-token', token: 'MINID', since: '6.2.0' },
              ],
            },
            {
              name: 'operator',
              type: 'oneof',
              flags: ['optional'],
              arguments: [
                { name: 'equal', type: 'pure-token', token: '=' },
                { name: 'approximately', type: 'pure-token', token: '~' },
              ],
            },
            { name: 'threshold', type: 'string' },
            { name: 'count', type: 'integer', token: 'LIMIT', since: '6.2.0', flags: ['optional'] },
          ],
        },
        {
          name: 'id_or_auto',
          type: 'oneof',
          arguments: [{ name: 'auto_id', type: 'pure-token', token: '*' }, { name: 'id', type: 'string' }],
        },
        {
          name: 'field_value',
          type: 'block',
          flags: ['multiple'],
          arguments: [{ name: 'field', type: 'string' }, { name: 'value', type: 'string' }],
        },
      ],
    },
  },
  xrange: {
    name: 'xrange',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
      history: [['6.2.0', 'Added exclusive ranges.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'start', type: 'string' },
        { name: 'end', type: 'string' },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  xrevrange: {
    name: 'xrevrange',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
      history: [['6.2.0', 'Added exclusive ranges.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'end', type: 'string' },
        { name: 'start', type: 'string' },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
      ],
    },
  },
  xlen: {
    name: 'xlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@fast'],
    keySpecs: [
      {
        flags: ['RO'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return the number of entries in a stream',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  xdel: {
    name: 'xdel',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'id', type: 'string', flags: ['multiple'] }],
    },
  },
  xtrim: {
    name: 'xtrim',
    arity: -4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Trims the stream to (approximately if \'~\' is passed) a certain size',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
      history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'trim',
          type: 'block',
          arguments: [
            {
              name: 'strategy',
              type: 'oneof',
              arguments: [
                { name: 'maxlen', type: 'pure-token', token: 'MAXLEN' },
                { name: 'minid', type: 'pure-token', token: 'MINID', since: '6.2.0' },
              ],
            },
            {
              name: 'operator',
              type: 'oneof',
              flags: ['optional'],
              arguments: [
                { name: 'equal', type: 'pure-token', token: '=' },
                { name: 'approximately', type: 'pure-token', token: '~' },
              ],
            },
            { name: 'threshold', type: 'string' },
            { name: 'count', type: 'integer', token: 'LIMIT', since: '6.2.0', flags: ['optional'] },
          ],
        },
      ],
    },
  },
  xread: {
    name: 'xread',
    arity: -4,
    flags: ['readonly', 'blocking', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@read', '@stream', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'keyword', keyword: 'STREAMS', startfrom: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 2 },
      },
    ],
    docs: {
      summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
      arguments: [
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
        { name: 'milliseconds', type: 'integer', token: 'BLOCK', flags: ['optional'] },
        {
          name: 'streams',
          type: 'block',
          token: 'STREAMS',
          arguments: [
            { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
            { name: 'id', type: 'string', flags: ['multiple'] },
          ],
        },
      ],
    },
  },
  xgroup: {
    name: 'xgroup',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for consumer groups commands',
      since: '5.0.0',
      group: 'stream',
      complexity: 'Depends on subcommand.',
    },
  },
  'xgroup|destroy': {
    name: 'xgroup|destroy',
    arity: 4,
    flags: ['write'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Destroy a consumer group.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'groupname', type: 'string' }],
    },
  },
  'xgroup|delconsumer': {
    name: 'xgroup|delconsumer',
    arity: 5,
    flags: ['write'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Delete a consumer from a consumer group.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'groupname', type: 'string' },
        { name: 'consumername', type: 'string' },
      ],
    },
  },
  'xgroup|createconsumer': {
    name: 'xgroup|createconsumer',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Create a consumer in a consumer group.',
      since: '6.2.0',
      group: 'stream',
      complexity: 'O(1)',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'groupname', type: 'string' },
        { name: 'consumername', type: 'string' },
      ],
    },
  },
  'xgroup|create': {
    name: 'xgroup|create',
    arity: -5,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'insert'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Create a consumer group.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added the `entries_read` named argument.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'groupname', type: 'string' },
        {
          name: 'id',
          type: 'oneof',
          arguments: [{ name: 'id', type: 'string' }, { name: 'new_id', type: 'pure-token', token: '$' }],
        },
        { name: 'mkstream', type: 'pure-token', token: 'MKSTREAM', flags: ['optional'] },
        { name: 'entries_read', type: 'integer', token: 'ENTRIESREAD', flags: ['optional'] },
      ],
    },
  },
  'xgroup|help': {
    name: 'xgroup|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@stream', '@slow'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
    },
  },
  'xgroup|setid': {
    name: 'xgroup|setid',
    arity: -5,
    flags: ['write'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Set a consumer group to an arbitrary last delivered ID value.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added the optional `entries_read` argument.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'groupname', type: 'string' },
        {
          name: 'id',
          type: 'oneof',
          arguments: [{ name: 'id', type: 'string' }, { name: 'new_id', type: 'pure-token', token: '$' }],
        },
        { name: 'entries_read', type: 'integer', token: 'ENTRIESREAD', flags: ['optional'] },
      ],
    },
  },
  xreadgroup: {
    name: 'xreadgroup',
    arity: -7,
    flags: ['write', 'blocking', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@write', '@stream', '@slow', '@blocking'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'keyword', keyword: 'STREAMS', startfrom: 4 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 2 },
      },
    ],
    docs: {
      summary: 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
      arguments: [
        {
          name: 'group_consumer',
          type: 'block',
          token: 'GROUP',
          arguments: [{ name: 'group', type: 'string' }, { name: 'consumer', type: 'string' }],
        },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
        { name: 'milliseconds', type: 'integer', token: 'BLOCK', flags: ['optional'] },
        { name: 'noack', type: 'pure-token', token: 'NOACK', flags: ['optional'] },
        {
          name: 'streams',
          type: 'block',
          token: 'STREAMS',
          arguments: [
            { name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] },
            { name: 'id', type: 'string', flags: ['multiple'] },
          ],
        },
      ],
    },
  },
  xack: {
    name: 'xack',
    arity: -4,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) for each message ID processed.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'group', type: 'string' },
        { name: 'id', type: 'string', flags: ['multiple'] },
      ],
    },
  },
  xpending: {
    name: 'xpending',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
      history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'group', type: 'string' },
        {
          name: 'filters',
          type: 'block',
          flags: ['optional'],
          arguments: [
            { name: 'min-idle-time', type: 'integer', token: 'IDLE', since: '6.2.0', flags: ['optional'] },
            { name: 'start', type: 'string' },
            { name: 'end', type: 'string' },
            { name: 'count', type: 'integer' },
            { name: 'consumer', type: 'string', flags: ['optional'] },
          ],
        },
      ],
    },
  },
  xclaim: {
    name: 'xclaim',
    arity: -6,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'group', type: 'string' },
        { name: 'consumer', type: 'string' },
        { name: 'min-idle-time', type: 'string' },
        { name: 'id', type: 'string', flags: ['multiple'] },
        { name: 'ms', type: 'integer', token: 'IDLE', flags: ['optional'] },
        { name: 'unix-time-milliseconds', type: 'unix-time', token: 'TIME', flags: ['optional'] },
        { name: 'count', type: 'integer', token: 'RETRYCOUNT', flags: ['optional'] },
        { name: 'force', type: 'pure-token', token: 'FORCE', flags: ['optional'] },
        { name: 'justid', type: 'pure-token', token: 'JUSTID', flags: ['optional'] },
        { name: 'id', type: 'string', token: 'LASTID', flags: ['optional'] },
      ],
    },
  },
  xautoclaim: {
    name: 'xautoclaim',
    arity: -6,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RW', 'delete'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
      since: '6.2.0',
      group: 'stream',
      complexity: 'O(1) if COUNT is small.',
      history: [
        [
          '7.0.0',
          'Added an element to the reply array, containing deleted entries the command cleared from the PEL',
        ],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'group', type: 'string' },
        { name: 'consumer', type: 'string' },
        { name: 'min-idle-time', type: 'string' },
        { name: 'start', type: 'string' },
        { name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] },
        { name: 'justid', type: 'pure-token', token: 'JUSTID', flags: ['optional'] },
      ],
    },
  },
  xinfo: {
    name: 'xinfo',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for stream introspection commands',
      since: '5.0.0',
      group: 'stream',
      complexity: 'Depends on subcommand.',
    },
  },
  'xinfo|help': {
    name: 'xinfo|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@stream', '@slow'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
    },
  },
  'xinfo|consumers': {
    name: 'xinfo|consumers',
    arity: 4,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    tips: ['nondeterministic_output'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'List the consumers in a consumer group',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }, { name: 'groupname', type: 'string' }],
    },
  },
  'xinfo|stream': {
    name: 'xinfo|stream',
    arity: -3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Get information about a stream',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [
        ['6.0.0', 'Added the `FULL` modifier.'],
        [
          '7.0.0',
          'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields',
        ],
      ],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        {
          name: 'full',
          type: 'block',
          token: 'FULL',
          flags: ['optional'],
          arguments: [{ name: 'count', type: 'integer', token: 'COUNT', flags: ['optional'] }],
        },
      ],
    },
  },
  'xinfo|groups': {
    name: 'xinfo|groups',
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    keyStep: 1,
    aclCategories: ['@read', '@stream', '@slow'],
    keySpecs: [
      {
        flags: ['RO', 'access'],
        beginSearch: { type: 'index', pos: 2 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'List the consumer groups of a stream',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added the `entries-read` and `lag` fields']],
      arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    },
  },
  xsetid: {
    name: 'xsetid',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@write', '@stream', '@fast'],
    keySpecs: [
      {
        flags: ['RW', 'update'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'An internal command for replicating stream values',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']],
      arguments: [
        { name: 'key', type: 'key', keySpecIndex: 0 },
        { name: 'last-id', type: 'string' },
        {
          name: 'entries_added',
          type: 'integer',
          token: 'ENTRIESADDED',
          since: '7.0.0',
          flags: ['optional'],
        },
        {
          name: 'max_deleted_entry_id',
          type: 'string',
          token: 'MAXDELETEDID',
          since: '7.0.0',
          flags: ['optional'],
        },
      ],
    },
  },
} satisfies Record<string, CommandMeta>;

// ---- shared helpers ----------------------------------------------------------

const ERR_INT = 'ERR value is not an integer or out of range';
const ERR_SYNTAX = 'ERR syntax error';
const ERR_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
const LLONG_MAX = 9223372036854775807;
/** Entries a blocked XREAD gets at most when it gave no COUNT (XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000;

/** A numeric stream-* directive (the module key API's StreamAdd and trims read them too). */
export function configNumber(server: Server, name: string, fallback: number): number {
  const text = server.config.get(name);
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : fallback;
}

/** The stream at `key` for reading: undefined when missing; WRONGTYPE already replied gives null. */
function readStream(db: Database, key: string, reply: ReplyWriter): StreamValue | undefined | null {
  const value = db.readTyped<StreamValue>(key, 'stream');
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return null;
  }
  return value;
}

function writeStream(db: Database, key: string, reply: ReplyWriter): StreamValue | undefined | null {
  const value = db.writeTyped<StreamValue>(key, 'stream');
  if (value === WRONG_TYPE) {
    reply.error(WRONGTYPE);
    return null;
  }
  return value;
}

/** A strict ID argument (no '-' or '+'), missing sequence 0. */
function strictId(arg: Buffer): StreamId | null {
  return parseStreamId(arg, 0n, true)?.id ?? null;
}

/**
 * streamParseIntervalIDOrReply plus the exclusive-bound adjustment: a range
 * start (missing sequence 0) or end (missing sequence max). An error text
 * when invalid.
 */
function intervalBound(arg: Buffer, isEnd: boolean): StreamId | string {
  const exclusive = arg.length > 1 && arg[0] === 0x28;
  const parsed = exclusive
    ? parseStreamId(arg.subarray(1), isEnd ? (1n << 64n) - 1n : 0n, true)
    : parseStreamId(arg, isEnd ? (1n << 64n) - 1n : 0n, false);
  if (parsed === null) return ERR_INVALID_ID;
  if (!exclusive) return parsed.id;
  const moved = isEnd ? decrId(parsed.id) : incrId(parsed.id);
  if (moved === null) return isEnd ? 'ERR invalid end ID for the interval' : 'ERR invalid start ID for the interval';
  return moved;
}

function writeEntry(reply: ReplyWriter, text: string, fv: Buffer[]): void {
  reply.arrayHeader(2);
  reply.bulk(text);
  reply.arrayHeader(fv.length);
  for (let i = 0; i < fv.length; i++) reply.bulk(fv[i]);
}

/** What a group read adds to streamReplyWithRange: the group, its consumer, NOACK. */
interface GroupRead {
  group: ConsumerGroup;
  consumer: Consumer;
  noack: boolean;
  now: number;
}

/** streamReplyWithRange: entries in [start, end] (count 0 = all); a group read updates the group and PELs. */
function replyRange(
  reply: ReplyWriter,
  s: StreamValue,
  start: StreamId,
  end: StreamId,
  count: number,
  rev: boolean,
  read: GroupRead | null,
): number {
  const token = reply.deferArray();
  let n = 0;
  s.range(start, end, rev, (id, text, fv) => {
    if (read !== null) {
      s.advanceGroup(read.group, id);
    }
    writeEntry(reply, text, fv);
    if (read !== null && !read.noack) {
      const { group, consumer, now } = read;
      const existing = group.pel.get(id);
      if (existing === undefined) {
        const pending = new PendingEntry(consumer, now, 1);
        group.pel.set(id, pending);
        consumer.pel.set(id, pending);
      } else {
        existing.consumer?.pel.delete(id);
        existing.consumer = consumer;
        existing.deliveryTime = now;
        existing.deliveryCount = 1;
        consumer.pel.set(id, existing);
      }
    }
    n++;
    return count === 0 || n < count;
  });
  reply.setDeferredArray(token, n);
  return n;
}

/** One entry as XCLAIM/XINFO emit it: [id, fields] or false when it is gone. */
function replyOneEntry(reply: ReplyWriter, s: StreamValue, id: StreamId): boolean {
  const fv = s.get(id);
  if (fv === undefined) return false;
  writeEntry(reply, formatId(id), fv);
  return true;
}

/** streamReplyWithRangeFromConsumerPEL: a consumer's own pending history from `start`. */
function replyConsumerHistory(reply: ReplyWriter, s: StreamValue, start: StreamId, count: number, consumer: Consumer, now: number): void {
  const pel = consumer.pel;
  const token = reply.deferArray();
  let n = 0;
  for (let i = pel.lowerBound(start); i < pel.keys.length && (count === 0 || n < count); i++) {
    const id = pel.keys[i];
    const fv = s.get(id);
    if (fv === undefined) {
      reply.arrayHeader(2);
      reply.bulk(formatId(id));
      reply.nullArray();
    } else {
      writeEntry(reply, formatId(id), fv);
      const pending = pel.map.get(id)!;
      pending.deliveryTime = now;
      pending.deliveryCount++;
    }
    n++;
  }
  reply.setDeferredArray(token, n);
}

function createConsumer(db: Database, key: Buffer, group: ConsumerGroup, name: Buffer, now: number): Consumer | null {
  const consumer = group.createConsumer(name, now);
  if (consumer !== null) db.notify(NOTIFY.STREAM, 'xgroup-createconsumer', key);
  return consumer;
}

/** streamLookupConsumer with refresh, creating it (and its event) when missing. */
function consumerFor(db: Database, key: Buffer, group: ConsumerGroup, name: Buffer, now: number): Consumer {
  const found = group.lookupConsumer(name);
  if (found !== undefined) {
    found.seenTime = now;
    return found;
  }
  return createConsumer(db, key, group, name, now)!;
}

function writeHelp(reply: ReplyWriter, lines: readonly string[]): void {
  reply.arrayHeader(lines.length);
  for (const line of lines) reply.simple(line);
}

function subcommandSyntaxError(reply: ReplyWriter, sub: Buffer, command: string): void {
  reply.error(`ERR unknown subcommand or wrong number of arguments for '${sub.toString('latin1').slice(0, 128)}'. Try ${command} HELP.`);
}

// ---- XADD / XTRIM ----------------------------------------------------------------

interface AddTrimArgs {
  trim: TrimOptions | null;
  noMkStream: boolean;
  id: StreamId;
  idGiven: boolean;
  seqGiven: boolean;
  /** Index of the first field (XADD) or past the options (XTRIM). */
  next: number;
}

/** streamParseAddOrTrimArgsOrReply; null once an error is replied. */
function parseAddOrTrim(ctx: Context, xadd: boolean): AddTrimArgs | null {
  const { argv, reply } = ctx;
  const args: AddTrimArgs = { trim: null, noMkStream: false, id: 0n, idGiven: false, seqGiven: true, next: argv.length };
  let strategy: 'maxlen' | 'minid' | null = null;
  let approx = false;
  let maxlen = 0;
  let minid = 0n;
  let limit = 0;
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreArgs = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt.length === 1 && opt[0] === 0x2a) {
      break;
    } else if ((equalsIgnoreCase(opt, 'maxlen') || equalsIgnoreCase(opt, 'minid')) && moreArgs > 0) {
      if (strategy !== null) {
        reply.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return null;
      }
      const isMaxlen = equalsIgnoreCase(opt, 'maxlen');
      approx = false;
      const next = argv[i + 1];
      if (moreArgs >= 2 && next.length === 1 && next[0] === 0x7e) {
        approx = true;
        i++;
      } else if (moreArgs >= 2 && next.length === 1 && next[0] === 0x3d) {
        i++;
      }
      if (isMaxlen) {
        const n = parseInteger(argv[i + 1]);
        if (n === null) {
          reply.error(ERR_INT);
          return null;
        }
        if (n < 0) {
          reply.error('ERR The MAXLEN argument must be >= 0.');
          return null;
        }
        maxlen = n;
        strategy = 'maxlen';
      } else {
        const id = strictId(argv[i + 1]);
        if (id === null) {
          reply.error(ERR_INVALID_ID);
          return null;
        }
        minid = id;
        strategy = 'minid';
      }
      i++;
    } else if (equalsIgnoreCase(opt, 'limit') && moreArgs > 0) {
      const n = parseInteger(argv[i + 1]);
      if (n === null) {
        reply.error(ERR_INT);
        return null;
      }
      if (n < 0) {
        reply.error('ERR The LIMIT argument must be >= 0.');
        return null;
      }
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && equalsIgnoreCase(opt, 'nomkstream')) {
      args.noMkStream = true;
    } else if (xadd) {
      const parsed = parseStreamId(opt, 0n, true, true);
      if (parsed === null) {
        reply.error(ERR_INVALID_ID);
        return null;
      }
      args.id = parsed.id;
      args.seqGiven = parsed.seqGiven;
      args.idGiven = true;
      break;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  if (limit !== 0 && strategy === null) {
    reply.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return null;
  }
  if (!xadd && strategy === null) {
    reply.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return null;
  }
  if (limitGiven) {
    if (!approx) {
      reply.error('ERR syntax error, LIMIT cannot be used without the special ~ option');
      return null;
    }
  } else if (approx) {
    limit = 100 * configNumber(ctx.server, 'stream-node-max-entries', 100);
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  } else {
    limit = 0;
  }
  if (strategy !== null) args.trim = { strategy, maxlen, minid, approx, limit };
  args.next = i;
  return args;
}

function xadd(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const args = parseAddOrTrim(ctx, true);
  if (args === null) return;
  const fieldPos = args.next + 1;
  const pairs = argv.length - fieldPos;
  if (pairs < 2 || pairs % 2 === 1) {
    reply.error("ERR wrong number of arguments for 'xadd' command");
    return;
  }
  if (args.idGiven && args.seqGiven && args.id === 0n) {
    reply.error('ERR The ID specified in XADD must be greater than 0-0');
    return;
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  let s = writeStream(db, key, reply);
  if (s === null) return;
  let created = false;
  if (s === undefined) {
    if (args.noMkStream) {
      reply.nullBulk();
      return;
    }
    s = new StreamValue();
    db.add(key, s);
    created = true;
  }
  if (s.lastId === MAX_ID) {
    reply.error('ERR The stream has exhausted the last possible ID, unable to add more items');
    return;
  }
  const last = s.lastId;
  let id: StreamId;
  let text: string;
  if (!args.idGiven) {
    const now = Date.now();
    const lastMs = idMs(last);
    if (BigInt(now) > lastMs) {
      id = makeId(BigInt(now), 0n);
      text = `${now}-0`;
    } else {
      id = last + 1n;
      text = formatId(id);
    }
  } else if (args.seqGiven) {
    if (args.id <= last) {
      reply.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
      return;
    }
    id = args.id;
    text = formatId(id);
  } else {
    const ms = idMs(args.id);
    const lastMs = idMs(last);
    if (ms < lastMs) {
      reply.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
      return;
    }
    if (ms === lastMs && last === makeId(ms, (1n << 64n) - 1n)) {
      // Redis 7.0 reports this case with its ERANGE text.
      reply.error('ERR Elements are too large to be stored');
      return;
    }
    id = ms === lastMs ? last + 1n : makeId(ms, 0n);
    text = formatId(id);
  }
  const fv = new Array<Buffer>(pairs);
  for (let i = 0; i < pairs; i++) fv[i] = Buffer.from(argv[fieldPos + i]);
  s.append(id, text, fv, configNumber(ctx.server, 'stream-node-max-entries', 100), configNumber(ctx.server, 'stream-node-max-bytes', 4096));
  reply.bulk(text);
  if (!created) db.modified(key);
  db.notify(NOTIFY.STREAM, 'xadd', argv[1]);
  if (args.trim !== null && s.trim(args.trim) > 0) db.notify(NOTIFY.STREAM, 'xtrim', argv[1]);
  db.signalReady(key);
}

function xtrim(ctx: Context): void {
  const { argv, client, reply } = ctx;
  // Redis validates every option before it looks the key up: a bad argument
  // is reported even for a missing key or one of another type.
  const args = parseAddOrTrim(ctx, false);
  if (args === null) return;
  const db = client.db;
  const key = keyOf(argv[1]);
  const s = writeStream(db, key, reply);
  if (s === null) return;
  if (s === undefined) {
    reply.integer(0);
    return;
  }
  const removed = s.trim(args.trim!);
  if (removed > 0) {
    db.modified(key);
    db.notify(NOTIFY.STREAM, 'xtrim', argv[1]);
  }
  reply.integer(removed);
}

// ---- XRANGE / XREVRANGE / XLEN / XDEL ---------------------------------------------

function rangeCommand(ctx: Context, rev: boolean): void {
  const { argv, client, reply } = ctx;
  const startArg = rev ? argv[3] : argv[2];
  const endArg = rev ? argv[2] : argv[3];
  const start = intervalBound(startArg, false);
  if (typeof start === 'string') return reply.error(start);
  const end = intervalBound(endArg, true);
  if (typeof end === 'string') return reply.error(end);
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (equalsIgnoreCase(argv[j], 'count') && j + 1 < argv.length) {
      const n = parseInteger(argv[j + 1]);
      if (n === null) return reply.error(ERR_INT);
      count = n < 0 ? 0 : n;
      j++;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  const s = readStream(client.db, keyOf(argv[1]), reply);
  if (s === null) return;
  if (s === undefined) return reply.arrayHeader(0);
  if (count === 0) return reply.nullArray();
  replyRange(reply, s, start, end, count === -1 ? 0 : count, rev, null);
}

function xlen(ctx: Context): void {
  const s = readStream(ctx.client.db, keyOf(ctx.argv[1]), ctx.reply);
  if (s === null) return;
  ctx.reply.integer(s === undefined ? 0 : s.length);
}

function xdel(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const db = client.db;
  const key = keyOf(argv[1]);
  const s = writeStream(db, key, reply);
  if (s === null) return;
  if (s === undefined) return reply.integer(0);
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = strictId(argv[j]);
    if (id === null) return reply.error(ERR_INVALID_ID);
    ids.push(id);
  }
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (s.delete(id)) {
      if (id === s.firstId) firstEntry = true;
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted > 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (firstEntry) s.firstId = s.edgeId(true) ?? 0n;
    db.modified(key);
    db.notify(NOTIFY.STREAM, 'xdel', argv[1]);
  }
  reply.integer(deleted);
}

// ---- XREAD / XREADGROUP -------------------------------------------------------------

function xreadGeneric(ctx: Context, group: boolean): void {
  const { argv, client, reply } = ctx;
  let deadline = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupName: Buffer | null = null;
  let consumerName: Buffer | null = null;
  for (let i = 1; i < argv.length; i++) {
    const moreArgs = argv.length - i - 1;
    const o = argv[i];
    if (equalsIgnoreCase(o, 'block') && moreArgs > 0) {
      i++;
      const ms = parseInteger(argv[i]);
      if (ms === null) return reply.error('ERR timeout is not an integer or out of range');
      if (ms < 0) return reply.error('ERR timeout is negative');
      const now = Date.now();
      if (ms > 0 && ms > LLONG_MAX - now) return reply.error('ERR timeout is out of range');
      deadline = ms === 0 ? 0 : now + ms;
    } else if (equalsIgnoreCase(o, 'count') && moreArgs > 0) {
      i++;
      const n = parseInteger(argv[i]);
      if (n === null) return reply.error(ERR_INT);
      count = n < 0 ? 0 : n;
    } else if (equalsIgnoreCase(o, 'streams') && moreArgs > 0) {
      streamsArg = i + 1;
      streamsCount = argv.length - streamsArg;
      if (streamsCount % 2 !== 0) {
        // 7.0 words it this way for XREADGROUP too.
        return reply.error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      streamsCount /= 2;
      break;
    } else if (equalsIgnoreCase(o, 'group') && moreArgs >= 2) {
      if (!group) return reply.error('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (equalsIgnoreCase(o, 'noack')) {
      if (!group) return reply.error('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      noack = true;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  if (streamsArg === 0) return reply.error(ERR_SYNTAX);
  if (group && groupName === null) return reply.error('ERR Missing GROUP option for XREADGROUP');

  const db = client.db;
  const ids: StreamId[] = new Array<StreamId>(streamsCount);
  const groups: ConsumerGroup[] = [];
  for (let i = streamsArg + streamsCount; i < argv.length; i++) {
    const idx = i - streamsArg - streamsCount;
    const keyArg = argv[i - streamsCount];
    const s = readStream(db, keyOf(keyArg), reply);
    if (s === null) return;
    if (groupName !== null) {
      const g = s?.groups.get(groupName.toString('latin1'));
      if (g === undefined) {
        return reply.error(
          `NOGROUP No such key '${keyArg.toString('latin1')}' or consumer group '${groupName.toString('latin1')}' in XREADGROUP with GROUP option`,
        );
      }
      groups[idx] = g;
    }
    const idArg = argv[i];
    if (idArg.length === 1 && idArg[0] === 0x24) {
      if (group) {
        return reply.error(
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
      }
      ids[idx] = s === undefined ? 0n : s.lastId;
      continue;
    }
    if (idArg.length === 1 && idArg[0] === 0x3e) {
      if (!group) {
        return reply.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      }
      ids[idx] = MAX_ID;
      continue;
    }
    const id = strictId(idArg);
    if (id === null) return reply.error(ERR_INVALID_ID);
    ids[idx] = id;
  }

  const resp3 = client.protocol === 3;
  const now = Date.now();
  let token = -1;
  let served = 0;
  for (let i = 0; i < streamsCount; i++) {
    const keyArg = argv[streamsArg + i];
    const s = db.lookup(keyOf(keyArg));
    if (s === undefined) continue;
    const stream = s.value as StreamValue;
    let gt = ids[i];
    let serveNow = false;
    let history = false;
    if (group) {
      if (gt !== MAX_ID) {
        serveNow = true;
        history = true;
      } else if (stream.length > 0) {
        const last = groups[i].lastId;
        if (stream.lastValidId() > last) {
          serveNow = true;
          gt = last;
        }
      }
    } else if (stream.length > 0 && stream.lastValidId() > gt) {
      serveNow = true;
    }
    if (!serveNow) continue;
    served++;
    if (served === 1) token = reply.defer();
    const start = incrId(gt) ?? gt;
    if (!resp3) reply.arrayHeader(2);
    reply.bulk(keyArg);
    if (group) {
      const consumer = consumerFor(db, keyArg, groups[i], consumerName!, now);
      if (history) replyConsumerHistory(reply, stream, start, count, consumer, now);
      else replyRange(reply, stream, start, MAX_ID, count, false, { group: groups[i], consumer, noack, now });
    } else {
      replyRange(reply, stream, start, MAX_ID, count, false, null);
    }
  }
  if (served > 0) {
    if (resp3) reply.setDeferredMap(token, served);
    else reply.setDeferredArray(token, served);
    return;
  }
  if (deadline !== -1) {
    if (client.denyBlocking) return reply.nullArray();
    blockOnStreams(ctx, streamsArg, streamsCount, ids, deadline, count === 0 ? BLOCKED_DEFAULT_COUNT : count, group ? { groupName: Buffer.from(groupName!), consumerName: Buffer.from(consumerName!), noack } : null);
    return;
  }
  reply.nullArray();
}

interface BlockedGroup {
  groupName: Buffer;
  consumerName: Buffer;
  noack: boolean;
}

function blockOnStreams(
  ctx: Context,
  streamsArg: number,
  streamsCount: number,
  ids: StreamId[],
  deadline: number,
  count: number,
  blockedGroup: BlockedGroup | null,
): void {
  const { argv, client, server } = ctx;
  const dbIndex = client.db.index;
  const keyArgs: Buffer[] = [];
  const keys: string[] = [];
  for (let i = 0; i < streamsCount; i++) {
    const k = Buffer.from(argv[streamsArg + i]);
    keyArgs.push(k);
    keys.push(keyOf(k));
  }
  server.blocking.block(client, {
    db: dbIndex,
    keys,
    deadline,
    serve: (key: string): boolean => served(client, server.keyspace.db(dbIndex), key, keys, keyArgs, ids, count, blockedGroup),
    timeout: () => client.reply.nullArray(),
  });
}

/** serveClientsBlockedOnStreamKey for one waiting client: true when it got its reply. */
function served(
  client: Client,
  db: Database,
  key: string,
  keys: string[],
  keyArgs: Buffer[],
  ids: StreamId[],
  count: number,
  blockedGroup: BlockedGroup | null,
): boolean {
  const entry = db.lookup(key);
  if (entry === undefined || entry.value instanceof Uint8Array || entry.value.type !== 'stream') return false;
  const s = entry.value as StreamValue;
  const idx = keys.indexOf(key);
  if (idx < 0) return false;
  const reply = client.reply;
  let group: ConsumerGroup | undefined;
  if (blockedGroup !== null) {
    group = s.groups.get(blockedGroup.groupName.toString('latin1'));
    if (group === undefined) {
      reply.error('NOGROUP the consumer group this client was blocked on no longer exists');
      return true;
    }
    ids[idx] = group.lastId;
  }
  const gt = ids[idx];
  if (!(s.lastId > gt)) return false;
  const start = incrId(gt) ?? gt;
  const now = Date.now();
  if (client.protocol === 3) reply.mapHeader(1);
  else {
    reply.arrayHeader(1);
    reply.arrayHeader(2);
  }
  reply.bulk(keyArgs[idx]);
  if (group !== undefined && blockedGroup !== null) {
    const consumer = consumerFor(db, keyArgs[idx], group, blockedGroup.consumerName, now);
    replyRange(reply, s, start, MAX_ID, count, false, { group, consumer, noack: blockedGroup.noack, now });
  } else {
    replyRange(reply, s, start, MAX_ID, count, false, null);
  }
  return true;
}

// ---- XGROUP ----------------------------------------------------------------------------

const XGROUP_HELP = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];

const XINFO_HELP = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];

/** xgroupCommand: one function for every subcommand, as in Redis (the checks run in its order). */
function xgroup(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const opt = argv[1];
  const db = client.db;
  let s: StreamValue | undefined;
  let group: ConsumerGroup | undefined;
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  const isCreate = equalsIgnoreCase(opt, 'create');
  const isSetId = equalsIgnoreCase(opt, 'setid');
  if (argv.length >= 4) {
    if (isCreate || isSetId) {
      let i = 5;
      while (i < argv.length) {
        if (isCreate && equalsIgnoreCase(argv[i], 'mkstream')) {
          mkstream = true;
          i++;
        } else if (equalsIgnoreCase(argv[i], 'entriesread') && i + 1 < argv.length) {
          const n = parseInteger(argv[i + 1]);
          if (n === null) return reply.error(ERR_INT);
          if (n < 0 && n !== -1) return reply.error('ERR value for ENTRIESREAD must be positive or -1');
          entriesRead = BigInt(argv[i + 1].toString('latin1'));
          i += 2;
        } else {
          return subcommandSyntaxError(reply, opt, 'XGROUP');
        }
      }
    }
    const found = writeStream(db, keyOf(argv[2]), reply);
    if (found === null) return;
    s = found;
  }
  if (argv.length >= 4 && !mkstream) {
    if (s === undefined) {
      return reply.error(
        'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
      );
    }
    group = s.groups.get(argv[3].toString('latin1'));
    if (
      group === undefined &&
      (isSetId || equalsIgnoreCase(opt, 'createconsumer') || equalsIgnoreCase(opt, 'delconsumer'))
    ) {
      return reply.error(
        `NOGROUP No such consumer group '${argv[3].toString('latin1')}' for key name '${argv[2].toString('latin1')}'`,
      );
    }
  }
  const key = argv.length >= 3 ? keyOf(argv[2]) : '';
  if (argv.length === 2 && equalsIgnoreCase(opt, 'help')) {
    writeHelp(reply, XGROUP_HELP);
  } else if (isCreate && argv.length >= 5 && argv.length <= 8) {
    let id: StreamId;
    if (argv[4].length === 1 && argv[4][0] === 0x24) {
      id = s === undefined ? 0n : s.lastId;
    } else {
      const parsed = strictId(argv[4]);
      if (parsed === null) return reply.error(ERR_INVALID_ID);
      id = parsed;
    }
    if (s === undefined) {
      s = new StreamValue();
      db.add(key, s);
    }
    const nameKey = argv[3].toString('latin1');
    if (s.groups.has(nameKey)) return reply.error('BUSYGROUP Consumer Group name already exists');
    s.groups.set(nameKey, new ConsumerGroup(Buffer.from(argv[3]), id, entriesRead));
    reply.simple('OK');
    db.notify(NOTIFY.STREAM, 'xgroup-create', argv[2]);
  } else if (isSetId && (argv.length === 5 || argv.length === 7)) {
    let id: StreamId;
    if (argv[4].length === 1 && argv[4][0] === 0x24) {
      id = s!.lastId;
    } else {
      const parsed = parseStreamId(argv[4], 0n, false);
      if (parsed === null) return reply.error(ERR_INVALID_ID);
      id = parsed.id;
    }
    group!.lastId = id;
    group!.entriesRead = entriesRead;
    reply.simple('OK');
    db.notify(NOTIFY.STREAM, 'xgroup-setid', argv[2]);
  } else if (equalsIgnoreCase(opt, 'destroy') && argv.length === 4) {
    if (group !== undefined) {
      s!.groups.delete(argv[3].toString('latin1'));
      reply.integer(1);
      db.notify(NOTIFY.STREAM, 'xgroup-destroy', argv[2]);
      // Clients blocked in XREADGROUP on this group get their NOGROUP error.
      db.signalReady(key);
    } else {
      reply.integer(0);
    }
  } else if (equalsIgnoreCase(opt, 'createconsumer') && argv.length === 5) {
    const created = createConsumer(db, argv[2], group!, argv[4], Date.now());
    reply.integer(created === null ? 0 : 1);
  } else if (equalsIgnoreCase(opt, 'delconsumer') && argv.length === 5) {
    const consumer = group!.lookupConsumer(argv[4]);
    let pending = 0;
    if (consumer !== undefined) {
      pending = consumer.pel.size;
      group!.deleteConsumer(consumer);
      db.notify(NOTIFY.STREAM, 'xgroup-delconsumer', argv[2]);
    }
    reply.integer(pending);
  } else {
    subcommandSyntaxError(reply, opt, 'XGROUP');
  }
}

// ---- XSETID ------------------------------------------------------------------------------

function xsetid(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const id = strictId(argv[2]);
  if (id === null) return reply.error(ERR_INVALID_ID);
  let entriesAdded = -1n;
  let maxDeleted = 0n;
  let i = 3;
  while (i < argv.length) {
    const moreArgs = argv.length - 1 - i;
    const opt = argv[i];
    if (equalsIgnoreCase(opt, 'entriesadded') && moreArgs > 0) {
      const n = parseInteger(argv[i + 1]);
      if (n === null) return reply.error(ERR_INT);
      if (n < 0) return reply.error('ERR entries_added must be positive');
      entriesAdded = BigInt(argv[i + 1].toString('latin1'));
      i += 2;
    } else if (equalsIgnoreCase(opt, 'maxdeletedid') && moreArgs > 0) {
      const m = strictId(argv[i + 1]);
      if (m === null) return reply.error(ERR_INVALID_ID);
      if (id < m) return reply.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxDeleted = m;
      i += 2;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  const db = client.db;
  const key = keyOf(argv[1]);
  const s = writeStream(db, key, reply);
  if (s === null) return;
  if (s === undefined) return reply.error('ERR no such key');
  if (s.length > 0) {
    if (id < s.lastValidId()) return reply.error('ERR The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      return reply.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (maxDeleted !== 0n) s.maxDeletedId = maxDeleted;
  reply.simple('OK');
  // Redis 7.0.15 does not signal the key modified here: WATCH does not see XSETID.
  db.notify(NOTIFY.STREAM, 'xsetid', argv[1]);
}

// ---- XACK / XPENDING / XCLAIM / XAUTOCLAIM -------------------------------------------

function xack(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const s = readStream(client.db, keyOf(argv[1]), reply);
  if (s === null) return;
  const group = s?.groups.get(argv[2].toString('latin1'));
  if (s === undefined || group === undefined) return reply.integer(0);
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = strictId(argv[j]);
    if (id === null) return reply.error(ERR_INVALID_ID);
    ids.push(id);
  }
  let acknowledged = 0;
  for (const id of ids) {
    const pending = group.pel.get(id);
    if (pending === undefined) continue;
    group.pel.delete(id);
    pending.consumer?.pel.delete(id);
    acknowledged++;
  }
  reply.integer(acknowledged);
}

function xpending(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const summary = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return reply.error(ERR_SYNTAX);
  let start = 0n;
  let end = MAX_ID;
  let count = 0;
  let minIdle = 0;
  let consumerName: Buffer | null = null;
  if (argv.length >= 6) {
    let startIdx = 3;
    if (equalsIgnoreCase(argv[3], 'idle')) {
      const n = parseInteger(argv[4]);
      if (n === null) return reply.error(ERR_INT);
      minIdle = n;
      if (argv.length < 8) return reply.error(ERR_SYNTAX);
      startIdx += 2;
    }
    const n = parseInteger(argv[startIdx + 2]);
    if (n === null) return reply.error(ERR_INT);
    count = n < 0 ? 0 : n;
    const a = intervalBound(argv[startIdx], false);
    if (typeof a === 'string') return reply.error(a);
    const b = intervalBound(argv[startIdx + 1], true);
    if (typeof b === 'string') return reply.error(b);
    start = a;
    end = b;
    if (startIdx + 3 < argv.length) consumerName = argv[startIdx + 3];
  }
  const s = readStream(client.db, keyOf(argv[1]), reply);
  if (s === null) return;
  const group = s?.groups.get(argv[2].toString('latin1'));
  if (group === undefined) {
    return reply.error(`NOGROUP No such key '${argv[1].toString('latin1')}' or consumer group '${argv[2].toString('latin1')}'`);
  }
  if (summary) {
    reply.arrayHeader(4);
    const pel = group.pel;
    reply.integer(pel.size);
    if (pel.size === 0) {
      reply.nullBulk();
      reply.nullBulk();
      reply.nullArray();
      return;
    }
    reply.bulk(formatId(pel.keys[0]));
    reply.bulk(formatId(pel.keys[pel.size - 1]));
    const withPending = group.sortedConsumers().filter((c) => c.pel.size > 0);
    reply.arrayHeader(withPending.length);
    for (const c of withPending) {
      reply.arrayHeader(2);
      reply.bulk(c.name);
      reply.bulk(String(c.pel.size));
    }
    return;
  }
  let pel = group.pel;
  if (consumerName !== null) {
    const consumer = group.lookupConsumer(consumerName);
    if (consumer === undefined) return reply.arrayHeader(0);
    pel = consumer.pel;
  }
  const now = Date.now();
  const token = reply.deferArray();
  let n = 0;
  for (let i = pel.lowerBound(start); count > 0 && i < pel.keys.length; i++) {
    const id = pel.keys[i];
    if (id > end) break;
    const p = pel.map.get(id)!;
    if (minIdle !== 0 && now - p.deliveryTime < minIdle) continue;
    n++;
    count--;
    reply.arrayHeader(4);
    reply.bulk(formatId(id));
    reply.bulk(p.consumer!.name);
    reply.integer(Math.max(0, now - p.deliveryTime));
    reply.integer(p.deliveryCount);
  }
  reply.setDeferredArray(token, n);
}

/** Moves a pending entry to `consumer`. */
function reassign(group: ConsumerGroup, id: StreamId, pending: PendingEntry, consumer: Consumer): void {
  if (pending.consumer !== consumer) {
    pending.consumer?.pel.delete(id);
    consumer.pel.set(id, pending);
    pending.consumer = consumer;
  }
  void group;
}

function dropPending(group: ConsumerGroup, id: StreamId, pending: PendingEntry): void {
  group.pel.delete(id);
  pending.consumer?.pel.delete(id);
}

function xclaim(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const db = client.db;
  const s = readStream(db, keyOf(argv[1]), reply);
  if (s === null) return;
  const group = s?.groups.get(argv[2].toString('latin1'));
  if (s === undefined || group === undefined) {
    return reply.error(`NOGROUP No such key '${argv[1].toString('latin1')}' or consumer group '${argv[2].toString('latin1')}'`);
  }
  const minIdleArg = parseInteger(argv[4]);
  if (minIdleArg === null) return reply.error('ERR Invalid min-idle-time argument for XCLAIM');
  const minIdle = minIdleArg < 0 ? 0 : minIdleArg;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = strictId(argv[j]);
    if (id === null) break;
    ids.push(id);
  }
  const now = Date.now();
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  let lastId = 0n;
  for (; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    const opt = argv[j];
    if (equalsIgnoreCase(opt, 'force')) {
      force = true;
    } else if (equalsIgnoreCase(opt, 'justid')) {
      justId = true;
    } else if (equalsIgnoreCase(opt, 'idle') && moreArgs > 0) {
      j++;
      const n = parseInteger(argv[j]);
      if (n === null) return reply.error('ERR Invalid IDLE option argument for XCLAIM');
      deliveryTime = now - n;
    } else if (equalsIgnoreCase(opt, 'time') && moreArgs > 0) {
      j++;
      const n = parseInteger(argv[j]);
      if (n === null) return reply.error('ERR Invalid TIME option argument for XCLAIM');
      deliveryTime = n;
    } else if (equalsIgnoreCase(opt, 'retrycount') && moreArgs > 0) {
      j++;
      const n = parseInteger(argv[j]);
      if (n === null) return reply.error('ERR Invalid RETRYCOUNT option argument for XCLAIM');
      retryCount = n;
    } else if (equalsIgnoreCase(opt, 'lastid') && moreArgs > 0) {
      j++;
      const id = strictId(argv[j]);
      if (id === null) return reply.error(ERR_INVALID_ID);
      lastId = id;
    } else {
      return reply.error(`ERR Unrecognized XCLAIM option '${opt.toString('latin1')}'`);
    }
  }
  if (lastId > group.lastId) group.lastId = lastId;
  if (deliveryTime !== -1) {
    if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  } else {
    deliveryTime = now;
  }
  let consumer: Consumer | null = null;
  const token = reply.deferArray();
  let n = 0;
  for (const id of ids) {
    let pending = group.pel.get(id);
    if (s.get(id) === undefined) {
      if (pending !== undefined) dropPending(group, id, pending);
      continue;
    }
    if (force && pending === undefined) {
      pending = new PendingEntry(null, now, 1);
      group.pel.set(id, pending);
    }
    if (pending === undefined) continue;
    if (pending.consumer !== null && minIdle !== 0 && now - pending.deliveryTime < minIdle) continue;
    if (consumer === null) consumer = consumerFor(db, argv[1], group, argv[3], now);
    pending.deliveryTime = deliveryTime;
    if (retryCount >= 0) pending.deliveryCount = retryCount;
    else if (!justId) pending.deliveryCount++;
    reassign(group, id, pending, consumer);
    if (justId) reply.bulk(formatId(id));
    else if (!replyOneEntry(reply, s, id)) reply.nullBulk();
    n++;
  }
  reply.setDeferredArray(token, n);
}

function xautoclaim(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const minIdleArg = parseInteger(argv[4]);
  if (minIdleArg === null) return reply.error('ERR Invalid min-idle-time argument for XAUTOCLAIM');
  const minIdle = minIdleArg < 0 ? 0 : minIdleArg;
  const startBound = intervalBound(argv[5], false);
  if (typeof startBound === 'string') return reply.error(startBound);
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    if (equalsIgnoreCase(argv[j], 'count') && moreArgs > 0) {
      const n = parseInteger(argv[j + 1]);
      if (n === null || n < 1 || n > 576460752303423487) return reply.error('ERR COUNT must be > 0');
      count = n;
      j++;
    } else if (equalsIgnoreCase(argv[j], 'justid')) {
      justId = true;
    } else {
      return reply.error(ERR_SYNTAX);
    }
  }
  const db = client.db;
  const s = readStream(db, keyOf(argv[1]), reply);
  if (s === null) return;
  const group = s?.groups.get(argv[2].toString('latin1'));
  if (s === undefined || group === undefined) {
    return reply.error(`NOGROUP No such key '${argv[1].toString('latin1')}' or consumer group '${argv[2].toString('latin1')}'`);
  }
  let attempts = count * 10;
  const now = Date.now();
  const claimed: StreamId[] = [];
  const deleted: StreamId[] = [];
  let consumer: Consumer | null = null;
  const pel = group.pel;
  let i = pel.lowerBound(startBound);
  while (attempts-- > 0 && count > 0 && i < pel.keys.length) {
    const id = pel.keys[i];
    const pending = pel.map.get(id)!;
    if (s.get(id) === undefined) {
      dropPending(group, id, pending);
      deleted.push(id);
      count--;
      continue; // the next key slid into position i
    }
    i++;
    if (minIdle !== 0 && now - pending.deliveryTime < minIdle) continue;
    if (consumer === null) consumer = consumerFor(db, argv[1], group, argv[3], now);
    pending.deliveryTime = now;
    if (!justId) pending.deliveryCount++;
    reassign(group, id, pending, consumer);
    claimed.push(id);
    count--;
  }
  // The cursor: the next pending ID after the last one examined, 0-0 at the end.
  const cursor = i < pel.keys.length ? pel.keys[i] : 0n;
  reply.arrayHeader(3);
  reply.bulk(formatId(cursor));
  reply.arrayHeader(claimed.length);
  for (const id of claimed) {
    if (justId) reply.bulk(formatId(id));
    else if (!replyOneEntry(reply, s, id)) reply.nullBulk();
  }
  reply.arrayHeader(deleted.length);
  for (const id of deleted) reply.bulk(formatId(id));
}

// ---- XINFO ----------------------------------------------------------------------------------

function xinfo(ctx: Context): void {
  const { argv, client, reply } = ctx;
  const opt = argv[1];
  if (equalsIgnoreCase(opt, 'help')) {
    if (argv.length !== 2) return subcommandSyntaxError(reply, opt, 'XINFO');
    return writeHelp(reply, XINFO_HELP);
  }
  const s = readStream(client.db, keyOf(argv[2]), reply);
  if (s === null) return;
  if (s === undefined) return reply.error('ERR no such key');
  if (equalsIgnoreCase(opt, 'consumers') && argv.length === 4) {
    const group = s.groups.get(argv[3].toString('latin1'));
    if (group === undefined) {
      return reply.error(
        `NOGROUP No such consumer group '${argv[3].toString('latin1')}' for key name '${argv[2].toString('latin1')}'`,
      );
    }
    const now = Date.now();
    const consumers = group.sortedConsumers();
    reply.arrayHeader(consumers.length);
    for (const c of consumers) {
      reply.mapHeader(3);
      reply.bulk('name');
      reply.bulk(c.name);
      reply.bulk('pending');
      reply.integer(c.pel.size);
      reply.bulk('idle');
      reply.integer(Math.max(0, now - c.seenTime));
    }
  } else if (equalsIgnoreCase(opt, 'groups') && argv.length === 3) {
    const groups = s.sortedGroups();
    reply.arrayHeader(groups.length);
    for (const g of groups) {
      reply.mapHeader(6);
      reply.bulk('name');
      reply.bulk(g.name);
      reply.bulk('consumers');
      reply.integer(g.consumers.size);
      reply.bulk('pending');
      reply.integer(g.pel.size);
      reply.bulk('last-delivered-id');
      reply.bulk(formatId(g.lastId));
      writeReadAndLag(reply, s, g);
    }
  } else if (equalsIgnoreCase(opt, 'stream')) {
    xinfoStream(ctx, s);
  } else {
    subcommandSyntaxError(reply, opt, 'XINFO');
  }
}

function writeReadAndLag(reply: ReplyWriter, s: StreamValue, g: ConsumerGroup): void {
  reply.bulk('entries-read');
  if (g.entriesRead !== INVALID_ENTRIES_READ) reply.integer(g.entriesRead);
  else reply.nullBulk();
  reply.bulk('lag');
  const lag = s.groupLag(g);
  if (lag === null) reply.nullBulk();
  else reply.integer(lag);
}

function xinfoStream(ctx: Context, s: StreamValue): void {
  const { argv, reply } = ctx;
  let full = false;
  let count = 10;
  if (argv.length > 3) {
    if (argv.length !== 4 && argv.length !== 6) return subcommandSyntaxError(reply, argv[1], 'XINFO');
    if (!equalsIgnoreCase(argv[3], 'full')) return subcommandSyntaxError(reply, argv[1], 'XINFO');
    if (argv.length === 6) {
      if (!equalsIgnoreCase(argv[4], 'count')) return subcommandSyntaxError(reply, argv[1], 'XINFO');
      const n = parseInteger(argv[5]);
      if (n === null) return reply.error(ERR_INT);
      count = n < 0 ? 10 : n;
    }
    full = true;
  }
  reply.mapHeader(full ? 9 : 10);
  reply.bulk('length');
  reply.integer(s.length);
  reply.bulk('radix-tree-keys');
  reply.integer(s.radixTreeKeys);
  reply.bulk('radix-tree-nodes');
  reply.integer(s.radixTreeNodes);
  reply.bulk('last-generated-id');
  reply.bulk(formatId(s.lastId));
  reply.bulk('max-deleted-entry-id');
  reply.bulk(formatId(s.maxDeletedId));
  reply.bulk('entries-added');
  reply.integer(s.entriesAdded);
  reply.bulk('recorded-first-entry-id');
  reply.bulk(formatId(s.firstId));
  if (!full) {
    reply.bulk('groups');
    reply.integer(s.groups.size);
    reply.bulk('first-entry');
    const first = s.edgeId(true);
    if (first === null || !replyOneEntry(reply, s, first)) reply.nullBulk();
    reply.bulk('last-entry');
    const last = s.edgeId(false);
    if (last === null || !replyOneEntry(reply, s, last)) reply.nullBulk();
    return;
  }
  reply.bulk('entries');
  replyRange(reply, s, 0n, MAX_ID, count, false, null);
  reply.bulk('groups');
  const groups = s.sortedGroups();
  reply.arrayHeader(groups.length);
  for (const g of groups) {
    reply.mapHeader(7);
    reply.bulk('name');
    reply.bulk(g.name);
    reply.bulk('last-delivered-id');
    reply.bulk(formatId(g.lastId));
    writeReadAndLag(reply, s, g);
    reply.bulk('pel-count');
    reply.integer(g.pel.size);
    reply.bulk('pending');
    const pelShown = count === 0 ? g.pel.size : Math.min(count, g.pel.size);
    reply.arrayHeader(pelShown);
    for (let i = 0; i < pelShown; i++) {
      const id = g.pel.keys[i];
      const p = g.pel.map.get(id)!;
      reply.arrayHeader(4);
      reply.bulk(formatId(id));
      reply.bulk(p.consumer!.name);
      reply.integer(p.deliveryTime);
      reply.integer(p.deliveryCount);
    }
    reply.bulk('consumers');
    const consumers = g.sortedConsumers();
    reply.arrayHeader(consumers.length);
    for (const c of consumers) {
      reply.mapHeader(4);
      reply.bulk('name');
      reply.bulk(c.name);
      reply.bulk('seen-time');
      reply.integer(c.seenTime);
      reply.bulk('pel-count');
      reply.integer(c.pel.size);
      reply.bulk('pending');
      const shown = count === 0 ? c.pel.size : Math.min(count, c.pel.size);
      reply.arrayHeader(shown);
      for (let i = 0; i < shown; i++) {
        const id = c.pel.keys[i];
        const p = c.pel.map.get(id)!;
        reply.arrayHeader(3);
        reply.bulk(formatId(id));
        reply.integer(p.deliveryTime);
        reply.integer(p.deliveryCount);
      }
    }
  }
}

// ---- the table ----------------------------------------------------------------------------------

export const streamCommands: Command[] = [
  defineCommand(meta.xadd, xadd),
  defineCommand(meta.xrange, (ctx) => rangeCommand(ctx, false)),
  defineCommand(meta.xrevrange, (ctx) => rangeCommand(ctx, true)),
  defineCommand(meta.xlen, xlen),
  defineCommand(meta.xdel, xdel),
  defineCommand(meta.xtrim, xtrim),
  defineCommand(meta.xread, (ctx) => xreadGeneric(ctx, false)),
  defineCommand(meta.xreadgroup, (ctx) => xreadGeneric(ctx, true)),
  defineContainer(meta.xgroup, [
    defineCommand(meta['xgroup|create'], xgroup),
    defineCommand(meta['xgroup|setid'], xgroup),
    defineCommand(meta['xgroup|destroy'], xgroup),
    defineCommand(meta['xgroup|createconsumer'], xgroup),
    defineCommand(meta['xgroup|delconsumer'], xgroup),
    defineCommand(meta['xgroup|help'], xgroup),
  ]),
  defineCommand(meta.xack, xack),
  defineCommand(meta.xpending, xpending),
  defineCommand(meta.xclaim, xclaim),
  defineCommand(meta.xautoclaim, xautoclaim),
  defineContainer(meta.xinfo, [
    defineCommand(meta['xinfo|stream'], xinfo),
    defineCommand(meta['xinfo|groups'], xinfo),
    defineCommand(meta['xinfo|consumers'], xinfo),
    defineCommand(meta['xinfo|help'], xinfo),
  ]),
  defineCommand(meta.xsetid, xsetid),
];
