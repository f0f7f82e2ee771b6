import { InMemoryDedupeStore, resolveDedupeStore } from './dedupe';

describe('InMemoryDedupeStore', () => {
  it('remembers ids and forgets the least recently seen beyond maxEntries', () => {
    const store = new InMemoryDedupeStore({ maxEntries: 2 });
    store.add('a');
    store.add('b');
    expect(store.has('a')).toBe(true); // a is now the most recent
    store.add('c'); // evicts b
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
    expect(store.size).toBe(2);
  });

  it('validates its options and the dedupe option', () => {
    expect(() => new InMemoryDedupeStore({ maxEntries: 0 })).toThrow(
      'maxEntries must be an integer >= 1',
    );
    expect(resolveDedupeStore(true)).toBeInstanceOf(InMemoryDedupeStore);
    expect(resolveDedupeStore(false)).toBeUndefined();
    expect(() => resolveDedupeStore({} as never)).toThrow(
      'a store with has(eventId) and add(eventId)',
    );
  });
});
