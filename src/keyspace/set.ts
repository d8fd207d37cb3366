// Set values. (Filled in by the sets work of the keyspace issue.)

export class SetValue {
  readonly type = 'set' as const;
}
