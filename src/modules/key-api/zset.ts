// Sorted set operations of the key API (native/api/keys_zset.cc): add,
// increment, remove, score, and the range iterator, whose state lives in the
// open key's `iterator` slot as a ZsetRange.
import { listpackLimits, zsetInsert } from '../../commands/zsets';
import {
  isParseError,
  lexGteMin,
  lexLteMax,
  parseLexRange,
  scoreGteMin,
  scoreLteMax,
  SortedSet,
  type LexRange,
  type ScoreRange,
  type ZsetCursor,
} from '../../keyspace/zset';
import { ERR, NUM_ARGS, NUM_RESULT, OK, type KeyCall, type KeyOpTable, type OpenKey } from './call';

/** Operation numbers: native/api/keys_zset.cc's ZsetOp. */
export const ZsetOp = {
  ZsetAdd: 60,
  ZsetRem: 61,
  ZsetScore: 62,
  ScoreRange: 63,
  LexRange: 64,
  CurrentElement: 65,
  Next: 66,
  Prev: 67,
  EndReached: 68,
  Stop: 69,
} as const;

/** REDISMODULE_ZADD_* bits (redismodule.h). */
const ZADD_XX = 1 << 0;
const ZADD_NX = 1 << 1;
const ZADD_ADDED = 1 << 2;
const ZADD_UPDATED = 1 << 3;
const ZADD_NOP = 1 << 4;
const ZADD_GT = 1 << 5;
const ZADD_LT = 1 << 6;

/** ZsetAdd's result when the key holds another type: flags stay untouched. */
const WRONG_TYPE_RESULT = -1;

/**
 * The iteration of one open key (RedisModuleKey's u.zset in Redis): which
 * set, the range, where it stands, and the end-reached flag. `cursor`
 * undefined means no active position (no range, or nothing in it).
 */
class ZsetRange {
  constructor(
    readonly set: SortedSet,
    readonly range: { kind: 'score'; spec: ScoreRange } | { kind: 'lex'; spec: LexRange } | undefined,
    public cursor: ZsetCursor | undefined,
    public endReached: boolean,
  ) {}
}

/** The sorted set under the key, if that is what it holds. */
function zsetOf(rec: OpenKey): SortedSet | undefined {
  const value = rec.value;
  return value instanceof SortedSet ? value : undefined;
}

/**
 * The key's iteration, if one belongs to the set the key holds now. A set
 * replaced or recreated since starts fresh, as Redis resets the iterator
 * when it creates the value.
 */
function rangeOf(rec: OpenKey, set: SortedSet): ZsetRange | undefined {
  const state = rec.iterator;
  return state instanceof ZsetRange && state.set === set ? state : undefined;
}

/** Moves the cursor one step; on leaving the range it stays where it was and the end is reached. */
function step(call: KeyCall, forward: boolean): void {
  const rec = call.openKey;
  const set = zsetOf(rec);
  call.num[NUM_RESULT] = 0;
  if (set === undefined) return;
  const state = rangeOf(rec, set);
  if (state === undefined || state.range === undefined || state.cursor === undefined || state.cursor.done) return;
  const cursor = state.cursor;
  const here = cursor.key;
  const moved = forward ? cursor.next() : cursor.prev();
  let inside = moved;
  if (moved) {
    const range = state.range;
    if (range.kind === 'score') {
      inside = forward ? scoreLteMax(cursor.score, range.spec) : scoreGteMin(cursor.score, range.spec);
    } else {
      inside = forward ? lexLteMax(cursor.key, range.spec) : lexGteMin(cursor.key, range.spec);
    }
  }
  if (!inside) {
    // Back to the element it stood on (a cursor only moves forward or back).
    const rank = set.rankOfKey(here);
    state.cursor = rank === undefined ? undefined : set.cursorAt(rank);
    state.endReached = true;
    return;
  }
  call.num[NUM_RESULT] = 1;
}

export const zsetOps: KeyOpTable = {
  /**
   * ZsetAdd / ZsetIncrby. in: num[3] score, num[4] ZADD_* flags, num[5] 1 to
   * increment; the member. out: num[0] OK / ERR / -1 (wrong type), num[4]
   * the out flags, num[6] 1 when num[7] holds the new score.
   */
  [ZsetOp.ZsetAdd](call, api) {
    const num = call.num;
    const rec = call.openKey;
    let score = num[NUM_ARGS];
    const flags = num[NUM_ARGS + 1];
    const incr = num[NUM_ARGS + 2] !== 0;
    const member = call.argLatin1(0);
    num[NUM_ARGS + 3] = 0;
    const current = rec.value;
    if (current !== undefined && !(current instanceof SortedSet)) {
      num[NUM_RESULT] = WRONG_TYPE_RESULT;
      return;
    }
    let set = current;
    if (set === undefined) {
      // Redis creates the key before looking at the score or the flags, so
      // a refused add (NaN, XX) leaves an empty sorted set behind.
      set = SortedSet.newListpack();
      rec.db.add(rec.key, set);
      rec.db.signalReady(rec.key);
    }
    num[NUM_ARGS + 1] = 0;
    num[NUM_RESULT] = ERR;
    if (Number.isNaN(score)) return;
    const existing = set.scoreOfKey(member);
    let out = 0;
    if (existing !== undefined) {
      if ((flags & ZADD_NX) !== 0) {
        out = ZADD_NOP;
      } else {
        if (incr) {
          score += existing;
          if (Number.isNaN(score)) return;
        }
        if (((flags & ZADD_LT) !== 0 && score >= existing) || ((flags & ZADD_GT) !== 0 && score <= existing)) {
          out = ZADD_NOP;
        } else {
          num[NUM_ARGS + 3] = 1;
          num[NUM_ARGS + 4] = score;
          if (score !== existing) {
            set.addKey(member, score);
            out = ZADD_UPDATED;
          }
        }
      }
    } else if ((flags & ZADD_XX) !== 0) {
      out = ZADD_NOP;
    } else {
      zsetInsert(set, member, score, listpackLimits(api.server));
      num[NUM_ARGS + 3] = 1;
      num[NUM_ARGS + 4] = score;
      out = ZADD_ADDED;
    }
    num[NUM_ARGS + 1] = out;
    num[NUM_RESULT] = OK;
  },

  /** in: the member. out: num[0] OK / ERR, num[3] 1 when it was removed. */
  [ZsetOp.ZsetRem](call) {
    const num = call.num;
    const rec = call.openKey;
    const current = rec.value;
    num[NUM_ARGS] = 0;
    if (current !== undefined && !(current instanceof SortedSet)) {
      num[NUM_RESULT] = ERR;
      return;
    }
    num[NUM_RESULT] = OK;
    if (current === undefined || !current.removeKey(call.argLatin1(0))) return;
    num[NUM_ARGS] = 1;
    if (current.size === 0) rec.db.delete(rec.key);
  },

  /** in: the member. out: num[0] OK / ERR, num[3] the score. */
  [ZsetOp.ZsetScore](call) {
    const num = call.num;
    const set = zsetOf(call.openKey);
    const score = set?.scoreOfKey(call.argLatin1(0));
    if (score === undefined) {
      num[NUM_RESULT] = ERR;
      return;
    }
    num[NUM_ARGS] = score;
    num[NUM_RESULT] = OK;
  },

  /** in: num[3] min, num[4] max, num[5] minex, num[6] maxex, num[7] 1 = first. out: num[0] OK / ERR. */
  [ZsetOp.ScoreRange](call) {
    const num = call.num;
    const rec = call.openKey;
    const set = zsetOf(rec);
    if (set === undefined) {
      num[NUM_RESULT] = ERR;
      return;
    }
    const spec: ScoreRange = {
      min: num[NUM_ARGS],
      max: num[NUM_ARGS + 1],
      minex: num[NUM_ARGS + 2] !== 0,
      maxex: num[NUM_ARGS + 3] !== 0,
    };
    const cursor = num[NUM_ARGS + 4] !== 0 ? set.firstInScoreRange(spec) : set.lastInScoreRange(spec);
    rec.iterator = new ZsetRange(set, { kind: 'score', spec }, cursor.done ? undefined : cursor, cursor.done);
    num[NUM_RESULT] = OK;
  },

  /** in: num[3] 1 = first; min, max as ZRANGEBYLEX takes them. out: num[0] OK / ERR. */
  [ZsetOp.LexRange](call) {
    const num = call.num;
    const rec = call.openKey;
    const set = zsetOf(rec);
    if (set === undefined) {
      num[NUM_RESULT] = ERR;
      return;
    }
    const first = num[NUM_ARGS] !== 0;
    const spec = parseLexRange(call.argView(0), call.argView(1));
    if (isParseError(spec)) {
      // Redis has already stopped the old iteration and cleared the end flag
      // when the parse fails: EndReached then says 0 with nothing to walk.
      rec.iterator = new ZsetRange(set, undefined, undefined, false);
      num[NUM_RESULT] = ERR;
      return;
    }
    const cursor = first ? set.firstInLexRange(spec) : set.lastInLexRange(spec);
    rec.iterator = new ZsetRange(set, { kind: 'lex', spec }, cursor.done ? undefined : cursor, cursor.done);
    num[NUM_RESULT] = OK;
  },

  /** out: num[0] 1 with the member as output 0 and num[3] its score; 0 when there is none. */
  [ZsetOp.CurrentElement](call) {
    const num = call.num;
    const rec = call.openKey;
    const set = zsetOf(rec);
    const cursor = set === undefined ? undefined : rangeOf(rec, set)?.cursor;
    if (cursor === undefined || cursor.done) {
      num[NUM_RESULT] = 0;
      return;
    }
    num[NUM_ARGS] = cursor.score;
    num[NUM_RESULT] = 1;
    call.out(Buffer.from(cursor.key, 'latin1'));
  },

  [ZsetOp.Next](call) {
    step(call, true);
  },

  [ZsetOp.Prev](call) {
    step(call, false);
  },

  /** out: num[0] the end-reached flag (1 without an iteration or a sorted set). */
  [ZsetOp.EndReached](call) {
    const rec = call.openKey;
    const set = zsetOf(rec);
    const state = set === undefined ? undefined : rangeOf(rec, set);
    call.num[NUM_RESULT] = state === undefined || state.endReached ? 1 : 0;
  },

  [ZsetOp.Stop](call) {
    const rec = call.openKey;
    if (rec.iterator instanceof ZsetRange) rec.iterator = undefined;
  },
};
