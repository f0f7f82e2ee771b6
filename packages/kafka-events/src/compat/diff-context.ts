/** Collects differences while the engine walks two schemas; sub-contexts try a comparison out. */
import { isCompatibleCode, type DifferenceCode } from './codes';
import { MAX_COMPARISONS, MAX_SCHEMA_DEPTH, SchemaLimitError } from './limits';
import { isLocated, toPart, type Documents, type Located, type Part } from './schema-model';
import type { DiffSide } from './types';

/** Values a message is built from. */
export interface DifferenceDetails {
  keyword?: string;
  property?: string;
  from?: unknown;
  to?: unknown;
}

export interface RawDifference {
  code: DifferenceCode;
  path: string;
  side: DiffSide;
  details: DifferenceDetails;
}

export type Comparator = (
  ctx: DiffContext,
  original: Part | Located | undefined,
  update: Part | Located | undefined,
) => void;

interface Shared {
  docs: Documents;
  compare: Comparator;
  /** Results per (original part, update part): recursive schemas meet the same pair often. */
  memo: Map<string, RawDifference[]>;
  /** Pairs on the current call stack: meeting one again is a cycle, treated as compatible like Confluent does. */
  inProgress: Set<string>;
  /** Parts per located node (`side:path`): a union's alternatives are read once, not per pair. */
  parts: Map<string, Part>;
  /** Pairs compared so far (memo misses), against MAX_COMPARISONS. */
  comparisons: number;
}

/**
 * Pairs in progress at once, each a handful of stack frames. Schemas within MAX_SCHEMA_DEPTH take
 * at most about one pair per level; this guards the stack when a caller skips the structural
 * checks, or when two recursive schemas of different periods keep meeting new pairs.
 */
export const MAX_PAIRS_IN_PROGRESS = 2 * MAX_SCHEMA_DEPTH;

export class DiffContext {
  readonly differences: RawDifference[] = [];

  private constructor(private readonly shared: Shared) {}

  static root(docs: Documents, compare: Comparator): DiffContext {
    return new DiffContext({
      docs,
      compare,
      memo: new Map(),
      inProgress: new Set(),
      parts: new Map(),
      comparisons: 0,
    });
  }

  get docs(): Documents {
    return this.shared.docs;
  }

  /** `toPart`, once per located node: the same path in the same document is the same node. */
  part(input: Part | Located): Part {
    if (!isLocated(input)) return input;
    const key = `${input.side}:${input.path}`;
    let part = this.shared.parts.get(key);
    if (!part) {
      part = toPart(this.shared.docs, input);
      this.shared.parts.set(key, part);
    }
    return part;
  }

  /** A context whose differences are kept apart until the caller decides to adopt them. */
  sub(): DiffContext {
    return new DiffContext(this.shared);
  }

  add(code: DifferenceCode, side: DiffSide, path: string, details: DifferenceDetails = {}): void {
    this.differences.push({ code, side, path, details });
  }

  adopt(differences: readonly RawDifference[]): void {
    this.differences.push(...differences);
  }

  isCompatible(): boolean {
    return this.differences.every((d) => isCompatibleCode(d.code));
  }

  compare(original: Part | Located | undefined, update: Part | Located | undefined): void {
    this.shared.compare(this, original, update);
  }

  /** Runs `body` for a pair once; a pair met again while in progress is a cycle and adds nothing. */
  memoised(key: string, body: (ctx: DiffContext) => void): void {
    const cached = this.shared.memo.get(key);
    if (cached) {
      this.adopt(cached);
      return;
    }
    if (this.shared.inProgress.has(key)) return;
    this.assertWithinLimits();
    this.shared.inProgress.add(key);
    try {
      const sub = this.sub();
      body(sub);
      this.shared.memo.set(key, sub.differences);
      this.adopt(sub.differences);
    } finally {
      this.shared.inProgress.delete(key);
    }
  }

  private assertWithinLimits(): void {
    if (++this.shared.comparisons > MAX_COMPARISONS)
      throw new SchemaLimitError(
        `comparing these schemas takes more than ${MAX_COMPARISONS} sub-schema pairs (the limit); large allOf/anyOf/oneOf nested in one another multiply`,
      );
    if (this.shared.inProgress.size >= MAX_PAIRS_IN_PROGRESS)
      throw new SchemaLimitError(
        `the schemas nest deeper than ${MAX_PAIRS_IN_PROGRESS} levels of comparison (the limit)`,
      );
  }
}
