/**
 * Objects: required, properties (judged by the content model), additionalProperties and the
 * property-count limits -- after Confluent's ObjectSchemaDiff. A property missing on one side is
 * judged by the other side's content model: open (any extra property allowed), closed
 * (`additionalProperties: false`) or partially open (patternProperties / a schema for
 * additionalProperties, which decide only for the names they cover).
 */
import { boundCodes, compareBound } from './bounds';
import type { DiffContext } from './diff-context';
import { appendPointer } from './json-pointer';
import { keywordLocation } from './locate';
import { isObjectNode, resolveRefs, type Documents, type Located, type Part } from './schema-model';

interface ContentModel {
  permitsAdditional: boolean;
  additionalSchema?: Located;
  patterns: Array<{ regex: RegExp; schema: Located }>;
}

function properties(part: Part): Record<string, unknown> {
  return isObjectNode(part.node['properties']) ? part.node['properties'] : {};
}

/** Required names -> their index in `required` (pointers name the index); a Map keeps it linear. */
function requiredIndex(part: Part): Map<string, number> {
  const list = part.node['required'];
  const index = new Map<string, number>();
  if (!Array.isArray(list)) return index;
  list.forEach((name, i) => {
    if (typeof name === 'string' && !index.has(name)) index.set(name, i);
  });
  return index;
}

function propertyAt(part: Part, name: string): Located {
  return {
    side: part.side,
    path: appendPointer(part.path, 'properties', name),
    node: properties(part)[name],
  };
}

function compileRegex(source: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(source, flags);
    } catch {
      // try the next flavour; JSON Schema regexes are ECMA-262 but some are written without `u`
    }
  }
  return undefined;
}

function contentModel(part: Part): ContentModel {
  const additional = part.node['additionalProperties'];
  // `additionalProperties: {}` admits everything, exactly like leaving it out.
  const hasSchema = isObjectNode(additional) && Object.keys(additional).length > 0;
  const patternNode = isObjectNode(part.node['patternProperties'])
    ? part.node['patternProperties']
    : {};
  const patterns = Object.entries(patternNode).flatMap(([source, schema]) => {
    const regex = compileRegex(source);
    const path = appendPointer(part.path, 'patternProperties', source);
    return regex ? [{ regex, schema: { side: part.side, path, node: schema } }] : [];
  });
  return {
    permitsAdditional: additional !== false,
    additionalSchema: hasSchema
      ? {
          side: part.side,
          path: appendPointer(part.path, 'additionalProperties'),
          node: additional,
        }
      : undefined,
    patterns,
  };
}

function isOpen(model: ContentModel): boolean {
  return model.permitsAdditional && !model.additionalSchema && model.patterns.length === 0;
}

/** The schema a partially open model gives a property it does not list, if any. */
function coveringSchema(model: ContentModel, name: string): Located | undefined {
  return model.patterns.find(({ regex }) => regex.test(name))?.schema ?? model.additionalSchema;
}

function isEmptySchema(docs: Documents, located: Located): boolean {
  const { node } = resolveRefs(docs, located);
  return (
    node === true ||
    (isObjectNode(node) &&
      Object.keys(node).every((k) =>
        ['title', 'description', '$comment', 'examples', 'default'].includes(k),
      ))
  );
}

function hasDefault(docs: Documents, located: Located): boolean {
  if (isObjectNode(located.node) && 'default' in located.node) return true;
  const { node } = resolveRefs(docs, located);
  return isObjectNode(node) && 'default' in node;
}

export function compareObject(ctx: DiffContext, original: Part, update: Part): void {
  compareRequired(ctx, original, update);
  compareProperties(ctx, original, update);
  compareAdditionalProperties(ctx, original, update);
  compareBound(ctx, original, update, 'maxProperties', boundCodes('MAX_PROPERTIES'));
  compareBound(ctx, original, update, 'minProperties', boundCodes('MIN_PROPERTIES'));
}

function compareRequired(ctx: DiffContext, original: Part, update: Part): void {
  const before = requiredIndex(original);
  const after = requiredIndex(update);
  const updateProperties = properties(update);
  for (const name of Object.keys(properties(original))) {
    if (!(name in updateProperties)) continue;
    const wasRequired = before.get(name);
    const isRequired = after.get(name);
    if (wasRequired !== undefined && isRequired === undefined) {
      ctx.add(
        'REQUIRED_ATTRIBUTE_REMOVED',
        original.side,
        appendPointer(original.path, 'required', wasRequired),
        { property: name },
      );
    } else if (wasRequired === undefined && isRequired !== undefined) {
      const code = hasDefault(ctx.docs, propertyAt(update, name))
        ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED'
        : 'REQUIRED_ATTRIBUTE_ADDED';
      ctx.add(code, update.side, appendPointer(update.path, 'required', isRequired), {
        property: name,
      });
    }
  }
}

function compareProperties(ctx: DiffContext, original: Part, update: Part): void {
  const before = properties(original);
  const after = properties(update);
  const names = [...Object.keys(before), ...Object.keys(after).filter((name) => !(name in before))];
  const updateRequired = requiredIndex(update);
  for (const name of names) {
    if (name in before && name in after)
      ctx.compare(propertyAt(original, name), propertyAt(update, name));
    else if (name in before) propertyRemoved(ctx, original, update, name);
    else propertyAdded(ctx, original, update, name, updateRequired.has(name));
  }
}

/** Judged by the update's content model: only an open or covering one still accepts the property. */
function propertyRemoved(ctx: DiffContext, original: Part, update: Part, name: string): void {
  const removed = propertyAt(original, name);
  const model = contentModel(update);
  const details = { property: name };
  if (isOpen(model)) {
    ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', removed.side, removed.path, details);
    return;
  }
  const covering = coveringSchema(model, name);
  if (covering) {
    const sub = ctx.sub();
    sub.compare(removed, covering);
    ctx.adopt(sub.differences);
    const code = sub.isCompatible()
      ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
      : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL';
    ctx.add(code, removed.side, removed.path, details);
    return;
  }
  const code =
    removed.node === false
      ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
      : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL';
  ctx.add(code, removed.side, removed.path, details);
}

/** Judged by the original's content model: an open one may already hold any value under that name. */
function propertyAdded(
  ctx: DiffContext,
  original: Part,
  update: Part,
  name: string,
  isRequired: boolean,
): void {
  const added = propertyAt(update, name);
  const model = contentModel(original);
  const withDefault = isRequired && hasDefault(ctx.docs, added);
  const details = { property: name };
  if (isOpen(model)) {
    const code = isEmptySchema(ctx.docs, added)
      ? 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
      : !isRequired
        ? 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'
        : withDefault
          ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL'
          : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL';
    ctx.add(code, added.side, added.path, details);
    return;
  }
  const covering = coveringSchema(model, name);
  if (covering) {
    const sub = ctx.sub();
    sub.compare(covering, added);
    ctx.adopt(sub.differences);
    const code = sub.isCompatible()
      ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
      : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL';
    ctx.add(code, added.side, added.path, details);
  }
  const code = !isRequired
    ? 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'
    : withDefault
      ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'
      : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL';
  ctx.add(code, added.side, added.path, details);
}

function compareAdditionalProperties(ctx: DiffContext, original: Part, update: Part): void {
  const before = contentModel(original);
  const after = contentModel(update);
  const where = keywordLocation(original, update, 'additionalProperties');
  const details = {
    keyword: 'additionalProperties',
    from: original.node['additionalProperties'],
    to: update.node['additionalProperties'],
  };
  if (before.permitsAdditional !== after.permitsAdditional) {
    ctx.add(
      after.permitsAdditional ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED',
      where.side,
      where.path,
      details,
    );
  } else if (!before.additionalSchema && after.additionalSchema) {
    ctx.add('ADDITIONAL_PROPERTIES_NARROWED', where.side, where.path, details);
  } else if (before.additionalSchema && !after.additionalSchema) {
    ctx.add('ADDITIONAL_PROPERTIES_EXTENDED', where.side, where.path, details);
  } else if (before.additionalSchema && after.additionalSchema) {
    ctx.compare(before.additionalSchema, after.additionalSchema);
  }
}
