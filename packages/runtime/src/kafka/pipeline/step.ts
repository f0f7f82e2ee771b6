/**
 * The result of one record's steps. A step returns a plain Outcome when everything it did was
 * synchronous (a sync handler, no dedupe store round trip) and a promise otherwise: the common
 * path then costs no promise and no microtask per record, which is most of the bookkeeping at
 * consumer rates.
 */
export type Outcome = 'done' | 'interrupted';
export type Step = Outcome | Promise<Outcome>;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `next(value)` now for a plain value, after it settles for a promise (what `await` would do). */
export function andThen<T>(value: T | PromiseLike<T>, next: (value: T) => Step): Step {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}
