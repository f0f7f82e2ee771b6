/**
 * allOf / anyOf / oneOf, after Confluent's CombinedSchemaDiff: the combinator may only become
 * more permissive, and the alternatives are paired by a maximum matching in which each pair must
 * be compatible on its own. Where Confluent only says COMBINED_TYPE_SUBSCHEMAS_CHANGED, the
 * closest unmatched pairs are reported in detail instead (same verdict, a more useful message).
 */
import { canonicalJson } from './canonical-json';
import { isCompatibleCode, type DifferenceCode } from './codes';
import type { DiffContext } from './diff-context';
import { maximumMatching } from './matching';
import { isLocated, type Located, type Part } from './schema-model';

type CombinedPart = Extract<Part, { kind: 'combined' }>;

function criterionChange(original: CombinedPart, update: CombinedPart): DifferenceCode | undefined {
  if (original.criterion === update.criterion) return undefined;
  const singleton = (part: CombinedPart) => part.subschemas.length === 1;
  if (update.criterion === 'anyOf') return 'COMBINED_TYPE_EXTENDED';
  if (update.criterion === 'oneOf')
    return singleton(original) ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED';
  return singleton(original) && singleton(update)
    ? 'COMBINED_TYPE_EXTENDED'
    : 'COMBINED_TYPE_CHANGED';
}

/** Identical alternatives count once, as in Confluent. */
function distinct(subschemas: Array<Part | Located>): Array<Part | Located> {
  const seen = new Set<string>();
  return subschemas.filter((sub) => {
    const id = isLocated(sub) ? canonicalJson(sub.node) : sub.key;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function compareCombined(
  ctx: DiffContext,
  original: CombinedPart,
  update: CombinedPart,
): void {
  const change = criterionChange(original, update);
  if (change)
    ctx.add(change, update.side, update.combinedPath, {
      from: original.criterion,
      to: update.criterion,
    });
  if (change === 'COMBINED_TYPE_CHANGED') return;

  const before = distinct(original.subschemas);
  const after = distinct(update.subschemas);
  const details = { from: before.length, to: after.length, keyword: update.criterion };
  if (before.length !== after.length) {
    const grew = before.length < after.length;
    const code =
      update.criterion === 'allOf'
        ? grew
          ? 'PRODUCT_TYPE_EXTENDED'
          : 'PRODUCT_TYPE_NARROWED'
        : grew
          ? 'SUM_TYPE_EXTENDED'
          : 'SUM_TYPE_NARROWED';
    ctx.add(code, update.side, update.combinedPath, details);
  }

  const trials = before.map((a) =>
    after.map((b) => {
      const sub = ctx.sub();
      sub.compare(a, b);
      return sub;
    }),
  );
  const matching = maximumMatching(before.length, after.length, (i, j) =>
    trials[i][j].isCompatible(),
  );
  for (const [i, j] of matching) ctx.adopt(trials[i][j].differences);

  const missing = Math.min(before.length, after.length) - matching.length;
  if (missing <= 0) return;
  const explained = explainUnmatched(ctx, before, after, trials, matching, missing);
  if (explained < missing)
    ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED', update.side, update.combinedPath, details);
}

/** Pairs leftover alternatives of the same kind, closest first, and reports why they differ. */
function explainUnmatched(
  ctx: DiffContext,
  before: Array<Part | Located>,
  after: Array<Part | Located>,
  trials: DiffContext[][],
  matching: Array<[number, number]>,
  missing: number,
): number {
  const freeBefore = new Set(before.keys());
  const freeAfter = new Set(after.keys());
  for (const [i, j] of matching) {
    freeBefore.delete(i);
    freeAfter.delete(j);
  }
  const kind = (sub: Part | Located) => ctx.part(sub).kind;
  const candidates: Array<{ i: number; j: number; cost: number }> = [];
  for (const i of freeBefore) {
    for (const j of freeAfter) {
      if (kind(before[i]) !== kind(after[j])) continue;
      candidates.push({
        i,
        j,
        cost: trials[i][j].differences.filter((d) => !isCompatibleCode(d.code)).length,
      });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost);
  let explained = 0;
  for (const { i, j } of candidates) {
    if (explained === missing) break;
    if (!freeBefore.has(i) || !freeAfter.has(j)) continue;
    freeBefore.delete(i);
    freeAfter.delete(j);
    ctx.adopt(trials[i][j].differences);
    explained++;
  }
  return explained;
}
