/**
 * Checks that a parsed document is a JSON Schema this checker can compare: valid against its
 * draft's meta-schema (2020-12 when `$schema` is absent, as zod emits; draft-07, 2019-09 and
 * draft-06 too), compilable by ajv (catches bad regexes), within the structural limits of
 * schema-structure.ts (local `$ref`s that resolve, bounded depth and unions).
 */
import Ajv, { type AnySchema, type AnySchemaObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isObjectNode } from './schema-model';
import { assertSchemaStructure } from './schema-structure';

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
  assertSchemaStructure(schema); // first: ajv recurses into what this bounds
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : undefined;
  const ajv = ajvFor(dialect);
  if (!ajv.validateSchema(schema as AnySchema)) {
    throw new Error(
      `not a valid JSON Schema (${dialect ?? 'draft 2020-12'}): ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}`,
    );
  }
  try {
    ajv.compile(schema as AnySchema);
  } catch (error) {
    throw new Error(`not a usable JSON Schema: ${(error as Error).message}`, { cause: error });
  }
}
