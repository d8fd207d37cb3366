// Pub/sub: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH, the sharded
// forms SSUBSCRIBE SUNSUBSCRIBE SPUBLISH (on a server without cluster they are
// channels in a namespace of their own), and PUBSUB's introspection.
// The registry and delivery live in src/server/pubsub.ts; the RESP2
// "subscribed context" check is in dispatch (src/server/server.ts).
// The metadata is what Redis 7.0.15 reports for these commands (COMMAND INFO/DOCS).
import { defineCommand, defineContainer, type Command, type CommandMeta, type Context } from './table';
import type { Client } from '../server/client';
import type { SubscriptionKind } from '../server/pubsub';

const meta = {
  subscribe: {
    name: 'subscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Listen for messages published to the given channels',
      since: '2.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of channels to subscribe to.',
      arguments: [{ name: 'channel', type: 'string', flags: ['multiple'] }],
    },
  },
  unsubscribe: {
    name: 'unsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Stop listening for messages posted to the given channels',
      since: '2.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
      arguments: [{ name: 'channel', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  psubscribe: {
    name: 'psubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Listen for messages published to channels matching the given patterns',
      since: '2.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
      arguments: [
        {
          name: 'pattern',
          type: 'block',
          flags: ['multiple'],
          arguments: [{ name: 'pattern', type: 'pattern' }],
        },
      ],
    },
  },
  punsubscribe: {
    name: 'punsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Stop listening for messages posted to channels matching the given patterns',
      since: '2.0.0',
      group: 'pubsub',
      complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
      arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional', 'multiple'] }],
    },
  },
  publish: {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@fast'],
    docs: {
      summary: 'Post a message to a channel',
      since: '2.0.0',
      group: 'pubsub',
      complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
      arguments: [{ name: 'channel', type: 'string' }, { name: 'message', type: 'string' }],
    },
  },
  pubsub: {
    name: 'pubsub',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'A container for Pub/Sub commands',
      since: '2.8.0',
      group: 'pubsub',
      complexity: 'Depends on subcommand.',
    },
  },
  'pubsub|channels': {
    name: 'pubsub|channels',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'List active channels',
      since: '2.8.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
      arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional'] }],
    },
  },
  'pubsub|help': {
    name: 'pubsub|help',
    arity: 2,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@slow'],
    docs: {
      summary: 'Show helpful text about the different subcommands',
      since: '6.2.0',
      group: 'pubsub',
      complexity: 'O(1)',
    },
  },
  'pubsub|numpat': {
    name: 'pubsub|numpat',
    arity: 2,
    flags: ['pubsub', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Get the count of unique patterns pattern subscriptions',
      since: '2.8.0',
      group: 'pubsub',
      complexity: 'O(1)',
    },
  },
  'pubsub|numsub': {
    name: 'pubsub|numsub',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Get the count of subscribers for channels',
      since: '2.8.0',
      group: 'pubsub',
      complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
      arguments: [{ name: 'channel', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  'pubsub|shardchannels': {
    name: 'pubsub|shardchannels',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'List active shard channels',
      since: '7.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
      arguments: [{ name: 'pattern', type: 'pattern', flags: ['optional'] }],
    },
  },
  'pubsub|shardnumsub': {
    name: 'pubsub|shardnumsub',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    aclCategories: ['@pubsub', '@slow'],
    docs: {
      summary: 'Get the count of subscribers for shard channels',
      since: '7.0.0',
      group: 'pubsub',
      complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
      arguments: [{ name: 'shardchannel', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  ssubscribe: {
    name: 'ssubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@pubsub', '@slow'],
    keySpecs: [
      {
        flags: ['not_key'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Listen for messages published to the given shard channels',
      since: '7.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of shard channels to subscribe to.',
      arguments: [{ name: 'shardchannel', type: 'string', flags: ['multiple'] }],
    },
  },
  sunsubscribe: {
    name: 'sunsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    firstKey: 1,
    lastKey: -1,
    keyStep: 1,
    aclCategories: ['@pubsub', '@slow'],
    keySpecs: [
      {
        flags: ['not_key'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Stop listening for messages posted to the given shard channels',
      since: '7.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
      arguments: [{ name: 'shardchannel', type: 'string', flags: ['optional', 'multiple'] }],
    },
  },
  spublish: {
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    aclCategories: ['@pubsub', '@fast'],
    keySpecs: [
      {
        flags: ['not_key'],
        beginSearch: { type: 'index', pos: 1 },
        findKeys: { type: 'range', lastkey: 0, step: 1, limit: 0 },
      },
    ],
    docs: {
      summary: 'Post a message to a shard channel',
      since: '7.0.0',
      group: 'pubsub',
      complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
      arguments: [{ name: 'shardchannel', type: 'string' }, { name: 'message', type: 'string' }],
    },
  },
} satisfies Record<string, CommandMeta>;

const HELP_LINES = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

/** The confirmation kinds, per subscription kind. */
const KIND_WORDS: Record<SubscriptionKind, { subscribe: string; unsubscribe: string }> = {
  channel: { subscribe: 'subscribe', unsubscribe: 'unsubscribe' },
  pattern: { subscribe: 'psubscribe', unsubscribe: 'punsubscribe' },
  shard: { subscribe: 'ssubscribe', unsubscribe: 'sunsubscribe' },
};

/** What a (un)subscription confirmation reports: shard channels count apart from the rest. */
function countFor(client: Client, kind: SubscriptionKind): number {
  const subs = client.subscriptions;
  if (subs === null) return 0;
  return kind === 'shard' ? subs.shardChannels.size : subs.count;
}

/** A confirmation: a push in RESP3, a plain array in RESP2. */
function confirm(client: Client, word: string, name: Buffer | null, count: number): void {
  const reply = client.reply;
  reply.pushHeader(3);
  reply.bulk(word);
  if (name === null) reply.nullBulk();
  else reply.bulk(name);
  reply.integer(count);
}

/**
 * A client that needs one reply per command (scripts, module calls) cannot
 * subscribe; Redis lets SUBSCRIBE and PSUBSCRIBE through inside MULTI for
 * backward compatibility, but not SSUBSCRIBE.
 */
function subscribeDenied(client: Client, kind: SubscriptionKind): boolean {
  return client.denyBlocking && (kind === 'shard' || !client.inExec);
}

function subscribeTo(kind: SubscriptionKind) {
  const words = KIND_WORDS[kind];
  return ({ argv, client, server, reply }: Context): void => {
    if (subscribeDenied(client, kind)) {
      reply.error(`ERR ${words.subscribe.toUpperCase()} isn't allowed for a DENY BLOCKING client`);
      return;
    }
    for (let i = 1; i < argv.length; i++) {
      server.pubsub.subscribe(client, kind, argv[i]);
      confirm(client, words.subscribe, argv[i], countFor(client, kind));
    }
  };
}

function unsubscribeFrom(kind: SubscriptionKind) {
  const words = KIND_WORDS[kind];
  return ({ argv, client, server }: Context): void => {
    const pubsub = server.pubsub;
    if (argv.length > 1) {
      for (let i = 1; i < argv.length; i++) {
        pubsub.unsubscribe(client, kind, argv[i].toString('latin1'));
        confirm(client, words.unsubscribe, argv[i], countFor(client, kind));
      }
      return;
    }
    const names = pubsub.subscriptionsOf(client, kind);
    if (names.length === 0) {
      // Nothing to leave: one confirmation with a null name.
      confirm(client, words.unsubscribe, null, countFor(client, kind));
      return;
    }
    for (const name of names) {
      pubsub.unsubscribe(client, kind, name);
      confirm(client, words.unsubscribe, Buffer.from(name, 'latin1'), countFor(client, kind));
    }
  };
}

function publish({ argv, server, reply }: Context): void {
  reply.integer(server.pubsub.publish(argv[1], argv[2]));
}

function spublish({ argv, server, reply }: Context): void {
  reply.integer(server.pubsub.publishShard(argv[1], argv[2]));
}

/** Redis's reply for a known PUBSUB subcommand given the wrong number of arguments. */
function subcommandSyntaxError({ argv, reply }: Context): void {
  reply.error(
    `ERR unknown subcommand or wrong number of arguments for '${argv[1].toString('latin1')}'. ` +
      `Try ${argv[0].toString('latin1').toUpperCase()} HELP.`,
  );
}

function channelsOf(shard: boolean) {
  return (ctx: Context): void => {
    const { argv, server, reply } = ctx;
    if (argv.length > 3) return subcommandSyntaxError(ctx);
    const names = server.pubsub.activeChannels(shard, argv.length === 3 ? argv[2].toString('latin1') : null);
    reply.arrayHeader(names.length);
    for (const name of names) reply.bulk(name);
  };
}

function numsubOf(shard: boolean) {
  return ({ argv, server, reply }: Context): void => {
    reply.arrayHeader((argv.length - 2) * 2);
    for (let i = 2; i < argv.length; i++) {
      reply.bulk(argv[i]);
      reply.integer(server.pubsub.subscriberCount(shard, argv[i]));
    }
  };
}

function numpat({ server, reply }: Context): void {
  reply.integer(server.pubsub.patternCount);
}

function help({ reply }: Context): void {
  reply.arrayHeader(HELP_LINES.length);
  for (const line of HELP_LINES) reply.simple(line);
}

export const pubsubCommands: Command[] = [
  defineCommand(meta.subscribe, subscribeTo('channel')),
  defineCommand(meta.unsubscribe, unsubscribeFrom('channel')),
  defineCommand(meta.psubscribe, subscribeTo('pattern')),
  defineCommand(meta.punsubscribe, unsubscribeFrom('pattern')),
  defineCommand(meta.ssubscribe, subscribeTo('shard')),
  defineCommand(meta.sunsubscribe, unsubscribeFrom('shard')),
  defineCommand(meta.publish, publish),
  defineCommand(meta.spublish, spublish),
  defineContainer(meta.pubsub, [
    defineCommand(meta['pubsub|channels'], channelsOf(false)),
    defineCommand(meta['pubsub|shardchannels'], channelsOf(true)),
    defineCommand(meta['pubsub|numsub'], numsubOf(false)),
    defineCommand(meta['pubsub|shardnumsub'], numsubOf(true)),
    defineCommand(meta['pubsub|numpat'], numpat),
    defineCommand(meta['pubsub|help'], help),
  ]),
];
