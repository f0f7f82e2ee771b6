/**
 * `kafka-events compat` on hostile input: whatever the files hold, the CLI answers with a verdict
 * (0/1) or exit 2 and one line naming the file and what is wrong -- never a crash, which CI
 * would read as "incompatible". Large inputs within the limits get the verdict a small
 * equivalent gets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_ALTERNATIVES,
  MAX_COMPARISONS,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
  MAX_SCHEMA_TEXT,
} from '../compat/limits';
import { MAX_MESSAGE_LENGTH } from './failure';
import { run } from './run';

const LARGE = 120_000; // ms: ajv compiles the large schemas on a shared machine

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafka-events-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: string | Buffer | object): string {
  const path = join(dir, `schema-${++fileCount}.json`);
  writeFileSync(
    path,
    typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content),
  );
  return path;
}

function compat(previous: string, next: string) {
  let stdout = '';
  let stderr = '';
  const code = run(['compat', previous, next], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  const lines = stdout.trimEnd().split('\n');
  // The differences' codes; the last line is the summary.
  const codes = lines.slice(0, -1).map((line) => line.split(' ')[1]);
  return { code, stdout, stderr, codes };
}

/** Exit 2, nothing on stdout, exactly one line on stderr: `kafka-events: <file>: <detail>`. */
function expectRefused(result: ReturnType<typeof compat>, file: string, detail: string | RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const [, reason] = /^kafka-events: (.*)\n$/.exec(result.stderr) ?? [];
  expect(reason?.startsWith(`${file}: `)).toBe(true);
  const rest = reason.slice(file.length + 2);
  if (typeof detail === 'string') expect(rest).toBe(detail);
  else expect(rest).toMatch(detail);
}

const good = () => file({ type: 'string' });

describe('deep nesting', () => {
  const nestedItems = (levels: number, leaf: string) =>
    '{"items":'.repeat(levels) + leaf + '}'.repeat(levels);

  it.each([2_000, 100_000])('refuses %i levels of schema nesting with the limit', (levels) => {
    const deep = file(nestedItems(levels, '{"type":"string"}'));
    // The first object past the limit starts after MAX_SCHEMA_DEPTH prefixes of 9 characters.
    expectRefused(
      compat(deep, good()),
      deep,
      `nested deeper than ${MAX_SCHEMA_DEPTH} levels of objects/arrays (the limit) at line 1 column ${MAX_SCHEMA_DEPTH * 9 + 1}`,
    );
  });

  it('refuses 100,000 nested arrays, as the new schema too', () => {
    const deep = file('['.repeat(100_000) + ']'.repeat(100_000));
    expectRefused(
      compat(good(), deep),
      deep,
      `nested deeper than ${MAX_SCHEMA_DEPTH} levels of objects/arrays (the limit) at line 1 column ${MAX_SCHEMA_DEPTH + 1}`,
    );
  });

  it('gives nesting up to the limit the verdict of one level', () => {
    const levels = MAX_SCHEMA_DEPTH - 1;
    const deepOld = file(nestedItems(levels, '{"type":"string"}'));
    const deepNew = file(nestedItems(levels, '{"type":"number"}'));
    const small = compat(
      file(nestedItems(1, '{"type":"string"}')),
      file(nestedItems(1, '{"type":"number"}')),
    );
    const deep = compat(deepOld, deepNew);
    expect(small).toMatchObject({ code: 1, codes: ['TYPE_CHANGED'] });
    expect(deep).toMatchObject({ code: 1, codes: ['TYPE_CHANGED'], stderr: '' });
  });

  it('counts each $ref followed as a level', () => {
    // A chain of definitions, each holding the next in a property: shallow as JSON, deep as a schema.
    const chain = (length: number) => ({
      $ref: '#/$defs/d0',
      $defs: Object.fromEntries(
        Array.from({ length }, (_, i) => [
          `d${i}`,
          i === length - 1
            ? { type: 'string' }
            : { type: 'object', properties: { x: { $ref: `#/$defs/d${i + 1}` } } },
        ]),
      ),
    });
    const long = file(chain(1_000));
    expectRefused(
      compat(long, good()),
      long,
      new RegExp(
        `^nested deeper than ${MAX_SCHEMA_DEPTH} levels \\(the limit; each \\$ref followed counts as one\\) at #/\\$defs/d\\d+`,
      ),
    );
  });
});

describe('$ref', () => {
  it.each([
    [
      'to itself',
      { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/a' } } },
      '#/$defs/a -> #/$defs/a',
    ],
    [
      'through another',
      { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } },
      '#/$defs/a -> #/$defs/b -> #/$defs/a',
    ],
    [
      'with keywords beside',
      { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/a', type: 'string' } } },
      '#/$defs/a -> #/$defs/a',
    ],
  ])('refuses a cycle of $refs %s', (_, schema, cycle) => {
    const cyclic = file(schema);
    expectRefused(
      compat(good(), cyclic),
      cyclic,
      `$ref cycle ${cycle} never reaches a schema (at #)`,
    );
  });

  it('gives a recursive schema (a cycle through a property) the verdict of its unrolled form', () => {
    const tree = (leaf: string) => ({
      type: 'object',
      properties: { value: { type: leaf }, children: { type: 'array', items: { $ref: '#' } } },
    });
    const unrolled = (leaf: string) => ({ type: 'object', properties: { value: { type: leaf } } });
    expect(compat(file(tree('string')), file(tree('number')))).toMatchObject({
      code: 1,
      codes: ['TYPE_CHANGED'],
    });
    expect(compat(file(unrolled('string')), file(unrolled('number')))).toMatchObject({
      code: 1,
      codes: ['TYPE_CHANGED'],
    });
  });

  it('refuses remote, file and relative references without reading them', () => {
    // Each target exists and is a valid schema: were it fetched or read, the check would pass.
    const neighbour = file({ type: 'string' });
    const name = neighbour.slice(dir.length + 1);
    for (const ref of [
      'http://127.0.0.1:9/schema.json',
      'https://json-schema.org/draft/2020-12/schema',
      `file://${neighbour}`,
      neighbour,
      name,
      `./${name}`,
      `${name}#/type`,
    ]) {
      const remote = file({ $ref: ref });
      expectRefused(
        compat(good(), remote),
        remote,
        `only local $ref ("#/...") is supported, got ${JSON.stringify(ref)} (at #)`,
      );
    }
  });
});

describe('large schemas within the limits', () => {
  it(
    'compares enums of 100,000 values as it compares small ones',
    () => {
      const values = Array.from({ length: 100_000 }, (_, i) => `value-${i}`);
      const large = compat(file({ enum: values }), file({ enum: values.slice(1) }));
      const small = compat(file({ enum: ['a', 'b', 'c'] }), file({ enum: ['b', 'c'] }));
      expect(small).toMatchObject({ code: 1, codes: ['ENUM_ARRAY_NARROWED'] });
      expect(large).toMatchObject({ code: 1, codes: ['ENUM_ARRAY_NARROWED'], stderr: '' });
      expect(compat(file({ enum: values }), file({ enum: [...values, 'new'] })).code).toBe(0);
    },
    LARGE,
  );

  it(
    'compares objects of 5,000 properties as it compares small ones',
    () => {
      const object = (count: number, closed: boolean) => ({
        type: 'object',
        properties: Object.fromEntries(
          Array.from({ length: count }, (_, i) => [`p${i}`, { type: 'string' }]),
        ),
        required: Array.from({ length: count }, (_, i) => `p${i}`),
        ...(closed ? { additionalProperties: false } : {}),
      });
      const large = compat(file(object(5_000, true)), file(object(4_999, true)));
      const small = compat(file(object(3, true)), file(object(2, true)));
      expect(small).toMatchObject({
        code: 1,
        codes: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
      });
      expect(large).toMatchObject({
        code: 1,
        codes: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
        stderr: '',
      });
    },
    LARGE,
  );

  it(
    `compares ${MAX_ALTERNATIVES} alternatives and refuses more`,
    () => {
      const union = (count: number) => ({
        anyOf: Array.from({ length: count }, (_, i) => ({ const: i })),
      });
      expect(
        compat(file(union(MAX_ALTERNATIVES)), file(union(MAX_ALTERNATIVES - 1))),
      ).toMatchObject({
        code: 1,
        codes: ['SUM_TYPE_NARROWED'],
      });
      expect(compat(file(union(3)), file(union(2)))).toMatchObject({
        code: 1,
        codes: ['SUM_TYPE_NARROWED'],
      });
      const wide = file(union(MAX_ALTERNATIVES + 1));
      expectRefused(
        compat(wide, good()),
        wide,
        `anyOf has ${MAX_ALTERNATIVES + 1} alternatives; the limit is ${MAX_ALTERNATIVES}, as every old alternative is compared with every new one (at #/anyOf)`,
      );
    },
    LARGE,
  );

  it(
    'refuses unions nested in unions past the comparison budget, naming both files',
    () => {
      // 20 x 20 outer pairs, each comparing 20 x 20 inner alternatives: 160,000 pairs in all.
      const nested = (shift: number) => ({
        anyOf: Array.from({ length: 20 }, (_, i) => ({
          type: 'object',
          properties: {
            k: { anyOf: Array.from({ length: 20 }, (_, j) => ({ const: i * 100 + j + shift })) },
          },
          required: ['k'],
        })),
      });
      const previous = file(nested(0));
      const next = file(nested(1));
      expectRefused(
        compat(previous, next),
        next,
        `compared with ${previous}: comparing these schemas takes more than ${MAX_COMPARISONS} sub-schema pairs (the limit); large allOf/anyOf/oneOf nested in one another multiply`,
      );
    },
    LARGE,
  );

  it(
    'refuses more schema objects than the limit',
    () => {
      const properties = Object.fromEntries(
        Array.from({ length: MAX_SCHEMA_NODES }, (_, i) => [`p${i}`, { type: 'string' }]),
      );
      const wide = file({ type: 'object', properties });
      // The root is the first schema object, so the property past the limit is the last one.
      expectRefused(
        compat(good(), wide),
        wide,
        `holds more than ${MAX_SCHEMA_NODES} schema objects (the limit); the next one is at #/properties/p${MAX_SCHEMA_NODES - 1}`,
      );
    },
    LARGE,
  );

  it('cuts a reason that quotes a huge value short, on one line', () => {
    const text = `"${'x'.repeat(100_000)}"`;
    const huge = file(text);
    const detail = `not a JSON Schema: expected an object or a boolean, got ${text}`;
    const reason = `${huge}: ${detail}`;
    expectRefused(
      compat(good(), huge),
      huge,
      `${detail.slice(0, MAX_MESSAGE_LENGTH - huge.length - 2)}… (${reason.length} characters)`,
    );
  });

  it('refuses a file over the size limit', () => {
    const huge = file(`{"description": "${'x'.repeat(MAX_SCHEMA_TEXT)}"}`);
    expectRefused(
      compat(huge, good()),
      huge,
      `${MAX_SCHEMA_TEXT + 19} characters long; the limit is ${MAX_SCHEMA_TEXT} (8 Mi)`,
    );
  });
});

describe('files that are not JSON, or not a schema', () => {
  it.each([
    [
      'binary',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]),
      'invalid JSON: unexpected "�" at line 1 column 1',
    ],
    [
      'NUL bytes',
      Buffer.from([0x00, 0x00, 0x7b]),
      'invalid JSON: unexpected "\\u0000" at line 1 column 1',
    ],
    ['empty', '', 'invalid JSON: unexpected end of JSON at line 1 column 1'],
    ['whitespace only', ' \n\t\n', 'invalid JSON: unexpected end of JSON at line 3 column 1'],
    [
      'truncated in a string',
      '{"type": "object", "properties": {"a": {"type": "str',
      'invalid JSON: unterminated string at line 1 column 49',
    ],
    [
      'truncated after a member',
      '{\n  "type": "object",\n',
      'invalid JSON: expected a property name in double quotes at line 3 column 1',
    ],
    [
      'two documents',
      '{} {}',
      'invalid JSON: unexpected "{" after the JSON value at line 1 column 4',
    ],
    // JSON, but not a schema:
    [
      'an array',
      '[{"type": "string"}]',
      'not a JSON Schema: expected an object or a boolean, got an array',
    ],
    ['a number', '42', 'not a JSON Schema: expected an object or a boolean, got 42'],
    ['null', 'null', 'not a JSON Schema: expected an object or a boolean, got null'],
    ['a string', '"string"', 'not a JSON Schema: expected an object or a boolean, got "string"'],
    [
      'type as a number',
      '{"type": 5}',
      'not a valid JSON Schema (draft 2020-12): schema/type must be equal to one of the allowed values, schema/type must be array, schema/type must match a schema in anyOf',
    ],
    [
      'properties as an array',
      '{"properties": []}',
      'not a valid JSON Schema (draft 2020-12): schema/properties must be object',
    ],
    [
      'required as a string',
      '{"type": "object", "required": "a"}',
      'not a valid JSON Schema (draft 2020-12): schema/required must be array',
    ],
    [
      'a package.json',
      '{"name": "x", "version": "1.0.0"}',
      'not a JSON Schema: none of its keys (name, version) is a JSON Schema keyword',
    ],
  ])('refuses %s, as the previous or the new schema', (_, content, detail) => {
    const bad = file(content);
    expectRefused(compat(bad, good()), bad, detail);
    expectRefused(compat(good(), bad), bad, detail);
  });
});
