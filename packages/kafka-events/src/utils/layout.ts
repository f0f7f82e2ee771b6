/**
 * Prettier's layout (singleQuote, default printWidth) for the constructs the generators print,
 * so generated files are formatter-clean even in a workspace without prettier.
 */

/** create-nx-workspace's prettier config leaves printWidth at its default. */
export const PRINT_WIDTH = 80;

/** `text` when every line of it fits in PRINT_WIDTH, else `broken` (what prettier prints). */
export function fit(text: string, broken: string): string {
  return text.split('\n').every((line) => line.length <= PRINT_WIDTH) ? text : broken;
}

/** `import { a, b } from 'x';`, one name per line when it does not fit. */
export function namedImport(names: string[], from: string, typeOnly = false): string {
  const keyword = typeOnly ? 'import type' : 'import';
  const line = `${keyword} { ${names.join(', ')} } from '${from}';`;
  // prettier keeps a single specifier on one line whatever its length
  if (names.length === 1) return line;
  return fit(line, `${keyword} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`);
}

/** `export * from 'x';` */
export function reExport(from: string): string {
  return `export * from '${from}';`;
}

/** `type Name = Generic<Arg>;` broken inside the brackets when too long. */
export function typeAlias(name: string, generic: string, argument: string): string {
  return fit(
    `type ${name} = ${generic}<${argument}>;`,
    `type ${name} = ${generic}<\n  ${argument}\n>;`,
  );
}

/** `name(a, b, c)` at `indent`, one argument per line when the line does not fit. */
export function call(lead: string, name: string, args: string[], tail: string, indent: string) {
  const inner = `${indent}  `;
  return fit(
    `${indent}${lead}${name}(${args.join(', ')})${tail}`,
    `${indent}${lead}${name}(\n${args.map((a) => `${inner}${a},`).join('\n')}\n${indent})${tail}`,
  );
}
