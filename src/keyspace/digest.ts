// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's debug.c dataset digest, so two
// servers holding the same data report the same 40 hex digits.
//
// Two SHA1 combinators: xor (digest ^= SHA1(data), order-free: members of
// sets, fields of hashes, keys of a database, each one's own digest hashed
// again) and mix (digest = SHA1(digest xor SHA1(data)), order-sensitive: list
// elements, the parts of one element).
import { createHash } from 'node:crypto';
import { formatDouble } from '../resp/double';
import type { Database, Entry, Keyspace } from './keyspace';
import { idMs, idSeq } from './stream';

const DIGEST_BYTES = 20;

/** Object type codes (OBJ_STRING...), which Redis mixes in before each value. */
const OBJ_TYPE_CODE = { string: 0, list: 1, set: 2, zset: 3, hash: 4, module: 5, stream: 6 } as const;

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

function xorDigest(digest: Buffer, data: Uint8Array): void {
  const hash = sha1(data);
  for (let i = 0; i < DIGEST_BYTES; i++) digest[i] ^= hash[i];
}

function mixDigest(digest: Buffer, data: Uint8Array): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

function bigEndian32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

const EXPIRE_MARK = Buffer.from('!!expire!!', 'latin1');

/** A zset score as debug.c prints it: snprintf("%.17g"). */
function scoreText(score: number): Buffer {
  return Buffer.from(formatDouble(score), 'latin1');
}

/** xorObjectDigest: mixes the value of `entry` (and whether it expires) into `digest`. */
export function mixValueDigest(digest: Buffer, entry: Entry): void {
  const value = entry.value;
  const type = value instanceof Uint8Array ? 'string' : value.type;
  mixDigest(digest, bigEndian32(OBJ_TYPE_CODE[type]));
  if (value instanceof Uint8Array) {
    mixDigest(digest, value);
  } else {
    switch (value.type) {
      case 'list':
        for (const item of value) mixDigest(digest, item);
        break;
      case 'set':
        for (const member of value.members) xorDigest(digest, member);
        break;
      case 'zset': {
        const element = Buffer.alloc(DIGEST_BYTES);
        for (const e of value.rangeByRank(0, value.size - 1)) {
          element.fill(0);
          mixDigest(element, e.member);
          mixDigest(element, scoreText(e.score));
          xorDigest(digest, element);
        }
        break;
      }
      case 'hash': {
        const element = Buffer.alloc(DIGEST_BYTES);
        for (let i = 0; i < value.size; i++) {
          element.fill(0);
          mixDigest(element, value.fieldAt(i));
          mixDigest(element, value.valueAt(i));
          xorDigest(digest, element);
        }
        break;
      }
      case 'stream':
        // Entries in order: "ms.seq", then each field and value.
        value.range(0n, (1n << 128n) - 1n, false, (id, _text, fv) => {
          mixDigest(digest, Buffer.from(`${idMs(id)}.${idSeq(id)}`, 'latin1'));
          for (const part of fv) mixDigest(digest, part);
          return true;
        });
        break;
      case 'module':
        // Redis asks the module type's digest callback; none is reachable here.
        break;
    }
  }
  if (entry.expiresAt !== 0) xorDigest(digest, EXPIRE_MARK);
}

/** DEBUG DIGEST-VALUE for one key: 20 zero bytes when the key is missing. */
export function valueDigest(entry: Entry | undefined): Buffer {
  const digest = Buffer.alloc(DIGEST_BYTES);
  if (entry !== undefined) mixValueDigest(digest, entry);
  return digest;
}

function databaseDigest(final: Buffer, db: Database): void {
  if (db.size === 0) return;
  // The DB id goes in, so the same data in another database digests differently.
  mixDigest(final, bigEndian32(db.index));
  const digest = Buffer.alloc(DIGEST_BYTES);
  for (const [key, entry] of db.entries) {
    digest.fill(0);
    mixDigest(digest, Buffer.from(key, 'latin1'));
    mixValueDigest(digest, entry);
    xorDigest(final, digest);
  }
}

/** computeDatasetDigest over every database: 20 zero bytes for an empty data set. */
export function datasetDigest(keyspace: Keyspace): Buffer {
  const final = Buffer.alloc(DIGEST_BYTES);
  for (const db of keyspace.dbs) databaseDigest(final, db);
  return final;
}
