/**
 * The comparison walk, after Confluent's SchemaDiff.compare: unwrap single-alternative unions,
 * let a union absorb a schema one of its alternatives accepts (SUM_TYPE_EXTENDED), report a
 * change of kind as TYPE_CHANGED (unless the old schema accepted nothing or the new one accepts
 * everything), then compare kind by kind.
 */
import { compareArray } from './diff-array';
import { compareCombined } from './diff-combined';
import { DiffContext, type RawDifference } from './diff-context';
import { compareObject } from './diff-object';
import {
  compareAnnotations,
  compareConst,
  compareEnum,
  compareNot,
  compareNumber,
  compareString,
} from './diff-scalar';
import { appendPointer } from './json-pointer';
import { describePart, type Documents, type Located, type Part } from './schema-model';

function compare(
  ctx: DiffContext,
  original: Part | Located | undefined,
  update: Part | Located | undefined,
): void {
  if (original === undefined && update === undefined) return;
  if (original === undefined) {
    ctx.add('SCHEMA_ADDED', update!.side, update!.path);
    return;
  }
  if (update === undefined) {
    ctx.add('SCHEMA_REMOVED', original.side, original.path);
    return;
  }
  const before = ctx.part(original);
  const after = ctx.part(update);
  ctx.memoised(`${before.key}|${after.key}`, (sub) => compareParts(sub, before, after));
}

function typePath(part: Part): string {
  if (part.kind === 'combined') return part.combinedPath;
  return 'type' in part.node ? appendPointer(part.path, 'type') : part.path;
}

function compareParts(ctx: DiffContext, before: Part, after: Part): void {
  if (before.kind !== 'combined' && after.kind === 'combined') {
    if (after.subschemas.length === 1 || after.criterion !== 'allOf') {
      for (const alternative of after.subschemas) {
        const sub = ctx.sub();
        sub.compare(before, alternative);
        if (sub.isCompatible()) {
          ctx.adopt(sub.differences);
          if (after.subschemas.length > 1)
            ctx.add('SUM_TYPE_EXTENDED', after.side, after.combinedPath, {
              from: describePart(before),
              to: describePart(after),
            });
          return;
        }
      }
    }
  } else if (
    before.kind === 'combined' &&
    after.kind !== 'combined' &&
    before.subschemas.length === 1
  ) {
    const sub = ctx.sub();
    sub.compare(before.subschemas[0], after);
    if (sub.isCompatible()) {
      ctx.adopt(sub.differences);
      return;
    }
  }

  if (before.kind !== after.kind) {
    if (before.kind === 'false' || after.kind === 'any') return;
    ctx.add('TYPE_CHANGED', after.side, typePath(after), {
      keyword: 'type',
      from: describePart(before),
      to: describePart(after),
    });
    return;
  }

  compareAnnotations(ctx, before, after);
  switch (before.kind) {
    case 'string':
      return compareString(ctx, before, after);
    case 'number':
      return compareNumber(ctx, before, after as typeof before);
    case 'enum':
      return compareEnum(ctx, before, after as typeof before);
    case 'const':
      return compareConst(ctx, before, after as typeof before);
    case 'not':
      return compareNot(ctx, before, after);
    case 'object':
      return compareObject(ctx, before, after);
    case 'array':
      return compareArray(ctx, before, after);
    case 'combined':
      return compareCombined(ctx, before, after as typeof before);
    default:
      return; // any, false, boolean, null: nothing more to compare
  }
}

/** Raw differences between two schema documents, old (the writer's) -> new (the reader's). */
export function diffRaw(oldSchema: unknown, newSchema: unknown): RawDifference[] {
  const docs: Documents = { old: oldSchema, new: newSchema };
  const ctx = DiffContext.root(docs, compare);
  ctx.compare(
    { side: 'old', path: '#', node: oldSchema },
    { side: 'new', path: '#', node: newSchema },
  );
  const seen = new Set<string>();
  return ctx.differences.filter((d) => {
    const id = `${d.code} ${d.side} ${d.path}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
