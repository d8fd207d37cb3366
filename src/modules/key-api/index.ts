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
  NUM_OPEN_DB,
  NUM_OPEN_MODE,
  NUM_OPENED_SLOT,
  NUM_RESULT,
  NUM_SLOT,
  NUM_SLOT_OPEN_FIRST,
  OpenKey,
  keyTypeOf,
  type KeyApiContext,
  type KeyIoMemory,
  type KeyOpTable,
  type KeyOpHandler,
} from './call';
import { genericOps, openKey, valueLength } from './generic';
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
    this.events = new KeyspaceEventForwarder(server, (type, event, key, db) =>
      this.deliverEvent(keyspaceEvent, type, event, key, db),
    );
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

  /**
   * Hands a keyspace event to the subscribed modules. An event fired in the
   * middle of a key operation (a lookup that expires a key) runs module
   * code that uses the shared memory too: the strings of the operation in
   * progress are kept aside and put back (native code does the same for
   * the numbers).
   */
  private deliverEvent(
    deliver: (type: number, event: string, key: Buffer, db: number) => void,
    type: number,
    event: string,
    key: Buffer,
    db: number,
  ): void {
    if (this.depth === 0) {
      deliver(type, event, key, db);
      return;
    }
    const { strings, bytes } = this.calls[this.depth - 1].sharedExtent();
    const savedLens = this.io.lens.slice(0, strings);
    const savedBytes = Buffer.from(this.io.bytes.subarray(0, bytes));
    try {
      deliver(type, event, key, db);
    } finally {
      this.io.lens.set(savedLens);
      savedBytes.copy(this.io.bytes, 0);
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

  /** How many keys modules hold open, closed ones finished first (tests check that nothing leaks). */
  openKeyCount(): number {
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
      if (slot === NUM_SLOT_OPEN_FIRST) {
        // A key opened for writing, opened now by its first operation. The
        // lookup may fire an event that runs module code: deliverEvent keeps
        // this operation's inputs safe meanwhile.
        const rec = openKey(this, num[NUM_OPEN_DB], call.argLatin1(0), num[NUM_OPEN_MODE])!;
        call.key = rec;
        call.skipFirstInput();
        handler(call, this);
        num[NUM_OPENED_SLOT] = rec.slot;
      } else {
        handler(call, this);
      }
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
