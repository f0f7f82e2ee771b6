import { z } from 'zod';
import { loadSchemaFile, parseSchemaText, SchemaInputError } from './load-schema';

describe('parseSchemaText', () => {
  it('accepts zod 4 output (2020-12, formats, $defs)', () => {
    const Node: z.ZodType = z.object({
      id: z.uuid(),
      at: z.iso.datetime(),
      get children() {
        return z.array(Node);
      },
    });
    const text = JSON.stringify(z.toJSONSchema(z.object({ root: Node })), null, 2);
    expect(parseSchemaText('a.json', text).schema).toEqual(JSON.parse(text));
  });

  it('accepts draft-07, boolean and empty schemas', () => {
    expect(() =>
      parseSchemaText(
        'a.json',
        JSON.stringify({
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          definitions: {},
        }),
      ),
    ).not.toThrow();
    expect(() => parseSchemaText('a.json', 'true')).not.toThrow();
    expect(() => parseSchemaText('a.json', '{}')).not.toThrow();
  });

  it.each([
    [
      '{"type": "object",}',
      'a.json: invalid JSON: expected a property name in double quotes at line 1 column 19',
    ],
    ['[1, 2]', 'a.json: not a JSON Schema: expected an object or a boolean, got an array'],
    [
      '{"name": "pkg", "version": "1.0.0"}',
      'a.json: not a JSON Schema: none of its keys (name, version) is a JSON Schema keyword',
    ],
    [
      '{"type": 5}',
      'a.json: not a valid JSON Schema (draft 2020-12): schema/type must be equal to one of the allowed values',
    ],
    ['{"type": "string", "pattern": "("}', 'a.json: not a usable JSON Schema:'],
    [
      '{"properties": {"a": {"$ref": "#/$defs/missing"}}}',
      'a.json: $ref "#/$defs/missing" does not resolve inside the schema (at #/properties/a)',
    ],
    [
      '{"$ref": "other.json#/x"}',
      'a.json: only local $ref ("#/...") is supported, got "other.json#/x" (at #)',
    ],
    [
      '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"}',
      'a.json: unsupported $schema "http://json-schema.org/draft-04/schema#"',
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseSchemaText('a.json', text)).toThrow(SchemaInputError);
    expect(() => parseSchemaText('a.json', text)).toThrow(message);
  });

  it('ignores "$ref" inside enum/const/default data', () => {
    expect(() => parseSchemaText('a.json', '{"const": {"$ref": "nowhere"}}')).not.toThrow();
  });
});

describe('loadSchemaFile', () => {
  it('names a missing file', () => {
    expect(() => loadSchemaFile('/definitely/not/here.json')).toThrow(
      '/definitely/not/here.json: cannot read: no such file',
    );
  });

  it('names a directory', () => {
    expect(() => loadSchemaFile(__dirname)).toThrow(`${__dirname}: cannot read: is a directory`);
  });
});
