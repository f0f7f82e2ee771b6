/**
 * Syntax-aware editing of TypeScript sources on a Tree: parse with the TypeScript compiler API,
 * find nodes, splice text at node positions. Users edit generated files (comments, reordered
 * imports, extra code), so generators locate what they change by syntax, never by line or by
 * regular expression, and refuse (naming the file and what was expected) when the shape is gone.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { KafkaEventsPluginError } from '../errors/plugin-error';

export type TypeScript = typeof TS;

let loaded: TypeScript | undefined;

/**
 * The workspace's `typescript` (every Nx TypeScript workspace has it), else the one next to
 * this plugin. Loaded on first use so importing a generator stays cheap.
 */
export function loadTypeScript(workspaceRoot?: string): TypeScript {
  if (loaded) return loaded;
  const candidates = [
    ...(workspaceRoot ? [createRequire(join(workspaceRoot, 'package.json'))] : []),
    require,
  ];
  for (const req of candidates) {
    try {
      loaded = req('typescript') as TypeScript;
      return loaded;
    } catch {
      // try the next location
    }
  }
  throw new Error(
    'kafka-events edits TypeScript files with the "typescript" package; install it in the workspace',
  );
}

/** A file exists but no longer has the shape a generator needs to edit it. */
export class SourceShapeError extends KafkaEventsPluginError {
  override name = 'SourceShapeError';
  constructor(
    readonly file: string,
    expected: string,
  ) {
    super(
      'SOURCE_SHAPE',
      `${file}: expected ${expected}. The file was changed in a way this generator cannot ` +
        `follow; restore that part (or make the change by hand) and run it again.`,
    );
  }
}

export interface ParsedSource {
  ts: TypeScript;
  file: string;
  text: string;
  source: TS.SourceFile;
}

export function parseSource(ts: TypeScript, file: string, text: string): ParsedSource {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics?: TS.Diagnostic[] })
    .parseDiagnostics;
  if (diagnostics && diagnostics.length > 0) {
    const first = diagnostics[0];
    const { line } = source.getLineAndCharacterOfPosition(first.start ?? 0);
    const message = ts.flattenDiagnosticMessageText(first.messageText, '\n');
    throw new SourceShapeError(`${file}:${line + 1}`, `valid TypeScript (${message})`);
  }
  return { ts, file, text, source };
}

/** Text to put at `pos` (insertions at one position keep their order). */
export interface Insertion {
  pos: number;
  text: string;
}

/** `line` on a line of its own after `anchor`, else at `otherwise` (a file without one). */
export function lineAfter(anchor: TS.Node | undefined, line: string, otherwise: number): Insertion {
  return anchor
    ? { pos: anchor.getEnd(), text: `\n${line}` }
    : { pos: otherwise, text: `${line}\n` };
}

export function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  const ordered = insertions
    .map((insertion, index) => ({ ...insertion, index }))
    .sort((a, b) => b.pos - a.pos || b.index - a.index);
  let result = text;
  for (const { pos, text: inserted } of ordered) {
    result = result.slice(0, pos) + inserted + result.slice(pos);
  }
  return result;
}

/** `x as const`, `x satisfies T`, `(x)` -> `x`. */
export function unwrap(ts: TypeScript, node: TS.Expression): TS.Expression {
  let current = node;
  while (
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isParenthesizedExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The initializer of a top-level `const name = ...` (exported or not). */
export function topLevelInitializer(parsed: ParsedSource, name: string): TS.Expression | undefined {
  const { ts, source } = parsed;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
        return declaration.initializer;
      }
    }
  }
  return undefined;
}

/** The top-level statement declaring `name`, for inserting next to it. */
export function topLevelStatementDeclaring(
  parsed: ParsedSource,
  name: string,
): TS.Statement | undefined {
  const { ts, source } = parsed;
  return source.statements.find(
    (statement) =>
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      ),
  );
}

/** Property of an object literal by its (identifier or string) name. */
export function propertyNamed(
  ts: TypeScript,
  object: TS.ObjectLiteralExpression,
  name: string,
): TS.ObjectLiteralElementLike | undefined {
  return object.properties.find(
    (p) =>
      p.name !== undefined &&
      (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
      p.name.text === name,
  );
}

/** Leading whitespace of the line `pos` is on. */
export function indentationAt(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

function lineOf(text: string, pos: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Insertions that add `items` to a comma-separated list (array elements, object properties)
 * after `after` (default: the last element), keeping its layout: one per line when the list
 * spans lines, inline otherwise, and the trailing comma when there is one.
 */
export function appendToList(
  parsed: ParsedSource,
  list: { elements: TS.NodeArray<TS.Node>; open: number },
  items: string[],
  after?: TS.Node,
): Insertion[] {
  const { text } = parsed;
  const elements = list.elements;
  const anchor = after ?? elements[elements.length - 1];
  if (items.length === 0) return [];
  if (!anchor) {
    // an empty list: `[]` -> `[a, b]`
    return [{ pos: list.open + 1, text: items.join(', ') }];
  }
  const end = anchor.getEnd();
  // the comma right after the anchor, if any (trailing or separating)
  const comma = /^\s*,/.exec(text.slice(end))?.[0].length ?? 0;
  const multiline = lineOf(text, list.open) !== lineOf(text, anchor.getStart());
  if (multiline) {
    const indent = indentationAt(text, anchor.getStart());
    const added = items.map((item) => `\n${indent}${item},`).join('');
    if (comma === 0) return [{ pos: end, text: `,${added}` }];
    // a comment after the comma stays with the anchor's line
    const comment = /^[ \t]*\/\/[^\n]*/.exec(text.slice(end + comma))?.[0].length ?? 0;
    return [{ pos: end + comma + comment, text: added }];
  }
  const added = items.map((item) => `, ${item}`).join('');
  return [{ pos: end, text: added }];
}
