/**
 * Compatibility modes as Confluent Schema Registry applies them: BACKWARD compares the new schema
 * (reader) with the latest previous one (writer); FORWARD runs the same diff with the two
 * swapped; FULL does both; *_TRANSITIVE compares against every previous version; NONE nothing.
 */
import { diffSchemas } from './diff';
import type { CompatibilityMode, Difference, JsonSchema } from './types';

export type Direction = 'backward' | 'forward';

/** A difference plus the schema its path points into. */
export interface CheckedDifference extends Difference {
  /** `next` (the candidate) or `previous` (the version at `against`). */
  schema: 'next' | 'previous';
}

export interface ComparisonResult {
  /** Index into `previous` (oldest first). */
  against: number;
  direction: Direction;
  compatible: boolean;
  differences: CheckedDifference[];
}

export interface CompatibilityResult {
  compatible: boolean;
  mode: CompatibilityMode;
  results: ComparisonResult[];
}

export interface CheckCompatibilityOptions {
  /** Registered versions, oldest first. */
  previous: readonly JsonSchema[];
  next: JsonSchema;
  mode: CompatibilityMode;
  /** Named in hints for changes that need a new event type, e.g. "task.created.v2". */
  nextVersion?: string;
  /** Names of the previous versions for messages (defaults to "previous schema"). */
  previousNames?: readonly string[];
}

const DIRECTIONS: Record<CompatibilityMode, { directions: Direction[]; transitive: boolean }> = {
  BACKWARD: { directions: ['backward'], transitive: false },
  BACKWARD_TRANSITIVE: { directions: ['backward'], transitive: true },
  FORWARD: { directions: ['forward'], transitive: false },
  FORWARD_TRANSITIVE: { directions: ['forward'], transitive: true },
  FULL: { directions: ['backward', 'forward'], transitive: false },
  FULL_TRANSITIVE: { directions: ['backward', 'forward'], transitive: true },
  NONE: { directions: [], transitive: false },
};

export function checkCompatibility(options: CheckCompatibilityOptions): CompatibilityResult {
  const { previous, mode } = options;
  const plan = DIRECTIONS[mode];
  if (!plan) throw new Error(`unknown compatibility mode "${mode}"`);
  const indexes =
    previous.length === 0
      ? []
      : plan.transitive
        ? previous.map((_, i) => i)
        : [previous.length - 1];
  const results: ComparisonResult[] = [];
  for (const against of indexes) {
    for (const direction of plan.directions) results.push(compareOne(options, against, direction));
  }
  return { compatible: results.every((r) => r.compatible), mode, results };
}

function compareOne(
  options: CheckCompatibilityOptions,
  against: number,
  direction: Direction,
): ComparisonResult {
  const previousName = options.previousNames?.[against] ?? 'previous schema';
  const nextVersion = options.nextVersion ?? 'a new event version';
  const previous = options.previous[against];
  const backward = direction === 'backward';
  // BACKWARD: the new schema must read what the previous one wrote; FORWARD the reverse.
  const differences = backward
    ? diffSchemas(previous, options.next, {
        old: previousName,
        new: 'new schema',
        direction,
        nextVersion,
      })
    : diffSchemas(options.next, previous, {
        old: 'new schema',
        new: previousName,
        direction,
        nextVersion,
      });
  const located = differences.map((d): CheckedDifference => ({
    ...d,
    schema: (d.side === 'new') === backward ? 'next' : 'previous',
  }));
  return {
    against,
    direction,
    compatible: located.every((d) => d.compatible),
    differences: located,
  };
}
