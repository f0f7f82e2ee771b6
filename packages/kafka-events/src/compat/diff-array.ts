/**
 * Arrays, after Confluent's ArraySchemaDiff: the schema of all items, tuple positions judged by the
 * content model of the items after the tuple, the rest-items schema, and the count limits.
 * Draft-07 spells a tuple `items: [...]` + `additionalItems`; 2020-12 (zod) `prefixItems` + `items`.
 */
import { boundCodes, compareBound } from './bounds';
import type { DifferenceCode } from './codes';
import type { DiffContext } from './diff-context';
import { appendPointer } from './json-pointer';
import { keywordLocation } from './locate';
import { isObjectNode, resolveRefs, type Documents, type Located, type Part } from './schema-model';

interface ArrayShape {
  /** `items` as one schema for every element (no tuple). */
  allItems?: Located;
  tuple: Located[];
  /** Elements after the tuple: `false` forbids them, a schema constrains them. */
  rest: { keyword: string; permits: boolean; schema?: Located };
}

function shape(part: Part): ArrayShape {
  const { node, side, path } = part;
  const at = (...tokens: Array<string | number>) => appendPointer(path, ...tokens);
  const located = (value: unknown, ...tokens: Array<string | number>): Located => ({
    side,
    path: at(...tokens),
    node: value,
  });
  const restOf = (keyword: string) => {
    const value = node[keyword];
    const schema =
      isObjectNode(value) && Object.keys(value).length > 0 ? located(value, keyword) : undefined;
    return { keyword, permits: value !== false, schema };
  };
  if (Array.isArray(node['prefixItems'])) {
    return {
      tuple: node['prefixItems'].map((item, i) => located(item, 'prefixItems', i)),
      rest: restOf('items'),
    };
  }
  if (Array.isArray(node['items'])) {
    return {
      tuple: node['items'].map((item, i) => located(item, 'items', i)),
      rest: restOf('additionalItems'),
    };
  }
  return {
    allItems: 'items' in node ? located(node['items'], 'items') : undefined,
    tuple: [],
    rest: { keyword: 'additionalItems', permits: true },
  };
}

function isEmptySchema(docs: Documents, located: Located): boolean {
  const { node } = resolveRefs(docs, located);
  return node === true || (isObjectNode(node) && Object.keys(node).length === 0);
}

export function compareArray(ctx: DiffContext, original: Part, update: Part): void {
  const before = shape(original);
  const after = shape(update);
  ctx.compare(before.allItems, after.allItems);
  compareTuple(ctx, before, after);
  compareRest(ctx, original, update, before, after);
  compareBound(ctx, original, update, 'maxItems', boundCodes('MAX_ITEMS'));
  compareBound(ctx, original, update, 'minItems', boundCodes('MIN_ITEMS'));
  compareBound(ctx, original, update, 'maxContains', boundCodes('MAX_CONTAINS'));
  compareBound(ctx, original, update, 'minContains', boundCodes('MIN_CONTAINS'));
  const wasUnique = original.node['uniqueItems'] === true;
  const isUnique = update.node['uniqueItems'] === true;
  if (wasUnique !== isUnique) {
    const where = keywordLocation(original, update, 'uniqueItems');
    ctx.add(isUnique ? 'UNIQUE_ITEMS_ADDED' : 'UNIQUE_ITEMS_REMOVED', where.side, where.path, {
      keyword: 'uniqueItems',
      from: wasUnique,
      to: isUnique,
    });
  }
}

function compareTuple(ctx: DiffContext, before: ArrayShape, after: ArrayShape): void {
  const shared = Math.min(before.tuple.length, after.tuple.length);
  for (let i = 0; i < shared; i++) ctx.compare(before.tuple[i], after.tuple[i]);
  // A position the update no longer lists is judged by the update's rest-items model.
  for (const removed of before.tuple.slice(shared)) {
    judgeItem(ctx, removed, after.rest, 'removed', (covering) => {
      const sub = ctx.sub();
      sub.compare(removed, covering);
      return sub;
    });
  }
  // A new position is judged by the original's rest-items model.
  for (const added of after.tuple.slice(shared)) {
    judgeItem(ctx, added, before.rest, 'added', (covering) => {
      const sub = ctx.sub();
      sub.compare(covering, added);
      return sub;
    });
  }
}

function judgeItem(
  ctx: DiffContext,
  item: Located,
  rest: ArrayShape['rest'],
  change: 'added' | 'removed',
  compareWith: (covering: Located) => DiffContext,
): void {
  const open = rest.permits && !rest.schema;
  const details = { keyword: 'items' };
  let code: DifferenceCode;
  if (open) {
    code =
      change === 'removed'
        ? 'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL'
        : isEmptySchema(ctx.docs, item)
          ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
          : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL';
  } else if (rest.schema) {
    const sub = compareWith(rest.schema);
    ctx.adopt(sub.differences);
    const covered = sub.isCompatible();
    code =
      change === 'removed'
        ? covered
          ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : covered
          ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL';
  } else {
    code =
      change === 'added'
        ? 'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL'
        : item.node === false
          ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
          : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL';
  }
  ctx.add(code, item.side, item.path, details);
}

function compareRest(
  ctx: DiffContext,
  original: Part,
  update: Part,
  before: ArrayShape,
  after: ArrayShape,
): void {
  const keyword = after.rest.keyword in update.node ? after.rest.keyword : before.rest.keyword;
  const where = keywordLocation(original, update, keyword);
  const details = {
    keyword,
    from: original.node[before.rest.keyword],
    to: update.node[after.rest.keyword],
  };
  if (before.rest.permits !== after.rest.permits) {
    ctx.add(
      after.rest.permits ? 'ADDITIONAL_ITEMS_ADDED' : 'ADDITIONAL_ITEMS_REMOVED',
      where.side,
      where.path,
      details,
    );
  } else if (!before.rest.schema && after.rest.schema) {
    ctx.add('ADDITIONAL_ITEMS_NARROWED', where.side, where.path, details);
  } else if (before.rest.schema && !after.rest.schema) {
    ctx.add('ADDITIONAL_ITEMS_EXTENDED', where.side, where.path, details);
  } else if (before.rest.schema && after.rest.schema) {
    ctx.compare(before.rest.schema, after.rest.schema);
  }
}
