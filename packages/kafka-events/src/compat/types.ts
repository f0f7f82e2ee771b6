import type { DifferenceCode } from './codes';

/** A JSON Schema document (draft-07 or 2020-12): an object, or a boolean schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Which of the two compared schemas a difference's path points into. */
export type DiffSide = 'old' | 'new';

export interface Difference {
  code: DifferenceCode;
  /** JSON pointer into the schema named by `side`, e.g. `#/properties/title/maxLength`. */
  path: string;
  /** The schema `path` points into: the keyword exists there (a removal points into the old one). */
  side: DiffSide;
  compatible: boolean;
  message: string;
  /** How to make the change safely; empty for compatible differences. */
  hint: string;
}

export const COMPATIBILITY_MODES = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

export function isCompatibilityMode(value: string): value is CompatibilityMode {
  return (COMPATIBILITY_MODES as readonly string[]).includes(value);
}
