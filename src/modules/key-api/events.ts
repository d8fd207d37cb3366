// Keyspace events from the module side (native/api/notifications.cc):
// NotifyKeyspaceEvent, GetNotifyKeyspaceEvents, and the forwarding of the
// keyspace's events to the modules that subscribed to their class.
import { NOTIFY } from '../../keyspace/keyspace';
import type { Server } from '../../server/server';
import { NUM_ARGS, NUM_RESULT, type KeyOpTable } from './call';

/** Operation numbers: native/api/notifications.cc's EventOp. */
export const EventOp = {
  SubscribedTypes: 110,
  Notify: 111,
  NotifyFlags: 112,
} as const;

export const eventOps: KeyOpTable = {
  [EventOp.SubscribedTypes](call, api) {
    api.events.setSubscribedTypes(call.num[NUM_ARGS]);
  },

  [EventOp.Notify](call, api) {
    const num = call.num;
    const type = num[NUM_ARGS];
    const db = num[NUM_ARGS + 1];
    // Copied: listeners keep the key (pub/sub messages), and modules hearing
    // the event run key operations that reuse the shared memory.
    const key = call.arg(0);
    const event = call.argView(1).toString();
    api.keyspace.notifyEvent(type, event, key, db);
  },

  [EventOp.NotifyFlags](call, api) {
    call.num[NUM_RESULT] = api.keyspace.notifyFlags;
  },
};

/** Hands the keyspace's events to the modules that subscribed to their class. */
export class KeyspaceEventForwarder {
  /** The union of the classes modules subscribed to (REDISMODULE_NOTIFY_* bits). */
  private subscribed = 0;
  private stopListening: (() => void) | null = null;
  /** Whether this forwarder counts in keyspace.keyMissListeners. */
  private wantsKeyMiss = false;
  /** Likewise for 'new' events (keyspace.newKeyListeners). */
  private wantsNewKey = false;

  constructor(
    readonly server: Server,
    readonly deliver: (type: number, event: string, key: Buffer, db: number) => void,
  ) {}

  /**
   * What modules now listen to. The keyspace is listened to from the first
   * subscription on, and 'keymiss' and 'new' events (built only on demand)
   * are asked for only while a module wants them.
   */
  setSubscribedTypes(types: number): void {
    this.subscribed = types;
    const keyspace = this.server.keyspace;
    if (types !== 0 && this.stopListening === null) {
      // First: Redis runs module subscribers before it publishes to pub/sub.
      this.stopListening = keyspace.listen(
        {
          notify: (cls, event, key, db) => {
            if ((cls & this.subscribed) !== 0) this.deliver(cls, event, key, db);
          },
        },
        true,
      );
    }
    // Once listening, it stays so until close(): the last subscription can go
    // (a module unloaded) while the keyspace is delivering this very event,
    // and removing a listener then would make it skip the next one.
    const wantsKeyMiss = (types & NOTIFY.KEY_MISS) !== 0;
    if (wantsKeyMiss !== this.wantsKeyMiss) {
      keyspace.keyMissListeners += wantsKeyMiss ? 1 : -1;
      this.wantsKeyMiss = wantsKeyMiss;
    }
    const wantsNewKey = (types & NOTIFY.NEW) !== 0;
    if (wantsNewKey !== this.wantsNewKey) {
      keyspace.newKeyListeners += wantsNewKey ? 1 : -1;
      this.wantsNewKey = wantsNewKey;
    }
  }

  /** Stops listening (the server gives the native host back). */
  close(): void {
    this.setSubscribedTypes(0);
    this.stopListening?.();
    this.stopListening = null;
  }
}
