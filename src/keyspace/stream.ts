// Stream values. (Filled in by the streams work of the keyspace issue.)

export class StreamValue {
  readonly type = 'stream' as const;
}
