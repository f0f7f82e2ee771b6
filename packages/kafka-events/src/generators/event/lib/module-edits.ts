/**
 * Edits of the library's TypeScript modules for one new event version, located by syntax so
 * they land in files users have changed (comments, reordered imports, extra code). Each edit is
 * skipped when its target is already there and fails with SourceShapeError when the file no
 * longer has the construct it extends.
 */
import type * as TS from 'typescript';
import {
  appendToList,
  indentationAt,
  lineAfter,
  parseSource,
  propertyNamed,
  SourceShapeError,
  topLevelInitializer,
  topLevelStatementDeclaring,
  unwrap,
  applyInsertions,
  type Insertion,
  type ParsedSource,
  type TypeScript,
} from '../../../utils/ts-ast';
import { namedImport, PRINT_WIDTH, reExport } from '../../../utils/layout';
import type { EventNames } from './event-names';
import {
  defineEventBlock,
  payloadImport,
  payloadModule,
  switchCase,
  typeConstant,
} from './event-code';

/** event-types.ts: the event's constants in the `<Entity>EventType` object. */
export function addTypeConstants(ts: TypeScript, file: string, text: string, names: EventNames) {
  const parsed = parseSource(ts, file, text);
  const object = objectLiteral(parsed, names.typesConst);
  const missing: string[] = [];
  for (const { key, value } of names.constants) {
    const property = propertyNamed(ts, object, key);
    if (!property) {
      missing.push(typeConstant({ key, value }));
      continue;
    }
    const initializer = ts.isPropertyAssignment(property) ? property.initializer : undefined;
    if (!initializer || !ts.isStringLiteral(initializer) || initializer.text !== value) {
      throw new SourceShapeError(file, `${names.typesConst}.${key} to be '${value}'`);
    }
  }
  const anchorKey = names.previous?.typeRef.split('.').pop();
  const anchor = anchorKey ? propertyNamed(ts, object, anchorKey) : undefined;
  const open = object.getStart();
  return applyInsertions(
    text,
    appendToList(parsed, { elements: object.properties, open }, missing, anchor),
  );
}

/** domain.ts: the payload import, the defineEvent constant and its place in the events array. */
export function addEventDefinition(ts: TypeScript, file: string, text: string, names: EventNames) {
  const parsed = parseSource(ts, file, text);
  const { current, previous } = names;
  const domain = topLevelInitializer(parsed, names.domainConst);
  const call = domain && unwrap(ts, domain);
  const config = call && ts.isCallExpression(call) ? call.arguments[0] : undefined;
  const eventsProperty =
    config && ts.isObjectLiteralExpression(config)
      ? propertyNamed(ts, config, 'events')
      : undefined;
  const events =
    eventsProperty && ts.isPropertyAssignment(eventsProperty)
      ? unwrap(ts, eventsProperty.initializer)
      : undefined;
  if (!events || !ts.isArrayLiteralExpression(events)) {
    throw new SourceShapeError(
      file,
      `"export const ${names.domainConst} = defineDomain({ ..., events: [...] })"`,
    );
  }
  const insertions: Insertion[] = [];

  if (!importFrom(parsed, payloadModule(current, 'lib'))) {
    const anchor =
      (previous && importFrom(parsed, payloadModule(previous, 'lib'))) ??
      lastOf(parsed.source.statements.filter(ts.isImportDeclaration));
    insertions.push(lineAfter(anchor, payloadImport(current, 'lib'), 0));
  }

  if (!topLevelStatementDeclaring(parsed, current.definition)) {
    const block = defineEventBlock(current);
    const anchor =
      (previous && topLevelStatementDeclaring(parsed, previous.definition)) ??
      lastOf(parsed.source.statements.filter((s) => isDefineEventStatement(ts, s)));
    const domainStatement = topLevelStatementDeclaring(parsed, names.domainConst)!;
    insertions.push(
      anchor
        ? { pos: anchor.getEnd(), text: `\n\n${block}` }
        : { pos: domainStatement.getStart(parsed.source, true), text: `${block}\n\n` },
    );
  }

  const listed = events.elements.some((e) => ts.isIdentifier(e) && e.text === current.definition);
  if (!listed) {
    const anchor = previous
      ? events.elements.find((e) => ts.isIdentifier(e) && e.text === previous.definition)
      : undefined;
    insertions.push(
      ...appendToList(
        parsed,
        { elements: events.elements, open: events.getStart() },
        [current.definition],
        anchor,
      ),
    );
  }
  return applyInsertions(text, insertions);
}

/**
 * index.ts: `export * from '<module>'` when missing, after the last export whose module
 * `after` accepts (else after the last export).
 */
export function addReExport(
  ts: TypeScript,
  file: string,
  text: string,
  module: string,
  after: (module: string) => boolean = () => true,
) {
  const parsed = parseSource(ts, file, text);
  const exports = parsed.source.statements.filter(ts.isExportDeclaration);
  const moduleOf = (s: TS.ExportDeclaration) =>
    s.moduleSpecifier !== undefined && ts.isStringLiteral(s.moduleSpecifier)
      ? s.moduleSpecifier.text
      : undefined;
  if (exports.some((s) => moduleOf(s) === module)) return text;
  const anchor = lastOf(exports.filter((s) => after(moduleOf(s) ?? ''))) ?? lastOf(exports);
  return applyInsertions(text, [lineAfter(anchor, reExport(module), text.length)]);
}

/**
 * domain.spec.ts: a case for the new type in the exhaustive `switch (event.event_type)`, which
 * otherwise stops compiling (with no default, not every path returns; libraries made by 0.3.0
 * have a `never` default, which sees the new member). Returns undefined when the spec has no
 * such switch any more (the user's tests, nothing to keep in step).
 */
export function addSwitchCase(
  ts: TypeScript,
  file: string,
  text: string,
  names: EventNames,
): string | undefined {
  const parsed = parseSource(ts, file, text);
  let found: TS.SwitchStatement | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isSwitchStatement(node) && node.expression.getText() === 'event.event_type') {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed.source);
  if (!found) return undefined;
  const { current } = names;
  const clauses = found.caseBlock.clauses;
  if (clauses.some((c) => ts.isCaseClause(c) && c.expression.getText() === current.typeRef)) {
    return text;
  }
  const fallback = clauses.find(ts.isDefaultClause);
  if (fallback) {
    const indent = indentationAt(text, fallback.getStart());
    const clause = `${switchCase(current, indent)}\n${indent}`;
    return applyInsertions(text, [{ pos: fallback.getStart(), text: clause }]);
  }
  const last = clauses[clauses.length - 1];
  if (!last) return undefined;
  const indent = indentationAt(text, last.getStart());
  return applyInsertions(text, [
    { pos: last.getEnd(), text: `\n${indent}${switchCase(current, indent)}` },
  ]);
}

/** upcast.ts: the import of a step and its entry in the `upcasters` object. */
export function addUpcastStep(
  ts: TypeScript,
  file: string,
  text: string,
  names: EventNames,
  step: { name: string; module: string },
) {
  const parsed = parseSource(ts, file, text);
  const steps = objectLiteral(parsed, UPCASTERS_CONST);
  const key = names.previous!.typeRef;
  const insertions: Insertion[] = [];
  if (!importFrom(parsed, step.module)) {
    const anchor = lastOf(parsed.source.statements.filter(ts.isImportDeclaration));
    insertions.push(lineAfter(anchor, namedImport([step.name], step.module), 0));
  }
  const present = steps.properties.some(
    (p) =>
      p.name !== undefined &&
      ts.isComputedPropertyName(p.name) &&
      p.name.expression.getText() === key,
  );
  if (!present) {
    insertions.push(
      ...appendToList(parsed, { elements: steps.properties, open: steps.getStart() }, [
        upcastEntry(key, step.name),
      ]),
    );
  }
  return applyInsertions(text, insertions);
}

/** The object of upcast.ts that lists the steps. */
export const UPCASTERS_CONST = 'upcasters';

/** `[TaskEventType.CREATED_V1]: upcastTaskCreatedV1ToV2` at two spaces of indentation. */
export function upcastEntry(key: string, step: string): string {
  const line = `[${key}]: ${step}`;
  return `  ${line},`.length <= PRINT_WIDTH ? line : `[${key}]:\n    ${step}`;
}

function objectLiteral(parsed: ParsedSource, name: string): TS.ObjectLiteralExpression {
  const { ts } = parsed;
  const initializer = topLevelInitializer(parsed, name);
  const object = initializer && unwrap(ts, initializer);
  if (!object || !ts.isObjectLiteralExpression(object)) {
    throw new SourceShapeError(parsed.file, `"export const ${name} = { ... } as const"`);
  }
  return object;
}

function importFrom(parsed: ParsedSource, module: string): TS.ImportDeclaration | undefined {
  const { ts } = parsed;
  return parsed.source.statements.find(
    (s): s is TS.ImportDeclaration =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === module,
  );
}

function isDefineEventStatement(ts: TypeScript, statement: TS.Statement): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.some((d) => {
    const init = d.initializer && unwrap(ts, d.initializer);
    return !!init && ts.isCallExpression(init) && init.expression.getText() === 'defineEvent';
  });
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
