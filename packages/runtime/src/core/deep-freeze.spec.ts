import { deepFreeze } from './deep-freeze';

describe('deepFreeze', () => {
  it('freezes objects and arrays at every depth and returns the same value', () => {
    const value = { a: { b: [{ c: 1 }, [2, { d: 'x' }]] }, e: 'text', f: null };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(Object.isFrozen((value.a.b[1] as unknown[])[1])).toBe(true);
  });

  it('leaves primitives and typed arrays as they are', () => {
    const bytes = new Uint8Array([1, 2]);
    const value = { bytes, n: 1 };
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(bytes)).toBe(false);
    expect(deepFreeze(42)).toBe(42);
    expect(deepFreeze(null)).toBeNull();
  });

  it('does not descend into an object that is already frozen', () => {
    const inner = { x: 1 };
    const outer = Object.freeze({ inner });
    deepFreeze(outer);
    expect(Object.isFrozen(inner)).toBe(false);
  });
});
