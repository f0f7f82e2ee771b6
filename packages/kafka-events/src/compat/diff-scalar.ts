/** Strings, numbers, enum, const, not and the annotation keywords. */
import { boundCodes, compareBound, numberKeyword, type BoundReader } from './bounds';
import { canonicalJson, jsonEqual } from './canonical-json';
import type { DifferenceCode } from './codes';
import type { DiffContext } from './diff-context';
import { appendPointer } from './json-pointer';
import { keywordLocation } from './locate';
import type { Part } from './schema-model';

type NumberPart = Extract<Part, { kind: 'number' }>;
type EnumPart = Extract<Part, { kind: 'enum' }>;
type ConstPart = Extract<Part, { kind: 'const' }>;

export function compareString(ctx: DiffContext, original: Part, update: Part): void {
  compareBound(ctx, original, update, 'maxLength', boundCodes('MAX_LENGTH'));
  compareBound(ctx, original, update, 'minLength', boundCodes('MIN_LENGTH'));
  compareText(ctx, original, update, 'pattern', [
    'PATTERN_ADDED',
    'PATTERN_REMOVED',
    'PATTERN_CHANGED',
  ]);
  compareText(ctx, original, update, 'format', [
    'FORMAT_ADDED',
    'FORMAT_REMOVED',
    'FORMAT_CHANGED',
  ]);
}

function compareText(
  ctx: DiffContext,
  original: Part,
  update: Part,
  keyword: string,
  [added, removed, changed]: [DifferenceCode, DifferenceCode, DifferenceCode],
): void {
  const from =
    typeof original.node[keyword] === 'string' ? (original.node[keyword] as string) : undefined;
  const to =
    typeof update.node[keyword] === 'string' ? (update.node[keyword] as string) : undefined;
  if (from === to) return;
  const where = keywordLocation(original, update, keyword);
  const code = from === undefined ? added : to === undefined ? removed : changed;
  ctx.add(code, where.side, where.path, { keyword, from, to });
}

/**
 * Draft-04 wrote an exclusive limit as `maximum` plus `exclusiveMaximum: true`; later drafts as
 * `exclusiveMaximum: <number>`. Both read here as one inclusive and one exclusive limit.
 */
function inclusiveLimit(keyword: 'maximum' | 'minimum', exclusiveKeyword: string): BoundReader {
  return (node) => (node[exclusiveKeyword] === true ? undefined : numberKeyword(keyword)(node));
}

function exclusiveLimit(keyword: 'maximum' | 'minimum', exclusiveKeyword: string): BoundReader {
  return (node) =>
    node[exclusiveKeyword] === true
      ? numberKeyword(keyword)(node)
      : numberKeyword(exclusiveKeyword)(node);
}

export function compareNumber(ctx: DiffContext, original: NumberPart, update: NumberPart): void {
  compareBound(
    ctx,
    original,
    update,
    'maximum',
    boundCodes('MAXIMUM'),
    inclusiveLimit('maximum', 'exclusiveMaximum'),
  );
  compareBound(
    ctx,
    original,
    update,
    'minimum',
    boundCodes('MINIMUM'),
    inclusiveLimit('minimum', 'exclusiveMinimum'),
  );
  compareBound(
    ctx,
    original,
    update,
    'exclusiveMaximum',
    boundCodes('EXCLUSIVE_MAXIMUM'),
    exclusiveLimit('maximum', 'exclusiveMaximum'),
  );
  compareBound(
    ctx,
    original,
    update,
    'exclusiveMinimum',
    boundCodes('EXCLUSIVE_MINIMUM'),
    exclusiveLimit('minimum', 'exclusiveMinimum'),
  );
  compareMultipleOf(ctx, original, update);
  if (original.integer !== update.integer) {
    const where = keywordLocation(original, update, 'type');
    const details = {
      keyword: 'type',
      from: original.integer ? 'integer' : 'number',
      to: update.integer ? 'integer' : 'number',
    };
    ctx.add(original.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED', where.side, where.path, details);
  }
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function compareMultipleOf(ctx: DiffContext, original: Part, update: Part): void {
  const read = numberKeyword('multipleOf');
  const from = read(original.node);
  const to = read(update.node);
  if (from === to) return;
  const where = keywordLocation(original, update, 'multipleOf');
  const details = { keyword: 'multipleOf', from, to };
  // A new step that is a multiple of the old one admits fewer values (EXPANDED); a divisor more.
  const code: DifferenceCode =
    from === undefined
      ? 'MULTIPLE_OF_ADDED'
      : to === undefined
        ? 'MULTIPLE_OF_REMOVED'
        : isMultiple(to, from)
          ? 'MULTIPLE_OF_EXPANDED'
          : isMultiple(from, to)
            ? 'MULTIPLE_OF_REDUCED'
            : 'MULTIPLE_OF_CHANGED';
  ctx.add(code, where.side, where.path, details);
}

export function compareEnum(ctx: DiffContext, original: EnumPart, update: EnumPart): void {
  const before = new Set(original.values.map(canonicalJson));
  const after = new Set(update.values.map(canonicalJson));
  const added = [...after].filter((v) => !before.has(v));
  const removed = [...before].filter((v) => !after.has(v));
  if (added.length === 0 && removed.length === 0) return;
  const where = keywordLocation(original, update, 'enum');
  const details = {
    keyword: 'enum',
    from: removed.map((v) => JSON.parse(v)),
    to: added.map((v) => JSON.parse(v)),
  };
  const code: DifferenceCode =
    removed.length === 0
      ? 'ENUM_ARRAY_EXTENDED'
      : added.length === 0
        ? 'ENUM_ARRAY_NARROWED'
        : 'ENUM_ARRAY_CHANGED';
  ctx.add(code, where.side, where.path, details);
}

export function compareConst(ctx: DiffContext, original: ConstPart, update: ConstPart): void {
  if (jsonEqual(original.value, update.value)) return;
  const where = keywordLocation(original, update, 'const');
  ctx.add('ENUM_ARRAY_CHANGED', where.side, where.path, {
    keyword: 'const',
    from: original.value,
    to: update.value,
  });
}

/** `not`: the new schema may exclude less than the old, never more -- so compare swapped. */
export function compareNot(ctx: DiffContext, original: Part, update: Part): void {
  const sub = ctx.sub();
  const originalPath = appendPointer(original.path, 'not');
  const updatePath = appendPointer(update.path, 'not');
  sub.compare(
    { side: update.side, path: updatePath, node: update.node['not'] },
    { side: original.side, path: originalPath, node: original.node['not'] },
  );
  if (sub.differences.length === 0) return;
  ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED', update.side, updatePath, {
    keyword: 'not',
  });
}

const ANNOTATION_CODES: Array<[string, DifferenceCode]> = [
  ['$id', 'ID_CHANGED'],
  ['title', 'TITLE_CHANGED'],
  ['description', 'DESCRIPTION_CHANGED'],
  ['default', 'DEFAULT_CHANGED'],
];

/** Annotations never decide compatibility; they are reported (as compatible) like Confluent does. */
export function compareAnnotations(ctx: DiffContext, original: Part, update: Part): void {
  for (const [keyword, code] of ANNOTATION_CODES) {
    const from = original.node[keyword];
    const to = update.node[keyword];
    if (jsonEqual(from, to)) continue;
    const where = keywordLocation(original, update, keyword);
    ctx.add(code, where.side, where.path, { keyword, from, to });
  }
}
