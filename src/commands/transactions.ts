// MULTI / EXEC / DISCARD. The queueing itself happens in dispatch (a client in
// MULTI gets +QUEUED for every command but these); EXEC replays the queue
// through the same dispatch, each reply nested in EXEC's array.
// WATCH/UNWATCH come with the keyspace's modification tracking.
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
    return ctx.reply.error('EXECABORT Transaction discarded because of previous errors.');
  }
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
];

/** Commands that run at once inside MULTI instead of being queued (Redis's list). */
export const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
