/**
 * Reads one schema node into the shape Confluent's checker reasons about (it loads schemas with
 * the everit library): a node is split into parts -- one per type, enum, const, not and each
 * combinator -- and a node with several parts is an implicit allOf ("synthetic" here), a type
 * array an implicit anyOf. `{"type":"string","enum":[...]}` is therefore allOf[string, enum],
 * and `{"type":["string","null"]}` is anyOf[string, null], exactly as the registry sees them.
 */
import { appendPointer, resolvePointer } from './json-pointer';
import type { DiffSide } from './types';

/** A raw schema node and where it sits in its document. */
export interface Located {
  side: DiffSide;
  path: string;
  node: unknown;
  /** Never set: tells a Located from a Part. */
  kind?: undefined;
}

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';
export type ScalarKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

interface PartBase {
  /** Unique per document location and part, for cycle detection and memoising. */
  key: string;
  side: DiffSide;
  /** Pointer of the node the part's keywords belong to. */
  path: string;
  node: Record<string, unknown>;
}

export type Part =
  | (PartBase & { kind: 'any' | 'false' })
  | (PartBase & { kind: 'string' | 'boolean' | 'null' | 'object' | 'array' })
  | (PartBase & { kind: 'number'; integer: boolean })
  | (PartBase & { kind: 'enum'; values: unknown[] })
  | (PartBase & { kind: 'const'; value: unknown })
  | (PartBase & { kind: 'not' })
  | (PartBase & {
      kind: 'combined';
      criterion: Criterion;
      /** Real combinators point at `.../anyOf`; synthetic ones share the node's path. */
      combinedPath: string;
      synthetic: boolean;
      subschemas: Array<Part | Located>;
    });

const TYPE_KEYWORDS: Record<Exclude<ScalarKind, 'boolean' | 'null'>, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  object: [
    'properties',
    'required',
    'additionalProperties',
    'patternProperties',
    'minProperties',
    'maxProperties',
    'propertyNames',
  ],
  array: [
    'items',
    'prefixItems',
    'additionalItems',
    'minItems',
    'maxItems',
    'uniqueItems',
    'contains',
    'minContains',
    'maxContains',
  ],
};

/** Keywords beside `$ref` that do not constrain anything. */
const ANNOTATIONS = new Set([
  '$ref',
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

export function isLocated(value: Part | Located): value is Located {
  return value.kind === undefined;
}

export function isObjectNode(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/** The schemas both documents' `$ref`s resolve against. */
export interface Documents {
  old: unknown;
  new: unknown;
}

/** Follows local `$ref`s (pointer fragments) until a node without a lone `$ref`. */
export function resolveRefs(docs: Documents, located: Located): Located {
  let current = located;
  const seen = new Set<string>();
  while (
    isObjectNode(current.node) &&
    typeof current.node['$ref'] === 'string' &&
    onlyAnnotationsBeside(current.node)
  ) {
    const ref = current.node['$ref'] as string;
    if (seen.has(ref)) return { ...current, node: true }; // `$ref` chain loops onto itself: constrains nothing
    seen.add(ref);
    current = {
      side: current.side,
      path: refPointer(ref),
      node: derefOrThrow(docs[current.side], ref),
    };
  }
  return current;
}

function onlyAnnotationsBeside(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((keyword) => ANNOTATIONS.has(keyword));
}

function refPointer(ref: string): string {
  return ref === '#' ? '#' : ref;
}

export function derefOrThrow(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`only local $ref ("#/...") is supported, got "${ref}"`);
  const target = resolvePointer(root, ref);
  if (target === undefined) throw new Error(`$ref "${ref}" does not resolve inside the schema`);
  return target;
}

/** Normalises a located node into one part (a synthetic allOf when it has several). */
export function toPart(docs: Documents, input: Part | Located): Part {
  if (!isLocated(input)) return input;
  const { side, path, node } = resolveRefs(docs, input);
  const base = (suffix: string, raw: Record<string, unknown>): PartBase => ({
    key: `${side}:${path}${suffix}`,
    side,
    path,
    node: raw,
  });
  if (node === false) return { ...base('', {}), kind: 'false' };
  if (!isObjectNode(node)) return { ...base('', {}), kind: 'any' };

  const parts: Part[] = [];
  if (typeof node['$ref'] === 'string') {
    // `$ref` with assertions beside it (2020-12): both apply.
    parts.push(
      toPart(docs, {
        side,
        path: refPointer(node['$ref']),
        node: derefOrThrow(docs[side], node['$ref']),
      }),
    );
  }
  if (Array.isArray(node['enum']))
    parts.push({ ...base('@enum', node), kind: 'enum', values: node['enum'] });
  if ('const' in node) parts.push({ ...base('@const', node), kind: 'const', value: node['const'] });
  if ('not' in node) parts.push({ ...base('@not', node), kind: 'not' });
  for (const criterion of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[criterion];
    if (!Array.isArray(list)) continue;
    const combinedPath = appendPointer(path, criterion);
    parts.push({
      ...base(`@${criterion}`, node),
      kind: 'combined',
      criterion,
      combinedPath,
      synthetic: false,
      subschemas: list.map((sub, index) => ({
        side,
        path: appendPointer(combinedPath, index),
        node: sub,
      })),
    });
  }
  parts.push(...typedParts(node, base));

  if (parts.length === 0) return { ...base('', node), kind: 'any' };
  if (parts.length === 1) return parts[0];
  return {
    ...base('@allOf*', node),
    kind: 'combined',
    criterion: 'allOf',
    combinedPath: path,
    synthetic: true,
    subschemas: parts,
  };
}

function typedParts(
  node: Record<string, unknown>,
  base: (suffix: string, raw: Record<string, unknown>) => PartBase,
): Part[] {
  const declared = node['type'];
  const types: string[] =
    typeof declared === 'string'
      ? [declared]
      : Array.isArray(declared)
        ? declared.filter((t): t is string => typeof t === 'string')
        : (Object.keys(TYPE_KEYWORDS) as Array<keyof typeof TYPE_KEYWORDS>).filter((kind) =>
            TYPE_KEYWORDS[kind].some((keyword) => keyword in node),
          );
  const parts = [...new Set(types)].map((type): Part => {
    const part = base(`@${type}`, node);
    if (type === 'integer' || type === 'number')
      return { ...part, kind: 'number', integer: type === 'integer' };
    return { ...part, kind: type as 'string' | 'boolean' | 'null' | 'object' | 'array' };
  });
  if (Array.isArray(declared) && parts.length > 1) {
    const path = parts[0].path;
    return [
      {
        ...base('@type', node),
        kind: 'combined',
        criterion: 'anyOf',
        combinedPath: appendPointer(path, 'type'),
        synthetic: true,
        subschemas: parts,
      },
    ];
  }
  // Without `type`, keywords of several types each constrain only their own type: the caller
  // joins them into an allOf, as everit loads them.
  return parts;
}

/** The name of a part's type for messages (`string`, `integer`, `enum`, `anyOf`, ...). */
export function describePart(part: Part): string {
  switch (part.kind) {
    case 'number':
      return part.integer ? 'integer' : 'number';
    case 'combined':
      if (part.synthetic && part.criterion === 'anyOf')
        return part.subschemas.map((s) => (isLocated(s) ? '?' : describePart(s))).join('|');
      return part.synthetic
        ? part.subschemas.map((s) => (isLocated(s) ? '?' : describePart(s))).join('+')
        : part.criterion;
    case 'any':
      return 'any value ({})';
    case 'false':
      return 'nothing (false)';
    default:
      return part.kind;
  }
}
