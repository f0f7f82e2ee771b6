import { PRINT_WIDTH } from '../utils/layout';
import { kebab, pascal } from '../utils/naming';
import type { EventModel, Field, FieldMap, JsonValue } from './fields';

export interface RenderOptions {
  /** false drops length, pattern and range constraints but keeps every type. */
  validation: boolean;
}

const INDENT = '  ';

/**
 * Renders a field as a zod expression. Multi-line results are laid out the way prettier
 * (singleQuote) prints them, so generated files are formatter-clean even without a formatter:
 * `indent` is the indentation of the line the expression starts on.
 */
export function renderField(field: Field, options: RenderOptions, indent = ''): string {
  const base = renderBase(field, options, indent);
  const modifiers = renderModifiers(field, options);
  if (!base.includes('\n') || modifiers.length === 0) {
    return base + modifiers.join('');
  }
  // prettier breaks a member chain whose non-last call spans lines onto one call per line.
  const inner = indent + INDENT;
  const rebased = renderBase(field, options, inner);
  const [head, ...calls] = splitChain(rebased);
  return [head, ...[...calls, ...modifiers].map((call) => `${inner}${call}`)].join('\n');
}

/** Renders the `z.object({...})` of a payload: one property per line. */
export function renderObject(fields: FieldMap, options: RenderOptions, indent = ''): string {
  const inner = indent + INDENT;
  const lines = Object.entries(fields).flatMap(([name, field]) => {
    const head = `${inner}${propertyKey(name)}: `;
    let expression = renderField(field, options, inner);
    if (!expression.includes('\n') && head.length + expression.length + 1 > PRINT_WIDTH) {
      expression = breakChain(expression, inner);
    }
    return [
      ...(field.description ? [`${inner}// ${field.description}`] : []),
      `${head}${expression},`,
    ];
  });
  return lines.length === 0 ? 'z.object({})' : `z.object({\n${lines.join('\n')}\n${indent}})`;
}

/** Symbol of a payload schema: `TaskCreatedV1Payload`. */
export function payloadSymbol(entity: string, event: Pick<EventModel, 'name' | 'version'>): string {
  return `${pascal(entity)}${pascal(event.name)}V${event.version}Payload`;
}

/** File name (no extension) of a payload module: `task-created.v1`. */
export function payloadFileName(
  entity: string,
  event: Pick<EventModel, 'name' | 'version'>,
): string {
  return `${kebab(entity)}-${kebab(event.name)}.v${event.version}`;
}

/** The whole module for one event version. */
export function renderPayloadModule(
  entity: string,
  eventType: string,
  event: EventModel,
  options: RenderOptions,
): string {
  const symbol = payloadSymbol(entity, event);
  return [
    `import { z } from 'zod';`,
    '',
    `/**`,
    ` * Payload of \`${eventType}\` (schema version ${event.version}).`,
    ` * ${event.description}`,
    ` * Record key: \`${event.key}\`.`,
    ` */`,
    `export const ${symbol} = ${renderObject(event.fields, options)};`,
    '',
    inferType(symbol),
    '',
  ].join('\n');
}

/** `export type X = z.infer<typeof X>;`, broken over lines as prettier does when too long. */
function inferType(symbol: string): string {
  const line = `export type ${symbol} = z.infer<typeof ${symbol}>;`;
  return line.length <= PRINT_WIDTH
    ? line
    : `export type ${symbol} = z.infer<\n  typeof ${symbol}\n>;`;
}

function renderBase(field: Field, options: RenderOptions, indent: string): string {
  const bounds = (min?: number, max?: number) =>
    options.validation
      ? [min !== undefined ? `.min(${min})` : '', max !== undefined ? `.max(${max})` : ''].join('')
      : '';
  switch (field.kind) {
    case 'uuid':
      return 'z.uuid()';
    case 'datetime':
      return 'z.iso.datetime()';
    case 'boolean':
      return 'z.boolean()';
    case 'enum':
      return `z.enum(${literal([...field.values])})`;
    case 'string': {
      const pattern =
        options.validation && field.pattern !== undefined
          ? `.regex(/${field.pattern.replace(/\//g, '\\/')}/)`
          : '';
      return `z.string()${bounds(field.min, field.max)}${pattern}`;
    }
    case 'int':
      return `z.int()${bounds(field.min, field.max)}`;
    case 'number':
      return `z.number()${bounds(field.min, field.max)}`;
    case 'array':
      return `z.array(${renderField(field.of, options, indent)})${bounds(field.min, field.max)}`;
    case 'object':
      return renderObject(field.fields, options, indent);
  }
}

function renderModifiers(field: Field, _options: RenderOptions): string[] {
  if (field.default !== undefined) return [`.default(${literal(field.default)})`];
  // nullish, not optional: Pydantic's model_dump_json writes an absent Optional field as null.
  return field.optional ? ['.nullish()'] : [];
}

/** A too-long `z.enum([...]).default(x)` printed one call per line, as prettier does. */
function breakChain(expression: string, indent: string): string {
  const [head, ...calls] = splitChain(expression);
  return calls.length < 2 ? expression : [head, ...calls].join(`\n${indent}${INDENT}`);
}

/**
 * Splits `z.array(...).max(3)` into `z`, `.array(...)`, `.max(3)` at top-level dots, so the
 * caller can print one call per line. Only object and array bases span lines, and their dots
 * inside arguments sit at depth > 0.
 */
function splitChain(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
    } else if (ch === "'") inString = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '.' && depth === 0) {
      parts.push(expression.slice(start, i));
      start = i;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}

/** A JSON value as TypeScript source, prettier style (single quotes, spaced braces). */
export function literal(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0
    ? '{}'
    : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${literal(v)}`).join(', ')} }`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
}
