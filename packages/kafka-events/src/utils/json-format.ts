import { PRINT_WIDTH } from './layout';

/**
 * JSON text laid out the way prettier prints it (objects one property per line, arrays inline
 * when they fit in `width`), so generated JSON is formatter-clean even in a workspace without
 * prettier.
 */
export function formatJson(value: unknown, width = PRINT_WIDTH): string {
  return `${render(value, '', 0, width)}\n`;
}

/** package.json as prettier prints it (its json-stringify parser: every array expanded). */
export function formatPackageJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function render(value: unknown, indent: string, lead: number, width: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => render(item, inner, inner.length, width));
    const inline = `[${items.join(', ')}]`;
    const simple = value.every((item) => item === null || typeof item !== 'object');
    if (simple && !inline.includes('\n') && lead + inline.length + 1 <= width) return inline;
    return `[\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const props = entries.map(([key, v]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${render(v, inner, head.length, width)}`;
  });
  return `{\n${props.join(',\n')}\n${indent}}`;
}
