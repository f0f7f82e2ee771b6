/** The compile-time view of a deep-frozen value. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends Date | Uint8Array
    ? T
    : T extends ReadonlyArray<infer U>
      ? ReadonlyArray<DeepReadonly<U>>
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;

/**
 * Freezes a value and everything reachable from it, so an event handed to several handlers cannot
 * be changed by one of them behind the others' backs.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  // Typed arrays cannot be frozen (the engine throws); already frozen objects were done before.
  if (
    value !== null &&
    typeof value === 'object' &&
    !Object.isFrozen(value) &&
    !ArrayBuffer.isView(value)
  ) {
    Object.freeze(value);
    // Runs on every consumed event: an indexed loop over the keys is cheaper than Object.values'
    // copy, and most children are strings that need no call at all.
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const child: unknown = (value as Record<string, unknown>)[keys[i]!];
      if (typeof child === 'object' && child !== null) deepFreeze(child);
    }
  }
  return value as DeepReadonly<T>;
}
