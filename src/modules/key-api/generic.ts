// Generic key operations (native/api/db_keys.cc): open, close, type,
// length, delete, expiry, existence, database size, random key, reset.
import type { RedisValue } from '../../keyspace/keyspace';
import {
  ERR,
  keyTypeOf,
  NUM_ARGS,
  NUM_RESULT,
  OK,
  OPEN_KEY_NOTOUCH,
  WRITE,
  type KeyApiContext,
  type KeyCall,
  type KeyOpTable,
  type OpenKey,
} from './call';

/** Operation numbers: native/api/db_keys.cc's GenericOp. */
export const GenericOp = {
  OpenKey: 0,
  // 1 was CloseKey's own crossing: closed keys now come through KeyIo.closing (KeyApi.finishClosed).
  KeyType: 2,
  ValueLength: 3,
  DeleteKey: 4,
  UnlinkKey: 5,
  GetExpire: 6,
  SetExpire: 7,
  GetAbsExpire: 8,
  SetAbsExpire: 9,
  KeyExists: 10,
  ResetDataset: 11,
  DbSize: 12,
  RandomKey: 13,
  SignalModifiedKey: 14,
  AttachKey: 15,
  FinishClosed: 16,
} as const;

const NO_EXPIRE = -1;

/** RedisModule_ValueLength: bytes of a string, elements of the rest, 0 for module values. */
export function valueLength(value: RedisValue | undefined): number {
  if (value === undefined) return 0;
  if (value instanceof Uint8Array) return value.length;
  switch (value.type) {
    case 'list':
      return value.length;
    case 'hash':
    case 'set':
    case 'zset':
      return value.size;
    case 'stream':
      return value.length;
    case 'module':
      return 0;
  }
}

/** A lookup with the access time left alone when `noTouch` (OPEN_KEY_NOTOUCH, KeyExists). */
function withNoTouch<T>(api: KeyApiContext, noTouch: boolean, lookup: () => T): T {
  const keyspace = api.keyspace;
  const saved = keyspace.noTouch;
  if (noTouch) keyspace.noTouch = true;
  try {
    return lookup();
  } finally {
    keyspace.noTouch = saved;
  }
}

function setDeadline(call: KeyCall, absolute: boolean): void {
  const rec = call.openKey;
  const expire = call.num[NUM_ARGS];
  if (rec.entry === undefined) {
    call.num[NUM_RESULT] = ERR;
    return;
  }
  const at = expire === NO_EXPIRE ? 0 : absolute ? expire : Date.now() + expire;
  rec.db.setExpiry(rec.key, at);
  call.num[NUM_RESULT] = OK;
}

/**
 * RedisModule_OpenKey: the lookup of a read or a write command, then a
 * record. A write opens even a missing key; a read of a missing key is a
 * miss (stats, 'keymiss' event) and no record, as lookupKeyRead in Redis.
 */
export function openKey(api: KeyApiContext, dbIndex: number, key: string, mode: number): OpenKey | undefined {
  const db = api.keyspace.db(dbIndex);
  const entry = withNoTouch(api, (mode & OPEN_KEY_NOTOUCH) !== 0, () =>
    (mode & WRITE) !== 0 ? db.lookupWrite(key) : db.lookupRead(key),
  );
  if (entry === undefined && (mode & WRITE) === 0) return undefined;
  return api.open(db.index, key, mode);
}

/**
 * DeleteKey / UnlinkKey: the value goes, the key stays open and empty.
 * Redis keeps a list's iterator across DeleteKey, and a StringSet after that
 * fails its assertion and stops the server; here the iterator goes with the
 * value.
 */
function deleteValue(call: KeyCall): void {
  const rec = call.openKey;
  if (rec.entry !== undefined) rec.db.delete(rec.key);
  rec.iterator = undefined;
  call.num[NUM_RESULT] = OK;
}

export const genericOps: KeyOpTable = {
  [GenericOp.OpenKey](call, api) {
    const num = call.num;
    const rec = openKey(api, num[NUM_ARGS], call.argLatin1(0), num[NUM_ARGS + 1]);
    if (rec === undefined) {
      num[NUM_RESULT] = -1;
      return;
    }
    call.key = rec;
    num[NUM_RESULT] = rec.slot;
  },

  [GenericOp.AttachKey](call, api) {
    const num = call.num;
    const db = api.keyspace.db(num[NUM_ARGS]);
    const key = call.argLatin1(0);
    num[NUM_RESULT] = db.entries.has(key) ? api.open(db.index, key, num[NUM_ARGS + 1]).slot : -1;
  },

  // The dispatcher finishes closed keys before every operation: this one
  // exists for contexts that end with keys to finish and nothing else to do.
  [GenericOp.FinishClosed]() {},

  [GenericOp.KeyType](call) {
    call.num[NUM_RESULT] = keyTypeOf(call.openKey.value);
  },

  [GenericOp.ValueLength](call) {
    call.num[NUM_RESULT] = valueLength(call.openKey.value);
  },

  [GenericOp.DeleteKey]: deleteValue,
  // UNLINK's background free makes no difference here.
  [GenericOp.UnlinkKey]: deleteValue,

  [GenericOp.GetExpire](call) {
    const entry = call.openKey.entry;
    if (entry === undefined || entry.expiresAt === 0) {
      call.num[NUM_RESULT] = NO_EXPIRE;
      return;
    }
    call.num[NUM_RESULT] = Math.max(0, entry.expiresAt - Date.now());
  },

  [GenericOp.SetExpire](call) {
    setDeadline(call, false);
  },

  [GenericOp.GetAbsExpire](call) {
    const entry = call.openKey.entry;
    call.num[NUM_RESULT] = entry === undefined || entry.expiresAt === 0 ? NO_EXPIRE : entry.expiresAt;
  },

  [GenericOp.SetAbsExpire](call) {
    setDeadline(call, true);
  },

  [GenericOp.KeyExists](call, api) {
    const db = api.keyspace.db(call.num[NUM_ARGS]);
    const key = call.argLatin1(0);
    call.num[NUM_RESULT] = withNoTouch(api, true, () => db.lookupRead(key)) === undefined ? 0 : 1;
  },

  [GenericOp.ResetDataset](_call, api) {
    api.keyspace.flushAll();
  },

  [GenericOp.DbSize](call, api) {
    call.num[NUM_RESULT] = api.keyspace.db(call.num[NUM_ARGS]).size;
  },

  [GenericOp.RandomKey](call, api) {
    const key = api.keyspace.db(call.num[NUM_ARGS]).randomKey();
    if (key !== undefined) call.out(Buffer.from(key, 'latin1'));
  },

  [GenericOp.SignalModifiedKey](call, api) {
    const db = api.keyspace.db(call.num[NUM_ARGS]);
    db.modified(call.argLatin1(0));
  },
};
