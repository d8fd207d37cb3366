// List values. (Filled in by the lists work of the keyspace issue.)

export class ListValue {
  readonly type = 'list' as const;
}
