/**
 * Deterministic randomness and exact JSON text for the conformance samples (specs only).
 */

/**
 * A seeded generator of numbers in [0, 1) (xorshift32): the same seed, the same samples. No
 * Math calls here: under jest each costs about half a microsecond, and the samples take millions.
 */
export function seededRandom(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  float(): number {
    return this.next();
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    const offset = this.next() * (high - low + 1);
    return low + (offset - (offset % 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[(this.next() * items.length) >>> 0];
  }
}

/**
 * A JSON number spelled exactly as given (`5.0`, `1e2`, `1e400`, `-0`): JSON.stringify cannot
 * write these, and the Python side must read the same text the TypeScript side parses.
 */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** A value of a sample: JSON values, with RawNumber where the spelling matters. */
export type Wire = unknown;

/** The JSON text of a sample (RawNumber written as its text). */
export function wireText(value: Wire): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(wireText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Wire>);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${wireText(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
