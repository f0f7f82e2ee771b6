import { MAX_PAIRS_IN_PROGRESS } from './diff-context';
import { diffSchemas } from './diff';
import { MAX_SCHEMA_DEPTH, SchemaLimitError } from './limits';
import type { JsonSchema } from './types';

type Obj = Record<string, unknown>;
const closed = (properties: Obj, required: string[] = [], extra: Obj = {}): Obj => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});
const open = (properties: Obj, required: string[] = [], extra: Obj = {}): Obj => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const str = (extra: Obj = {}): Obj => ({ type: 'string', ...extra });
const num = (extra: Obj = {}): Obj => ({ type: 'number', ...extra });

/** Codes of the differences, incompatible ones marked with `!`. */
function codes(oldSchema: JsonSchema, newSchema: JsonSchema): string[] {
  return diffSchemas(oldSchema, newSchema)
    .map((d) => `${d.compatible ? '' : '!'}${d.code}`)
    .sort();
}

function verdict(oldSchema: JsonSchema, newSchema: JsonSchema): boolean {
  return diffSchemas(oldSchema, newSchema).every((d) => d.compatible);
}

interface Case {
  name: string;
  old: JsonSchema;
  new: JsonSchema;
  /** Expected codes old -> new (BACKWARD). */
  backward: string[];
  /** Expected codes new -> old (the FORWARD diff). */
  forward: string[];
}

const cases: Case[] = [
  // content models
  {
    name: 'optional property added to a closed object',
    old: closed({ a: str() }, ['a']),
    new: closed({ a: str(), b: str() }, ['a']),
    backward: ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'],
    forward: ['!PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  },
  {
    name: 'required property added to a closed object',
    old: closed({ a: str() }, ['a']),
    new: closed({ a: str(), b: str() }, ['a', 'b']),
    backward: ['!REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'],
    forward: ['!PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  },
  {
    name: 'required property with a default added to a closed object',
    old: closed({ a: str() }),
    new: closed({ a: str(), b: str({ default: 'x' }) }, ['b']),
    backward: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'],
    forward: ['!PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  },
  {
    name: 'optional property added to an open object',
    old: open({ a: str() }),
    new: open({ a: str(), b: str() }),
    backward: ['!OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    forward: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'required property added to an open object',
    old: open({ a: str() }),
    new: open({ a: str(), b: str() }, ['b']),
    backward: ['!REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    forward: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'required property with default added to an open object',
    old: open({ a: str() }),
    new: open({ a: str(), b: str({ default: 'x' }) }, ['b']),
    backward: ['!REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL'],
    forward: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'property with an empty schema added to an open object',
    old: open({ a: str() }),
    new: open({ a: str(), b: {} }),
    backward: ['PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'],
    forward: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'property with schema false removed from a closed object',
    old: closed({ a: str(), b: false }),
    new: closed({ a: str() }),
    backward: ['PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    forward: ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'],
  },
  {
    name: 'property added where patternProperties covers it',
    old: closed({ a: str() }, [], { patternProperties: { '^x_': str() } }),
    new: closed({ a: str(), x_b: str({ maxLength: 3 }) }, [], {
      patternProperties: { '^x_': str() },
    }),
    backward: [
      '!MAX_LENGTH_ADDED',
      '!PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    ],
    forward: ['MAX_LENGTH_REMOVED', 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'property added that the additionalProperties schema covers',
    old: open({ a: str() }, [], { additionalProperties: str() }),
    new: open({ a: str(), b: str() }, [], { additionalProperties: str() }),
    backward: [
      'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
      'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    ],
    forward: ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'property whose type the additionalProperties schema does not allow',
    old: open({ a: str() }, [], { additionalProperties: num() }),
    new: open({ a: str(), b: str() }, [], { additionalProperties: num() }),
    backward: [
      '!PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      '!TYPE_CHANGED',
      'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    ],
    forward: ['!PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', '!TYPE_CHANGED'],
  },
  {
    name: 'additionalProperties false -> true',
    old: closed({ a: str() }),
    new: open({ a: str() }, [], { additionalProperties: true }),
    backward: ['ADDITIONAL_PROPERTIES_ADDED'],
    forward: ['!ADDITIONAL_PROPERTIES_REMOVED'],
  },
  {
    name: 'additionalProperties schema added',
    old: open({}),
    new: open({}, [], { additionalProperties: num() }),
    backward: ['!ADDITIONAL_PROPERTIES_NARROWED'],
    forward: ['ADDITIONAL_PROPERTIES_EXTENDED'],
  },
  {
    name: 'additionalProperties schema changes type',
    old: open({}, [], { additionalProperties: num() }),
    new: open({}, [], { additionalProperties: str() }),
    backward: ['!TYPE_CHANGED'],
    forward: ['!TYPE_CHANGED'],
  },
  // required
  {
    name: 'existing property becomes required',
    old: closed({ a: str() }),
    new: closed({ a: str() }, ['a']),
    backward: ['!REQUIRED_ATTRIBUTE_ADDED'],
    forward: ['REQUIRED_ATTRIBUTE_REMOVED'],
  },
  {
    name: 'existing property with default becomes required',
    old: closed({ a: str({ default: 'x' }) }),
    new: closed({ a: str({ default: 'x' }) }, ['a']),
    backward: ['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED'],
    forward: ['REQUIRED_ATTRIBUTE_REMOVED'],
  },
  // enum / const
  {
    name: 'enum extended',
    old: { enum: ['a', 'b'] },
    new: { enum: ['a', 'b', 'c'] },
    backward: ['ENUM_ARRAY_EXTENDED'],
    forward: ['!ENUM_ARRAY_NARROWED'],
  },
  {
    name: 'enum changed',
    old: { enum: ['a', 'b'] },
    new: { enum: ['a', 'c'] },
    backward: ['!ENUM_ARRAY_CHANGED'],
    forward: ['!ENUM_ARRAY_CHANGED'],
  },
  {
    name: 'typed enum extended (allOf of type and enum, as the registry loads it)',
    old: str({ enum: ['a'] }),
    new: str({ enum: ['a', 'b'] }),
    backward: ['ENUM_ARRAY_EXTENDED'],
    forward: ['!ENUM_ARRAY_NARROWED'],
  },
  {
    name: 'enum with object values compared structurally',
    old: { enum: [{ x: 1, y: 2 }] },
    new: { enum: [{ y: 2, x: 1 }] },
    backward: [],
    forward: [],
  },
  {
    name: 'const changed',
    old: str({ const: 'a' }),
    new: str({ const: 'b' }),
    backward: ['!ENUM_ARRAY_CHANGED'],
    forward: ['!ENUM_ARRAY_CHANGED'],
  },
  // types
  {
    name: 'integer -> number',
    old: { type: 'integer' },
    new: num(),
    backward: ['TYPE_EXTENDED'],
    forward: ['!TYPE_NARROWED'],
  },
  {
    name: 'string -> number',
    old: str(),
    new: num(),
    backward: ['!TYPE_CHANGED'],
    forward: ['!TYPE_CHANGED'],
  },
  {
    name: 'string -> nullable string',
    old: str(),
    new: { type: ['string', 'null'] },
    backward: ['SUM_TYPE_EXTENDED'],
    forward: ['!TYPE_CHANGED'],
  },
  {
    name: 'string|number -> string|number|boolean',
    old: { type: ['string', 'number'] },
    new: { type: ['string', 'number', 'boolean'] },
    backward: ['SUM_TYPE_EXTENDED'],
    forward: ['!SUM_TYPE_NARROWED'],
  },
  {
    name: 'typed schema -> empty schema',
    old: str({ maxLength: 3 }),
    new: {},
    backward: [],
    forward: ['!TYPE_CHANGED'],
  },
  { name: 'false -> string', old: false, new: str(), backward: [], forward: ['!TYPE_CHANGED'] },
  // string bounds
  {
    name: 'maxLength 200 -> 100',
    old: str({ maxLength: 200 }),
    new: str({ maxLength: 100 }),
    backward: ['!MAX_LENGTH_DECREASED'],
    forward: ['MAX_LENGTH_INCREASED'],
  },
  {
    name: 'maxLength added',
    old: str(),
    new: str({ maxLength: 10 }),
    backward: ['!MAX_LENGTH_ADDED'],
    forward: ['MAX_LENGTH_REMOVED'],
  },
  {
    name: 'minLength 1 -> 3',
    old: str({ minLength: 1 }),
    new: str({ minLength: 3 }),
    backward: ['!MIN_LENGTH_INCREASED'],
    forward: ['MIN_LENGTH_DECREASED'],
  },
  {
    name: 'minLength added',
    old: str(),
    new: str({ minLength: 1 }),
    backward: ['!MIN_LENGTH_ADDED'],
    forward: ['MIN_LENGTH_REMOVED'],
  },
  {
    name: 'pattern added',
    old: str(),
    new: str({ pattern: '^a' }),
    backward: ['!PATTERN_ADDED'],
    forward: ['PATTERN_REMOVED'],
  },
  {
    name: 'pattern changed',
    old: str({ pattern: '^a' }),
    new: str({ pattern: '^b' }),
    backward: ['!PATTERN_CHANGED'],
    forward: ['!PATTERN_CHANGED'],
  },
  {
    name: 'format added (ignored by the registry)',
    old: str(),
    new: str({ format: 'email' }),
    backward: ['FORMAT_ADDED'],
    forward: ['FORMAT_REMOVED'],
  },
  {
    name: 'format changed',
    old: str({ format: 'uuid' }),
    new: str({ format: 'email' }),
    backward: ['FORMAT_CHANGED'],
    forward: ['FORMAT_CHANGED'],
  },
  // number bounds
  {
    name: 'maximum 10 -> 5',
    old: num({ maximum: 10 }),
    new: num({ maximum: 5 }),
    backward: ['!MAXIMUM_DECREASED'],
    forward: ['MAXIMUM_INCREASED'],
  },
  {
    name: 'minimum added',
    old: num(),
    new: num({ minimum: 0 }),
    backward: ['!MINIMUM_ADDED'],
    forward: ['MINIMUM_REMOVED'],
  },
  {
    name: 'minimum 0 -> -5',
    old: num({ minimum: 0 }),
    new: num({ minimum: -5 }),
    backward: ['MINIMUM_DECREASED'],
    forward: ['!MINIMUM_INCREASED'],
  },
  {
    name: 'exclusiveMaximum 10 -> 20',
    old: num({ exclusiveMaximum: 10 }),
    new: num({ exclusiveMaximum: 20 }),
    backward: ['EXCLUSIVE_MAXIMUM_INCREASED'],
    forward: ['!EXCLUSIVE_MAXIMUM_DECREASED'],
  },
  {
    name: 'exclusiveMinimum added',
    old: num(),
    new: num({ exclusiveMinimum: 0 }),
    backward: ['!EXCLUSIVE_MINIMUM_ADDED'],
    forward: ['EXCLUSIVE_MINIMUM_REMOVED'],
  },
  {
    name: 'draft-04 style exclusiveMaximum: true',
    old: num({ maximum: 10, exclusiveMaximum: true }),
    new: num({ exclusiveMaximum: 10 }),
    backward: [],
    forward: [],
  },
  {
    name: 'multipleOf 0.5 -> 1.5',
    old: num({ multipleOf: 0.5 }),
    new: num({ multipleOf: 1.5 }),
    backward: ['!MULTIPLE_OF_EXPANDED'],
    forward: ['MULTIPLE_OF_REDUCED'],
  },
  {
    name: 'multipleOf 2 -> 3',
    old: num({ multipleOf: 2 }),
    new: num({ multipleOf: 3 }),
    backward: ['!MULTIPLE_OF_CHANGED'],
    forward: ['!MULTIPLE_OF_CHANGED'],
  },
  {
    name: 'multipleOf added',
    old: num(),
    new: num({ multipleOf: 2 }),
    backward: ['!MULTIPLE_OF_ADDED'],
    forward: ['MULTIPLE_OF_REMOVED'],
  },
  // arrays
  {
    name: 'maxItems 10 -> 5',
    old: { type: 'array', maxItems: 10 },
    new: { type: 'array', maxItems: 5 },
    backward: ['!MAX_ITEMS_DECREASED'],
    forward: ['MAX_ITEMS_INCREASED'],
  },
  {
    name: 'minItems added',
    old: { type: 'array' },
    new: { type: 'array', minItems: 1 },
    backward: ['!MIN_ITEMS_ADDED'],
    forward: ['MIN_ITEMS_REMOVED'],
  },
  {
    name: 'uniqueItems added',
    old: { type: 'array' },
    new: { type: 'array', uniqueItems: true },
    backward: ['!UNIQUE_ITEMS_ADDED'],
    forward: ['UNIQUE_ITEMS_REMOVED'],
  },
  {
    name: 'items schema added',
    old: { type: 'array' },
    new: { type: 'array', items: str() },
    backward: ['!SCHEMA_ADDED'],
    forward: ['SCHEMA_REMOVED'],
  },
  {
    name: 'items type changed',
    old: { type: 'array', items: str() },
    new: { type: 'array', items: num() },
    backward: ['!TYPE_CHANGED'],
    forward: ['!TYPE_CHANGED'],
  },
  {
    name: 'tuple position added to a closed tuple (prefixItems + items:false)',
    old: { type: 'array', prefixItems: [str()], items: false },
    new: { type: 'array', prefixItems: [str(), num()], items: false },
    backward: ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL'],
    forward: ['!ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  },
  {
    name: 'tuple position added to an open tuple',
    old: { type: 'array', prefixItems: [str()] },
    new: { type: 'array', prefixItems: [str(), num()] },
    backward: ['!ITEM_ADDED_TO_OPEN_CONTENT_MODEL'],
    forward: ['ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'draft-07 tuple covered by additionalItems',
    old: { type: 'array', items: [str()], additionalItems: num() },
    new: { type: 'array', items: [str(), num()], additionalItems: num() },
    backward: ['ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'],
    forward: ['ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'],
  },
  {
    name: 'rest items forbidden',
    old: { type: 'array', prefixItems: [str()] },
    new: { type: 'array', prefixItems: [str()], items: false },
    backward: ['!ADDITIONAL_ITEMS_REMOVED'],
    forward: ['ADDITIONAL_ITEMS_ADDED'],
  },
  // object bounds
  {
    name: 'maxProperties 5 -> 3',
    old: open({}, [], { maxProperties: 5 }),
    new: open({}, [], { maxProperties: 3 }),
    backward: ['!MAX_PROPERTIES_DECREASED'],
    forward: ['MAX_PROPERTIES_INCREASED'],
  },
  {
    name: 'minProperties added',
    old: open({}),
    new: open({}, [], { minProperties: 1 }),
    backward: ['!MIN_PROPERTIES_ADDED'],
    forward: ['MIN_PROPERTIES_REMOVED'],
  },
  // combinators
  {
    name: 'oneOf alternative added',
    old: { oneOf: [str(), num()] },
    new: { oneOf: [str(), num(), { type: 'boolean' }] },
    backward: ['SUM_TYPE_EXTENDED'],
    forward: ['!SUM_TYPE_NARROWED'],
  },
  {
    name: 'anyOf alternatives reordered',
    old: { anyOf: [str(), num()] },
    new: { anyOf: [num(), str()] },
    backward: [],
    forward: [],
  },
  {
    name: 'oneOf -> anyOf',
    old: { oneOf: [str(), num()] },
    new: { anyOf: [str(), num()] },
    backward: ['COMBINED_TYPE_EXTENDED'],
    forward: ['!COMBINED_TYPE_CHANGED'],
  },
  {
    name: 'allOf gains a schema',
    old: { allOf: [open({ a: str() })] },
    new: { allOf: [open({ a: str() }), open({}, ['a'])] },
    backward: ['!PRODUCT_TYPE_EXTENDED'],
    forward: ['PRODUCT_TYPE_NARROWED'],
  },
  {
    name: 'oneOf alternative tightened is explained in detail',
    old: { oneOf: [str({ maxLength: 10 }), num()] },
    new: { oneOf: [str({ maxLength: 5 }), num()] },
    backward: ['!MAX_LENGTH_DECREASED'],
    forward: ['MAX_LENGTH_INCREASED'],
  },
  {
    name: 'not narrowed',
    old: { not: { type: ['string', 'number'] } },
    new: { not: str() },
    backward: ['NOT_TYPE_NARROWED'],
    forward: ['!NOT_TYPE_EXTENDED'],
  },
  // annotations
  {
    name: 'annotations are reported but never break',
    old: str({ title: 'a', description: 'x', default: 'a', $id: 'a' }),
    new: str({ title: 'b', description: 'y', default: 'b', $id: 'b', examples: ['z'] }),
    backward: ['DEFAULT_CHANGED', 'DESCRIPTION_CHANGED', 'ID_CHANGED', 'TITLE_CHANGED'],
    forward: ['DEFAULT_CHANGED', 'DESCRIPTION_CHANGED', 'ID_CHANGED', 'TITLE_CHANGED'],
  },
  {
    name: 'identical schemas',
    old: closed({ a: str() }, ['a']),
    new: closed({ a: str() }, ['a']),
    backward: [],
    forward: [],
  },
];

describe('diffSchemas (Confluent rules)', () => {
  it.each(cases)('$name: BACKWARD diff', ({ old, new: next, backward }) => {
    expect(codes(old, next)).toEqual([...backward].sort());
    expect(verdict(old, next)).toBe(backward.every((c) => !c.startsWith('!')));
  });

  it.each(cases)('$name: FORWARD diff (swapped)', ({ old, new: next, forward }) => {
    expect(codes(next, old)).toEqual([...forward].sort());
  });
});

describe('diffSchemas paths and messages', () => {
  it('points at the keyword in the schema that has it', () => {
    const oldSchema = closed({ payload: closed({ title: str({ maxLength: 200 }) }) });
    const newSchema = closed({ payload: closed({ title: str({ maxLength: 100 }) }) });
    const [difference] = diffSchemas(oldSchema, newSchema);
    expect(difference).toMatchObject({
      code: 'MAX_LENGTH_DECREASED',
      path: '#/properties/payload/properties/title/maxLength',
      side: 'new',
      compatible: false,
    });
    expect(difference.message).toBe('maxLength is 200 in the old schema and 100 in the new schema');
    expect(difference.hint).toBe(
      'keep maxLength at 200 (or looser), or publish a new event version instead',
    );
  });

  it('points a removed property at the old schema', () => {
    const [difference] = diffSchemas(closed({ a: str(), gone: str() }), closed({ a: str() }));
    expect(difference).toMatchObject({
      code: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
      path: '#/properties/gone',
      side: 'old',
    });
    expect(difference.hint).toContain("keep 'gone'");
  });

  it('points a newly required property at its entry in required', () => {
    const [difference] = diffSchemas(
      closed({ a: str(), b: str() }, ['a']),
      closed({ a: str(), b: str() }, ['a', 'b']),
    );
    expect(difference).toMatchObject({
      code: 'REQUIRED_ATTRIBUTE_ADDED',
      path: '#/required/1',
      side: 'new',
    });
    expect(difference.hint).toBe("add 'b' as optional, or give it a default");
  });

  it('escapes property names in pointers', () => {
    const [difference] = diffSchemas(closed({ 'a/b': str() }), closed({ 'a/b': num() }));
    expect(difference.path).toBe('#/properties/a~1b/type');
  });

  it('uses the labels it is given', () => {
    const [difference] = diffSchemas(str({ maxLength: 2 }), str({ maxLength: 1 }), {
      old: 'v1',
      new: 'v2',
      nextVersion: 'task.created.v2',
    });
    expect(difference.message).toBe('maxLength is 2 in the v1 and 1 in the v2');
    expect(difference.hint).toContain('publish task.created.v2 instead');
  });
});

describe('diffSchemas with $ref', () => {
  const withDefs = (node: Obj, defs: Obj): Obj => ({ ...node, $defs: defs });

  it('resolves local refs and reports at the definition', () => {
    const oldSchema = withDefs(closed({ user: { $ref: '#/$defs/User' } }), {
      User: closed({ name: str({ maxLength: 50 }) }),
    });
    const newSchema = withDefs(closed({ user: { $ref: '#/$defs/User' } }), {
      User: closed({ name: str({ maxLength: 20 }) }),
    });
    expect(diffSchemas(oldSchema, newSchema)).toEqual([
      expect.objectContaining({
        code: 'MAX_LENGTH_DECREASED',
        path: '#/$defs/User/properties/name/maxLength',
      }),
    ]);
  });

  it('compares an inline schema with a referenced one', () => {
    const oldSchema = closed({ user: closed({ name: str() }) });
    const newSchema = withDefs(closed({ user: { $ref: '#/$defs/User' } }), {
      User: closed({ name: str() }),
    });
    expect(diffSchemas(oldSchema, newSchema)).toEqual([]);
  });

  it('terminates on recursive schemas and still finds changes inside them', () => {
    const tree = (maxLength: number): Obj =>
      withDefs(
        { $ref: '#/$defs/Node' },
        {
          Node: closed(
            {
              name: str({ maxLength }),
              children: { type: 'array', items: { $ref: '#/$defs/Node' } },
            },
            ['name'],
          ),
        },
      );
    expect(diffSchemas(tree(10), tree(10))).toEqual([]);
    expect(codes(tree(10), tree(5))).toEqual(['!MAX_LENGTH_DECREASED']);
  });
});

describe('diffSchemas on schemas that skipped the structural checks', () => {
  const nested = (levels: number, leaf: JsonSchema): JsonSchema => {
    let schema = leaf;
    for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
    return schema;
  };

  it('refuses nesting past its stack guard with a SchemaLimitError, not a stack overflow', () => {
    const deep = () => diffSchemas(nested(5_000, { type: 'string' }), nested(5_000, true));
    expect(deep).toThrow(SchemaLimitError);
    expect(deep).toThrow(
      `the schemas nest deeper than ${MAX_PAIRS_IN_PROGRESS} levels of comparison (the limit)`,
    );
  });

  it('compares nesting at the structural limit as it compares one level', () => {
    const levels = MAX_SCHEMA_DEPTH; // deeper than any schema the structural checks let through
    const deep = diffSchemas(
      nested(levels, { type: 'string' }),
      nested(levels, { type: 'number' }),
    );
    const shallow = diffSchemas(nested(1, { type: 'string' }), nested(1, { type: 'number' }));
    expect(deep.map((d) => [d.code, d.compatible])).toEqual([['TYPE_CHANGED', false]]);
    expect(shallow.map((d) => [d.code, d.compatible])).toEqual([['TYPE_CHANGED', false]]);
  });
});
