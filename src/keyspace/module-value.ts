// The slot for values of module data types (RedisModule_CreateDataType):
// the module's type and its opaque value pointer, held by native code. The
// data type family fills this in; until then no key can hold one.

export class ModuleValue {
  readonly type = 'module' as const;

  constructor(
    /** The module type's 9-character name, as TYPE replies it. */
    readonly typeName: string,
    /** Native handle of the value (owned by the addon). */
    readonly handle: number,
  ) {}
}
