/**
 * Deduplication of handled events by event_id: at-least-once delivery plus a store of what was
 * done gives exactly-once effects. The consumer asks `has` before a handler runs and calls `add`
 * only after it succeeded, so a failure or crash in between leads to a retry, never to a skip.
 */
export interface DedupeStore {
  has(eventId: string): boolean | Promise<boolean>;
  add(eventId: string): void | Promise<void>;
}

export interface InMemoryDedupeStoreOptions {
  /** Most recent ids kept; the least recently seen are forgotten first. Default 100 000. */
  readonly maxEntries?: number;
}

/**
 * A bounded LRU of event ids in process memory: covers redeliveries after a rebalance or broker
 * restart. It does not survive a process restart, and several instances do not share it: use
 * a shared store (Redis, a database table keyed by group + event id) for that.
 */
export class InMemoryDedupeStore implements DedupeStore {
  readonly maxEntries: number;
  // A Map iterates in insertion order: re-inserting on access makes the first key the LRU one.
  readonly #ids = new Map<string, true>();

  constructor(options: InMemoryDedupeStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(
        `InMemoryDedupeStore maxEntries must be an integer >= 1, got ${maxEntries}`,
      );
    }
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#ids.size;
  }

  has(eventId: string): boolean {
    if (!this.#ids.has(eventId)) return false;
    this.#ids.delete(eventId);
    this.#ids.set(eventId, true);
    return true;
  }

  add(eventId: string): void {
    this.#ids.delete(eventId);
    this.#ids.set(eventId, true);
    if (this.#ids.size > this.maxEntries) {
      this.#ids.delete(this.#ids.keys().next().value as string);
    }
  }
}

/** `true` means a fresh in-memory store; a store is used as is; false/undefined means none. */
export function resolveDedupeStore(
  option: DedupeStore | boolean | undefined,
): DedupeStore | undefined {
  if (option === true) return new InMemoryDedupeStore();
  if (option === false || option === undefined) return undefined;
  if (typeof option.has !== 'function' || typeof option.add !== 'function') {
    throw new TypeError('dedupe must be true, false or a store with has(eventId) and add(eventId)');
  }
  return option;
}
