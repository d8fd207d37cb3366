// Runs generated sequences on redis-server and on ours and compares every
// reply, then the end state (DEBUG DIGEST, a dump of every key) and the
// keyspace notifications both published. Used by the bounded CI test and by
// scripts/fuzz.mjs for long runs; a mismatch is shrunk to a short command list
// that still reproduces it.
import { decodeReply, RespDouble } from '../../src/resp/reply-parser';
import { escapeBytes, RawClient, startOurs, startRedis, type CommandArg, type ServerHandle } from '../harness';
import { FAMILIES, templateCommands, withoutCommands } from './templates';
import { generateSequence, KEYS, seedConfig, type FamilyTable, type FuzzCommand, type Order } from './generator';
import { resolveOrder, sameExec, sameReply } from './normalize';

export type Protocol = 2 | 3;

export interface FuzzMismatch {
  seed: number;
  protocol: Protocol;
  /** Position in the sequence; -1 for end-of-sequence checks. */
  index: number;
  /** What differed: a command's table name, "digest", "dump", "notifications". */
  what: string;
  command: string;
  redis: string;
  ours: string;
}

export interface SeedResult {
  seed: number;
  protocol: Protocol;
  commands: FuzzCommand[];
  compared: number;
  mismatches: FuzzMismatch[];
}

export interface Figures {
  sequences: number;
  commands: number;
  /** Replies compared: sequence commands, prelude, dump. */
  replies: number;
  mismatchedReplies: number;
  sequencesWithMismatch: number;
  digestsCompared: number;
  notificationStreamsCompared: number;
  /** Lex-range commands not sent: over mixed scores Redis's answer is unspecified (random on a skiplist). */
  droppedLex: number;
  /** Commands by name: how often generated, how often they differed. */
  perCommand: Map<string, { sent: number; differed: number }>;
}

export interface FuzzOptions {
  /** Commands to leave out even though ours has them (e.g. known divergences while they are being fixed). */
  exclude?: readonly string[];
  /** Only these families. */
  families?: readonly string[];
}


function describe(args: readonly CommandArg[]): string {
  return args.map((a) => {
    const bytes = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    const text = escapeBytes(bytes);
    return /^"[A-Za-z0-9_.:*?\-+$#>|\[\]()@]+"$/.test(text) ? text.slice(1, -1) : text;
  }).join(' ');
}

const show = (frame: Buffer): string => escapeBytes(frame, 600);

/** Two clients (one per server) speaking the same protocol. */
interface ClientPair {
  redis: RawClient;
  ours: RawClient;
}

async function connect(server: ServerHandle, protocol: Protocol): Promise<RawClient> {
  const client = await RawClient.connect(server.port);
  if (protocol === 3) {
    const hello = await client.send(['HELLO', '3']);
    if (hello[0] !== 0x25) throw new Error(`${server.kind}: HELLO 3 failed: ${escapeBytes(hello)}`);
  }
  return client;
}

export class Fuzzer {
  private clients = new Map<Protocol, ClientPair>();
  private subscribers: ClientPair | null = null;
  /** Template commands ours does not know (or only stubs). */
  unavailable: string[] = [];
  digestSupported = false;
  notificationsSupported = false;
  tables: FamilyTable[] = [];
  readonly figures: Figures = {
    sequences: 0,
    commands: 0,
    replies: 0,
    mismatchedReplies: 0,
    sequencesWithMismatch: 0,
    digestsCompared: 0,
    notificationStreamsCompared: 0,
    droppedLex: 0,
    perCommand: new Map(),
  };

  private constructor(private redis: ServerHandle, private ours: ServerHandle, private readonly options: FuzzOptions) {}

  static async start(options: FuzzOptions = {}): Promise<Fuzzer> {
    const config = { 'enable-debug-command': 'yes' };
    const redis = await startRedis({ config });
    let ours: ServerHandle;
    try {
      ours = await startOurs({ config });
    } catch (error) {
      await redis.stop();
      throw error;
    }
    const fuzzer = new Fuzzer(redis, ours, options);
    await fuzzer.probe();
    return fuzzer;
  }

  async stop(): Promise<void> {
    this.closeClients();
    await Promise.all([this.redis.stop(), this.ours.stop()]);
  }

  private closeClients(): void {
    for (const pair of this.clients.values()) {
      pair.redis.close();
      pair.ours.close();
    }
    this.clients.clear();
    this.subscribers?.redis.close();
    this.subscribers?.ours.close();
    this.subscribers = null;
  }

  /** Which template commands ours has (COMMAND INFO), and whether DIGEST and notifications work. */
  private async probe(): Promise<void> {
    const client = await RawClient.connect(this.ours.port);
    try {
      const unknown: string[] = [];
      for (const name of templateCommands()) {
        const [container, sub] = name.split('|');
        let missing: boolean;
        if (container === 'debug') {
          // DEBUG has no subcommand table (COMMAND INFO debug|x is unknown on both): ask DEBUG itself.
          const reply = await client.send(['DEBUG', (sub ?? '').toUpperCase(), 'k0']);
          missing = reply[0] === 0x2d && /not supported|unknown subcommand/i.test(reply.toString('latin1'));
        } else {
          const info = await client.send(['COMMAND', 'INFO', name]);
          // Any null: ours has been seen to answer a null bulk where Redis sends a null array.
          missing = /^\*1\r\n(\*-1|\$-1|_)\r\n$/.test(info.toString('latin1'));
        }
        if (missing) unknown.push(name);
      }
      this.unavailable = unknown.sort();
      const digest = await client.send(['DEBUG', 'DIGEST']);
      this.digestSupported = digest[0] !== 0x2d;
      const notify = await client.send(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
      const psub = await RawClient.connect(this.ours.port);
      try {
        const reply = await psub.send(['PSUBSCRIBE', '__key*__:*']);
        this.notificationsSupported = notify.toString() === '+OK\r\n' && reply[0] === 0x2a;
      } finally {
        psub.close();
      }
      await client.send(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    } finally {
      client.close();
    }
    const skip = new Set([...this.unavailable, ...(this.options.exclude ?? [])]);
    const families = this.options.families;
    this.tables = withoutCommands(FAMILIES, skip).filter((f) => !families || families.includes(f.family));
  }

  private async clientsFor(protocol: Protocol): Promise<ClientPair> {
    let pair = this.clients.get(protocol);
    if (!pair) {
      pair = { redis: await connect(this.redis, protocol), ours: await connect(this.ours, protocol) };
      this.clients.set(protocol, pair);
    }
    return pair;
  }

  private async subscribersFor(): Promise<ClientPair> {
    if (!this.subscribers) {
      const make = async (server: ServerHandle) => {
        const client = await RawClient.connect(server.port);
        await client.send(['PSUBSCRIBE', '__key*__:*']);
        await client.send(['SUBSCRIBE', 'fuzz-sentinel']);
        return client;
      };
      this.subscribers = { redis: await make(this.redis), ours: await make(this.ours) };
    }
    return this.subscribers;
  }

  /** Ours stopped answering (a crash): start a fresh one so the run can go on. */
  private async restartOurs(): Promise<void> {
    this.closeClients();
    await this.ours.stop().catch(() => undefined);
    this.ours = await startOurs({ config: { 'enable-debug-command': 'yes' } });
  }

  sequenceFor(seed: number, length: number): FuzzCommand[] {
    return generateSequence({ seed, length, tables: this.tables });
  }

  /** Generates, runs and compares one seed. */
  async runSeed(seed: number, length: number): Promise<SeedResult> {
    const protocol: Protocol = seed % 2 === 0 ? 2 : 3;
    const commands = this.sequenceFor(seed, length);
    const result = await this.runCommands(seed, protocol, commands, true);
    this.figures.sequences++;
    this.figures.commands += commands.length;
    this.figures.replies += result.compared;
    this.figures.mismatchedReplies += result.mismatches.length;
    if (result.mismatches.length > 0) this.figures.sequencesWithMismatch++;
    for (const command of commands) {
      const entry = this.figures.perCommand.get(command.name) ?? { sent: 0, differed: 0 };
      entry.sent++;
      this.figures.perCommand.set(command.name, entry);
    }
    for (const m of result.mismatches) {
      const entry = this.figures.perCommand.get(m.what);
      if (entry) entry.differed++;
    }
    return result;
  }

  /**
   * Runs `commands` after a FLUSHALL and the seed's configuration, then the
   * end-of-sequence checks. `count` false: used by the shrinker, figures untouched.
   */
  async runCommands(seed: number, protocol: Protocol, commands: readonly FuzzCommand[], count: boolean): Promise<SeedResult> {
    try {
      return await this.runCommandsOnce(seed, protocol, commands, count);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.restartOurs();
      return {
        seed,
        protocol,
        commands: [...commands],
        compared: 0,
        mismatches: [{ seed, protocol, index: -1, what: 'connection', command: '(sequence)', redis: '(ok)', ours: `<no reply: ${message}>` }],
      };
    }
  }

  private async runCommandsOnce(seed: number, protocol: Protocol, commands: readonly FuzzCommand[], count: boolean): Promise<SeedResult> {
    const { redis, ours } = await this.clientsFor(protocol);
    const mismatches: FuzzMismatch[] = [];
    let compared = 0;
    const record = (index: number, what: string, args: readonly CommandArg[] | string, r: Buffer, o: Buffer) => {
      mismatches.push({ seed, protocol, index, what, command: typeof args === 'string' ? args : describe(args), redis: show(r), ours: show(o) });
    };
    const compareOne = async (args: CommandArg[], what: string, order: Order = 'bytes', encoding: Buffer | null = null) => {
      const [r, o] = await Promise.all([redis.send(args), ours.send(args)]);
      compared++;
      if (!sameReply(resolveOrder(order, encoding), r, o)) record(-1, what, args, r, o);
      return r;
    };

    // Prelude: the same clean state and configuration on both.
    const config = seedConfig(seed);
    const notify = this.notificationsSupported;
    const subscribers = notify ? await this.subscribersFor() : null;
    await compareOne(['SELECT', '0'], 'prelude');
    await compareOne(['FLUSHALL'], 'prelude');
    await compareOne(['CONFIG', 'SET', ...config.flat(), 'notify-keyspace-events', notify ? 'KEA' : ''], 'prelude');

    // The sequence, pipelined in segments; a RESTORE ends a segment, since its
    // payload is redis-server's DUMP of the state reached at that point.
    let inMulti = false;
    let start = 0;
    while (start < commands.length) {
      let end = start;
      const redisBatch: CommandArg[][] = [];
      const oursBatch: CommandArg[][] = [];
      const probed: boolean[] = [];
      const multiAt: boolean[] = [];
      for (; end < commands.length; end++) {
        const command = commands[end];
        if ((command.restoreFrom !== undefined || command.lexKey !== undefined) && end > start) break;
        if (command.lexKey !== undefined && !inMulti && (await this.lexIsRandom(redis, command.lexKey))) {
          if (count) this.figures.droppedLex++;
          end++;
          break;
        }
        let args = command.args;
        if (command.restoreFrom !== undefined) {
          const payload = await redis.send(['DUMP', command.restoreFrom]);
          const bytes = payload[0] === 0x24 && payload[1] !== 0x2d ? payload.subarray(payload.indexOf('\r\n') + 2, payload.length - 2) : Buffer.alloc(0);
          args = [...args.slice(0, 3), Buffer.from(bytes), ...args.slice(4)];
        }
        const probe = !inMulti && typeof command.order === 'object';
        if (probe && typeof command.order === 'object') redisBatch.push(['OBJECT', 'ENCODING', command.args[command.order.key]]);
        redisBatch.push(args);
        oursBatch.push(args);
        probed.push(probe);
        multiAt.push(inMulti);
        const name = String(command.args[0]).toUpperCase();
        if (name === 'MULTI') inMulti = true;
        else if (name === 'EXEC' || name === 'DISCARD') inMulti = false;
        if (command.restoreFrom !== undefined || command.lexKey !== undefined) {
          end++;
          break;
        }
      }
      const [redisReplies, ourReplies] = await Promise.all([redis.sendMany(redisBatch, 30000), ours.sendMany(oursBatch, 30000)]);
      let r = 0;
      for (let i = start; i < end && i - start < oursBatch.length; i++) {
        const command = commands[i];
        const local = i - start;
        const encoding = probed[local] ? redisReplies[r++] : null;
        const expected = redisReplies[r++];
        const actual = ourReplies[local];
        compared++;
        // Queued inside MULTI the reply is +QUEUED: compared as is.
        const same = command.exec
          ? sameExec(command.exec, expected, actual)
          : sameReply(multiAt[local] ? 'bytes' : resolveOrder(command.order, encoding), expected, actual);
        if (!same) {
          record(i, command.name, oursBatch[local], expected, actual);
        }
      }
      start = end;
    }

    // End-of-sequence checks: the digest, every key's type, encoding and content, the notifications.
    if (this.digestSupported) {
      await compareOne(['DEBUG', 'DIGEST'], 'digest');
      if (count) this.figures.digestsCompared++;
    }
    for (const db of ['0', '1']) {
      await compareOne(['SELECT', db], 'dump');
      for (const key of KEYS) {
        const type = (await compareOne(['TYPE', key], 'dump')).toString('latin1').slice(1, -2);
        if (type === 'none') continue;
        const encoding = await compareOne(['OBJECT', 'ENCODING', key], 'dump');
        await compareOne(['PTTL', key], 'dump', 'ttl');
        const unordered = { ifUnordered: 'multiset', key: 1 } as const;
        switch (type) {
          case 'string': await compareOne(['GET', key], 'dump'); break;
          case 'list': await compareOne(['LRANGE', key, '0', '-1'], 'dump'); break;
          case 'hash': await compareOne(['HGETALL', key], 'dump', { ifUnordered: 'pairs', key: 1 }, encoding); break;
          case 'set': await compareOne(['SMEMBERS', key], 'dump', unordered, encoding); break;
          case 'zset': await compareOne(['ZRANGE', key, '0', '-1', 'WITHSCORES'], 'dump'); break;
          case 'stream':
            await compareOne(['XRANGE', key, '-', '+'], 'dump');
            await compareOne(['XINFO', 'GROUPS', key], 'dump', 'times');
            break;
        }
      }
    }
    if (subscribers) {
      const [a, b] = await Promise.all([drain(subscribers.redis, redis, seed), drain(subscribers.ours, ours, seed)]);
      compared++;
      if (count) this.figures.notificationStreamsCompared++;
      const differs = a.length !== b.length || a.some((frame, i) => !frame.equals(b[i]));
      if (differs) {
        let i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) i++;
        const around = (list: Buffer[]) => list.slice(Math.max(0, i - 2), i + 3).map((f) => describeNotification(f)).join(' | ');
        mismatches.push({
          seed,
          protocol,
          index: -1,
          what: 'notifications',
          command: `notification #${i} of ${a.length} (redis) / ${b.length} (ours)`,
          redis: around(a),
          ours: around(b),
        });
      }
    }
    return { seed, protocol, commands: [...commands], compared, mismatches };
  }

  /**
   * Whether redis-server holds `key` as a zset with differing scores (see
   * FuzzCommand.lexKey). Redis documents lex ranges over mixed scores as
   * unspecified; on a skiplist the answer even varies with its random levels.
   */
  private async lexIsRandom(redis: RawClient, key: CommandArg): Promise<boolean> {
    const [first, last] = await redis.sendMany([
      ['ZRANGE', key, '0', '0', 'WITHSCORES'],
      ['ZRANGE', key, '-1', '-1', 'WITHSCORES'],
    ]);
    if (first[0] === 0x2d) return false;
    const score = (frame: Buffer) => {
      const flat = [decodeReply(frame)].flat(3);
      const value = flat[flat.length - 1];
      return value instanceof RespDouble ? value.text : Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
    };
    return score(first) !== score(last);
  }

  /**
   * Shrinks a failing sequence (delta debugging): drops chunks of commands
   * while the run still shows a mismatch of the same kind. Bounded by `budget` runs.
   */
  async shrink(result: SeedResult, budget = 250): Promise<{ commands: FuzzCommand[]; mismatch: FuzzMismatch }> {
    const target = result.mismatches[0];
    const still = async (candidate: FuzzCommand[]): Promise<FuzzMismatch | null> => {
      const run = await this.runCommands(result.seed, result.protocol, candidate, false);
      return run.mismatches.find((m) => m.what === target.what) ?? null;
    };
    // Everything after the first differing command is irrelevant to it.
    let current = target.index >= 0 ? result.commands.slice(0, target.index + 1) : [...result.commands];
    let found = (await still(current)) ?? target;
    let chunks = 2;
    let runs = 1;
    while (current.length > 1 && runs < budget) {
      const size = Math.ceil(current.length / chunks);
      let reduced = false;
      for (let from = 0; from < current.length && runs < budget; from += size) {
        const candidate = [...current.slice(0, from), ...current.slice(from + size)];
        if (candidate.length === 0) continue;
        runs++;
        const hit = await still(candidate);
        if (hit) {
          current = candidate;
          found = hit;
          chunks = Math.max(chunks - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (size <= 1) break;
        chunks = Math.min(chunks * 2, current.length);
      }
    }
    return { commands: current, mismatch: found };
  }
}

/** Notifications received up to the sentinel this function publishes. */
async function drain(subscriber: RawClient, publisher: RawClient, seed: number): Promise<Buffer[]> {
  const sentinel = `end-${seed}`;
  await publisher.send(['PUBLISH', 'fuzz-sentinel', sentinel]);
  const frames: Buffer[] = [];
  for (;;) {
    const frame = await subscriber.nextFrame(10000);
    if (frame.includes('fuzz-sentinel') && frame.includes(sentinel)) return frames;
    frames.push(frame);
  }
}

function describeNotification(frame: Buffer): string {
  // *4 pmessage pattern channel payload: the channel and payload say it all.
  const text = frame.toString('latin1').split('\r\n');
  return `${text[6] ?? '?'}=${text[8] ?? '?'}`;
}

export function formatCommands(commands: readonly FuzzCommand[]): string {
  return commands.map((c) => describe(c.args)).join('\n');
}

export function formatMismatch(m: FuzzMismatch): string {
  const where = m.index >= 0 ? `#${m.index}` : 'end';
  return `seed ${m.seed} RESP${m.protocol} ${where} [${m.what}] ${m.command}\n  redis: ${m.redis}\n  ours:  ${m.ours}`;
}

export function formatFigures(f: Figures): string {
  return (
    `${f.sequences} sequences, ${f.commands} commands (${f.replies} replies compared incl. prelude and end-state dump), ` +
    `${f.mismatchedReplies} differing replies in ${f.sequencesWithMismatch} sequences; ` +
    `${f.digestsCompared} DEBUG DIGEST compared, ${f.notificationStreamsCompared} notification streams compared, ` +
    `${f.droppedLex} lex-range commands dropped (mixed scores: unspecified in Redis)`
  );
}

/** The seed's CONFIG SET arguments, for reproductions. */
export function seedConfigText(seed: number): string {
  return seedConfig(seed).flat().join(' ');
}

/** Every template's command name in `tables`. */
export function templateNames(tables: readonly FamilyTable[]): string[] {
  return templateCommands(tables);
}
