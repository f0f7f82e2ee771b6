/**
 * Structural checks run before ajv sees a schema, because ajv (and the diff engine) recurse into
 * it: every `$ref` is local and resolves, no `$ref` chain loops back onto itself without reaching
 * a schema, nesting stays within MAX_SCHEMA_DEPTH counting each `$ref` followed as a level, the
 * document holds at most MAX_SCHEMA_NODES schema objects, and no allOf/anyOf/oneOf has more than
 * MAX_ALTERNATIVES alternatives. The walk's own recursion is
 * bounded by the same depth limit, checked before descending.
 */
import { appendPointer, pointerTokens } from './json-pointer';
import { MAX_ALTERNATIVES, MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES, SchemaLimitError } from './limits';
import { derefOrThrow, isObjectNode } from './schema-model';

/** Values below these keywords are data, not schemas: a "$ref" inside them is not a reference. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
/** Keywords whose members are named schemas, so a member called "enum" is still a schema. */
const NAMED_SCHEMAS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);
const COMBINATORS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Throws an Error saying what is wrong and where (`at #/...`). */
export function assertSchemaStructure(root: unknown): void {
  new StructureWalk(root).schema(root, '#', 1);
}

/** `#/%24defs/a` and `#/$defs/a` name the same node: compare pointers in one spelling. */
function canonicalPointer(ref: string): string {
  return appendPointer('#', ...pointerTokens(ref));
}

class StructureWalk {
  /** Deepest level each `$ref` target was walked from: arriving shallower cannot go deeper. */
  private readonly walkedAt = new Map<string, number>();
  /** `$ref` targets being walked: meeting one again is recursion, which ajv and the diff handle. */
  private readonly inWalk = new Set<string>();
  /** Every schema object met, by pointer: a `$ref` walked again does not count twice. */
  private readonly nodes = new Set<string>();

  constructor(private readonly root: unknown) {}

  schema(node: unknown, path: string, depth: number): void {
    if (!isObjectNode(node)) {
      if (Array.isArray(node)) this.values(node, path, depth);
      return;
    }
    this.enter(path, depth);
    this.nodes.add(path);
    if (this.nodes.size > MAX_SCHEMA_NODES)
      throw new SchemaLimitError(
        `holds more than ${MAX_SCHEMA_NODES} schema objects (the limit); the next one is at ${path}`,
      );
    for (const [keyword, value] of Object.entries(node)) {
      const at = appendPointer(path, keyword);
      if (keyword === '$ref' && typeof value === 'string') this.follow(value, path, depth);
      else if (DATA_KEYWORDS.has(keyword)) continue;
      else if (NAMED_SCHEMAS.has(keyword) && isObjectNode(value)) {
        this.enter(at, depth + 1);
        for (const [name, sub] of Object.entries(value))
          this.schema(sub, appendPointer(at, name), depth + 2);
      } else {
        if (COMBINATORS.has(keyword) && Array.isArray(value) && value.length > MAX_ALTERNATIVES)
          throw new SchemaLimitError(
            `${keyword} has ${value.length} alternatives; the limit is ${MAX_ALTERNATIVES}, as every old alternative is compared with every new one (at ${at})`,
          );
        this.schema(value, at, depth + 1);
      }
    }
  }

  private values(list: unknown[], path: string, depth: number): void {
    this.enter(path, depth);
    list.forEach((item, index) => this.schema(item, appendPointer(path, index), depth + 1));
  }

  private enter(path: string, depth: number): void {
    if (depth > MAX_SCHEMA_DEPTH)
      throw new SchemaLimitError(
        `nested deeper than ${MAX_SCHEMA_DEPTH} levels (the limit; each $ref followed counts as one) at ${path}`,
      );
  }

  private follow(ref: string, from: string, depth: number): void {
    let target: unknown;
    try {
      target = derefOrThrow(this.root, ref);
    } catch (error) {
      throw new Error(`${(error as Error).message} (at ${from})`, { cause: error });
    }
    const pointer = canonicalPointer(ref);
    this.assertReachesASchema(from, pointer, target);
    if (this.inWalk.has(pointer) || (this.walkedAt.get(pointer) ?? 0) >= depth + 1) return;
    this.walkedAt.set(pointer, depth + 1);
    this.inWalk.add(pointer);
    try {
      this.schema(target, pointer, depth + 1);
    } finally {
      this.inWalk.delete(pointer);
    }
  }

  /** A schema that is a `$ref` to a `$ref` ... back to itself never says what it accepts. */
  private assertReachesASchema(from: string, pointer: string, target: unknown): void {
    const chain = [from, pointer];
    let node = target;
    while (isObjectNode(node) && typeof node['$ref'] === 'string') {
      const next = canonicalPointer(node['$ref']);
      if (chain.includes(next))
        throw new Error(
          `$ref cycle ${[...chain.slice(chain.indexOf(next)), next].join(' -> ')} never reaches a schema (at ${from})`,
        );
      chain.push(next);
      node = derefOrThrow(this.root, node['$ref']);
    }
  }
}
