// MULTI / EXEC / DISCARD / WATCH / UNWATCH. The queueing itself happens in
// dispatch (a client in MULTI gets +QUEUED for every command but these); EXEC
// replays the queue through the same dispatch, each reply nested in EXEC's
// array. WATCH relies on the keyspace's modification signals (server.ts).
import { defineCommand, type Command, type CommandMeta, type Context } from './table';

function meta(name: string, flags: string[], acl: string[], docs: CommandMeta['docs']): CommandMeta {
  return { name, arity: 1, flags, firstKey: 0, lastKey: 0, keyStep: 0, aclCategories: acl, docs };
}

function multi(ctx: Context): void {
  const client = ctx.client;
  if (client.multi !== null) return ctx.reply.error('ERR MULTI calls can not be nested');
  client.multi = { queue: [], dirty: false };
  ctx.reply.simple('OK');
}

function exec(ctx: Context): void {
  const client = ctx.client;
  const transaction = client.multi;
  if (transaction === null) return ctx.reply.error('ERR EXEC without MULTI');
  client.multi = null;
  if (transaction.dirty) {
    ctx.server.unwatchAll(client);
    return ctx.reply.error('EXECABORT Transaction discarded because of previous errors.');
  }
  // A watched key changed (or expired) since WATCH: the transaction does not run.
  if (client.dirtyCas || ctx.server.watchedKeyExpired(client)) {
    ctx.server.unwatchAll(client);
    return ctx.reply.nullArray();
  }
  ctx.server.unwatchAll(client);
  ctx.reply.arrayHeader(transaction.queue.length);
  client.inExec = true;
  try {
    for (const argv of transaction.queue) ctx.server.dispatch(client, argv);
  } finally {
    client.inExec = false;
  }
}

function discard(ctx: Context): void {
  const client = ctx.client;
  if (client.multi === null) return ctx.reply.error('ERR DISCARD without MULTI');
  client.multi = null;
  ctx.server.unwatchAll(client);
  ctx.reply.simple('OK');
}

function watch(ctx: Context): void {
  const client = ctx.client;
  if (client.multi !== null) return ctx.reply.error('ERR WATCH inside MULTI is not allowed');
  for (let i = 1; i < ctx.argv.length; i++) ctx.server.watch(client, client.db.index, ctx.argv[i]);
  ctx.reply.simple('OK');
}

function unwatch(ctx: Context): void {
  ctx.server.unwatchAll(ctx.client);
  ctx.reply.simple('OK');
}

export const transactionCommands: Command[] = [
  defineCommand(
    meta('multi', ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['@fast', '@transaction'], {
      summary: 'Mark the start of a transaction block',
      since: '1.2.0',
      group: 'transactions',
      complexity: 'O(1)',
    }),
    multi,
  ),
  defineCommand(
    meta('exec', ['noscript', 'loading', 'stale', 'skip_slowlog'], ['@slow', '@transaction'], {
      summary: 'Execute all commands issued after MULTI',
      since: '1.2.0',
      group: 'transactions',
      complexity: 'Depends on commands in the transaction',
    }),
    exec,
  ),
  defineCommand(
    meta('discard', ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['@fast', '@transaction'], {
      summary: 'Discard all commands issued after MULTI',
      since: '2.0.0',
      group: 'transactions',
      complexity: 'O(N), when N is the number of queued commands',
    }),
    discard,
  ),
  defineCommand(
    {
      name: 'watch',
      arity: -2,
      flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
      firstKey: 1,
      lastKey: -1,
      keyStep: 1,
      aclCategories: ['@fast', '@transaction'],
      keySpecs: [
        { flags: ['RO'], beginSearch: { type: 'index', pos: 1 }, findKeys: { type: 'range', lastkey: -1, step: 1, limit: 0 } },
      ],
      docs: {
        summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
        since: '2.2.0',
        group: 'transactions',
        complexity: 'O(1) for every key.',
        arguments: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
      },
    },
    watch,
  ),
  defineCommand(
    meta('unwatch', ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['@fast', '@transaction'], {
      summary: 'Forget about all watched keys',
      since: '2.2.0',
      group: 'transactions',
      complexity: 'O(1)',
    }),
    unwatch,
  ),
];

/** Commands that run at once inside MULTI instead of being queued (Redis's list). */
export const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
