// String key operations (native/api/keys_string.cc): StringSet, StringDMA,
// StringTruncate. The key API publishes no keyspace event and signals no
// modification itself: CloseKey of a key opened for writing does (WATCH).
import {
  editableString,
  newRawString,
  shortenString,
  storeWithoutIntEncoding,
} from '../../keyspace/string';
import { ERR, NUM_ARGS, NUM_RESULT, OK, type KeyCall, type KeyOpTable, type OpenKey } from './call';
import { ListCursor } from './list';

/** Operation numbers: native/api/keys_string.cc's StringOp. */
export const StringOp = {
  StringSet: 30,
  StringDMA: 31,
  StringTruncate: 32,
} as const;

/** StringDMA's num[0]: keys_string.cc's DmaResult. */
const DMA_WRONG_TYPE = 0;
const DMA_VALUE = 1;
const DMA_EMPTY_KEY = 2;

/**
 * Whether the key has an active iterator, which makes StringSet fail as in
 * Redis: key->iter, set by a list access by index and by a stream
 * iteration (a sorted-set range lives elsewhere in Redis's key).
 */
function hasKeyIterator(rec: OpenKey): boolean {
  if (rec.iterator === undefined) return false;
  if (rec.iterator instanceof ListCursor) return true;
  const value = rec.value;
  return value !== undefined && !(value instanceof Uint8Array) && value.type === 'stream';
}

export const stringOps: KeyOpTable = {
  [StringOp.StringSet](call: KeyCall) {
    const rec = call.openKey;
    if (hasKeyIterator(rec)) {
      call.num[NUM_RESULT] = ERR;
      return;
    }
    // Redis deletes the old value (and its expiry), then adds the module's
    // string object as it is: never int-encoded, "embstr" up to 44 bytes.
    const value = storeWithoutIntEncoding(call.arg(0));
    const db = rec.db;
    if (db.lookup(rec.key) !== undefined) db.delete(rec.key);
    db.add(rec.key, value);
    call.num[NUM_RESULT] = OK;
  },

  [StringOp.StringDMA](call: KeyCall) {
    const rec = call.openKey;
    const entry = rec.entry;
    if (entry === undefined) {
      call.num[NUM_RESULT] = DMA_EMPTY_KEY;
      return;
    }
    if (!(entry.value instanceof Uint8Array)) {
      call.num[NUM_RESULT] = DMA_WRONG_TYPE;
      return;
    }
    // Redis unshares the value for writing, and for reading too when it is
    // not already raw (decoding an int or embstr): either way it ends "raw".
    // A raw value is made the key's own too (no copy once it is): its
    // memory then ends with the NUL an sds has.
    const value = editableString(entry, (entry.value as Buffer).length);
    call.num[NUM_RESULT] = DMA_VALUE;
    call.outOwned(value);
  },

  [StringOp.StringTruncate](call: KeyCall) {
    const rec = call.openKey;
    const length = call.num[NUM_ARGS];
    const entry = rec.entry;
    if (entry === undefined) {
      if (length > 0) newRawString(rec.db.add(rec.key, Buffer.alloc(0)), length);
      call.num[NUM_RESULT] = OK;
      return;
    }
    if (!(entry.value instanceof Uint8Array)) {
      call.num[NUM_RESULT] = ERR;
      return;
    }
    const current = (entry.value as Buffer).length;
    if (length >= current) editableString(entry, length);
    else shortenString(entry, length);
    call.num[NUM_RESULT] = OK;
  },
};
