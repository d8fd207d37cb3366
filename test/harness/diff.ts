// The differential check: the same commands to redis-server and to ours, over
// one connection each, reply frames compared byte for byte.
import {
  decodeReply,
  RespAttributed,
  RespBigNumber,
  RespDouble,
  RespError,
  RespMap,
  RespPush,
  RespSet,
  RespVerbatim,
  type RespValue,
} from '../../src/resp/reply-parser';
import { escapeBytes } from './escape';
import { RawClient, type CommandArg } from './raw-client';
import { startOurs, startRedis, type ServerHandle, type ServerOptions } from './servers';

export type Protocol = 2 | 3;

export interface DiffCommand {
  args: CommandArg[];
  /**
   * Applied to both replies before comparing, for replies that legitimately
   * differ between two runs of the same server (random numbers, hash-table
   * order). Say in the test why it is needed.
   */
  normalize?: (frame: Buffer) => Buffer;
}

export type DiffInput = CommandArg[] | DiffCommand;

export interface Mismatch {
  index: number;
  command: string;
  protocol: Protocol;
  redis: string;
  ours: string;
}

function asDiffCommand(input: DiffInput): DiffCommand {
  return Array.isArray(input) ? { args: input } : input;
}

function describeCommand(args: readonly CommandArg[]): string {
  return args.map((a) => (Buffer.isBuffer(a) ? escapeBytes(a) : String(a))).join(' ');
}

async function openClient(server: ServerHandle, protocol: Protocol): Promise<RawClient> {
  const client = await RawClient.connect(server.port);
  if (protocol === 3) {
    // HELLO's own reply names the server and its client id: not compared.
    const hello = await client.send(['HELLO', '3']);
    if (hello[0] !== 0x25) throw new Error(`${server.kind}: HELLO 3 failed: ${escapeBytes(hello)}`);
  }
  return client;
}

export interface DiffOptions {
  resp: Protocol;
  /** Send all commands in one write instead of one at a time. */
  pipeline?: boolean;
}

function noReply(error: Error): Buffer {
  return Buffer.from(`<no reply: ${error.message}>`);
}

/** Sends `commands` in order to both servers and returns every reply that differs. */
export async function diffServers(
  redis: ServerHandle,
  ours: ServerHandle,
  commands: DiffInput[],
  options: DiffOptions,
): Promise<Mismatch[]> {
  const [redisClient, ourClient] = await Promise.all([openClient(redis, options.resp), openClient(ours, options.resp)]);
  const mismatches: Mismatch[] = [];
  const parsed = commands.map(asDiffCommand);
  try {
    let pipelined: { redis: Buffer[]; ours: Buffer[] } | null = null;
    if (options.pipeline) {
      const all = parsed.map((c) => c.args);
      const [redisReplies, ourReplies] = await Promise.all([
        redisClient.sendMany(all),
        ourClient.sendMany(all).catch((error: Error) => all.map(() => noReply(error))),
      ]);
      pipelined = { redis: redisReplies, ours: ourReplies };
    }
    for (let index = 0; index < parsed.length; index++) {
      const command = parsed[index];
      const [expected, actual] = pipelined
        ? [pipelined.redis[index], pipelined.ours[index]]
        : await Promise.all([redisClient.send(command.args), ourClient.send(command.args).catch(noReply)]);
      const normalize = command.normalize ?? ((frame: Buffer) => frame);
      const left = normalize(expected);
      const right = actual[0] === 0x3c /* '<': our failure marker */ ? actual : normalize(actual);
      if (!left.equals(right)) {
        mismatches.push({
          index,
          command: describeCommand(command.args),
          protocol: options.resp,
          redis: escapeBytes(left),
          ours: escapeBytes(right),
        });
      }
    }
  } finally {
    redisClient.close();
    ourClient.close();
  }
  return mismatches;
}

/** One line per mismatch, for assertion messages. */
export function formatMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map((m) => `#${m.index} RESP${m.protocol} ${m.command}\n  redis: ${m.redis}\n  ours:  ${m.ours}`)
    .join('\n');
}

/** redis-server and ours, started with the same options. */
export class ServerPair {
  private constructor(readonly redis: ServerHandle, readonly ours: ServerHandle) {}

  static async start(options: ServerOptions = {}): Promise<ServerPair> {
    const redis = await startRedis(options);
    try {
      return new ServerPair(redis, await startOurs(options));
    } catch (error) {
      await redis.stop();
      throw error;
    }
  }

  diff(commands: DiffInput[], options: DiffOptions): Promise<Mismatch[]> {
    return diffServers(this.redis, this.ours, commands, options);
  }

  /** One command to each server on fresh connections; both raw replies. */
  async sendBoth(args: CommandArg[], options: { resp: Protocol } = { resp: 2 }): Promise<{ redis: Buffer; ours: Buffer }> {
    const send = async (server: ServerHandle) => {
      const client = await openClient(server, options.resp);
      try {
        return await client.send(args);
      } finally {
        client.close();
      }
    };
    const [redis, ours] = await Promise.all([send(this.redis), send(this.ours)]);
    return { redis, ours };
  }

  async stop(): Promise<void> {
    await Promise.all([this.redis.stop(), this.ours.stop()]);
  }
}

// ---- Normalisers -------------------------------------------------------------

/** Re-encodes a decoded value in RESP (RESP3 types kept): lets a normaliser edit a reply. */
export function encodeValue(value: RespValue): Buffer {
  const parts: Buffer[] = [];
  const put = (text: string) => parts.push(Buffer.from(text));
  const walk = (v: RespValue): void => {
    if (v === null) put('$-1\r\n');
    else if (typeof v === 'string') put(`+${v}\r\n`);
    else if (typeof v === 'number' || typeof v === 'bigint') put(`:${v}\r\n`);
    else if (typeof v === 'boolean') put(v ? '#t\r\n' : '#f\r\n');
    else if (Buffer.isBuffer(v)) {
      put(`$${v.length}\r\n`);
      parts.push(v);
      put('\r\n');
    } else if (Array.isArray(v)) {
      put(`*${v.length}\r\n`);
      v.forEach(walk);
    } else if (v instanceof RespError) put(`-${v.message}\r\n`);
    else if (v instanceof RespMap) {
      put(`%${v.size}\r\n`);
      for (const [k, item] of v.entries) {
        walk(k);
        walk(item);
      }
    } else if (v instanceof RespSet) {
      put(`~${v.items.length}\r\n`);
      v.items.forEach(walk);
    } else if (v instanceof RespPush) {
      put(`>${v.items.length}\r\n`);
      v.items.forEach(walk);
    } else if (v instanceof RespVerbatim) {
      put(`=${v.text.length + 4}\r\n${v.format}:`);
      parts.push(v.text);
      put('\r\n');
    } else if (v instanceof RespBigNumber) put(`(${v.text}\r\n`);
    else if (v instanceof RespDouble) put(`,${v.text}\r\n`);
    else if (v instanceof RespAttributed) {
      put(`|${v.attributes.size}\r\n`);
      for (const [k, item] of v.attributes.entries) {
        walk(k);
        walk(item);
      }
      walk(v.value);
    }
  };
  walk(value);
  return Buffer.concat(parts);
}

function textOf(v: RespValue): string | null {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  return null;
}

function compareText(a: RespValue, b: RespValue): number {
  const x = textOf(a) ?? '';
  const y = textOf(b) ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * COMMAND INFO lists a command's subcommands (10th field) in the order of a
 * hash table with a per-process random seed: two redis-servers disagree. Sorts
 * them by name, recursively, leaving everything else as sent.
 */
export function sortCommandInfoSubcommands(frame: Buffer): Buffer {
  const sortInfo = (info: RespValue): RespValue => {
    if (!Array.isArray(info) || info.length < 10 || !Array.isArray(info[9])) return info;
    const subcommands = info[9].map(sortInfo);
    subcommands.sort((a, b) => compareText(Array.isArray(a) ? a[0] : null, Array.isArray(b) ? b[0] : null));
    return [...info.slice(0, 9), subcommands, ...info.slice(10)];
  };
  const value = decodeReply(frame);
  if (!Array.isArray(value)) return frame;
  return encodeValue(value.map(sortInfo));
}

/**
 * COMMAND DOCS: the "subcommands" field is a map keyed by hash-table order (see
 * above). Sorts its entries by name, in RESP3 maps and RESP2 flat arrays alike.
 */
export function sortCommandDocsSubcommands(frame: Buffer): Buffer {
  const sortPairs = (pairs: Array<[RespValue, RespValue]>) => pairs.sort((a, b) => compareText(a[0], b[0]));
  const walk = (v: RespValue): RespValue => {
    if (v instanceof RespMap) {
      const entries = v.entries.map(([k, item]): [RespValue, RespValue] => [k, walk(item)]);
      for (const entry of entries) {
        if (textOf(entry[0]) === 'subcommands' && entry[1] instanceof RespMap) {
          entry[1] = new RespMap(sortPairs([...entry[1].entries]));
        }
      }
      return new RespMap(entries);
    }
    if (Array.isArray(v)) {
      const items = v.map(walk);
      for (let i = 0; i + 1 < items.length; i += 2) {
        const sub = items[i + 1];
        if (textOf(items[i]) === 'subcommands' && Array.isArray(sub)) {
          const pairs: Array<[RespValue, RespValue]> = [];
          for (let j = 0; j + 1 < sub.length; j += 2) pairs.push([sub[j], sub[j + 1]]);
          items[i + 1] = sortPairs(pairs).flat();
        }
      }
      return items;
    }
    return v;
  };
  return encodeValue(walk(decodeReply(frame)));
}

/**
 * Sorts the elements of an array reply by their bytes: for replies in hash-table
 * order (COMMAND LIST, MODULE LIST with several modules).
 */
export function sortArrayReply(frame: Buffer): Buffer {
  const value = decodeReply(frame);
  if (!Array.isArray(value)) return frame;
  const encoded = value.map(encodeValue).sort(Buffer.compare);
  return Buffer.concat([Buffer.from(`*${encoded.length}\r\n`), ...encoded]);
}

/** Keeps only the reply's type byte: for replies whose value is random (e.g. rand()). */
export function typeOnly(frame: Buffer): Buffer {
  return frame.subarray(0, 1);
}
