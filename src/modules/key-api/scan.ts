// RedisModule_Scan and RedisModule_ScanKey (native/api/scan.cc): the
// iteration state of each cursor, handed out a batch per call.
//
// Redis walks its hash tables with dictScan, which guarantees that an element
// present from the first call to the last is returned at least once. Here:
// - a database is walked with an iterator of its Map, which stays valid
//   across inserts and deletes and visits every live key once;
// - a hash, set or sorted set keeps its elements in arrays whose order a
//   delete may shuffle (the last element moves into the hole), so the scan
//   takes a snapshot of the element names on its first call and checks each
//   one still exists when its batch is handed out.
import type { Database, HashValue, SetValue, SortedSet } from '../../keyspace/keyspace';
import { formatScore } from '../../keyspace/zset';
import { NUM_ARGS, NUM_RESULT, type KeyOpTable } from './call';

/** Operation numbers: native/api/scan.cc's ScanOp. */
export const ScanOp = {
  ScanBatch: 100,
  ScanKeyBatch: 101,
  ScanRelease: 102,
} as const;

const NUM_STATE = NUM_ARGS;
const NUM_DB = NUM_ARGS + 1;
const NUM_PAIRED = NUM_ARGS + 1;
const NUM_MORE = NUM_ARGS + 2;

/** ScanKey's results for native code (num[0]). */
const SCAN_KEY_OK = 0;
const SCAN_KEY_EINVAL = -1;
const SCAN_KEY_ENOENT = -3;
/** num[3] from native code: the cursor already finished. */
const CURSOR_DONE = -1;

/**
 * Keys per RM_Scan call. Redis hands out one dictScan bucket per call; a
 * larger batch only means fewer crossings, and the module loops until 0.
 */
const KEYS_PER_BATCH = 64;
/** Elements per RM_ScanKey call (Redis hands out a whole listpack-sized value at once). */
const ELEMENTS_PER_BATCH = 128;

interface KeyspaceScan {
  readonly kind: 'keys';
  readonly db: Database;
  readonly keys: Iterator<string>;
  /** The next key, read ahead to tell whether any remain. */
  pending: IteratorResult<string>;
}

interface ElementScan {
  readonly kind: 'elements';
  /** The value the snapshot was taken of: a cursor moved to another value starts over. */
  readonly value: HashValue | SetValue | SortedSet;
  /** Hash fields / set members as Buffers, sorted-set members as latin1 keys. */
  readonly names: ReadonlyArray<Buffer | string>;
  next: number;
}

type ScanState = KeyspaceScan | ElementScan;

/** Iteration states by id; native cursors hold the id. Ids start at 1 (0 = none). */
const states = new Map<number, ScanState>();
let lastStateId = 0;

function keep(state: ScanState): number {
  lastStateId = lastStateId >= Number.MAX_SAFE_INTEGER ? 1 : lastStateId + 1;
  states.set(lastStateId, state);
  return lastStateId;
}

function snapshot(value: HashValue | SetValue | SortedSet): ElementScan {
  let names: Array<Buffer | string>;
  if (value.type === 'hash') names = value.fields.slice();
  else if (value.type === 'set') names = value.members.slice();
  else {
    names = new Array<string>(value.size);
    let i = 0;
    if (value.size > 0) {
      const cursor = value.cursorAt(0);
      do names[i++] = cursor.key;
      while (cursor.next());
    }
    names.length = i;
  }
  return { kind: 'elements', value, names, next: 0 };
}

export const scanOps: KeyOpTable = {
  [ScanOp.ScanBatch](call, api) {
    const num = call.num;
    let id = num[NUM_STATE];
    const db = api.keyspace.db(num[NUM_DB]);
    let state = id === 0 ? undefined : states.get(id);
    if (state === undefined || state.kind !== 'keys' || state.db !== db) {
      if (state !== undefined) states.delete(id);
      const keys = db.entries.keys();
      state = { kind: 'keys', db, keys, pending: keys.next() };
      id = keep(state);
    }
    let pending = state.pending;
    for (let n = 0; n < KEYS_PER_BATCH && pending.done !== true; n++) {
      call.out(Buffer.from(pending.value, 'latin1'));
      pending = state.keys.next();
    }
    state.pending = pending;
    if (pending.done === true) {
      states.delete(id);
      num[NUM_STATE] = 0;
      num[NUM_MORE] = 0;
    } else {
      num[NUM_STATE] = id;
      num[NUM_MORE] = 1;
    }
  },

  [ScanOp.ScanKeyBatch](call) {
    const num = call.num;
    let id = num[NUM_STATE];
    const value = call.openKey.value;
    if (value === undefined || value instanceof Uint8Array || (value.type !== 'hash' && value.type !== 'set' && value.type !== 'zset')) {
      num[NUM_RESULT] = SCAN_KEY_EINVAL;
      return;
    }
    if (id === CURSOR_DONE) {
      num[NUM_RESULT] = SCAN_KEY_ENOENT;
      return;
    }
    let state = id === 0 ? undefined : states.get(id);
    if (state === undefined || state.kind !== 'elements' || state.value !== value) {
      if (state !== undefined) states.delete(id);
      state = snapshot(value);
      id = keep(state);
    }
    const names = state.names;
    let i = state.next;
    let handed = 0;
    for (; i < names.length && handed < ELEMENTS_PER_BATCH; i++) {
      const name = names[i];
      if (value.type === 'hash') {
        const field = name as Buffer;
        const fieldValue = value.get(field);
        if (fieldValue === undefined) continue;
        call.out(field);
        call.out(fieldValue);
      } else if (value.type === 'set') {
        const member = name as Buffer;
        if (!value.has(member)) continue;
        call.out(member);
      } else {
        const key = name as string;
        const score = value.scoreOfKey(key);
        if (score === undefined) continue;
        call.out(Buffer.from(key, 'latin1'));
        call.out(Buffer.from(formatScore(score), 'latin1'));
      }
      handed++;
    }
    state.next = i;
    num[NUM_RESULT] = SCAN_KEY_OK;
    num[NUM_PAIRED] = value.type === 'set' ? 0 : 1;
    if (i >= names.length) {
      states.delete(id);
      num[NUM_STATE] = 0;
      num[NUM_MORE] = 0;
    } else {
      num[NUM_STATE] = id;
      num[NUM_MORE] = 1;
    }
  },

  [ScanOp.ScanRelease](call) {
    states.delete(call.num[NUM_STATE]);
  },
};
