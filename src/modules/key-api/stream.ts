// Stream operations of the key API (native/api/keys_stream.cc, same numbers):
// StreamAdd, StreamDelete, the stream iterator and trimming.
//
// Redis's checks come in a fixed order (EINVAL natively, then ENOTSUP for a
// missing or foreign value, then EBADF for mode or iterator state); a module
// can see which errno wins, so each operation keeps that order.
//
// IDs travel as four numbers, the 32-bit halves of ms and seq, because a
// double cannot carry 64 bits.
import { configNumber } from '../../commands/streams';
import { formatId, MAX_ID, StreamValue, type StreamId } from '../../keyspace/stream';
import type { Server } from '../../server/server';
import { ERR, NUM_ARGS, NUM_ERRNO, NUM_RESULT, OK, type KeyCall, type KeyOpTable, type OpenKey } from './call';

/** Operation numbers: native/api/keys_stream.cc's StreamOp. */
export const StreamOp = {
  Add: 80,
  Delete: 81,
  IteratorStart: 82,
  IteratorStop: 83,
  IteratorNextId: 84,
  IteratorNextField: 85,
  IteratorDelete: 86,
  TrimByLength: 87,
  TrimById: 88,
} as const;

/** Linux errno values Redis reports through the stream API. */
const ENOENT = 2;
const EBADF = 9;
const EDOM = 33;
const ERANGE = 34;
const EFBIG = 27;
const ENOTSUP = 95;

const ADD_AUTOID = 1 << 0;
const ITERATOR_EXCLUSIVE = 1 << 0;
const ITERATOR_REVERSE = 1 << 1;
const TRIM_APPROX = 1 << 0;

/** t_stream.c's STREAM_LISTPACK_MAX_SIZE: an entry's bytes above it are refused (ERANGE). */
const LISTPACK_MAX_SIZE = 1 << 30;

const M32 = 0xffffffffn;
const EMPTY = Buffer.alloc(0);
const EMPTY_FIELDS: Buffer[] = [];

function readId(num: Float64Array, at: number): StreamId {
  return (
    (BigInt(num[at]) << 96n) | (BigInt(num[at + 1]) << 64n) | (BigInt(num[at + 2]) << 32n) | BigInt(num[at + 3])
  );
}

function writeId(num: Float64Array, at: number, id: StreamId): void {
  num[at] = Number((id >> 96n) & M32);
  num[at + 1] = Number((id >> 64n) & M32);
  num[at + 2] = Number((id >> 32n) & M32);
  num[at + 3] = Number(id & M32);
}

/**
 * A running iterator (Redis keeps a streamIterator in key->iter). It holds
 * no position inside the stream's nodes, only the range still to visit, so
 * deleting the current entry or trimming meanwhile cannot leave it pointing
 * at removed data (Redis re-seeks after IteratorDelete to the same effect).
 */
class StreamIteration {
  /** No entry left (the last one returned was at the edge of the ID space). */
  exhausted = false;
  /** The entry NextID returned last; 0n: none (Redis tests 0-0 the same way). */
  current: StreamId = 0n;
  /** Its fields and values, and how many pairs NextField has not handed out. */
  fields: Buffer[] = EMPTY_FIELDS;
  fieldsLeft = 0;

  constructor(
    /** Entries still to visit are those with low <= id <= high. */
    public low: StreamId,
    public high: StreamId,
    readonly reverse: boolean,
  ) {}

  /** Forgets the current entry (no more NextField, no IteratorDelete). */
  clearCurrent(): void {
    this.current = 0n;
    this.fields = EMPTY_FIELDS;
    this.fieldsLeft = 0;
  }
}

function fail(call: KeyCall, errno: number, result: number = ERR): void {
  call.num[NUM_RESULT] = result;
  call.num[NUM_ERRNO] = errno;
}

/** The key's stream, or undefined after reporting ENOTSUP (empty key or another type). */
function streamOf(call: KeyCall, rec: OpenKey, result: number = ERR): StreamValue | undefined {
  const value = rec.value;
  if (value instanceof StreamValue) return value;
  fail(call, ENOTSUP, result);
  return undefined;
}

function iterationOf(rec: OpenKey): StreamIteration | undefined {
  return rec.iterator instanceof StreamIteration ? rec.iterator : undefined;
}

/** RM_StreamTrimByLength/ByID: streamTrim with XTRIM's default LIMIT for approximate trimming. */
function trim(call: KeyCall, server: Server, strategy: 'maxlen' | 'minid', maxlen: number, minid: StreamId): void {
  const rec = call.openKey;
  const approx = (call.num[NUM_ARGS] & TRIM_APPROX) !== 0;
  const s = streamOf(call, rec, -1);
  if (s === undefined) return;
  if (!rec.writable) return fail(call, EBADF, -1);
  const limit = approx ? 100 * configNumber(server, 'stream-node-max-entries', 100) : 0;
  call.num[NUM_RESULT] = s.trim({ strategy, maxlen, minid, approx, limit });
}

export const streamOps: KeyOpTable = {
  [StreamOp.Add](call, api) {
    const num = call.num;
    const rec = call.openKey;
    const auto = (num[NUM_ARGS] & ADD_AUTOID) !== 0;
    const wanted = auto ? 0n : readId(num, NUM_ARGS + 1);
    const value = rec.value;
    if (value !== undefined && !(value instanceof StreamValue)) return fail(call, ENOTSUP);
    if (!rec.writable) return fail(call, EBADF);
    if (!auto && wanted === 0n) return fail(call, EDOM);
    const count = call.inputCount;
    const fieldsValues = new Array<Buffer>(count);
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      fieldsValues[i] = call.arg(i);
      bytes += fieldsValues[i].length;
    }
    // Redis creates the stream before its remaining checks: a refused entry
    // can leave an empty stream behind, and the new key wakes XREAD clients.
    let s = value;
    if (s === undefined) {
      s = new StreamValue();
      rec.db.add(rec.key, s);
    }
    if (s.lastId === MAX_ID) return fail(call, EFBIG);
    let id: StreamId;
    if (auto) {
      const now = BigInt(Date.now());
      id = now > s.lastId >> 64n ? now << 64n : s.lastId + 1n;
    } else {
      if (wanted <= s.lastId) return fail(call, EDOM);
      id = wanted;
    }
    if (bytes > LISTPACK_MAX_SIZE) return fail(call, ERANGE);
    s.append(
      id,
      formatId(id),
      fieldsValues,
      configNumber(api.server, 'stream-node-max-entries', 100),
      configNumber(api.server, 'stream-node-max-bytes', 4096),
    );
    // Redis postpones this to CloseKey; blocked clients are served after the
    // command either way, so signalling now is the same to them.
    rec.db.signalReady(rec.key);
    writeId(num, NUM_ARGS + 1, id);
    num[NUM_RESULT] = OK;
  },

  [StreamOp.Delete](call) {
    const rec = call.openKey;
    const id = readId(call.num, NUM_ARGS);
    const s = streamOf(call, rec);
    if (s === undefined) return;
    if (!rec.writable || iterationOf(rec) !== undefined) return fail(call, EBADF);
    // streamDeleteItem only: unlike XDEL, the API leaves the recorded first
    // ID and the largest deleted ID as they were.
    if (!s.delete(id)) return fail(call, ENOENT);
    call.num[NUM_RESULT] = OK;
  },

  [StreamOp.IteratorStart](call) {
    const num = call.num;
    const rec = call.openKey;
    const flags = num[NUM_ARGS];
    const hasStart = num[NUM_ARGS + 1] !== 0;
    let low = hasStart ? readId(num, NUM_ARGS + 2) : 0n;
    const hasEnd = num[NUM_ARGS + 6] !== 0;
    let high = hasEnd ? readId(num, NUM_ARGS + 7) : MAX_ID;
    if (streamOf(call, rec) === undefined) return;
    if (iterationOf(rec) !== undefined) return fail(call, EBADF);
    if ((flags & ITERATOR_EXCLUSIVE) !== 0) {
      if ((hasStart && low === MAX_ID) || (hasEnd && high === 0n)) return fail(call, EDOM);
      if (hasStart) low++;
      if (hasEnd) high--;
    }
    rec.iterator = new StreamIteration(low, high, (flags & ITERATOR_REVERSE) !== 0);
    num[NUM_RESULT] = OK;
  },

  [StreamOp.IteratorStop](call) {
    const rec = call.openKey;
    if (streamOf(call, rec) === undefined) return;
    if (iterationOf(rec) === undefined) return fail(call, EBADF);
    rec.iterator = undefined;
    call.num[NUM_RESULT] = OK;
  },

  [StreamOp.IteratorNextId](call) {
    const rec = call.openKey;
    const s = streamOf(call, rec);
    if (s === undefined) return;
    const it = iterationOf(rec);
    if (it === undefined) return fail(call, EBADF);
    // -1n: nothing found (IDs are unsigned).
    const hit = { id: -1n, fields: EMPTY_FIELDS };
    if (!it.exhausted) {
      s.range(it.low, it.high, it.reverse, (id, _text, fv) => {
        hit.id = id;
        hit.fields = fv;
        return false;
      });
    }
    if (hit.id < 0n) {
      it.clearCurrent();
      return fail(call, ENOENT);
    }
    const id = hit.id;
    const found = hit.fields;
    it.current = id;
    it.fields = found;
    it.fieldsLeft = found.length >> 1;
    if (it.reverse) {
      if (id === 0n) it.exhausted = true;
      else it.high = id - 1n;
    } else {
      if (id === MAX_ID) it.exhausted = true;
      else it.low = id + 1n;
    }
    writeId(call.num, NUM_ARGS, id);
    call.num[NUM_ARGS + 4] = it.fieldsLeft;
    call.num[NUM_RESULT] = OK;
  },

  [StreamOp.IteratorNextField](call) {
    const rec = call.openKey;
    const wanted = call.num[NUM_ARGS];
    if (streamOf(call, rec) === undefined) return;
    const it = iterationOf(rec);
    if (it === undefined) return fail(call, EBADF);
    if (it.fieldsLeft <= 0) return fail(call, ENOENT);
    const at = it.fields.length - it.fieldsLeft * 2;
    it.fieldsLeft--;
    // Native code takes output 0 as the field and 1 as the value; an empty
    // placeholder keeps the value at index 1 when only it is wanted.
    call.out((wanted & 1) !== 0 ? it.fields[at] : EMPTY);
    if ((wanted & 2) !== 0) call.out(it.fields[at + 1]);
    call.num[NUM_RESULT] = OK;
  },

  [StreamOp.IteratorDelete](call) {
    const rec = call.openKey;
    const s = streamOf(call, rec);
    if (s === undefined) return;
    const it = iterationOf(rec);
    if (!rec.writable || it === undefined) return fail(call, EBADF);
    if (it.current === 0n) return fail(call, ENOENT);
    s.delete(it.current);
    it.clearCurrent();
    call.num[NUM_RESULT] = OK;
  },

  [StreamOp.TrimByLength](call, api) {
    trim(call, api.server, 'maxlen', call.num[NUM_ARGS + 1], 0n);
  },

  [StreamOp.TrimById](call, api) {
    trim(call, api.server, 'minid', 0, readId(call.num, NUM_ARGS + 1));
  },
};
