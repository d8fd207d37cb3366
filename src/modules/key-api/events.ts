// Keyspace events from the module side: NotifyKeyspaceEvent,
// GetNotifyKeyspaceEvents, SubscribeToKeyspaceEvents (native/api/notifications.cc).
import type { Server } from '../../server/server';
import type { KeyOpTable } from './call';

export const eventOps: KeyOpTable = {};

/** Hands the keyspace's events to the modules that subscribed to their class. */
export class KeyspaceEventForwarder {
  constructor(
    readonly server: Server,
    readonly deliver: (type: number, event: string, key: Buffer, db: number) => void,
  ) {}

  /** Stops listening (the server gives the native host back). */
  close(): void {}
}
