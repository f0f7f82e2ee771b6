import { notPrettierClean } from '../generators/testing/prettier-check';
import { call, fit, namedImport, PRINT_WIDTH, typeAlias } from './layout';

/** An identifier of `length` characters. */
const name = (length: number) => 'x'.repeat(length);

describe('layout', () => {
  it('fit keeps text whose every line fits in the print width, else takes the broken form', () => {
    expect(PRINT_WIDTH).toBe(80);
    expect(fit(name(80), 'broken')).toBe(name(80));
    expect(fit(name(81), 'broken')).toBe('broken');
    expect(fit(`${name(80)}\n${name(3)}`, 'broken')).toBe(`${name(80)}\n${name(3)}`);
    expect(fit(`${name(3)}\n${name(81)}`, 'broken')).toBe('broken');
  });

  it('call breaks the arguments one per line exactly when the line is too long', () => {
    const line = (n: number) => call('const event = ', name(n), ['type', 'v', 'meta'], ';', '    ');
    // 4 + 14 + n + 16 characters
    expect(line(46)).toBe(`    const event = ${name(46)}(type, v, meta);`);
    expect(line(47)).toBe(
      `    const event = ${name(47)}(\n      type,\n      v,\n      meta,\n    );`,
    );
  });

  it('prints what prettier prints on both sides of the print width', () => {
    const files: Record<string, string> = {};
    // 2 + 14 + 1 + n + 16 characters: 47 fits, 48 does not
    for (const n of [40, 47, 48, 56]) {
      const body = call('const event = ', `f${name(n)}`, ['type', 'v', 'meta'], ';', '  ');
      files[`call-${n}.ts`] = `function g() {\n${body}\n}\n`;
      files[`import-${n}.ts`] =
        `${namedImport([`a${name(n / 2)}`, `b${name(n / 2)}`], './m.js')}\n`;
      files[`alias-${n}.ts`] = `${typeAlias('From', 'EventOf', `typeof T.${name(n)}`)}\n`;
    }
    expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
    // the cases above do reach both layouts
    expect(Object.values(files).filter((text) => text.includes('(\n'))).toHaveLength(2);
    expect(Object.values(files).filter((text) => text.includes('{\n  a'))).not.toHaveLength(0);
    expect(Object.values(files).filter((text) => text.includes('<\n'))).not.toHaveLength(0);
  });
});
