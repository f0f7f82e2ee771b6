/**
 * Checks that a parsed document is a JSON Schema this checker can compare: valid against its
 * draft's meta-schema (2020-12 when `$schema` is absent, as zod emits; draft-07, 2019-09 and
 * draft-06 too), compilable by ajv (catches bad regexes), with only local `$ref`s that resolve.
 */
import Ajv, { type AnySchema, type AnySchemaObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { derefOrThrow, isObjectNode } from './schema-model';

type AjvInstance = Ajv | Ajv2019 | Ajv2020;

const SCHEMA_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  '$anchor',
  '$dynamicRef',
  '$comment',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'title',
  'description',
  'default',
  'examples',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
]);

/** Values below these keywords are data, not schemas: a "$ref" inside them is not a reference. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

function ajvFor(dialect: string | undefined): AjvInstance {
  const options = { strict: false, logger: false as const, allErrors: true };
  let ajv: AjvInstance;
  if (dialect === undefined || dialect.includes('2020-12')) ajv = new Ajv2020(options);
  else if (dialect.includes('2019-09')) ajv = new Ajv2019(options);
  else if (dialect.includes('draft-07')) ajv = new Ajv(options);
  else if (dialect.includes('draft-06')) {
    ajv = new Ajv(options);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  } else {
    throw new Error(`unsupported $schema "${dialect}" (use draft-07 or 2020-12)`);
  }
  addFormats(ajv);
  return ajv;
}

function checkRefs(root: unknown, node: unknown, path: string): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkRefs(root, item, `${path}/${i}`));
    return;
  }
  if (!isObjectNode(node)) return;
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === '$ref' && typeof value === 'string') {
      try {
        derefOrThrow(root, value);
      } catch (error) {
        throw new Error(`${(error as Error).message} (at ${path})`);
      }
    } else if (!DATA_KEYWORDS.has(keyword)) {
      checkRefs(root, value, `${path}/${keyword}`);
    }
  }
}

/** Throws an Error saying what is wrong when `schema` is not a usable JSON Schema. */
export function assertJsonSchema(schema: unknown): void {
  if (typeof schema === 'boolean') return;
  if (!isObjectNode(schema))
    throw new Error(
      `not a JSON Schema: expected an object or a boolean, got ${Array.isArray(schema) ? 'an array' : JSON.stringify(schema)}`,
    );
  const keys = Object.keys(schema);
  if (keys.length > 0 && !keys.some((key) => SCHEMA_KEYWORDS.has(key))) {
    throw new Error(
      `not a JSON Schema: none of its keys (${keys.slice(0, 5).join(', ')}) is a JSON Schema keyword`,
    );
  }
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : undefined;
  const ajv = ajvFor(dialect);
  if (!ajv.validateSchema(schema as AnySchema)) {
    throw new Error(
      `not a valid JSON Schema (${dialect ?? 'draft 2020-12'}): ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}`,
    );
  }
  checkRefs(schema, schema, '#');
  try {
    ajv.compile(schema as AnySchema);
  } catch (error) {
    throw new Error(`not a usable JSON Schema: ${(error as Error).message}`);
  }
}
