/**
 * Python source text: literals and a small layout engine that breaks calls and subscripts the
 * way black does (one argument per line with a trailing comma when the line would pass the
 * limit), so the generated modules read like formatted code without a Python formatter.
 */
import type { JsonValue } from '../payload-model';
import { wrapLines } from '../utils/wrap';

/** PEP 8's 79 is strict for generated annotations; black's default 88 would do, 100 is ours. */
export const PY_LINE_LENGTH = 100;
export const PY_INDENT = '    ';

/** A Python string literal in double quotes; non-ASCII and control characters escaped. */
export function pyString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code > 0xffff) out += `\\U${hex(code, 8)}`;
    else if (code > 0x7e) out += `\\u${hex(code, 4)}`;
    else out += char;
  }
  return `${out}"`;
}

/**
 * A regular expression as a raw string when it can be one (what people write by hand), else as
 * an ordinary string literal.
 */
export function pyPattern(pattern: string): string {
  const rawOk =
    !/["\n\r]/.test(pattern) &&
    !/[^\x20-\x7e]/.test(pattern) &&
    !/(^|[^\\])(\\\\)*\\$/.test(pattern);
  return rawOk ? `r"${pattern}"` : pyString(pattern);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** A JavaScript number as a Python literal; `float` makes integral values floats (`1.0`). */
export function pyNumber(value: number, float = false): string {
  if (!Number.isFinite(value)) throw new Error(`${value} has no Python literal`);
  const text = String(value);
  if (float && Number.isInteger(value) && !/e/.test(text)) return `${text}.0`;
  return text;
}

/** A JSON value as a Python literal (dicts and lists inline). */
export function pyValue(value: JsonValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyValue).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`)
    .join(', ')}}`;
}

/**
 * An expression the layout may break: `head` + items separated by commas + `close`
 * (`Annotated[` ... `]`, `Field(` ... `)`, `[` ... `]`). Strings are atoms.
 */
export type PyExpr = string | { head: string; items: PyExpr[]; close: string };

export const call = (name: string, ...items: PyExpr[]): PyExpr => ({
  head: `${name}(`,
  items,
  close: ')',
});
export const subscript = (name: string, ...items: PyExpr[]): PyExpr => ({
  head: `${name}[`,
  items,
  close: ']',
});

/** The expression on one line. */
export function flat(expr: PyExpr): string {
  if (typeof expr === 'string') return expr;
  return `${expr.head}${expr.items.map(flat).join(', ')}${expr.close}`;
}

/**
 * Lays `expr` out after `lead` (what precedes it on its first line, indentation included) with
 * `tail` after it: inline when the line fits, else one item per line (recursively), black style.
 */
export function layout(expr: PyExpr, indent: string, lead: string, tail = ''): string {
  const inline = flat(expr);
  if (typeof expr === 'string' || lead.length + inline.length + tail.length <= PY_LINE_LENGTH) {
    return inline;
  }
  const inner = indent + PY_INDENT;
  // `X[a,]` is X[(a,)]: a single subscript item gets no trailing comma
  const comma = expr.close === ']' && expr.items.length === 1 ? '' : ',';
  const items = expr.items.map((item) => `${inner}${layout(item, inner, inner, comma)}${comma}`);
  return `${expr.head}\n${items.join('\n')}\n${indent}${expr.close}`;
}

/** `lead` + the laid-out expression + `tail`, as complete lines. */
export function statement(indent: string, lead: string, expr: PyExpr, tail = ''): string {
  const head = `${indent}${lead}`;
  return `${head}${layout(expr, indent, head, tail)}${tail}`;
}

/** Lines of a docstring at `indent`, wrapped to the line length. */
export function docstring(paragraphs: string[], indent: string): string[] {
  const width = PY_LINE_LENGTH - indent.length;
  const lines = paragraphs.flatMap((paragraph, i) => {
    if (i > 0) return ['', ...wrapLines(paragraph, '', width)];
    // the first line also holds the opening quotes
    const [first = '', ...rest] = wrapLines(paragraph, '', width - 3);
    return [first, ...wrapLines(rest.join(' '), '', width)];
  });
  if (lines.length === 1 && indent.length + lines[0].length + 6 <= width) {
    return [`${indent}"""${escapeDoc(lines[0])}"""`];
  }
  return [
    `${indent}"""${escapeDoc(lines[0])}`,
    ...lines.slice(1).map((line) => (line === '' ? '' : `${indent}${escapeDoc(line)}`)),
    `${indent}"""`,
  ];
}

function escapeDoc(line: string): string {
  return line.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
}

/** A `def` (or `async def`) line, its parameters one per line when it does not fit. */
export function pyDef(name: string, params: PyExpr[], returns: string, async = false): string {
  const head = `${async ? 'async ' : ''}def ${name}(`;
  const signature: PyExpr = { head, items: params, close: `) -> ${returns}:` };
  if (flat(signature).length <= PY_LINE_LENGTH) return flat(signature);
  const items = params.map((p) => `${PY_INDENT}${layout(p, PY_INDENT, PY_INDENT, ',')},`);
  return `${head}\n${items.join('\n')}\n) -> ${returns}:`;
}
