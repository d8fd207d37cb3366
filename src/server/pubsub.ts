// The pub/sub registry: which clients listen on which channels, patterns and
// shard channels, and the delivery of messages (PUBLISH, SPUBLISH, keyspace
// events) to them.
//
// Names are Map keys in latin1 (one char per byte, as keyspace keys are), so
// binary channel names are safe. Sets keep insertion order: subscribers of one
// channel hear a message in the order they subscribed, as in Redis.
//
// A message lands in the subscriber's reply buffer at once (so a client that
// publishes to itself sees the push before PUBLISH's own reply, as in Redis);
// the socket write happens once per event-loop turn for every client that got
// something, so a pipeline of PUBLISHes costs each subscriber one write.
import type { Client } from './client';
import type { Keyspace } from '../keyspace/keyspace';
import { globMatch } from '../util/glob';

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

/** What one client listens to. A client has one of these only while it listens to something. */
export class ClientSubscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();

  /** The count SUBSCRIBE/PSUBSCRIBE and their UN- forms report: channels plus patterns. */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
}

const CRLF = Buffer.from('\r\n');
const PUSH_BYTE = Buffer.from('>');

/** "*3\r\n$7\r\nmessage\r\n" and friends: a push's header and kind, as RESP2 bytes. */
function kindHeader(items: number, kind: string): Buffer {
  return Buffer.from(`*${items}\r\n$${kind.length}\r\n${kind}\r\n`, 'latin1');
}

const MESSAGE = kindHeader(3, 'message');
const SMESSAGE = kindHeader(3, 'smessage');
const PMESSAGE = kindHeader(4, 'pmessage');

/** The bulk string encoding of some bytes. */
function bulk(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF]);
}

/** Redis's stringmatchlen: an empty subject matches nothing but the empty pattern. */
function matches(pattern: string, subject: string): boolean {
  return globMatch(pattern, subject, false);
}

export class PubSub {
  /** channel -> subscribers, in subscription order. */
  private readonly channels = new Map<string, Set<Client>>();
  private readonly patterns = new Map<string, Set<Client>>();
  private readonly shardChannels = new Map<string, Set<Client>>();
  /** Clients with replies written by someone else's command, flushed once per turn. */
  private readonly unflushed = new Set<Client>();
  private flushScheduled = false;

  constructor(keyspace: Keyspace) {
    keyspace.listen({
      notify: (cls, event, key, db) => {
        const route = keyspace.publishes(cls);
        if (route === null) return;
        // Redis's notifyKeyspaceEvent: the key's channel first, then the event's.
        if (route.keyspace) this.publish(Buffer.from(`__keyspace@${db}__:${key.toString('latin1')}`, 'latin1'), Buffer.from(event));
        if (route.keyevent) this.publish(Buffer.from(`__keyevent@${db}__:${event}`, 'latin1'), key);
      },
    });
  }

  /** Number of channels with subscribers (INFO pubsub_channels). */
  get channelCount(): number {
    return this.channels.size;
  }

  get patternCount(): number {
    return this.patterns.size;
  }

  get shardChannelCount(): number {
    return this.shardChannels.size;
  }

  private registry(kind: SubscriptionKind): Map<string, Set<Client>> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  private static own(subs: ClientSubscriptions, kind: SubscriptionKind): Set<string> {
    return kind === 'channel' ? subs.channels : kind === 'pattern' ? subs.patterns : subs.shardChannels;
  }

  /** Adds a subscription; false when the client already had it. */
  subscribe(client: Client, kind: SubscriptionKind, name: Buffer): boolean {
    let subs = client.subscriptions;
    if (subs === null) client.subscriptions = subs = new ClientSubscriptions();
    const own = PubSub.own(subs, kind);
    const key = name.toString('latin1');
    if (own.has(key)) return false;
    own.add(key);
    const registry = this.registry(kind);
    let clients = registry.get(key);
    if (clients === undefined) registry.set(key, (clients = new Set()));
    clients.add(client);
    return true;
  }

  /** Drops a subscription; false when the client did not have it. */
  unsubscribe(client: Client, kind: SubscriptionKind, key: string): boolean {
    const subs = client.subscriptions;
    if (subs === null || !PubSub.own(subs, kind).delete(key)) return false;
    const registry = this.registry(kind);
    const clients = registry.get(key);
    if (clients !== undefined) {
      clients.delete(client);
      if (clients.size === 0) registry.delete(key);
    }
    if (subs.total === 0) client.subscriptions = null;
    return true;
  }

  /** The client's subscriptions of one kind, in the order they were made. */
  subscriptionsOf(client: Client, kind: SubscriptionKind): string[] {
    const subs = client.subscriptions;
    return subs === null ? [] : [...PubSub.own(subs, kind)];
  }

  /** Forgets every subscription of a client (RESET, disconnection), without replies. */
  dropClient(client: Client): void {
    const subs = client.subscriptions;
    if (subs === null) return;
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      for (const key of [...PubSub.own(subs, kind)]) this.unsubscribe(client, kind, key);
    }
    client.subscriptions = null;
  }

  /** Sends a message to a channel's subscribers and to matching patterns; returns how many got it. */
  publish(channel: Buffer, message: Buffer): number {
    const name = channel.toString('latin1');
    let receivers = 0;
    let tail: Buffer | null = null;
    const clients = this.channels.get(name);
    if (clients !== undefined) {
      tail = Buffer.concat([bulk(channel), bulk(message)]);
      for (const c of clients) {
        this.deliver(c, MESSAGE, tail);
        receivers++;
      }
    }
    if (this.patterns.size > 0) {
      let channelAndMessage: Buffer | null = tail;
      for (const [pattern, subscribers] of this.patterns) {
        if (!matches(pattern, name)) continue;
        channelAndMessage ??= Buffer.concat([bulk(channel), bulk(message)]);
        const body = Buffer.concat([bulk(Buffer.from(pattern, 'latin1')), channelAndMessage]);
        for (const c of subscribers) {
          this.deliver(c, PMESSAGE, body);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channels have no patterns. */
  publishShard(channel: Buffer, message: Buffer): number {
    const clients = this.shardChannels.get(channel.toString('latin1'));
    if (clients === undefined) return 0;
    const tail = Buffer.concat([bulk(channel), bulk(message)]);
    for (const c of clients) this.deliver(c, SMESSAGE, tail);
    return clients.size;
  }

  /** Active channels (or shard channels) matching an optional pattern, in registry order. */
  activeChannels(shard: boolean, pattern: string | null): Buffer[] {
    const out: Buffer[] = [];
    for (const name of (shard ? this.shardChannels : this.channels).keys()) {
      if (pattern === null || matches(pattern, name)) out.push(Buffer.from(name, 'latin1'));
    }
    return out;
  }

  subscriberCount(shard: boolean, channel: Buffer): number {
    return (shard ? this.shardChannels : this.channels).get(channel.toString('latin1'))?.size ?? 0;
  }

  private deliver(client: Client, header: Buffer, body: Buffer): void {
    if (client.closed) return;
    const reply = client.reply;
    if (reply.protocol === 3) {
      reply.raw(PUSH_BYTE);
      reply.raw(header.subarray(1));
    } else {
      reply.raw(header);
    }
    reply.raw(body);
    this.flushSoon(client);
  }

  /**
   * Writes the client's pending output once the current turn is over: after
   * the publishing client's batch, not in the middle of it.
   */
  flushSoon(client: Client): void {
    this.unflushed.add(client);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(this.flushAll);
  }

  private readonly flushAll = (): void => {
    this.flushScheduled = false;
    const clients = [...this.unflushed];
    this.unflushed.clear();
    for (const c of clients) c.flush();
  };
}
