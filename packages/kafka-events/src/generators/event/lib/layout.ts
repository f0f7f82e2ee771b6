/** Prettier's layout (singleQuote, printWidth 80) for the few constructs this generator prints. */
export const PRINT_WIDTH = 80;

/** `line` when it fits, else `broken` (what prettier prints instead). */
export function fit(line: string, broken: string): string {
  return line.split('\n').every((l) => l.length <= PRINT_WIDTH) ? line : broken;
}

/** `import { a, b } from 'x';`, one name per line when it does not fit. */
export function namedImport(names: string[], from: string, typeOnly = false): string {
  const keyword = typeOnly ? 'import type' : 'import';
  const line = `${keyword} { ${names.join(', ')} } from '${from}';`;
  // prettier keeps a single specifier on one line whatever its length
  if (names.length === 1) return line;
  return fit(line, `${keyword} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`);
}

/** `type Name = Generic<Arg>;` broken inside the brackets when too long. */
export function typeAlias(name: string, generic: string, argument: string): string {
  return fit(
    `type ${name} = ${generic}<${argument}>;`,
    `type ${name} = ${generic}<\n  ${argument}\n>;`,
  );
}

/** The `meta` the generated specs pass to create(): a user id when the envelope has metadata. */
export function metaDeclaration(metadata: boolean): string {
  return metadata
    ? `const meta = { userId: 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f' };`
    : 'const meta = {};';
}
