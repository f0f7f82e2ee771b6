/** Numeric limits (maxLength, minimum, maxItems, ...): added, removed, raised or lowered. */
import type { DifferenceCode } from './codes';
import type { DiffContext } from './diff-context';
import { keywordLocation } from './locate';
import type { Part } from './schema-model';

export interface BoundCodes {
  added: DifferenceCode;
  removed: DifferenceCode;
  increased: DifferenceCode;
  decreased: DifferenceCode;
}

export type BoundReader = (node: Record<string, unknown>) => number | undefined;

export const numberKeyword =
  (keyword: string): BoundReader =>
  (node) =>
    typeof node[keyword] === 'number' ? (node[keyword] as number) : undefined;

/** `X_ADDED`, `X_REMOVED`, `X_INCREASED`, `X_DECREASED` for keyword `x`. */
export function boundCodes(prefix: string): BoundCodes {
  return {
    added: `${prefix}_ADDED` as DifferenceCode,
    removed: `${prefix}_REMOVED` as DifferenceCode,
    increased: `${prefix}_INCREASED` as DifferenceCode,
    decreased: `${prefix}_DECREASED` as DifferenceCode,
  };
}

export function compareBound(
  ctx: DiffContext,
  original: Part,
  update: Part,
  keyword: string,
  codes: BoundCodes,
  read: BoundReader = numberKeyword(keyword),
): void {
  const from = read(original.node);
  const to = read(update.node);
  if (from === to) return;
  const where = keywordLocation(original, update, keyword);
  const details = { keyword, from, to };
  if (from === undefined) ctx.add(codes.added, where.side, where.path, details);
  else if (to === undefined) ctx.add(codes.removed, where.side, where.path, details);
  else ctx.add(from < to ? codes.increased : codes.decreased, where.side, where.path, details);
}
