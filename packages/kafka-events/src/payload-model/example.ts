import { PRINT_WIDTH } from '../utils/layout';
import { literal } from './render-zod';
import type { Field, FieldMap, JsonValue } from './fields';

/** A fixed instant (UTC, with `Z`) so generated tests are deterministic. */
export const EXAMPLE_TIMESTAMP = '2026-11-27T10:15:30.000Z';

/**
 * A realistic value for every field, optional ones included so a round trip exercises them.
 * Presets supply meaningful examples; the rest are derived from the field kind.
 */
export function examplePayload(fields: FieldMap): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [name, exampleValue(name, field)]),
  );
}

export function exampleValue(name: string, field: Field): JsonValue {
  if (field.example !== undefined) return field.example;
  switch (field.kind) {
    case 'uuid':
      return exampleUuid(name);
    case 'datetime':
      return EXAMPLE_TIMESTAMP;
    case 'boolean':
      return field.default ?? false;
    case 'enum':
      return field.default ?? field.values[0];
    case 'int':
    case 'number':
      return field.default ?? field.min ?? 1;
    case 'string': {
      const text = `example ${name.replace(/_/g, ' ')}`;
      return text.slice(0, field.max ?? text.length).padEnd(field.min ?? 0, 'x');
    }
    case 'array':
      return field.default ?? [exampleValue(name, field.of)];
    case 'object':
      return examplePayload(field.fields);
  }
}

/** A valid RFC 9562 v4-shaped uuid derived from the field name (stable across runs). */
export function exampleUuid(seed: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    // FNV-1a: tiny and deterministic; the ids only need to look real and differ per field
    let h = 0x811c9dc5 ^ round;
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  const variant = '89ab'[parseInt(hex[16], 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A JSON value as TypeScript source laid out like prettier does at `width`: inline when the
 * line fits, else one property or element per line. `lead` is what precedes the value on its
 * first line (indentation plus `key: `), `tail` what follows it (`,` or `;`).
 */
export function renderValue(
  value: JsonValue,
  indent: string,
  lead: number,
  tail = '',
  width = PRINT_WIDTH,
): string {
  const inline = literal(value);
  const fits = lead + inline.length + tail.length <= width;
  if (fits || value === null || typeof value !== 'object') return inline;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map(
      (item) => `${inner}${renderValue(item, inner, inner.length, ',', width)},`,
    );
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const props = entries.map(([key, item]) => {
    const head = `${inner}${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : literal(key)}: `;
    return `${head}${renderValue(item, inner, head.length, ',', width)},`;
  });
  return `{\n${props.join('\n')}\n${indent}}`;
}

/** An object literal that always spans lines (prettier keeps such objects expanded). */
export function renderExpandedObject(value: Record<string, JsonValue>, indent = ''): string {
  const inner = indent + '  ';
  const props = Object.entries(value).map(([key, item]) => {
    const head = `${inner}${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : literal(key)}: `;
    return `${head}${renderValue(item, inner, head.length, ',')},`;
  });
  return props.length === 0 ? '{}' : `{\n${props.join('\n')}\n${indent}}`;
}
