// Raw RESP frame surgery for the fuzzer's normalisers. Unordered replies are
// compared by reordering the elements' own bytes, never by decoding and
// re-encoding them: a re-encoding would erase exactly the distinctions (null
// kinds, bulk versus simple strings, RESP3 doubles) the comparison exists for.

const CR = 13;

function lineEnd(frame: Buffer, from: number): number {
  const end = frame.indexOf(CR, from);
  if (end < 0 || frame[end + 1] !== 10) throw new Error(`truncated RESP line at ${from}`);
  return end;
}

/** Offset just past the frame starting at `from`. */
export function frameEnd(frame: Buffer, from = 0): number {
  const type = frame[from];
  const eol = lineEnd(frame, from + 1);
  const after = eol + 2;
  switch (type) {
    case 0x24: /* $ */
    case 0x21: /* ! */
    case 0x3d: /* = */ {
      const length = Number(frame.toString('latin1', from + 1, eol));
      return length < 0 ? after : after + length + 2;
    }
    case 0x2a: /* * */
    case 0x7e: /* ~ */
    case 0x3e: /* > */
    case 0x25: /* % */
    case 0x7c: /* | */ {
      const count = Number(frame.toString('latin1', from + 1, eol));
      let items = count < 0 ? 0 : type === 0x25 || type === 0x7c ? count * 2 : count;
      // An attribute is followed by the value it decorates.
      if (type === 0x7c) items++;
      let offset = after;
      for (let i = 0; i < items; i++) offset = frameEnd(frame, offset);
      return offset;
    }
    default:
      return after;
  }
}

export interface Aggregate {
  /** '*', '~', '%' or '>' */
  type: string;
  /** The element frames; a map's keys and values alternate. */
  items: Buffer[];
}

/** The elements of an aggregate reply, or null for scalars and null arrays. */
export function splitAggregate(frame: Buffer): Aggregate | null {
  const type = String.fromCharCode(frame[0]);
  if (!'*~%>'.includes(type)) return null;
  const eol = lineEnd(frame, 1);
  const count = Number(frame.toString('latin1', 1, eol));
  if (count < 0) return null;
  const total = type === '%' ? count * 2 : count;
  const items: Buffer[] = [];
  let offset = eol + 2;
  for (let i = 0; i < total; i++) {
    const end = frameEnd(frame, offset);
    items.push(frame.subarray(offset, end));
    offset = end;
  }
  return { type, items };
}

/** Reassembles an aggregate from element frames (a map's count is its pairs). */
export function joinAggregate(type: string, items: Buffer[]): Buffer {
  const count = type === '%' ? items.length / 2 : items.length;
  return Buffer.concat([Buffer.from(`${type}${count}\r\n`), ...items]);
}

/** Elements sorted by their bytes. */
export function sortItems(frame: Buffer): Buffer {
  const agg = splitAggregate(frame);
  if (!agg) return frame;
  if (agg.type === '%') return sortPairs(frame);
  return joinAggregate(agg.type, [...agg.items].sort(Buffer.compare));
}

/** Consecutive (key, value) pairs sorted by key then value: a flat RESP2 map or a RESP3 map. */
export function sortPairs(frame: Buffer): Buffer {
  const agg = splitAggregate(frame);
  if (!agg || agg.items.length % 2 !== 0) return frame;
  const pairs: Buffer[] = [];
  for (let i = 0; i < agg.items.length; i += 2) pairs.push(Buffer.concat([agg.items[i], agg.items[i + 1]]));
  pairs.sort(Buffer.compare);
  const header = agg.type === '%' ? `%${agg.items.length / 2}\r\n` : `${agg.type}${agg.items.length}\r\n`;
  return Buffer.concat([Buffer.from(header), ...pairs]);
}

/** Every bulk string's and double's content replaced by '?': keeps types, nesting and counts. */
export function shapeOf(frame: Buffer): Buffer {
  const agg = splitAggregate(frame);
  if (agg) return joinAggregate(agg.type, agg.items.map(shapeOf));
  if (frame[0] === 0x24 && frame[1] !== 0x2d) return Buffer.from('$1\r\n?\r\n');
  if (frame[0] === 0x2c) return Buffer.from(',?\r\n');
  return frame;
}
