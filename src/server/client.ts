// One connection (or an in-process caller with no socket). Replies of a
// whole read are gathered in the client's ReplyWriter and written once, so a
// pipelined batch costs one socket write.
import type { Socket } from 'node:net';
import { RequestParser } from '../resp/request-parser';
import { ReplyWriter } from '../resp/reply-writer';
import type { Context } from '../commands/table';
import type { Database } from '../keyspace/keyspace';
import type { Server } from './server';
import type { BlockRequest } from './blocking';
import type { ClientSubscriptions } from './pubsub';

export type ReplyMode = 'on' | 'off' | 'skip';

export class Client {
  readonly reply: ReplyWriter;
  /** Reused for every command of this client: no allocation per command. */
  readonly ctx: Context;
  name: Buffer | null = null;
  dbIndex = 0;
  /**
   * The selected database, looked up by index each time: SWAPDB swaps the
   * keyspace's databases and every client (socket, in-process, module
   * context) sees the swap at once.
   */
  get db(): Database {
    return this.server.keyspace.dbs[this.dbIndex];
  }
  authenticated: boolean;
  user = 'default';
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  /** Full name of the command being run or last run; "NULL" as in Redis before any. */
  lastCommand = 'NULL';
  /** The request being executed, for CLIENT LIST's qbuf and argv-mem. */
  currentArgv: Buffer[] | null = null;
  /** QUIT, protocol errors, CLIENT KILL of oneself: stop reading, flush, then close. */
  closeAfterReply = false;
  closed = false;
  replyMode: ReplyMode = 'on';
  /** The queued transaction between MULTI and EXEC/DISCARD; null outside one. */
  multi: { queue: Buffer[][]; dirty: boolean } | null = null;
  /** True while EXEC replays the queue (modules see REDISMODULE_CTX_FLAGS_MULTI). */
  inExec = false;
  /** WATCHed keys ("db\0key" -> expired when watched), and whether one changed since. */
  readonly watched = new Map<string, boolean>();
  dirtyCas = false;
  /** Set while the client waits on keys (src/server/blocking.ts). */
  blocked: BlockRequest | null = null;
  /** Pub/sub subscriptions (src/server/pubsub.ts); null while the client listens to nothing. */
  subscriptions: ClientSubscriptions | null = null;
  /** Called once when a blocked in-process client is served or times out. */
  onUnblocked: (() => void) | null = null;
  noEvict = false;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;

  private readonly parser: RequestParser | null;

  constructor(
    readonly server: Server,
    readonly id: number,
    readonly socket: Socket | null,
  ) {
    this.reply = new ReplyWriter();
    this.authenticated = server.requiresAuth() === false;
    this.ctx = { server, client: this, argv: [], reply: this.reply };
    if (socket !== null) {
      this.addr = formatAddress(socket.remoteAddress, socket.remotePort);
      this.laddr = formatAddress(socket.localAddress, socket.localPort);
      // Node keeps the descriptor on the internal handle only; it is what Redis shows as fd.
      const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
      this.fd = typeof handle?.fd === 'number' ? handle.fd : -1;
      this.parser = new RequestParser({
        authRequired: !this.authenticated,
        maxBulkLen: server.config.protoMaxBulkLen,
      });
      socket.setNoDelay(true);
      socket.on('data', this.onData);
      socket.on('error', this.onSocketError);
      socket.on('close', this.onClose);
    } else {
      this.addr = '';
      this.laddr = '';
      this.fd = -1;
      this.parser = null;
    }
  }

  get protocol(): 2 | 3 {
    return this.reply.protocol;
  }

  set protocol(value: 2 | 3) {
    this.reply.protocol = value;
  }

  /** false: back to unauthenticated (RESET when a password is required). */
  setAuthenticated(authenticated = true): void {
    this.authenticated = authenticated;
    if (this.parser !== null) this.parser.authRequired = !authenticated;
  }

  /** Loopback or in-process: what enable-*-command "local" allows. */
  isLocal(): boolean {
    const socket = this.socket;
    if (socket === null) return true;
    const host = socket.remoteAddress ?? '';
    return host === '127.0.0.1' || host === '::1' || host === '::ffff:127.0.0.1';
  }

  /** Blocking commands inside MULTI/EXEC (and, later, scripts) reply at once instead of waiting. */
  get denyBlocking(): boolean {
    return this.inExec;
  }

  /** A blocked client reads no further commands until it is served. */
  pauseInput(): void {
    this.parser?.pause();
  }

  /** Runs the requests that arrived while the client was blocked. */
  resumeInput(): void {
    const notify = this.onUnblocked;
    this.onUnblocked = null;
    notify?.();
    if (this.parser === null || this.closed) return;
    this.parser.resume(this.onCommand, this.onProtocolError);
    this.flush();
  }

  selectDb(index: number): void {
    this.dbIndex = index;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.closeAfterReply) return;
    this.lastInteraction = Date.now();
    this.parser!.feed(chunk, this.onCommand, this.onProtocolError);
    this.flush();
  };

  private readonly onCommand = (argv: Buffer[]): void => {
    if (this.closeAfterReply) return;
    this.server.dispatch(this, argv);
  };

  private readonly onProtocolError = (message: string): void => {
    if (this.closeAfterReply) return;
    this.reply.error(message.startsWith('Protocol error') ? `ERR ${message}` : `ERR Protocol error: ${message}`);
    this.server.logger.log('verbose', `Protocol error (${message}) from client: ${this.describe()}`);
    this.closeAfterReply = true;
  };

  private readonly onSocketError = (): void => {
    // A reset peer is routine; 'close' follows and does the cleanup.
  };

  private readonly onClose = (): void => {
    this.closed = true;
    this.server.blocking.unblock(this);
    this.server.unwatchAll(this);
    this.server.unlinkClient(this);
  };

  /** Sends what the handlers wrote; closes when the client asked to be closed. */
  flush(): void {
    const socket = this.socket;
    if (socket === null || this.closed) return;
    if (this.reply.length > 0) socket.write(this.reply.take());
    if (this.closeAfterReply) {
      this.closed = true;
      socket.end();
      socket.destroySoon();
      this.server.unlinkClient(this);
    }
  }

  /** Closes at once, dropping pending output (CLIENT KILL of another client, SHUTDOWN). */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeAfterReply = true;
    this.socket?.destroy();
    this.server.unlinkClient(this);
  }

  /** The CLIENT LIST / CLIENT INFO line (without the trailing newline). */
  describe(now: number = Date.now()): string {
    const argv = this.currentArgv;
    const argvMem = argv === null ? 0 : argvMemory(argv);
    const qbuf = (argv === null ? 0 : requestSize(argv)) + (this.parser?.pending ?? 0);
    // Redis's query buffer grows to 20474 usable bytes for a normal request.
    const qbufFree = qbuf > 0 ? Math.max(0, 20474 - qbuf) : 0;
    const outputBytes = this.reply.length;
    const totMem = 22298 + (qbuf > 0 ? 20474 : 0) + argvMem + 16384 + outputBytes;
    const name = this.name === null ? '' : this.name.toString('latin1');
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd} name=${name}` +
      ` age=${Math.floor((now - this.createdAt) / 1000)} idle=${Math.floor((now - this.lastInteraction) / 1000)}` +
      ` flags=${this.flagString()} db=${this.dbIndex} sub=${this.subscriptions?.channels.size ?? 0}` +
      ` psub=${this.subscriptions?.patterns.size ?? 0} ssub=${this.subscriptions?.shardChannels.size ?? 0} multi=-1` +
      ` qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem} multi-mem=0 rbs=16384 rbp=16384` +
      ` obl=${outputBytes} oll=0 omem=0 tot-mem=${totMem} events=r cmd=${this.lastCommand}` +
      ` user=${this.user} redir=-1 resp=${this.protocol}`
    );
  }

  private flagString(): string {
    let flags = '';
    if (this.server.monitor.has(this)) flags += 'O';
    if (this.subscriptions !== null) flags += 'P';
    if (this.closeAfterReply) flags += 'c';
    if (this.noEvict) flags += 'e';
    return flags === '' ? 'N' : flags;
  }
}

function formatAddress(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '?:0';
  // Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; Redis shows a.b.c.d.
  const plain = host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
  return plain.includes(':') ? `[${plain}]:${port ?? 0}` : `${plain}:${port ?? 0}`;
}

/** Bytes of the arguments themselves (CLIENT LIST argv-mem). */
function argvMemory(argv: Buffer[]): number {
  let n = 0;
  for (let i = 0; i < argv.length; i++) n += argv[i].length;
  return n;
}

/** Bytes of the request as sent in RESP (CLIENT LIST qbuf while it runs). */
function requestSize(argv: Buffer[]): number {
  let n = 3 + digitCount(argv.length);
  for (let i = 0; i < argv.length; i++) {
    const len = argv[i].length;
    n += 5 + digitCount(len) + len;
  }
  return n;
}

function digitCount(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits;
}
