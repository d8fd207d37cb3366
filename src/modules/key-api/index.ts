// The JS side of the module key API: the open keys of every module, and one
// dispatcher for the operations native code sends through bridgeKeyOp
// (native/core/bridge.h). Each family of operations has its own file, with
// the numbers its native/api/<family>.cc uses.
import type { Keyspace } from '../../keyspace/keyspace';
import type { Server } from '../../server/server';
import {
  KeyCall,
  NUM_ERRNO,
  NUM_KEY_LENGTH,
  NUM_KEY_TYPE,
  NUM_RESULT,
  NUM_SLOT,
  OpenKey,
  keyTypeOf,
  type KeyApiContext,
  type KeyIoMemory,
  type KeyOpTable,
  type KeyOpHandler,
} from './call';
import { genericOps, valueLength } from './generic';
import { stringOps } from './string';
import { listOps } from './list';
import { hashOps } from './hash';
import { zsetOps } from './zset';
import { streamOps } from './stream';
import { scanOps } from './scan';
import { eventOps, KeyspaceEventForwarder } from './events';

export { OpenKey, KeyCall };

/** The ranges are native/core/bridge.h's kKeyOps*; the table covers them all. */
const OP_COUNT = 128;

export class KeyApi implements KeyApiContext {
  private readonly handlers: Array<KeyOpHandler | undefined> = new Array<KeyOpHandler | undefined>(OP_COUNT);
  /** Open keys by slot; freed slots are reused (lowest last freed first). */
  private readonly keys: Array<OpenKey | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** One KeyCall per nesting depth: an operation may run inside another (keyspace events). */
  private readonly calls: KeyCall[] = [];
  private depth = 0;
  readonly events: KeyspaceEventForwarder;

  constructor(
    readonly server: Server,
    private readonly io: KeyIoMemory,
    keyspaceEvent: (type: number, event: string, key: Buffer, db: number) => void,
  ) {
    for (const table of [genericOps, stringOps, listOps, hashOps, zsetOps, streamOps, scanOps, eventOps])
      this.register(table);
    this.events = new KeyspaceEventForwarder(server, keyspaceEvent);
  }

  get keyspace(): Keyspace {
    return this.server.keyspace;
  }

  private register(table: KeyOpTable): void {
    for (const [op, handler] of Object.entries(table)) {
      const n = Number(op);
      if (this.handlers[n] !== undefined) throw new Error(`key operation ${n} registered twice`);
      this.handlers[n] = handler;
    }
  }

  /** A new open key (OpenKey, or Scan's handle on a key). */
  open(db: number, key: string, mode: number): OpenKey {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.keys.length;
    const rec = new OpenKey(slot, this.keyspace.db(db), key, mode);
    this.keys[slot] = rec;
    return rec;
  }

  close(rec: OpenKey): void {
    if (this.keys[rec.slot] !== rec) return;
    this.keys[rec.slot] = undefined;
    this.freeSlots.push(rec.slot);
  }

  /**
   * Finishes the keys native code closed since the last time (RM_CloseKey
   * only records them): frees their slots and tells WATCH of those written.
   */
  finishClosed(): void {
    const closing = this.io.closing;
    const count = closing[0];
    if (count === 0) return;
    // Read in place: what runs from here (WATCH, tracking) is JavaScript
    // only, so native code cannot close more keys before the loop ends.
    closing[0] = 0;
    for (let i = 1; i <= count; i++) {
      const entry = closing[i];
      const rec = this.keys[entry >> 1];
      if (rec === undefined) continue;
      this.close(rec);
      if ((entry & 1) !== 0) rec.db.modified(rec.key);
    }
  }

  /** How many keys modules hold open (tests check that nothing leaks). */
  get openCount(): number {
    this.finishClosed();
    return this.keys.length - this.freeSlots.length;
  }

  /**
   * NativeBridge.key: runs the operation num[0] with num[1] input strings
   * (in `overflow` when they did not fit the shared memory); returns its
   * output strings' count (shared) or the strings.
   */
  dispatch(overflow?: Buffer[]): number | Buffer[] {
    const num = this.io.num;
    const op = num[NUM_RESULT];
    const nin = num[NUM_ERRNO];
    const handler = this.handlers[op];
    if (handler === undefined) throw new Error(`unknown key operation ${op}`);
    if (this.io.closing[0] !== 0) this.finishClosed();
    const slot = num[NUM_SLOT];
    let key: OpenKey | undefined;
    if (slot >= 0) {
      key = this.keys[slot];
      if (key === undefined) throw new Error(`key operation ${op} on a closed key (slot ${slot})`);
    }
    num[NUM_RESULT] = 0;
    num[NUM_ERRNO] = 0;
    const depth = this.depth++;
    let call = this.calls[depth];
    if (call === undefined) {
      call = new KeyCall(this.io);
      this.calls[depth] = call;
    }
    call.reset(nin, overflow ?? null, key);
    try {
      handler(call, this);
      // The key's state after the operation: native code answers KeyType
      // and ValueLength from it until JS runs again.
      const rec = call.key;
      if (rec !== undefined) {
        const value = rec.value;
        num[NUM_KEY_TYPE] = keyTypeOf(value);
        num[NUM_KEY_LENGTH] = valueLength(value);
      }
      return call.finish();
    } finally {
      this.depth--;
    }
  }
}
