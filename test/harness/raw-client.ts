// A socket client that hands back each reply as the exact bytes the server
// sent: the differential tests compare those bytes, so nothing may be decoded
// and re-encoded on the way. Frame boundaries come from the project's own
// ReplyFramer (src/resp/reply-parser.ts).
import net from 'node:net';
import { ReplyFramer } from '../../src/resp/reply-parser';

export type CommandArg = string | Buffer | number;

/** Encodes a command as a RESP multibulk request. */
export function encodeCommand(args: readonly CommandArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

interface PendingReply {
  resolve(frame: Buffer): void;
  reject(error: Error): void;
}

export class RawClient {
  private readonly framer = new ReplyFramer();
  /** Frames that arrived with nobody waiting (pushes, pipelined extras). */
  private readonly unclaimed: Buffer[] = [];
  private readonly waiting: PendingReply[] = [];
  private closedError: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: Error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RawClient(socket));
      });
      socket.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends one command and resolves with the bytes of its reply frame. */
  send(args: readonly CommandArg[], timeoutMs = 10000): Promise<Buffer> {
    return this.sendRaw(encodeCommand(args), timeoutMs);
  }

  /** Writes every command in one write (a pipeline) and resolves with their replies in order. */
  sendMany(commands: ReadonlyArray<readonly CommandArg[]>, timeoutMs = 10000): Promise<Buffer[]> {
    const replies = commands.map(() => this.nextFrame(timeoutMs));
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  /** Writes bytes as they are (inline commands, malformed requests) and awaits one frame. */
  sendRaw(request: Buffer | string, timeoutMs = 10000): Promise<Buffer> {
    const reply = this.nextFrame(timeoutMs);
    this.socket.write(request);
    return reply;
  }

  /** The next frame, whether or not a command was sent for it (e.g. a push). */
  nextFrame(timeoutMs = 10000): Promise<Buffer> {
    const ready = this.unclaimed.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const entry: PendingReply = {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      // Copied: the framer's views share its internal storage.
      const owned = Buffer.from(frame);
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(owned);
      else this.unclaimed.push(owned);
    }
  }

  private fail(error: Error): void {
    if (!this.closedError) this.closedError = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
