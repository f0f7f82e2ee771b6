/**
 * What the flow analysis needs from a TypeScript file's syntax alone, apart from the facts
 * themselves (source-facts.ts): its imports of event libraries and the runtime, its `const`
 * declarations, and small helpers on the parser's nodes.
 */
import type * as TS from 'typescript';
import type { LibraryExportNames } from '../utils/generated-names';
import type { FactUnresolved } from './facts';

export type TypeScriptCompiler = typeof TS;

export const RUNTIME_PACKAGE = '@kafka-events/runtime';

/** Import specifier -> names that library exports. */
export type LibraryImports = ReadonlyMap<string, LibraryExportNames>;

export interface Imported {
  library?: string;
  /** The export's name; undefined for a namespace import. */
  name?: string;
  runtime?: string;
}

/** The expression without parentheses, `await`, `!`, `as` and `satisfies` around it. */
export function stripExpression(ts: TypeScriptCompiler, expression: TS.Expression): TS.Expression {
  let e = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e))
      e = e.expression;
    else if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

export function scriptKind(ts: TypeScriptCompiler, file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?jsx?$/.test(file)) return file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Local name -> what it was imported as, for the event libraries and the runtime only. */
export function importsOf(
  ts: TypeScriptCompiler,
  source: TS.SourceFile,
  libraries: LibraryImports,
): Map<string, Imported> {
  const imports = new Map<string, Imported>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier.text;
    const runtime = specifier === RUNTIME_PACKAGE;
    if (!runtime && !libraries.has(specifier)) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      if (!runtime) imports.set(bindings.name.text, { library: specifier });
      continue;
    }
    for (const element of bindings?.elements ?? []) {
      if (element.isTypeOnly) continue;
      const name = (element.propertyName ?? element.name).text;
      imports.set(element.name.text, runtime ? { runtime: name } : { library: specifier, name });
    }
  }
  return imports;
}

/** Names declared exactly once in the file, by `const name = <initializer>`. */
export function constDeclarations(
  ts: TypeScriptCompiler,
  source: TS.SourceFile,
): Map<string, TS.Expression> {
  const found = new Map<string, TS.Expression | null>();
  const visit = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const isConst =
        ts.isVariableDeclarationList(node.parent) && (node.parent.flags & ts.NodeFlags.Const) !== 0;
      const name = node.name.text;
      found.set(name, found.has(name) || !isConst || !node.initializer ? null : node.initializer);
    } else if (
      (ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      // a parameter or function of the same name shadows the const somewhere: do not follow it
      found.set(node.name.text, null);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return new Map([...found].filter((entry): entry is [string, TS.Expression] => entry[1] !== null));
}

export function propertyName(ts: TypeScriptCompiler, property: TS.ObjectLiteralElementLike) {
  const name = property.name;
  if (!name) return undefined;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

export function dedupe(unresolved: FactUnresolved[]): FactUnresolved[] {
  const seen = new Set<string>();
  return unresolved.filter((u) => {
    const key = `${u.line}\0${u.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
