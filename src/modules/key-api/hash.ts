// Hash operations of the key API (native/api/keys_hash.cc): HashSet and
// HashGet, each one crossing for all of its field/value pairs.
import { hashLimits } from '../../commands/hashes';
import { HashValue } from '../../keyspace/hash';
import { ERR, NUM_ARGS, NUM_RESULT, OK, type KeyOpTable } from './call';

/** Operation numbers: native/api/keys_hash.cc's HashOp. */
export const HashOp = {
  HashSet: 50,
  HashGet: 51,
} as const;

/** REDISMODULE_HASH_* bits (redismodule.h). */
const HASH_NX = 1 << 0;
const HASH_XX = 1 << 1;
const HASH_COUNT_ALL = 1 << 4;

/** HashSet's verdict in num[3]: native code turns it into errno. */
const STATUS_OK = 0;
const STATUS_WRONG_TYPE = 1;
const STATUS_NOT_WRITABLE = 2;

/** Per-pair kinds in HashSet's first input string. */
const PAIR_DELETE = 1;

export const hashOps: KeyOpTable = {
  /**
   * in: num[3] flags; input 0 = one kind byte per pair, then field, value
   * for each pair (a deleted pair's value is empty). out: num[0] the count,
   * num[3] a STATUS_*.
   */
  [HashOp.HashSet](call, api) {
    const num = call.num;
    const rec = call.openKey;
    const flags = num[NUM_ARGS];
    const current = rec.value;
    num[NUM_RESULT] = 0;
    if (current !== undefined && !(current instanceof HashValue)) {
      num[NUM_ARGS] = STATUS_WRONG_TYPE;
      return;
    }
    if (!rec.writable) {
      num[NUM_ARGS] = STATUS_NOT_WRITABLE;
      return;
    }
    num[NUM_ARGS] = STATUS_OK;
    // As Redis, an empty key becomes a hash for the length of the call and
    // is deleted again if nothing was stored.
    const hash = current ?? new HashValue();
    const kinds = call.arg(0);
    const limits = hashLimits(api.server.config);
    const nx = (flags & HASH_NX) !== 0;
    const xx = (flags & HASH_XX) !== 0;
    const countAll = (flags & HASH_COUNT_ALL) !== 0;
    let count = 0;
    for (let pair = 0; pair < kinds.length; pair++) {
      const field = call.argView(1 + pair * 2);
      if (nx || xx) {
        const exists = hash.has(field);
        if ((xx && !exists) || (nx && exists)) continue;
      }
      if (kinds[pair] === PAIR_DELETE) {
        if (hash.delete(field)) count++;
        continue;
      }
      const isNew = hash.set(field, call.arg(2 + pair * 2), limits);
      if (countAll || !isNew) count++;
    }
    num[NUM_RESULT] = count;
    if (current === undefined) {
      if (hash.size > 0) rec.db.add(rec.key, hash);
    } else if (hash.size === 0) {
      rec.db.delete(rec.key);
    }
  },

  /**
   * in: num[3] 1 for HASH_EXISTS; the field names. out: num[0] OK / ERR;
   * output 0 = one byte per field (1 = present), then the present values
   * (none when only existence was asked).
   */
  [HashOp.HashGet](call) {
    const num = call.num;
    const current = call.openKey.value;
    if (current !== undefined && !(current instanceof HashValue)) {
      num[NUM_RESULT] = ERR;
      return;
    }
    const existsOnly = num[NUM_ARGS] !== 0;
    const fields = call.inputCount;
    const presence = Buffer.alloc(fields);
    const values: Buffer[] = [];
    if (current !== undefined) {
      for (let i = 0; i < fields; i++) {
        const value = current.get(call.argView(i));
        if (value === undefined) continue;
        presence[i] = 1;
        if (!existsOnly) values.push(value);
      }
    }
    num[NUM_RESULT] = OK;
    if (fields === 0) return;
    call.out(presence);
    for (const value of values) call.out(value);
  },
};
