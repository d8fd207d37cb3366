// List key operations (native/api/keys_list.cc): push, pop, and get, set,
// insert, delete by index, with the errno values Redis 7.0 sets. The key API
// publishes no keyspace event; CloseKey signals the modification (WATCH). A
// list that comes into being wakes clients blocked on it, as dbAdd does.
import { listFill } from '../../commands/lists';
import { ListValue } from '../../keyspace/list';
import type { RedisValue } from '../../keyspace/keyspace';
import {
  ERR,
  NUM_ARGS,
  NUM_ERRNO,
  NUM_RESULT,
  OK,
  READ,
  WRITE,
  type KeyApiContext,
  type KeyCall,
  type KeyOpTable,
  type OpenKey,
} from './call';

/** Operation numbers: native/api/keys_list.cc's ListOp. */
export const ListOp = {
  ListPush: 40,
  ListPop: 41,
  ListGet: 42,
  ListSet: 43,
  ListInsert: 44,
  ListDelete: 45,
} as const;

/** Linux errno values the list functions set. */
const EBADF = 9;
const EDOM = 33;
const ENOTSUP = 95;

/** num[3] of push and pop: keys_list.cc sends 0 for the head, 1 for the tail. */
const HEAD = 0;

/**
 * The key's list iterator (Redis 7.0's key->iter with key->u.list.index):
 * made by an access by index, dropped by push, pop, set and insert, kept by
 * delete. Elements are reached by index in O(1) here (ListValue is a ring),
 * so the cursor holds no node: what matters is that it exists, since
 * StringSet refuses a key with an active iterator.
 */
export class ListCursor {
  constructor(public index: number) {}
}

function isList(value: RedisValue | undefined): value is ListValue {
  return value !== undefined && !(value instanceof Uint8Array) && value.type === 'list';
}

function fail(call: KeyCall, errno: number, result: number): void {
  call.num[NUM_ERRNO] = errno;
  call.num[NUM_RESULT] = result;
}

function dropCursor(rec: OpenKey): void {
  if (rec.iterator instanceof ListCursor) rec.iterator = undefined;
}

/**
 * moduleListIteratorSeek: the list and the position of `index` (negative
 * counts from the tail), or undefined with errno set (ENOTSUP: no list;
 * EBADF: the key lacks `mode`; EDOM: no such index).
 */
function seek(call: KeyCall, rec: OpenKey, index: number, mode: number, failure: number): { list: ListValue; position: number } | undefined {
  const list = rec.value;
  if (!isList(list)) {
    fail(call, ENOTSUP, failure);
    return undefined;
  }
  if ((rec.mode & mode) === 0) {
    fail(call, EBADF, failure);
    return undefined;
  }
  const length = list.length;
  if (index < -length || index >= length) {
    fail(call, EDOM, failure);
    return undefined;
  }
  const position = index < 0 ? length + index : index;
  if (rec.iterator instanceof ListCursor) rec.iterator.index = position;
  else rec.iterator = new ListCursor(position);
  return { list, position };
}

/** RM_ListPush: also the path of inserts at either end. */
function push(call: KeyCall, api: KeyApiContext, rec: OpenKey, head: boolean, element: Buffer): void {
  const value = rec.value;
  if (value !== undefined && !isList(value)) {
    fail(call, ENOTSUP, ERR);
    return;
  }
  if (!rec.writable) {
    fail(call, EBADF, ERR);
    return;
  }
  dropCursor(rec);
  let list = value;
  if (list === undefined) {
    // Redis fixes a list's fill factor when it creates it.
    list = new ListValue(listFill(api.server));
    rec.db.add(rec.key, list);
    rec.db.signalReady(rec.key);
  }
  if (head) list.pushFront(element);
  else list.pushBack(element);
  call.num[NUM_RESULT] = OK;
}

/** moduleDelKeyIfEmpty: a list left without elements goes. */
function deleteIfEmpty(rec: OpenKey, list: ListValue): void {
  if (list.length === 0 && rec.writable) rec.db.delete(rec.key);
}

export const listOps: KeyOpTable = {
  [ListOp.ListPush](call, api) {
    const head = call.num[NUM_ARGS] === HEAD;
    push(call, api, call.openKey, head, call.arg(0));
  },

  [ListOp.ListPop](call) {
    const rec = call.openKey;
    const head = call.num[NUM_ARGS] === HEAD;
    const list = rec.value;
    if (!isList(list)) {
      fail(call, ENOTSUP, 0);
      return;
    }
    if (!rec.writable) {
      fail(call, EBADF, 0);
      return;
    }
    dropCursor(rec);
    const element = head ? list.popFront() : list.popBack();
    deleteIfEmpty(rec, list);
    if (element === undefined) return;
    call.num[NUM_RESULT] = 1;
    call.out(element);
  },

  [ListOp.ListGet](call) {
    const rec = call.openKey;
    const found = seek(call, rec, call.num[NUM_ARGS], READ, 0);
    if (found === undefined) return;
    call.num[NUM_RESULT] = 1;
    call.out(found.list.at(found.position));
  },

  [ListOp.ListSet](call) {
    const rec = call.openKey;
    const index = call.num[NUM_ARGS];
    const element = call.arg(0);
    const found = seek(call, rec, index, WRITE, ERR);
    if (found === undefined) return;
    found.list.set(found.position, element);
    dropCursor(rec);
    call.num[NUM_RESULT] = OK;
  },

  [ListOp.ListInsert](call, api) {
    const rec = call.openKey;
    const index = call.num[NUM_ARGS];
    const element = call.arg(0);
    const value = rec.value;
    // Redis turns inserts at either end into pushes (which also create the key).
    if (value === undefined && (index === 0 || index === -1)) {
      push(call, api, rec, false, element);
      return;
    }
    if (isList(value)) {
      const length = value.length;
      if (index === length || index === -1) {
        push(call, api, rec, false, element);
        return;
      }
      if (index === 0 || index === -length - 1) {
        push(call, api, rec, true, element);
        return;
      }
    }
    const found = seek(call, rec, index, WRITE, ERR);
    if (found === undefined) return;
    // A negative index names the element's place from the tail once inserted:
    // it goes after the element found, a non-negative one before it.
    found.list.insertBeside(found.position, element, index < 0);
    dropCursor(rec);
    call.num[NUM_RESULT] = OK;
  },

  [ListOp.ListDelete](call) {
    const rec = call.openKey;
    const found = seek(call, rec, call.num[NUM_ARGS], WRITE, ERR);
    if (found === undefined) return;
    found.list.removeAt(found.position);
    deleteIfEmpty(rec, found.list);
    call.num[NUM_RESULT] = OK;
  },
};
