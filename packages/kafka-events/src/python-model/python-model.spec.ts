import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { regexes } from 'zod/v4/core';
import { jsRegexToPython, UnsupportedPatternError } from './js-regex';
import { layout, pyPattern, pyString, subscript } from './py-source';
import { pythonFieldName } from './python-names';
import { uuid5 } from './render-tests';

describe('jsRegexToPython', () => {
  it.each([
    ['^[a-z]+$', '^[a-z]+\\Z'],
    ['^\\d{3}$', '^[0-9]{3}\\Z'],
    ['\\w', '[A-Za-z0-9_]'],
    ['[\\d_]', '[0-9_]'],
    ['a.c', 'a[^\\n\\r\\u2028\\u2029]c'],
    ['x{,2}', 'x\\{,2\\}'],
    ['x{1,2}', 'x{1,2}'],
    ['(?<year>\\d{4})', '(?P<year>[0-9]{4})'],
    ['[^]', '(?s:.)'],
    ['[]', '(?!)'],
    ['\\/a\\.b', '\\/a\\.b'],
    ['\\a\\e', 'ae'],
    ['\\cJ\\0', '\\x0a\\x00'],
    ['[&&~~||]', '[\\&\\&\\~\\~\\|\\|]'],
    ['(?<=ab)c', '(?<=ab)c'],
  ])('/%s/ -> %s', (source, python) => {
    expect(jsRegexToPython(source)).toBe(python);
  });

  it.each([
    ['(a)\\1', /a backreference/],
    ['(?<a>x)\\k<a>', /a named backreference/],
    ['(?<=a+)b', /a lookbehind of varying length/],
    ['[\\D]', /"\\D" inside a character class/],
    ['[\\d-z]', /as a range bound/],
    ['\\01', /a legacy octal escape/],
    ['[a', /an unterminated character class/],
  ])('refuses /%s/', (source, message) => {
    expect(() => jsRegexToPython(source)).toThrow(UnsupportedPatternError);
    expect(() => jsRegexToPython(source)).toThrow(message);
  });
});

describe('module-runtime.py', () => {
  const runtime = readFileSync(join(__dirname, 'module-runtime.py'), 'utf-8');

  it("checks dates with zod's own pattern (\\d written [0-9], which is what JavaScript means)", () => {
    const zodDate = regexes.date.source.slice(1, -1);
    const python = [...runtime.matchAll(/^ {4}r"(.*)"$/gm)].map((m) => m[1]).join('');
    expect(python).toContain(zodDate.replace(/\\d/g, '[0-9]'));
  });

  it("checks uuids with zod's z.uuid() pattern", () => {
    const zodUuid = regexes.uuid().source.slice(2, -2);
    const python = /_UUID = re\.compile\(\s+r"\^\(\?:(.*)"\s+r"(.*)\)\\Z"/.exec(runtime)!;
    expect(`${python[1]}${python[2]}`).toBe(zodUuid);
  });
});

describe('Python source', () => {
  it('escapes strings for any source encoding', () => {
    expect(pyString('a"b\\c\n\u00e9\u{1f600}')).toBe('"a\\"b\\\\c\\n\\u00e9\\U0001f600"');
    expect(pyPattern('^\\d$')).toBe('r"^\\d$"');
    expect(pyPattern('a"b')).toBe('"a\\"b"');
  });

  it('breaks a long one-item subscript without the comma that would make it a tuple', () => {
    const expr = subscript('Optional', subscript('Annotated', 'str', 'x'.repeat(120)));
    expect(layout(expr, '', '')).toBe(
      `Optional[\n    Annotated[\n        str,\n        ${'x'.repeat(120)},\n    ]\n]`,
    );
  });

  it('gives wire names that are no Python attributes a name of their own', () => {
    expect(pythonFieldName('title')).toBe('title');
    expect(pythonFieldName('from')).toBe('from_');
    expect(pythonFieldName('content-type')).toBe('content_type');
    expect(pythonFieldName('_private')).toBe('private');
    expect(pythonFieldName('2fa')).toBe('field_2fa');
    expect(pythonFieldName('model_name')).toBe('field_model_name');
    expect(pythonFieldName('json')).toBe('json_');
  });

  it('derives the uuid5 ids the runtime derives', () => {
    // uuid's own test vector: v5('hello.example.com', DNS namespace)
    expect(uuid5('hello.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      'fdda765f-fc57-5604-a269-52a7df8164ec',
    );
  });
});
