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
    !ArrayBuffer.isView(value) &&
    !Object.isFrozen(value)
  ) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value as DeepReadonly<T>;
}
