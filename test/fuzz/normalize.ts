// The normaliser table: what each Order does to a reply before the two
// servers' replies are compared. Anything not listed is compared byte for byte.
import { decodeReply, RespMap, RespSet, type RespValue } from '../../src/resp/reply-parser';
import { encodeValue } from '../harness';
import { ABS_MS, ABS_SECONDS, type Order } from './generator';
import { joinAggregate, shapeOf, sortItems, sortPairs, splitAggregate } from './frames';

export type FlatOrder = Exclude<Order, object>;

const HASH_TABLE_ENCODINGS = new Set(['hashtable', 'skiplist']);

/** Resolves a probing order with the key's encoding as redis-server reported it (null: not probed). */
export function resolveOrder(order: Order, encodingReply: Buffer | null): FlatOrder {
  if (typeof order === 'string') return order;
  if (encodingReply === null) return order.ifUnordered;
  const text = encodingReply.toString('latin1').replace(/^[$+][^\r]*\r\n/, '').replace(/\r\n$/, '');
  return HASH_TABLE_ENCODINGS.has(text) || order.encodings?.includes(text) ? order.ifUnordered : 'bytes';
}

const exactTimes = new Set([...ABS_SECONDS, ...ABS_MS]);

function scan(frame: Buffer, pairs: boolean): Buffer {
  const agg = splitAggregate(frame);
  if (!agg || agg.items.length !== 2) return frame;
  const [cursor, items] = agg.items;
  // A partial scan of a hash table returns whatever its buckets held: only a finished one is comparable.
  if (!cursor.equals(Buffer.from('$1\r\n0\r\n'))) return Buffer.from('<partial scan>');
  return joinAggregate(agg.type, [cursor, pairs ? sortPairs(items) : sortItems(items)]);
}

/** Keys whose value is a clock reading in stream introspection replies. */
const TIME_FIELDS = new Set(['seen-time', 'idle', 'active-time', 'inactive']);
const STREAM_ID = /^\d+-\d+$/;

function maskTimes(value: RespValue): RespValue {
  const isId = (v: RespValue) => Buffer.isBuffer(v) && STREAM_ID.test(v.toString('latin1'));
  if (value instanceof RespMap) {
    return new RespMap(value.entries.map(([k, v]) => [k, keyText(k) !== null && TIME_FIELDS.has(keyText(k)!) ? 0 : maskTimes(v)]));
  }
  if (value instanceof RespSet) return new RespSet(value.items.map(maskTimes));
  if (!Array.isArray(value)) return value;
  // A PEL entry: [id, consumer, delivery time or idle, count] or, per consumer, [id, delivery time, count].
  if (value.length === 4 && isId(value[0]) && Buffer.isBuffer(value[1]) && typeof value[2] === 'number' && typeof value[3] === 'number') {
    return [value[0], value[1], 0, value[3]];
  }
  if (value.length === 3 && isId(value[0]) && typeof value[1] === 'number' && typeof value[2] === 'number') {
    return [value[0], 0, value[2]];
  }
  const out = value.map(maskTimes);
  // A RESP2 map is a flat array of name/value pairs.
  for (let i = 0; i + 1 < out.length; i += 2) {
    const name = keyText(out[i]);
    if (name !== null && TIME_FIELDS.has(name) && typeof out[i + 1] === 'number') out[i + 1] = 0;
  }
  return out;
}

function keyText(v: RespValue): string | null {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  return null;
}

/** Applies a resolved order to one reply frame. */
export function normalize(order: FlatOrder, frame: Buffer): Buffer {
  switch (order) {
    case 'bytes':
      return frame;
    case 'multiset':
      return sortItems(frame);
    case 'pairs': {
      const agg = splitAggregate(frame);
      if (!agg) return frame;
      // RESP3 replies nest pairs as 2-element arrays: sorting the elements sorts the pairs.
      if (agg.type === '%' || agg.items.every((item) => splitAggregate(item) === null)) return sortPairs(frame);
      return sortItems(frame);
    }
    case 'scan':
      return scan(frame, false);
    case 'scan-pairs':
      return scan(frame, true);
    case 'scan-resumed':
      return frame;
    case 'shape':
      return shapeOf(frame);
    case 'type':
      return frame.subarray(0, 1);
    case 'ttl':
      return frame[0] === 0x3a && Number(frame.toString('latin1', 1, frame.length - 2)) > 0 ? Buffer.from(':<positive>\r\n') : frame;
    case 'expiretime': {
      if (frame[0] !== 0x3a) return frame;
      const text = frame.toString('latin1', 1, frame.length - 2);
      const n = Number(text);
      return n > 0 && !exactTimes.has(text) ? Buffer.from(':<positive>\r\n') : frame;
    }
    case 'times': {
      if (frame[0] === 0x2d || frame[0] === 0x21) return frame;
      return encodeValue(maskTimes(decodeReply(frame)));
    }
  }
}

function scanCursor(frame: Buffer): string | null {
  const agg = splitAggregate(frame);
  if (!agg || agg.items.length !== 2 || splitAggregate(agg.items[1]) === null) return null;
  const cursor = agg.items[0];
  return cursor.toString('latin1', cursor.indexOf('\r\n') + 2, cursor.length - 2);
}

/** Whether two replies agree under `order`. */
export function sameReply(order: FlatOrder, a: Buffer, b: Buffer): boolean {
  if (order === 'scan' || order === 'scan-pairs') {
    // Where a hash-table scan stops depends on bucket layout: once either side
    // is partial, only the form of the two replies is comparable.
    const ca = scanCursor(a);
    const cb = scanCursor(b);
    if (ca !== null && cb !== null && (ca !== '0' || cb !== '0')) return true;
  }
  if (order === 'scan-resumed' && scanCursor(a) !== null && scanCursor(b) !== null) return true;
  return normalize(order, a).equals(normalize(order, b));
}

/** EXEC's replies: each queued command's element compared under its own order. */
export function sameExec(orders: readonly Order[], a: Buffer, b: Buffer): boolean {
  const x = splitAggregate(a);
  const y = splitAggregate(b);
  if (!x || !y || x.type !== y.type || x.items.length !== orders.length || y.items.length !== orders.length) return a.equals(b);
  return x.items.every((item, i) => sameReply(resolveOrder(orders[i], null), item, y.items[i]));
}
