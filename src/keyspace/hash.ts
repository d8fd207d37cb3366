// Hash values. (Filled in by the hashes work of the keyspace issue.)

export class HashValue {
  readonly type = 'hash' as const;
}
