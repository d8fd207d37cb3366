// RedisModule_Call, the JS half (native/api/call.cc is the other): a module
// runs a command from the one command table through the server's one
// dispatch path, as a temporary client in the caller's database, and gets
// the reply back as RESP bytes in the protocol it asked for.
//
// As module.c's RM_Call, the checks that set errno come before the command
// runs and in Redis's order: existence (ENOENT), arity (EINVAL), script mode
// (ESPIPE), deny-oom (ENOSPC), no writes (ENOSPC), script-mode write
// conditions (ESPIPE), ACL (ENOTSUP / EACCES). With the 'E' modifier the
// same failure also comes back as an error reply. Commands run as Redis's
// call() runs them, past processCommand's checks: no NOAUTH, no MULTI
// queueing, no pub/sub-context refusal.
import { constants as osConstants } from 'node:os';
import type { Server } from '../server/server';
import type { Client } from '../server/client';
import type { Command } from '../commands/table';
import type { NativeAddon } from '../native';

/** module.c's REDISMODULE_ARGV_* bits, as native/api/call.cc sends them. */
export const CallFlags = {
  REPLICATE: 1 << 0,
  NO_AOF: 1 << 1,
  NO_REPLICAS: 1 << 2,
  RESP_3: 1 << 3,
  RESP_AUTO: 1 << 4,
  CHECK_ACL: 1 << 5,
  SCRIPT_MODE: 1 << 6,
  NO_WRITES: 1 << 7,
  REPLIES_AS_ERRORS: 1 << 8,
  RESPECT_DENY_OOM: 1 << 9,
  /** Ours: the calling context has no client (OnLoad): 'C' cannot check an ACL user. */
  NO_CLIENT: 1 << 16,
} as const;

/** A command a module asked to propagate with '!' (AOF and replicas come with a later issue). */
export interface PropagationRequest {
  db: number;
  argv: Buffer[];
  aof: boolean;
  replicas: boolean;
}

const ERRNO = osConstants.errno;
/** callState slots (native/core/addon.h). */
const ERRNO_SLOT = 7;
const ARG_LENGTHS_SLOT = 8;
/** Temporary clients kept for reuse, as Redis's moduleTempClients pool. */
const POOL_LIMIT = 32;

const OOM_ERROR = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
const NOREPLICAS_ERROR = '-NOREPLICAS Not enough good replicas to write.\r\n';

export class ModuleCaller {
  private readonly pool: Client[] = [];
  private readonly state: Int32Array;
  private readonly request: Buffer;
  private readonly replyShared: Buffer;
  /** module.c's server.replication_allowed: a call without '!' silences the calls nested in it. */
  private replicationAllowed = true;
  private lastName: Buffer = Buffer.alloc(0);
  private lastCommand: Command | undefined;
  /** Receives every '!' request that is allowed to propagate; the propagation issue plugs in here. */
  onPropagate: ((request: PropagationRequest) => void) | null = null;
  /** How many '!' requests were recorded (for tests until propagation exists). */
  propagationRequests = 0;

  constructor(
    private readonly server: Server,
    addon: NativeAddon,
  ) {
    this.state = addon.callState;
    this.request = addon.requestBuffer;
    this.replyShared = addon.replyBuffer;
  }

  /**
   * The bridge's `call`: argv null means the arguments are in the shared
   * request (lengths in callState). Returns the reply's length in the shared
   * reply buffer, the reply itself when it does not fit, or -1 for no reply;
   * the errno goes to callState[7].
   */
  call(argv: Buffer[] | null, argc: number, clientId: number, db: number, resp: 2 | 3, flags: number): number | Buffer {
    const args = argv ?? this.sharedArgs(argc);
    const state = this.state;
    const refusal = this.check(args, flags);
    if (refusal !== null) {
      state[ERRNO_SLOT] = refusal.errno;
      if ((flags & CallFlags.REPLIES_AS_ERRORS) === 0) return -1;
      return this.hand(Buffer.from(refusal.reply, 'latin1'));
    }
    state[ERRNO_SLOT] = 0;
    const outerAllowed = this.replicationAllowed;
    const replicate = (flags & CallFlags.REPLICATE) !== 0 && outerAllowed;
    this.replicationAllowed = replicate;
    const client = this.acquire(db, resp);
    let bytes: Buffer;
    try {
      this.server.dispatch(client, args);
      bytes = client.reply.take();
    } finally {
      this.replicationAllowed = outerAllowed;
    }
    this.release(client);
    if (replicate) this.record(db, args, flags);
    // A nested call may have written the errno slot: this call's is 0.
    state[ERRNO_SLOT] = 0;
    return this.hand(bytes);
  }

  /** Copies the shared request out: the command may keep its arguments (SET stores the value). */
  private sharedArgs(argc: number): Buffer[] {
    const state = this.state;
    let total = 0;
    for (let i = 0; i < argc; i++) total += state[ARG_LENGTHS_SLOT + i];
    const copy = Buffer.allocUnsafe(total);
    const request = this.request;
    // Short requests are the common case: a loop beats copy()'s setup.
    if (total <= 64) for (let i = 0; i < total; i++) copy[i] = request[i];
    else request.copy(copy, 0, 0, total);
    const args = new Array<Buffer>(argc);
    let offset = 0;
    for (let i = 0; i < argc; i++) {
      const len = state[ARG_LENGTHS_SLOT + i];
      args[i] = copy.subarray(offset, offset + len);
      offset += len;
    }
    return args;
  }

  private hand(bytes: Buffer): number | Buffer {
    const shared = this.replyShared;
    if (bytes.length > shared.length) return bytes;
    if (bytes.length <= 64) for (let i = 0; i < bytes.length; i++) shared[i] = bytes[i];
    else shared.set(bytes, 0);
    return bytes.length;
  }

  /** RM_Call's checks before running, in its order; null when the command may run. */
  private check(args: Buffer[], flags: number): { errno: number; reply: string } | null {
    const table = this.server.commands;
    let cmd: Command | undefined = this.lookup(args[0]);
    if (cmd !== undefined && cmd.subcommands !== undefined && args.length >= 2) {
      const sub = table.lookupSubcommand(cmd, args[1]);
      if (sub === undefined) {
        return refuse(ERRNO.ENOENT, `unknown subcommand '${quoted(args[1], 128)}'. Try ${cmd.name.toUpperCase()} HELP.`);
      }
      cmd = sub;
    }
    if (cmd === undefined) return refuse(ERRNO.ENOENT, unknownCommand(args));
    const arity = cmd.arity;
    if ((arity > 0 && arity !== args.length) || args.length < -arity) {
      return refuse(ERRNO.EINVAL, `wrong number of arguments for '${cmd.name}' command`);
    }
    const checked =
      CallFlags.SCRIPT_MODE | CallFlags.RESPECT_DENY_OOM | CallFlags.NO_WRITES | CallFlags.CHECK_ACL;
    if ((flags & checked) === 0) return null;
    const cmdFlags = cmd.flags;
    const config = this.server.config;
    if ((flags & CallFlags.SCRIPT_MODE) !== 0 && cmdFlags.includes('noscript')) {
      return refuse(ERRNO.ESPIPE, `command '${cmd.name}' is not allowed on script mode`);
    }
    if ((flags & CallFlags.RESPECT_DENY_OOM) !== 0 && cmdFlags.includes('denyoom') && this.outOfMemory()) {
      return { errno: ERRNO.ENOSPC, reply: OOM_ERROR };
    }
    const isWrite = cmdFlags.includes('write');
    if ((flags & CallFlags.NO_WRITES) !== 0 && isWrite) {
      return refuse(ERRNO.ENOSPC, `Write command '${cmd.name}' was called while write is not allowed.`);
    }
    if ((flags & CallFlags.SCRIPT_MODE) !== 0 && isWrite) {
      // checkGoodReplicasStatus: a master with min-replicas-to-write set has no good replicas here.
      const minReplicas = Number(config.get('min-replicas-to-write') ?? '0');
      const maxLag = Number(config.get('min-replicas-max-lag') ?? '0');
      if (minReplicas > 0 && maxLag > 0) return { errno: ERRNO.ESPIPE, reply: NOREPLICAS_ERROR };
    }
    if ((flags & CallFlags.CHECK_ACL) !== 0) {
      if ((flags & CallFlags.NO_CLIENT) !== 0) {
        return refuse(ERRNO.ENOTSUP, "cannot run as user, no user directly attached to context or context's client");
      }
      // Every client runs as the default user, which may run everything: nothing to refuse (EACCES).
    }
    return null;
  }

  /**
   * The table's lookup, with a one-entry cache of our own: the table's cache
   * holds the name of the module command that is calling, so the called
   * name would miss it every time. A cached command is checked to still be
   * the table's (MODULE UNLOAD removes commands).
   */
  private lookup(name: Buffer): Command | undefined {
    const last = this.lastName;
    const cached = this.lastCommand;
    if (cached !== undefined && name.length === last.length) {
      let i = 0;
      while (i < name.length && name[i] === last[i]) i++;
      if (i === name.length && this.server.commands.lookupString(cached.name) === cached) return cached;
    }
    const found = this.server.commands.lookup(name);
    if (found !== undefined) {
      this.lastName = Buffer.from(name);
      this.lastCommand = found;
    }
    return found;
  }

  /** server.pre_command_oom_state: only with a maxmemory, measured as INFO's used_memory. */
  private outOfMemory(): boolean {
    const limit = this.server.config.maxmemory;
    if (limit <= 0n) return false;
    const mem = process.memoryUsage();
    return BigInt(mem.heapUsed + mem.external) > limit;
  }

  private acquire(db: number, resp: 2 | 3): Client {
    let client = this.pool.pop();
    if (client === undefined) {
      client = this.server.createDetachedClient();
      // CLIENT_DENY_BLOCKING: blocking commands answer as if their timeout expired.
      Object.defineProperty(client, 'denyBlocking', { get: () => true });
      client.setAuthenticated(true);
    }
    client.dbIndex = db;
    client.protocol = resp;
    return client;
  }

  /**
   * Back to the pool, unless the command left connection state behind
   * (MULTI, WATCH, SUBSCRIBE, MONITOR, a name, CLIENT REPLY, QUIT): Redis
   * clears that state on release, here such a client is dropped instead.
   */
  private release(client: Client): void {
    const server = this.server;
    const dirty =
      client.multi !== null ||
      client.watched.size > 0 ||
      client.subscriptions !== null ||
      client.name !== null ||
      client.replyMode !== 'on' ||
      client.closeAfterReply ||
      server.monitor.has(client);
    if (dirty) {
      client.multi = null;
      server.unwatchAll(client);
      server.unlinkClient(client);
      return;
    }
    if (this.pool.length < POOL_LIMIT) this.pool.push(client);
  }

  private record(db: number, args: Buffer[], flags: number): void {
    this.propagationRequests++;
    const listener = this.onPropagate;
    if (listener === null) return;
    listener({
      db,
      argv: args.map((a) => Buffer.from(a)),
      aof: (flags & CallFlags.NO_AOF) === 0,
      replicas: (flags & CallFlags.NO_REPLICAS) === 0,
    });
  }
}

/** callReplyCreateError: a plain message becomes "-ERR <msg>\r\n". */
function refuse(errno: number, message: string): { errno: number; reply: string } {
  return { errno, reply: `-ERR ${message.replace(/[\r\n]/g, ' ')}\r\n` };
}

/** An argument as Redis's %.Ns prints it in errors: at most `max` bytes, newlines as spaces. */
function quoted(arg: Buffer, max: number): string {
  return (arg.length > max ? arg.subarray(0, max) : arg).toString('latin1').replace(/[\r\n]/g, ' ');
}

function unknownCommand(args: Buffer[]): string {
  let rest = '';
  for (let i = 1; i < args.length && rest.length < 128; i++) rest += `'${quoted(args[i], 128 - rest.length)}' `;
  return `unknown command '${quoted(args[0], 128)}', with args beginning with: ${rest}`;
}
