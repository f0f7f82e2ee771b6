/**
 * The upcast steps of a domain library, read from `src/lib/upcast.ts` (the `upcasters` object
 * `--bump` extends) and the step modules it imports. A step is carried over to Python only when
 * its TypeScript is still of the form the event generator writes, optionally with constant
 * payload fields added:
 *
 *   return { ...event, event_type: TaskEventType.CREATED_V2, schema_version: 2,
 *            payload: { ...event.payload, priority: 'medium' } };
 *
 * Such a step is data (the next version, constants to set) and Python does the same. Any other
 * step is code kafka-events cannot translate: the Python module then gets a step that raises
 * UpcastError naming the TypeScript file, and the user registers the Python equivalent.
 */
import type { Tree } from '@nx/devkit';
import type * as TS from 'typescript';
import { UPCASTERS_CONST } from '../generators/event/lib/module-edits';
import { UnsupportedSchemaError, type JsonValue } from '../payload-model';
import { literalValue } from '../payload-model/parse-zod';
import type { DomainLibrary } from '../utils/domain-libraries';
import {
  parseSource,
  SourceShapeError,
  topLevelInitializer,
  unwrap,
  type ParsedSource,
  type TypeScript,
} from '../utils/ts-ast';
import type { PythonEvent, PythonEventVersion } from './read-domain';

export interface UpcastStep {
  event: PythonEvent;
  from: PythonEventVersion;
  to: PythonEventVersion;
  /** Workspace path of the TypeScript step. */
  file: string;
  /** Payload fields the step sets to constants; undefined when the step is hand-written. */
  set?: Record<string, JsonValue>;
  /** Why the step cannot be derived (hand-written code), when it cannot. */
  handWritten?: string;
}

const UPCAST_MODULE = 'src/lib/upcast.ts';

export function readUpcastSteps(
  tree: Tree,
  ts: TypeScript,
  library: DomainLibrary,
  events: PythonEvent[],
): UpcastStep[] {
  const path = `${library.root}/${UPCAST_MODULE}`;
  const text = tree.read(path, 'utf-8');
  if (text === null) return [];
  const parsed = parseSource(ts, path, text);
  const initializer = topLevelInitializer(parsed, UPCASTERS_CONST);
  const steps = initializer && unwrap(ts, initializer);
  if (!steps || !ts.isObjectLiteralExpression(steps)) {
    throw new SourceShapeError(path, `"const ${UPCASTERS_CONST} = { ... } as const"`);
  }
  const versions = events.flatMap((event) => event.versions.map((v) => ({ event, v })));
  return steps.properties.map((property): UpcastStep => {
    const key =
      property.name && ts.isComputedPropertyName(property.name)
        ? property.name.expression.getText()
        : undefined;
    const member = key?.slice(key.lastIndexOf('.') + 1);
    const from = versions.find(({ v }) => v.member === member);
    const step =
      ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)
        ? property.initializer.text
        : undefined;
    if (!from || !step) {
      throw new SourceShapeError(
        path,
        `each entry of ${UPCASTERS_CONST} to be "[<Entity>EventType.<EVENT>_V<n>]: <step function>" ` +
          `(found "${property.getText()}")`,
      );
    }
    const { event, v } = from;
    const to = event.versions.find((candidate) => candidate.version === v.version + 1);
    const file = stepModule(parsed, step, library.root);
    const stepText = file ? tree.read(file, 'utf-8') : null;
    const base = { event, from: v, to: to ?? v, file: file ?? path };
    if (!to) return { ...base, handWritten: `${event.type} has no version ${v.version + 1}` };
    if (!file || stepText === null) {
      return { ...base, handWritten: `the module of ${step} was not found` };
    }
    const derived = deriveStep(parseSource(ts, file, stepText), step, to);
    return typeof derived === 'string'
      ? { ...base, handWritten: derived }
      : { ...base, set: derived };
  });
}

/** `./upcasters/task-created.v1-to-v2.js` imported as `step` -> its workspace path. */
function stepModule(parsed: ParsedSource, step: string, root: string): string | undefined {
  const { ts } = parsed;
  for (const statement of parsed.source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.some((e) => e.name.text === step)) continue;
    const module = statement.moduleSpecifier.text;
    if (!module.startsWith('./')) return undefined;
    return `${root}/src/lib/${module.slice(2).replace(/\.js$/, '')}.ts`;
  }
  return undefined;
}

/**
 * The constant payload fields of a step in the generated form, or why it is not in that form.
 */
function deriveStep(
  parsed: ParsedSource,
  step: string,
  to: PythonEventVersion,
): Record<string, JsonValue> | string {
  const { ts } = parsed;
  const fn = stepFunction(parsed, step);
  if (!fn?.body) return `${step} is not a function of one parameter`;
  const param = fn.parameters[0].name.getText();
  const statements = ts.isBlock(fn.body) ? fn.body.statements : undefined;
  const returned =
    statements === undefined
      ? fn.body
      : statements.length === 1 && ts.isReturnStatement(statements[0])
        ? statements[0].expression
        : undefined;
  const object = returned && unwrap(ts, returned as TS.Expression);
  if (!object || !ts.isObjectLiteralExpression(object)) {
    return `${step} does more than return { ...${param}, ... }`;
  }
  const [first, ...rest] = object.properties;
  if (!first || !ts.isSpreadAssignment(first) || first.expression.getText() !== param) {
    return `${step} does not start from { ...${param} }`;
  }
  let set: Record<string, JsonValue> | undefined;
  const seen = new Set<string>();
  for (const property of rest) {
    const name =
      property.name && !ts.isComputedPropertyName(property.name) ? property.name.getText() : '';
    if (!ts.isPropertyAssignment(property) || seen.has(name))
      return `${step} sets "${property.getText()}"`;
    seen.add(name);
    const value = property.initializer;
    if (name === 'event_type') {
      if (value.getText().split('.').pop() !== to.member)
        return `${step} does not return ${to.wireType}`;
    } else if (name === 'schema_version') {
      if (!ts.isNumericLiteral(value) || Number(value.text) !== to.version) {
        return `${step} does not set schema_version ${to.version}`;
      }
    } else if (name === 'payload') {
      const payload = payloadConstants(parsed, value, param);
      if (typeof payload === 'string') return `${step} ${payload}`;
      set = payload;
    } else return `${step} changes the envelope field "${name}"`;
  }
  if (!seen.has('event_type') || !seen.has('schema_version') || set === undefined) {
    return `${step} does not set event_type, schema_version and payload`;
  }
  return set;
}

function stepFunction(
  parsed: ParsedSource,
  step: string,
): TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression | undefined {
  const { ts } = parsed;
  for (const statement of parsed.source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === step) {
      return statement.body && statement.parameters.length === 1 ? statement : undefined;
    }
  }
  const initializer = topLevelInitializer(parsed, step);
  const fn = initializer && unwrap(ts, initializer);
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length === 1
    ? fn
    : undefined;
}

/** `{ ...event.payload, a: 'x' }` -> `{ a: 'x' }`; a reason string for anything else. */
function payloadConstants(
  parsed: ParsedSource,
  node: TS.Expression,
  param: string,
): Record<string, JsonValue> | string {
  const { ts } = parsed;
  const object = unwrap(ts, node);
  if (!ts.isObjectLiteralExpression(object)) return 'computes the payload';
  const [first, ...rest] = object.properties;
  if (
    !first ||
    !ts.isSpreadAssignment(first) ||
    first.expression.getText() !== `${param}.payload`
  ) {
    return `does not start the payload from { ...${param}.payload }`;
  }
  const set: Record<string, JsonValue> = {};
  for (const property of rest) {
    if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) {
      return `sets "${property.getText()}" in the payload`;
    }
    const value = jsonLiteral(parsed, property.initializer);
    if (value === undefined) return `computes the payload field "${property.name.getText()}"`;
    set[ts.isStringLiteral(property.name) ? property.name.text : property.name.getText()] = value;
  }
  return set;
}

/** A JSON literal, or undefined for anything computed. */
function jsonLiteral(parsed: ParsedSource, node: TS.Expression): JsonValue | undefined {
  try {
    return literalValue(parsed, unwrap(parsed.ts, node));
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) return undefined;
    throw error;
  }
}
