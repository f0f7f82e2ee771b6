import { JsonSyntaxError, locatePointer, parseJsonWithPositions } from './json-source';

const text = `{
  "type": "object",
  "properties": {
    "a/b": { "type": "string", "maxLength": 10 },
    "list": [1, {"x": "\\u00e9\\n"}]
  }
}
`;

describe('parseJsonWithPositions', () => {
  const parsed = parseJsonWithPositions(text);

  it('parses exactly what JSON.parse parses', () => {
    expect(parsed.value).toEqual(JSON.parse(text));
  });

  it('records where each member key and array item starts (1-based)', () => {
    expect(parsed.positions.get('#')).toEqual({ line: 1, column: 1 });
    expect(parsed.positions.get('#/type')).toEqual({ line: 2, column: 3 });
    expect(parsed.positions.get('#/properties/a~1b/maxLength')).toEqual({ line: 4, column: 32 });
    expect(parsed.positions.get('#/properties/list/1')).toEqual({ line: 5, column: 17 });
    expect(parsed.positions.get('#/properties/list/1/x')).toEqual({ line: 5, column: 18 });
  });

  it('falls back to the nearest existing parent for a pointer that is not in the file', () => {
    expect(locatePointer(parsed, '#/properties/a~1b/minLength')).toEqual({ line: 4, column: 5 });
    expect(locatePointer(parsed, '#/nothing/here')).toEqual({ line: 1, column: 1 });
  });

  it('keeps a "__proto__" key as data', () => {
    expect(Object.keys(parseJsonWithPositions('{"__proto__": {"a": 1}}').value as object)).toEqual([
      '__proto__',
    ]);
  });

  it.each([
    ['{"a": 1,}', 'expected a property name in double quotes at line 1 column 9'],
    ['{\n  "a": tru\n}', 'unexpected "t" at line 2 column 8'],
    ['{"a": 1} x', 'unexpected "x" after the JSON value at line 1 column 10'],
    ['{"a": "x', 'unterminated string at line 1 column 7'],
    ['[1, 2', 'unexpected end of JSON at line 1 column 6'],
    ['', 'unexpected end of JSON at line 1 column 1'],
    ['{"a": "\\q"}', 'invalid escape in string at line 1 column 7'],
    ['{"a": 01}', 'expected "}" but found "1" at line 1 column 8'],
  ])('rejects %j with a position', (input, message) => {
    expect(() => parseJsonWithPositions(input)).toThrow(JsonSyntaxError);
    expect(() => parseJsonWithPositions(input)).toThrow(message);
  });
});
