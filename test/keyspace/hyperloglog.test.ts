// The HyperLogLog bytes checked against the real redis-server: the same PFADD /
// PFMERGE sequences on both sides, then the stored string (GET) compared byte
// for byte, and PFCOUNT (including the cache it writes back) compared too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERR_CORRUPT,
  ERR_NOT_HLL,
  ERR_WRONG_TYPE,
  HyperLogLogError,
  NOT_A_STRING,
  hllEncoding,
  hllRegisters,
  isValidHll,
  pfadd,
  pfcount,
  pfmerge,
} from '../../src/keyspace/hyperloglog';
import { RawClient, escapeBytes, startRedis, type ServerHandle } from '../harness';

let server: ServerHandle;
let client: RawClient;

beforeAll(async () => {
  server = await startRedis();
  client = await RawClient.connect(server.port);
}, 60000);

afterAll(async () => {
  client?.close();
  await server?.stop();
});

function bulk(frame: Buffer): Buffer | null {
  if (frame[0] !== 0x24) throw new Error(`not a bulk reply: ${escapeBytes(frame)}`);
  if (frame.subarray(0, 4).toString() === '$-1\r') return null;
  const headerEnd = frame.indexOf('\r\n');
  const length = Number(frame.subarray(1, headerEnd).toString());
  return frame.subarray(headerEnd + 2, headerEnd + 2 + length);
}

function integer(frame: Buffer): number {
  if (frame[0] !== 0x3a) throw new Error(`not an integer reply: ${escapeBytes(frame)}`);
  return Number(frame.subarray(1, frame.length - 2).toString());
}

async function get(key: string): Promise<Buffer | null> {
  return bulk(await client.send(['GET', key]));
}

/** Deterministic pseudo-random bytes, so a failure reproduces. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

function elements(count: number, seed: number): Buffer[] {
  const next = makeRandom(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    // Lengths 0..23 cover every MurmurHash tail length; some are plain text.
    if (i % 3 === 0) {
      out.push(Buffer.from(`element:${seed}:${i}`));
      continue;
    }
    const length = next() % 24;
    const bytes = Buffer.alloc(length);
    for (let j = 0; j < length; j++) bytes[j] = next() & 0xff;
    out.push(bytes);
  }
  return out;
}

/** PFADDs the elements in batches on both sides; checks every reply and the final bytes. */
async function addBoth(key: string, current: Buffer | null, items: Buffer[], batch: number, sparseMax = 3000): Promise<Buffer> {
  let value = current;
  for (let i = 0; i < items.length; i += batch) {
    const chunk = items.slice(i, i + batch);
    const reply = integer(await client.send(['PFADD', key, ...chunk]));
    const ours = pfadd(value, chunk, sparseMax);
    expect(ours.updated ? 1 : 0).toBe(reply);
    value = ours.value;
  }
  const real = await get(key);
  expect(real).not.toBeNull();
  expect(escapeBytes(value ?? Buffer.alloc(0))).toBe(escapeBytes(real ?? Buffer.alloc(0)));
  return value ?? Buffer.alloc(0);
}

async function countBoth(key: string, value: Buffer): Promise<Buffer> {
  const reply = integer(await client.send(['PFCOUNT', key]));
  const ours = pfcount([value]);
  expect(ours.count).toBe(reply);
  const after = ours.refreshed ?? value;
  expect(escapeBytes(after)).toBe(escapeBytes((await get(key)) ?? Buffer.alloc(0)));
  return after;
}

describe('PFADD bytes equal redis-server', () => {
  it('creates the empty sparse value on PFADD with no elements', async () => {
    await client.send(['DEL', 'e']);
    expect(integer(await client.send(['PFADD', 'e']))).toBe(1);
    const created = pfadd(null, []);
    expect(created.updated).toBe(true);
    const value = created.value;
    expect(escapeBytes(value)).toBe(escapeBytes((await get('e')) ?? Buffer.alloc(0)));
    expect(value.length).toBe(18);
    expect(hllEncoding(value)).toBe('sparse');
    expect(pfadd(value, []).updated).toBe(false);
    expect(integer(await client.send(['PFADD', 'e']))).toBe(0);
    await countBoth('e', value);
  });

  for (const [count, batch] of [
    [1, 1],
    [10, 1],
    [10, 10],
    [200, 7],
    [1000, 1],
    [1000, 100],
    [3000, 50],
    [50000, 1000],
  ] as const) {
    it(`${count} elements in batches of ${batch}`, async () => {
      const key = `k${count}-${batch}`;
      await client.send(['DEL', key]);
      const items = elements(count, count * 31 + batch);
      let value = await addBoth(key, null, items, batch);
      value = await countBoth(key, value);
      // Re-adding known elements changes nothing and keeps the cache valid.
      value = await addBoth(key, value, items.slice(0, 20), 5);
      await countBoth(key, value);
      if (count >= 50000) expect(hllEncoding(value)).toBe('dense');
      if (count <= 200) expect(hllEncoding(value)).toBe('sparse');
    });
  }

  it('follows hll-sparse-max-bytes (promotes early with a small limit)', async () => {
    await client.send(['CONFIG', 'SET', 'hll-sparse-max-bytes', '120']);
    try {
      await client.send(['DEL', 'small']);
      const value = await addBoth('small', null, elements(300, 5), 3, 120);
      expect(hllEncoding(value)).toBe('dense');
      await countBoth('small', value);
    } finally {
      await client.send(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
    }
  });

  it('registers decode to the same values PFDEBUG GETREG reports', async () => {
    await client.send(['DEL', 'reg']);
    const value = await addBoth('reg', null, elements(500, 77), 50);
    const frame = await client.send(['PFDEBUG', 'GETREG', 'reg']);
    // The reply is an array of 16384 integers.
    const text = frame.toString('latin1');
    const values = text.split('\r\n').slice(1, -1).map((line) => Number(line.slice(1)));
    expect(values.length).toBe(16384);
    expect(Array.from(hllRegisters(value))).toEqual(values);
    // PFDEBUG GETREG converts the key to dense in place.
    const dense = await get('reg');
    expect(dense?.length).toBe(16 + 12288);
    expect(isValidHll(dense ?? Buffer.alloc(0))).toBe(true);
    expect(Array.from(hllRegisters(dense ?? Buffer.alloc(0)))).toEqual(values);
  });
});

describe('PFCOUNT equals redis-server', () => {
  it('counts several keys as their union without touching them', async () => {
    await client.send(['DEL', 'u1', 'u2', 'u3']);
    const a = await addBoth('u1', null, elements(800, 1), 100);
    const b = await addBoth('u2', null, elements(20000, 2), 1000);
    const reply = integer(await client.send(['PFCOUNT', 'u1', 'u2', 'missing']));
    const ours = pfcount([a, b, null]);
    expect(ours.count).toBe(reply);
    expect(ours.refreshed).toBeNull();
    expect(escapeBytes((await get('u1')) ?? Buffer.alloc(0))).toBe(escapeBytes(a));
    expect(pfcount([null, null]).count).toBe(integer(await client.send(['PFCOUNT', 'x1', 'x2'])));
    expect(pfcount([null]).count).toBe(0);
  });

  it('is close to the true cardinality', () => {
    let value: Buffer | null = null;
    for (let i = 0; i < 100000; i += 1000) {
      const batch: Buffer[] = [];
      for (let j = i; j < i + 1000; j++) batch.push(Buffer.from(String(j)));
      value = pfadd(value, batch).value;
    }
    const { count } = pfcount([value]);
    expect(Math.abs(count - 100000) / 100000).toBeLessThan(0.02);
  });
});

describe('PFMERGE bytes equal redis-server', () => {
  const cases: Array<{ name: string; sizes: number[]; destSize: number | null }> = [
    { name: 'sparse sources into a new key', sizes: [30, 40], destSize: null },
    { name: 'sparse sources into an existing sparse key', sizes: [100, 5], destSize: 50 },
    { name: 'a dense source makes the result dense', sizes: [10, 6000], destSize: null },
    { name: 'a dense destination', sizes: [20], destSize: 9000 },
    { name: 'many sparse sources outgrow the sparse limit', sizes: [700, 700, 700, 700], destSize: null },
  ];
  for (const { name, sizes, destSize } of cases) {
    it(name, async () => {
      const keys = sizes.map((_, i) => `m-src-${name}-${i}`);
      const dest = `m-dest-${name}`;
      await client.send(['DEL', dest, ...keys]);
      const values: Buffer[] = [];
      for (let i = 0; i < sizes.length; i++) values.push(await addBoth(keys[i], null, elements(sizes[i], i + 100), 100));
      let destValue: Buffer | null = null;
      if (destSize !== null) {
        destValue = await addBoth(dest, null, elements(destSize, 999), 100);
        destValue = await countBoth(dest, destValue); // a valid cache in the header, kept by PFMERGE
      }
      expect((await client.send(['PFMERGE', dest, ...keys])).toString()).toBe('+OK\r\n');
      const merged = pfmerge(destValue, values);
      expect(escapeBytes(merged)).toBe(escapeBytes((await get(dest)) ?? Buffer.alloc(0)));
      await countBoth(dest, merged);
    });
  }

  it('merges nothing into a new key', async () => {
    await client.send(['DEL', 'nothing']);
    await client.send(['PFMERGE', 'nothing']);
    expect(escapeBytes(pfmerge(null, []))).toBe(escapeBytes((await get('nothing')) ?? Buffer.alloc(0)));
  });
});

describe('invalid values', () => {
  async function errorLine(args: Array<string | Buffer>): Promise<string> {
    const frame = await client.send(args);
    expect(frame[0]).toBe(0x2d);
    return frame.subarray(1, frame.length - 2).toString('latin1');
  }

  function ourError(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (error instanceof HyperLogLogError) return error.message;
      throw error;
    }
    throw new Error('no error');
  }

  it('rejects strings that are not HLLs as redis-server does', async () => {
    const samples = [
      Buffer.from('hello'),
      Buffer.from('HYLL'),
      Buffer.from('HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff', 'latin1'),
      Buffer.from('HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff', 'latin1'),
      Buffer.concat([Buffer.from('HYLL\x00', 'latin1'), Buffer.alloc(100)]),
    ];
    for (const sample of samples) {
      await client.send(['SET', 'bad', sample]);
      expect(isValidHll(sample)).toBe(false);
      expect(ourError(() => pfadd(sample, [Buffer.from('a')]))).toBe(await errorLine(['PFADD', 'bad', 'a']));
      expect(ourError(() => pfcount([sample]))).toBe(await errorLine(['PFCOUNT', 'bad']));
      expect(ourError(() => pfcount([null, sample]))).toBe(await errorLine(['PFCOUNT', 'nokey', 'bad']));
      expect(ourError(() => pfmerge(null, [sample]))).toBe(await errorLine(['PFMERGE', 'nokey2', 'bad']));
    }
    expect(ERR_NOT_HLL).toBe(await errorLine(['PFADD', 'bad', 'x']));
    await client.send(['DEL', 'list']);
    await client.send(['RPUSH', 'list', 'x']);
    expect(ourError(() => pfcount([NOT_A_STRING]))).toBe(await errorLine(['PFCOUNT', 'list']));
    expect(ERR_WRONG_TYPE).toBe(await errorLine(['PFADD', 'list', 'x']));
  });

  it('reports corrupt sparse values as redis-server does', async () => {
    await client.send(['DEL', 'c']);
    const value = await addBoth('c', null, elements(3, 8), 3);
    // An XZERO whose run overshoots 16384 registers.
    const corrupt = Buffer.from(value);
    corrupt[16] = 0x7f;
    await client.send(['SET', 'c', corrupt]);
    expect(ourError(() => pfcount([corrupt]))).toBe(await errorLine(['PFCOUNT', 'c']));
    expect(ERR_CORRUPT).toBe(await errorLine(['PFCOUNT', 'c']));
    expect(ourError(() => pfcount([corrupt, null]))).toBe(await errorLine(['PFCOUNT', 'c', 'nokey']));
    expect(ourError(() => pfmerge(null, [corrupt]))).toBe(await errorLine(['PFMERGE', 'nokey3', 'c']));
    // A run too short: the register an element hashes to may lie past the end.
    const short = Buffer.from(value.subarray(0, 18));
    await client.send(['SET', 'c2', short]);
    const probe = elements(50, 4);
    let real: string | number;
    const reply = await client.send(['PFADD', 'c2', ...probe]);
    real = reply[0] === 0x2d ? reply.subarray(1, reply.length - 2).toString() : integer(reply);
    let ours: string | number;
    let stored: Buffer;
    try {
      const result = pfadd(short, probe);
      ours = result.updated ? 1 : 0;
      stored = result.value;
    } catch (error) {
      if (!(error instanceof HyperLogLogError)) throw error;
      ours = error.message;
      stored = error.value ?? short;
    }
    expect(ours).toBe(real);
    expect(escapeBytes(stored)).toBe(escapeBytes((await get('c2')) ?? Buffer.alloc(0)));
  });
});

describe('speed', () => {
  it('adds a million elements', () => {
    const items: Buffer[] = [];
    for (let i = 0; i < 1_000_000; i++) items.push(Buffer.from(`member:${i}`));
    const started = performance.now();
    let value: Buffer | null = null;
    for (let i = 0; i < items.length; i += 1000) value = pfadd(value, items.slice(i, i + 1000)).value;
    const addMs = performance.now() - started;
    const countStarted = performance.now();
    const { count } = pfcount([value]);
    const countMs = performance.now() - countStarted;
    console.log(`hll: ${Math.round(items.length / (addMs / 1000))} adds/s, pfcount ${countMs.toFixed(2)} ms, estimate ${count}`);
    expect(Math.abs(count - 1_000_000) / 1_000_000).toBeLessThan(0.02);
  }, 60000);
});
